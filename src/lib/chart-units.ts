/**
 * Charts in the reader's units of results (issue 13; the choice itself: src/lib/output-units.ts). A chart
 * module declares, once, the quantity each axis and each table column shows and the words of its label
 * that name the unit:
 *
 *   units: { x: { quantity: 'duration', words: '(s)' }, y: { quantity: 'rate', words: 'per second' } }
 *
 * and the machinery converts: `plot` (src/lib/chart-plot.ts) gives each declared scale of the chart's Plot
 * options a transform (so ticks are round numbers in the chosen unit), a compact tick format for rates
 * (12.4k) and the label with the chosen unit's words ("per minute", "(ms)"); `tableIn` rewrites the
 * declared column headers. Numbers the chart itself writes through this module's `formatValue` (marks' text,
 * table cells) follow the choice as the page's numbers do: one that states its unit (a duration, a size)
 * is written in the chosen unit; a rate whose unit is in its column header (`quantity: 'rate'`) is
 * converted and written short. With the page's own choice nothing changes: every chart is byte for byte
 * what it was, and the extra work is one comparison per chart drawn.
 *
 * The choice is ambient while a chart draws (`inUnits`), so the chart modules keep their signatures;
 * rendering is synchronous, so one chart's choice cannot leak into another's.
 */
import { formatValue as formatPlain, type FormatOptions } from './format.ts';
import { formatWithUnits, PAGE_UNITS, type OutputUnits } from './output-units.ts';

/** The quantities a reader's choice can change on a chart (money once the choice has money per year). */
export type ChartQuantity = 'rate' | 'duration' | 'size' | 'money';

export interface UnitAxis {
  readonly quantity: ChartQuantity;
  /**
   * The unit the chart's numbers on this axis are in: durations 's' (default) or 'ms'; rates '/s'
   * (default) or '/day'; money 'month' (default, USD a month) or 'year'; sizes bytes.
   */
  readonly unit?: 's' | 'ms' | '/s' | '/day' | 'month' | 'year';
  /** the words of the label (or column header) naming that unit: '(s)', 'ms', 'per second', '/s', 'a month' */
  readonly words?: string;
  /** the chart's ticks state their own unit (a duration formatter): only their text follows the choice */
  readonly ticksStateUnit?: boolean;
}

/** What a chart declares: its scales' quantities, and its table columns' (keyed by header as written). */
export interface ChartUnits {
  readonly x?: UnitAxis;
  readonly y?: UnitAxis;
  readonly columns?: Readonly<Record<string, UnitAxis>>;
}

/** The choice, with money (as written, per month or per year: 12 of the model's months) when it has it. */
export type Units = OutputUnits & { readonly money?: string };

let ambient: { readonly units: Units; readonly decl: ChartUnits | undefined } = { units: PAGE_UNITS, decl: undefined };

/** Whether the choice writes every chart as the build did. */
export function isPageChoice(u: Units): boolean {
  return (
    u.rate === PAGE_UNITS.rate &&
    u.size === PAGE_UNITS.size &&
    u.duration === PAGE_UNITS.duration &&
    (u.money === undefined || u.money === 'auto')
  );
}

/** The choice a chart is being drawn in (the page's outside `inUnits`): for numbers it writes with their own unit words. */
export function chosenChartUnits(): Units {
  return ambient.units;
}

/** Run `draw` (a chart's render or table) with this choice of units and this chart's declaration. */
export function inUnits<T>(units: Units | undefined, decl: ChartUnits | undefined, draw: () => T): T {
  if (units === undefined || isPageChoice(units)) {
    if (ambient.units === PAGE_UNITS && ambient.decl === undefined) return draw();
    units = PAGE_UNITS;
  }
  const before = ambient;
  ambient = { units, decl };
  try {
    return draw();
  } finally {
    ambient = before;
  }
}

interface Target {
  /** chart value × factor = value in the chosen unit */
  readonly factor: number;
  /** the chosen unit's words, spelled as `words` was (a symbol for a symbol, words for words) */
  readonly words: (words: string) => string;
  readonly compact: boolean;
}

const RATE_FACTOR = { s: 1, min: 60, day: 86_400 } as const;
const RATE_WORDS: Record<string, Record<keyof typeof RATE_FACTOR, string>> = {
  'per second': { s: 'per second', min: 'per minute', day: 'per day' },
  'a second': { s: 'a second', min: 'a minute', day: 'a day' },
  'per day': { s: 'per second', min: 'per minute', day: 'per day' },
  '/s': { s: '/s', min: '/min', day: '/day' },
  '/day': { s: '/s', min: '/min', day: '/day' },
};

/** The conversion an axis or column needs under this choice; undefined: none (the chart's own unit stays). */
export function targetOf(axis: UnitAxis, u: Units): Target | undefined {
  const swap = (from: string, to: string) => (w: string) => w.replace(from, to);
  switch (axis.quantity) {
    case 'duration': {
      if (u.duration === 'auto') return undefined;
      const from = axis.unit === 'ms' ? 'ms' : 's';
      if (from === u.duration) return undefined;
      return {
        factor: from === 'ms' ? 1e-3 : 1e3,
        words: (w) =>
          /seconds/.test(w)
            ? w.replace(from === 's' ? /\bseconds/ : /milliseconds/, from === 's' ? 'milliseconds' : 'seconds')
            : w.replace(new RegExp(`(^|[^a-z])${from}(?![a-z])`), `$1${u.duration}`),
        compact: false,
      };
    }
    case 'rate': {
      if (u.rate === 'auto') return undefined;
      const from = axis.unit === '/day' ? 86_400 : 1;
      const factor = RATE_FACTOR[u.rate] / from;
      if (factor === 1) return undefined;
      return {
        factor,
        words: (w) => {
          const known = Object.keys(RATE_WORDS).find((k) => w.toLowerCase().includes(k));
          if (!known) return w;
          const at = w.toLowerCase().indexOf(known);
          const to = (RATE_WORDS[known] as Record<string, string>)[u.rate] as string;
          const cased = w[at] === w[at]?.toUpperCase() ? to.charAt(0).toUpperCase() + to.slice(1) : to;
          return w.slice(0, at) + cased + w.slice(at + known.length);
        },
        compact: true,
      };
    }
    case 'money': {
      // 'auto' (as written) or absent (a choice without money): the chart's own
      if (u.money !== 'month' && u.money !== 'year') return undefined;
      const to = u.money;
      const from = axis.unit ?? 'month';
      if (to === from) return undefined;
      return {
        factor: to === 'year' ? 12 : 1 / 12,
        words: (w) => swap(`a ${from}`, `a ${to}`)(swap(`per ${from}`, `per ${to}`)(w)),
        compact: false,
      };
    }
    case 'size':
      return undefined; // a size axis's ticks are written by the formatter (IEC/SI), which follows the choice
  }
}

/** A count written short: 950, 12.4k, 3.1M, 2.5B (as src/lib/output-units.ts writes a converted rate). */
export function shortNumber(n: number, kFrom = 1e4): string {
  if (!Number.isFinite(n)) return '—';
  const abs = Math.abs(n);
  const [div, suffix] = abs >= 1e9 ? [1e9, 'B'] : abs >= 1e6 ? [1e6, 'M'] : abs >= kFrom ? [1e3, 'k'] : [1, ''];
  const v = Number((n / div).toPrecision(3));
  return `${Object.is(v, -0) ? 0 : v.toLocaleString('en-US')}${suffix}`;
}

type ScaleOptions = Readonly<Record<string, unknown>>;

/**
 * One Plot scale's options under the ambient choice (the chart's own options when its axis is not
 * declared or the choice leaves it as it is). Values are converted by the scale's transform, so an
 * explicit domain or tick list (given in the chart's unit) is converted too.
 */
export function scaleIn(
  axis: UnitAxis | undefined,
  options: ScaleOptions | undefined,
  u: Units = ambient.units,
): ScaleOptions | undefined {
  if (!axis || isPageChoice(u)) return options;
  const t = targetOf(axis, u);
  if (!t) return options;
  const o: Record<string, unknown> = { ...options };
  if (axis.ticksStateUnit) return o; // its tick formatter follows the ambient choice by itself
  const f = t.factor;
  const prior = o['transform'] as ((v: number) => number) | undefined;
  o['transform'] = prior ? (v: number) => prior(v) * f : (v: number) => v * f;
  if (Array.isArray(o['domain'])) o['domain'] = (o['domain'] as unknown[]).map((v) => (typeof v === 'number' ? v * f : v));
  if (Array.isArray(o['ticks'])) o['ticks'] = (o['ticks'] as unknown[]).map((v) => (typeof v === 'number' ? v * f : v));
  if (typeof o['label'] === 'string' && axis.words) o['label'] = o['label'].replace(axis.words, t.words(axis.words));
  // ticks: 1k, 2k, 10k on one axis, not 1,000, 2,000, 10k
  if (t.compact && o['tickFormat'] === undefined) o['tickFormat'] = (v: number) => shortNumber(v, 1e3);
  return o;
}

/**
 * A Plot figure's options with each declared scale in the ambient choice (the same object at the page's).
 * `decl`: this figure's own declaration, for a chart of several figures whose axes differ.
 */
export function plotOptionsIn<T extends Readonly<Record<string, unknown>>>(options: T, decl = ambient.decl): T {
  const { units } = ambient;
  if (!decl || isPageChoice(units)) return options;
  const out: Record<string, unknown> = { ...options };
  for (const key of ['x', 'y'] as const) {
    if (decl[key]) out[key] = scaleIn(decl[key], options[key] as ScaleOptions | undefined, units);
  }
  return out as T;
}

/** A column header in the ambient choice ('Requests/s' → 'Requests/min'). */
export function headerIn(header: string, u: Units = ambient.units, decl: ChartUnits | undefined = ambient.decl): string {
  const axis = decl?.columns?.[header];
  const t = axis && targetOf(axis, u);
  return t && axis.words ? header.replace(axis.words, t.words(axis.words)) : header;
}

/** Options of the site's formatter, plus: a rate or duration whose unit is in its column header or label. */
export interface ChartFormatOptions extends FormatOptions {
  /** the number's unit is said around it (its column header): convert it, write it without a unit */
  readonly quantity?: ChartQuantity;
  /** the unit the number is in when not the base one ('ms', '/day', 'year') */
  readonly from?: UnitAxis['unit'];
}

/**
 * The site's formatter for chart modules: with the page's choice exactly src/lib/format.ts; with another,
 * a number that states its unit is written in the chosen one (as on the page), and one whose unit is in
 * its header (`quantity`) is converted and written short.
 */
export function formatValue(value: unknown, options: ChartFormatOptions = {}): string {
  const u = ambient.units;
  if (u === PAGE_UNITS) return formatPlain(value, options);
  const { quantity, from, ...plain } = options;
  if (quantity === undefined) return formatWithUnits(value, plain, u);
  const t =
    typeof value === 'number' && Number.isFinite(value)
      ? targetOf(from === undefined ? { quantity } : { quantity, unit: from }, u)
      : undefined;
  if (!t) return formatPlain(value, plain);
  const v = (value as number) * t.factor;
  return t.compact || Math.abs(v) >= 1e4 ? shortNumber(v) : formatPlain(v, plain);
}

/** The ambient choice (for a chart that needs it beyond its declared axes). */
export function ambientUnits(): Units {
  return ambient.units;
}
