/**
 * What each rate-limiting algorithm admits and rejects over the same trace, one row per algorithm:
 * admitted requests stacked under rejected ones, per time bucket. The fixed window's double burst at a
 * boundary, the token bucket's burst-then-refill and the leaky bucket's smoothing are visible at a glance.
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import { formatValue } from '../lib/chart-units.ts';
import { baseStyle, type ChartContext, type ChartData, type ChartModule, type ChartTable } from '../lib/chart.ts';
import type { OutputOf } from '../../models/model.ts';
import type { rateLimitCompare } from '../../models/rate-limiting/compare.ts';

type CompareOutput = OutputOf<typeof rateLimitCompare>;

export function render({ output: out }: ChartData<CompareOutput>, { width, document }: ChartContext): Element {
  const titles = new Map(out.algorithms.map((a) => [a.id, a.title]));
  const rows = out.series.flatMap((d) => [
    { title: titles.get(d.algorithm) ?? d.algorithm, time: d.time, outcome: 'admitted', n: d.admitted },
    { title: titles.get(d.algorithm) ?? d.algorithm, time: d.time, outcome: 'rejected', n: d.rejected },
  ]);
  const order = out.algorithms.map((a) => a.title);
  const rowHeight = width < 520 ? 70 : 84;
  return plot({
    ...(document ? { document } : {}),
    width,
    height: order.length * rowHeight + 56,
    marginTop: 26,
    marginBottom: 44,
    marginLeft: 40,
    marginRight: 8,
    style: baseStyle,
    x: { label: 'time (s) →', domain: [0, out.duration], labelAnchor: 'right', labelOffset: 38 },
    y: { label: null, ticks: 2, tickFormat: 'd', nice: true },
    fy: { domain: order, label: null, axis: null, padding: 0.38 },
    color: { domain: ['admitted', 'rejected'], range: ['var(--lb-c1)', 'var(--lb-reject)'], legend: true },
    marks: [
      Plot.frame({ anchor: 'bottom', stroke: 'currentColor', strokeOpacity: 0.25 }),
      Plot.rectY(rows, {
        x1: 'time',
        x2: (d: { time: number }) => d.time + out.bucket,
        y: 'n',
        fy: 'title',
        fill: 'outcome',
        inset: width < 520 ? 0 : 0.5,
      }),
      Plot.text(order, {
        fy: (d: string) => d,
        text: (d: string) => d,
        frameAnchor: 'top-left',
        dy: -16,
        fontWeight: 600,
        fill: 'currentColor',
      }),
      Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.4 }),
    ],
  });
}

export function table({ output: out }: ChartData<CompareOutput>): ChartTable {
  const titles = new Map(out.algorithms.map((a) => [a.id, a.title]));
  return {
    columns: ['Algorithm', 'Bucket start (s)', 'Offered', 'Admitted', 'Rejected'],
    rows: out.series
      .filter((d) => d.offered > 0)
      .map((d) => [
        titles.get(d.algorithm) ?? d.algorithm,
        formatValue(d.time, { quantity: 'duration' }),
        formatValue(d.offered, { format: 'integer' }),
        formatValue(d.admitted, { format: 'integer' }),
        formatValue(d.rejected, { format: 'integer' }),
      ]),
  };
}

export default {
  name: 'rate-limit-timeline',
  model: 'rate-limit-compare',
  units: {
    x: { quantity: 'duration', words: '(s)' },
    columns: { 'Bucket start (s)': { quantity: 'duration', words: '(s)' } },
  },
  words: {
    label: 'Admitted and rejected requests per time bucket for each rate-limiting algorithm over the same trace.',
    caption:
      'Admitted (blue) and rejected (red) requests per time bucket, by arrival time, for each algorithm over the same trace.',
  },
  render,
  table,
} satisfies ChartModule<CompareOutput>;
