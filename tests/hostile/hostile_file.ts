/**
 * Builds one hostile input file from a seed: a container (CSV with a delimiter, NDJSON, JSON
 * array), then text mutations on the parsed layout (quotes, columns, header spelling, JSON
 * escapes and id shapes), then byte mutations (BOM, Latin-1, invalid UTF-8, NUL, truncation,
 * random bytes, a huge line). Every mutation says what it does to the promises' expectations:
 * a dialect keeps every record valid, a damaging one keeps the record count, an unknowable one
 * makes the count unknown and allows a fatal error.
 *
 * Mutations are plain data (`{ kind, a, b }`, `a`/`b` any non-negative integers picking the
 * row, column or byte), so fast-check can generate and shrink them.
 *
 * @module
 */

import type { Seed } from "./seeds.ts";
import { numericMarker, userMarker } from "./markers.ts";

/** The CSV mutations. */
export const CSV_MUTATIONS = [
  "header_upper",
  "header_lower",
  "header_spaces",
  "shuffle_columns",
  "no_header",
  "doubled_quotes",
  "multiline_field",
  "stray_quote",
  "unbalanced_quote",
  "drop_field_in_row",
  "extra_field_in_row",
  "drop_column",
  "duplicate_column",
] as const;
/** The JSON mutations (NDJSON and JSON array). */
export const JSON_MUTATIONS = [
  "escape_key",
  "escape_id_value",
  "duplicate_id_key",
  "object_id",
  "array_id",
  "numeric_id",
  "exponent_id",
  "text_before_brace",
  "single_quoted",
] as const;
/** The byte mutations (any container). */
export const BYTE_MUTATIONS = [
  "bom",
  "crlf",
  "latin1",
  "invalid_utf8",
  "nul",
  "truncate",
  "random_bytes",
  "huge_line",
] as const;

/** A mutation name. */
export type MutationKind =
  | typeof CSV_MUTATIONS[number]
  | typeof JSON_MUTATIONS[number]
  | typeof BYTE_MUTATIONS[number];

/** One mutation and the numbers that place it. */
export interface Mutation {
  kind: MutationKind;
  a: number;
  b: number;
}

/** How a hostile file is made. */
export interface FileSpec {
  seed: Seed;
  container: "csv" | "ndjson" | "json";
  /** CSV delimiter. */
  delimiter: "," | ";" | "\t" | "|";
  /** Quote every CSV field. */
  quoteAll: boolean;
  /** Seed records. */
  records: number;
  mutations: readonly Mutation[];
  /** Bytes of the `random_bytes` mutation and of `huge_line` (length). */
  randomBytes?: Uint8Array;
  hugeLineBytes?: number;
}

/** A built file and what the promises let a test expect of it. */
export interface BuiltFile {
  name: string;
  bytes: Uint8Array;
  /** Exact record count, when knowable. */
  records?: number;
  /** Every record must be valid. */
  allValid: boolean;
  /** A fatal error naming the file is acceptable. */
  mayFail: boolean;
  /** Holds data, so input 0 without an error is a silent loss. */
  hasData: boolean;
  /** What was done, for failure messages. */
  description: string;
}

interface Expect {
  records?: number;
  allValid: boolean;
  mayFail: boolean;
  hasData: boolean;
}

const csvField = (value: string, delimiter: string, quoteAll: boolean) =>
  quoteAll || value.includes(delimiter) || /["\r\n]/.test(value) || value !== value.trim()
    ? `"${value.replaceAll('"', '""')}"`
    : value;

/** A layout-level view of a CSV file: raw cells (already quoted where needed). */
interface CsvDoc {
  header: string[] | null;
  rows: string[][];
  /** Columns are not in the seed's order. */
  shuffled: boolean;
  /** The seed column each position holds now (after reordering, dropping, doubling). */
  names: string[];
  /** A row-level mutation damaged the first row. */
  firstDamaged: boolean;
}

/** A layout-level view of a JSON record: raw key text and raw value text, plus a prefix. */
interface JsonRecord {
  entries: [string, string][];
  prefix: string;
  singleQuoted: boolean;
}

/**
 * Builds the file.
 *
 * @param spec seed, container and mutations
 */
export function buildFile(spec: FileSpec): BuiltFile {
  const { seed } = spec;
  const values = Array.from({ length: spec.records }, (_, k) => seed.record(k));
  const expect: Expect = {
    records: spec.records,
    allValid: true,
    mayFail: false,
    hasData: spec.records > 0,
  };
  const done: string[] = [`${seed.name} as ${spec.container}`];
  let text: string;
  let headerEnd = 0;
  let multiLine = false; // some CSV row holds a quoted line break
  if (spec.container === "csv") {
    if (spec.delimiter !== ",") done.push(`delimiter ${JSON.stringify(spec.delimiter)}`);
    if (spec.quoteAll) done.push("every field quoted");
    const cell = (v: string) => csvField(v, spec.delimiter, spec.quoteAll);
    const doc: CsvDoc = {
      header: seed.columns.map(cell),
      rows: values.map((r) => seed.columns.map((c) => cell(r[c]))),
      shuffled: false,
      names: [...seed.columns],
      firstDamaged: false,
    };
    for (const m of spec.mutations) {
      if ((CSV_MUTATIONS as readonly string[]).includes(m.kind)) {
        done.push(mutateCsv(doc, m, seed, spec, expect));
      }
    }
    // A row of the wrong field count that spans lines (a quoted line break) is quarantined a line
    // at a time (csv_splitter.ts), so each of its lines counts as a record.
    // Without a header row the first row tells the layout: when it is damaged, the replay may
    // refuse the file in one line (pass --no-header to have it quarantined instead).
    if (doc.header === null && doc.firstDamaged) expect.mayFail = true;
    const fields = doc.header?.length ?? seed.columns.length;
    if (doc.rows.some((r) => r.length !== fields && r.some((field) => field.includes("\n")))) {
      expect.records = undefined;
    }
    multiLine = doc.rows.some((r) => r.some((field) => field.includes("\n")));
    const lines = doc.header ? [doc.header, ...doc.rows] : doc.rows;
    text = lines.map((l) => l.join(spec.delimiter)).join("\n") + "\n";
    headerEnd = doc.header ? text.indexOf("\n") + 1 : 0;
  } else {
    const records: JsonRecord[] = values.map((r) => ({
      entries: seed.columns.map((c) => [JSON.stringify(c), JSON.stringify(r[c])]),
      prefix: "",
      singleQuoted: false,
    }));
    for (const m of spec.mutations) {
      if ((JSON_MUTATIONS as readonly string[]).includes(m.kind)) {
        done.push(mutateJson(records, m, seed, spec, expect));
      }
    }
    const lines = records.map((r) => {
      const body = `{${r.entries.map(([k, v]) => `${k}:${v}`).join(",")}}`;
      return r.prefix + (r.singleQuoted ? body.replaceAll('"', "'") : body);
    });
    text = spec.container === "ndjson" ? lines.join("\n") + "\n" : `[\n${lines.join(",\n")}\n]\n`;
    headerEnd = spec.container === "json" ? 2 : 0;
  }
  let bytes: Uint8Array = new TextEncoder().encode(text);
  for (const m of spec.mutations) {
    if ((BYTE_MUTATIONS as readonly string[]).includes(m.kind)) {
      const r = mutateBytes(bytes, m, spec, headerEnd, expect, multiLine);
      bytes = r.bytes;
      if (r.what) done.push(r.what);
    }
  }
  const extension = spec.container === "csv" ? "csv" : spec.container;
  return {
    name: `${seed.stem}.${extension}`,
    bytes,
    records: expect.records,
    allValid: expect.allValid && expect.records !== undefined,
    mayFail: expect.mayFail,
    hasData: expect.hasData,
    description: done.join(", "),
  };
}

/** Mutations that damage one row (`rowAt`). */
const ROW_DAMAGE = new Set([
  "stray_quote",
  "unbalanced_quote",
  "drop_field_in_row",
  "extra_field_in_row",
]);

function mutateCsv(doc: CsvDoc, m: Mutation, seed: Seed, spec: FileSpec, e: Expect): string {
  const cols = seed.columns.length;
  const rowAt = doc.rows.length ? m.a % doc.rows.length : -1;
  const colAt = m.b % cols;
  // Where the text column stands now: a reordered file moved it (-1: dropped).
  const textCol = doc.names.indexOf(seed.textColumn);
  const damaged = () => {
    e.allValid = false;
    if (rowAt === 0 && ROW_DAMAGE.has(m.kind)) doc.firstDamaged = true;
  };
  switch (m.kind) {
    case "header_upper":
    case "header_lower":
      if (doc.header) {
        doc.header = doc.header.map((h) =>
          m.kind === "header_upper" ? h.toUpperCase() : h.toLowerCase()
        );
      }
      return m.kind.replace("_", " ");
    case "header_spaces":
      if (doc.header) {
        doc.header = doc.header.map((h, i) => {
          const name = h.startsWith('"') ? h.slice(1, -1) : h;
          return csvField(i % 2 ? ` ${name}` : `${name} `, spec.delimiter, spec.quoteAll);
        });
      }
      return "spaces around header names";
    case "shuffle_columns": {
      // The columns the file has now (an earlier mutation may have dropped or added one).
      const order = doc.names.map((_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = (m.a + i * (m.b + 1)) % (i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      if (doc.header) doc.header = order.map((i) => doc.header![i]);
      else damaged();
      doc.shuffled = true;
      // A damaged row keeps its field count: a short one moves the fields it has, a long one
      // keeps its extra fields at its end.
      doc.rows = doc.rows.map((r) => [
        ...order.filter((i) => i < r.length).map((i) => r[i]),
        ...r.slice(order.length),
      ]);
      doc.names = order.map((i) => doc.names[i]);
      return `columns reordered ${order.join(" ")}`;
    }
    case "no_header":
      // Without a header only the seed's column order can be read.
      if (doc.shuffled || doc.header?.length !== cols) damaged();
      doc.header = null;
      return "no header row";
    case "doubled_quotes":
      if (rowAt >= 0 && textCol >= 0) {
        doc.rows[rowAt][textCol] = `"say ""hi"" ${m.b}"`;
      }
      return `doubled quotes in row ${rowAt + 1}`;
    case "multiline_field":
      if (rowAt >= 0 && textCol >= 0) {
        doc.rows[rowAt][textCol] = `"first line\nsecond line ${m.b}"`;
      }
      return `quoted line break in row ${rowAt + 1}`;
    case "stray_quote":
      // An opening quote that never closes: costs at most its own row. When that row also holds
      // a quoted line break, the stray quote pairs with that field's quotes or leaves the row
      // open at its end, and where the row ends is anybody's guess: each of its lines may count
      // as a (quarantined) record.
      if (rowAt >= 0) {
        doc.rows[rowAt][colAt] = `"${doc.rows[rowAt][colAt].replaceAll('"', "")}`;
        if (doc.rows[rowAt].some((field) => field.includes("\n"))) {
          e.records = undefined;
        }
      }
      damaged();
      return `stray opening quote in row ${rowAt + 1} column ${seed.columns[colAt]}`;
    case "unbalanced_quote":
      if (rowAt >= 0) {
        // A quoted line break loses its quotes here: the row becomes two lines.
        if (doc.rows[rowAt][colAt].includes("\n")) e.records = undefined;
        doc.rows[rowAt][colAt] = `${doc.rows[rowAt][colAt].replaceAll('"', "")}x"y`;
      }
      damaged();
      return `quote inside unquoted field, row ${rowAt + 1} column ${seed.columns[colAt]}`;
    case "drop_field_in_row":
      if (rowAt >= 0) doc.rows[rowAt].splice(colAt, 1);
      damaged();
      return `row ${rowAt + 1} lacks field ${seed.columns[colAt]}`;
    case "extra_field_in_row":
      if (rowAt >= 0) doc.rows[rowAt].splice(colAt, 0, "extra");
      damaged();
      return `row ${rowAt + 1} has an extra field before ${seed.columns[colAt]}`;
    case "drop_column":
      if (doc.header) doc.header.splice(colAt, 1);
      for (const r of doc.rows) r.splice(colAt, 1);
      doc.names.splice(colAt, 1);
      doc.shuffled = true;
      damaged();
      e.mayFail = true;
      return `column ${seed.columns[colAt]} dropped`;
    case "duplicate_column":
      if (doc.header) doc.header.push(doc.header[colAt]);
      for (const r of doc.rows) r.push(r[colAt]);
      doc.names.push(doc.names[colAt]);
      doc.shuffled = true;
      damaged();
      e.mayFail = true;
      return `column ${seed.columns[colAt]} twice`;
  }
  void spec;
  return m.kind;
}

function mutateJson(
  records: JsonRecord[],
  m: Mutation,
  seed: Seed,
  spec: FileSpec,
  e: Expect,
): string {
  if (records.length === 0) return m.kind;
  const r = records[m.a % records.length];
  const row = m.a % records.length + 1;
  const idCol = seed.idColumns.length ? seed.idColumns[m.b % seed.idColumns.length] : undefined;
  const idEntry = idCol ? r.entries.find(([k]) => k === JSON.stringify(idCol)) : undefined;
  const unknown = () => {
    e.records = undefined;
    e.allValid = false;
    e.mayFail = true;
  };
  switch (m.kind) {
    case "escape_key":
      // Same JSON, so the same records: every record stays valid.
      for (const entry of r.entries) entry[0] = entry[0].replaceAll("_", "\\u005f");
      return `keys of record ${row} escaped (\\u005f)`;
    case "escape_id_value":
      if (idEntry) {
        // The first letter or digit that is not part of an escape already there (escaping the
        // 0 of "\u0052" again made invalid JSON).
        let done = false;
        idEntry[1] = idEntry[1].replace(/\\u[0-9a-fA-F]{4}|[A-Z0-9]/g, (text) => {
          if (done || text.length > 1) return text;
          done = true;
          return `\\u${text.charCodeAt(0).toString(16).padStart(4, "0")}`;
        });
      }
      return `id of record ${row} escaped: ${idEntry?.[1]}`;
    case "duplicate_id_key":
      if (idEntry) r.entries.push([idEntry[0], JSON.stringify(userMarker(900 + m.b % 90))]);
      e.allValid = false;
      return `record ${row} has ${idCol} twice`;
    case "object_id":
      if (idEntry) idEntry[1] = `{"id":${idEntry[1]},"n":[${idEntry[1]}]}`;
      e.allValid = false;
      return `record ${row}: ${idCol} is an object`;
    case "array_id":
      if (idEntry) idEntry[1] = `[${idEntry[1]}]`;
      e.allValid = false;
      return `record ${row}: ${idCol} is an array`;
    case "numeric_id":
      if (idEntry) idEntry[1] = numericMarker(600 + m.b % 90);
      e.allValid = false;
      return `record ${row}: ${idCol} is a number`;
    case "exponent_id":
      if (idEntry) {
        const n = numericMarker(700 + m.b % 90);
        idEntry[1] = `${n[0]}.${n.slice(1)}e${n.length - 1}`;
      }
      e.allValid = false;
      return `record ${row}: ${idCol} in exponent form ${idEntry?.[1]}`;
    case "text_before_brace":
      r.prefix = m.b % 2 ? "data: " : "garbage ";
      e.allValid = false;
      if (spec.container === "json") unknown();
      return `text before the { of record ${row}`;
    case "single_quoted":
      r.singleQuoted = true;
      e.allValid = false;
      if (spec.container === "json") unknown();
      return `record ${row} single-quoted pseudo-JSON`;
  }
  return m.kind;
}

function mutateBytes(
  bytes: Uint8Array,
  m: Mutation,
  spec: FileSpec,
  headerEnd: number,
  e: Expect,
  multiLine = false,
): { bytes: Uint8Array; what: string } {
  const at = bytes.length ? m.a % (bytes.length + 1) : 0;
  const insert = (pos: number, add: Uint8Array) => {
    const out = new Uint8Array(bytes.length + add.length);
    out.set(bytes.subarray(0, pos));
    out.set(add, pos);
    out.set(bytes.subarray(pos), pos + add.length);
    return out;
  };
  // A byte inside the header or a JSON array may spoil the whole file.
  const spoilsStructure = (pos: number) => pos < headerEnd || spec.container === "json";
  const damaged = (pos: number) => {
    e.allValid = false;
    // A bad byte in a row that spans lines (after a field's closing quote, say) spoils the row,
    // and the splitter reads its later lines as rows again (csv_splitter.ts): each may count.
    if (multiLine) e.records = undefined;
    if (spoilsStructure(pos)) {
      e.records = undefined;
      e.mayFail = true;
    }
  };
  switch (m.kind) {
    case "bom":
      // One BOM is a dialect; a second one would be content.
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { bytes, what: "" };
      return { bytes: insert(0, new Uint8Array([0xef, 0xbb, 0xbf])), what: "UTF-8 BOM" };
    case "crlf": {
      // On bytes (other mutations may have left invalid UTF-8); LF → CRLF once.
      const out: number[] = [];
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] === 0x0a && bytes[i - 1] !== 0x0d) out.push(0x0d);
        out.push(bytes[i]);
      }
      return { bytes: new Uint8Array(out), what: "CRLF line ends" };
    }
    case "latin1": {
      // é/É/ó/è in UTF-8 (C3 xx) → the Latin-1 byte, as a Windows export writes them.
      const out: number[] = [];
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] === 0xc3 && i + 1 < bytes.length) out.push(bytes[++i] + 0x40);
        else out.push(bytes[i]);
      }
      e.allValid = false;
      if (spec.container === "json") damaged(headerEnd);
      return { bytes: new Uint8Array(out), what: "Latin-1 accents" };
    }
    case "invalid_utf8":
      damaged(at);
      return {
        bytes: insert(at, new Uint8Array([0xff, 0xc0, 0x80])),
        what: `invalid UTF-8 at ${at}`,
      };
    case "nul":
      damaged(at);
      return { bytes: insert(at, new Uint8Array([0])), what: `NUL at byte ${at}` };
    case "truncate": {
      const cut = bytes.length ? m.a % bytes.length : 0;
      e.records = undefined;
      e.allValid = false;
      e.mayFail = true;
      const rest = new TextDecoder().decode(bytes.subarray(headerEnd, cut));
      e.hasData = cut > headerEnd && /[^\s\[\],{}]/.test(rest) && spec.container !== "json";
      return { bytes: bytes.slice(0, cut), what: `truncated at byte ${cut} of ${bytes.length}` };
    }
    case "random_bytes": {
      const random = spec.randomBytes ?? new Uint8Array([m.a & 255, m.b & 255, 0x80]);
      e.records = undefined;
      e.allValid = false;
      e.mayFail = true;
      e.hasData = /[^\s\[\],{}]/.test(new TextDecoder().decode(random));
      return { bytes: random, what: `${random.length} random bytes instead` };
    }
    case "huge_line": {
      const size = spec.hugeLineBytes ?? 1 << 20;
      const line = new Uint8Array(size).fill(0x41);
      if (spec.container === "json") e.records = undefined;
      else if (e.records !== undefined) e.records += 1;
      e.allValid = false;
      e.mayFail = true;
      const sep = bytes.length && bytes[bytes.length - 1] !== 0x0a
        ? new Uint8Array([0x0a])
        : new Uint8Array();
      const out = insert(bytes.length, new Uint8Array([...sep]));
      const all = new Uint8Array(out.length + line.length);
      all.set(out);
      all.set(line, out.length);
      return { bytes: all, what: `a ${size}-byte line without newline at the end` };
    }
  }
  return { bytes, what: m.kind };
}
