/**
 * A tornado: how far one headline output moves when each uncertain input swings from the low to the high
 * of its declared range, the others at the page's values (src/lib/sensitivity.ts). One row per input, the
 * widest swing on top; a bar from the output at the page's values to the output at the input's low, and one
 * to its high. Drawn at build time from a sensitivity and again in the browser from the worker's result
 * (src/client/live-figures.ts), not bound to one model (no `model`, so no model page draws it); its table is
 * the same numbers in words.
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import { baseStyle, seriesColors, type ChartContext, type ChartTable } from '../lib/chart.ts';
import { chosenChartUnits, formatValue } from '../lib/chart-units.ts';
import { formatInput } from '../lib/figure-words.ts';
import type { Sensitivity } from '../lib/sensitivity.ts';

/** What the chart draws: a sensitivity's headline, likely value and bars (at build, or from the worker). */
export type TornadoFigure = Pick<Sensitivity, 'headline' | 'likely' | 'bars'>;

/**
 * The left margin for the input names, and how many characters of a name fit in it (13 px type: about 7 px a
 * character on average, 7.2 allowed so that a name with wide letters, "Work …", "Commands …", stays inside on a phone).
 */
export function labelRoom(width: number): { margin: number; chars: number } {
  const margin = Math.round(Math.min(230, Math.max(120, width * 0.36)));
  return { margin, chars: Math.floor((margin - 12) / 7.2) };
}

/**
 * An input's name as the axis shows it: on one line when it fits, else broken at spaces onto a second line, and
 * cut with "…" only when two lines are not enough (a row is 38 px: room for two lines of 13 px type).
 */
export function axisName(label: string, chars = 32): string {
  if (label.length <= chars) return label;
  const words = label.split(' ');
  let first = '';
  while (words.length > 0 && (first === '' ? words[0]! : `${first} ${words[0]!}`).length <= chars) {
    first = first === '' ? words.shift()! : `${first} ${words.shift()!}`;
  }
  if (first === '') return `${label.slice(0, chars - 1).trimEnd()}…`; // one word longer than a line
  const rest = words.join(' ');
  return `${first}\n${rest.length <= chars ? rest : `${rest.slice(0, chars - 1).trimEnd()}…`}`;
}

/** Bars as Plot draws them: from the likely value to each end that has a number. */
export function segments(s: TornadoFigure, chars = 32): { input: string; end: 'low' | 'high'; from: number; to: number }[] {
  return s.bars.flatMap((b) =>
    (
      [
        ['low', b.atLow],
        ['high', b.atHigh],
      ] as const
    ).flatMap(([end, v]) => (v === null ? [] : [{ input: axisName(b.short, chars), end, from: s.likely, to: v }])),
  );
}

/** A log axis when every value is positive and they span more than a factor of 20. */
export function useLog(s: TornadoFigure): boolean {
  const values = [s.likely, ...s.bars.flatMap((b) => [b.atLow, b.atHigh])].filter((v): v is number => v !== null);
  const min = Math.min(...values);
  return min > 0 && Math.max(...values) / min > 20;
}

export function render(s: TornadoFigure, { width, document }: ChartContext): Element {
  const log = useLog(s);
  const fmt = (d: number) => formatValue(d, { format: s.headline.format });
  const room = labelRoom(width);
  return plot({
    ...(document ? { document } : {}),
    width,
    height: 60 + 38 * s.bars.length,
    marginLeft: room.margin,
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
    y: { label: null, domain: s.bars.map((b) => axisName(b.short, room.chars)), axis: null },
    color: {
      domain: ['low', 'high'],
      range: [seriesColors[1], seriesColors[0]],
      legend: true,
      tickFormat: (d: string) => `input at its ${d}`,
    },
    marks: [
      Plot.axisY({ lineHeight: 1.2, tickSize: 4 }), // two-line names need air between their lines
      Plot.barX(segments(s, room.chars), { y: 'input', x1: 'from', x2: 'to', fill: 'end', insetTop: 6, insetBottom: 6 }),
      Plot.ruleX([s.likely], { stroke: 'currentColor', strokeWidth: 1.5 }),
    ],
  });
}

export function table(s: TornadoFigure): ChartTable {
  const fmt = (v: number | null) => (v === null ? 'no steady state' : formatValue(v, { format: s.headline.format }));
  return {
    columns: ['Input', 'Range', 'Output at its low', 'Output at its high', 'Swing'],
    rows: s.bars.map((b) => [
      b.short, // the description up to its first aside: the schema's asides describe its default, not the range (review M6)
      // an input's range states its own unit: a duration or a size in the reader's units, as the outputs beside it
      `${formatInput(b, b.low, chosenChartUnits())} to ${formatInput(b, b.high, chosenChartUnits())}`,
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
