/**
 * What breaks first as load grows: the utilisation of each component against a multiple of today's load
 * (log), a line at 1 where a component saturates, and a mark on the first (src/lib/breaks-first.ts). Drawn
 * at build time from a breaksFirst result, not bound to one model (no `model`, so no model page draws it).
 */
import * as Plot from '@observablehq/plot';
import { growthCurve, type BreaksFirst } from '../lib/breaks-first.ts';
import { baseStyle, seriesColors, type ChartContext, type ChartTable } from '../lib/chart.ts';
import { formatValue } from '../lib/format.ts';

/** Utilisation drawn up to this: past it the component is long saturated. */
export const Y_MAX = 1.5;

/** The load multiples drawn: log-spaced from a tenth of the first saturation (or of today) to a few times the last. */
export function multiples(b: BreaksFirst): number[] {
  const found = b.order.map((o) => o.multiple).filter((m): m is number => m !== null);
  const lo = Math.min(0.1, ...found.map((m) => m / 10));
  const hi = Math.min(b.upTo, Math.max(10, ...found.map((m) => m * 2)));
  const n = 48;
  const grid = Array.from({ length: n + 1 }, (_, i) => Number((lo * (hi / lo) ** (i / n)).toPrecision(6)));
  for (const m of [1, ...found]) if (m >= lo && m <= hi && !grid.includes(m)) grid.push(m);
  return grid.sort((a, b2) => a - b2);
}

export function points(b: BreaksFirst): { multiple: number; component: string; utilization: number }[] {
  return growthCurve(b, multiples(b)).flatMap((p) =>
    p.utilizations.flatMap((u, i) =>
      u === null || u > Y_MAX ? [] : [{ multiple: p.multiple, component: b.spec.checks[i]?.name ?? '', utilization: u }],
    ),
  );
}

export function render(b: BreaksFirst, { width, document }: ChartContext): Element {
  const names = b.spec.checks.map((c) => c.name);
  const grid = multiples(b);
  const first = b.first;
  return Plot.plot({
    ...(document ? { document } : {}),
    width,
    height: 320,
    marginLeft: 48,
    marginRight: 24,
    marginTop: 28,
    marginBottom: 44,
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
      ...(first && first.multiple !== null
        ? [
            Plot.dot([{ x: first.multiple, y: 1 }], { x: 'x', y: 'y', r: 5, fill: 'currentColor' }),
            Plot.text([{ x: first.multiple, y: 1 }], {
              x: 'x',
              y: 'y',
              dy: -12,
              text: () => `${formatValue(first.multiple, { format: 'decimal' })}×`,
              fill: 'currentColor',
              stroke: 'var(--sl-color-bg, white)',
              strokeWidth: 4,
              paintOrder: 'stroke',
              fontWeight: 'bold',
              textAnchor: first.multiple > (grid[grid.length - 1] ?? 10) / 10 ? 'end' : 'start',
            }),
          ]
        : []),
    ],
  });
}

export function table(b: BreaksFirst): ChartTable {
  return {
    columns: ['Component', 'Utilisation today', 'Saturates at', 'Order'],
    rows: b.order.map((o, i) => [
      o.check.name,
      o.today === null ? 'no steady state' : formatValue(o.today, { format: 'percent' }),
      o.multiple === null
        ? `not below ${formatValue(b.upTo, { format: 'decimal' })}× today’s load`
        : `${formatValue(o.multiple, { format: 'decimal' })}× today’s load`,
      o.multiple === null ? '—' : String(i + 1),
    ]),
  };
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
