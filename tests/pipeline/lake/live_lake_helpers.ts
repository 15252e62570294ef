/**
 * Test helpers for the live lake: activity rows, temporary lakes and snapshot reads.
 *
 * @module
 */

import { readTable } from "../../../pipeline/lake/read_table.ts";

const DAY = 86_400_000;
/** 2024-10-01T00:00:00Z */
export const OCT_1 = Date.UTC(2024, 9, 1);

/** `count` clean activity rows from offset `first` on, spread over two days (Oct 1 and 2). */
export function activityRows(first: number, count: number) {
  const rows = [];
  for (let i = 0; i < count; i++) {
    const offset = first + i;
    rows.push({
      eventId: `ev${offset}`,
      eventTime: OCT_1 + (offset % 2) * DAY + offset * 1000,
      eventType: offset % 3 === 0 ? "purchase" : "view",
      productId: `p${offset % 7}`,
      categoryId: null,
      categoryCode: offset % 2 === 0 ? "electronics.audio" : null,
      brand: "acme",
      price: 10 + (offset % 5) * 0.01,
      userId: `pseudo-user-${offset % 11}`,
      userSession: `pseudo-session-${offset % 13}`,
    });
  }
  return rows;
}

/** Runs `fn` with a fresh lake root, removed after. */
export async function withLake(fn: (root: string) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "live_lake_test_" });
  try {
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

/**
 * Reads a table as a reader holding one snapshot does: the link is resolved once, then every
 * file of that version is read. Returns the rows as sorted JSON lines (a multiset).
 */
export async function snapshotRows(root: string, table: string): Promise<string[]> {
  let version: string;
  try {
    version = await Deno.realPath(`${root}/${table}`);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  const slash = version.lastIndexOf("/");
  const rows = await readTable(version.slice(0, slash), version.slice(slash + 1));
  return rows.map((row) => JSON.stringify(row, (_k, v) => typeof v === "bigint" ? String(v) : v))
    .sort();
}

/** Relative paths of the files a reader sees under `<root>/<table>`, sorted. */
export function visibleFiles(root: string, table: string): string[] {
  const out: string[] = [];
  const dir = `${root}/${table}`;
  for (const date of Deno.readDirSync(dir)) {
    for (const file of Deno.readDirSync(`${dir}/${date.name}`)) {
      out.push(`${date.name}/${file.name}`);
    }
  }
  return out.sort();
}
