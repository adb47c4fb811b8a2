/**
 * The mean wait for a hot row's lock against the demand on it, one line per strategy (model `hot-row`, M/G/1):
 * flat, then a wall as the demand nears the bound; no line past it (no steady state). Sweeps `demand`.
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import type { OutputOf } from '../../models/model.ts';
import type { hotRow } from '../../models/case-studies/hot-row.ts';
import { formatValue } from '../lib/chart-units.ts';
import { baseStyle, seriesColors, type ChartContext, type ChartData, type ChartModule, type ChartTable } from '../lib/chart.ts';
import { demandGrid, rows } from './hot-row-throughput.ts';

type Output = OutputOf<typeof hotRow>;

/** Shares of each strategy's bound added to the grid, so every wall shows. */
const KNEE = [0.5, 0.8, 0.9, 0.95, 0.98] as const;

function grid(input: Readonly<Record<string, unknown>>, output: Output): number[] {
  const points = demandGrid(input['demand'] as number);
  for (const s of output.strategies)
    for (const f of KNEE) {
      const x = Number((s.maxThroughput * f).toPrecision(6));
      if (x <= 1e5 && points.every((p) => Math.abs(p - x) > 1e-9 * x)) points.push(x);
    }
  return points.sort((a, b) => a - b);
}

export function render(data: ChartData<Output>, { width, document }: ChartContext): Element {
  const points = rows(data)
    .filter((p) => p.meanWait !== null && (p.meanWait ?? 0) > 0)
    .map((p) => ({ ...p, ms: (p.meanWait ?? 0) * 1e3 }))
    .filter((p) => p.ms >= 1e-4);
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
    y: {
      type: 'log',
      label: '↑ mean wait for the lock (ms, log)',
      grid: true,
      ticks: 5,
      tickFormat: (d: number) => String(Number(d.toPrecision(2))),
    },
    color: { domain: names, range: [...seriesColors].slice(0, names.length), legend: true },
    marks: [
      Plot.ruleX([demand], { stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '2 3' }),
      Plot.line(points, { x: 'demand', y: 'ms', stroke: 'strategy', strokeWidth: 2 }),
      Plot.dot(points, { x: 'demand', y: 'ms', fill: 'strategy', r: 2.5 }),
    ],
  });
}

export function table(data: ChartData<Output>): ChartTable {
  const names = data.output.strategies.map((s) => s.name);
  const byDemand = new Map<number, Map<string, number | null>>();
  for (const p of rows(data)) {
    const m = byDemand.get(p.demand) ?? new Map<string, number | null>();
    m.set(p.strategy, p.meanWait);
    byDemand.set(p.demand, m);
  }
  return {
    columns: ['Demand (/s)', ...names],
    rows: [...byDemand.entries()].map(([d, m]) => [
      formatValue(d, { format: 'integer', quantity: 'rate' }),
      ...names.map((n) => {
        const w = m.get(n);
        return w === null || w === undefined ? 'saturated' : formatValue(w, { format: 'duration' });
      }),
    ]),
  };
}

export default {
  name: 'hot-row-wait',
  model: 'hot-row',
  units: {
    x: { quantity: 'rate', words: 'per second' },
    y: { quantity: 'duration', unit: 'ms', words: '(ms' },
    columns: { 'Demand (/s)': { quantity: 'rate', words: '/s' } },
  },
  sweep: (input, output) => ({ field: 'demand', values: grid(input, output) }),
  words: {
    label: 'Mean wait for a hot row’s lock against the demand on it, for each locking strategy, on log scales.',
    caption:
      'Mean wait before a buyer gets the row’s lock (M/G/1). Each line ends where its strategy’s bound is reached: past it the queue has no steady state.',
  },
  render,
  table,
} satisfies ChartModule<Output>;
