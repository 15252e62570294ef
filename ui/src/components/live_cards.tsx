/**
 * Header cards: active users and conversion of the last complete minute (the open minute's
 * count so far in the hint), events/s, consumer lag, watermark delay.
 *
 * @module
 */

import type { ConsoleState } from "../console_store.ts";
import { fmtClock, fmtCompact, fmtInt, fmtPercent } from "../format.ts";
import { EVENT_TYPES, type MinuteSeries } from "../minute_series.ts";

interface Card {
  key: string;
  label: string;
  value: string;
  hint: string;
}

/** Index of the newest minute that is closed (not partial), or -1. */
function lastComplete(m: MinuteSeries): number {
  for (let i = m.xs.length - 1; i >= 0; i--) if (!m.partial.has(m.xs[i])) return i;
  return -1;
}

function cards(s: ConsoleState): Card[] {
  const m = s.recent;
  const done = lastComplete(m);
  const last = m.xs.length - 1;
  const openMinute = last > done ? last : -1;
  const at = done < 0 ? "no complete minute yet" : `${fmtClock(m.xs[done])} UTC`;
  const openHint = (column: (number | null)[], show: (v: number | null) => string) =>
    openMinute < 0
      ? ""
      : ` · open ${fmtClock(m.xs[openMinute])}: ${show(column[openMinute])} so far`;
  const gauges = s.health?.gauges ?? {};
  const rate = done < 0 ? null : m.conversion[done];
  let perSecond: number | null = gauges.records_per_second ?? null;
  let perSecondHint = "pipeline throughput";
  if (perSecond === null && done >= 0) {
    let total = 0;
    for (let t = 0; t < EVENT_TYPES.length; t++) total += m.counts[t][done] ?? 0;
    perSecond = total / 60;
    perSecondHint = `events in minute ${fmtClock(m.xs[done])} ÷ 60`;
  }
  const delay = gauges.watermark_delay_ms;
  return [
    {
      key: "active_users",
      label: "Active users",
      value: fmtInt(done < 0 ? null : m.activeUsers[done]),
      hint: at + openHint(m.activeUsers, fmtInt),
    },
    {
      key: "conversion",
      label: "Conversion",
      value: rate === null ? "—" : fmtPercent(rate / 100, 2),
      hint: at,
    },
    {
      key: "events_per_second",
      label: "Events / s",
      value: perSecond === null ? "—" : fmtCompact(perSecond),
      hint: perSecondHint,
    },
    {
      key: "consumer_lag",
      label: "Consumer lag",
      value: fmtInt(gauges.consumer_lag),
      hint: "messages behind",
    },
    {
      key: "watermark_delay",
      label: "Watermark delay",
      value: delay === undefined ? "—" : `${(delay / 1000).toFixed(1)} s`,
      hint: "behind newest event",
    },
  ];
}

/** The row of live cards in the header. */
export function LiveCards({ state }: { state: ConsoleState }) {
  return (
    <div class="cards">
      {cards(state).map((c) => (
        <div class="card" key={c.key} data-card={c.key}>
          <div class="card-label">{c.label}</div>
          <div class="card-value">{c.value}</div>
          <div class="card-hint">{c.hint}</div>
        </div>
      ))}
    </div>
  );
}
