/**
 * Shared uPlot look: fonts, grid, UTC time axis, and a colour-blind-safe palette.
 *
 * @module
 */

import uPlot from "uplot";

/**
 * Series colours (Okabe–Ito: distinguishable with the common colour-vision deficiencies). Names
 * say the role, not the hue, where a hue would mislead.
 */
export const COLORS = {
  blue: "#0072B2",
  orange: "#E69F00",
  vermillion: "#D55E00",
  green: "#009E73",
  sky: "#56B4E9",
  purple: "#CC79A7",
  grey: "#5f6b7a",
} as const;

const FONT = "11px system-ui, sans-serif";
const LABEL_FONT = "600 11px system-ui, sans-serif";

/** An axis with the console's font and grid; `label` is the axis title. Extra fields override. */
export function axis(extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return {
    font: FONT,
    labelFont: LABEL_FONT,
    labelSize: extra.label ? 16 : 0,
    labelGap: 0,
    stroke: "#334155",
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
