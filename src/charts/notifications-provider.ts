/**
 * A provider's rate cap as a queue (model `provider-queue`): the FIFO backlog through a broadcast — it grows
 * while the broadcast and the daily peak exceed the cap, then drains at the spare capacity — drawn from the
 * model's peak backlog and drain time, with the window the broadcast must finish in.
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import type { OutputOf } from '../../models/model.ts';
import type { providerQueue } from '../../models/case-studies/provider-queue.ts';
import { formatValue } from '../lib/chart-units.ts';
import { baseStyle, type ChartContext, type ChartData, type ChartModule, type ChartTable } from '../lib/chart.ts';

type Output = OutputOf<typeof providerQueue>;

function path({ input, output: out }: ChartData<Output>) {
  const D = input['spikeDuration'] as number;
  if (out.peakBacklog === null) {
    // Unstable: the baseline alone meets the cap, so the backlog grows through the spike and after it, without end.
    const cap = input['cap'] as number;
    const atD = Math.max(0, out.plannedRate - cap) * D;
    const span = Math.max(D, 1);
    return [
      { time: 0, backlog: 0 },
      { time: D, backlog: atD },
      { time: D + span, backlog: atD + Math.max(0, out.minCap - cap) * span },
    ];
  }
  const end = out.drainTime === null ? D * 2 : D + out.drainTime;
  return [
    { time: 0, backlog: 0 },
    { time: D, backlog: out.peakBacklog },
    { time: Math.max(end, D), backlog: 0 },
  ];
}

export function render(data: ChartData<Output>, { width, document }: ChartContext): Element {
  const window = data.input['window'] as number;
  const p = path(data);
  const xMax = Math.max(window, ...p.map((d) => d.time)) * 1.05;
  return plot({
    ...(document ? { document } : {}),
    width,
    height: 260,
    marginLeft: 64,
    marginRight: 24,
    marginTop: 28,
    marginBottom: 44,
    style: baseStyle,
    x: { label: 'seconds after the broadcast starts →', grid: true, domain: [0, xMax], labelOffset: 38 },
    y: {
      label: '↑ messages waiting for the provider',
      grid: true,
      nice: true,
      zero: true,
      tickFormat: (d: number) => formatValue(d, { format: 'compact' }),
    },
    marks: [
      Plot.areaY(p, { x: 'time', y: 'backlog', fill: 'var(--lb-c1)', fillOpacity: 0.18 }),
      Plot.lineY(p, { x: 'time', y: 'backlog', stroke: 'var(--lb-c1)', strokeWidth: 2 }),
      Plot.ruleX([window], { stroke: 'var(--lb-reject)', strokeWidth: 1.5, strokeDasharray: '4 3' }),
      Plot.text([window], {
        x: (d: number) => d,
        frameAnchor: 'top',
        dy: -14,
        textAnchor: 'end',
        dx: -4,
        text: () => 'window',
        fill: 'currentColor',
      }),
      Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.4 }),
    ],
  });
}

export function table(data: ChartData<Output>): ChartTable {
  const out = data.output;
  return {
    columns: ['Quantity', 'Value'],
    rows: [
      ['Offered during the broadcast', `${formatValue(out.plannedRate, { format: 'integer' })}/s`],
      ['Cap', `${formatValue(data.input['cap'], { format: 'integer' })}/s`],
      ['Backlog when the broadcast stops arriving', formatValue(out.peakBacklog, { format: 'integer' })],
      ['Drain time after that', formatValue(out.drainTime, { format: 'duration' })],
      ['Broadcast delivered after', formatValue(out.spikeDoneAfter, { format: 'duration' })],
      [
        'Wait p50 / p99 (FIFO)',
        out.waitPercentiles === null
          ? '—'
          : `${formatValue(out.waitPercentiles.p50, { format: 'duration' })} / ${formatValue(out.waitPercentiles.p99, { format: 'duration' })}`,
      ],
      [
        'Longest wait of a 2FA code: FIFO / priority lane',
        `${formatValue(out.transactionalWaitFifo, { format: 'duration' })} / ${formatValue(out.transactionalWaitPriority, { format: 'duration' })}`,
      ],
      ...(out.reason === null ? [] : [['Never drains', out.reason]]),
    ],
  };
}

export default {
  name: 'notifications-provider',
  model: 'provider-queue',
  units: { x: { quantity: 'duration', words: 'seconds' } },
  words: {
    label:
      'Messages waiting for a rate-capped provider through a broadcast: the backlog grows while the broadcast lasts, then drains.',
    caption:
      'The FIFO backlog at the provider: it grows at the offered rate minus the cap while the broadcast lasts, then drains at the cap minus the daily peak. The dashed line is the window the broadcast must finish in.',
  },
  render,
  table,
} satisfies ChartModule<Output>;
