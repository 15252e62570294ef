/**
 * The deterministic synthetic data generator: writes `activity.csv`, `transactions.ndjson`,
 * `inventory.csv`, `reviews.json` and `manifest.json` covering 2024-10-01 to 2025-10-31 (UTC),
 * all four files consistent with each other, with a configurable share of injected faults.
 * Same options give byte-identical files. Memory stays bounded: data is produced and written
 * one day at a time.
 *
 * @module
 */

import { BufferedWriter } from "./buffered_writer.ts";
import { buildCatalog } from "./catalog.ts";
import { buildIntensity, DAYS, END_MS, START_MS } from "./intensity.ts";
import { InventoryLedger } from "./inventory_ledger.ts";
import { INVENTORY_QUARANTINE, InventoryWriter } from "./inventory_writer.ts";
import type { Manifest } from "./manifest.ts";
import { Population } from "./population.ts";
import { Prng } from "./prng.ts";
import { ReviewWriter } from "./review_writer.ts";
import { Simulation } from "./simulation.ts";
import { Spike } from "./spike.ts";
import { type GenerateOptions, type ResolvedOptions, resolveOptions } from "./generate_options.ts";
import { TransactionWriter } from "./transaction_writer.ts";

export type { FileCounts, Manifest, Scale } from "./manifest.ts";
export type { SpikeOptions } from "./spike.ts";
export { type GenerateOptions, parseSpike } from "./generate_options.ts";

/** Measured purchase lines per clickstream event, used only to size stock and fault spacing. */
const PURCHASE_LINES_PER_EVENT = 0.009;

/**
 * Generates a data set into `opts.out`.
 *
 * @param opts what to generate and where
 * @returns the manifest (also written as `manifest.json`)
 * @throws RangeError for an option out of range, naming the value
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const out = await Deno.makeTempDir(); // data/sample is made this way, with scale "small"
 * const manifest = await generate({ out, events: 2_000, seed: 42 });
 * assert.equal(manifest.files.activity.rows, 2_000);
 * await Deno.remove(out, { recursive: true });
 * ```
 */
export async function generate(opts: GenerateOptions): Promise<Manifest> {
  const resolved = resolveOptions(opts);
  try {
    await Deno.mkdir(opts.out, { recursive: true });
  } catch (cause) {
    throw new Error(`Cannot create ${opts.out}: ${(cause as Error).message}`, { cause });
  }
  // Written under temporary names, put in place once all are whole: a run that fails (a full
  // disk) leaves no cut-off file for a replay to read, and an earlier dataset stays as it was.
  const path = (name: string) => `${opts.out}/${name}`;
  const temp = (name: string) => `${opts.out}/.${name}.tmp`;
  const writers: BufferedWriter[] = [];
  const open = async (name: string) => {
    const writer = await BufferedWriter.create(temp(name));
    writers.push(writer);
    return writer;
  };
  try {
    const files = {
      activity: await open("activity.csv"),
      transactions: await open("transactions.ndjson"),
      inventory: await open("inventory.csv"),
      reviews: await open("reviews.json"),
    };
    const manifest = await writeDataset(resolved, files, opts.onProgress);
    try {
      await Deno.writeTextFile(temp("manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
    } catch (cause) {
      throw new Error(`Cannot write ${temp("manifest.json")}: ${(cause as Error).message}`, {
        cause,
      });
    }
    // The old manifest goes first: were a rename to fail half-way, no manifest would vouch for
    // a folder holding new files beside old ones (bench trusts a folder with a manifest).
    await Deno.remove(path("manifest.json")).catch((error) => {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    });
    for (const name of GENERATED_FILES) await Deno.rename(temp(name), path(name));
    return manifest;
  } catch (error) {
    for (const writer of writers) writer.abandon();
    for (const name of GENERATED_FILES) await Deno.remove(temp(name)).catch(() => {});
    throw error;
  }
}

/** The four data files, being written. */
interface DatasetFiles {
  activity: BufferedWriter;
  transactions: BufferedWriter;
  inventory: BufferedWriter;
  reviews: BufferedWriter;
}

/** Simulates the whole history into `files` (closing them) and returns its manifest. */
async function writeDataset(
  resolved: ResolvedOptions,
  files: DatasetFiles,
  onProgress: GenerateOptions["onProgress"],
): Promise<Manifest> {
  const { scale, events: total, products, seed, faultRate, cartRate, skew } = resolved;
  files.activity.add(ACTIVITY_HEADER + "\n");

  const catalog = buildCatalog(products, seed, skew);
  const intensity = buildIntensity();
  const budgets = dayBudgets(intensity.day, intensity.total, total);
  const expectedLines = total * PURCHASE_LINES_PER_EVENT;
  const users = new Population(seed);
  const ledger = new InventoryLedger(catalog.products, expectedLines, DAYS, new Prng(seed, 4));
  const inventory = new InventoryWriter(
    files.inventory,
    faultRate,
    products * 14 + DAYS * (products / 90 + 1) + expectedLines * 0.8,
    new Prng(seed, 5),
  );
  const transactions = new TransactionWriter(
    files.transactions,
    faultRate,
    expectedLines,
    new Prng(seed, 6),
  );
  const reviews = new ReviewWriter(files.reviews, DAYS, new Prng(seed, 8));
  const spike = resolved.spike ? new Spike(resolved.spike, seed) : null;
  const sim = new Simulation(
    seed,
    budgets,
    intensity,
    catalog,
    users,
    ledger,
    {
      activity: files.activity,
      transactions,
      inventory,
      reviews,
    },
    spike,
    cartRate,
  );

  let done = 0;
  for (let day = 0; day < DAYS; day++) {
    sim.runDay(day);
    done += budgets[day];
    for (const w of Object.values(files)) await w.flushIfFull();
    onProgress?.(done, total);
  }
  transactions.finish();
  inventory.finish(catalog.products, ledger.stock, END_MS);
  reviews.finish();
  for (const w of Object.values(files)) await w.close();

  const s = sim.stats;
  const quarantine: Record<string, number> = {};
  const fixes: Record<string, number> = {};
  for (const [kind, n] of Object.entries(inventory.faults.counts)) {
    if ((INVENTORY_QUARANTINE as readonly string[]).includes(kind)) quarantine[kind] = n;
    else fixes[kind] = n;
  }
  const activityRows = s.eventTypes.view + s.eventTypes.cart + s.eventTypes.remove_from_cart +
    s.eventTypes.purchase;
  const manifest: Manifest = {
    generator: "shopease-generator/1",
    seed,
    scale,
    events: total,
    faultRate,
    timeRange: {
      start: new Date(START_MS).toISOString(),
      end: new Date(END_MS).toISOString(),
      firstEvent: new Date(s.firstEvent).toISOString(),
      lastEvent: new Date(s.lastEvent).toISOString(),
    },
    spike: spike
      ? {
        eventType: spike.options.eventType,
        factor: spike.options.factor,
        at: new Date(spike.options.at).toISOString(),
        minutes: spike.options.minutes,
        extraEvents: spike.added,
      }
      : null,
    files: {
      activity: counts("activity.csv", activityRows, activityRows, files.activity.bytes),
      transactions: counts(
        "transactions.ndjson",
        transactions.rows,
        transactions.valid,
        files.transactions.bytes,
      ),
      inventory: counts(
        "inventory.csv",
        inventory.rows,
        inventory.rows - inventory.quarantined,
        files.inventory.bytes,
      ),
      reviews: counts("reviews.json", reviews.rows, reviews.rows, files.reviews.bytes),
    },
    faults: {
      activity: {},
      transactions: sorted(transactions.faults.counts),
      inventory: { quarantine: sorted(quarantine), fixes: sorted(fixes) },
      reviews: {},
    },
    stats: {
      products,
      users: users.count,
      sessions: s.sessions,
      orders: s.orders,
      eventTypes: s.eventTypes,
      transactionTypes: { purchase: s.eventTypes.purchase, refund: s.refunds, return: s.returns },
      restocks: ledger.restocks,
      stockouts: ledger.stockouts,
    },
  };
  return manifest;
}

/** The files `generate` writes, the manifest last (it is put in place last). */
const GENERATED_FILES = [
  "activity.csv",
  "transactions.ndjson",
  "inventory.csv",
  "reviews.json",
  "manifest.json",
] as const;

/** The header line of `activity.csv` (REES46 columns plus `event_id`). */
export const ACTIVITY_HEADER =
  "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session,event_id";

/** Splits `total` events over the days in proportion to their intensity, summing exactly. */
function dayBudgets(day: Float64Array, sum: number, total: number): Int32Array {
  const out = new Int32Array(day.length);
  let cumulative = 0;
  let given = 0;
  for (let d = 0; d < day.length; d++) {
    cumulative += day[d];
    const upTo = d === day.length - 1 ? total : Math.round((total * cumulative) / sum);
    out[d] = upTo - given;
    given = upTo;
  }
  return out;
}

function counts(file: string, rows: number, valid: number, bytes: number) {
  return { file, rows, valid, bytes };
}

function sorted(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
}
