/**
 * The console as a product, as a new user meets it: the real `main.ts start` on an empty lake
 * (generated history backfilled, in-process simulator), opened in Debian Chromium at a desktop
 * (1440×900) and a phone (390×844) size. Checks product names in the top 10, money with a
 * currency, the range control changing what the per-minute charts show (served by the store),
 * nothing overflowing its panel, no browser problems and no serious or critical axe-core finding.
 *
 * Set `CONSOLE_SCREENSHOT_DIR=docs` to keep `console.png` and `console-phone.png`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import axe from "axe-core";
import type { Page } from "playwright-core";
import { removeQuietly } from "../temp_dir.ts";
import { freePort, openBrowser, overflowing } from "./browser_fixture.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

/** One axe-core finding, as far as the test reads it. */
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core violations of impact serious or critical, one line each. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const { axe } = globalThis as unknown as {
      axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> };
    };
    return (await axe.run(document, { resultTypes: ["violations"] })).violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(" ")})`);
}

const points = async (page: Page, name: string) =>
  Number(await page.getAttribute(`[data-chart="${name}"]`, "data-points"));

Deno.test({
  name:
    "deno task start on an empty lake: names, money, ranges, no overflow and axe-clean at desktop and phone sizes",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const lake = await Deno.makeTempDir({ prefix: "shopease-console-product-" });
    const port = freePort();
    const url = `http://127.0.0.1:${port}`;
    const started = performance.now();
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", MAIN, "start", "--port", String(port), "--lake", lake],
      env: { KAFKA_BROKERS: "", REDIS_URL: "", SHOPEASE_LOG_LEVEL: "info" },
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const log: string[] = [];
    const drained = child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
      new WritableStream({ write: (chunk) => void log.push(chunk) }),
    );
    const { page, problems, close } = await openBrowser();
    try {
      // The first visit: the page is up as soon as the server is; the top 10 shows when ready.
      for (;;) {
        try {
          await page.goto(url, { timeout: 2000 });
          break;
        } catch {
          if (performance.now() - started > 60_000) throw new Error(`no console:\n${log.join("")}`);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
      const shots = Deno.env.get("CONSOLE_SCREENSHOT_DIR");
      for (const [label, width, height] of [["desktop", 1440, 900], ["phone", 390, 844]] as const) {
        await page.setViewportSize({ width, height });
        await page.goto(url);
        await page.waitForSelector('[data-chart="top_products"][data-points="10"]', {
          timeout: 60_000,
        });
        if (label === "desktop") {
          const seconds = (performance.now() - started) / 1000;
          console.log(`top 10 shown ${seconds.toFixed(1)} s after start (target: 10 s idle)`);
          // Shared 2-core CI machines run several suites at once: a loose bound, the figure is printed.
          assert.ok(seconds < 60, `top 10 took ${seconds.toFixed(1)} s:\n${log.join("")}`);
        }
        await page.waitForSelector('[data-connection="live"]', { timeout: 10_000 });

        // Product names, the id on hover; the best product sold hundreds of units.
        const names = await page.$$eval(".bar-name", (els) => els.map((e) => e.textContent ?? ""));
        assert.equal(names.length, 10, label);
        for (const name of names) {
          assert.doesNotMatch(name, /^(product )?\d+$/, `${label}: ${name}`);
        }
        const hover = await page.getAttribute(".bar-row", "title") ?? "";
        assert.match(hover, /product id \d+/);
        const best = Number((await page.textContent(".bar-row .bar-value"))!.replaceAll(",", ""));
        assert.ok(best >= 200, `${label}: the best product sold ${best} units`);

        // Revenue: the toggle ranks by revenue, in dollars (no --currency: the default USD).
        await page.click('.toggle button[data-by="revenue"]');
        await page.waitForSelector('[data-chart="top_products"][data-by="revenue"]');
        await page.waitForFunction(() =>
          document.querySelector(".bar-row .bar-value")?.textContent?.startsWith("$")
        );
        const revenues = await page.$$eval(".bar-value", (els) => els.map((e) => e.textContent));
        assert.ok(revenues.every((v) => v?.startsWith("$")), revenues.join(" "));
        assert.match(await page.textContent(".axis-title") ?? "", /revenue \(USD\)/);
        const chart = await page.$('[data-chart="monthly_revenue"] .u-over');
        await chart!.scrollIntoViewIfNeeded();
        const box = (await chart!.boundingBox())!;
        await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
        const legend = await page.textContent('[data-chart="monthly_revenue"] .u-legend') ?? "";
        assert.match(legend, /\$[\d,]+\.\d\d/, legend);
        await page.click('.toggle button[data-by="units"]');
        await page.waitForSelector('[data-chart="top_products"][data-by="units"]');

        // The range control changes the per-minute charts, from the store (the page's memory
        // is cleared on a change, so the wider range's minutes come from the server).
        const caption = async () =>
          await page.getAttribute('[data-chart="active_users"]', "aria-label");
        await page.selectOption("#minute-range", "15m");
        await page.waitForFunction(() =>
          Number(
            document.querySelector('[data-chart="active_users"]')?.getAttribute("data-points"),
          ) <= 16
        );
        const narrow = await caption();
        await page.selectOption("#minute-range", "6h");
        await page.waitForFunction(() =>
          Number(
            document.querySelector('[data-chart="active_users"]')?.getAttribute("data-points"),
          ) >= 55
        );
        assert.notEqual(await caption(), narrow);
        assert.ok(await points(page, "event_counts") >= 55);
        // A custom range: ten minutes ending twenty minutes ago (UTC), fixed.
        const end = Math.floor(Date.now() / 60_000) * 60_000 - 20 * 60_000;
        const text = (ms: number) => new Date(ms).toISOString().slice(0, 16);
        await page.selectOption("#minute-range", "custom");
        await page.fill(".custom-range input >> nth=0", text(end - 10 * 60_000));
        await page.fill(".custom-range input >> nth=1", text(end));
        await page.click(".custom-range button");
        await page.waitForFunction(() => {
          const n = Number(
            document.querySelector('[data-chart="active_users"]')?.getAttribute("data-points"),
          );
          return n >= 9 && n <= 10;
        });
        assert.match(await caption() ?? "", new RegExp(text(end - 10 * 60_000).replace("T", " ")));
        // The cards keep following the newest minutes while the charts show the past.
        const hint = await page.textContent('[data-card="active_users"] .card-hint') ?? "";
        const [hh, mm] = hint.slice(0, 5).split(":").map(Number);
        const now = new Date();
        const behind = (now.getUTCHours() * 60 + now.getUTCMinutes() - (hh * 60 + mm) + 1440) %
          1440;
        assert.ok(behind <= 5, `the card shows ${hint}, ${behind} minutes behind`);
        await page.selectOption("#minute-range", "1h");
        await page.waitForFunction(() =>
          Number(
            document.querySelector('[data-chart="active_users"]')?.getAttribute("data-points"),
          ) <= 61
        );
        // Cards: the last complete minute, the open one marked.
        assert.match(
          await page.textContent('[data-card="active_users"] .card-hint') ?? "",
          /^\d\d:\d\d UTC/,
        );

        await page.mouse.move(1, 1);
        await page.waitForTimeout(500);
        assert.deepEqual(await overflowing(page), [], label);
        assert.deepEqual(await axeViolations(page), [], label);
        if (shots) {
          const file = join(shots, label === "desktop" ? "console.png" : "console-phone.png");
          await page.screenshot({ path: file, fullPage: true });
          console.log(`screenshot: ${file}`);
        }
      }
      assert.deepEqual(problems, []);
    } finally {
      await close();
      child.kill("SIGTERM");
      await child.status;
      await drained;
      await removeQuietly(lake);
    }
  },
});
