import assert from "node:assert/strict";
import { readTable } from "../../../pipeline/lake/read_table.ts";
import { checkOnlineRetail } from "./online_retail_check.ts";
import { duckdbQuery } from "./duckdb_query.ts";
import { REAL, reasonsOf, replayFormat } from "./replay_format.ts";
import { fileTempDir, tempDir } from "../../temp_dir.ts";

const SLICE = `${REAL}online-retail`;
const lake = fileTempDir({ prefix: "online_retail_" });
const summary = await replayFormat({ format: "online-retail" }, [SLICE], lake);

Deno.test("online-retail replay: every line is valid or quarantined under one of the preset's reasons", async () => {
  const { rows } = await duckdbQuery("", { csv: `${SLICE}/*.csv` }, {
    rows:
      "SELECT count(*) AS n FROM read_csv(getvariable('csv'), header = true, all_varchar = true)",
  });
  const reasons = reasonsOf(summary, "transactions");
  assert.equal(reasons.total_input, Number(rows[0].n));
  assert.equal(summary.records, Number(rows[0].n));
  const allowed = ["valid", "total_input", "missing_user_id", "invalid_price", "invalid_quantity"];
  for (const reason of Object.keys(reasons)) assert.ok(allowed.includes(reason), reason);
  assert.ok(reasons.missing_user_id > 1000 && reasons.invalid_price > 0, JSON.stringify(reasons));
});

Deno.test("online-retail replay: rows per reason, monthly revenue and top products equal DuckDB's to the cent", async () => {
  const check = await checkOnlineRetail(SLICE, lake);
  assert.deepEqual(check.reasons.replay, check.reasons.duckdb);
  assert.deepEqual(check.months.map((m) => m.month), ["2011-04", "2011-07", "2011-08", "2011-09"]);
  for (const m of check.months) assert.deepEqual(m.replay, m.duckdb, m.month);
  assert.deepEqual(check.topProductMismatches, []);
  assert.equal(check.topProductRows, 40);
  assert.ok(check.ok);
});

Deno.test("online-retail replay: the lake holds each valid line once, with invoice-position ids and returns", async () => {
  const tx = await readTable(lake, "transactions");
  assert.equal(tx.length, reasonsOf(summary, "transactions").valid);
  const ids = new Set(tx.map((t) => String(t.transaction_id)));
  assert.equal(ids.size, tx.length);
  for (const t of tx) {
    assert.match(String(t.transaction_id), new RegExp(`^${t.order_id}:\\d+$`));
    assert.equal(t.type, String(t.order_id).startsWith("C") ? "return" : "purchase");
    assert.ok(Number(t.quantity) > 0 && Number(t.unit_price) > 0);
  }
  const pads = tx.filter((t) => t.product_id === "PADS");
  assert.ok(pads.length > 0 && pads.every((t) => t.unit_price === 0.001));
});

Deno.test("online-retail replay: no raw CustomerID reaches the lake, quarantine text included", async () => {
  const { ids } = await duckdbQuery("", { csv: `${SLICE}/*.csv` }, {
    ids: "SELECT DISTINCT CustomerID AS id FROM read_csv(getvariable('csv'), header = true, " +
      "all_varchar = true) WHERE CustomerID IS NOT NULL",
  });
  const raw = new Set<string>();
  for (const { id } of ids) {
    raw.add(String(id));
    raw.add(String(id).replace(/\.0$/, ""));
  }
  assert.ok(raw.size > 400, `${raw.size} ids`);
  for (const t of await readTable(lake, "transactions")) {
    assert.ok(!raw.has(String(t.user_id)), `transactions.user_id ${t.user_id}`);
  }
  const priced = (await readTable(lake, "quarantine")).filter((q) => q.reason === "invalid_price");
  assert.ok(priced.length > 0);
  for (const q of priced) {
    const fields = String(q.raw).split(",");
    const customer = fields[fields.length - 2];
    assert.ok(customer !== "" && !raw.has(customer), `quarantine raw ${q.raw}`);
  }
});

Deno.test("online-retail replay: the same lines without a header row give the same reports", async () => {
  await using temp = await tempDir({ prefix: "online_retail_headerless_" });
  const dir = temp.path;
  for await (const entry of Deno.readDir(SLICE)) {
    const text = await Deno.readTextFile(`${SLICE}/${entry.name}`);
    await Deno.writeTextFile(`${dir}/${entry.name}`, text.slice(text.indexOf("\n") + 1));
  }
  const again = await replayFormat({ format: "online-retail" }, [dir], `${dir}/lake`);
  assert.deepEqual(again.monthlyRevenue, summary.monthlyRevenue);
  assert.deepEqual(again.topProducts, summary.topProducts);
  assert.deepEqual(reasonsOf(again, "transactions"), reasonsOf(summary, "transactions"));
});
