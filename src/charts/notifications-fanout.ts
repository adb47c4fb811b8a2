/**
 * Fan-out on write against fan-out on read (model `notification-fanout`): work per day for one shared source as
 * its audience grows, from one user to the scenario's audience and beyond, with the hybrid's threshold (the
 * largest audience written within the delivery target) marked. The model is swept over `audience`.
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import type { OutputOf } from '../../models/model.ts';
import type { notificationFanout } from '../../models/case-studies/notification-fanout.ts';
import { formatValue } from '../lib/chart-units.ts';
import { baseStyle, type ChartContext, type ChartData, type ChartModule, type ChartTable } from '../lib/chart.ts';

type Output = OutputOf<typeof notificationFanout>;

const AUDIENCES = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000] as const;

function rows({ sweep }: ChartData<Output>) {
  return sweep.flatMap((p) =>
    p.output === null
      ? []
      : p.output.strategies
          .filter((s) => s.id !== 'hybrid')
          .map((s) => ({
            audience: p.x,
            strategy: s.id === 'write' ? 'on write' : 'on read',
            work: s.work,
            storage: s.storageBytes,
            time: s.timeToReachAll,
          })),
  );
}

export function render(data: ChartData<Output>, { width, document }: ChartContext): Element {
  const out = data.output;
  const r = rows(data).filter((d) => d.work > 0);
  return plot({
    ...(document ? { document } : {}),
    width,
    height: 300,
    marginLeft: 64,
    marginRight: 24,
    marginTop: 28,
    marginBottom: 44,
    style: baseStyle,
    x: {
      type: 'log',
      label: 'audience (users, log scale) →',
      grid: true,
      labelOffset: 38,
      tickFormat: (d: number) => formatValue(d, { format: 'compact' }),
    },
    y: {
      type: 'log',
      label: '↑ work per day (read units, log scale)',
      grid: true,
      tickFormat: (d: number) => formatValue(d, { format: 'compact' }),
    },
    color: { domain: ['on write', 'on read'], range: ['var(--lb-c2)', 'var(--lb-c1)'], legend: true },
    marks: [
      Plot.ruleX([out.hybridThreshold], { stroke: 'currentColor', strokeOpacity: 0.6, strokeDasharray: '4 3' }),
      Plot.text([out.hybridThreshold], {
        x: (d: number) => d,
        frameAnchor: 'top',
        dy: -14,
        textAnchor: 'middle',
        text: () => `hybrid: on write up to ${formatValue(out.hybridThreshold, { format: 'compact' })}`,
        fill: 'currentColor',
      }),
      Plot.line(r, { x: 'audience', y: 'work', stroke: 'strategy', strokeWidth: 2 }),
      Plot.dot(r, { x: 'audience', y: 'work', fill: 'strategy', r: 3 }),
    ],
  });
}

export function table(data: ChartData<Output>): ChartTable {
  return {
    columns: ['Audience', 'Strategy', 'Work per day', 'Storage', 'Time to reach everyone'],
    rows: rows(data).map((d) => [
      formatValue(d.audience, { format: 'compact' }),
      d.strategy,
      formatValue(d.work, { format: 'compact', quantity: 'rate', from: '/day' }),
      formatValue(d.storage, { format: 'bytes' }),
      formatValue(d.time, { format: 'duration' }),
    ]),
  };
}

export default {
  name: 'notifications-fanout',
  model: 'notification-fanout',
  units: {
    y: { quantity: 'rate', unit: '/day', words: 'per day' },
    columns: { 'Work per day': { quantity: 'rate', unit: '/day', words: 'per day' } },
  },
  sweep: () => ({ field: 'audience', values: [...AUDIENCES] }),
  words: {
    label:
      'Work per day for one shared source fanned out on write and on read, as its audience grows from one user to a hundred million.',
    caption:
      'Work per day in read units (a write counts as several reads), log scales. The dashed line is the largest audience the fan-out workers write within the in-app delivery target: the hybrid writes below it and reads above.',
  },
  render,
  table,
} satisfies ChartModule<Output>;
