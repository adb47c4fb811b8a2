/**
 * The units a reader chooses for results (issue 13), page-wide: rates as written or all per second, minute
 * or day; sizes in IEC (KiB, MiB: powers of 1024) or SI (kB, MB: powers of 1000); durations as written or
 * all in ms or in s. A choice changes how a number is written, never what it means, and only numbers that
 * state their own unit follow it (a duration, a size, a value shown with its unit): a number whose unit is
 * in the sentence around it ("… requests per second") keeps it, or the sentence would lie. The build
 * writes the page's own choice (PAGE_UNITS), so the HTML without JavaScript is the default.
 * Shared by the build (which numbers a choice can change) and the browser (the runtime applies it).
 */
import { displayUnits, toDisplay } from './display-units.ts';
import { formatBytesSI, formatValue, type FormatOptions } from './format.ts';

export interface OutputUnits {
  readonly rate: 'auto' | 's' | 'min' | 'day';
  readonly size: 'iec' | 'si';
  readonly duration: 'auto' | 'ms' | 's';
}

export const PAGE_UNITS: OutputUnits = { rate: 'auto', size: 'iec', duration: 'auto' };

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

type Quantity = 'duration' | 'size' | 'rate';

/** Which choice can change how this number is written (undefined: none, its unit is in the sentence). */
export function quantityOf({ format, unit }: FormatOptions): Quantity | undefined {
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
  if (q === 'duration' && u.duration !== 'auto') return formatValue(n, { unit: u.duration, digits: options.digits });
  if (q === 'size' && u.size === 'si') return formatBytesSI(n).replace(' ', '\u00a0');
  if (q === 'rate' && u.rate !== 'auto') {
    const unit = u.rate === 's' ? '/s' : u.rate === 'min' ? '/min' : '/day';
    return `${short(toDisplay(n, unit))}\u00a0${unit}`;
  }
  return formatValue(value, options);
}
