/**
 * The most requests each algorithm let through inside any interval as long as the window, against the
 * limit: the fixed window's boundary burst shows up as a bar reaching twice the limit.
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import { formatValue } from '../lib/chart-units.ts';
import { baseStyle, type ChartContext, type ChartData, type ChartModule, type ChartTable } from '../lib/chart.ts';
import type { OutputOf } from '../../models/model.ts';
import type { rateLimitCompare } from '../../models/rate-limiting/compare.ts';

type CompareOutput = OutputOf<typeof rateLimitCompare>;

export function render({ output: out }: ChartData<CompareOutput>, { width, document }: ChartContext): Element {
  const data = out.algorithms;
  const max = Math.max(out.limit * 2, ...data.map((d) => d.maxAdmittedInAnyWindow));
  return plot({
    ...(document ? { document } : {}),
    width,
    height: data.length * 34 + 60,
    marginLeft: width < 520 ? 152 : 170,
    marginRight: 40,
    marginBottom: 44,
    style: baseStyle,
    x: {
      label: `most admitted in any ${formatValue(out.window)} s interval →`,
      domain: [0, max],
      grid: true,
      nice: true,
      labelOffset: 38,
    },
    y: { label: null, domain: data.map((d) => d.title) },
    marks: [
      Plot.barX(data, {
        y: 'title',
        x: 'maxAdmittedInAnyWindow',
        fill: (d: { maxAdmittedInAnyWindow: number }) =>
          d.maxAdmittedInAnyWindow > out.limit ? 'var(--lb-reject)' : 'var(--lb-c1)',
        insetTop: 5,
        insetBottom: 5,
      }),
      Plot.text(data, {
        y: 'title',
        x: 'maxAdmittedInAnyWindow',
        text: (d: { maxAdmittedInAnyWindow: number }) => formatValue(d.maxAdmittedInAnyWindow, { format: 'integer' }),
        dx: 6,
        textAnchor: 'start',
        fill: 'currentColor',
      }),
      Plot.ruleX([out.limit], { stroke: 'currentColor', strokeWidth: 1.5, strokeDasharray: '4 3' }),
      Plot.text([out.limit], {
        x: (d: number) => d,
        frameAnchor: 'top',
        text: () => `limit ${formatValue(out.limit, { format: 'integer' })}`,
        dy: -12,
        fill: 'currentColor',
      }),
      Plot.ruleX([0], { stroke: 'currentColor', strokeOpacity: 0.4 }),
    ],
  });
}

export function table({ output: out }: ChartData<CompareOutput>): ChartTable {
  return {
    columns: ['Algorithm', 'Admitted', 'Rejected', `Most in any ${formatValue(out.window)} s`, 'Worst added delay'],
    rows: out.algorithms.map((a) => [
      a.title,
      formatValue(a.admitted, { format: 'integer' }),
      formatValue(a.rejected, { format: 'integer' }),
      formatValue(a.maxAdmittedInAnyWindow, { format: 'integer' }),
      formatValue(a.worstCaseDelay, { format: 'duration' }),
    ]),
  };
}

export default {
  name: 'rate-limit-window-max',
  model: 'rate-limit-compare',
  words: {
    label:
      'The largest number of requests each algorithm admitted within any interval as long as the window, compared with the limit.',
    caption:
      'The most each algorithm admitted within any interval as long as the window; the dashed line is the limit, and red bars went past it.',
  },
  render,
  table,
} satisfies ChartModule<CompareOutput>;
