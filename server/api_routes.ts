/**
 * JSON snapshot routes under `/api`: replayed reports from the lake, per-minute metrics from the
 * live feed when there is one. A live console shows live minutes only: the replayed history's
 * per-minute reports (months or years back) are what the per-minute routes answer when no live
 * pipeline runs, the replay-only view.
 *
 * @module
 */

import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { LiveFeed, LiveMetric } from "./live_feed.ts";
import {
  latestMonth,
  liveWindow,
  minuteWindow,
  parseMinute,
  parseMonth,
  rowsInRange,
} from "./report_query.ts";
import type { ReportName, ReportStore } from "./report_store.ts";
import type { SseHub } from "./sse_hub.ts";
import type { HealthEvent } from "./console_events.ts";

/** What the API routes read from. */
export interface ApiSources {
  store: ReportStore;
  live?: LiveFeed;
  hub: SseHub;
  /** ISO 4217 code the console shows money in; else the replay's, else {@linkcode DEFAULT_CURRENCY}. */
  currency?: string;
}

/** Currency of money columns when neither `--currency` nor the data's format names one. */
export const DEFAULT_CURRENCY = "USD";

/** What `/api/gauges` and the live half of `/metrics` count. */
export const LIVE_SCOPE = "live pipeline since this process started";

const LIVE_METRICS: readonly LiveMetric[] = [
  "active_users",
  "conversion",
  "event_counts",
  "alerts",
];
const MONTHLY: readonly ReportName[] = ["monthly_revenue", "top_products", "inventory_turnover"];

/**
 * Builds the `/api` routes. Monthly reports take `?month=YYYY-MM` (top products and ratings
 * default to the replay summary's `last_complete_month`, else the latest month present) or
 * `?from=&to=` months; per-minute routes take `?from=&to=` ISO minutes (`[from, to)`; default:
 * with a live feed, its 2 hours ending at the latest minute, open minutes marked `partial`;
 * without, the lake's 24 hours ending at its latest minute).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hono } from "hono";
 * import { ReportStore } from "./report_store.ts";
 * import { SseHub } from "./sse_hub.ts";
 * const lake = await Deno.makeTempDir(); // a lake without reports yet
 * const app = new Hono();
 * app.route("/api", apiRoutes({ store: new ReportStore(lake), hub: new SseHub() }));
 * // GET /api/top_products?month=2019-11 → [{ month, rank, product_id, units, revenue }, ...]
 * const res = await app.request("/api/top_products?month=2019-11");
 * assert.equal(res.status, 200);
 * await res.body?.cancel();
 * await Deno.remove(lake, { recursive: true });
 * ```
 */
export function apiRoutes({ store, live, hub, currency }: ApiSources): Hono {
  const api = new Hono();

  api.get("/config", async (c) => {
    const fromData = (await store.read("summary")).slice(0, 1)[0]?.currency;
    const [code, source] = currency
      ? [currency, "option"]
      : typeof fromData === "string" && fromData !== ""
      ? [fromData, "data"]
      : [DEFAULT_CURRENCY, "default"];
    return c.json({ currency: code, currency_source: source, live: live !== undefined });
  });

  api.get("/products", async (c) => {
    const rows = (await store.read("products")).slice();
    const ids = c.req.query("ids");
    if (ids === undefined || ids === "") return c.json(rows);
    const wanted = new Set(ids.split(","));
    return c.json(rows.filter((row) => wanted.has(String(row.product_id))));
  });

  for (const name of ["top_products", "ratings", "ratings_by_category"] as const) {
    api.get(`/${name}`, async (c) => {
      const table = await store.read(
        name === "top_products" ? topProductsReport(c.req.query("by")) : name,
      );
      const month = parseMonth("month", c.req.query("month")) ??
        await lastCompleteMonth(store) ?? latestMonth(table);
      return c.json(
        month === undefined ? [] : rowsInRange(table, "month", month, nextMonth(month)),
      );
    });
  }

  for (const name of ["monthly_revenue", "inventory_turnover", "purchase_behavior"] as const) {
    api.get(`/${name}`, async (c) => {
      const table = await store.read(name);
      const month = parseMonth("month", c.req.query("month"));
      if (month !== undefined) return c.json(rowsInRange(table, "month", month, nextMonth(month)));
      const from = parseMonth("from", c.req.query("from"));
      const to = parseMonth("to", c.req.query("to"));
      return c.json(rowsInRange(table, "month", from, to && nextMonth(to)));
    });
  }

  api.get("/summary", async (c) => c.json((await store.read("summary")).slice(0, 1)[0] ?? {}));

  api.get("/quality", async (c) => c.json((await store.read("quality")).slice()));

  for (const metric of LIVE_METRICS) {
    api.get(`/${metric}`, async (c) => {
      const from = parseMinute("from", c.req.query("from"));
      const to = parseMinute("to", c.req.query("to"));
      if (live) return c.json(liveWindow(await live.query(metric, from, to), from, to));
      return c.json(minuteWindow(await store.read(metric), from, to));
    });
  }

  api.get("/months", async (c) => {
    const months = new Set<string>();
    for (const name of MONTHLY) {
      const table = await store.read(name);
      for (let i = 0; i < table.length; i++) months.add(String(table.get(i, "month")));
    }
    return c.json([...months].sort());
  });

  api.get("/gauges", (c) =>
    c.json(
      {
        gauges: live?.gauges() ?? {},
        quarantine: live?.quarantineByReason() ?? {},
        sse_clients: hub.clientCount,
        scope: live ? LIVE_SCOPE : "no live pipeline: see /api/quality for the last replay",
      } satisfies HealthEvent,
    ));

  return api;
}

/** `last_complete_month` of the replay's `summary` report, when there is one. */
async function lastCompleteMonth(store: ReportStore): Promise<string | undefined> {
  const summary = await store.read("summary");
  const month = summary.length > 0 ? summary.get(0, "last_complete_month") : null;
  return typeof month === "string" && month !== "" ? month : undefined;
}

/** `2019-12` → `2020-01`: the exclusive upper bound of a month. */
function nextMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, "0")}`;
}

/** The report behind `/api/top_products?by=`: `units` (default) or `revenue`. */
function topProductsReport(by: string | undefined): ReportName {
  if (by === undefined || by === "" || by === "units") return "top_products";
  if (by === "revenue") return "top_products_by_revenue";
  throw new HTTPException(400, { message: `by must be units or revenue: "${by}"` });
}
