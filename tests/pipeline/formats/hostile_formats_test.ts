/**
 * Hostile input through the format presets and a mapping file: export dialects of real layouts,
 * user ids under other names (Online Retail `CustomerID`, Olist customer ids), misaligned rows.
 */

import assert from "node:assert/strict";
import {
  assertCounts,
  assertNoRawIds,
  replayHostile,
  tableRows,
} from "../sources/hostile_fixture.ts";
import { readTable } from "../../../pipeline/lake/read_table.ts";

Deno.test("online-retail: ; delimiter, spaced names, misaligned rows keep no CustomerID", async () => {
  const header =
    "invoiceno;StockCode;Description;Quantity;Invoice Date;UnitPrice;Customer ID;Country";
  const row = (invoice: string, qty: string, price: string, customer: string) =>
    [invoice, "22348", "TEA BAG; RED", qty, "2011-04-15 08:45:00", price, customer, "Finland"]
      .map((v) => v.includes(";") ? `"${v}"` : v).join(";");
  const lines = [
    header,
    row("550192", "12", "0.85", "91582.0"),
    row("550193", "-3", "0.85", "91583.0"), // invalid_quantity: rebuilt, id pseudonymized
    row("550194", "6", "0.85", "91584.0") + ";extra", // misaligned: no text kept
    row("550195", "6", "0.85", "91585.0").replace("22348;", ""), // a field missing
    row("550196", "6", "0.85", "91586.0"),
  ];
  const run = await replayHostile({ "by-day.csv": lines.join("\n") + "\n" }, [
    "--format",
    "online-retail",
  ]);
  assert.equal(run.code, 0, run.stderr);
  await assertCounts(run, "transactions", { input: 5, valid: 2, quarantined: 3 });
  await assertNoRawIds(run, ["91582", "91583", "91584", "91585", "91586"]);
  const parked = await tableRows(run.lake, "quarantine");
  const rebuilt = parked.find((r) => r.reason === "invalid_quantity")?.raw as string;
  assert.match(
    rebuilt,
    /^550193;22348;"TEA BAG; RED";-3;2011-04-15 08:45:00;0\.85;[0-9a-f]+;Finland$/,
  );
});

Deno.test("rees46: TAB delimiter and UPPER-CASE header, numeric user ids", async () => {
  const header = "EVENT_TIME\tEVENT_TYPE\tPRODUCT_ID\tCATEGORY_ID\tCATEGORY_CODE\tBRAND\tPRICE\t" +
    "USER_ID\tUSER_SESSION";
  const row = (i: number, type = "view") =>
    [
      `2019-10-01 00:0${i}:00 UTC`,
      type,
      "44600062",
      "2103807459595387724",
      "",
      "shiseido",
      "35.79",
      `54131214${i}`,
      `72d76fde-8bb3-4e00-8c23-a032dfed73${i}c`,
    ].join("\t");
  const run = await replayHostile({
    "2019-Oct.csv": [header, row(0), row(1, "bogus"), row(2) + "\textra", row(3)].join("\n") + "\n",
  }, ["--format", "rees46"]);
  assert.equal(run.code, 0, run.stderr);
  await assertCounts(run, "activity", { input: 4, valid: 2, quarantined: 2 });
  await assertNoRawIds(run, [0, 1, 2, 3].flatMap((i) => [`54131214${i}`, `a032dfed73${i}c`]));
});

Deno.test("a mapping of Olist orders: customer ids pseudonymized, unmapped columns redacted", async () => {
  const mapping = JSON.stringify({
    table: "activity",
    fields: {
      order_purchase_timestamp: "event_time",
      order_status: "event_type",
      customer_id: "user_id",
      order_id: "user_session",
    },
    values: { event_type: { delivered: "purchase" } },
    constants: { product_id: "olist-order" },
  });
  const customer = (i: number) => `9ef432eb6251297304e76186b10a928${i}`;
  const unique = (i: number) => `7c396fd4830fd04220f754e42b4e5bf${i}`;
  const order = (i: number) => `e481f51cbdc54678b7cc49136f2d6af${i}`;
  const row = (i: number, status: string) =>
    [order(i), customer(i), unique(i), status, `2017-10-02 10:5${i}:33`].join(",");
  const mapped = await replayHostile(
    {
      "orders.csv": [
        "ORDER_ID,Customer Id,customer_unique_id,order_status,order_purchase_timestamp",
        row(0, "delivered"),
        row(1, "canceled"),
        row(2, "delivered") + ",x",
        row(3, "delivered"),
      ].join("\n") + "\n",
    },
    (dir) => ["--mapping", `${dir}/orders.mapping.json`],
    { "orders.mapping.json": mapping },
  );
  assert.equal(mapped.code, 0, mapped.stderr);
  await assertCounts(mapped, "activity", { input: 4, valid: 2, quarantined: 2 });
  await assertNoRawIds(mapped, [0, 1, 2, 3].flatMap((i) => [customer(i), unique(i), order(i)]));
  const raws = (await tableRows(mapped.lake, "quarantine")).map((r) => [r.reason, r.raw]).sort();
  assert.equal(raws[0][0], "malformed_csv");
  assert.equal(raws[0][1], "");
  assert.equal(raws[1][0], "unknown_type");
  assert.match(
    raws[1][1] as string,
    /^[0-9a-f]+,[0-9a-f]+,\[redacted\],canceled,2017-10-02 10:51:33$/,
  );
});

Deno.test("online-retail under --no-header: a first row that lacks a field is quarantined, the file read", async () => {
  const line = (invoice: string, customer: string) =>
    `${invoice},22348,TEA BAG RED,6,2011-04-15 08:45:00,0.85,${customer},Finland`;
  const lines = [
    line("550192", "91582.0").replace("22348,", ""), // a field missing, in the first row
    line("550193", "91583.0"),
    line("550194", "91584.0"),
  ];
  const files = { "by-day.csv": lines.join("\n") + "\n" };
  // Detected, the first row tells the layout: a short one stops the run in one line.
  const detected = await replayHostile(files, ["--format", "online-retail"]);
  assert.equal(detected.code, 2, detected.stderr);
  assert.match(detected.stderr, /pass --no-header/);
  const run = await replayHostile(files, ["--format", "online-retail", "--no-header"]);
  assert.equal(run.code, 0, run.stderr);
  await assertCounts(run, "transactions", { input: 3, valid: 2, quarantined: 1 });
  await assertNoRawIds(run, ["91582", "91583", "91584"]);
});

Deno.test("a transaction of a huge line total is quarantined; the run and its reports go on", async () => {
  const line = (id: string, quantity: number, price: number) =>
    JSON.stringify({
      transaction_id: id,
      order_id: `o-${id}`,
      user_id: `RAWUSER${id}`,
      product_id: "p1",
      quantity,
      unit_price: price,
      type: "purchase",
      timestamp: "2024-10-01T00:00:00Z",
    });
  // 10⁸ × 10⁶ = 10¹⁴: a month's revenue no money column holds to the cent; writing the report
  // stopped the run (exit 1) before the line was quarantined.
  const lines = [line("1", 2, 9.99), line("2", 100_000_000, 1_000_000), line("3", 1, 5)];
  const run = await replayHostile({ "transactions.ndjson": lines.join("\n") + "\n" }, []);
  assert.equal(run.code, 0, run.stderr);
  await assertCounts(run, "transactions", { input: 3, valid: 2, quarantined: 1 });
  const parked = await tableRows(run.lake, "quarantine");
  assert.deepEqual(parked.map((r) => r.reason), ["invalid_line_total"]);
  await assertNoRawIds(run, ["RAWUSER1", "RAWUSER2", "RAWUSER3"]);
});

Deno.test("a month's revenue of hundreds of millions is written to the cent, in JSON and Parquet", async () => {
  const line = (id: string, quantity: number, price: string) =>
    `{"transaction_id":"${id}","order_id":"o${id}","user_id":"u${id}","product_id":"p${id}",` +
    `"quantity":${quantity},"unit_price":${price},"type":"purchase",` +
    `"timestamp":"2024-10-0${id}T00:00:00Z"}`;
  // 316,104,373.59 in all: the money column's check (value × 100 within 10⁻⁶ of its rounding)
  // refused this amount and about one in ten above 10⁸ (exit 1, no report).
  const lines = [
    line("1", 1, "300000000.00"),
    line("2", 3, "5000000.00"),
    line("3", 1, "1104373.59"),
  ];
  const run = await replayHostile({ "transactions.ndjson": lines.join("\n") + "\n" }, []);
  assert.equal(run.code, 0, run.stderr);
  const json = JSON.parse(await Deno.readTextFile(`${run.lake}/reports/monthly_revenue.json`));
  assert.deepEqual(json.map((r: { gross: number }) => r.gross), [316104373.59]);
  const parquet = await readTable(`${run.lake}/reports`, "monthly_revenue");
  assert.deepEqual(parquet.map((r) => String(r.gross)), ["316104373.59"]);
});

Deno.test("a headerless file whose first row names a column by chance reads that row as data", async () => {
  // A brand called "Brand": the first row was taken as the header, so the native file lost it
  // in silence (input 1 of 2) and the rees46 preset refused the file quoting the row's ids.
  const row = (second: number, brand: string, user: string) =>
    `2019-10-01 00:00:0${second} UTC,view,44600062,2103807459595387724,,${brand},35.79,${user},` +
    `RAWSESS${second}`;
  const lines = [row(0, "Brand", "541312140"), row(1, "shiseido", "541312141")].join("\n") + "\n";
  const rees = await replayHostile({ "2019-Oct.csv": lines }, ["--format", "rees46"]);
  assert.equal(rees.code, 0, rees.stderr);
  await assertCounts(rees, "activity", { input: 2, valid: 2, quarantined: 0 });
  await assertNoRawIds(rees, ["541312140", "541312141", "RAWSESS0", "RAWSESS1"]);

  const native = [row(0, "Brand", "RAWUSER0"), row(1, "shiseido", "RAWUSER1")]
    .map((line) => line.replace(" UTC", "Z").replace(" ", "T")).join("\n") + "\n";
  const run = await replayHostile({ "activity.csv": native }, ["--no-header"]);
  const auto = await replayHostile({ "activity.csv": native });
  for (const r of [run, auto]) {
    assert.equal(r.code, 0, r.stderr);
    await assertCounts(r, "activity", { input: 2, valid: 2, quarantined: 0 });
    await assertNoRawIds(r, ["RAWUSER0", "RAWUSER1", "RAWSESS0", "RAWSESS1"]);
  }
});

Deno.test("a refused header quotes only the format's own column names, never other values", async () => {
  // No value looks like data, one names a column: taken as a header, refused for the missing
  // columns; the other values may be ids.
  const run = await replayHostile(
    { "2019-Oct.csv": "view,RAWUSER3,RAWSESS3,brand\n" },
    ["--format", "rees46"],
  );
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /the header names brand and 3 other values/);
  await assertNoRawIds(run, ["RAWUSER3", "RAWSESS3"]);
});
