/**
 * How sharply the backend's load (and the mean latency, when the scenario gives latencies) moves with the
 * hit ratio: the backend sees only the misses, so each step toward 100 % cuts its load by a larger factor,
 * and a cold cache (0 %) sends it everything. The chart samples; the model computes: it sweeps
 * `cache-offload` over `hitRatio` (a fixed grid plus the scenario's own ratio), every other input as given.
 *
 * The hit ratios are drawn evenly spaced (a point scale), not to scale: on a linear axis everything from
 * 95 % up, where a point of hit ratio matters most, would be squeezed into the last twentieth of the width.
 * Both quantities are on log axes (the load on a symlog one, so that 100 %, no load, keeps a place), so that
 * 99 % → 98 % doubling the load shows as plainly as 50 % → 0 %.
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import type { OutputOf } from '../../models/model.ts';
import type { cacheOffload } from '../../models/capacity/cache-offload.ts';
import { formatValue } from '../lib/chart-units.ts';
import { baseStyle, type ChartContext, type ChartData, type ChartModule, type ChartTable } from '../lib/chart.ts';

type Output = OutputOf<typeof cacheOffload>;

/** Hit ratios drawn, denser toward 100 %: each step cuts the misses by half or more. */
const GRID = [0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 1] as const;

/** The grid plus the scenario's own hit ratio, sorted, each once. */
export function hitRatios(own: number): number[] {
  return [...GRID, own].filter((r, i, all) => all.indexOf(r) === i).sort((a, b) => a - b);
}

/** A hit ratio as a percentage with as many digits as it takes to tell it from its neighbours (99.05 %, not 99.1 %). */
export function formatHitRatio(r: number): string {
  let text = formatValue(r, { format: 'percent' });
  for (let digits = 4; digits <= 8 && Math.abs(Number.parseFloat(text) / 100 - r) > 1e-12; digits++) {
    text = formatValue(r, { format: 'percent', digits });
  }
  return text;
}

interface Row {
  readonly hitRatio: number;
  readonly own: boolean;
  readonly backendLoad: number;
  readonly backendUtilization: number | null;
  readonly saturated: boolean;
  readonly meanLatency: number | null;
}

function ownOf(input: Readonly<Record<string, unknown>>): number {
  return input['hitRatio'] as number;
}

function capacityOf(input: Readonly<Record<string, unknown>>): number | null {
  const c = input['backendCapacity'];
  return typeof c === 'number' ? c : null;
}

function rows({ input, sweep }: ChartData<Output>): Row[] {
  const own = ownOf(input);
  return sweep.flatMap((p) =>
    p.output === null
      ? []
      : [
          {
            hitRatio: p.x,
            own: p.x === own,
            backendLoad: p.output.backendLoad,
            backendUtilization: p.output.backendUtilization,
            saturated: p.output.backendSaturated === true,
            meanLatency: p.output.meanLatency,
          },
        ],
  );
}

/** Round values (1, 2 and 5 times a power of ten) from `lo` to `hi`, only the powers of ten when that is too many. */
export function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
    for (const m of [1, 2, 5]) {
      const t = Number((m * 10 ** k).toPrecision(12));
      if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) ticks.push(t);
    }
  }
  const powers = ticks.filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9);
  if (ticks.length > 7 && powers.length >= 2) return powers.length > 8 ? powers.filter((_, i) => i % 2 === 0) : powers;
  return ticks.length >= 2 ? ticks : [lo, hi];
}

const LOAD_HEIGHT = 280;

/** A count short enough for an axis: 950, 1,000, 100,000, 2M, 100B, 1T. */
export function shortCount(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e12) return `${formatValue(n / 1e12)}T`;
  if (abs >= 1e9) return `${formatValue(n / 1e9)}B`;
  if (abs >= 1e6) return `${formatValue(n / 1e6)}M`;
  return formatValue(n);
}

export function render(data: ChartData<Output>, { width, document }: ChartContext): Element {
  const all = rows(data);
  const own = ownOf(data.input);
  const capacity = capacityOf(data.input);
  const latencies = all.filter((r) => r.meanLatency !== null);
  const narrow = width < 520;
  const xLabel = 'hit ratio (uneven steps) →';
  // Shared by both panels, so their hit ratios line up.
  const layout = {
    ...(document ? { document } : {}),
    width,
    marginLeft: 64,
    marginRight: 24,
    style: baseStyle,
  };
  const x = {
    type: 'point' as const,
    domain: all.map((r) => r.hitRatio),
    tickFormat: formatHitRatio,
    grid: true,
    ...(narrow ? { tickRotate: -45 } : {}),
  };
  const labelled = { label: xLabel, labelOffset: narrow ? 58 : 38 };
  const bottom = narrow ? 66 : 44;
  const ownMarks = (y: (r: Row) => number | null): Plot.Markish[] => [
    Plot.ruleX([own], { stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '2 3' }),
    Plot.dot(
      all.filter((r) => r.own && y(r) !== null),
      { x: 'hitRatio', y, r: 6, fill: 'none', stroke: 'currentColor', strokeWidth: 1.5 },
    ),
  ];

  // A log-like axis (symlog: linear near 0, logarithmic above the smallest load drawn), so that the halving
  // from 98 % to 99 % shows as plainly as the one from 0 % to 50 %, and 100 % (no load at all) still has a place.
  const positive = [...all.map((r) => r.backendLoad), ...(capacity === null ? [] : [capacity])].filter((v) => v > 0);
  const lo = positive.length > 0 ? Math.min(...positive) : 1;
  const hi = positive.length > 0 ? Math.max(...positive) : 1;
  const loadMarginBottom = latencies.length > 0 ? (narrow ? 48 : 28) : bottom;
  // Where a value lands on that axis, in pixels above 0: leave out a tick too close to 0 to read apart from it.
  const loadInner = LOAD_HEIGHT - 28 - loadMarginBottom - 6;
  const aboveZero = (v: number) => (Math.log1p(v / lo) / Math.log1p(hi / lo)) * loadInner;
  const loadTicks = [0, ...logTicks(lo, hi).filter((t) => aboveZero(t) >= 14)];
  const loadMarks: Plot.Markish[] = [
    Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.4 }),
    Plot.line(all, { x: 'hitRatio', y: 'backendLoad', stroke: 'var(--lb-c1)', strokeWidth: 2 }),
    Plot.dot(all, {
      x: 'hitRatio',
      y: 'backendLoad',
      r: 3.5,
      fill: (r: Row) => (r.saturated ? 'var(--lb-reject)' : 'var(--lb-c1)'),
    }),
    ...ownMarks((r) => r.backendLoad),
    Plot.text([own], {
      x: (d: number) => d,
      frameAnchor: 'top',
      dy: -14,
      textAnchor: own >= 0.5 ? 'end' : 'start',
      dx: own >= 0.5 ? -4 : 4,
      text: () => `this input: ${formatHitRatio(own)}`,
      fill: 'currentColor',
    }),
  ];
  if (capacity !== null) {
    loadMarks.push(
      Plot.ruleY([capacity], { stroke: 'var(--lb-reject)', strokeWidth: 1.5, strokeDasharray: '4 3' }),
      Plot.text([capacity], {
        y: (d: number) => d,
        // Above the line at the right, where the load (falling as the hit ratio rises) is mostly below it.
        frameAnchor: 'right',
        textAnchor: 'end',
        lineAnchor: 'bottom',
        dy: -4,
        text: (d: number) => `${narrow ? '' : 'backend '}capacity ${shortCount(d)}/s`,
        fill: 'currentColor',
      }),
    );
  }
  const load = plot(
    {
      ...layout,
      height: LOAD_HEIGHT,
      marginTop: 28,
      marginBottom: loadMarginBottom,
      x: latencies.length > 0 ? { ...x, label: null } : { ...x, ...labelled },
      y: {
        type: 'symlog',
        constant: lo,
        domain: [0, hi],
        ticks: loadTicks,
        tickFormat: shortCount,
        label: '↑ backend calls per second (log scale)',
        grid: true,
        insetTop: 6,
      },
      marks: loadMarks,
    },
    { y: { quantity: 'rate', words: 'per second' } },
  );
  if (latencies.length === 0) return load;

  // Mean latency lies between the hit and the miss latency: a log axis over that range.
  const ms = latencies.map((r) => r.meanLatency ?? 0);
  const [fast, slow] = [Math.min(...ms), Math.max(...ms)];
  const [yMin, yMax] = fast < slow ? [fast, slow] : [fast / 2, slow * 2];
  const latency = plot({
    ...layout,
    height: 200,
    marginTop: 24,
    marginBottom: bottom,
    x: { ...x, ...labelled },
    y: {
      type: 'log',
      domain: [yMin, yMax],
      ticks: logTicks(yMin, yMax),
      tickFormat: (d: number) => formatValue(d, { format: 'duration' }),
      label: '↑ mean latency (log scale)',
      grid: true,
      insetTop: 6,
      insetBottom: 6,
    },
    marks: [
      Plot.line(latencies, { x: 'hitRatio', y: 'meanLatency', stroke: 'var(--lb-c2)', strokeWidth: 2 }),
      Plot.dot(latencies, { x: 'hitRatio', y: 'meanLatency', r: 3.5, fill: 'var(--lb-c2)' }),
      ...ownMarks((r) => r.meanLatency),
    ],
  });
  // Two panels, one above the other, in one box (the page's chart box is the image; see Chart.astro).
  const box = (document ?? globalThis.document).createElement('div');
  box.append(load, latency);
  return box;
}

export function table(data: ChartData<Output>): ChartTable {
  return {
    columns: ['Hit ratio', 'Backend calls/s', 'Backend utilization', 'Mean latency'],
    rows: rows(data).map((r) => [
      r.own ? `${formatHitRatio(r.hitRatio)} (this input)` : formatHitRatio(r.hitRatio),
      formatValue(r.backendLoad, { quantity: 'rate' }),
      formatValue(r.backendUtilization, { format: 'percent' }),
      formatValue(r.meanLatency, { format: 'duration' }),
    ]),
  };
}

export default {
  name: 'cache-sensitivity',
  model: 'cache-offload',
  units: { columns: { 'Backend calls/s': { quantity: 'rate', words: '/s' } } },
  // The scenario's inputs as given, with only the hit ratio varied.
  sweep: (input) => ({ field: 'hitRatio', values: hitRatios(ownOf(input)) }),
  words: {
    label:
      "Backend calls per second, and mean latency, at hit ratios from 0 to 100 %, with the example's own hit ratio and the backend's capacity marked.",
    caption:
      'What reaches the backend at each hit ratio (steps not to scale): each step toward 100 % cuts its load by a larger factor, and a cold cache sends it everything. With a backend capacity given, red dots reach or pass its dashed line; the ringed point is the input’s own hit ratio.',
  },
  render,
  table,
} satisfies ChartModule<Output>;
