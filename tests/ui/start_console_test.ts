/**
 * The console as a user first sees it: the real `main.ts start` (in-process simulator, empty
 * lake backfilled from the sample, an hour of simulated history, a spike injected), opened in
 * Debian Chromium. Takes about a minute and a half: the spike must close its minute.
 *
 * Set `CONSOLE_SCREENSHOT=docs/console.png` to keep the screenshot taken once the alert shows.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { removeQuietly, tempDir } from "../temp_dir.ts";
import { freePort, inkedPixels, openBrowser } from "./browser_fixture.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
/** The spike starts this long after the live start; its minute closes at most 65 s later. */
const SPIKE_OFFSET = "20s";

/** Polls `url` until it answers 200, or fails naming what the child printed. */
async function waitForHealth(url: string, child: Deno.ChildProcess, log: string[]) {
  const deadline = Date.now() + 60_000;
  let exited = false;
  child.status.then(() => exited = true);
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(url);
      await res.body?.cancel();
      if (res.ok) return;
    } catch {
      // Not listening yet: the backfill and the history come first.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`start never answered ${url}:\n${log.join("")}`);
}

/** Waits until the text of `selector` differs from `before`; returns the new text. */
async function changedText(page: Page, selector: string, before: string, timeout: number) {
  await page.waitForFunction(
    ([sel, old]) => {
      const text = document.querySelector(sel)?.textContent?.trim();
      return text !== undefined && text !== "" && text !== old;
    },
    [selector, before] as const,
    { timeout },
  );
  return (await page.textContent(selector))?.trim() ?? "";
}

Deno.test({
  name:
    "deno task start serves a console with history, moving live cards and the injected spike's alert",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const lake = await Deno.makeTempDir({ prefix: "shopease-start-console-" });
    const port = freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        MAIN,
        "start",
        "--port",
        String(port),
        "--lake",
        lake,
        "--lateness",
        "5s",
        "--spike",
        `view:8@${SPIKE_OFFSET}`,
      ],
      env: { KAFKA_BROKERS: "", REDIS_URL: "", SHOPEASE_LOG_LEVEL: "info" },
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const log: string[] = [];
    const drained = child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
      new WritableStream({ write: (chunk) => void log.push(chunk) }),
    );
    let stopped = false;
    try {
      await waitForHealth(`${url}/healthz`, child, log);
      const { page, problems, close } = await openBrowser();
      try {
        await page.goto(url);
        await page.waitForSelector('[data-connection="live"]', { timeout: 10_000 });
        await page.waitForSelector('[data-chart="top_products"][data-points="10"]', {
          timeout: 10_000,
        });

        // History (backfilled lake) and the simulated hour of live minutes are there at once.
        for (const name of ["top_products", "monthly_revenue", "inventory_turnover"]) {
          const el = `[data-chart="${name}"]`;
          assert.ok(Number(await page.getAttribute(el, "data-points")) >= 10, name);
          if (name === "top_products") continue; // HTML bars
          assert.ok(await inkedPixels(page, el) > 500, `${name} canvas has something drawn`);
        }
        const series = { top_products: 1, monthly_revenue: 3 };
        for (const [name, count] of Object.entries(series)) {
          assert.equal(
            await page.getAttribute(`[data-chart="${name}"]`, "data-series"),
            `${count}`,
          );
        }
        const minuteSeries = { active_users: 1, conversion: 1, event_counts: 4 };
        for (const [name, count] of Object.entries(minuteSeries)) {
          const el = `[data-chart="${name}"]`;
          const points = Number(await page.getAttribute(el, "data-points"));
          assert.ok(points >= 55 && points <= 130, `${name}: ${points} minutes, the live hour`);
          assert.equal(await page.getAttribute(el, "data-series"), `${count}`, name);
          assert.ok(await page.$(`${el} canvas`), `${name} has a canvas`);
          assert.ok(await inkedPixels(page, el) > 500, `${name} canvas has something drawn`);
        }
        const note = await page.textContent(".panel-head .note") ?? "";
        assert.match(note, /UTC – \d\d:\d\d/, "a live window, not the history's years");

        // The card shows the last complete minute; the open minute's count so far, in its
        // hint, moves within seconds, not once a minute.
        assert.match(
          await page.textContent('[data-card="active_users"] .card-value') ?? "",
          /^[\d,]+$/,
        );
        const hint = '[data-card="active_users"] .card-hint';
        await page.waitForFunction(
          (sel) => /so far/.test(document.querySelector(sel)?.textContent ?? ""),
          hint,
          { timeout: 10_000 },
        );
        const first = (await page.textContent(hint))?.trim() ?? "";
        assert.match(first, /^\d\d:\d\d UTC · open \d\d:\d\d: [\d,]+ so far$/);
        assert.notEqual(await changedText(page, hint, first, 6_000), first);

        // The injected view spike fires once its minute closes (lateness 5 s).
        const spike = '.alert.firing[data-alert^="view:"]';
        await page.waitForSelector(`${spike} .badge.firing`, { timeout: 100_000 });
        const alert = await page.textContent(spike) ?? "";
        assert.match(alert, /firing\s*view/, alert);
        await page.waitForTimeout(1_500); // one more redraw: markers and open minute settle
        assert.deepEqual(problems, []);

        await using shots = await tempDir();
        const shot = join(shots.path, "console.png");
        await page.screenshot({ path: shot, fullPage: true });
        assert.ok((await Deno.stat(shot)).size > 50_000);
        const keep = Deno.env.get("CONSOLE_SCREENSHOT");
        if (keep) {
          await Deno.copyFile(shot, keep);
          console.log(`screenshot: ${keep}`);
        }
      } finally {
        await close();
      }
      child.kill("SIGTERM");
      stopped = true;
      const status = await child.status;
      await drained;
      assert.equal(status.code, 0, log.join(""));
      assert.match(log.join(""), /start: stopped/);
    } finally {
      if (!stopped) {
        child.kill("SIGKILL");
        await child.status;
      }
      await removeQuietly(lake);
    }
  },
});
