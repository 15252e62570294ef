/**
 * The console on a lake whose names come from hostile input: a 100,000-character category (it
 * froze the tab: the heatmap cut labels a character at a time, measuring each), a 200-character
 * category without spaces (it widened the ratings table and the whole page, to 1,418 px on a
 * phone) and a product name with a right-to-left override (`exe.gnp` shown as `png.exe`); and
 * amounts too large for a report (null: shown as "—", never NaN).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { buildUi } from "../../server/build_ui.ts";
import { SseHub } from "../../server/sse_hub.ts";
import { startServer } from "../../server/start_server.ts";
import { FIXTURE_MONTHS, fixtureReports } from "../server/fixture_lake.ts";
import { MemoryLiveFeed } from "../server/memory_live_feed.ts";
import { removeQuietly } from "../temp_dir.ts";
import { openBrowser, overflowing } from "./browser_fixture.ts";

const HUGE = "C".repeat(100_000);
const WIDE = "x".repeat(200);
const SPOOF = "exe.\u202egnp";

/** The fixture's reports with the hostile names in every month. */
async function hostileLake(): Promise<string> {
  const reports = fixtureReports();
  for (const month of FIXTURE_MONTHS) {
    for (const category of [HUGE, WIDE]) {
      reports.inventory_turnover.push({
        month,
        category,
        units_sold: 10,
        opening_stock: 20,
        closing_stock: 10,
        avg_stock: 15,
        turnover: 0.667,
      });
      reports.ratings_by_category.push({ month, category, reviews: 3, avg_rating: 4 });
    }
  }
  // Amounts beyond what a report holds to the cent are null (operators/money.ts).
  Object.assign(reports.monthly_revenue.at(-1)!, { gross: null, net: null });
  Object.assign(reports.top_products.at(-1)!, { revenue: null });
  const byRevenue = { top_products_by_revenue: structuredClone(reports.top_products) };
  const first = reports.top_products.at(-1)!.product_id as string;
  reports.products = [{ product_id: first, name: SPOOF, category: WIDE, brand: "b" }];
  const dir = await Deno.makeTempDir({ prefix: "shopease_hostile_lake_" });
  await Deno.mkdir(join(dir, "reports"));
  for (const [name, rows] of Object.entries({ ...reports, ...byRevenue })) {
    await Deno.writeTextFile(join(dir, "reports", `${name}.json`), JSON.stringify(rows));
  }
  return dir;
}

/** Resolves with the page's answer, or rejects if its main thread is busy for `ms`. */
function answers(page: import("playwright-core").Page, ms: number): Promise<number> {
  return Promise.race([
    page.evaluate(() => 1),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`the page did not answer within ${ms} ms`)), ms)
    ),
  ]);
}

Deno.test({
  name: "hostile names: the console stays responsive, inside the screen, and shows no reordering",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const uiDir = await Deno.makeTempDir({ prefix: "shopease_ui_" });
    await buildUi({ outDir: uiDir });
    const lakeDir = await hostileLake();
    const server = startServer({
      lakeDir,
      live: new MemoryLiveFeed(),
      hub: new SseHub(),
      port: 0,
      uiDir,
      healthIntervalMs: 200,
    });
    const { page, problems, close } = await openBrowser();
    try {
      for (const [label, width, height] of [["desktop", 1280, 800], ["phone", 390, 844]] as const) {
        await page.setViewportSize({ width, height });
        await page.goto(server.url);
        await page.waitForSelector('[data-chart="inventory_turnover"]', { timeout: 20_000 });
        await page.waitForSelector("table.ratings th", { timeout: 20_000 });
        assert.equal(await answers(page, 5_000), 1, label);
        assert.deepEqual(await overflowing(page), [], label);
        const names = await page.$$eval(".bar-name", (els) => els.map((e) => e.textContent ?? ""));
        assert.ok(names.includes("exe.\ufffdgnp"), `${label}: ${names.join(" | ")}`);
        const shown = await page.$$eval(
          "table.ratings th, .bar-name, .product-name",
          (els) => els.map((e) => e.textContent ?? "").join(""),
        );
        assert.doesNotMatch(shown, /\u202e/, label);
        await page.click('button[data-by="revenue"]');
        await page.waitForSelector('[data-chart="top_products"][data-by="revenue"] .bar-value');
        const values = await page.$$eval(".bar-value", (els) => els.map((e) => e.textContent));
        assert.ok(values.includes("—"), `${label}: ${values.join(" | ")}`);
        const text = await page.evaluate(() => document.body.innerText);
        assert.doesNotMatch(text, /NaN|undefined|Infinity/, label);
        // The value axis's labels never run into each other ("$20K$30K" on a desktop's narrow
        // track, where the bars share a third of the page).
        const boxes = await page.$$eval(
          ".bar-ticks span",
          (els) =>
            els.filter((e) => getComputedStyle(e).visibility !== "hidden").map((e) => {
              const r = e.getBoundingClientRect();
              return [e.textContent, r.left, r.right] as const;
            }),
        );
        assert.ok(boxes.length >= 2, `${label}: ${JSON.stringify(boxes)}`);
        for (let i = 1; i < boxes.length; i++) {
          assert.ok(boxes[i][1] >= boxes[i - 1][2] + 4, `${label}: ${JSON.stringify(boxes)}`);
        }
        await page.click('button[data-by="units"]');
      }
      assert.deepEqual(problems, []);
    } finally {
      await close();
      await server.shutdown();
      await removeQuietly(lakeDir);
      await removeQuietly(uiDir);
    }
  },
});
