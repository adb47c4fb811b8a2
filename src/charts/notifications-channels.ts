/**
 * Peak deliveries per second by channel (model `notification-volume`), stacked into the design target, beside
 * what sizing every channel at the whole notification peak would add up to: the error the shares avoid.
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import type { OutputOf } from '../../models/model.ts';
import type { notificationVolume } from '../../models/case-studies/notification-volume.ts';
import { formatValue } from '../lib/chart-units.ts';
import { baseStyle, seriesColors, type ChartContext, type ChartData, type ChartModule, type ChartTable } from '../lib/chart.ts';

type Output = OutputOf<typeof notificationVolume>;

const DESIGN = 'from the shares';
const NAIVE = 'each at the peak';

function bars(out: Output) {
  return out.channels.flatMap((c) => [
    { plan: DESIGN, channel: c.id, rate: c.peakPerSecond },
    { plan: NAIVE, channel: c.id, rate: out.peakPerSecond },
  ]);
}

export function render({ output: out }: ChartData<Output>, { width, document }: ChartContext): Element {
  const totals = [
    { plan: DESIGN, rate: out.designTarget },
    { plan: NAIVE, rate: out.naivePeakSum },
  ];
  return plot({
    ...(document ? { document } : {}),
    width,
    height: 200,
    marginLeft: 112,
    marginRight: 56,
    marginTop: 8,
    marginBottom: 44,
    style: baseStyle,
    x: { label: 'peak deliveries per second →', grid: true, nice: true, labelOffset: 38 },
    y: { label: null, domain: [DESIGN, NAIVE] },
    color: { domain: out.channels.map((c) => c.id), range: seriesColors.slice(0, 4), legend: true },
    marks: [
      Plot.barX(bars(out), Plot.stackX({ y: 'plan', x: 'rate', fill: 'channel', inset: 0.5 })),
      Plot.text(totals, {
        y: 'plan',
        x: 'rate',
        text: (d: { rate: number }) => formatValue(d.rate, { format: 'integer' }),
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
    columns: ['Channel', 'Share of notifications', 'Per day', 'Peak per second', 'Peak bandwidth'],
    rows: [
      ...out.channels.map((c) => [
        c.id,
        formatValue(c.share, { format: 'percent' }),
        formatValue(c.perDay, { format: 'compact', quantity: 'rate', from: '/day' }),
        formatValue(c.peakPerSecond, { format: 'integer', quantity: 'rate' }),
        formatValue(c.peakBandwidth, { format: 'bitrate' }),
      ]),
      [
        'all channels',
        formatValue(out.channelsPerNotification, { format: 'decimal', digits: 4 }) + ' per notification',
        formatValue(out.deliveriesPerDay, { format: 'compact', quantity: 'rate', from: '/day' }),
        formatValue(out.designTarget, { format: 'integer', quantity: 'rate' }),
        formatValue(out.peakBandwidth, { format: 'bitrate' }),
      ],
    ],
  };
}

export default {
  name: 'notifications-channels',
  model: 'notification-volume',
  units: {
    x: { quantity: 'rate', words: 'per second' },
    columns: {
      'Per day': { quantity: 'rate', unit: '/day', words: 'Per day' },
      'Peak per second': { quantity: 'rate', words: 'per second' },
    },
  },
  words: {
    label: 'Peak deliveries per second by channel, stacked into the design target, beside every channel sized at the whole peak.',
    caption:
      'Top: the per-channel peaks from the shares, which add up to the design target. Bottom: each channel sized at the whole notification peak, the common error.',
  },
  render,
  table,
} satisfies ChartModule<Output>;
