/**
 * The alerts feed: newest first, firing ones highlighted.
 *
 * @module
 */

import { fmtInt, fmtMinute } from "../format.ts";
import type { AlertEvent } from "../types.ts";
import { Panel } from "./panel.tsx";

const SHOWN = 12;

/** Spike alerts from the detector, latest state per alert id. */
export function AlertsFeed({ alerts }: { alerts: Map<string, AlertEvent> }) {
  const list = [...alerts.values()].sort((
    a,
    b,
  ) => (a.minute < b.minute ? 1 : a.minute > b.minute ? -1 : 0));
  const firing = list.filter((a) => a.state === "firing").length;
  return (
    <Panel title="Alerts" note={`${firing} firing · ${list.length} total`}>
      {list.length === 0
        ? <p class="empty">No alerts: event rates are within their baselines.</p>
        : (
          <ul class="alerts">
            {list.slice(0, SHOWN).map((a) => (
              <li key={a.id} class={`alert ${a.state}`} data-alert={a.id}>
                <span class={`badge ${a.state}`}>{a.state}</span>
                <span class="alert-type">{a.event_type.replaceAll("_", " ")}</span>
                <span class="alert-time">{fmtMinute(a.minute)}</span>
                <span class="alert-detail">
                  {fmtInt(a.count)} vs {fmtInt(a.baseline)} · z {Number(a.zscore).toFixed(1)}
                </span>
              </li>
            ))}
          </ul>
        )}
    </Panel>
  );
}
