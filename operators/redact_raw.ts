/**
 * Rebuilds a quarantined record's text from its parsed fields, without raw ids.
 *
 * @module
 */

import type { RecordLayout } from "./types.ts";

/** What `redactRaw` needs to know about one quarantined record. */
export interface RedactionPlan {
  /** How the source read the record. */
  layout: RecordLayout;
  /** The record's fields as the source parsed them (the JSON object for JSON records). */
  fields: Record<string, unknown>;
  /** Field names holding user or session ids: their values become pseudonyms. */
  idFields: readonly string[];
  /** Field names the format reads: their values are known not to be ids and are kept. */
  knownFields: readonly string[];
}

/** What stands in for the value of a field the format does not know (it might be an id). */
export const REDACTED = "[redacted]";

/**
 * The record's text rebuilt from its fields: id fields hold `pseudonym(value)`, fields the
 * format knows keep their values, and every other value is withheld (a field the format does not
 * know might be an id under another name). Never text substitution: the text is re-read or
 * re-serialized from the parsed value, so escapes, duplicate keys or numbers in exponent form
 * cannot hide an id.
 *
 * - CSV: `raw` is split again with the layout's delimiter (RFC 4180 quoting); values of unknown
 *   columns read `[redacted]`; quoting is kept as it was, so a row with only known columns and
 *   no ids comes back byte for byte. A row that does not split into the layout's column count
 *   (which the source would not have let through) comes back as `""`.
 * - JSON: the parsed object is serialized again with `JSON.stringify`: id members hold the
 *   pseudonym of their text (an object or array: of its JSON text), known members keep scalar
 *   values (`[redacted]` for an object or array), unknown members are left out and counted in
 *   a final `"_redacted"` member.
 *
 * @param raw The record's text as read.
 * @param plan The layout, fields and field names.
 * @param pseudonym The keyed pseudonym function.
 * @returns The text to keep in quarantine.
 *
 * @example
 * ```ts
 * const layout = { format: "csv", delimiter: ";", names: ["user_id", "price", "x"] } as const;
 * redactRaw("541;1.5;secret", { layout, fields: {}, idFields: ["user_id"],
 *   knownFields: ["user_id", "price"] }, (id) => `P(${id})`); // "P(541);1.5;[redacted]"
 * ```
 */
export function redactRaw(
  raw: string,
  plan: RedactionPlan,
  pseudonym: (id: string) => string,
): string {
  const layout = plan.layout;
  if (layout.format === "json") return redactJson(plan, pseudonym);
  const cells = splitCsvRecord(raw, layout.delimiter);
  const names = layout.names;
  if (cells === null || cells.length !== names.length) return "";
  let out = "";
  for (let k = 0; k < cells.length; k++) {
    const cell = cells[k];
    let value = cell.value;
    if (value !== "") {
      if (plan.idFields.includes(names[k])) value = pseudonym(value);
      else if (!plan.knownFields.includes(names[k])) value = REDACTED;
    }
    if (k > 0) out += layout.delimiter;
    out += cell.quoted || needsQuotes(value, layout.delimiter)
      ? '"' + value.replaceAll('"', '""') + '"'
      : value;
  }
  return out;
}

function redactJson(plan: RedactionPlan, pseudonym: (id: string) => string): string {
  const fields = plan.fields;
  // A null-prototype object: a `__proto__` member is then an ordinary member, not a setter.
  const out: Record<string, unknown> = Object.create(null);
  let left = 0;
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (plan.idFields.includes(key)) out[key] = pseudonymOf(value, pseudonym);
    else if (plan.knownFields.includes(key)) {
      out[key] = value !== null && typeof value === "object" ? REDACTED : value;
    } else left++;
  }
  if (left > 0) out._redacted = left;
  return JSON.stringify(out);
}

/** An id value's pseudonym: of its text, as the decoders read it; of its JSON when nested. */
function pseudonymOf(value: unknown, pseudonym: (id: string) => string): unknown {
  if (value === null || value === undefined || value === "") return value ?? null;
  if (typeof value === "string") return pseudonym(value);
  if (typeof value === "object") return pseudonym(JSON.stringify(value));
  return pseudonym(String(value));
}

function needsQuotes(value: string, delimiter: string): boolean {
  return value.includes(delimiter) || value.includes('"') || value.includes("\n") ||
    value.includes("\r");
}

/** One CSV cell: its value and whether it was quoted. */
interface Cell {
  value: string;
  quoted: boolean;
}

/**
 * Splits one complete CSV record (RFC 4180: quoted cells may hold the delimiter, doubled quotes
 * and line breaks). `null` when the text is not one well-formed record.
 */
export function splitCsvRecord(raw: string, delimiter: string): Cell[] | null {
  const cells: Cell[] = [];
  let i = 0;
  for (;;) {
    if (raw.charCodeAt(i) === 34) {
      let value = "";
      let from = i + 1;
      for (;;) {
        const q = raw.indexOf('"', from);
        if (q < 0) return null;
        if (raw.charCodeAt(q + 1) === 34) {
          value += raw.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += raw.slice(from, q);
        i = q + 1;
        break;
      }
      cells.push({ value, quoted: true });
      if (i === raw.length) return cells;
      if (!raw.startsWith(delimiter, i)) return null;
      i += delimiter.length;
      continue;
    }
    const at = raw.indexOf(delimiter, i);
    if (at < 0) {
      cells.push({ value: raw.slice(i), quoted: false });
      return cells;
    }
    cells.push({ value: raw.slice(i, at), quoted: false });
    i = at + delimiter.length;
  }
}
