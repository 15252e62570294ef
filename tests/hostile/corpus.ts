/**
 * The hostile corpus: one small deterministic input per class of issue 10, each with what the
 * promises let a test expect of it. `writeCorpus()` writes it to a folder; corpus_test.ts runs
 * each entry through the real replay. Every id in it is a marker (markers.ts).
 *
 * @module
 */

import { numericMarker, sessionMarker, userMarker } from "./markers.ts";

/** One class of hostile input. */
export interface CorpusEntry {
  /** Class name (also the folder name). */
  name: string;
  /** What the issue reported for this class. */
  issue: string;
  /** File name → content. */
  files: Record<string, string | Uint8Array>;
  /** `--format` preset. */
  format?: string;
  /** Per file name: exact record count, when known. */
  records?: Record<string, number>;
  /** Per file name: at least this many valid records. */
  minValid?: Record<string, number>;
  /** A fatal error naming the file is an acceptable answer. */
  mayFail?: boolean;
  /** Run as a child process (true CLI output), e.g. for expected fatal errors. */
  child?: boolean;
}

const ACTIVITY_COLUMNS = [
  "event_time",
  "event_type",
  "product_id",
  "category_id",
  "category_code",
  "brand",
  "price",
  "user_id",
  "user_session",
  "event_id",
];
const pad = (n: number) => String(n).padStart(2, "0");

/** Native activity fields of row `k` (ids are markers). */
function activity(k: number, over: Record<string, string> = {}): string[] {
  const row: Record<string, string> = {
    event_time: `2024-10-01 00:${pad(k % 60)}:00 UTC`,
    event_type: ["view", "cart", "purchase"][k % 3],
    product_id: String(1_000_100 + k),
    category_id: "2053013552326770905",
    category_code: "electronics.smartphone",
    brand: "samsung",
    price: "12.50",
    user_id: userMarker(k),
    user_session: sessionMarker(k),
    event_id: `ev${k}`,
    ...over,
  };
  return ACTIVITY_COLUMNS.map((c) => row[c]);
}

/** A native activity CSV of rows `0..n-1`, with a delimiter and an optional header spelling. */
function activityCsv(
  n: number,
  delimiter = ",",
  header: string[] | null = ACTIVITY_COLUMNS,
): string {
  const lines = header ? [header.join(delimiter)] : [];
  for (let k = 0; k < n; k++) lines.push(activity(k).join(delimiter));
  return lines.join("\n") + "\n";
}

/** One native transaction as JSON text (ids are markers), with fields replaced. */
function transaction(k: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    transaction_id: `tx${k}`,
    order_id: `o${k}`,
    user_id: userMarker(100 + k),
    product_id: String(1_000_100 + k),
    quantity: 1,
    unit_price: 19.99,
    type: "purchase",
    timestamp: `2024-10-${pad(1 + k % 28)}T10:00:00.000Z`,
    country: "DE",
    payment_method: "card",
    ...over,
  };
}

/** NDJSON of transactions `0..n-1`, line `bad` replaced by `line`. */
function transactionsNdjson(n: number, bad?: number, line?: string): string {
  const lines: string[] = [];
  for (let k = 0; k < n; k++) lines.push(k === bad ? line! : JSON.stringify(transaction(k)));
  return lines.join("\n") + "\n";
}

/** The original line `k` of transactionsNdjson, for building variants of it. */
const txLine = (k: number) => JSON.stringify(transaction(k));

function randomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 255;
  }
  return out;
}

function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 255);
}

/** Size of the "huge line" class (the issue used 50 MB; 24 MB keeps the test quick). */
export const HUGE_LINE_BYTES = 24 << 20;

/** Every class, in the order of issue 10. */
export function hostileCorpus(): CorpusEntry[] {
  const n = 12;
  const upper = ACTIVITY_COLUMNS.map((c) => c.toUpperCase());
  const strayRows: string[] = [ACTIVITY_COLUMNS.join(",")];
  for (let k = 0; k < 20; k++) {
    strayRows.push(activity(k, k === 5 ? { brand: '"samsung' } : {}).join(","));
  }
  const olist = [
    '"review_id","order_id","review_score","review_comment_title","review_comment_message","review_creation_date","review_answer_timestamp"',
    ...Array.from(
      { length: 8 },
      (_, k) =>
        `"7bc2406110b926393aa56f80a40eba${pad(k)}","73fc7af87114b39712e6da79b0a377${pad(k)}",${
          1 + k % 5
        },,"Muito bom,\nchegou ""rápido""\n${k}",2018-01-${pad(k + 1)} 00:00:00,2018-01-${
          pad(k + 2)
        } 21:46:59`,
    ),
  ].join("\n") + "\n";
  return [
    {
      name: "delimiter_semicolon",
      issue: "a ; CSV quarantined every row with the raw ids in quarantine.raw",
      files: { "activity.csv": activityCsv(n, ";") },
      records: { "activity.csv": n },
      minValid: { "activity.csv": n },
    },
    {
      name: "delimiter_tab",
      issue: "a TAB CSV quarantined every row with the raw ids in quarantine.raw",
      files: { "activity.csv": activityCsv(n, "\t") },
      records: { "activity.csv": n },
      minValid: { "activity.csv": n },
    },
    {
      name: "delimiter_pipe_rees46",
      issue: "delimiter sniffing must cover , ; TAB |",
      format: "rees46",
      files: {
        "2019-Oct.csv": [
          "event_time|event_type|product_id|category_id|category_code|brand|price|user_id|user_session",
          ...Array.from(
            { length: n },
            (_, k) =>
              `2019-10-01 00:${pad(k)}:00 UTC|view|4460006${
                k % 10
              }|2103807459595387724||shiseido|35.79|${numericMarker(k)}|${sessionMarker(k)}`,
          ),
        ].join("\n") + "\n",
      },
      records: { "2019-Oct.csv": n },
      minValid: { "2019-Oct.csv": n },
    },
    {
      name: "header_upper_case",
      issue: "UPPER-CASE column names quarantined every row with raw ids",
      files: { "activity.csv": activityCsv(n, ",", upper) },
      records: { "activity.csv": n },
      minValid: { "activity.csv": n },
    },
    {
      name: "header_spaces_and_case",
      issue: "header names must be case- and space-insensitive",
      files: {
        "activity.csv": activityCsv(
          n,
          ",",
          ACTIVITY_COLUMNS.map((c, i) => i % 2 ? ` ${c.toUpperCase()} ` : `${c} `),
        ),
      },
      records: { "activity.csv": n },
      minValid: { "activity.csv": n },
    },
    {
      name: "header_renamed_ids",
      issue: "renamed id columns quarantined every row with raw ids (a clear error is fine)",
      files: {
        "activity.csv": activityCsv(
          n,
          ",",
          ACTIVITY_COLUMNS.map((c) =>
            c === "user_id" ? "customer" : c === "user_session" ? "visit" : c
          ),
        ),
      },
      records: { "activity.csv": n },
      mayFail: true,
      child: true,
    },
    {
      name: "misaligned_extra_field_before_ids",
      issue: "an extra field before the ids made the id position guess miss them",
      files: {
        "activity.csv": [
          ACTIVITY_COLUMNS.join(","),
          ...Array.from({ length: n }, (_, k) => {
            const r = activity(k);
            if (k % 3 === 1) r.splice(5, 0, "extra");
            return r.join(",");
          }),
        ].join("\n") + "\n",
      },
      records: { "activity.csv": n },
      minValid: { "activity.csv": n - 4 },
    },
    {
      name: "misaligned_missing_field_before_ids",
      issue: "a missing field before the ids made the id position guess miss them",
      files: {
        "activity.csv": [
          ACTIVITY_COLUMNS.join(","),
          ...Array.from({ length: n }, (_, k) => {
            const r = activity(k);
            if (k % 3 === 1) r.splice(2, 1);
            return r.join(",");
          }),
        ].join("\n") + "\n",
      },
      records: { "activity.csv": n },
      minValid: { "activity.csv": n - 4 },
    },
    {
      name: "misaligned_extra_field_after_ids",
      issue: "extra fields after the ids replaced non-id values with pseudonyms",
      files: {
        "activity.csv": [
          ACTIVITY_COLUMNS.join(","),
          ...Array.from(
            { length: n },
            (_, k) => [...activity(k), ...(k === 3 ? ["x", userMarker(99)] : [])].join(","),
          ),
        ].join("\n") + "\n",
      },
      records: { "activity.csv": n },
      minValid: { "activity.csv": n - 1 },
    },
    {
      name: "headerless_malformed_first_row",
      issue: "a header-less file whose first row is malformed kept raw ids",
      files: {
        "activity.csv": [
          [...activity(0).slice(0, 7), "oops", ...activity(0).slice(7)].join(","),
          ...Array.from({ length: n - 1 }, (_, k) => activity(k + 1).join(",")),
        ].join("\n") + "\n",
      },
      records: { "activity.csv": n },
      minValid: { "activity.csv": n - 1 },
    },
    {
      name: "json_text_before_brace",
      issue: "text before the { kept raw ids",
      files: { "transactions.ndjson": transactionsNdjson(n, 4, `data: ${txLine(4)}`) },
      records: { "transactions.ndjson": n },
      minValid: { "transactions.ndjson": n - 1 },
    },
    {
      name: "json_escaped_key",
      issue: "an escaped key user\\u005fid kept raw ids (it is the same JSON as user_id)",
      files: {
        "transactions.ndjson": transactionsNdjson(
          n,
          4,
          txLine(4).replace('"user_id"', '"user\\u005fid"'),
        ),
      },
      records: { "transactions.ndjson": n },
      minValid: { "transactions.ndjson": n },
    },
    {
      name: "json_escaped_value",
      issue: "an escaped id value RAWU\\u0053ER… kept raw ids",
      files: {
        "transactions.ndjson": transactionsNdjson(
          n,
          4,
          txLine(4).replace(userMarker(104), "RAWU\\u0053ER104"),
        ),
      },
      records: { "transactions.ndjson": n },
      minValid: { "transactions.ndjson": n },
    },
    {
      name: "json_duplicate_key",
      issue: "a duplicate user_id key kept raw ids",
      files: {
        "transactions.ndjson": transactionsNdjson(
          n,
          4,
          txLine(4).replace("{", `{"user_id":"${userMarker(9004)}",`),
        ),
      },
      records: { "transactions.ndjson": n },
      minValid: { "transactions.ndjson": n - 1 },
    },
    {
      name: "json_object_valued_id",
      issue: "an object-valued user_id kept raw ids",
      files: {
        "transactions.ndjson": transactionsNdjson(
          n,
          4,
          JSON.stringify(
            transaction(4, { user_id: { id: userMarker(104), alt: [userMarker(9104)] } }),
          ),
        ),
      },
      records: { "transactions.ndjson": n },
      minValid: { "transactions.ndjson": n - 1 },
    },
    {
      name: "json_single_quoted",
      issue: "single-quoted pseudo-JSON kept raw ids",
      files: { "transactions.ndjson": transactionsNdjson(n, 4, txLine(4).replaceAll('"', "'")) },
      records: { "transactions.ndjson": n },
      minValid: { "transactions.ndjson": n - 1 },
    },
    {
      name: "json_exponent_id",
      issue: "a numeric id written in exponent form kept the raw id",
      files: {
        "transactions.ndjson": transactionsNdjson(
          n,
          4,
          txLine(4).replace(`"${userMarker(104)}"`, "9.876500104e9"),
        ),
      },
      records: { "transactions.ndjson": n },
      minValid: { "transactions.ndjson": n - 1 },
    },
    {
      name: "json_array_broken_record",
      issue: "a JSON array with one broken record must cost that record at most, or fail clearly",
      files: {
        "reviews.json":
          `[\n{"review_id":"rv1","user_id":"${
            userMarker(201)
          }","rating":4,"created_at":"2024-10-02T10:00:00Z"},\n` +
          `{"review_id":"rv2","user_id":'${
            userMarker(202)
          }',"rating":5,"created_at":"2024-10-02T11:00:00Z"},\n` +
          `{"review_id":"rv3","user_id":"${
            userMarker(203)
          }","rating":3,"created_at":"2024-10-02T12:00:00Z"}\n]\n`,
      },
      mayFail: true,
      child: true,
    },
    {
      name: "stray_quote",
      issue: "a stray opening quote swallowed the following lines (20 lines reported as input 12)",
      files: { "activity.csv": strayRows.join("\n") + "\n" },
      records: { "activity.csv": 20 },
      minValid: { "activity.csv": 19 },
    },
    {
      name: "multiline_quoted_fields_olist",
      issue: "multi-line quoted fields are legitimate (Olist reviews) and must stay whole",
      format: "olist-reviews",
      files: { "olist_order_reviews.csv": olist },
      records: { "olist_order_reviews.csv": 8 },
      minValid: { "olist_order_reviews.csv": 8 },
    },
    {
      name: "huge_line_without_newline",
      issue: "a 50 MB line without a newline was silently taken as the header (input 0)",
      files: { "activity.csv": new Uint8Array(HUGE_LINE_BYTES).fill(0x61) },
      mayFail: true,
      child: true,
    },
    {
      name: "huge_line_after_rows",
      issue: "a huge line must cost its own row, or fail clearly",
      files: {
        "activity.csv": activityCsv(n) + `${"z".repeat(HUGE_LINE_BYTES)},${userMarker(77)}`,
      },
      mayFail: true,
      child: true,
    },
    {
      name: "random_bytes",
      issue: "random bytes were silently taken as the header (input 0, nothing said)",
      files: { "activity.csv": randomBytes(4096, 10) },
      mayFail: true,
      child: true,
    },
    {
      name: "bom_crlf",
      issue: "a Windows export (BOM, CRLF) is a dialect to read",
      files: { "activity.csv": "\ufeff" + activityCsv(n).replaceAll("\n", "\r\n") },
      records: { "activity.csv": n },
      minValid: { "activity.csv": n },
    },
    {
      name: "latin1_bytes",
      issue: "Latin-1 text must not crash the reader or lose rows",
      files: {
        "activity.csv": latin1(
          ACTIVITY_COLUMNS.join(",") + "\n" +
            Array.from({ length: n }, (_, k) => activity(k, { brand: "Nestlé Café" }).join(","))
              .join("\n") +
            "\n",
        ),
      },
      records: { "activity.csv": n },
    },
    {
      name: "invalid_utf8_and_nul",
      issue: "invalid UTF-8 and NUL bytes must not crash the reader or lose rows",
      files: {
        "activity.csv": new Uint8Array([
          ...new TextEncoder().encode(
            ACTIVITY_COLUMNS.join(",") + "\n" + activity(0).join(",") + "\n",
          ),
          ...new TextEncoder().encode(
            activity(1, { brand: "sam" }).join(",").replace(",sam,", ",sam\u0000\u0000,"),
          ),
          0x0a,
          ...new TextEncoder().encode(activity(2).join(",").replace(",samsung,", ",sam")),
          0xff,
          0xfe,
          0xc0,
          ...new TextEncoder().encode("sung," + activity(2).slice(6).join(",") + "\n"),
        ]),
      },
      records: { "activity.csv": 3 },
      minValid: { "activity.csv": 1 },
    },
    {
      name: "truncated_mid_record",
      issue: "a file cut mid-record must cost the cut record at most",
      files: { "activity.csv": activityCsv(n).slice(0, -30) },
      records: { "activity.csv": n },
      minValid: { "activity.csv": n - 1 },
    },
    {
      name: "future_transaction",
      issue: "a transaction dated 9999-12-31 was accepted and became the last complete month",
      files: {
        "transactions.ndjson": transactionsNdjson(
          n,
          n - 1,
          JSON.stringify(transaction(n - 1, { timestamp: "9999-12-31T00:00:00.000Z" })),
        ),
      },
      records: { "transactions.ndjson": n },
      minValid: { "transactions.ndjson": n - 1 },
    },
    {
      name: "negative_activity_price",
      issue: "negative activity prices were stored as valid while transactions reject them",
      files: {
        "activity.csv": [
          ACTIVITY_COLUMNS.join(","),
          ...Array.from(
            { length: n },
            (_, k) => activity(k, k === 2 ? { price: "-5.00" } : {}).join(","),
          ),
        ].join("\n") + "\n",
      },
      records: { "activity.csv": n },
      minValid: { "activity.csv": n - 1 },
    },
    {
      name: "online_retail_semicolon_upper",
      issue: "preset exports in another dialect (; and UPPER-CASE) must be read, ids never kept",
      format: "online-retail",
      files: {
        "2011-04-15.csv": [
          "INVOICENO;STOCKCODE;DESCRIPTION;QUANTITY;INVOICEDATE;UNITPRICE;CUSTOMERID;COUNTRY",
          ...Array.from(
            { length: n },
            (_, k) =>
              `${550_192 + k};${22_348 + k};"TEA; CAFÉ";${6 + k};2011-04-15 08:${pad(k)};0.85;${
                numericMarker(50 + k)
              }.0;Finland`,
          ),
        ].join("\n") + "\n",
      },
      records: { "2011-04-15.csv": n },
      minValid: { "2011-04-15.csv": n },
    },
  ];
}

/**
 * Writes every entry's files to `<dir>/<entry.name>/`.
 *
 * @param dir target folder (created)
 * @returns the entries written
 */
export async function writeCorpus(dir: string): Promise<CorpusEntry[]> {
  const entries = hostileCorpus();
  for (const entry of entries) await writeEntry(dir, entry);
  return entries;
}

/**
 * Writes one entry's files to `<dir>/<entry.name>/`.
 *
 * @param dir target folder
 * @param entry the class
 * @returns the entry's folder
 */
export async function writeEntry(dir: string, entry: CorpusEntry): Promise<string> {
  const folder = `${dir}/${entry.name}`;
  await Deno.mkdir(folder, { recursive: true });
  for (const [name, content] of Object.entries(entry.files)) {
    if (typeof content === "string") await Deno.writeTextFile(`${folder}/${name}`, content);
    else await Deno.writeFile(`${folder}/${name}`, content);
  }
  return folder;
}
