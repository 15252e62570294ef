/**
 * The checks of the partial-state law for one family over one clean stream, shared by the family
 * tests: whole stream split several ways, prefixes of it, and snapshots taken on the way.
 *
 * @module
 */

import assert from "node:assert/strict";
import type { AnyBatch, TableName } from "../../../operators/types.ts";
import type { GraphReportName } from "../../../operators/registry.ts";
import type {
  FamilyRows,
  Json,
  PartialFamily,
  PartialOptions,
} from "../../../operators/partials/partial_family.ts";
import { generate } from "../../../dev/generator/generate.ts";
import {
  cleanBatchesOf,
  DEFAULT_PARTIAL_OPTIONS,
  familyRows,
  operatorRows,
  SAMPLE_DIR,
  splitIntoPartitions,
} from "./partition_harness.ts";

type AllRows = Awaited<ReturnType<typeof operatorRows>>;

/** A clean stream and the rows the operators give over it. */
export interface LawCase {
  batches: AnyBatch[];
  options: PartialOptions;
  /** The operators' rows over the whole stream. */
  rows: AllRows;
  /** The operators' rows over the first n batches, by n (filled by {@linkcode rowsUpTo}). */
  prefixRows: Map<number, AllRows>;
}

/** A law case of a clean stream. */
export async function lawCase(
  batches: AnyBatch[],
  options: PartialOptions = DEFAULT_PARTIAL_OPTIONS,
): Promise<LawCase> {
  return { batches, options, rows: await operatorRows(batches, options), prefixRows: new Map() };
}

/** The operators' rows over the first `n` batches, computed once. */
export async function rowsUpTo(law: LawCase, n: number): Promise<AllRows> {
  let rows = law.prefixRows.get(n);
  if (rows === undefined) {
    law.prefixRows.set(n, rows = await operatorRows(law.batches.slice(0, n), law.options));
  }
  return rows;
}

/** Partition counts the law is checked with. */
export const PARTITION_COUNTS = [1, 2, 3, 4, 7];

/** Cut points, as shares of the clean batch list. */
export const CUTS = [0.2, 0.5, 0.8];

/** The operators' rows of `report` only, typed as the family's. */
export function only<K extends GraphReportName>(
  rows: LawCase["rows"],
  reports: readonly K[],
): FamilyRows<K> {
  const out = {} as FamilyRows<K>;
  for (const name of reports) out[name] = rows[name];
  return out;
}

/**
 * The clean stream of a folder as replay sees it: `cleanBatchesOf` after the empty batch of
 * every table that replay sends first (`pipeline/replay.ts`), so that the two-table operators
 * hold months and views open until both tables have passed them. Without it the operator drops
 * the views of a purchase whose table starts after the clickstream has moved a lookback on.
 */
export async function replayStream(dir: string): Promise<AnyBatch[]> {
  const tables: TableName[] = ["activity", "inventory", "reviews", "transactions"];
  const empty = tables.map((table): AnyBatch =>
    ({ table, records: [], quarantine: [], watermark: -Infinity }) as AnyBatch
  );
  return [...empty, ...await cleanBatchesOf(dir)];
}

/** `data/sample` as replay sees it, with the operators' rows. */
export async function sampleCase(options = DEFAULT_PARTIAL_OPTIONS): Promise<LawCase> {
  return await lawCase(await replayStream(SAMPLE_DIR), options);
}

/**
 * A small generated data set (another seed, 5 % faults) as replay sees it, with the operators'
 * rows; written to a temporary folder that is removed again.
 */
export async function generatedCase(
  seed: number,
  options = DEFAULT_PARTIAL_OPTIONS,
): Promise<LawCase> {
  const out = await Deno.makeTempDir({ prefix: "shopease_partials_" });
  try {
    await generate({ out, scale: "small", seed, faultRate: 0.05 });
    return await lawCase(await replayStream(out), options);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}

/** The law over the whole stream: every partition count gives the operators' rows. */
export async function assertWholeStream<S extends Json, K extends GraphReportName>(
  family: PartialFamily<S, K>,
  law: LawCase,
): Promise<void> {
  const expected = only(law.rows, family.reports);
  for (const count of PARTITION_COUNTS) {
    const actual = familyRows(family, await splitIntoPartitions(law.batches, count));
    assert.deepStrictEqual(actual, expected, `${family.name} over ${count} partitions`);
  }
}

/**
 * The law over prefixes: the stream cut at each of {@linkcode CUTS}, split into 3 partitions,
 * gives the rows the operators give over the prefix.
 */
export async function assertPrefixes<S extends Json, K extends GraphReportName>(
  family: PartialFamily<S, K>,
  law: LawCase,
): Promise<void> {
  for (const cut of CUTS) {
    const n = Math.round(cut * law.batches.length);
    const prefix = law.batches.slice(0, n);
    const expected = only(await rowsUpTo(law, n), family.reports);
    const actual = familyRows(family, await splitIntoPartitions(prefix, 3));
    assert.deepStrictEqual(actual, expected, `${family.name} cut at ${cut}`);
  }
}

/**
 * Snapshots leave the state alone: 4 partition states, each snapshot after every batch, give at
 * the end the rows of the whole stream; the snapshots taken at each cut give the prefix's rows
 * (as a live reader would see them). Returns the final snapshots, for size checks.
 */
export async function assertSnapshotsOnTheWay<S extends Json, K extends GraphReportName>(
  family: PartialFamily<S, K>,
  law: LawCase,
): Promise<S[]> {
  const parts = await splitIntoPartitions(law.batches, 4);
  const states = parts.map(() => family.create());
  const cuts = new Set(CUTS.map((cut) => Math.round(cut * law.batches.length)));
  // Every partition holds one batch (perhaps empty) per batch of the whole stream.
  for (let i = 0; i < law.batches.length; i++) {
    if (cuts.has(i)) {
      const merged = family.merge(states.map((state) => state.snapshot()));
      const expected = only(await rowsUpTo(law, i), family.reports);
      assert.deepStrictEqual(family.finish(merged), expected, `${family.name} live at batch ${i}`);
    }
    for (let p = 0; p < parts.length; p++) {
      states[p].add(parts[p][i]);
      const first = JSON.stringify(states[p].snapshot());
      assert.equal(JSON.stringify(states[p].snapshot()), first, "a second snapshot differs");
    }
  }
  const snapshots = states.map((state) => JSON.parse(JSON.stringify(state.snapshot())) as S);
  const expected = only(law.rows, family.reports);
  assert.deepStrictEqual(family.finish(family.merge(snapshots)), expected, family.name);
  return snapshots;
}
