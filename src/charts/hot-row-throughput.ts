/**
 * A hot row's reservations per second against the demand on it, one line per locking strategy (model
 * `hot-row`): each follows the demand up to its bound, one over its lock hold time, and stays there. The chart
 * samples; the model computes: it sweeps `demand` on a log grid.
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import type { OutputOf } from '../../models/model.ts';
import type { hotRow } from '../../models/case-studies/hot-row.ts';
import { formatValue } from '../lib/chart-units.ts';
import { baseStyle, seriesColors, type ChartContext, type ChartData, type ChartModule, type ChartTable } from '../lib/chart.ts';

type Output = OutputOf<typeof hotRow>;

/** Demand grid, attempts per second: 10 to 100 000, three points a decade, plus the scenario's own demand. */
export function demandGrid(current: number): number[] {
  const grid: number[] = [];
  for (let e = 1; e <= 5; e += 1 / 3) grid.push(Number((10 ** e).toPrecision(3)));
  if (current > 0 && grid.every((g) => Math.abs(g - current) > 1e-9 * current)) grid.push(current);
  return grid.sort((a, b) => a - b);
}

export function rows({ sweep }: ChartData<Output>) {
  return sweep.flatMap((p) =>
    p.output === null
      ? []
      : p.output.strategies.map((s) => ({
          demand: p.x,
          strategy: s.name,
          throughput: s.throughput,
          meanWait: s.meanWait,
          stable: s.stable,
        })),
  );
}

export function render(data: ChartData<Output>, { width, document }: ChartContext): Element {
  const points = rows(data);
  const names = data.output.strategies.map((s) => s.name);
  const demand = data.input['demand'] as number;
  return plot({
    ...(document ? { document } : {}),
    width,
    height: 320,
    marginLeft: 56,
    marginRight: 24,
    marginTop: 28,
    marginBottom: 44,
    style: baseStyle,
    x: { type: 'log', label: 'reservation attempts per second on the row (log) →', grid: true, labelOffset: 38 },
    y: { type: 'log', label: '↑ reservations per second (log)', grid: true, ticks: 5 },
    color: { domain: names, range: [...seriesColors].slice(0, names.length), legend: true },
    marks: [
      Plot.ruleX([demand], { stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '2 3' }),
      Plot.line(points, { x: 'demand', y: 'throughput', stroke: 'strategy', strokeWidth: 2 }),
      Plot.dot(
        points.filter((p) => p.demand === demand),
        { x: 'demand', y: 'throughput', fill: 'strategy', r: 3.5 },
      ),
    ],
  });
}

export function table(data: ChartData<Output>): ChartTable {
  const names = data.output.strategies.map((s) => s.name);
  const byDemand = new Map<number, Map<string, number>>();
  for (const p of rows(data)) {
    const m = byDemand.get(p.demand) ?? new Map<string, number>();
    m.set(p.strategy, p.throughput);
    byDemand.set(p.demand, m);
  }
  return {
    columns: ['Demand (/s)', ...names],
    rows: [...byDemand.entries()].map(([d, m]) => [
      formatValue(d, { format: 'integer', quantity: 'rate' }),
      ...names.map((n) => formatValue(m.get(n) ?? 0, { format: 'integer', quantity: 'rate' })),
    ]),
  };
}

export default {
  name: 'hot-row-throughput',
  model: 'hot-row',
  units: {
    x: { quantity: 'rate', words: 'per second' },
    y: { quantity: 'rate', words: 'per second' },
    columns: { 'Demand (/s)': { quantity: 'rate', words: '/s' } },
  },
  sweep: (input) => ({ field: 'demand', values: demandGrid(input['demand'] as number) }),
  words: {
    label: 'Reservations per second a single hot row completes against the demand on it, for each locking strategy.',
    caption:
      'Each strategy follows the demand until its bound, one over its lock hold time, then stays flat: the rest queue. The dotted line is the scenario’s demand.',
  },
  render,
  table,
} satisfies ChartModule<Output>;
