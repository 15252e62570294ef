/**
 * Sequential colour scale for the heatmap (light yellow → green → dark blue, like YlGnBu).
 *
 * @module
 */

const STOPS: readonly [number, number, number][] = [
  [255, 255, 217],
  [199, 233, 180],
  [65, 182, 196],
  [34, 94, 168],
  [8, 29, 88],
];

/** Colour of `t` in [0, 1] as `rgb(...)`; values outside are clamped. */
export function colorAt(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [STOPS[i], STOPS[i + 1]];
  const c = (k: number) => Math.round(a[k] + (b[k] - a[k]) * f);
  return `rgb(${c(0)}, ${c(1)}, ${c(2)})`;
}

/** Whether text on colour `t` should be white for contrast. */
export function darkAt(t: number): boolean {
  return t > 0.55;
}
