import assert from "node:assert/strict";
import { createApp } from "../../server/create_app.ts";
import { SseHub } from "../../server/sse_hub.ts";
import {
  FIXTURE_CATEGORIES,
  FIXTURE_MINUTES,
  fixtureMinute,
  writeFixtureLake,
} from "./fixture_lake.ts";
import { MemoryLiveFeed } from "./memory_live_feed.ts";
import { tempDir } from "../temp_dir.ts";

const BASE = "http://127.0.0.1:8080";
const lakeDir = await writeFixtureLake();

function app(live?: MemoryLiveFeed) {
  return createApp({ lakeDir, live, hub: new SseHub(), hostname: "127.0.0.1", port: 8080 });
}

async function getJson(path: string, live?: MemoryLiveFeed): Promise<Record<string, unknown>[]> {
  const res = await app(live).request(BASE + path);
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  assert.match(res.headers.get("content-type") ?? "", /application\/json/);
  return await res.json();
}

Deno.test("/api/months lists the months of the monthly reports in order", async () => {
  assert.deepEqual(await getJson("/api/months"), ["2019-10", "2019-11", "2019-12"]);
});

Deno.test("/api/top_products defaults to the latest month and takes ?month=", async () => {
  const latest = await getJson("/api/top_products");
  assert.equal(latest.length, 10);
  assert.ok(latest.every((row) => row.month === "2019-12"));
  assert.deepEqual(latest.map((row) => row.rank), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const october = await getJson("/api/top_products?month=2019-10");
  assert.equal(october[0].product_id, "P1000");
});

Deno.test("/api/top_products answers 400 naming a malformed month", async () => {
  const res = await app().request(`${BASE}/api/top_products?month=2019-13`);
  assert.equal(res.status, 400);
  assert.match((await res.json()).error, /"2019-13"/);
});

Deno.test("/api/monthly_revenue returns all months, or a [from, to] month range", async () => {
  assert.equal((await getJson("/api/monthly_revenue")).length, 3);
  const range = await getJson("/api/monthly_revenue?from=2019-11&to=2019-12");
  assert.deepEqual(range.map((row) => row.month), ["2019-11", "2019-12"]);
  assert.deepEqual(Object.keys(range[0]).sort(), [
    "gross",
    "month",
    "net",
    "orders",
    "refunds",
    "returns",
  ]);
});

Deno.test("/api/inventory_turnover returns category × month rows with null turnover kept", async () => {
  const rows = await getJson("/api/inventory_turnover");
  assert.equal(rows.length, 3 * FIXTURE_CATEGORIES.length);
  assert.equal(rows.filter((row) => row.turnover === null).length, 1);
  assert.equal(
    (await getJson("/api/inventory_turnover?month=2019-11")).length,
    FIXTURE_CATEGORIES.length,
  );
});

Deno.test("/api/purchase_behavior, /api/ratings and /api/ratings_by_category filter by month", async () => {
  assert.equal((await getJson("/api/purchase_behavior")).length, 3);
  assert.deepEqual(
    (await getJson("/api/purchase_behavior?month=2019-10")).map((r) => r.purchases),
    [1000],
  );
  const ratings = await getJson("/api/ratings");
  assert.equal(ratings.length, 3);
  assert.ok(ratings.every((row) => row.month === "2019-12"));
  assert.equal(
    (await getJson("/api/ratings_by_category?month=2019-11")).length,
    FIXTURE_CATEGORIES.length,
  );
});

Deno.test("/api/quality returns the quality rows including valid and total_input", async () => {
  const rows = await getJson("/api/quality");
  assert.equal(rows.length, 7);
  assert.ok(rows.some((row) => row.reason === "total_input" && row.count === 5000));
});

Deno.test("per-minute routes default to the 24 hours ending at the latest minute, sorted", async () => {
  const rows = await getJson("/api/active_users");
  assert.equal(rows.length, 24 * 60);
  assert.equal(rows.at(-1)!.minute, fixtureMinute(FIXTURE_MINUTES - 1));
  assert.equal(rows[0].minute, fixtureMinute(FIXTURE_MINUTES - 24 * 60));
  const counts = await getJson("/api/event_counts");
  assert.equal(counts.length, 4 * 24 * 60);
});

Deno.test("per-minute routes take ?from= inclusive and ?to= exclusive in any ISO form", async () => {
  const from = fixtureMinute(10).replace(".000Z", "Z");
  const rows = await getJson(`/api/conversion?from=${from}&to=${fixtureMinute(15)}`);
  assert.deepEqual(rows.map((row) => row.minute), [10, 11, 12, 13, 14].map(fixtureMinute));
  const alerts = await getJson(`/api/alerts?from=${fixtureMinute(0)}`);
  assert.deepEqual(alerts.map((row) => row.id), ["a1", "a2"]);
});

Deno.test("per-minute routes answer 400 naming an unparsable time", async () => {
  const res = await app().request(`${BASE}/api/active_users?from=yesterday`);
  assert.equal(res.status, 400);
  assert.match((await res.json()).error, /"yesterday"/);
});

Deno.test("per-minute routes read the live feed instead of the lake when there is one", async () => {
  const live = new MemoryLiveFeed();
  live.addMinute("2024-05-01T10:00:00.000Z", 7, { view: 3 });
  live.addMinute("2024-05-01T10:01:00.000Z", 8, { view: 4, purchase: 1 });
  assert.deepEqual(await getJson("/api/active_users", live), [
    { minute: "2024-05-01T10:00:00.000Z", active_users: 7 },
    { minute: "2024-05-01T10:01:00.000Z", active_users: 8 },
  ]);
  const later = await getJson("/api/event_counts?from=2024-05-01T10:01:00Z", live);
  assert.deepEqual(later.map((row) => row.event_type), ["view", "purchase"]);
  assert.deepEqual(await getJson("/api/alerts", live), []);
});

Deno.test("per-minute routes over a live feed default to its 2 hours ending at the latest minute, never the lake's history", async () => {
  const live = new MemoryLiveFeed();
  const start = Date.UTC(2026, 0, 1, 8);
  for (let i = 0; i < 180; i++) {
    live.addMinute(new Date(start + i * 60_000).toISOString(), 10 + i, { view: 1 });
  }
  const rows = await getJson("/api/active_users", live);
  assert.equal(rows.length, 120);
  assert.equal(rows[0].minute, "2026-01-01T09:00:00.000Z");
  assert.equal(rows.at(-1)!.minute, "2026-01-01T10:59:00.000Z");
  // The lake fixture has per-minute history; none of it leaks into the live view.
  assert.ok((await getJson("/api/active_users")).length > 0);
  assert.ok(rows.every((row) => String(row.minute).startsWith("2026-")));
});

Deno.test("/api/gauges returns the live gauges, quarantine and client count", async () => {
  const live = new MemoryLiveFeed();
  live.gaugeValues = { events_in: 12, consumer_lag: 3 };
  live.quarantine = { late: 2 };
  const res = await app(live).request(`${BASE}/api/gauges`);
  assert.deepEqual(await res.json(), {
    gauges: { events_in: 12, consumer_lag: 3 },
    quarantine: { late: 2 },
    sse_clients: 0,
    scope: "live pipeline since this process started",
  });
});

Deno.test("report routes return [] and months [] while the lake has no reports", async () => {
  await using temp = await tempDir();
  const empty = temp.path;
  const bare = createApp({ lakeDir: empty, hub: new SseHub(), hostname: "127.0.0.1", port: 8080 });
  for (const path of ["/api/months", "/api/top_products", "/api/active_users", "/api/quality"]) {
    const res = await bare.request(BASE + path);
    assert.equal(res.status, 200, path);
    assert.deepEqual(await res.json(), [], path);
  }
});

Deno.test("/api/top_products defaults to the summary's last complete month when the replay wrote one", async () => {
  const dir = await writeFixtureLake();
  await Deno.writeTextFile(
    `${dir}/reports/summary.json`,
    JSON.stringify([{
      last_complete_month: "2019-11",
      latest_transaction: "2019-12-09T10:00:00.000Z",
      records: 9,
    }]),
  );
  const withSummary = createApp({
    lakeDir: dir,
    hub: new SseHub(),
    hostname: "127.0.0.1",
    port: 8080,
  });
  const rows = await (await withSummary.request(`${BASE}/api/top_products`)).json();
  assert.ok(rows.length === 10 && rows.every((row: { month: string }) => row.month === "2019-11"));
  const ratings = await (await withSummary.request(`${BASE}/api/ratings`)).json();
  assert.ok(ratings.every((row: { month: string }) => row.month === "2019-11"));
  const summary = await (await withSummary.request(`${BASE}/api/summary`)).json();
  assert.equal(summary.last_complete_month, "2019-11");
  assert.deepEqual(await (await app().request(`${BASE}/api/summary`)).json(), {});
});

Deno.test("/api/config gives the currency: --currency, else the replay's, else USD", async () => {
  const config = await app().request(`${BASE}/api/config`);
  assert.deepEqual(await config.json(), {
    currency: "USD",
    currency_source: "default",
    live: false,
  });
  const given = createApp({
    lakeDir,
    hub: new SseHub(),
    hostname: "127.0.0.1",
    port: 8080,
    currency: "EUR",
    live: new MemoryLiveFeed(),
  });
  assert.deepEqual(await (await given.request(`${BASE}/api/config`)).json(), {
    currency: "EUR",
    currency_source: "option",
    live: true,
  });
  await using temp = await tempDir();
  const gbp = temp.path;
  await Deno.mkdir(`${gbp}/reports`);
  await Deno.writeTextFile(
    `${gbp}/reports/summary.json`,
    JSON.stringify([{ last_complete_month: "2011-11", currency: "GBP" }]),
  );
  const fromData = createApp({
    lakeDir: gbp,
    hub: new SseHub(),
    hostname: "127.0.0.1",
    port: 8080,
  });
  assert.deepEqual(await (await fromData.request(`${BASE}/api/config`)).json(), {
    currency: "GBP",
    currency_source: "data",
    live: false,
  });
});

Deno.test("/api/products lists names, or only ?ids=; /api/top_products?by=revenue reads its report", async () => {
  await using temp = await tempDir();
  const dir = temp.path;
  await Deno.mkdir(`${dir}/reports`);
  const products = [
    { product_id: "P1", name: "Novel", category: "books", brand: null },
    { product_id: "P2", name: "Lamp", category: "home", brand: "acme" },
  ];
  await Deno.writeTextFile(`${dir}/reports/products.json`, JSON.stringify(products));
  const byRevenue = [{ month: "2019-12", rank: 1, product_id: "P2", units: 1, revenue: 99.5 }];
  await Deno.writeTextFile(
    `${dir}/reports/top_products_by_revenue.json`,
    JSON.stringify(byRevenue),
  );
  const api = createApp({ lakeDir: dir, hub: new SseHub(), hostname: "127.0.0.1", port: 8080 });
  assert.deepEqual(await (await api.request(`${BASE}/api/products`)).json(), products);
  assert.deepEqual(await (await api.request(`${BASE}/api/products?ids=P2,P9`)).json(), [
    products[1],
  ]);
  assert.deepEqual(
    await (await api.request(`${BASE}/api/top_products?by=revenue`)).json(),
    byRevenue,
  );
  const bad = await api.request(`${BASE}/api/top_products?by=price`);
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error, /by must be units or revenue: "price"/);
});
