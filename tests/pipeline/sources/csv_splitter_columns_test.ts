import assert from "node:assert/strict";
import { BatchBuilder } from "../../../pipeline/sources/batch_builder.ts";
import { CsvSplitter } from "../../../pipeline/sources/csv_splitter.ts";
import { splitAllWays } from "./splitter_fixture.ts";

const COLUMNS = ["InvoiceNo", "Quantity", "CustomerID"];

Deno.test("CsvSplitter names a headerless file's fields by the given columns", () => {
  const make = () => new CsvSplitter("transactions", "d.csv", { columns: COLUMNS });
  assert.deepEqual(splitAllWays(make, "536365,6,17850.0\n"), [
    {
      position: "d.csv:line 1",
      raw: "536365,6,17850.0",
      fields: { InvoiceNo: "536365", Quantity: "6", CustomerID: "17850.0" },
    },
  ]);
});

Deno.test("CsvSplitter takes a first row naming one of the given columns as the header", () => {
  const splitter = new CsvSplitter("transactions", "d.csv", { columns: COLUMNS });
  const out = new BatchBuilder("transactions", 100, 0);
  splitter.push("CustomerID,InvoiceNo,Quantity\n17850.0,536365,6\n", out);
  splitter.end(out);
  out.flush();
  assert.equal(splitter.hasHeader, true);
  assert.deepEqual(splitter.columnNames, ["CustomerID", "InvoiceNo", "Quantity"]);
  assert.deepEqual(out.ready[0].records[0].fields, {
    CustomerID: "17850.0",
    InvoiceNo: "536365",
    Quantity: "6",
  });
});

Deno.test("CsvSplitter reports no header for a headerless file and the columns it uses", () => {
  const splitter = new CsvSplitter("transactions", "d.csv", { columns: COLUMNS });
  const out = new BatchBuilder("transactions", 100, 0);
  assert.equal(splitter.columnNames, null);
  splitter.push("536365,6,17850.0\n", out);
  assert.equal(splitter.hasHeader, false);
  assert.deepEqual(splitter.columnNames, COLUMNS);
});

Deno.test("CsvSplitter keeps no text of a malformed row of a headerless file", () => {
  const splitter = new CsvSplitter("transactions", "d.csv", { columns: COLUMNS });
  const out = new BatchBuilder("transactions", 100, 0);
  splitter.push("536365,6,17850.0\n536366,1,2,13047.0\n", out);
  splitter.end(out);
  out.flush();
  const row = out.ready[0].quarantine[0];
  assert.equal(row.reason, "malformed_csv");
  assert.equal(row.position, "d.csv:line 2");
  assert.equal(row.raw, "");
});

Deno.test("CsvSplitter matches header names to the given columns in any case and spacing", () => {
  const splitter = new CsvSplitter("transactions", "d.csv", { columns: COLUMNS });
  const out = new BatchBuilder("transactions", 100, 0);
  splitter.push("invoiceno;QUANTITY; Customer ID \n536365;6;17850.0\n", out);
  splitter.end(out);
  out.flush();
  assert.equal(splitter.delimiter, ";");
  assert.deepEqual(splitter.columnNames, COLUMNS);
  assert.deepEqual(out.ready[0].records[0].layout, {
    format: "csv",
    delimiter: ";",
    names: COLUMNS,
  });
});
