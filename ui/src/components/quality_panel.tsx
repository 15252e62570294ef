/**
 * Data quality: valid vs total input per source, quarantine by reason.
 *
 * @module
 */

import { fmtInt, fmtPercent } from "../format.ts";
import type { QualityRow } from "../types.ts";
import { Panel } from "./panel.tsx";

interface SourceTotals {
  source: string;
  total: number;
  valid: number;
}

function summarize(rows: QualityRow[]) {
  const sources = new Map<string, SourceTotals>();
  const reasons = new Map<string, number>();
  for (const row of rows) {
    const s = sources.get(row.source) ?? { source: row.source, total: 0, valid: 0 };
    sources.set(row.source, s);
    if (row.reason === "total_input") s.total += row.count;
    else if (row.reason === "valid") s.valid += row.count;
    else reasons.set(row.reason, (reasons.get(row.reason) ?? 0) + row.count);
  }
  return {
    sources: [...sources.values()],
    reasons: [...reasons.entries()].sort((a, b) => b[1] - a[1]),
  };
}

/** Reasons listed before the rest fold into "+N more". */
const SHOWN = 6;

/** A list of reasons and counts, the first {@linkcode SHOWN} open, the rest behind "+N more". */
function ReasonList({ reasons, live }: { reasons: [string, number][]; live: boolean }) {
  const item = ([reason, count]: [string, number]) => (
    <li key={reason}>
      <code>{reason}</code>
      <span>{fmtInt(count)}</span>
    </li>
  );
  const rest = reasons.slice(SHOWN);
  return (
    <>
      <ul class={live ? "reasons live" : "reasons"}>{reasons.slice(0, SHOWN).map(item)}</ul>
      {rest.length > 0 && (
        <details class="more">
          <summary>+{rest.length} more</summary>
          <ul class={live ? "reasons live" : "reasons"}>{rest.map(item)}</ul>
        </details>
      )}
    </>
  );
}

/** Quality of the lake (replay or live lake), plus live quarantine counts when the pipeline runs. */
export function QualityPanel({ rows, live }: { rows: QualityRow[]; live: Record<string, number> }) {
  const { sources, reasons } = summarize(rows);
  const total = sources.reduce((n, s) => n + s.total, 0);
  const valid = sources.reduce((n, s) => n + s.valid, 0);
  const liveReasons = Object.entries(live).sort((a, b) => b[1] - a[1]);
  return (
    <Panel
      title="Data quality"
      note={total ? `lake: ${fmtPercent(valid / total, 2)} valid of ${fmtInt(total)}` : undefined}
    >
      {sources.length === 0 && liveReasons.length === 0
        ? <p class="empty">No quality report yet.</p>
        : null}
      <table class="quality">
        <tbody>
          {sources.map((s) => (
            <tr key={s.source} data-source={s.source}>
              <th>{s.source}</th>
              <td class="meter">
                <progress
                  max={s.total || 1}
                  value={s.valid}
                  aria-label={`${s.source}: ${fmtInt(s.valid)} valid of ${fmtInt(s.total)}`}
                />
              </td>
              <td class="num">{fmtInt(s.valid)} / {fmtInt(s.total)}</td>
              <td class="num bad">{fmtInt(s.total - s.valid)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {reasons.length > 0 && (
        <>
          <h3 class="sub">Quarantined in the lake, by reason</h3>
          <ReasonList reasons={reasons} live={false} />
        </>
      )}
      {liveReasons.length > 0 && (
        <>
          <h3 class="sub">Quarantined live since this process started</h3>
          <ReasonList reasons={liveReasons} live />
        </>
      )}
    </Panel>
  );
}
