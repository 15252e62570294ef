/**
 * Argument checks and keys shared by both metrics stores.
 *
 * @module
 */

import type { StoredAlert } from "./metrics_store.ts";

/**
 * Checks one committed partition offset.
 *
 * @param p partition and next offset to consume
 * @throws {TypeError} naming the bad partition or offset
 */
export function checkOffset(p: { partition: number; offset: string }): void {
  if (!Number.isInteger(p.partition) || p.partition < 0) {
    throw new TypeError(`partition must be a non-negative integer; got ${p.partition}`);
  }
  if (typeof p.offset !== "string" || !/^\d+$/.test(p.offset)) {
    throw new TypeError(
      `offset of partition ${p.partition} must be a decimal string; got ${
        JSON.stringify(p.offset)
      }`,
    );
  }
}

/**
 * The identity of an alert row for de-duplication: a firing and its resolution share an id, so
 * the state is part of it.
 *
 * @param row the alert
 * @returns e.g. `purchase:2019-10-01T00:05:00.000Z|firing`
 */
export function alertKey(row: StoredAlert): string {
  if (typeof row.id !== "string" || row.id === "") {
    throw new TypeError(`alert needs a non-empty id; got ${JSON.stringify(row.id)}`);
  }
  return `${row.id}|${row.state}`;
}
