/**
 * Query-parameter parsing and row filters shared by the API routes.
 *
 * @module
 */

import { HTTPException } from "hono/http-exception";
import type { ColumnTable, Row } from "./column_table.ts";
import { MAX_DATE_MS } from "../operators/parse_time.ts";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Default window of per-minute routes over the lake (replayed history): one day. */
export const DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Default window of per-minute routes over the live feed: the two hours the console shows. */
export const LIVE_WINDOW_MS = 2 * 60 * 60 * 1000;

/**
 * Checks a `YYYY-MM` query parameter.
 *
 * @returns the month, or `undefined` when the parameter is absent.
 * @throws HTTPException 400 naming the value when it is not a month.
 */
export function parseMonth(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  if (!MONTH.test(value)) {
    throw new HTTPException(400, { message: `${name} must be YYYY-MM: "${value}"` });
  }
  return value;
}

/**
 * Parses a time query parameter into the canonical ISO form the reports use
 * (`2019-10-01T00:05:00.000Z`), so string comparison orders it correctly.
 *
 * @throws HTTPException 400 naming the value when it is not a date-time.
 */
export function parseMinute(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  // ±MAX_DATE_MS is the range of a JS Date: beyond it toISOString() throws a RangeError (a 500).
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) {
    throw new HTTPException(400, { message: `${name} must be an ISO date-time: "${value}"` });
  }
  return new Date(ms).toISOString();
}

/**
 * Rows whose `key` lies in `[from, to)`, by binary search over a table sorted by `key`.
 *
 * @param table rows sorted ascending by `key`.
 * @param key the time field (`minute` or `month`).
 * @param from inclusive lower bound; undefined = open.
 * @param to exclusive upper bound; undefined = open.
 */
export function rowsInRange(table: ColumnTable, key: string, from?: string, to?: string): Row[] {
  const start = from === undefined ? 0 : table.lowerBound(key, from);
  const end = to === undefined ? table.length : table.lowerBound(key, to);
  return table.slice(start, end);
}

/**
 * Rows of a per-minute report for a request: `[from, to)` when either is given, else the
 * {@linkcode DEFAULT_WINDOW_MS} ending at the latest row.
 */
export function minuteWindow(table: ColumnTable, from?: string, to?: string): Row[] {
  if (from !== undefined || to !== undefined) return rowsInRange(table, "minute", from, to);
  if (table.length === 0) return [];
  const latest = Date.parse(String(table.get(table.length - 1, "minute")));
  if (!Number.isFinite(latest)) return table.slice();
  return rowsInRange(table, "minute", new Date(latest - DEFAULT_WINDOW_MS + 60_000).toISOString());
}

/**
 * Rows from the live feed for a request: as the feed returned them for `[from, to)`, else the
 * {@linkcode LIVE_WINDOW_MS} ending at the latest row (rows ordered by minute).
 */
export function liveWindow(rows: Row[], from?: string, to?: string): Row[] {
  if (from !== undefined || to !== undefined || rows.length === 0) return rows;
  const latest = Date.parse(String(rows[rows.length - 1].minute));
  if (!Number.isFinite(latest)) return rows;
  const start = new Date(latest - LIVE_WINDOW_MS + 60_000).toISOString();
  let i = 0;
  while (i < rows.length && String(rows[i].minute) < start) i++;
  return i === 0 ? rows : rows.slice(i);
}

/** The latest `month` of a table sorted by month, or undefined when it is empty. */
export function latestMonth(table: ColumnTable): string | undefined {
  return table.length === 0 ? undefined : String(table.get(table.length - 1, "month"));
}
