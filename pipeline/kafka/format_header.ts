/**
 * The format a message's fields were read in, carried in a Kafka header by `produce` and checked
 * by the consumers, so a topic read with another `--format` or `--mapping` than it was produced
 * with is quarantined as `format_mismatch` instead of decoding into other fields.
 *
 * @module
 */

import type { KafkaMessage } from "kafkajs";
import type { QuarantineReason } from "../../operators/registry.ts";
import type { TableName } from "../../operators/types.ts";
import { NATIVE_DECODERS } from "../../operators/validate.ts";
import { FORMAT_NAMES } from "../formats/format_presets.ts";
import type { SourceFormat } from "../formats/source_format.ts";

/** The header's key. */
export const FORMAT_HEADER = "shopease-format";

/** The label of the native layout, and of every table a format decodes as the native one does. */
export const NATIVE_FORMAT = "shopease";

const TABLES: readonly TableName[] = ["activity", "transactions", "inventory", "reviews"];

/** A mapping's label: `mapping:` and 12 hex digits of its content's hash. */
const MAPPING_LABEL = /^mapping:[0-9a-f]{12}$/;

/**
 * The label each table's messages carry under `format`: the format's own (`online-retail`,
 * `mapping:<hash>`) for a table it decodes its own way, `shopease` for the rest: REES46 is read
 * with the native activity decoder, so its messages read the same either way.
 *
 * @param format the format of `produce` or `consume`
 * @returns the label of every table
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FORMAT_PRESETS } from "../formats/format_presets.ts";
 * const retail = await FORMAT_PRESETS["online-retail"].load({ files: [] });
 * assert.equal(formatLabels(retail).transactions, "online-retail");
 * assert.equal(formatLabels(retail).activity, "shopease");
 * ```
 */
export function formatLabels(format: SourceFormat): Record<TableName, string> {
  const own = format.decoders();
  const labels = {} as Record<TableName, string>;
  for (const table of TABLES) {
    const decoder = own[table];
    const native = decoder === undefined || decoder === NATIVE_DECODERS[table];
    labels[table] = native ? NATIVE_FORMAT : format.label ?? format.name;
  }
  return labels;
}

/**
 * Checks a message's format header against the label its table is read with.
 *
 * @param headers the message's headers
 * @param expected the label of the consumer's format for the message's table
 * @returns null when the header is absent (another producer: not checked) or names `expected`;
 *   else `format_mismatch:<label>` for a preset or mapping label, bare `format_mismatch` for any
 *   other text (a header is the producer's text: it is never quoted unless it is a known label)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(formatMismatch({ "shopease-format": "shopease" }, "shopease"), null);
 * assert.equal(formatMismatch({}, "online-retail"), null);
 * assert.equal(formatMismatch({ "shopease-format": "online-retail" }, "shopease"),
 *   "format_mismatch:online-retail");
 * assert.equal(formatMismatch({ "shopease-format": "user 4711" }, "shopease"), "format_mismatch");
 * ```
 */
export function formatMismatch(
  headers: KafkaMessage["headers"],
  expected: string,
): QuarantineReason | null {
  const value = headers?.[FORMAT_HEADER];
  if (value === undefined) return null;
  // The usual case, per message: one value naming the format, compared without a copy.
  if (
    typeof value === "string"
      ? value === expected
      : !Array.isArray(value) && sameText(value, expected)
  ) {
    return null;
  }
  // A header given twice comes as an array: every value must name the format.
  const labels = (Array.isArray(value) ? value : [value]).map((v) => v.toString());
  if (labels.every((label) => label === expected)) return null;
  const other = labels.find((label) => label !== expected)!;
  const known = FORMAT_NAMES.includes(other) || MAPPING_LABEL.test(other);
  return known ? `format_mismatch:${other}` : "format_mismatch";
}

/** Whether `bytes` are the ASCII text `text` (labels are ASCII). */
function sameText(bytes: Uint8Array, text: string): boolean {
  if (bytes.length !== text.length) return false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
  return true;
}
