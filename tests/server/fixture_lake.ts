/**
 * A small, deterministic lake of reports for server and console tests.
 *
 * @module
 */

import { join } from "node:path";
import { fileTempDir } from "../temp_dir.ts";

/** Months present in the fixture lake. */
export const FIXTURE_MONTHS = ["2019-10", "2019-11", "2019-12"] as const;
/** Categories of the fixture's inventory report. */
export const FIXTURE_CATEGORIES = [
  "electronics",
  "computers",
  "appliances",
  "apparel",
  "home",
  "books",
];
/** First minute of the per-minute reports; they run for {@linkcode FIXTURE_MINUTES} minutes. */
export const FIXTURE_START = Date.UTC(2019, 11, 30, 0, 0);
/** Two days of minutes, so the default 24-hour window cuts them in half. */
export const FIXTURE_MINUTES = 2 * 24 * 60;

/** ISO minute `i` minutes after {@linkcode FIXTURE_START}. */
export function fixtureMinute(i: number): string {
  return new Date(FIXTURE_START + i * 60_000).toISOString();
}

/** The fixture's report rows by report name. */
export function fixtureReports(): Record<string, Record<string, unknown>[]> {
  const monthly_revenue = FIXTURE_MONTHS.map((month, m) => {
    const gross = 100_000 + 25_000 * m;
    return {
      month,
      gross,
      refunds: 1500 + 300 * m,
      returns: 2500,
      net: gross - 4000 - 300 * m,
      orders: 900 + 50 * m,
    };
  });
  const top_products = FIXTURE_MONTHS.flatMap((month, m) =>
    Array.from({ length: 10 }, (_, r) => ({
      month,
      rank: r + 1,
      product_id: `P${String(1000 + m * 10 + r)}`,
      units: 200 - r * 15,
      revenue: Math.round((20_000 - r * 1700) * (1 + m / 10)),
    }))
  );
  const inventory_turnover = FIXTURE_MONTHS.flatMap((month, m) =>
    FIXTURE_CATEGORIES.map((category, c) => {
      const avg = 400 + c * 50;
      const sold = 150 + ((c * 37 + m * 53) % 300);
      return {
        month,
        category,
        units_sold: sold,
        opening_stock: avg + 20,
        closing_stock: avg - 20,
        avg_stock: avg,
        turnover: c === 5 && m === 0 ? null : Math.round((sold / avg) * 1000) / 1000,
      };
    })
  );
  const purchase_behavior = FIXTURE_MONTHS.map((month, m) => ({
    month,
    purchases: 1000 + m,
    purchases_with_prior_views: 900,
    avg_views_before_purchase: 3.2,
    median_minutes_first_view_to_purchase: 14,
    view_to_cart_rate: 0.08,
    cart_to_purchase_rate: 0.3,
  }));
  const ratings = FIXTURE_MONTHS.flatMap((month, m) =>
    [0, 1, 2].map((p) => ({
      month,
      product_id: `P${1000 + m * 10 + p}`,
      reviews: 10 + p,
      avg_rating: 4.5 - p * 0.4,
    }))
  );
  const ratings_by_category = FIXTURE_MONTHS.flatMap((month) =>
    FIXTURE_CATEGORIES.map((category, c) => ({
      month,
      category,
      reviews: 20 + c,
      avg_rating: 3 + (c % 4) * 0.5,
    }))
  );
  const quality = [
    { source: "transactions", reason: "total_input", count: 1000 },
    { source: "transactions", reason: "valid", count: 990 },
    { source: "transactions", reason: "invalid_price", count: 6 },
    { source: "transactions", reason: "late", count: 4 },
    { source: "activity", reason: "total_input", count: 5000 },
    { source: "activity", reason: "valid", count: 4997 },
    { source: "activity", reason: "missing_field:user_id", count: 3 },
  ];
  const active_users = [];
  const conversion = [];
  const event_counts = [];
  for (let i = 0; i < FIXTURE_MINUTES; i++) {
    const minute = fixtureMinute(i);
    const wave = Math.round(50 * Math.sin(i / 90));
    active_users.push({ minute, active_users: 300 + wave });
    conversion.push({
      minute,
      sessions: 280 + wave,
      converted_sessions: 9,
      rate: 9 / (280 + wave),
    });
    for (
      const [type, base] of [["view", 900], ["cart", 80], ["remove_from_cart", 20], [
        "purchase",
        9,
      ]] as const
    ) {
      event_counts.push({ minute, event_type: type, count: base + wave });
    }
  }
  const alerts = [
    {
      id: "a1",
      event_type: "purchase",
      minute: fixtureMinute(2000),
      count: 60,
      baseline: 9,
      zscore: 5.1,
      state: "resolved",
    },
    {
      id: "a2",
      event_type: "view",
      minute: fixtureMinute(2500),
      count: 3000,
      baseline: 900,
      zscore: 4.2,
      state: "firing",
    },
  ];
  return {
    monthly_revenue,
    top_products,
    inventory_turnover,
    purchase_behavior,
    ratings,
    ratings_by_category,
    quality,
    active_users,
    conversion,
    event_counts,
    alerts,
  };
}

/**
 * Writes the fixture reports to `<lakeDir>/reports/<name>.json`; minute reports are written in
 * reverse order so the store's sorting is exercised. Without `lakeDir`, a temporary folder
 * is made, removed when the test file unloads.
 *
 * @returns the lake folder.
 */
export async function writeFixtureLake(lakeDir?: string): Promise<string> {
  const dir = lakeDir ?? fileTempDir({ prefix: "shopease_lake_" });
  await Deno.mkdir(join(dir, "reports"), { recursive: true });
  for (const [name, rows] of Object.entries(fixtureReports())) {
    const ordered = name === "active_users" ? rows.toReversed() : rows;
    await Deno.writeTextFile(join(dir, "reports", `${name}.json`), JSON.stringify(ordered));
  }
  return dir;
}
