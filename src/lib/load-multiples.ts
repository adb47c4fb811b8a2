/**
 * The load multiples of a what-breaks-first figure: the chart's log-spaced grid, and the round multiples
 * the load marker stops at, and the chart's geometry the marker stands on. Small and model-free, so the
 * chart module (with Plot) and the eager marker (without) share it.
 */

/** The what-breaks-first plot's height and margins (src/charts/breaks-first.ts). */
export const BREAKS_HEIGHT = 320;
export const BREAKS_MARGIN = { left: 48, right: 24, top: 28, bottom: 44 } as const;

/** Round multiples (1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5, 6, 8 a decade) from lo to hi, with 1 always among them. */
export function markerMultiples(lo: number, hi: number): number[] {
  const mantissas = [1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5, 6, 8];
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of mantissas) {
      const v = Number((m * 10 ** e).toPrecision(6));
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
    }
  }
  if (!out.includes(1)) out.push(1);
  return out.sort((a, b) => a - b);
}

/** The chart's grid: log-spaced from a tenth of the first saturation (or of today) to a few times the last. */
export function chartMultiples(b: {
  readonly order: readonly { readonly multiple: number | null }[];
  readonly upTo: number;
}): number[] {
  const found = b.order.map((o) => o.multiple).filter((m): m is number => m !== null);
  const lo = Math.min(0.1, ...found.map((m) => m / 10));
  const hi = Math.min(b.upTo, Math.max(10, ...found.map((m) => m * 2)));
  const n = 48;
  const grid = Array.from({ length: n + 1 }, (_, i) => Number((lo * (hi / lo) ** (i / n)).toPrecision(6)));
  for (const m of [1, ...found]) if (m >= lo && m <= hi && !grid.includes(m)) grid.push(m);
  return grid.sort((a, c) => a - c);
}
