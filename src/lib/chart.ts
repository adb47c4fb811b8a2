/**
 * What a chart is: a thin, pure function from a scenario's evaluation to a Plot figure, plus the same
 * data as a table (the fallback for screen readers and for readers who want the numbers). The same module
 * renders at build time (with linkedom's document) and in the browser (with the page's).
 *
 * A chart names the model whose output it draws, so binding it to a scenario of another model fails the
 * build with a message naming both. Models compute; charts sample: a chart that draws a quantity against
 * load (growth, what breaks first, sensitivity) declares a `sweep` (an input, the values to try, inputs to
 * hold fixed), and `chartData` runs the model over it, at build time and in the browser alike.
 */
import { check } from '../../models/evaluate.ts';
import type { Model } from '../../models/model.ts';
import { headerIn, inUnits, isPageChoice, type ChartUnits, type Units } from './chart-units.ts';

export interface ChartContext {
  /** pixels available; from a resize observer in the browser */
  readonly width: number;
  /** the document to build the SVG in; the browser's own when omitted */
  readonly document?: Document;
  /** the reader's units of results (src/lib/chart-units.ts); the page's own when omitted */
  readonly units?: Units;
}

export interface ChartTable {
  readonly columns: readonly string[];
  /** already formatted for reading (see src/lib/format.ts) */
  readonly rows: readonly (readonly string[])[];
}

/** A grid over one input: its values, and inputs held fixed while it varies (from the scenario's output). */
export interface Sweep {
  readonly field: string;
  readonly values: readonly number[];
  readonly fixed?: Readonly<Record<string, unknown>>;
}

export interface SweepPoint<O> {
  /** the swept input's value */
  readonly x: number;
  /** the model's answer there; null where those inputs are invalid */
  readonly output: O | null;
}

export interface ChartData<O> {
  /** the scenario's inputs, defaults included */
  readonly input: Readonly<Record<string, unknown>>;
  readonly output: O;
  /** the model over the chart's sweep (empty for a chart without one) */
  readonly sweep: readonly SweepPoint<O>[];
}

export interface ChartModule<O = never> {
  /** the chart's name: its file name under src/charts/ (the browser loads it by that name) */
  readonly name: string;
  /** the id of the model whose output it draws */
  readonly model: string;
  sweep?(input: Readonly<Record<string, unknown>>, output: O): Sweep;
  /** its words on the model's own page (/models/<id>/), which draws every chart of the model */
  readonly words: { readonly label: string; readonly caption: string };
  /** the quantity of each axis and table column that follows the reader's units (src/lib/chart-units.ts) */
  readonly units?: ChartUnits;
  render(data: ChartData<O>, context: ChartContext): Element;
  table(data: ChartData<O>): ChartTable;
}

/** Chart data for one evaluation: runs the chart's sweep, if it has one, with the same model. */
export function chartData<O>(
  chart: ChartModule<O>,
  model: Model,
  input: Readonly<Record<string, unknown>>,
  output: O,
): ChartData<O> {
  if (!chart.sweep) return { input, output, sweep: [] };
  return { input, output, sweep: sweepPoints<O>(model, input, chart.sweep(input, output)) };
}

/** The model over a sweep (what chartData runs; the browser may run it in a worker, src/client/sweep-worker.ts). */
export function sweepPoints<O>(model: Model, input: Readonly<Record<string, unknown>>, s: Sweep): SweepPoint<O>[] {
  return s.values.map((x) => {
    const r = check(model, { ...input, ...s.fixed, [s.field]: x });
    return { x, output: r.ok ? (r.output as O) : null };
  });
}

/** The chart drawn in the context's units (its declared axes converted; the page's choice: as it is). */
export function renderIn<O>(chart: ChartModule<O>, data: ChartData<O>, context: ChartContext): Element {
  return inUnits(context.units, chart.units, () => chart.render(data, context));
}

/** The chart's table in these units: cells through chart-units' formatter, declared headers rewritten. */
export function tableIn<O>(chart: ChartModule<O>, data: ChartData<O>, units?: Units): ChartTable {
  if (units === undefined || isPageChoice(units)) return chart.table(data);
  return inUnits(units, chart.units, () => {
    const t = chart.table(data);
    return { columns: t.columns.map((c) => headerIn(c)), rows: t.rows };
  });
}

/** Colours of series: CSS variables defined in src/styles/site.css for both themes. */
export const seriesColors = [
  'var(--lb-c1)',
  'var(--lb-c2)',
  'var(--lb-c3)',
  'var(--lb-c4)',
  'var(--lb-c5)',
  'var(--lb-c6)',
] as const;

/** Plot options every chart shares: theme-aware text, transparent background, readable type. */
export const baseStyle = {
  background: 'transparent',
  color: 'currentColor',
  fontSize: '13px',
  fontFamily: 'var(--sl-font, system-ui, sans-serif)',
  overflow: 'visible',
} as const;
