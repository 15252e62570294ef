/**
 * Runs `deno task start` as a child for tests: waits for the console URL, reads JSON, stops it.
 *
 * @module
 */
import assert from "node:assert/strict";

/** The CLI entry. */
export const MAIN = new URL("../../../main.ts", import.meta.url).pathname;

/** A started console. */
export interface Started {
  child: Deno.ChildProcess;
  url: string;
  lines: string[];
}

/** Runs `main.ts start` with `args` until it prints the console URL. */
export async function start(args: string[], env: Record<string, string>): Promise<Started> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "start", "--port", "0", ...args],
    env: { SHOPEASE_LOG_LEVEL: "info", ...env },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const lines: string[] = [];
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let url: string | undefined;
  let partial = "";
  const found = Promise.withResolvers<string>();
  // Keep reading stderr to the end, so the child never blocks on a full pipe.
  (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const parts = (partial + value).split("\n");
      partial = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        const m = /start: console\s+(http:\/\/\S+)/.exec(line);
        if (m && url === undefined) found.resolve(url = m[1]);
      }
    }
    found.reject(new Error(`start printed no URL:\n${lines.join("\n")}`));
  })();
  const timer = setTimeout(() => found.reject(new Error("start printed no URL in 60 s")), 60_000);
  try {
    return { child, url: await found.promise, lines };
  } finally {
    clearTimeout(timer);
  }
}

/** GETs `url`, asserting 200, and returns its JSON. */
export async function json(url: string): Promise<Record<string, unknown>> {
  const res = await fetch(url);
  assert.equal(res.status, 200, url);
  return await res.json();
}

/** Sends SIGTERM and asserts exit status 0. */
export async function stop(started: Started): Promise<void> {
  started.child.kill("SIGTERM");
  const status = await started.child.status;
  assert.equal(status.code, 0, started.lines.join("\n"));
}
