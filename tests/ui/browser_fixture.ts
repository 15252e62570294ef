/**
 * Test helpers for driving the console in Debian Chromium through playwright-core: a browser
 * with a fresh profile that collects console errors, failed requests and CSP violations, and
 * readers of what the page shows.
 *
 * @module
 */

import { type BrowserContext, chromium, type Page } from "playwright-core";
import { removeQuietly } from "../temp_dir.ts";

/** Flags for a headless Chromium that talks to nothing but the page under test. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];

/** A launched browser and the problems it has seen so far. */
export interface OpenBrowser {
  context: BrowserContext;
  page: Page;
  /** Console errors and warnings, page errors, HTTP errors and CSP violations, in order. */
  problems: string[];
  /** Closes the browser, then removes its profile. */
  close(): Promise<void>;
}

/**
 * Launches `/usr/bin/chromium` with a fresh profile and a 1366×768 viewport, collecting
 * problems as they happen.
 *
 * @returns the context, its page, the problems list and `close` (call it in a `finally`)
 */
export async function openBrowser(): Promise<OpenBrowser> {
  const profile = await Deno.makeTempDir({ prefix: "shopease_chrome_" });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1366, height: 768 },
  }).catch(async (error) => {
    await removeQuietly(profile);
    throw error;
  });
  const close = async () => {
    try {
      await context.close();
    } finally {
      await removeQuietly(profile);
    }
  };
  const page = context.pages()[0] ?? await context.newPage();
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") {
      problems.push(`console.${msg.type()}: ${msg.text()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("response", (res) => {
    if (res.status() >= 400) {
      problems.push(
        `HTTP ${res.status()} ${new URL(res.url()).pathname}${new URL(res.url()).search}`,
      );
    }
  });
  await page.exposeFunction("reportCspViolation", (text: string) => problems.push(`CSP: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      // deno-lint-ignore no-explicit-any
      (globalThis as any).reportCspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  return { context, page, problems, close };
}

/** A free port in 20000–32000 (outside the ephemeral range), picked at random. */
export function freePort(): number {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    try {
      Deno.listen({ hostname: "127.0.0.1", port }).close();
      return port;
    } catch (error) {
      if (!(error instanceof Deno.errors.AddrInUse)) throw error;
    }
  }
  throw new Error("no free port in 20000-32000 after 50 tries");
}

/** The text of a live card's value (`[data-card=key] .card-value`). */
export async function cardValue(page: Page, key: string): Promise<string> {
  return (await page.textContent(`[data-card="${key}"] .card-value`))?.trim() ?? "";
}

/** Counts pixels that are neither transparent nor white in a canvas (or the first one inside). */
export async function inkedPixels(page: Page, selector: string): Promise<number> {
  return await page.$eval(selector, (el) => {
    const canvas = el instanceof HTMLCanvasElement ? el : el.querySelector("canvas")!;
    const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) inked++;
    }
    return inked;
  });
}

/** Elements sticking out of their panel (or the page wider than the viewport). */
export function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    if (document.documentElement.scrollWidth > innerWidth + 1) {
      out.push(`page is ${document.documentElement.scrollWidth}px wide in ${innerWidth}px`);
    }
    for (const panel of document.querySelectorAll<HTMLElement>(".panel, .card, .controls")) {
      const box = panel.getBoundingClientRect();
      for (const el of panel.querySelectorAll<HTMLElement>("*")) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (r.left < box.left - 1 || r.right > box.right + 1) {
          const title = panel.querySelector("h2")?.textContent ?? panel.className;
          out.push(
            `${title}: <${el.tagName.toLowerCase()} class="${el.className}"> ` +
              `${Math.round(r.left)}..${Math.round(r.right)} outside ${Math.round(box.left)}..${
                Math.round(box.right)
              }`,
          );
        }
      }
    }
    return out;
  });
}
