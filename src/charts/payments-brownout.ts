/**
 * Calls offered to a browning-out PSP over time (model `psp-brownout`): with no protection, with gRPC retry
 * throttling, and with a circuit breaker, beside the payments arriving. The shaded band is the brownout. Where the
 * payments need more than one service instance the model runs one, and the y axis names it.
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import type { OutputOf } from '../../models/model.ts';
import type { pspBrownout } from '../../models/case-studies/psp-brownout.ts';
import { formatValue } from '../lib/chart-units.ts';
import { baseStyle, type ChartContext, type ChartData, type ChartModule, type ChartTable } from '../lib/chart.ts';

type Output = OutputOf<typeof pspBrownout>;

const series = [
  { key: 'arrivals', name: 'payments arriving', color: 'currentColor' },
  { key: 'none', name: 'no protection', color: 'var(--lb-reject)' },
  { key: 'throttled', name: 'retry throttling', color: 'var(--lb-c2)' },
  { key: 'breaker', name: 'circuit breaker', color: 'var(--lb-c1)' },
] as const;

/**
 * The shaded brownout: from its start to its end, or to the end of the run where the model cut the run short at its
 * cap (simulatedDuration), since there is no data past that.
 */
export function brownoutSpan(input: Readonly<Record<string, unknown>>, out: Output): { start: number; end: number } {
  const start = input['brownoutStart'] as number;
  return { start, end: Math.min(start + (input['brownoutDuration'] as number), out.simulatedDuration) };
}

export function render({ input, output: out }: ChartData<Output>, { width, document }: ChartContext): Element {
  const { start, end } = brownoutSpan(input, out);
  const bucket = input['bucket'] as number;
  const long = series.flatMap((s) => out.series.map((p) => ({ time: p.time + bucket / 2, value: p[s.key], name: s.name })));
  return plot({
    ...(document ? { document } : {}),
    width,
    height: 300,
    marginLeft: 52,
    marginRight: 24,
    marginTop: 28,
    marginBottom: 44,
    style: baseStyle,
    x: { label: 'time (s) →', grid: true, labelOffset: 38 },
    y: {
      // past one instance's capacity the run is one of several instances (model psp-brownout): the axis says so
      label:
        out.instances > 1 ? `↑ calls to the PSP per second, one of ${out.instances} instances` : '↑ calls to the PSP per second',
      grid: true,
      nice: true,
      zero: true,
    },
    color: { domain: series.map((s) => s.name), range: series.map((s) => s.color), legend: true },
    marks: [
      Plot.rectX([{ x1: start, x2: end }], { x1: 'x1', x2: 'x2', fill: 'var(--lb-reject)', fillOpacity: 0.08 }),
      Plot.text([{ x: (start + end) / 2 }], {
        x: 'x',
        frameAnchor: 'top',
        dy: -14,
        text: () => 'PSP brownout',
        fill: 'currentColor',
      }),
      Plot.lineY(
        long.filter((d) => d.name !== 'payments arriving'),
        { x: 'time', y: 'value', stroke: 'name', strokeWidth: 2, curve: 'step-after' },
      ),
      Plot.lineY(
        long.filter((d) => d.name === 'payments arriving'),
        { x: 'time', y: 'value', stroke: 'name', strokeWidth: 1.5, strokeDasharray: '4 3', curve: 'step-after' },
      ),
      Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.4 }),
    ],
  });
}

export function table({ input, output: out }: ChartData<Output>): ChartTable {
  const bucket = input['bucket'] as number;
  return {
    columns: ['From (s)', 'Payments/s', 'No protection', 'Retry throttling', 'Circuit breaker'],
    rows: out.series.map((p) => [
      `${formatValue(p.time, { format: 'integer', quantity: 'duration' })}–${formatValue(p.time + bucket, { format: 'integer', quantity: 'duration' })}`,
      formatValue(p.arrivals, { format: 'decimal', quantity: 'rate' }),
      formatValue(p.none, { format: 'decimal', quantity: 'rate' }),
      formatValue(p.throttled, { format: 'decimal', quantity: 'rate' }),
      formatValue(p.breaker, { format: 'decimal', quantity: 'rate' }),
    ]),
  };
}

export default {
  name: 'payments-brownout',
  model: 'psp-brownout',
  units: {
    x: { quantity: 'duration', words: '(s)' },
    y: { quantity: 'rate', words: 'per second' },
    columns: {
      'From (s)': { quantity: 'duration', words: '(s)' },
      'Payments/s': { quantity: 'rate', words: '/s' },
    },
  },
  words: {
    label:
      'Calls per second offered to a failing PSP over time, with no protection, with retry throttling and with a circuit breaker.',
    caption:
      'Calls reaching the PSP per second. During the brownout (shaded), retries multiply the load with no protection; throttling caps the retries of our service; the breaker stops calling and probes.',
  },
  render,
  table,
} satisfies ChartModule<Output>;
