/**
 * `deno task bench sse`: the console server's event stream under many clients. The server and
 * its hub run in this process, on loopback, exactly as `start` runs them; the clients run in a
 * child process (`sse_bench_clients.ts`) so their work does not land in the figures.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import { buildUi } from "../server/build_ui.ts";
import type { MetricsEvent } from "../server/console_events.ts";
import { readLines } from "../pipeline/read_lines.ts";
import { SseHub } from "../server/sse_hub.ts";
import { startServer } from "../server/start_server.ts";

/** Options of {@linkcode benchSse}. */
export interface SseBenchOptions {
  /** Concurrent SSE clients (default 500). */
  clients: number;
  /** Length of the latency run at one event per second, ms (default 30 s). */
  durationMs: number;
  /** Connect/disconnect cycles of `clients` clients for the memory run (default 10). */
  cycles: number;
}

/** What the run measured. */
export interface SseBenchFigures {
  clients: number;
  connectMs: number;
  events: number;
  received: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  dropped: number;
  /** Server RSS in MB: before the first cycle, then after each cycle (clients gone, GC run). */
  rssMb: number[];
  bundleBytes: number;
  bundleGzipBytes: number;
}

const CLIENTS = fileURLToPath(new URL("./sse_bench_clients.ts", import.meta.url));

/** Wall-clock ms with sub-millisecond resolution, as the clients read it. */
function now(): number {
  return performance.timeOrigin + performance.now();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** This process's resident set size, MB (Linux `/proc`). */
function rssMb(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

/** A full garbage collection, so RSS readings compare live memory, not garbage not yet freed. */
function collector(): () => void {
  try {
    v8.setFlagsFromString("--expose-gc");
    return vm.runInNewContext("gc") as () => void;
  } catch {
    return () => {}; // RSS then includes uncollected garbage: noisier, still comparable
  }
}

/** The child process of clients, driven one command at a time. */
class ClientProcess {
  readonly #child: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #answers: AsyncGenerator<string>;

  constructor(url: string) {
    this.#child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", CLIENTS, url],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    this.#writer = this.#child.stdin.getWriter();
    this.#answers = readLines(this.#child.stdout);
  }

  /** Sends one command and returns its JSON answer. */
  async ask(command: string): Promise<Record<string, number>> {
    await this.#writer.write(new TextEncoder().encode(`${command}\n`));
    const { value, done } = await this.#answers.next();
    if (done) throw new Error(`SSE bench clients exited during "${command}"`);
    return JSON.parse(value);
  }

  /** Ends the child (stdin closed) and checks it exited cleanly. */
  async close(): Promise<void> {
    await this.#writer.close();
    const status = await this.#child.status;
    if (!status.success) throw new Error(`SSE bench clients exited with ${status.code}`);
  }
}

/** Waits until the hub has `count` clients (connects and disconnects settle asynchronously). */
async function clientsSettle(hub: SseHub, count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (hub.clientCount !== count) {
    if (Date.now() > deadline) {
      throw new Error(`the hub has ${hub.clientCount} clients; expected ${count}`);
    }
    await sleep(20);
  }
}

/** One `metrics` event as the live pipeline sends it, stamped with its publish time. */
function event(i: number): MetricsEvent & { sent_at: number } {
  return {
    minute: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    active_users: 800 + (i % 97),
    sessions: 900,
    converted_sessions: 40,
    rate: 0.044444,
    event_counts: { view: 2600, cart: 270, remove_from_cart: 48, purchase: 57 },
    partial: i % 2 === 0,
    sent_at: now(),
  };
}

/**
 * Runs the benchmark: bundle size, then `clients` clients receiving one event per second for
 * `durationMs` (delivery latency from `publish` to the client's read), then `cycles` rounds of
 * connecting and dropping them all, reading the server's RSS after each.
 *
 * @param opts clients, duration, cycles
 * @returns the figures
 * @example
 * ```ts
 * // Only type-checked: a 30-second benchmark (`deno task bench sse`).
 * async function bench(): Promise<void> {
 *   console.log(formatSseBench(await benchSse({ clients: 500, durationMs: 30_000, cycles: 10 })));
 * }
 * ```
 */
export async function benchSse(opts: SseBenchOptions): Promise<SseBenchFigures> {
  const gc = collector();
  const uiDir = await Deno.makeTempDir({ prefix: "shopease-bench-ui-" });
  const lakeDir = await Deno.makeTempDir({ prefix: "shopease-bench-lake-" });
  const bundle = await buildUi({ outDir: uiDir });
  const hub = new SseHub({ maxClients: opts.clients + 100 });
  const server = startServer({ lakeDir, hub, port: 0, uiDir, reportPollMs: 60_000 });
  const clients = new ClientProcess(server.url);
  try {
    const { ms: connectMs } = await clients.ask(`connect ${opts.clients}`);
    await clientsSettle(hub, opts.clients);
    const events = Math.max(1, Math.round(opts.durationMs / 1000));
    for (let i = 0; i < events; i++) {
      hub.publish("metrics", event(i));
      await sleep(1000);
    }
    const latency = await clients.ask("stats");
    const dropped = hub.droppedCount;
    await clients.ask("close");
    await clientsSettle(hub, 0);

    gc();
    const rss = [rssMb()];
    for (let cycle = 0; cycle < opts.cycles; cycle++) {
      await clients.ask(`connect ${opts.clients}`);
      await clientsSettle(hub, opts.clients);
      hub.publish("metrics", event(cycle));
      await sleep(200);
      await clients.ask("close");
      await clientsSettle(hub, 0);
      await clients.ask("stats");
      await sleep(100);
      gc();
      rss.push(rssMb());
    }
    return {
      clients: opts.clients,
      connectMs,
      events,
      received: latency.count,
      p50: latency.p50,
      p95: latency.p95,
      p99: latency.p99,
      max: latency.max,
      dropped,
      rssMb: rss,
      bundleBytes: bundle.bytes,
      bundleGzipBytes: bundle.gzipBytes,
    };
  } finally {
    await clients.close();
    await server.shutdown();
    await Deno.remove(uiDir, { recursive: true });
    await Deno.remove(lakeDir, { recursive: true });
  }
}

/**
 * The figures as a Markdown table for docs/BENCHMARKS.md.
 *
 * @param f what {@linkcode benchSse} measured
 * @returns the table, with the targets of the console issue
 */
export function formatSseBench(f: SseBenchFigures): string {
  const ms = (x: number) => x.toFixed(1);
  const mb = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(1)} MB`;
  // The first cycle warms allocator pools up; a leak shows as growth over the later ones.
  const warmup = f.rssMb.length > 1 ? f.rssMb[1] - f.rssMb[0] : 0;
  const later = f.rssMb.length > 2 ? f.rssMb.at(-1)! - f.rssMb[1] : 0;
  return [
    "| `deno task bench sse` | measured | target |",
    "|---|---|---|",
    `| SSE clients on loopback (connected in) | ${f.clients} (${ms(f.connectMs)} ms) | 500 |`,
    `| events published, 1/s | ${f.events} | |`,
    `| frames delivered | ${f.received} of ${f.events * f.clients} | all |`,
    `| delivery latency p50 / p95 / p99 / max | ${ms(f.p50)} / ${ms(f.p95)} / ${ms(f.p99)} / ${
      ms(f.max)
    } ms | p99 ≤ 100 ms |`,
    `| clients dropped as too slow | ${f.dropped} | 0 |`,
    `| server RSS before, then after each of ${f.rssMb.length - 1} connect/disconnect cycles | ${
      f.rssMb.map((x) => x.toFixed(0)).join(" → ")
    } MB (first cycle ${mb(warmup)}, the ${f.rssMb.length - 2} after it ${mb(later)}) | flat |`,
    `| console bundle (app.js, app.css, index.html, favicon) | ${
      (f.bundleGzipBytes / 1024).toFixed(1)
    } KB gzip (${(f.bundleBytes / 1024).toFixed(1)} KB raw) | < 150 KB gzip |`,
  ].join("\n");
}
