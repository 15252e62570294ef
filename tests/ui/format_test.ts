import assert from "node:assert/strict";
import {
  currencySymbol,
  fmtCategory,
  fmtLabel,
  fmtMinute,
  fmtMoney,
  fmtSeconds,
  monthsBetween,
} from "../../ui/src/format.ts";
import { niceTicks } from "../../ui/src/components/top_products_chart.tsx";

Deno.test("fmtMoney() puts the currency's symbol on money, compact for axes, — for nothing", () => {
  assert.equal(fmtMoney(1234.5, "USD"), "$1,234.50");
  assert.equal(fmtMoney(1234.5, "GBP"), "£1,234.50");
  assert.equal(fmtMoney(250_000, "USD", true), "$250K");
  assert.equal(fmtMoney(null, "USD"), "—");
  assert.equal(currencySymbol("EUR"), "€");
});

Deno.test("times read as UTC, 24-hour", () => {
  assert.equal(fmtMinute("2025-10-01T13:37:00.000Z"), "2025-10-01 13:37 UTC");
  assert.equal(fmtSeconds(Date.UTC(2025, 0, 2, 23, 5) / 1000), "2025-01-02 23:05 UTC");
});

Deno.test("monthsBetween() lists every month, so a month without data becomes a gap", () => {
  assert.deepEqual(monthsBetween("2024-11", "2025-02"), [
    "2024-11",
    "2024-12",
    "2025-01",
    "2025-02",
  ]);
  assert.deepEqual(monthsBetween("2025-03", "2025-03"), ["2025-03"]);
  assert.deepEqual(monthsBetween("2025-03", "2025-01"), []);
});

Deno.test("niceTicks() gives round ticks from 0 up to at least the maximum", () => {
  assert.deepEqual(niceTicks(237), [0, 100, 200, 300]);
  assert.deepEqual(niceTicks(143_393.81), [0, 50_000, 100_000, 150_000]);
  assert.deepEqual(niceTicks(0), [0, 1]);
});

Deno.test("fmtLabel() shows line breaks as spaces and controls or bidi marks as �", () => {
  assert.equal(fmtLabel("exe.\u202egnp"), "exe.\ufffdgnp");
  assert.equal(fmtLabel("a\nb\tc\x1b[2J"), "a b c\ufffd[2J");
  assert.equal(fmtCategory("home_and_garden\u2066"), "home and garden\ufffd");
  assert.equal(fmtLabel("café ☕"), "café ☕");
});
