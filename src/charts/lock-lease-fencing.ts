/**
 * What the storage lets through, against the lease (model `lock-lease`, seeded): stale writes it accepted and
 * updates lost, for each storage policy (no fencing, the token checked on writes only, the token checked on every
 * access). The fence on every access stays at zero. Sweeps `lease`; shares the lease grid of lock-lease-overlap.
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import type { OutputOf } from '../../models/model.ts';
import type { lockLease } from '../../models/reliability/lock-lease.ts';
import { formatValue } from '../lib/chart-units.ts';
import { baseStyle, seriesColors, type ChartContext, type ChartData, type ChartModule, type ChartTable } from '../lib/chart.ts';
import { leaseGrid } from './lock-lease-overlap.ts';

type Output = OutputOf<typeof lockLease>;

const MEASURES = ['stale writes accepted', 'updates lost'] as const;

function rows({ sweep }: ChartData<Output>) {
  return sweep.flatMap((p) =>
    p.output === null
      ? []
      : p.output.policies.flatMap((s) => [
          { lease: p.x, policy: s.name, measure: MEASURES[0], count: s.acceptedStaleWrites },
          { lease: p.x, policy: s.name, measure: MEASURES[1], count: s.lostUpdates },
        ]),
  );
}

export function render(data: ChartData<Output>, { width, document }: ChartContext): Element {
  const points = rows(data);
  const names = data.output.policies.map((s) => s.name);
  const lease = data.input['lease'] as number;
  const top = Math.max(1, ...points.map((p) => p.count));
  return plot({
    ...(document ? { document } : {}),
    width,
    height: 400,
    marginLeft: 56,
    marginRight: 24,
    marginTop: 36,
    marginBottom: 44,
    style: baseStyle,
    fy: { label: null, axis: null, padding: 0.2 },
    x: { type: 'log', label: 'lease (s, log) →', grid: true, labelOffset: 38, tickFormat: (d: number) => String(d) },
    y: {
      type: 'symlog',
      label: '↑ count over the run (symlog)',
      grid: true,
      ticks: [0, 1, 10, 100, 1_000, 10_000, 100_000].filter((t) => t <= top * 10),
      tickFormat: (d: number) => formatValue(d, { format: 'integer' }),
    },
    color: { domain: names, range: [seriesColors[1], seriesColors[0], seriesColors[2]], legend: true },
    marks: [
      Plot.frame({ strokeOpacity: 0.2 }),
      Plot.text(
        MEASURES.map((measure) => ({ measure })),
        { fy: 'measure', text: 'measure', frameAnchor: 'top-right', dx: -6, dy: 6, fontWeight: 'bold' },
      ),
      Plot.ruleX([lease], { stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '2 3' }),
      Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.4 }),
      Plot.line(points, { x: 'lease', y: 'count', stroke: 'policy', fy: 'measure', strokeWidth: 2 }),
      Plot.dot(points, { x: 'lease', y: 'count', fill: 'policy', fy: 'measure', r: 3 }),
    ],
  });
}

export function table(data: ChartData<Output>): ChartTable {
  const names = data.output.policies.map((s) => s.name);
  return {
    columns: ['Lease', ...names.map((n) => `${n}: accepted stale (lost updates)`)],
    rows: data.sweep.flatMap((p) =>
      p.output === null
        ? []
        : [
            [
              formatValue(p.x, { format: 'duration' }),
              ...names.map((n) => {
                const s = p.output?.policies.find((x) => x.name === n);
                return s
                  ? `${formatValue(s.acceptedStaleWrites, { format: 'integer' })} (${formatValue(s.lostUpdates, { format: 'integer' })})`
                  : '';
              }),
            ],
          ],
    ),
  };
}

export default {
  name: 'lock-lease-fencing',
  model: 'lock-lease',
  units: { x: { quantity: 'duration', words: '(s' } },
  sweep: (input) => ({ field: 'lease', values: leaseGrid(input['lease'] as number) }),
  words: {
    label:
      'Stale writes the storage accepted, and updates lost, against the lease, for no fencing, a token checked on writes, and a token checked on every access.',
    caption:
      'Top: stale writes the storage accepted; bottom: updates the record lost. The token checked on every access stays at zero at every lease.',
  },
  render,
  table,
} satisfies ChartModule<Output>;
