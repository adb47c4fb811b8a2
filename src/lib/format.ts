/**
 * How numbers are written on the site, at build time and in the browser alike (one code path, so the
 * static page and the live page cannot disagree). Every formatter accepts null (a quantity that does
 * not exist, e.g. the latency of a saturated queue) and answers with a dash, never "NaN".
 */
import { displayUnits, toDisplay, type DisplayUnit } from './display-units.ts';
import { convertPer, nounFor, pers, perSuffix, type Per, type PerTime } from './per.ts';

export const formats = ['integer', 'compact', 'decimal', 'percent', 'duration', 'bytes', 'bitrate', 'boolean', 'usd'] as const;
export type Format = (typeof formats)[number];

const NONE = '—';

/**
 * One Intl.NumberFormat per number of fraction digits, made once: `toLocaleString` with options builds a
 * formatter at every call, which was a fifth of an edit's script time in the browser (an edit formats
 * hundreds of numbers: bound values and chart tables). Same text: ECMA-402 defines toLocaleString as this.
 */
const groupedFormats = new Map<number, Intl.NumberFormat>();

function grouped(n: number, digits = 0): string {
  let f = groupedFormats.get(digits);
  if (!f)
    groupedFormats.set(digits, (f = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })));
  return f.format(n);
}

let centsFormat: Intl.NumberFormat | undefined;

/** Up to `sig` significant digits, without trailing zeros: 0.52, 12, 1.5, 1234. */
function significant(n: number, sig = 3): string {
  if (n === 0) return '0';
  const abs = Math.abs(n);
  const digits = Math.max(0, sig - 1 - Math.floor(Math.log10(abs)));
  return grouped(Number(n.toFixed(Math.min(digits, 12))), Math.min(digits, 12));
}

/** seconds → the largest unit that keeps the number >= 1: "480 µs", "2.3 ms", "1.5 s", "3 min" */
export function formatDuration(seconds: number): string {
  const abs = Math.abs(seconds);
  if (abs === 0) return '0 s';
  if (abs < 1e-3) return `${significant(seconds * 1e6)} µs`;
  if (abs < 1) return `${significant(seconds * 1e3)} ms`;
  if (abs < 120) return `${significant(seconds)} s`;
  if (abs < 7200) return `${significant(seconds / 60)} min`;
  if (abs < 172_800) return `${significant(seconds / 3600)} h`;
  return `${significant(seconds / 86_400)} days`;
}

/** bytes → binary prefixes (a memory size): "1.9 GiB" */
export function formatBytes(bytes: number): string {
  const steps = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < steps.length - 1) {
    v /= 1024;
    i++;
  }
  return `${significant(v)} ${steps[i]}`;
}

/** bytes → decimal (SI) prefixes, as disks and transfer are sold: "2 GB" is 2 000 000 000 bytes */
export function formatBytesSI(bytes: number): string {
  const steps = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < steps.length - 1) {
    v /= 1000;
    i++;
  }
  return `${significant(v)} ${steps[i]}`;
}

/** bytes per second → decimal bits per second (how links are sold): "640 Mbit/s" */
export function formatBitrate(bytesPerSecond: number): string {
  const bits = bytesPerSecond * 8;
  const steps = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s'];
  let v = bits;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < steps.length - 1) {
    v /= 1000;
    i++;
  }
  return `${significant(v)} ${steps[i]}`;
}

/** 1 234 567 → "1.23 million"; 45 000 → "45,000" (compact only from a million up, for prose) */
export function formatCompact(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e12) return `${significant(n / 1e12)} trillion`;
  if (abs >= 1e9) return `${significant(n / 1e9)} billion`;
  if (abs >= 1e6) return `${significant(n / 1e6)} million`;
  return abs >= 100 ? grouped(Math.round(n)) : significant(n);
}

/** US dollars: cents below $10 000 ("$3.80", "−$15.00", "$9,999.99"), compact above ("$1.22 million"). */
export function formatUsd(n: number): string {
  const abs = Math.abs(n);
  const sign = n < 0 && abs >= 0.005 ? '−' : '';
  centsFormat ??= new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  if (abs < 10_000) return `${sign}$${centsFormat.format(abs)}`;
  return `${sign}$${formatCompact(abs)}`;
}

export interface FormatOptions {
  readonly format?: Format | undefined;
  /** show the number in this unit with its label, e.g. `ms`, `%`, `MiB` (overrides `format`) */
  readonly unit?: DisplayUnit | undefined;
  /** significant digits for `decimal` and `unit` (default 3) */
  readonly digits?: number | undefined;
  /** the time the value is counted over, said after it: "a second", "/s", "a month" (src/lib/per.ts) */
  readonly per?: Per | undefined;
  /** the thing counted: with `per`, said between the number and the time ("requests"); without it, after
   * the number ("replicas"). Singular when the number reads 1 (src/lib/per.ts nounFor) */
  readonly noun?: string | undefined;
  /** with `per`: the time the model counts the value over, when the page writes another (a per-second
   * quota said per minute, as its provider publishes it); by default the time `per` says */
  readonly over?: PerTime | undefined;
}

/** The one formatter: a model value (base units) → the text a reader sees. */
export function formatValue(raw: unknown, options: FormatOptions = {}): string {
  const { per, over } = options;
  const shown = per && over && typeof raw === 'number' ? convertPer(raw, over, pers[per].time) : raw;
  const text = formatBare(shown, options);
  if (typeof raw !== 'number' && raw !== null && raw !== undefined) return text;
  if (options.per) return `${text}${perSuffix(options.per, nounFor(options.noun, text))}`;
  return options.noun ? `${text} ${nounFor(options.noun, text)}` : text;
}

function formatBare(raw: unknown, { format, unit, digits = 3 }: FormatOptions): string {
  // −0 (a product with a zero interval, say) reads as 0: "-0" on a page is a bug report waiting to happen.
  const value = Object.is(raw, -0) ? 0 : raw;
  if (value === null || value === undefined) return NONE;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' || typeof value === 'bigint') return String(value);
  if (typeof value !== 'number') {
    // A list or an object: a <Value> bound to a field that is not one value (`algorithms` instead of
    // `algorithms[id=gcra].admitted`). String() would put "[object Object]" in the prose; fail instead.
    const what = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
    throw new Error(`formatValue: cannot show ${what} as one value; bind a field that holds a number, text or yes/no`);
  }
  if (!Number.isFinite(value)) return NONE;
  if (unit) {
    const shown = toDisplay(value, unit);
    return `${significant(shown, digits)}${unit === '%' ? '' : '\u00a0'}${displayUnits[unit].label}`;
  }
  switch (format ?? 'decimal') {
    case 'integer':
      return grouped(Math.round(value));
    case 'compact':
      return formatCompact(value);
    case 'percent':
      return `${significant(value * 100, digits)}%`;
    case 'duration':
      return formatDuration(value).replace(' ', '\u00a0');
    case 'bytes':
      return formatBytes(value).replace(' ', '\u00a0');
    case 'bitrate':
      return formatBitrate(value).replace(' ', '\u00a0');
    case 'boolean':
      return value ? 'yes' : 'no';
    case 'usd':
      return formatUsd(value);
    default:
      return significant(value, digits);
  }
}

/**
 * Numbers inside a sentence of words (a range in a hint: "a number from 1 to 1e+24"), written one way:
 * grouped digits from 10^-4 up to 10^15 ("1,000,000,000", "0.001"), powers of ten beyond ("10^24",
 * "2.5 × 10^18", "10^-9").
 */
export function readableNumbers(text: string): string {
  return text.replace(/\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi, (n) => {
    const v = Number(n);
    if (!Number.isFinite(v) || !/e|\d{5,}/i.test(n)) return n;
    if (v === 0 || (Math.abs(v) >= 1e-4 && Math.abs(v) < 1e15)) return v.toLocaleString('en-US', { maximumFractionDigits: 12 });
    const exp = Math.floor(Math.log10(Math.abs(v)));
    const mantissa = Number((v / 10 ** exp).toPrecision(6));
    return mantissa === 1 ? `10^${exp}` : `${mantissa} × 10^${exp}`;
  });
}
