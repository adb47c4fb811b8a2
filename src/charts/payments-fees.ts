/**
 * Fees a month by payment method, the percentage part and the fixed per-payment part stacked (model
 * `payments-platform`): the fixed part is what guides forget, and it weighs most on small tickets.
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import type { OutputOf } from '../../models/model.ts';
import type { paymentsPlatform } from '../../models/case-studies/payments-platform.ts';
import { formatValue } from '../lib/chart-units.ts';
import { formatUsd } from '../lib/format.ts';
import { baseStyle, type ChartContext, type ChartData, type ChartModule, type ChartTable } from '../lib/chart.ts';

type Output = OutputOf<typeof paymentsPlatform>;

const usd = (v: number) => formatUsd(v);
/** A fee per payment to a tenth of a cent: $2.185 (rounding 2.185 to cents would flip on float noise). */
const cents = (v: number) => `$${formatValue(v, { format: 'decimal', digits: 4 })}`;

export function render({ output: out }: ChartData<Output>, { width, document }: ChartContext): Element {
  const parts = out.methods.flatMap((m) => [
    { method: m.name, part: 'percentage', value: m.feesPerMonth - m.fixedFeesPerMonth },
    { method: m.name, part: 'fixed per payment', value: m.fixedFeesPerMonth },
  ]);
  return plot({
    ...(document ? { document } : {}),
    width,
    height: out.methods.length * 40 + 80,
    marginLeft: width < 520 ? 130 : 160,
    marginRight: 64,
    marginBottom: 44,
    style: baseStyle,
    x: {
      label: 'fees a month (USD) →',
      grid: true,
      nice: true,
      labelOffset: 38,
      tickFormat: (v: number) => `$${formatValue(v / 1000, { format: 'decimal' })}k`,
    },
    y: { label: null, domain: out.methods.map((m) => m.name) },
    color: { domain: ['percentage', 'fixed per payment'], range: ['var(--lb-c1)', 'var(--lb-c3)'], legend: true },
    marks: [
      Plot.barX(parts, { y: 'method', x: 'value', fill: 'part', insetTop: 6, insetBottom: 6 }),
      Plot.text(out.methods, {
        y: 'name',
        x: 'feesPerMonth',
        text: (m: { feesPerMonth: number }) => usd(m.feesPerMonth),
        dx: 6,
        textAnchor: 'start',
        fill: 'currentColor',
      }),
      Plot.ruleX([0], { stroke: 'currentColor', strokeOpacity: 0.4 }),
    ],
  });
}

export function table({ output: out }: ChartData<Output>): ChartTable {
  return {
    columns: [
      'Method',
      'Share',
      'Ticket',
      'Payments a month',
      'Fee per payment',
      'of which fixed',
      'Fees a month',
      'Effective rate',
    ],
    rows: out.methods.map((m) => [
      m.name,
      formatValue(m.share, { format: 'percent' }),
      usd(m.ticket),
      formatValue(m.paymentsPerYear / 12, { format: 'integer' }),
      cents(m.feePerPayment),
      usd(m.fixedPerPayment),
      usd(m.feesPerMonth),
      formatValue(m.effectiveRate, { format: 'percent' }),
    ]),
  };
}

export default {
  name: 'payments-fees',
  model: 'payments-platform',
  units: { x: { quantity: 'money', words: 'a month' } },
  words: {
    label: 'Fees a month for each payment method, split into the percentage part and the fixed per-payment part.',
    caption: 'Fees a month by method: the percentage part and the fixed part per payment, which guides often leave out.',
  },
  render,
  table,
} satisfies ChartModule<Output>;
