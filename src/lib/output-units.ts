/**
 * The units a reader chooses for results (issue 13), page-wide: rates as written or all per second, minute
 * or day; sizes in IEC (KiB, MiB: powers of 1024) or SI (kB, MB: powers of 1000); durations as written or
 * all in ms or in s; money as written or all per month or per year (12 months). A choice changes how a
 * number is written, never what it means, and only numbers that state their own unit follow it (a
 * duration, a size, a value shown with its unit, a rate or a cost that says its own time with `per`:
 * src/lib/per.ts): a number whose unit is in the sentence around it ("… requests per second") keeps it, or
 * the sentence would lie. The build writes the page's own choice (PAGE_UNITS), so the HTML without
 * JavaScript is the default.
 * Shared by the build (which numbers a choice can change) and the browser (the runtime applies it).
 */
import { displayUnits, toDisplay } from './display-units.ts';
import { formatBytesSI, formatValue, type Format, type FormatOptions } from './format.ts';
import { convertPer, isPer, perFor, perKind, pers, type PerTime } from './per.ts';

export interface OutputUnits {
  readonly rate: 'auto' | 's' | 'min' | 'day';
  readonly size: 'iec' | 'si';
  readonly duration: 'auto' | 'ms' | 's';
  readonly money: 'auto' | 'month' | 'year';
}

export const PAGE_UNITS: OutputUnits = { rate: 'auto', size: 'iec', duration: 'auto', money: 'auto' };

/** Each choice with its words in the menu, the page's own first. */
export const OUTPUT_UNIT_MENUS: { readonly [K in keyof OutputUnits]: readonly (readonly [OutputUnits[K], string])[] } = {
  rate: [
    ['auto', 'as written'],
    ['s', 'per second'],
    ['min', 'per minute'],
    ['day', 'per day'],
  ],
  size: [
    ['iec', 'IEC: KiB, MiB (1024s)'],
    ['si', 'SI: kB, MB (1000s)'],
  ],
  duration: [
    ['auto', 'as written'],
    ['ms', 'all in ms'],
    ['s', 'all in s'],
  ],
  money: [
    ['auto', 'as written'],
    ['month', 'per month'],
    ['year', 'per year (12 months)'],
  ],
};

/** The words before each menu, in the panel's "Units of the results". */
export const OUTPUT_UNIT_WORDS: { readonly [K in keyof OutputUnits]: string } = {
  rate: 'Rates',
  size: 'Sizes',
  duration: 'Durations',
  money: 'Money',
};

const KEYS = Object.keys(PAGE_UNITS) as (keyof OutputUnits)[];

/** `rate:min,size:si` (from a link or storage) → the choices it names; anything else is ignored. */
export function parseOutputUnits(text: string | null | undefined): OutputUnits {
  const out: Record<string, string> = { ...PAGE_UNITS };
  for (const part of (text ?? '').slice(0, 100).split(',')) {
    const [k, v] = part.split(':');
    const key = KEYS.find((x) => x === k);
    if (key && OUTPUT_UNIT_MENUS[key].some(([value]) => value === v)) out[key] = v as string;
  }
  return out as unknown as OutputUnits;
}

/** The choices that differ from the page's, as link text (`rate:min,size:si`), or '' when none do. */
export function outputUnitsText(u: OutputUnits): string {
  return KEYS.filter((k) => u[k] !== PAGE_UNITS[k])
    .map((k) => `${k}:${u[k]}`)
    .join(',');
}

type Quantity = 'duration' | 'size' | 'rate' | 'money';

/** Which choice can change how this number is written (undefined: none, its unit is in the sentence). */
export function quantityOf({ format, unit, per }: FormatOptions): Quantity | undefined {
  if (per) return perKind(per) === 'rate' ? 'rate' : format === 'usd' ? 'money' : undefined;
  const base = unit ? displayUnits[unit].base : undefined;
  if (base === 's' || (!unit && format === 'duration')) return 'duration';
  if (base === 'B' || (!unit && format === 'bytes')) return 'size';
  if (base === '1/s') return 'rate';
  return undefined;
}

/** A count written short: 950, 12.4k, 3.1M, 2.5B. */
function short(n: number): string {
  const abs = Math.abs(n);
  const [div, suffix] = abs >= 1e9 ? [1e9, 'B'] : abs >= 1e6 ? [1e6, 'M'] : abs >= 1e4 ? [1e3, 'k'] : [1, ''];
  return `${Number((n / div).toPrecision(3)).toLocaleString('en-US')}${suffix}`;
}

/** A number as the reader's choice of units writes it; with the page's choice, exactly as the build did. */
export function formatWithUnits(value: unknown, options: FormatOptions, u: OutputUnits): string {
  const q = quantityOf(options);
  const n = typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  if (n === undefined || !q) return formatValue(value, options);
  if (options.per) {
    const written = pers[options.per].time;
    const own = options.over ?? written;
    const time: PerTime | undefined =
      q === 'money'
        ? u.money === 'auto'
          ? undefined
          : u.money
        : u.rate === 'auto'
          ? undefined
          : ({ s: 'second', min: 'minute', day: 'day' } as const)[u.rate];
    if (!time || time === written) return formatValue(value, options);
    // the same quantity over the chosen time, written as a reader reads a count (or money) of that size
    const format: Format = q === 'money' ? 'usd' : 'compact';
    return formatValue(convertPer(n, own, time), { format, per: perFor(options.per, time), noun: options.noun });
  }
  if (q === 'duration' && u.duration !== 'auto') return formatValue(n, { unit: u.duration, digits: options.digits });
  if (q === 'size' && u.size === 'si') return formatBytesSI(n).replace(' ', '\u00a0');
  if (q === 'rate' && u.rate !== 'auto') {
    const unit = u.rate === 's' ? '/s' : u.rate === 'min' ? '/min' : '/day';
    return `${short(toDisplay(n, unit))}\u00a0${unit}`;
  }
  return formatValue(value, options);
}

/** The formatting options a page's number carries in its `data-lb-*` attributes (Value.astro writes them). */
export function formatOptionsOf(d: Readonly<Record<string, string | undefined>>): FormatOptions {
  const per = d['lbPer'];
  return {
    format: d['lbFormat'] as Format | undefined,
    unit: d['lbUnit'] as FormatOptions['unit'],
    digits: d['lbDigits'] ? Number(d['lbDigits']) : undefined,
    per: isPer(per) ? per : undefined,
    noun: d['lbNoun'],
    over: d['lbOver'] as FormatOptions['over'],
  };
}
