/**
 * How often a lease lapses under a paused holder, against the lease (model `lock-lease`, seeded): the share of
 * acquisitions at which two clients believed they held the lock, simulated (dots) and by the closed form
 * pauseProbability × P(pause > lease − 2 round trips − work) (line), for the scenario's pause distribution, on log
 * scales. A simulated share of 0 has no place on a log axis: the table shows it. Sweeps `lease`.
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import type { OutputOf } from '../../models/model.ts';
import type { lockLease } from '../../models/reliability/lock-lease.ts';
import { formatValue } from '../lib/chart-units.ts';
import { baseStyle, seriesColors, type ChartContext, type ChartData, type ChartModule, type ChartTable } from '../lib/chart.ts';

type Output = OutputOf<typeof lockLease>;

/** Leases from 10 ms to 60 s, and the scenario's own. */
export function leaseGrid(lease: number): number[] {
  const grid = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 60];
  if (grid.every((g) => Math.abs(g - lease) > 1e-9 * lease)) grid.push(lease);
  return grid.sort((a, b) => a - b);
}

function rows({ sweep }: ChartData<Output>) {
  return sweep.flatMap((p) =>
    p.output === null
      ? []
      : [
          {
            lease: p.x,
            simulated: p.output.overlapShare,
            predicted: p.output.predictedOverlapShare,
            overlaps: p.output.overlaps,
          },
        ],
  );
}

const FLOOR = 1e-9;

export function render(data: ChartData<Output>, { width, document }: ChartContext): Element {
  const points = rows(data);
  const lease = data.input['lease'] as number;
  const line = points.filter((p) => p.predicted >= FLOOR).map((p) => ({ ...p, series: 'closed form' }));
  const dots = points.filter((p) => p.simulated > 0).map((p) => ({ ...p, series: 'simulated' }));
  return plot({
    ...(document ? { document } : {}),
    width,
    height: 320,
    marginLeft: 76,
    marginRight: 24,
    marginTop: 28,
    marginBottom: 44,
    style: baseStyle,
    x: { type: 'log', label: 'lease (s, log) →', grid: true, labelOffset: 38, tickFormat: (d: number) => String(d) },
    y: {
      type: 'log',
      label: '↑ acquisitions with two holders (share, log)',
      grid: true,
      ticks: 6,
      tickFormat: (d: number) => formatValue(d, { format: 'percent' }),
    },
    color: { domain: ['closed form', 'simulated'], range: [seriesColors[0], seriesColors[1]], legend: true },
    marks: [
      Plot.ruleX([lease], { stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '2 3' }),
      Plot.line(line, { x: 'lease', y: 'predicted', stroke: 'series', strokeWidth: 2 }),
      Plot.dot(dots, { x: 'lease', y: 'simulated', fill: 'series', r: 3.5 }),
    ],
  });
}

export function table(data: ChartData<Output>): ChartTable {
  return {
    columns: ['Lease', 'Overlaps (simulated)', 'Share (simulated)', 'Share (closed form)'],
    rows: rows(data).map((p) => [
      formatValue(p.lease, { format: 'duration' }),
      formatValue(p.overlaps, { format: 'integer' }),
      formatValue(p.simulated, { format: 'percent' }),
      formatValue(p.predicted, { format: 'percent' }),
    ]),
  };
}

export default {
  name: 'lock-lease-overlap',
  model: 'lock-lease',
  units: { x: { quantity: 'duration', words: '(s' } },
  sweep: (input) => ({ field: 'lease', values: leaseGrid(input['lease'] as number) }),
  words: {
    label:
      'Share of lock acquisitions at which two clients believed they held the lock, against the lease, simulated and by the closed form.',
    caption:
      'Dots: the seeded simulation; line: pause probability × P(pause > lease − 2 round trips − work). The dotted line is the scenario’s lease. A share of 0 is in the table, not on the log axis.',
  },
  render,
  table,
} satisfies ChartModule<Output>;
