import assert from "node:assert/strict";
import { float64Data, utf8Data } from "../../../pipeline/lake/arrow_data.ts";
import type { ColumnSpec } from "../../../pipeline/lake/lake_schema.ts";
import { columnsToIpc, IpcBuffer } from "../../../pipeline/lake/parquet_encode.ts";

const specs: ColumnSpec[] = [
  { name: "name", field: "name", kind: "utf8", nullable: false },
  { name: "price", field: "price", kind: "float64", nullable: false },
];

Deno.test("columnsToIpc() into a reused IpcBuffer gives the bytes of a new array, file after file", () => {
  const into = new IpcBuffer();
  for (const rows of [3, 5000, 2, 70_000, 10]) {
    const names = Array.from({ length: rows }, (_, i) => `product-${i * 7919}`);
    const prices = Float64Array.from({ length: rows }, (_, i) => i / 4);
    const columns = [utf8Data(names, rows), float64Data(prices, null, rows)];
    const fresh = columnsToIpc(specs, columns, rows);
    const reused = columnsToIpc(specs, columns, rows, into);
    assert.equal(reused.byteLength, fresh.byteLength);
    assert.ok(reused.every((byte, i) => byte === fresh[i]), `${rows} rows: bytes differ`);
  }
});
