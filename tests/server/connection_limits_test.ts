import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type { ServerOptions } from "../../server/start_server.ts";

const CHILD = fileURLToPath(new URL("./console_server_child.ts", import.meta.url));
const decoder = new TextDecoder();

/** A console server in a child process, optionally under `prlimit --nofile=N`. */
class ChildServer {
  readonly url: string;
  readonly port: number;
  readonly #child: Deno.ChildProcess;
  readonly #stderr: Promise<string>;
  readonly status: Promise<Deno.CommandStatus>;
  #exited = false;

  private constructor(child: Deno.ChildProcess, url: string, stderr: Promise<string>) {
    this.#child = child;
    this.url = url;
    this.port = Number(new URL(url).port);
    this.#stderr = stderr;
    this.status = child.status.then((s) => {
      this.#exited = true;
      return s;
    });
  }

  static async start(options: Partial<ServerOptions>, nofile?: number): Promise<ChildServer> {
    const deno = [Deno.execPath(), "run", "-A", CHILD, JSON.stringify(options)];
    const [cmd, ...args] = nofile === undefined ? deno : ["prlimit", `--nofile=${nofile}`, ...deno];
    const child = new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).spawn();
    const stderr = new Response(child.stderr).text();
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`console child exited before listening: ${await stderr}`);
      text += value;
    }
    reader.releaseLock();
    child.stdout.cancel().catch(() => {});
    return new ChildServer(child, text.trim(), stderr);
  }

  get alive(): boolean {
    return !this.#exited;
  }

  /** Stops the child and returns its stderr. */
  async stop(): Promise<string> {
    if (!this.#exited) this.#child.kill("SIGTERM");
    const timer = setTimeout(() => this.#exited || this.#child.kill("SIGKILL"), 5000);
    await this.status;
    clearTimeout(timer);
    return await this.#stderr;
  }
}

/** Reads from `conn` until end of stream, an error, or `ms`; returns the bytes and the time. */
async function readUntilClosed(conn: Deno.Conn, ms: number): Promise<{ text: string; ms: number }> {
  const start = Date.now();
  const buffer = new Uint8Array(4096);
  let text = "";
  const timer = setTimeout(() => conn.close(), ms);
  try {
    while (true) {
      const n = await conn.read(buffer);
      if (n === null) break;
      text += decoder.decode(buffer.subarray(0, n));
    }
  } catch { /* reset, or closed by the timer */ }
  clearTimeout(timer);
  return { text, ms: Date.now() - start };
}

async function getHealth(url: string): Promise<number> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
    return res.status;
  } catch {
    return 0;
  }
}

/**
 * Holds 400 connections to a server limited to 256 descriptors, half of them with half-sent
 * headers; returns the /healthz statuses seen while they are held and the first 200 after.
 */
async function holdIdleConnections(options: Partial<ServerOptions>) {
  const server = await ChildServer.start(
    { headerTimeoutMs: 2000, idleTimeoutMs: 3000, ...options },
    256,
  );
  const held: Deno.Conn[] = [];
  const whileHeld: number[] = [];
  let stderr = "";
  let recovered = 0;
  let aliveAfter = false;
  try {
    const deadline = Date.now() + 15_000;
    // Open well past the descriptor limit: some are accepted and held, the rest are shed
    // (503 and closed) or wait in the kernel's queue.
    while (held.length < 400 && Date.now() < deadline) {
      try {
        held.push(await Deno.connect({ hostname: "127.0.0.1", port: server.port }));
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    assert.ok(held.length > 256, `only ${held.length} connections opened`);
    const partial = new TextEncoder().encode("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    await Promise.all(
      held.filter((_, i) => i % 2 === 0).map((c) => c.write(partial).catch(() => 0)),
    );
    assert.ok(server.alive, "the server exited while connections were opened");
    whileHeld.push(await getHealth(server.url));
    // The header timeout (2 s) closes every held connection; the clients keep their ends open.
    const until = Date.now() + 15_000;
    while (recovered !== 200 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 250));
      recovered = await getHealth(server.url);
    }
    aliveAfter = server.alive;
  } finally {
    for (const conn of held) {
      try {
        conn.close();
      } catch { /* closed by the server */ }
    }
    stderr = await server.stop();
  }
  return { whileHeld, recovered, aliveAfter, stderr };
}

Deno.test({
  name:
    "under a 256-descriptor limit, 400 idle connections are capped and shed, and /healthz answers 200 once the timeouts close them",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { whileHeld, recovered, aliveAfter, stderr } = await holdIdleConnections({});
    assert.notEqual(whileHeld[0], 200, "the cap (64 at 256 descriptors) did not shed /healthz");
    assert.equal(recovered, 200, "/healthz never answered 200 after the idle connections closed");
    assert.ok(aliveAfter, `the server exited:\n${stderr}`);
    assert.doesNotMatch(stderr, /Uncaught|^\s+at /m, stderr);
  },
});

Deno.test({
  name:
    "with a cap above the descriptor limit, running out of descriptors sheds connections and never ends the process",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { recovered, aliveAfter, stderr } = await holdIdleConnections({ maxConnections: 10_000 });
    assert.match(stderr, /out of file descriptors|Too many open files/, "never ran out: test void");
    assert.equal(recovered, 200, "/healthz never answered 200 after the idle connections closed");
    assert.ok(aliveAfter, `the server exited:\n${stderr}`);
    assert.doesNotMatch(stderr, /Uncaught|^\s+at /m, stderr);
  },
});

Deno.test({
  name:
    "the console closes a connection whose request headers are not complete by the header timeout",
  sanitizeResources: false,
  async fn() {
    const server = await ChildServer.start({ headerTimeoutMs: 1000, idleTimeoutMs: 30_000 });
    try {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
      await conn.write(new TextEncoder().encode("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1"));
      const { text, ms } = await readUntilClosed(conn, 6000);
      try {
        conn.close();
      } catch { /* closed */ }
      assert.equal(text, "", "the half-sent request was answered");
      assert.ok(ms >= 800 && ms < 4000, `closed after ${ms} ms, expected about 1000`);
      // A complete request on a fresh connection is still served.
      assert.equal(await getHealth(server.url), 200);
    } finally {
      await server.stop();
    }
  },
});

Deno.test({
  name:
    "the header timeout also bounds a second request on a kept-alive connection that never finishes its headers",
  sanitizeResources: false,
  async fn() {
    const server = await ChildServer.start({ headerTimeoutMs: 1000, idleTimeoutMs: 30_000 });
    try {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
      const encoder = new TextEncoder();
      await conn.write(
        encoder.encode(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`),
      );
      const buffer = new Uint8Array(4096);
      const n = await conn.read(buffer);
      assert.match(new TextDecoder().decode(buffer.subarray(0, n ?? 0)), /^HTTP\/1\.1 200/);
      // Well after the first request's deadline, a second one starts and trickles.
      await new Promise((r) => setTimeout(r, 1500));
      await conn.write(encoder.encode("GET /healthz HTTP/1.1\r\n"));
      const started = Date.now();
      let open = true;
      while (open && Date.now() - started < 6000) {
        await new Promise((r) => setTimeout(r, 300));
        open = await conn.write(encoder.encode("X-Slow: 1\r\n")).then(() => true, () => false);
      }
      const { text } = await readUntilClosed(conn, 3000);
      try {
        conn.close();
      } catch { /* closed */ }
      const ms = Date.now() - started;
      assert.equal(text, "", "the trickled request was answered");
      assert.ok(ms < 5000, `still open ${ms} ms after the second request began`);
    } finally {
      await server.stop();
    }
  },
});

Deno.test({
  name: "the console closes a keep-alive connection idle past the idle timeout",
  sanitizeResources: false,
  async fn() {
    const server = await ChildServer.start({ headerTimeoutMs: 5000, idleTimeoutMs: 1000 });
    try {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
      await conn.write(
        new TextEncoder().encode(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`),
      );
      const { text, ms } = await readUntilClosed(conn, 8000);
      try {
        conn.close();
      } catch { /* closed */ }
      assert.match(text, /^HTTP\/1\.1 200/);
      assert.ok(ms >= 800 && ms < 4000, `closed after ${ms} ms, expected about 1000`);
    } finally {
      await server.stop();
    }
  },
});

Deno.test({
  name: "the console sheds connections over its cap with a 503 and serves again once they close",
  sanitizeResources: false,
  async fn() {
    const server = await ChildServer.start({ maxConnections: 2, headerTimeoutMs: 30_000 });
    const held: Deno.Conn[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        held.push(await Deno.connect({ hostname: "127.0.0.1", port: server.port }));
      }
      await new Promise((r) => setTimeout(r, 200));
      const res = await fetch(`${server.url}/healthz`);
      assert.equal(res.status, 503);
      assert.match((await res.json()).error, /connection limit \(2\)/);
      for (const conn of held.splice(0)) conn.close();
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(await getHealth(server.url), 200);
    } finally {
      for (const conn of held) conn.close();
      await server.stop();
    }
  },
});

Deno.test({
  name: "malformed paths and numbers answer 400 with a JSON error and print no stack",
  sanitizeResources: false,
  async fn() {
    const server = await ChildServer.start({});
    let stderr = "";
    try {
      const cases = [
        "/%",
        "/%E0%A4%A",
        "/index.html%00.js",
        "/api/active_users?from=99999999999999999999",
        "/api/event_counts?to=-99999999999999999999",
      ];
      for (let round = 0; round < 20; round++) {
        for (const path of cases) {
          const res = await fetch(server.url + path);
          assert.equal(res.status, 400, `${path}: ${res.status}`);
          assert.equal(typeof (await res.json()).error, "string");
        }
      }
    } finally {
      stderr = await server.stop();
    }
    assert.doesNotMatch(stderr, /^\s+at /m, `stderr has a stack:\n${stderr.slice(0, 2000)}`);
    assert.ok(stderr.length < 1000, `stderr grew to ${stderr.length} bytes`);
  },
});
