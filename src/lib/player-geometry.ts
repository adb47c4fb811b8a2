/**
 * Where a played chart's time axis and plotting area are, in the chart's own SVG units: read from the Plot
 * figure's scales (Plot attaches `scale(name)` to what it returns, at build time under linkedom and in the
 * browser alike). The player lays its curtain and playhead over the figure with it, so a frame moves two
 * boxes and redraws nothing (src/client/player-runtime.ts).
 */
export interface PlotGeometry {
  /** the SVG's width and height in its own units (its width attribute: the width the chart was drawn at) */
  readonly width: number;
  readonly height: number;
  /** the x scale, linear: time domain → horizontal range */
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  /** the plotting area's top and bottom (the facets' extent on a faceted chart, else the y range) */
  readonly top: number;
  readonly bottom: number;
  /** a faceted chart's rows (Plot's fy scale): each facet's name and vertical extent */
  readonly facets?: readonly { readonly name: string; readonly top: number; readonly bottom: number }[];
  /** the vertical position of each value asked for (`ys`), by the y scale; null where it has none */
  readonly ys?: readonly (number | null)[];
}

interface ScaleLike {
  readonly type?: string;
  readonly domain?: readonly unknown[];
  readonly range?: readonly unknown[];
  readonly bandwidth?: number;
  readonly apply?: (v: unknown) => unknown;
}
type Scaled = Element & { scale?: (name: string) => ScaleLike | undefined };

const pair = (xs: readonly unknown[] | undefined): [number, number] | undefined => {
  const [a, b] = xs ?? [];
  return typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b) ? [a, b] : undefined;
};

/** The geometry of a Plot figure (or its SVG) drawn at `width`; undefined when its x scale is not a linear one. */
export function plotGeometry(figure: Element, width: number, ys: readonly number[] = []): PlotGeometry | undefined {
  const scaled = figure as Scaled;
  if (typeof scaled.scale !== 'function') return undefined;
  const safe = (name: string): ScaleLike | undefined => {
    try {
      return scaled.scale?.(name);
    } catch {
      return undefined; // Plot throws for a scale the figure does not have
    }
  };
  const x = safe('x');
  const domain = pair(x?.domain);
  const range = pair(x?.range);
  if (x?.type !== 'linear' || !domain || !range) return undefined;
  const fy = safe('fy');
  const fyRange = pair(fy?.range);
  const y = safe('y');
  const yRange = pair(y?.range);
  const vertical = fyRange ?? yRange;
  const svg =
    figure.tagName.toLowerCase() === 'svg'
      ? figure
      : [...figure.querySelectorAll('svg')].find((s) => s.getAttribute('width') === String(width));
  const height = Number(svg?.getAttribute('height') ?? NaN);
  if (!vertical || !Number.isFinite(height)) return undefined;
  const facets = (fy?.domain ?? []).flatMap((name) => {
    const top = fy?.apply?.(name);
    return typeof name === 'string' && typeof top === 'number' && Number.isFinite(top)
      ? [{ name, top, bottom: top + (fy?.bandwidth ?? 0) }]
      : [];
  });
  return {
    width,
    height,
    domain,
    range,
    top: Math.min(...vertical),
    bottom: Math.max(...vertical),
    ...(facets.length ? { facets } : {}),
    ...(ys.length
      ? {
          ys: ys.map((v) => {
            const p = y?.apply?.(v);
            return typeof p === 'number' && Number.isFinite(p) ? p : null;
          }),
        }
      : {}),
  };
}

/** Horizontal position (SVG units) of time t, clamped to the axis. */
export function xOf(g: PlotGeometry, t: number): number {
  const [d0, d1] = g.domain;
  const [r0, r1] = g.range;
  const f = d1 === d0 ? 1 : (t - d0) / (d1 - d0);
  return r0 + Math.min(1, Math.max(0, f)) * (r1 - r0);
}
