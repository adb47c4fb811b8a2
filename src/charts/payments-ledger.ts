/**
 * The balance of every account of the small ledger after the reader's operations (model `ledger-journal`):
 * debits to the right, credits to the left, and they cancel. The table is the journal itself.
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import type { OutputOf } from '../../models/model.ts';
import type { ledgerJournal } from '../../models/case-studies/ledger-journal.ts';
import { baseStyle, type ChartContext, type ChartData, type ChartModule, type ChartTable } from '../lib/chart.ts';

type Output = OutputOf<typeof ledgerJournal>;

const money = (v: number) => `${v < 0 ? '−' : ''}$${Math.abs(v).toFixed(2)}`;

export function render({ output: out }: ChartData<Output>, { width, document }: ChartContext): Element {
  const data = out.balances;
  const extent = Math.max(1, ...data.map((b) => Math.abs(b.balance)));
  return plot({
    ...(document ? { document } : {}),
    width,
    height: data.length * 34 + 64,
    marginLeft: width < 520 ? 150 : 170,
    marginRight: 80,
    marginBottom: 44,
    style: baseStyle,
    x: {
      label: '← credit   balance (USD)   debit →',
      domain: [-extent, extent],
      grid: true,
      nice: true,
      labelOffset: 38,
      labelAnchor: 'center',
    },
    y: { label: null, domain: data.map((b) => b.account) },
    marks: [
      Plot.barX(data, {
        y: 'account',
        x: 'balance',
        fill: (b: { balance: number }) => (b.balance < 0 ? 'var(--lb-c2)' : 'var(--lb-c1)'),
        insetTop: 5,
        insetBottom: 5,
      }),
      Plot.text(data, {
        y: 'account',
        frameAnchor: 'right',
        text: (b: { balance: number }) => money(b.balance),
        dx: 70,
        textAnchor: 'end',
        fill: 'currentColor',
      }),
      Plot.ruleX([0], { stroke: 'currentColor', strokeOpacity: 0.6 }),
    ],
  });
}

export function table({ output: out }: ChartData<Output>): ChartTable {
  return {
    columns: ['Transaction', 'Operation', 'Account', 'Debit', 'Credit'],
    rows: out.journal.map((l) => [
      String(l.transaction),
      l.operation,
      l.account,
      l.amount > 0 ? money(l.amount) : '',
      l.amount < 0 ? money(-l.amount) : '',
    ]),
  };
}

export default {
  name: 'payments-ledger',
  model: 'ledger-journal',
  words: {
    label: 'The balance of each account of a small double-entry ledger after a sequence of payment operations.',
    caption: 'Balances after the operations: debits right, credits left. They always cancel; the table lists every journal line.',
  },
  render,
  table,
} satisfies ChartModule<Output>;
