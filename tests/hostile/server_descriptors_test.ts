/**
 * The console server under descriptor exhaustion: a child `main.ts start` limited to 256 open
 * files (`prlimit --nofile=256`) is flooded with idle and half-sent-header connections, more
 * than it has descriptors. It must stay alive, print no stack, and answer `/healthz` with 200
 * while those connections are still held open by the client (its timeouts or its connection
 * cap must free them: a server sheds load, never exits).
 *
 * @module
 */

import assert from "node:assert/strict";
import { writeFixtureLake } from "../server/fixture_lake.ts";
import { TEST_ANON_KEY } from "./run_replay.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const ROOT = new URL("../../", import.meta.url).pathname;
const HELD = 400;
const HEALTH_DEADLINE_MS = 30_000;

async function health(port: number, timeoutMs: number): Promise<number | string> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    return res.status;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Starts the server on a free port (20000-32000), retrying on EADDRINUSE. */
async function startLimited(
  lake: string,
): Promise<{ child: Deno.ChildProcess; port: number; stderr: () => string }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const child = new Deno.Command("prlimit", {
      args: [
        "--nofile=256:256",
        Deno.execPath(),
        "run",
        "-A",
        MAIN,
        "start",
        "--port",
        String(port),
        "--lake",
        lake,
      ],
      cwd: ROOT,
      env: { SHOPEASE_ANON_KEY: TEST_ANON_KEY, NO_COLOR: "1" },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    let text = "";
    const decoder = new TextDecoder();
    (async () => {
      for await (const chunk of child.stderr) text += decoder.decode(chunk, { stream: true });
    })().catch(() => {});
    const exited = child.status.then(() => true);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (await Promise.race([exited, new Promise((r) => setTimeout(() => r(false), 250))])) break;
      if (await health(port, 1000) === 200) return { child, port, stderr: () => text };
    }
    if (!/in use|EADDRINUSE/i.test(text)) {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
      await child.status;
      throw new Error(`start did not come up on port ${port}:\n${text}`);
    }
  }
  throw new Error("no free port after 5 attempts");
}

Deno.test(`server under prlimit --nofile=256 survives ${HELD} idle and half-sent connections and answers /healthz`, async () => {
  const lake = await writeFixtureLake();
  const { child, port, stderr } = await startLimited(lake);
  let alive = true;
  child.status.then(() => alive = false);
  const held: Deno.Conn[] = [];
  try {
    const encoder = new TextEncoder();
    for (let i = 0; i < HELD; i++) {
      try {
        const conn = await Deno.connect({ hostname: "127.0.0.1", port });
        held.push(conn);
        // Every other one sends half a request header and stops.
        if (i % 2) await conn.write(encoder.encode("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
      } catch {
        // Refused or reset: shedding load is allowed.
      }
    }
    await new Promise((r) => setTimeout(r, 2_000));
    assert.ok(alive, `the server exited while ${held.length} connections were held:\n${stderr()}`);
    const started = Date.now();
    let last: number | string = "";
    while (Date.now() - started < HEALTH_DEADLINE_MS && alive) {
      last = await health(port, 2_000);
      if (last === 200) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(alive, `the server exited under descriptor pressure:\n${stderr()}`);
    assert.equal(
      last,
      200,
      `/healthz did not answer 200 within ${HEALTH_DEADLINE_MS / 1000} s while ${held.length} ` +
        `idle connections were held (last: ${last}); stderr:\n${stderr().slice(-1500)}`,
    );
    assert.doesNotMatch(stderr(), /Uncaught|^\s+at /m, "a stack or uncaught error was printed");
  } finally {
    for (const conn of held) {
      try {
        conn.close();
      } catch { /* closed by the server */ }
    }
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    await child.status;
    await Deno.remove(lake, { recursive: true });
  }
});
