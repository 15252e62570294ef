/**
 * Decoder built from a mapping file: renames a custom layout's columns to canonical fields and
 * hands the result to the native decoder of the table.
 *
 * @module
 */

import type { Decoder } from "./decoder.ts";
import { isMissing, textOf } from "./decode_field.ts";
import { timeFormat } from "./parse_time_format.ts";
import type { RawRecord, RecordOf, TableName } from "./types.ts";
import { NATIVE_DECODERS } from "./validate.ts";

/** The canonical timestamp field of each table. */
export const TIME_FIELDS: Readonly<Record<TableName, string>> = {
  activity: "event_time",
  transactions: "timestamp",
  inventory: "updated_at",
  reviews: "created_at",
};

/** The canonical fields holding user or session ids, by table. */
const ID_FIELDS: Readonly<Record<TableName, readonly string[]>> = {
  activity: ["user_id", "user_session"],
  transactions: ["user_id"],
  inventory: [],
  reviews: ["user_id"],
};

/** A checked mapping, as `pipeline/formats/load_mapping.ts` produces it. */
export interface FieldMapping {
  /** The table the layout feeds. */
  table: TableName;
  /** `[source column, canonical field]` pairs; each canonical field at most once. */
  fields: readonly (readonly [string, string])[];
  /** Per canonical field, source value → canonical value; other values pass unchanged. */
  values: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Canonical fields with a fixed value for every record. */
  constants: Readonly<Record<string, string | number>>;
  /** Timestamp format: `iso`, `epoch_ms`, `epoch_s` or a layout pattern (`DD/MM/YYYY HH:MM`). */
  timeFormat: string;
  /** Zone of zoneless timestamps, minutes east of UTC. */
  offsetMinutes: number;
}

// Stands in for a timestamp the format cannot read, so the native decoder says invalid_timestamp.
const UNREADABLE_TIME = "unreadable";

/**
 * Creates the decoder of a mapping: per record, each mapped source column's value goes to its
 * canonical field (through the field's value map when it has one), constants are added, and the
 * timestamp is read with the mapping's format and zone and passed on as ISO-8601. The native
 * decoder of the table then checks the record, so reason codes are the native ones
 * (`missing_field:<canonical name>`, `unknown_type`, `invalid_timestamp`, ...). Source columns
 * mapped to a user or session id are the decoder's `idFields`, and all mapped source columns its
 * `fields`, for rebuilding a quarantined record's text without raw ids.
 *
 * @param mapping A checked mapping.
 * @returns A decoder for `mapping.table`.
 * @throws {SyntaxError} when the time format is a pattern `timePattern` rejects.
 *
 * @example
 * ```ts
 * const decode = createMappingDecoder({
 *   table: "activity", timeFormat: "DD/MM/YYYY HH:MM", offsetMinutes: 120,
 *   fields: [["ts", "event_time"], ["action", "event_type"], ["sku", "product_id"],
 *     ["customer", "user_id"], ["visit", "user_session"]],
 *   values: { event_type: { add_to_cart: "cart" } }, constants: {},
 * }); // decode(rec) → ActivityEvent | reason
 * ```
 */
export function createMappingDecoder<T extends TableName>(
  mapping: FieldMapping & { table: T },
): Decoder<T> {
  const native = NATIVE_DECODERS[mapping.table] as unknown as Decoder<T>;
  const timeField = TIME_FIELDS[mapping.table];
  const parse = timeFormat(mapping.timeFormat, mapping.offsetMinutes);
  const passTime = mapping.timeFormat === "iso" && mapping.offsetMinutes === 0;
  const sources = mapping.fields.map(([source]) => source);
  const targets = mapping.fields.map(([, target]) => target);
  const maps = targets.map((target) => {
    const values = mapping.values[target];
    return values === undefined ? null : new Map(Object.entries(values));
  });
  const constants = Object.entries(mapping.constants);
  let timeSource: string | null = null;
  for (let k = 0; k < targets.length; k++) if (targets[k] === timeField) timeSource = sources[k];

  const canonicalFields = (f: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (let k = 0; k < sources.length; k++) {
      // Own keys only: a column named "constructor" or "toString" is not the object's method.
      let value = Object.hasOwn(f, sources[k]) ? f[sources[k]] : undefined;
      const map = maps[k];
      if (map !== null && !isMissing(value)) {
        const text = textOf(value);
        const mapped = text === undefined ? undefined : map.get(text);
        if (mapped !== undefined) value = mapped;
      }
      out[targets[k]] = value;
    }
    for (let k = 0; k < constants.length; k++) out[constants[k][0]] = constants[k][1];
    if (!passTime) {
      const value = out[timeField];
      if (!isMissing(value)) {
        const t = parse(value);
        out[timeField] = t === t ? new Date(t).toISOString() : UNREADABLE_TIME;
      }
    }
    return out;
  };

  const decode: Decoder<T> = (rec: RawRecord): RecordOf[T] | string =>
    native({
      source: rec.source,
      position: rec.position,
      raw: rec.raw,
      fields: canonicalFields(rec.fields),
    });
  decode.eventTimeOf = (rec: RawRecord): number | null => {
    const value = timeSource === null
      ? mapping.constants[timeField]
      : Object.hasOwn(rec.fields, timeSource)
      ? rec.fields[timeSource]
      : undefined;
    if (isMissing(value)) return null;
    const t = parse(value);
    return t === t ? t : null;
  };
  const idFields = ID_FIELDS[mapping.table];
  decode.idFields = sources.filter((_, k) => idFields.includes(targets[k]));
  decode.fields = sources;
  return decode;
}
