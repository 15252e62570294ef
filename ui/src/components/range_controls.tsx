/**
 * The console's controls: time range of the per-minute charts (presets or a custom UTC range),
 * the month of the top 10, funnel and ratings, and the month range of the history charts.
 *
 * @module
 */

import { useState } from "preact/hooks";
import { type MinuteRange, RANGE_PRESETS } from "../console_store.ts";

type PresetKey = (typeof RANGE_PRESETS)[number]["key"];

/** Props of {@linkcode RangeControls}. */
export interface RangeControlsProps {
  range: MinuteRange;
  onRange: (range: MinuteRange) => void;
  months: string[];
  month: string | null;
  onMonth: (month: string) => void;
  monthFrom: string | null;
  monthTo: string | null;
  onMonthRange: (from: string | null, to: string | null) => void;
  /** Default start of a custom range (unix seconds): the shown range's. */
  shownFrom: number | null;
  shownTo: number | null;
}

/** `datetime-local` text of unix seconds, read as UTC. */
function localText(seconds: number | null): string {
  return seconds === null ? "" : new Date(seconds * 1000).toISOString().slice(0, 16);
}

/** Unix seconds of `datetime-local` text taken as UTC, or NaN. */
function fromLocalText(text: string): number {
  return Date.parse(`${text}:00Z`) / 1000;
}

/** The toolbar above the panels. */
export function RangeControls(p: RangeControlsProps) {
  const [custom, setCustom] = useState(p.range.kind === "custom");
  const [from, setFrom] = useState(localText(p.shownFrom));
  const [to, setTo] = useState(localText(p.shownTo === null ? null : p.shownTo + 60));
  const [problem, setProblem] = useState<string | null>(null);
  const value = custom ? "custom" : p.range.kind === "preset" ? p.range.key : "custom";
  const months = p.months;
  const apply = () => {
    const f = fromLocalText(from);
    const t = fromLocalText(to);
    if (!Number.isFinite(f) || !Number.isFinite(t) || t <= f) {
      setProblem("the end must come after the start");
      return;
    }
    setProblem(null);
    p.onRange({ kind: "custom", from: Math.floor(f / 60) * 60, to: Math.ceil(t / 60) * 60 });
  };
  return (
    <nav class="controls" aria-label="time ranges">
      <div class="control">
        <label for="minute-range">Per-minute charts</label>
        <select
          id="minute-range"
          value={value}
          onChange={(e) => {
            const v = (e.currentTarget as HTMLSelectElement).value;
            if (v === "custom") {
              setFrom(localText(p.shownFrom));
              setTo(localText(p.shownTo === null ? null : p.shownTo + 60));
              setCustom(true);
            } else {
              setCustom(false);
              p.onRange({ kind: "preset", key: v as PresetKey });
            }
          }}
        >
          {RANGE_PRESETS.map((r) => <option key={r.key} value={r.key}>{r.label}</option>)}
          <option value="custom">custom…</option>
        </select>
        {custom && (
          <span class="custom-range">
            <label>
              from (UTC){" "}
              <input
                type="datetime-local"
                value={from}
                onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)}
              />
            </label>
            <label>
              to (UTC){" "}
              <input
                type="datetime-local"
                value={to}
                onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)}
              />
            </label>
            <button type="button" onClick={apply}>Apply</button>
            {problem && <span role="alert" class="problem">{problem}</span>}
          </span>
        )}
      </div>
      {months.length > 0 && (
        <div class="control">
          <label for="month">Month</label>
          <select
            id="month"
            value={p.month ?? ""}
            onChange={(e) => p.onMonth((e.currentTarget as HTMLSelectElement).value)}
          >
            {months.toReversed().map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </div>
      )}
      {months.length > 0 && (
        <div class="control">
          <label for="month-from">History from</label>
          <select
            id="month-from"
            value={p.monthFrom ?? months[0]}
            onChange={(e) =>
              p.onMonthRange((e.currentTarget as HTMLSelectElement).value, p.monthTo)}
          >
            {months.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
          <label for="month-to">to</label>
          <select
            id="month-to"
            value={p.monthTo ?? months.at(-1)}
            onChange={(e) =>
              p.onMonthRange(p.monthFrom, (e.currentTarget as HTMLSelectElement).value)}
          >
            {months.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </div>
      )}
    </nav>
  );
}
