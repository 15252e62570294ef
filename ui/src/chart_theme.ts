/**
 * Shared uPlot look: fonts, grid, UTC time axis.
 *
 * @module
 */

import uPlot from "uplot";

/** Series colours used across the console. */
export const COLORS = {
  blue: "#2563eb",
  green: "#16a34a",
  amber: "#d97706",
  red: "#dc2626",
  slate: "#64748b",
  violet: "#7c3aed",
} as const;

const FONT = "11px system-ui, sans-serif";

/** An axis with the console's font and grid; extra fields override. */
export function axis(extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return {
    font: FONT,
    stroke: "#475569",
    grid: { stroke: "#e5e7eb", width: 1 },
    ticks: { stroke: "#e5e7eb", width: 1, size: 4 },
    size: 36,
    ...extra,
  };
}

/** Event time is UTC: show it as UTC, not in the browser's zone. */
export function utcDate(ts: number): Date {
  return uPlot.tzDate(new Date(ts * 1000), "Etc/UTC");
}

/** Fill colour for a series: the stroke at low opacity. */
export function fill(hex: string, alpha = 0.12): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
