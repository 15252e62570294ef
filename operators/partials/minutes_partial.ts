/**
 * The `minutes` family: the per-minute reports (`active_users`, `conversion`, `event_counts`)
 * and the spike `alerts` over their counts, from per-partition partial state.
 *
 * @module
 */

import { of, type OperatorFunction, Subject } from "rxjs";
import {
  activeUsersRows,
  conversionRows,
  eventCountRows,
  type MinuteActivity,
  minuteActivity,
} from "../minute_activity.ts";
import { spikeAlerts } from "../spike_alerts.ts";
import type { AnyBatch } from "../types.ts";
import { decodeColumns, encodeColumns, type MinuteColumns } from "./minute_columns.ts";
import { appendMinute, copyTable, emptyTable, sumTables, tableMinutes } from "./minute_table.ts";
import type {
  FamilyRows,
  PartialFamily,
  PartialOptions,
  PartitionPartial,
} from "./partial_family.ts";

/** The reports of the `minutes` family. */
export type MinutesReport = "active_users" | "conversion" | "event_counts" | "alerts";

const REPORTS: readonly MinutesReport[] = ["active_users", "conversion", "event_counts", "alerts"];

/**
 * The `minutes` family of partial reports (see `partial_family.ts`). A partition's state is
 * `minuteActivity()` itself, the operator replay runs, fed the partition's activity batches: the
 * minutes it closes are kept in a `MinuteTable` (dense columns), the open ones as their latest
 * figures so far. A snapshot is both, encoded as compact {@linkcode MinuteColumns}; snapshots
 * merge by summing each minute's figures; finishing feeds the merged minutes, in order, to the operators that turn minutes into
 * rows (`activeUsersRows`, `conversionRows`, `eventCountRows`) and the event counts to
 * `spikeAlerts`, which must see the whole series: alerts cannot be summed per partition.
 *
 * Why sums are exact: the activity topic is keyed by user, so all events of a user are in one
 * partition, and distinct users per minute add up across partitions. A session belongs to one
 * user, so its events are in that user's partition too, and distinct sessions (and converted
 * sessions) add up as well. A session id shared by users in two partitions would be counted
 * once per partition; the law is tested on data where sessions do not cross users.
 *
 * @param options the analytics parameters; only `spike` is read
 * @returns the family, named `minutes`, reading `activity`
 * @throws {RangeError} when a spike option is out of range
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const family = minutesFamily({ lookback: 86_400_000, spike: {}, topN: 10 });
 * const event = (user: string, type: "view" | "purchase") => ({
 *   eventId: `${user}-${type}`, eventTime: Date.UTC(2019, 9, 1, 0, 0, 30), eventType: type,
 *   productId: "p1", categoryId: null, categoryCode: null, brand: null, price: 10,
 *   userId: user, userSession: `${user}-s`,
 * });
 * const a = family.create(), b = family.create(); // two partitions, keyed by user
 * a.add({ table: "activity", records: [event("u1", "view")], quarantine: [] });
 * b.add({ table: "activity", records: [event("u2", "purchase")], quarantine: [] });
 * const rows = family.finish(family.merge([a.snapshot(), b.snapshot()]));
 * assert.deepEqual(rows.active_users, [{ minute: Date.UTC(2019, 9, 1), active_users: 2 }]);
 * assert.equal(rows.conversion[0].rate, 0.5);
 * ```
 */
export function minutesFamily(
  options: PartialOptions,
): PartialFamily<MinuteColumns, MinutesReport> {
  spikeAlerts(options.spike); // checks the options now rather than at the first finish
  return {
    name: "minutes",
    reports: REPORTS,
    tables: ["activity"],
    create: createPartial,
    merge: (snapshots) => encodeColumns(sumTables(snapshots.map(decodeColumns))),
    finish: (merged) => finish(merged, options),
  };
}

function createPartial(): PartitionPartial<MinuteColumns> {
  const input = new Subject<AnyBatch>();
  const closed = emptyTable();
  const open = new Map<number, MinuteActivity>(); // latest figures so far of open minutes
  const errors: unknown[] = [];
  input.pipe(minuteActivity({ emitOpen: true })).subscribe({
    next(minutes) {
      try {
        // Closed minutes come in minute order, before the open ones; an open minute's newer
        // figures replace its older ones, and it leaves `open` when it closes.
        for (let i = 0; i < minutes.length; i++) {
          const m = minutes[i];
          if (m.partial) open.set(m.minute, m);
          else {
            open.delete(m.minute);
            appendMinute(closed, m);
          }
        }
      } catch (err) {
        errors.push(err);
      }
    },
    error: (err) => errors.push(err),
  });
  function check(): void {
    if (errors.length > 0) throw errors[0];
  }
  return {
    add(batch) {
      check();
      if (batch.table !== "activity") return;
      input.next(batch);
      check();
    },
    snapshot() {
      check();
      if (open.size === 0) return encodeColumns(closed); // new arrays: the state stays apart
      const table = copyTable(closed);
      const starts = [...open.keys()].sort((a, b) => a - b); // all after the closed minutes
      for (const start of starts) appendMinute(table, open.get(start)!);
      return encodeColumns(table);
    },
  };
}

function finish(merged: MinuteColumns, options: PartialOptions): FamilyRows<MinutesReport> {
  const minutes = tableMinutes(decodeColumns(merged));
  const counts = rowsOf(minutes, eventCountRows());
  return {
    active_users: rowsOf(minutes, activeUsersRows()),
    conversion: rowsOf(minutes, conversionRows()),
    event_counts: counts,
    // The whole series in one array: its last minute is complete, as at the end of replay.
    alerts: rowsOf(counts, spikeAlerts(options.spike)),
  };
}

/** Runs a synchronous operator over one array; returns its output arrays concatenated. */
function rowsOf<T, R>(input: T[], operator: OperatorFunction<T[], R[]>): R[] {
  const out: R[] = [];
  const errors: unknown[] = [];
  of(input).pipe(operator).subscribe({
    next(rows) {
      for (let i = 0; i < rows.length; i++) out.push(rows[i]);
    },
    error: (err) => errors.push(err),
  });
  if (errors.length > 0) throw errors[0];
  return out;
}
