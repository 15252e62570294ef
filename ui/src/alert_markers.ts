/**
 * uPlot plugin drawing alert markers on per-minute charts.
 *
 * @module
 */

import type uPlot from "uplot";
import type { AlertEvent } from "./types.ts";

/** Marker colours by alert state. */
export const ALERT_COLORS = { firing: "#dc2626", resolved: "#9ca3af" } as const;

/**
 * A plugin drawing a dashed vertical line and a small triangle at each alert's minute.
 *
 * @param alerts returns the current alerts (read at every redraw, so no rebuild is needed).
 * @param eventType only alerts of this event type, or all when omitted.
 */
export function alertMarkers(alerts: () => Iterable<AlertEvent>, eventType?: string): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const { ctx } = u;
        const { top, height } = u.bbox;
        const [min, max] = [u.scales.x.min ?? 0, u.scales.x.max ?? 0];
        const dpr = devicePixelRatio || 1;
        ctx.save();
        for (const alert of alerts()) {
          if (eventType && alert.event_type !== eventType) continue;
          const x = Date.parse(alert.minute) / 1000;
          if (!(x >= min && x <= max)) continue;
          const px = Math.round(u.valToPos(x, "x", true));
          ctx.strokeStyle = ctx.fillStyle = ALERT_COLORS[alert.state] ?? ALERT_COLORS.firing;
          ctx.lineWidth = 1.5 * dpr;
          ctx.setLineDash([4 * dpr, 3 * dpr]);
          ctx.beginPath();
          ctx.moveTo(px, top);
          ctx.lineTo(px, top + height);
          ctx.stroke();
          ctx.setLineDash([]);
          ctx.beginPath();
          ctx.moveTo(px - 5 * dpr, top);
          ctx.lineTo(px + 5 * dpr, top);
          ctx.lineTo(px, top + 7 * dpr);
          ctx.fill();
        }
        ctx.restore();
      },
    },
  };
}
