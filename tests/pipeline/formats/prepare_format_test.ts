import assert from "node:assert/strict";
import { FORMAT_NAMES, FORMAT_PRESETS } from "../../../pipeline/formats/format_presets.ts";
import { loadTranslations } from "../../../pipeline/formats/load_translations.ts";
import { prepareFormat } from "../../../pipeline/formats/prepare_format.ts";
import { UsageError } from "../../../pipeline/options.ts";
import type { RawRecord } from "../../../operators/types.ts";
import { fileTempDir } from "../../temp_dir.ts";

const dir = fileTempDir({ prefix: "prepare_format_" });
const RETAIL_HEADER =
  "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
const RETAIL_LINE = "536365,85123A,HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom";
await Deno.mkdir(`${dir}/by-day`);
await Deno.writeTextFile(`${dir}/by-day/2010-12-01.csv`, `${RETAIL_HEADER}\n${RETAIL_LINE}\n`);
await Deno.writeTextFile(`${dir}/by-day/2010-12-02.csv`, `${RETAIL_LINE}\n`);
await Deno.writeTextFile(`${dir}/by-day/README.md`, "# notes\n");

Deno.test("FORMAT_PRESETS lists the native layout and the four presets", () => {
  assert.deepEqual(FORMAT_NAMES, [
    "shopease",
    "rees46",
    "online-retail",
    "olist-reviews",
    "olist-products",
  ]);
  assert.equal(FORMAT_PRESETS.shopease.table, undefined);
  assert.equal(FORMAT_PRESETS["online-retail"].table, "transactions");
});

Deno.test("prepareFormat() sends every data file of a one-table preset to its table, skipping other files", async () => {
  const { format, inputs } = await prepareFormat({ format: "online-retail" }, [`${dir}/by-day`]);
  assert.equal(format.table, "transactions");
  assert.deepEqual([...inputs.keys()], ["transactions"]);
  assert.deepEqual(inputs.get("transactions")!.map((p) => p.slice(dir.length)), [
    "/by-day/2010-12-01.csv",
    "/by-day/2010-12-02.csv",
  ]);
});

Deno.test("a preset's decoders() makes fresh decoders for each run", async () => {
  const { format } = await prepareFormat({ format: "online-retail" }, [`${dir}/by-day`]);
  const rec: RawRecord = {
    source: "transactions",
    position: "x.csv:line 2",
    raw: RETAIL_LINE,
    fields: Object.fromEntries(
      RETAIL_HEADER.split(",").map((c, k) => [c, RETAIL_LINE.split(",")[k]]),
    ),
  };
  const first = format.decoders().transactions!;
  first(rec);
  const second = first(rec);
  const fresh = format.decoders().transactions!(rec);
  assert.ok(typeof second !== "string" && second.transactionId === "536365:2");
  assert.ok(typeof fresh !== "string" && fresh.transactionId === "536365:1");
});

Deno.test("prepareFormat() stops on a headerless file whose first row has the wrong number of columns", async () => {
  await Deno.mkdir(`${dir}/short`);
  await Deno.writeTextFile(`${dir}/short/a.csv`, "536365,85123A,6,2010-12-01 08:26:00\n");
  await assert.rejects(
    prepareFormat({ format: "online-retail" }, [`${dir}/short`]),
    /a\.csv: no header row, and its first row does not have the 8 columns online-retail expects \(InvoiceNo, StockCode.*pass --no-header/,
  );
});

Deno.test("prepareFormat() under --no-header does not stop on a damaged first row: it is data", async () => {
  await Deno.mkdir(`${dir}/short-first`);
  await Deno.writeTextFile(
    `${dir}/short-first/a.csv`,
    `536365,85123A,6,2010-12-01 08:26:00\n${RETAIL_LINE}\n`,
  );
  const prepared = await prepareFormat({ format: "online-retail", header: false }, [
    `${dir}/short-first`,
  ]);
  assert.deepEqual([...prepared.inputs.values()].flat(), [`${dir}/short-first/a.csv`]);
});

Deno.test("prepareFormat() refuses options that do not fit the format", async () => {
  await assert.rejects(
    prepareFormat({ format: "rees46", translations: "t.csv" }, [`${dir}/by-day`]),
    /--translations applies to --format olist-products only, not rees46/,
  );
  await assert.rejects(
    prepareFormat({ format: "parquet" }, [`${dir}/by-day`]),
    (e: unknown) => e instanceof UsageError && /unknown format "parquet"/.test(e.message),
  );
  await Deno.writeTextFile(
    `${dir}/m.json`,
    JSON.stringify({ table: "reviews", fields: { a: "review_id", b: "rating", c: "created_at" } }),
  );
  await assert.rejects(
    prepareFormat({ mapping: `${dir}/m.json`, header: false }, [`${dir}/by-day`]),
    /--no-header needs the file's column names/,
  );
  await assert.rejects(
    prepareFormat({ format: "olist-products", translations: `${dir}/missing.csv` }, [
      `${dir}/by-day`,
    ]),
    /cannot read translation table .*missing\.csv/,
  );
});

Deno.test("prepareFormat() does not check NDJSON inputs against CSV columns", async () => {
  await Deno.mkdir(`${dir}/json`);
  await Deno.writeTextFile(`${dir}/json/day.ndjson`, `{"InvoiceNo":"1"}\n`);
  const { inputs } = await prepareFormat({ format: "online-retail" }, [`${dir}/json`]);
  assert.equal(inputs.get("transactions")!.length, 1);
});

Deno.test("loadTranslations names the columns it lacks, never the values of a file without a header", async () => {
  // A data file passed as --translations had its first row (ids) quoted as "its header".
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(path, "1,100,RAWUSER95,RAWSESS95,e1\n2,101,RAWUSER96,RAWSESS96,e2\n");
  const error = await loadTranslations(path).then(() => null, (e: Error) => e);
  await Deno.remove(path);
  assert.ok(error instanceof UsageError, String(error));
  assert.match(error.message, /needs the header row \S+; its first row is not two values$/);
  assert.doesNotMatch(error.message, /RAWUSER|RAWSESS/);
});

Deno.test("loadTranslations refuses a table with a damaged row or no header, never skipping a row", async () => {
  // A row with a third value or a stray quote was skipped silently (its category stayed in
  // Portuguese), and a one-row file without a header gave 0 translations and an info line.
  const dir = await Deno.makeTempDir();
  const header = "product_category_name,product_category_name_english\n";
  const cases: [string, string, RegExp][] = [
    ["extra.csv", `${header}perfumaria,perfumery\nbeleza,beauty,extra\n`, /line 3\b.*two values/],
    ["quote.csv", `${header}perfumaria,perfumery\n"artes,arts\n`, /line 3\b.*two values/],
    ["one.csv", "perfumaria,perfumery\n", /needs the header row product_category_name,/],
    ["empty.csv", "", /is empty: it needs the header row/],
  ];
  try {
    for (const [name, text, expected] of cases) {
      await Deno.writeTextFile(`${dir}/${name}`, text);
      const error = await loadTranslations(`${dir}/${name}`).then(() => null, (e: Error) => e);
      assert.ok(error instanceof UsageError, `${name}: ${error}`);
      assert.match(error.message, expected, name);
      assert.ok(error.message.includes(`${dir}/${name}`), error.message);
      assert.doesNotMatch(error.message, /perfumaria|perfumery|beleza|artes/, name);
    }
    // What still reads: a BOM, CRLF, the columns in either order and in any case, only a header.
    const good: [string, string, [string, string][]][] = [
      ["bom.csv", `\ufeff${header}perfumaria,perfumery\r\n`, [["perfumaria", "perfumery"]]],
      ["swapped.csv", "Product_Category_Name_English,PRODUCT_CATEGORY_NAME\nbeauty,beleza\n", [[
        "beleza",
        "beauty",
      ]]],
      ["header.csv", header, []],
    ];
    for (const [name, text, expected] of good) {
      await Deno.writeTextFile(`${dir}/${name}`, text);
      assert.deepEqual([...await loadTranslations(`${dir}/${name}`)], expected, name);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
