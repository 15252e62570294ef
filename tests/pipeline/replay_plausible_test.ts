import assert from "node:assert/strict";
import type { QualityRow } from "../../operators/quality.ts";
import { replay } from "../../pipeline/replay.ts";
import { groupInputs } from "../../pipeline/sources/group_inputs.ts";
import { createPseudonymizer } from "../../pipeline/pseudonymizer.ts";
import { readTable } from "../../pipeline/lake/read_table.ts";
import { plausibleTimeAt } from "../../operators/plausible_time.ts";
import { lastCompleteMonth } from "../../operators/top_products.ts";

const KEY = new TextEncoder().encode("plausible-test-key-0123456789abcdef");
// The window a run starting at this "now" uses; tests pass it explicitly, as the command does.
const WINDOW = plausibleTimeAt(Date.UTC(2026, 0, 15));

const ACTIVITY = [
  "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session",
  "2025-10-01 10:00:00 UTC,view,p1,,,,10.00,u1,s1",
  "2025-10-01 10:01:00 UTC,view,p1,,,,-10.00,u1,s1",
  "9999-12-31 00:00:00 UTC,view,p1,,,,10.00,u1,s1",
  "2025-10-01 10:02:00 UTC,purchase,p1,,,,10.00,u1,s1",
].join("\n") + "\n";

function tx(id: string, timestamp: string, unitPrice = 10): string {
  return JSON.stringify({
    transaction_id: id,
    order_id: `o-${id}`,
    user_id: "u1",
    product_id: "p1",
    quantity: 1,
    unit_price: unitPrice,
    type: "purchase",
    timestamp,
    country: "DE",
    payment_method: "card",
  });
}

const TRANSACTIONS = [
  tx("t1", "2025-10-01T10:02:00Z"),
  tx("t2", "2025-11-03T10:00:00Z"),
  tx("t3", "9999-12-31T00:00:00Z"),
  tx("t4", "1970-01-01T00:00:00Z"),
  tx("t5", "2025-11-04T10:00:00Z", -5),
].join("\n") + "\n";

async function run(plausible: boolean) {
  const dir = await Deno.makeTempDir({ prefix: "replay_plausible_" });
  await Deno.writeTextFile(`${dir}/activity.csv`, ACTIVITY);
  await Deno.writeTextFile(`${dir}/transactions.ndjson`, TRANSACTIONS);
  const lake = `${dir}/lake`;
  const summary = await replay({
    inputs: await groupInputs([dir]),
    lake,
    batchSize: 2,
    lateness: 5 * 60_000,
    lookback: 24 * 3_600_000,
    topN: 10,
    spike: {},
    pseudonym: createPseudonymizer(KEY),
    progress: false,
    plausibleTime: plausible ? WINDOW : undefined,
  });
  return { dir, lake, summary };
}

function reasons(rows: readonly QualityRow[], source: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) if (r.source === source) out[String(r.reason)] = Number(r.count);
  return out;
}

Deno.test("replay() quarantines a year-9999 transaction, so the last complete month stays real", async () => {
  const { dir, lake, summary } = await run(true);
  try {
    const tx = reasons(summary.quality, "transactions");
    assert.equal(tx.total_input, 5);
    assert.equal(tx.valid, 2);
    assert.equal(tx.implausible_time, 2);
    assert.equal(tx.invalid_price, 1);
    assert.equal(summary.latestTransaction, Date.UTC(2025, 10, 3, 10));
    assert.equal(lastCompleteMonth(summary.latestTransaction), "2025-10");
    assert.deepEqual([...new Set(summary.topProducts.map((r) => r.month))], ["2025-10", "2025-11"]);
    const activity = reasons(summary.quality, "activity");
    assert.deepEqual(
      [activity.total_input, activity.valid, activity.invalid_price, activity.implausible_time],
      [4, 2, 1, 1],
    );
    const quarantine = await readTable(lake, "quarantine");
    assert.equal(quarantine.filter((r) => r.reason === "implausible_time").length, 3);
    const dates = [];
    for await (const e of Deno.readDir(`${lake}/quarantine`)) dates.push(e.name);
    assert.ok(!dates.some((d) => d.includes("9999") || d.includes("1970")), dates.join(","));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("replay() without a window takes year 9999 as the last complete month (what the window prevents)", async () => {
  const { dir, summary } = await run(false);
  try {
    // t4 (1970) is then merely late, behind the year-9999 watermark.
    assert.equal(reasons(summary.quality, "transactions").valid, 3);
    assert.equal(summary.latestTransaction, Date.UTC(9999, 11, 31));
    assert.equal(lastCompleteMonth(summary.latestTransaction), "9999-11");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
