/**
 * What contention costs as clients are added, per retry strategy (model `lock-contention`, seeded): the
 * 99th-percentile wait for the lock (top, log) and the wasted attempts per acquisition (bottom), against the
 * number of clients (log). The lock's throughput does not move: it is 1/(hold + round trip) whatever the
 * strategy, and the table beside the chart says so. Sweeps `clients`.
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import type { OutputOf } from '../../models/model.ts';
import type { lockContention } from '../../models/reliability/lock-contention.ts';
import { formatValue } from '../lib/chart-units.ts';
import { baseStyle, seriesColors, type ChartContext, type ChartData, type ChartModule, type ChartTable } from '../lib/chart.ts';

type Output = OutputOf<typeof lockContention>;

const GRID = [1, 2, 4, 8, 16, 32] as const;
const MEASURES = ['p99 wait (ms, log)', 'wasted attempts per acquisition (log)'] as const;

function rows({ sweep }: ChartData<Output>) {
  return sweep.flatMap((p) =>
    p.output === null
      ? []
      : p.output.results.map((r) => ({
          clients: p.x,
          strategy: r.strategy,
          p99: r.wait.p99,
          wasted: r.wastedAttemptsPerAcquisition,
          rate: r.acquisitionsPerSecond,
        })),
  );
}

export function render(data: ChartData<Output>, { width, document }: ChartContext): Element {
  const points = rows(data);
  const strategies = data.output.results.map((r) => r.strategy);
  const clients = data.input['clients'] as number;
  const long = points.flatMap((p) => [
    { ...p, measure: MEASURES[0], value: p.p99 * 1e3 },
    { ...p, measure: MEASURES[1], value: p.wasted },
  ]);
  // a log axis has no place for 0: a wait is at least a round trip, and 0 wasted attempts is drawn at 0.01
  const shown = long.map((p) => ({ ...p, value: Math.max(p.value, 0.01) }));
  return plot({
    ...(document ? { document } : {}),
    width,
    height: 420,
    marginLeft: 56,
    marginRight: 24,
    marginTop: 36,
    marginBottom: 44,
    style: baseStyle,
    fy: { label: null, axis: null, padding: 0.2 },
    x: { type: 'log', base: 2, label: 'clients contending for the lock (log) →', grid: true, labelOffset: 38 },
    y: {
      type: 'log',
      label: null,
      grid: true,
      ticks: 5,
      tickFormat: (d: number) => String(Number(d.toPrecision(2))),
    },
    color: { domain: strategies, range: [...seriesColors].slice(0, strategies.length), legend: true },
    marks: [
      Plot.frame({ strokeOpacity: 0.2 }),
      Plot.text(
        MEASURES.map((measure) => ({ measure })),
        { fy: 'measure', text: 'measure', frameAnchor: 'top-left', dx: 6, dy: 6, fontWeight: 'bold' },
      ),
      Plot.ruleX([clients], { stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '2 3' }),
      // the fixed sleep's p99 runs within a few per cent of plain exponential's: drawn dashed on top, so both show
      Plot.line(
        shown.filter((p) => p.strategy !== 'fixed'),
        { x: 'clients', y: 'value', stroke: 'strategy', fy: 'measure', strokeWidth: 2 },
      ),
      Plot.line(
        shown.filter((p) => p.strategy === 'fixed'),
        { x: 'clients', y: 'value', stroke: 'strategy', fy: 'measure', strokeWidth: 2, strokeDasharray: '6 4' },
      ),
      Plot.dot(shown, { x: 'clients', y: 'value', fill: 'strategy', fy: 'measure', r: 3 }),
    ],
  });
}

export function table(data: ChartData<Output>): ChartTable {
  const strategies = data.output.results.map((r) => r.strategy);
  const by = new Map<number, Map<string, ReturnType<typeof rows>[number]>>();
  for (const p of rows(data)) {
    const m = by.get(p.clients) ?? new Map<string, ReturnType<typeof rows>[number]>();
    m.set(p.strategy, p);
    by.set(p.clients, m);
  }
  return {
    columns: ['Clients', ...strategies.map((s) => `${s}: p99 wait, wasted attempts, acquisitions/s`)],
    rows: [...by.entries()].map(([c, m]) => [
      formatValue(c, { format: 'integer' }),
      ...strategies.map((s) => {
        const p = m.get(s);
        return p
          ? `${formatValue(p.p99, { format: 'duration' })}, ${formatValue(p.wasted, { format: 'decimal' })}, ${formatValue(p.rate, { format: 'decimal' })}`
          : '';
      }),
    ]),
  };
}

export default {
  name: 'lock-contention-clients',
  model: 'lock-contention',
  sweep: () => ({ field: 'clients', values: [...GRID] }),
  words: {
    label:
      'The 99th-percentile wait for a lock and the wasted attempts per acquisition against the number of clients, for each retry strategy, from a seeded simulation.',
    caption:
      'Top: the 99th-percentile wait from a client’s first attempt to holding the lock; bottom: attempts that found the lock taken, per acquisition. Both on log scales; 0 wasted attempts is drawn at 0.01.',
  },
  render,
  table,
} satisfies ChartModule<Output>;
