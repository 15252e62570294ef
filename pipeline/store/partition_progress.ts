/**
 * Checks and ordering of stored partition progress, shared by both metrics stores so they
 * accept, refuse and read back progress alike.
 *
 * @module
 */

import type { PartitionProgress } from "./metrics_store.ts";
import { checkOffset } from "./store_checks.ts";

const DECIMAL = /^\d+$/;

/**
 * Checks one partition's progress before anything is written.
 *
 * @param p the progress
 * @throws {TypeError} naming the partition and the bad field
 */
export function checkProgress(p: PartitionProgress): void {
  checkOffset(p);
  const where = `progress of partition ${p.partition}`;
  if (p.processed !== undefined && !DECIMAL.test(p.processed)) {
    throw new TypeError(
      `${where}: processed must be a decimal string; got ${JSON.stringify(p.processed)}`,
    );
  }
  for (const name of ["watermark", "resumeWatermark", "newest"] as const) {
    const value = p[name];
    if (value !== undefined && value !== null && !Number.isFinite(value)) {
      throw new TypeError(`${where}: ${name} must be a finite number or null; got ${value}`);
    }
  }
  if (p.stream !== undefined && (!Number.isInteger(p.stream) || p.stream < 0)) {
    throw new TypeError(`${where}: stream must be a non-negative integer; got ${p.stream}`);
  }
  if (p.idle !== undefined && typeof p.idle !== "boolean") {
    throw new TypeError(`${where}: idle must be a boolean; got ${JSON.stringify(p.idle)}`);
  }
  for (const beat of p.heartbeats ?? []) {
    if (!DECIMAL.test(beat[0]) || !Number.isFinite(beat[1])) {
      throw new TypeError(`${where}: bad heartbeat ${JSON.stringify(beat)}`);
    }
  }
  for (const [reason, count] of Object.entries(p.quality ?? {})) {
    if (!Number.isInteger(count) || count < 0) {
      throw new TypeError(`${where}: quality count of ${JSON.stringify(reason)} is ${count}`);
    }
  }
}

/**
 * The ordering key of a progress: `processed`, then `watermark`. Offset-only progress has none
 * and is never refused.
 *
 * @param p the progress
 * @returns `[processed, watermark]` as numbers (no watermark: -1e308), or null
 */
export function progressKey(p: PartitionProgress): [number, number] | null {
  if (p.processed === undefined) return null;
  const watermark = p.watermark ?? null;
  return [Number(p.processed), watermark === null ? -1e308 : watermark];
}

/**
 * Whether `next` would move a partition's stored progress backwards (another owner is ahead): a
 * later stream always wins; within one stream, `processed`, then `watermark`.
 *
 * @param stored what the store holds, if anything
 * @param next what a commit brings
 * @returns true when `next` must be refused
 */
export function isBehind(stored: PartitionProgress | undefined, next: PartitionProgress): boolean {
  if (stored === undefined) return false;
  const [sa, sb] = [stored.stream ?? 0, next.stream ?? 0];
  if (sa !== sb) return sa > sb;
  const a = progressKey(stored);
  const b = progressKey(next);
  if (a === null || b === null) return false;
  return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
}
