/**
 * Small field readers shared by the native decoders. They run for every field of every record,
 * so each is a couple of type checks with no allocation on the common (string) path.
 *
 * @module
 */

import { parseMicros } from "./parse_decimal.ts";
import { parseTime } from "./parse_time.ts";

/**
 * True when a required field is absent, `null` or the empty string.
 *
 * @param value A field value from a CSV row (string) or a JSON object (any JSON value).
 */
export function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

/**
 * A present field as text: strings as they are, numbers and booleans in their JSON spelling.
 * `undefined` for an object or array, which no text field accepts.
 *
 * @param value A field value that {@linkcode isMissing} said is present.
 */
export function textOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return String(value);
  }
  return undefined;
}

/**
 * An optional text field: `null` when absent, `null` or empty; `undefined` for an object or
 * array (the caller quarantines it as `invalid_value:<field>`).
 *
 * @param value A field value.
 */
export function optionalTextOf(value: unknown): string | null | undefined {
  return isMissing(value) ? null : textOf(value);
}

/**
 * A numeric field in exact millionths: decimal text or a JSON number; `NaN` otherwise.
 *
 * @param value A field value.
 */
export function microsOf(value: unknown): number {
  return typeof value === "string" || typeof value === "number" ? parseMicros(value) : NaN;
}

/**
 * A timestamp field in ms since the epoch: only text is a timestamp; `NaN` otherwise.
 *
 * @param value A field value.
 */
export function timeOf(value: unknown): number {
  return typeof value === "string" ? parseTime(value) : NaN;
}

/**
 * The event time of a record that failed to decode, for choosing its quarantine partition:
 * `null` when the field is absent or not a valid timestamp.
 *
 * @param value The record's timestamp field.
 */
export function quarantineTimeOf(value: unknown): number | null {
  const t = timeOf(value);
  return t === t ? t : null;
}
