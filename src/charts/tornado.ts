/**
 * A tornado: how far one headline output moves when each uncertain input swings from the low to the high
 * of its declared range, the others at the page's values (src/lib/sensitivity.ts). One row per input, the
 * widest swing on top; a bar from the output at the page's values to the output at the input's low, and one
 * to its high. Drawn at build time from a sensitivity, not bound to one model (no `model`, so no model page
 * draws it); its table is the same numbers in words.
 */
import * as Plot from '@observablehq/plot';
import { baseStyle, seriesColors, type ChartContext, type ChartTable } from '../lib/chart.ts';
import { formatValue } from '../lib/format.ts';
import type { Sensitivity } from '../lib/sensitivity.ts';

const MAX_LABEL = 34;

function short(label: string): string {
  return label.length <= MAX_LABEL ? label : `${label.slice(0, MAX_LABEL - 1).trimEnd()}…`;
}

/** Bars as Plot draws them: from the likely value to each end that has a number. */
export function segments(s: Sensitivity): { input: string; end: 'low' | 'high'; from: number; to: number }[] {
  return s.bars.flatMap((b) =>
    (
      [
        ['low', b.atLow],
        ['high', b.atHigh],
      ] as const
    ).flatMap(([end, v]) => (v === null ? [] : [{ input: short(b.short), end, from: s.likely, to: v }])),
  );
}

/** A log axis when every value is positive and they span more than a factor of 20. */
export function useLog(s: Sensitivity): boolean {
  const values = [s.likely, ...s.bars.flatMap((b) => [b.atLow, b.atHigh])].filter((v): v is number => v !== null);
  const min = Math.min(...values);
  return min > 0 && Math.max(...values) / min > 20;
}

export function render(s: Sensitivity, { width, document }: ChartContext): Element {
  const log = useLog(s);
  const fmt = (d: number) => formatValue(d, { format: s.headline.format });
  return Plot.plot({
    ...(document ? { document } : {}),
    width,
    height: 60 + 38 * s.bars.length,
    marginLeft: Math.min(230, Math.max(120, width * 0.36)),
    marginRight: 24,
    marginTop: 28,
    marginBottom: 44,
    style: baseStyle,
    x: {
      type: log ? 'log' : 'linear',
      label: `${s.headline.label}${log ? ' (log scale)' : ''} →`,
      grid: true,
      ticks: width < 500 ? 3 : 5,
      tickFormat: fmt,
      labelOffset: 38,
    },
    y: { label: null, domain: s.bars.map((b) => short(b.short)) },
    color: {
      domain: ['low', 'high'],
      range: [seriesColors[1], seriesColors[0]],
      legend: true,
      tickFormat: (d: string) => `input at its ${d}`,
    },
    marks: [
      Plot.barX(segments(s), { y: 'input', x1: 'from', x2: 'to', fill: 'end', insetTop: 6, insetBottom: 6 }),
      Plot.ruleX([s.likely], { stroke: 'currentColor', strokeWidth: 1.5 }),
    ],
  });
}

export function table(s: Sensitivity): ChartTable {
  const fmt = (v: number | null) => (v === null ? 'no steady state' : formatValue(v, { format: s.headline.format }));
  return {
    columns: ['Input', 'Range', 'Output at its low', 'Output at its high', 'Swing'],
    rows: s.bars.map((b) => [
      b.label,
      `${formatValue(b.low, { format: b.inputFormat })} to ${formatValue(b.high, { format: b.inputFormat })}`,
      fmt(b.atLow),
      fmt(b.atHigh),
      b.swing === null ? 'breaks the model' : fmt(b.swing),
    ]),
  };
}

export default {
  name: 'tornado',
  words: {
    label: 'How far the headline output moves as each uncertain input swings across its range.',
    caption: 'Each input swung from its low to its high, the others at the page’s values; the widest swing on top.',
  },
  render,
  table,
};
