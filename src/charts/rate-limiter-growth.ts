/**
 * What breaks first as load grows: the remote check's p50 and p99 latency against the load multiplier,
 * with the primaries held at what today's peak needs. Flat, then a wall at saturation; past it, no
 * steady state. The chart samples; the model computes: it sweeps `rate-limiter-capacity` over the peak
 * load with `primaries` fixed.
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import type { OutputOf } from '../../models/model.ts';
import type { rateLimiterCapacity } from '../../models/case-studies/rate-limiter.ts';
import { formatValue } from '../lib/chart-units.ts';
import { baseStyle, type ChartContext, type ChartData, type ChartModule, type ChartTable } from '../lib/chart.ts';

type Output = OutputOf<typeof rateLimiterCapacity>;

/** Load multipliers drawn, denser where latency turns up at the default 50 % utilisation. */
const GRID = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 1.9, 2, 3, 4] as const;
/** Shares of the saturating load added to the grid, so the knee shows whatever the utilisation. */
const KNEE = [0.8, 0.9, 0.95] as const;

/** The grid plus the knee points below saturation `h` (a load multiplier), sorted, without near-duplicates. */
export function loadMultipliers(h: number): number[] {
  const max = Math.max(...GRID);
  const points: number[] = [...GRID];
  for (const f of KNEE) {
    const m = Number((h * f).toPrecision(12));
    if (m < max && points.every((p) => Math.abs(p - m) > 1e-9 * Math.max(1, m))) points.push(m);
  }
  return points.sort((a, b) => a - b);
}

function peakOf(input: Readonly<Record<string, unknown>>): number {
  return input['peakRequestsPerSecond'] as number;
}

function rows({ input, sweep }: ChartData<Output>) {
  const peak = peakOf(input);
  // A point beyond the model's input range (a multiple of an already huge peak) is left out.
  return sweep.flatMap((p) =>
    p.output === null
      ? []
      : [
          {
            loadMultiplier: p.x / peak,
            requestsPerSecond: p.x,
            utilizationPerPrimary: p.output.utilizationPerPrimary,
            p50: p.output.checkLatencyP50,
            p99: p.output.checkLatencyP99,
          },
        ],
  );
}

export function render(data: ChartData<Output>, { width, document }: ChartContext): Element {
  const out = data.output;
  const all = rows(data);
  const stable = all.filter((g) => g.p99 !== null);
  const points = stable.flatMap((g) => [
    { x: g.loadMultiplier, ms: (g.p50 ?? 0) * 1e3, q: 'p50' },
    { x: g.loadMultiplier, ms: (g.p99 ?? 0) * 1e3, q: 'p99' },
  ]);
  // No point at all when even today's tier is beyond one model run (more primaries than a cluster has slots).
  const xMax = all.length > 0 ? Math.max(...all.map((g) => g.loadMultiplier)) : Math.max(...GRID);
  return plot({
    ...(document ? { document } : {}),
    width,
    height: 300,
    marginLeft: 48,
    marginRight: 24,
    marginTop: 28,
    marginBottom: 44,
    style: baseStyle,
    x: { label: 'load, × today’s peak →', domain: [0, xMax], grid: true, labelOffset: 38 },
    // Log scale: the latency near saturation is tens of times today's, and a linear axis would flatten
    // today's point (the one a reader came for) onto the floor.
    y: {
      type: 'log',
      label: '↑ remote check latency (ms, log scale)',
      grid: true,
      ticks: 5,
      tickFormat: (d: number) => String(Number(d.toPrecision(2))),
    },
    color: { domain: ['p50', 'p99'], range: ['var(--lb-c1)', 'var(--lb-c2)'], legend: true },
    marks: [
      Plot.rectX([out.headroomToSaturation], { x1: (d: number) => d, x2: xMax, fill: 'var(--lb-reject)', fillOpacity: 0.12 }),
      Plot.ruleX([out.headroomToSaturation], { stroke: 'var(--lb-reject)', strokeWidth: 1.5, strokeDasharray: '4 3' }),
      Plot.text([out.headroomToSaturation], {
        x: (d: number) => d,
        frameAnchor: 'top',
        // the label runs into the shaded region, or back from the line when that region is narrow
        dx: out.headroomToSaturation > xMax * 0.55 ? -6 : 6,
        dy: -14,
        textAnchor: out.headroomToSaturation > xMax * 0.55 ? 'end' : 'start',
        text: (d: number) =>
          width < 520 ? `saturated from ${formatValue(d)}×` : `saturated from ${formatValue(d)}×: no steady state`,
        fill: 'currentColor',
      }),
      Plot.ruleX([1], { stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '2 3' }),
      Plot.line(points, { x: 'x', y: 'ms', stroke: 'q', strokeWidth: 2, curve: 'monotone-x' }),
      Plot.dot(points, { x: 'x', y: 'ms', fill: 'q', r: 3.5 }),
    ],
  });
}

export function table(data: ChartData<Output>): ChartTable {
  return {
    columns: ['Load', 'Requests/s', 'Utilization per primary', 'p50', 'p99'],
    rows: rows(data).map((g) => [
      `${formatValue(g.loadMultiplier)}×`,
      formatValue(g.requestsPerSecond, { format: 'integer', quantity: 'rate' }),
      formatValue(g.utilizationPerPrimary, { format: 'percent' }),
      g.p50 === null ? 'saturated' : formatValue(g.p50, { format: 'duration' }),
      g.p99 === null ? 'saturated' : formatValue(g.p99, { format: 'duration' }),
    ]),
  };
}

export default {
  name: 'rate-limiter-growth',
  model: 'rate-limiter-capacity',
  units: {
    y: { quantity: 'duration', unit: 'ms', words: '(ms' },
    columns: { 'Requests/s': { quantity: 'rate', words: '/s' } },
  },
  // Today's primaries, held fixed while the peak load is multiplied along the grid.
  sweep: (input, output) => ({
    field: 'peakRequestsPerSecond',
    values: loadMultipliers(output.headroomToSaturation).map((m) => peakOf(input) * m),
    fixed: { primaries: output.primaries },
  }),
  words: {
    label:
      "Median and 99th-percentile latency of a remote rate-limit check as load grows, with the primaries sized for the example's peak.",
    caption:
      "Remote check latency as load grows, with the primaries held at what the example's peak needs; the shaded region has no steady state.",
  },
  render,
  table,
} satisfies ChartModule<Output>;
