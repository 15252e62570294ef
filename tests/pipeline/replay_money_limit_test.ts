/**
 * A month whose money lies beyond what a report holds to the cent (`MAX_MONEY`) must not stop a
 * replay: every line is valid (each below `MAX_LINE_TOTAL`), so the run completes, and the amounts
 * that cannot be written exactly are null, in the files and in the terminal summary alike.
 */

import assert from "node:assert/strict";
import { replayDefaults } from "./replay_defaults.ts";
import { readReportJson } from "../../pipeline/lake/report_writer.ts";
import { MAX_MONEY } from "../../operators/money.ts";

const PRICE = 999_999_999.99; // one unit below MAX_LINE_TOTAL
const LINES = Math.ceil(MAX_MONEY / PRICE) + 1; // 35,186: October's gross just passes MAX_MONEY

function line(n: number, timestamp: string, type = "purchase"): string {
  return JSON.stringify({
    transaction_id: `t${n}`,
    order_id: `o${n}`,
    user_id: `u${n % 7}`,
    product_id: `p${n % 3}`,
    quantity: 1,
    unit_price: PRICE,
    type,
    timestamp,
  });
}

Deno.test("replay() completes when a month's revenue passes MAX_MONEY; those amounts are null", async () => {
  const dir = await Deno.makeTempDir({ prefix: "replay_money_limit_" });
  try {
    const lines = [];
    for (let n = 0; n < LINES; n++) lines.push(line(n, "2025-10-05T10:00:00Z"));
    lines.push(line(LINES, "2025-10-06T10:00:00Z", "refund"));
    lines.push(line(LINES + 1, "2025-11-03T10:00:00Z"));
    await Deno.writeTextFile(`${dir}/transactions.ndjson`, lines.join("\n") + "\n");
    const lake = `${dir}/lake`;
    const summary = await replayDefaults(dir, lake);
    const expected = [
      { month: "2025-10", gross: null, refunds: PRICE, returns: 0, net: null, orders: LINES },
      { month: "2025-11", gross: PRICE, refunds: 0, returns: 0, net: PRICE, orders: 1 },
    ];
    assert.deepEqual(await readReportJson(lake, "monthly_revenue"), expected);
    assert.deepEqual(summary.monthlyRevenue, expected);
    // Each product's October revenue (a third of the lines) is still held to the cent.
    const october = summary.topProducts.filter((r) => r.month === "2025-10");
    assert.deepEqual(october.map((r) => r.units), [11_729, 11_729, 11_728]);
    assert.ok(october.every((r) => r.revenue !== null && r.revenue < MAX_MONEY));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
