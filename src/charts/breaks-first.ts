/**
 * What breaks first as load grows: the utilisation of each component against a multiple of today's load
 * (log), a line at 1 where a component saturates, and a mark on the first (src/lib/breaks-first.ts). Drawn
 * from a breaksFirst result as plain data (src/lib/live-figures.ts breaksData: the curve is computed with the
 * model, at build or in the browser's worker), not bound to one model (no `model`, so no model page draws it).
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import { baseStyle, seriesColors, type ChartContext, type ChartTable } from '../lib/chart.ts';
import { breaksColumns, breaksRows, todayStep } from '../lib/marker-words.ts';
import { formatValue } from '../lib/chart-units.ts';
import type { BreaksData } from '../lib/live-figures.ts';
import { BREAKS_HEIGHT, BREAKS_MARGIN, chartMultiples } from '../lib/load-multiples.ts';

/** Utilisation drawn up to this: past it the component is long saturated. */
export const Y_MAX = 1.5;

/** The plot's margins and height: the load marker (src/client/load-marker.ts) stands on the same x scale. */
const MARGIN = BREAKS_MARGIN;
const HEIGHT = BREAKS_HEIGHT;

/** The load multiples drawn (src/lib/live-figures.ts chartMultiples). */
export const multiples = chartMultiples;

export function points(b: BreaksData): { multiple: number; component: string; utilization: number }[] {
  return b.curve.flatMap((p) =>
    p.utilizations.flatMap((u, i) =>
      u === null || u > Y_MAX ? [] : [{ multiple: p.multiple, component: b.checks[i]?.name ?? '', utilization: u }],
    ),
  );
}

export function render(b: BreaksData, { width, document }: ChartContext): Element {
  const names = b.checks.map((c) => c.name);
  const grid = multiples(b);
  const first = b.order.find((o) => o.id === b.firstId && o.multiple !== null);
  return plot({
    ...(document ? { document } : {}),
    width,
    height: HEIGHT,
    marginLeft: MARGIN.left,
    marginRight: MARGIN.right,
    marginTop: MARGIN.top,
    marginBottom: MARGIN.bottom,
    style: baseStyle,
    x: {
      type: 'log',
      label: 'load, × today’s (log scale) →',
      domain: [grid[0] ?? 0.1, grid[grid.length - 1] ?? 10],
      grid: true,
      tickFormat: (d: number) => `${Number(d.toPrecision(2))}×`,
      labelOffset: 38,
    },
    y: { label: '↑ utilisation', domain: [0, Y_MAX], grid: true, tickFormat: (d: number) => `${Math.round(d * 100)}%` },
    color: { domain: names, range: [...seriesColors].slice(0, names.length), legend: true },
    marks: [
      Plot.ruleY([1], { stroke: 'currentColor', strokeWidth: 1.5 }),
      Plot.ruleX([1], { stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '2 3' }),
      Plot.line(points(b), { x: 'multiple', y: 'utilization', stroke: 'component', strokeWidth: 2 }),
      ...(first?.multiple != null
        ? [
            Plot.dot([{ x: first.multiple, y: 1 }], { x: 'x', y: 'y', r: 5, fill: 'currentColor' }),
            Plot.text([{ x: first.multiple, y: 1 }], {
              x: 'x',
              y: 'y',
              dy: -12,
              text: () => `${formatValue(first.multiple ?? 0, { format: 'decimal' })}×`,
              fill: 'currentColor',
              stroke: 'var(--sl-color-bg, white)',
              strokeWidth: 4,
              paintOrder: 'stroke',
              fontWeight: 'bold',
              textAnchor: (first.multiple ?? 0) > (grid[grid.length - 1] ?? 10) / 10 ? 'end' : 'start',
            }),
          ]
        : []),
    ],
  });
}

/** The chart's numbers with the marker at `step` (today's, 1×, unless given). */
export function table(b: BreaksData, step = todayStep(b)): ChartTable {
  return { columns: breaksColumns(b, step), rows: breaksRows(b, step) };
}

export default {
  name: 'breaks-first',
  words: {
    label: 'Utilisation of each component against a multiple of today’s load, with the line where it saturates.',
    caption:
      'Each component’s utilisation as load grows with what was built for today held fixed; the dot marks the first to reach 100 %.',
  },
  render,
  table,
};
