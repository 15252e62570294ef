/**
 * Header cards: active users now, conversion, events/s, consumer lag, watermark delay.
 *
 * @module
 */

import type { ConsoleState } from "../console_store.ts";
import { fmtClock, fmtCompact, fmtInt, fmtPercent } from "../format.ts";
import { EVENT_TYPES } from "../minute_series.ts";

interface Card {
  key: string;
  label: string;
  value: string;
  hint: string;
}

function cards(s: ConsoleState): Card[] {
  const m = s.minutes;
  const last = m.xs.length - 1;
  // An open minute's values are its values so far, updated every second or so.
  const at = last < 0
    ? "no minute yet"
    : m.partial.has(m.xs[last])
    ? `${fmtClock(m.xs[last])} UTC so far`
    : `at ${fmtClock(m.xs[last])} UTC`;
  const gauges = s.health?.gauges ?? {};
  const rate = m.latest(m.conversion);
  let perSecond: number | null = gauges.records_per_second ?? null;
  let perSecondHint = "pipeline throughput";
  if (perSecond === null && last >= 0) {
    let total = 0;
    for (let t = 0; t < EVENT_TYPES.length; t++) total += m.counts[t][last] ?? 0;
    perSecond = total / 60;
    perSecondHint = "events in the last minute ÷ 60";
  }
  const delay = gauges.watermark_delay_ms;
  return [
    {
      key: "active_users",
      label: "Active users",
      value: fmtInt(m.latest(m.activeUsers)),
      hint: at,
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
