import assert from "node:assert/strict";
import { BatchBuilder } from "../../../pipeline/sources/batch_builder.ts";
import { CsvSplitter } from "../../../pipeline/sources/csv_splitter.ts";
import { UnknownHeaderError } from "../../../pipeline/sources/csv_header.ts";
import { split, splitAllWays } from "./splitter_fixture.ts";

const csv = (header: boolean | "auto" = true) => () =>
  new CsvSplitter("activity", "a.csv", { header });

Deno.test("CsvSplitter names fields by the header and keeps each record's line and raw text", () => {
  const rows = splitAllWays(csv(), "id,name,qty\n1,apple,3\n2,pear,\n");
  assert.deepEqual(rows, [
    { position: "a.csv:line 2", raw: "1,apple,3", fields: { id: "1", name: "apple", qty: "3" } },
    { position: "a.csv:line 3", raw: "2,pear,", fields: { id: "2", name: "pear", qty: "" } },
  ]);
});

Deno.test("CsvSplitter reads quoted commas, doubled quotes and line breaks inside quotes", () => {
  const text = 'id,text\n1,"a, b"\n2,"say ""hi"""\n3,"two\nlines"\n4,x\n';
  assert.deepEqual(splitAllWays(csv(), text), [
    { position: "a.csv:line 2", raw: '1,"a, b"', fields: { id: "1", text: "a, b" } },
    { position: "a.csv:line 3", raw: '2,"say ""hi"""', fields: { id: "2", text: 'say "hi"' } },
    { position: "a.csv:line 4", raw: '3,"two\nlines"', fields: { id: "3", text: "two\nlines" } },
    { position: "a.csv:line 6", raw: "4,x", fields: { id: "4", text: "x" } },
  ]);
});

Deno.test("CsvSplitter accepts CRLF, a BOM, blank lines and a last line without a terminator", () => {
  const text = '\uFEFFid,v\r\n1,"x\r\ny"\r\n\r\n2,z';
  assert.deepEqual(splitAllWays(csv(), text), [
    { position: "a.csv:line 2", raw: '1,"x\r\ny"', fields: { id: "1", v: "x\r\ny" } },
    { position: "a.csv:line 5", raw: "2,z", fields: { id: "2", v: "z" } },
  ]);
});

Deno.test("CsvSplitter quarantines rows with the wrong field count as malformed_csv", () => {
  const rows = splitAllWays(csv(), 'a,b\n1\n1,2,3\n"x",2\n"1",2,"3"\n');
  assert.deepEqual(rows.map((r) => [r.position, r.reason ?? "ok", r.raw]), [
    ["a.csv:line 2", "malformed_csv", ""],
    ["a.csv:line 3", "malformed_csv", ""],
    ["a.csv:line 4", "ok", '"x",2'],
    ["a.csv:line 5", "malformed_csv", ""],
  ]);
});

Deno.test("CsvSplitter quarantines text after a closing quote", () => {
  const rows = splitAllWays(csv(), 'a,b\n"x"y,2\n3,4\n');
  assert.deepEqual(rows.map((r) => [r.position, r.reason ?? "ok", r.raw]), [
    ["a.csv:line 2", "malformed_csv", ""],
    ["a.csv:line 3", "ok", "3,4"],
  ]);
});

Deno.test("CsvSplitter quarantines a quote left open at end of file and keeps the lines after it", () => {
  const rows = splitAllWays(csv(), 'a,b\n1,2\n3,"open\n5,6\n');
  assert.deepEqual(rows.map((r) => [r.position, r.reason ?? "ok", r.raw]), [
    ["a.csv:line 2", "ok", "1,2"],
    ["a.csv:line 3", "malformed_csv", ""],
    ["a.csv:line 4", "ok", "5,6"],
  ]);
  assert.deepEqual(
    split(csv(), 'a,b\n1,"never closed').map((r) => [r.reason, r.raw]),
    [["malformed_csv", ""]],
  );
});

Deno.test("CsvSplitter quarantines each line up to where a stray quote closes, none read as a row", () => {
  // The stray quote on line 3 closes on line 5 into no complete row: lines 3-5 are each
  // quarantined (their fields' places are a guess); reading resumes on line 6.
  const text = 'a,b\n1,2\n3,"stray\n4,5\n"6",7\n8,"two\nlines"\n9,10\n';
  assert.deepEqual(splitAllWays(csv(), text).map((r) => [r.position, r.reason ?? "ok", r.raw]), [
    ["a.csv:line 2", "ok", "1,2"],
    ["a.csv:line 3", "malformed_csv", ""],
    ["a.csv:line 4", "malformed_csv", ""],
    ["a.csv:line 5", "malformed_csv", ""],
    ["a.csv:line 6", "ok", '8,"two\nlines"'],
    ["a.csv:line 8", "ok", "9,10"],
  ]);
});

Deno.test("CsvSplitter quarantines each line of a row of the wrong field count that spans lines", () => {
  // Lines 3-4 are one RFC 4180 record of 3 values: taken for a stray quote, line 4 was read as a
  // row of its own with every field shifted (an id where a price stood). Line 7 closes with text
  // after its quote: read alone it was a row too (a session id as a valid event's brand).
  const text = 'a,b\n1,2\n3,"x\ny",RAW\n5,6\n7,"two\nlines"x,8\n9,10\n';
  assert.deepEqual(splitAllWays(csv(), text).map((r) => [r.position, r.reason ?? "ok"]), [
    ["a.csv:line 2", "ok"],
    ["a.csv:line 3", "malformed_csv"],
    ["a.csv:line 4", "malformed_csv"],
    ["a.csv:line 5", "ok"],
    ["a.csv:line 6", "malformed_csv"],
    ["a.csv:line 7", "malformed_csv"],
    ["a.csv:line 8", "ok"],
  ]);
});

Deno.test("CsvSplitter gives up on a record open past maxRecordChars, bounding memory", () => {
  const make = () => new CsvSplitter("activity", "a.csv", { header: true, maxRecordChars: 20 });
  const text = 'a,b\n1,"stray\n' + "2,filler line\n".repeat(5);
  const rows = split(make, text, 8);
  assert.equal(rows[0].reason, "malformed_csv");
  assert.equal(rows[0].raw, "");
  assert.deepEqual(rows.slice(1).map((r) => r.fields), Array(5).fill({ a: "2", b: "filler line" }));
});

Deno.test("CsvSplitter with header false uses the native columns of the table", () => {
  const row = "2019-10-01 00:00:00 UTC,view,1,2,a.b,br,1.5,u1,s1";
  const [rec] = split(csv(false), row + "\n");
  assert.equal(rec.position, "a.csv:line 1");
  assert.equal(rec.fields?.user_session, "s1");
  assert.equal(rec.fields?.event_id, undefined);
});

Deno.test("CsvSplitter with header auto tells a header row from a data row", () => {
  const data = "2019-10-01 00:00:00 UTC,view,1,2,a.b,br,1.5,u1,s1\n";
  assert.equal(split(csv("auto"), data).length, 1);
  const native = split(csv("auto"), "EVENT_TIME,Event Type\nx,y\n");
  assert.deepEqual(native[0].fields, { event_time: "x", event_type: "y" });
});

Deno.test("CsvSplitter with header auto refuses a first row that is neither header nor data", () => {
  for (const text of ["InvoiceNo,StockCode,Quantity\n536365,85123A,6\n", "x".repeat(5000)]) {
    assert.throws(
      () => split(csv("auto"), text),
      (error: Error) =>
        error instanceof UnknownHeaderError && error.message.includes("no header row recognised") &&
        !error.message.includes("InvoiceNo") && !error.message.includes("xxx"),
    );
  }
});

Deno.test("CsvSplitter sniffs the delimiter: comma, semicolon, tab or pipe", () => {
  for (const d of [",", ";", "\t", "|"]) {
    const text = ["user_id", "price", "brand"].join(d) + "\n" +
      ["u1", "1,5", '"a' + d + 'b"'].join(d);
    const rows = splitAllWays(csv("auto"), text + "\n");
    const expected = d === "," ? undefined : { user_id: "u1", price: "1,5", brand: "a" + d + "b" };
    if (expected) assert.deepEqual(rows[0].fields, expected, JSON.stringify(d));
    else assert.equal(rows[0].reason, "malformed_csv");
  }
});

Deno.test("CsvSplitter keeps header names with quotes and odd characters safe", () => {
  const [rec] = split(csv(), '"a""b",`c${1}`,"d\\\\"\n1,2,3\n');
  assert.deepEqual(rec.fields, { 'a"b': "1", "`c${1}`": "2", "d\\\\": "3" });
});

Deno.test("CsvSplitter keeps a column named __proto__ as a field", () => {
  const [rec] = split(csv(), "__proto__,b\nx,y\n");
  assert.equal(Object.getPrototypeOf(rec.fields), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(rec.fields, "__proto__")?.value, "x");
  assert.equal(rec.fields?.b, "y");
});

Deno.test("CsvSplitter keeps no text of a row with too many or too few fields", () => {
  const out = new BatchBuilder("activity", 100, 0);
  const splitter = new CsvSplitter("activity", "a.csv", { header: true });
  splitter.push("t,brand,user_id,user_session\n1,a,b,u1,s1\n2,u2\n", out);
  splitter.end(out);
  out.flush();
  assert.deepEqual(
    out.ready[0].quarantine.map((row) => [row.position, row.reason, row.raw]),
    [["a.csv:line 2", "malformed_csv", ""], ["a.csv:line 3", "malformed_csv", ""]],
  );
});

Deno.test("CsvSplitter takes the delimiter a spreadsheet names in a sep= first line", () => {
  const rows = splitAllWays(csv("auto"), "sep=;\r\nuser_id;price\r\nu1;1,5\r\n");
  assert.deepEqual(rows, [
    { position: "a.csv:line 3", raw: "u1;1,5", fields: { user_id: "u1", price: "1,5" } },
  ]);
});
