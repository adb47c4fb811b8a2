/**
 * The providers' bill per month by channel (model `notification-cost`): daily volume × days in the month × price,
 * one bar per channel, with each channel's part of the bill.
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import type { OutputOf } from '../../models/model.ts';
import type { notificationCost } from '../../models/case-studies/notification-cost.ts';
import { formatValue } from '../lib/chart-units.ts';
import { baseStyle, seriesColors, type ChartContext, type ChartData, type ChartModule, type ChartTable } from '../lib/chart.ts';

type Output = OutputOf<typeof notificationCost>;

const usd = (x: number) => `$${formatValue(x, { format: 'integer' })}`;

export function render({ output: out }: ChartData<Output>, { width, document }: ChartContext): Element {
  return plot({
    ...(document ? { document } : {}),
    width,
    height: 200,
    marginLeft: 64,
    marginRight: 96,
    marginTop: 8,
    marginBottom: 44,
    style: baseStyle,
    x: {
      label: 'US dollars per month →',
      grid: true,
      nice: true,
      labelOffset: 38,
      tickFormat: (d: number) => `$${formatValue(d, { format: 'compact' })}`,
    },
    y: { label: null, domain: out.channels.map((c) => c.id) },
    color: { domain: out.channels.map((c) => c.id), range: seriesColors.slice(0, 4) },
    marks: [
      Plot.barX(out.channels, { y: 'id', x: 'usdPerMonth', fill: 'id', inset: 2 }),
      Plot.text(out.channels, {
        y: 'id',
        x: 'usdPerMonth',
        text: (c: { usdPerMonth: number; shareOfBill: number }) =>
          `${usd(c.usdPerMonth)} (${formatValue(c.shareOfBill, { format: 'percent', digits: 2 })})`,
        textAnchor: 'start',
        dx: 4,
        fill: 'currentColor',
      }),
      Plot.ruleX([0], { stroke: 'currentColor', strokeOpacity: 0.4 }),
    ],
  });
}

export function table({ output: out }: ChartData<Output>): ChartTable {
  return {
    columns: ['Channel', 'Messages per day', 'Messages per month', 'Price per message', 'Per month', 'Part of the bill'],
    rows: [
      ...out.channels.map((c) => [
        c.id,
        formatValue(c.perDay, { format: 'compact' }),
        formatValue(c.perMonth, { format: 'compact' }),
        `$${formatValue(c.pricePerMessage)}`,
        usd(c.usdPerMonth),
        formatValue(c.shareOfBill, { format: 'percent' }),
      ]),
      ['all', '', '', '', usd(out.usdPerMonth), '100%'],
    ],
  };
}

export default {
  name: 'notifications-cost',
  model: 'notification-cost',
  units: { x: { quantity: 'money', words: 'per month' } },
  words: {
    label: 'The providers’ monthly bill by channel: in-app, push, email and SMS.',
    caption:
      'Monthly provider cost by channel, from each channel’s daily volume × the days in the month × its price; in-app and push have no per-message price.',
  },
  render,
  table,
} satisfies ChartModule<Output>;
