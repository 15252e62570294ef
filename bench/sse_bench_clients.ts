/**
 * The client side of `deno task bench sse`, run as a child process so the clients' work does
 * not land in the server's measurements: many concurrent `GET /events` streams over plain
 * `fetch`, each timing the frames it receives.
 *
 * Protocol: one command per line on stdin, one JSON answer per line on stdout.
 * - `connect N`: opens N streams; answers `{ connected, ms }` once each got its first bytes.
 * - `stats`: answers `{ count, p50, p95, p99, max }`, delivery latencies in ms of the frames
 *   carrying `"sent_at":<ms>` (publish time, `performance.timeOrigin + performance.now()` on the
 *   same machine) received since the last `stats`.
 * - `close`: aborts every stream; answers `{ closed }` once their readers have ended.
 *
 * Run: `deno run -A bench/sse_bench_clients.ts http://127.0.0.1:8080`.
 *
 * @module
 */

import { readLines } from "../pipeline/read_lines.ts";

const SENT_AT = '"sent_at":';

interface Client {
  /** Ends the stream: the connection is closed and the reader finishes. */
  close(): void;
  /** Settles when the stream has ended (closed here, or by the server). */
  done: Promise<void>;
}

/** Wall-clock time in ms with sub-millisecond resolution, comparable across processes. */
function now(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Collects latencies into a growable typed array: 15 000 samples should not become 15 000
 * boxed numbers in the process whose timing they describe.
 */
class Samples {
  #values = new Float64Array(16_384);
  #length = 0;

  add(value: number): void {
    if (this.#length === this.#values.length) {
      const bigger = new Float64Array(this.#values.length * 2);
      bigger.set(this.#values);
      this.#values = bigger;
    }
    this.#values[this.#length++] = value;
  }

  /** Percentiles of the samples so far, then forgets them. */
  take(): Record<string, number> {
    const sorted = this.#values.slice(0, this.#length).sort();
    this.#length = 0;
    const at = (q: number) =>
      sorted.length === 0
        ? NaN
        : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return {
      count: sorted.length,
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
      max: sorted.length === 0 ? NaN : sorted[sorted.length - 1],
    };
  }
}

const samples = new Samples();

/**
 * Opens one event stream and reads it until aborted, timing each frame with a `sent_at`.
 *
 * @param url the server's base URL
 * @returns the client, and a promise of its first bytes
 */
async function open(url: string): Promise<Client> {
  const abort = new AbortController();
  const res = await fetch(`${url}/events`, {
    signal: abort.signal,
    headers: { accept: "text/event-stream" },
  });
  if (!res.ok || res.body === null) throw new Error(`GET ${url}/events answered ${res.status}`);
  const reader = res.body.getReader();
  const first = await reader.read(); // the `retry:` frame: the hub has registered this client
  if (first.done) throw new Error(`GET ${url}/events ended before its first frame`);
  const decoder = new TextDecoder();
  const done = (async () => {
    let pending = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const at = now();
        // Frames may be split or merged by TCP: time every complete frame in this chunk.
        pending += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = pending.indexOf("\n\n")) !== -1) {
          const frame = pending.slice(0, end);
          pending = pending.slice(end + 2);
          const i = frame.indexOf(SENT_AT);
          if (i !== -1) samples.add(at - parseFloat(frame.slice(i + SENT_AT.length)));
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
  })();
  const close = () => {
    abort.abort();
    // A read already waiting is not always woken by the abort: cancel it too.
    reader.cancel().catch(() => {});
  };
  return { close, done };
}

if (import.meta.main) {
  const url = Deno.args[0];
  if (!url) throw new TypeError("usage: sse_bench_clients.ts <server URL>");
  const encoder = new TextEncoder();
  const answer = (value: unknown) =>
    Deno.stdout.writeSync(encoder.encode(`${JSON.stringify(value)}\n`));
  let clients: Client[] = [];
  for await (const line of readLines(Deno.stdin.readable)) {
    const [command, arg] = line.trim().split(/\s+/);
    if (command === "connect") {
      const started = now();
      const opened = await Promise.all(Array.from({ length: Number(arg) }, () => open(url)));
      clients = clients.concat(opened);
      answer({ connected: clients.length, ms: now() - started });
    } else if (command === "stats") {
      answer(samples.take());
    } else if (command === "close") {
      for (const client of clients) client.close();
      await Promise.all(clients.map((client) => client.done));
      answer({ closed: clients.length });
      clients = [];
    } else if (command !== "") {
      throw new TypeError(`unknown command ${JSON.stringify(line)}`);
    }
  }
}
