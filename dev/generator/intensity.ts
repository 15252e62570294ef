/**
 * The traffic shape: a per-minute intensity over the whole time range combining a daily curve,
 * a weekly pattern, holiday peaks and a growth trend. Day-level factors are interpolated between
 * day noons, so intensity changes smoothly from minute to minute (no jumps at midnight).
 *
 * @module
 */

import { DAY_MS } from "./time_format.ts";

/** First instant of generated data: 2024-10-01 00:00:00 UTC. */
export const START_MS = Date.UTC(2024, 9, 1);
/** Last instant of generated data: 2025-10-31 23:59:59 UTC. */
export const END_MS = Date.UTC(2025, 10, 1) - 1000;
/** Number of whole days in the range (396). */
export const DAYS = Math.round((END_MS + 1000 - START_MS) / DAY_MS);

/** Per-minute intensity and per-day sums. */
export interface Intensity {
  /** Relative traffic of each minute of the range (length DAYS × 1440). */
  minute: Float64Array;
  /** Sum of `minute` over each day. */
  day: Float64Array;
  total: number;
}

/** Traffic by weekday, Sunday first: weekends are busier. */
const WEEKLY = [1.12, 0.96, 0.94, 0.95, 0.98, 1.03, 1.1];
/** Traffic grows by this factor over the range. */
const GROWTH = 1.8;

/** Daily curve in UTC hours: peak in the evening, trough before dawn (about 4:1). */
function hourCurve(hour: number): number {
  const v = 1 + 0.55 * Math.cos((2 * Math.PI * (hour - 20)) / 24) +
    0.15 * Math.cos((4 * Math.PI * (hour - 13)) / 24);
  return Math.max(0.15, v);
}

/** Holiday multiplier for a day: Black Friday week, December, the quiet days after Christmas. */
function holiday(dayMs: number): number {
  const d = new Date(dayMs);
  const month = d.getUTCMonth();
  const date = d.getUTCDate();
  if (month === 10 && date >= 25) return date === 29 ? 2.0 : 1.5;
  if (month === 11 && date <= 2) return 1.45;
  if (month === 11 && date <= 22) return 1.3;
  if (month === 11 && date >= 24 && date <= 26) return 0.8;
  if (month === 0) return 0.9;
  if (month === 6 || month === 7) return 0.93;
  return 1;
}

/**
 * Computes the intensity of every minute from {@linkcode START_MS} to {@linkcode END_MS}.
 *
 * @returns per-minute and per-day intensities
 */
export function buildIntensity(): Intensity {
  const dayFactor = new Float64Array(DAYS);
  for (let d = 0; d < DAYS; d++) {
    const dayMs = START_MS + d * DAY_MS;
    const weekday = new Date(dayMs).getUTCDay();
    dayFactor[d] = WEEKLY[weekday] * holiday(dayMs) * Math.pow(GROWTH, d / (DAYS - 1));
  }
  const curve = new Float64Array(1440);
  for (let m = 0; m < 1440; m++) curve[m] = hourCurve((m + 0.5) / 60);
  const minute = new Float64Array(DAYS * 1440);
  const day = new Float64Array(DAYS);
  let total = 0;
  for (let d = 0; d < DAYS; d++) {
    let sum = 0;
    for (let m = 0; m < 1440; m++) {
      // Interpolate the day factor between this day's noon and the neighbouring day's noon.
      const offset = (m + 0.5) / 1440 - 0.5;
      const other = dayFactor[Math.min(DAYS - 1, Math.max(0, offset < 0 ? d - 1 : d + 1))];
      const f = dayFactor[d] + (other - dayFactor[d]) * Math.abs(offset);
      const v = curve[m] * f;
      minute[d * 1440 + m] = v;
      sum += v;
    }
    day[d] = sum;
    total += sum;
  }
  return { minute, day, total };
}
