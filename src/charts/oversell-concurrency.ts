/**
 * Units sold beyond the stock against the number of checkout workers racing for it, one line per strategy
 * (model `oversell-simulation`, seeded): the unsafe ones climb, the safe ones stay at zero. Sweeps `concurrency`.
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import type { OutputOf } from '../../models/model.ts';
import type { oversellSimulation } from '../../models/case-studies/oversell-simulation.ts';
import { formatValue } from '../lib/chart-units.ts';
import { baseStyle, seriesColors, type ChartContext, type ChartData, type ChartModule, type ChartTable } from '../lib/chart.ts';

type Output = OutputOf<typeof oversellSimulation>;

const GRID = [1, 2, 4, 8, 16, 32, 64] as const;

function rows({ sweep }: ChartData<Output>) {
  return sweep.flatMap((p) =>
    p.output === null
      ? []
      : p.output.strategies.map((s) => ({ concurrency: p.x, strategy: s.name, oversold: s.oversoldMean, max: s.oversoldMax })),
  );
}

export function render(data: ChartData<Output>, { width, document }: ChartContext): Element {
  const points = rows(data);
  const names = data.output.strategies.map((s) => s.name);
  const colors = [...seriesColors, 'var(--lb-reject)'];
  return plot({
    ...(document ? { document } : {}),
    width,
    height: 320,
    marginLeft: 56,
    marginRight: 24,
    marginTop: 28,
    marginBottom: 44,
    style: baseStyle,
    x: { type: 'log', base: 2, label: 'checkout workers racing for the stock (log) →', grid: true, labelOffset: 38 },
    y: {
      type: 'symlog',
      label: '↑ units oversold, mean over the runs (symlog)',
      grid: true,
      ticks: [0, 1, 10, 100, 1_000, 10_000, 100_000].filter((t) => t <= Math.max(1, ...points.map((p) => p.oversold)) * 10),
      tickFormat: (d: number) => formatValue(d, { format: 'integer' }),
    },
    color: { domain: names, range: colors.slice(0, names.length), legend: true },
    marks: [
      Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.4 }),
      Plot.line(points, { x: 'concurrency', y: 'oversold', stroke: 'strategy', strokeWidth: 2 }),
      Plot.dot(points, { x: 'concurrency', y: 'oversold', fill: 'strategy', r: 3 }),
    ],
  });
}

export function table(data: ChartData<Output>): ChartTable {
  const names = data.output.strategies.map((s) => s.name);
  const by = new Map<number, Map<string, { mean: number; max: number }>>();
  for (const p of rows(data)) {
    const m = by.get(p.concurrency) ?? new Map<string, { mean: number; max: number }>();
    m.set(p.strategy, { mean: p.oversold, max: p.max });
    by.set(p.concurrency, m);
  }
  return {
    columns: ['Workers', ...names.map((n) => `${n}: mean (max)`)],
    rows: [...by.entries()].map(([c, m]) => [
      formatValue(c, { format: 'integer' }),
      ...names.map((n) => {
        const v = m.get(n);
        return v ? `${formatValue(v.mean, { format: 'decimal' })} (${formatValue(v.max, { format: 'integer' })})` : '';
      }),
    ]),
  };
}

export default {
  name: 'oversell-concurrency',
  model: 'oversell-simulation',
  sweep: (input) => ({
    field: 'concurrency',
    values: GRID.filter((c) => c <= (input['buyers'] as number)),
  }),
  words: {
    label:
      'Units oversold against the number of concurrent checkout workers, for each reservation strategy, from a seeded simulation.',
    caption:
      'Mean units sold beyond the stock over the seeded runs. Read-then-write and the lapsing lease oversell; the five safe strategies stay at zero at every concurrency.',
  },
  render,
  table,
} satisfies ChartModule<Output>;
