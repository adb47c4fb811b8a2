/**
 * Scenario links: `?limiter.peakRequestsPerSecond=800000&limiter.networkRoundTrip=0.5ms`. Each value is
 * in the model's base unit (seconds, per second, bytes, fractions) or carries its unit explicitly
 * (`0.5ms`, `50%`, `2KiB`, `1200/min`), so a page that later shows a field in another unit never changes
 * what an old link means. Used by drills at build time and by the panel in the browser.
 *
 * A range the reader gives an input (low / high around the panel's value, for the bands and the tornado)
 * is `<scenario>.<field>.range=<low>..<high>`, each end written as a value above:
 * `?limiter.peakRequestsPerSecond=800000&limiter.peakRequestsPerSecond.range=600000..1200000` or
 * `limiter.networkRoundTrip.range=0.3ms..2ms`. Field names never hold a dot, so a range's key cannot be
 * taken for a field's; links written before ranges existed read as before.
 */
import { displayUnits, fromDisplay, toDisplay, unitChoices, type DisplayUnit } from './display-units.ts';

/** Spellings a link may use for a unit, beyond the display units' own labels. */
const ALIASES: Readonly<Record<string, DisplayUnit>> = { us: 'µs', μs: 'µs', pct: '%' };

/** The longest value a link parameter may carry; anything longer is refused, not truncated. */
export const MAX_VALUE_LENGTH = 40;

function unitOf(suffix: string): DisplayUnit | undefined {
  if (Object.hasOwn(displayUnits, suffix)) return suffix as DisplayUnit;
  return ALIASES[suffix];
}

export type ParsedValue =
  { readonly ok: true; readonly value: number | boolean | string } | { readonly ok: false; readonly message: string };

/**
 * One link value → the base-unit value for a field whose model unit is `baseUnit` (`s`, `fraction`, …).
 * Numbers: `1e6`, `0.5ms`, `50%`; booleans `true`/`false`; a choice as its text.
 */
export function parseLinkValue(
  raw: string,
  field: { kind: string; baseUnit?: string | undefined; options?: readonly string[] },
): ParsedValue {
  const text = raw.trim();
  if (text.length > MAX_VALUE_LENGTH) return { ok: false, message: `is longer than ${MAX_VALUE_LENGTH} characters` };
  if (field.kind === 'boolean') {
    return text === 'true' || text === 'false'
      ? { ok: true, value: text === 'true' }
      : { ok: false, message: 'must be true or false' };
  }
  if (field.kind === 'enum') {
    return field.options?.includes(text)
      ? { ok: true, value: text }
      : { ok: false, message: `must be one of ${field.options?.join(', ')}` };
  }
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([^\d\s].*)?$/i.exec(text);
  if (!m) return { ok: false, message: 'is not a number' };
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return { ok: false, message: 'is not a finite number' };
  const suffix = m[2];
  if (suffix === undefined) return { ok: true, value: n };
  const unit = unitOf(suffix);
  const shown = suffix.length > 16 ? `${suffix.slice(0, 15)}…` : suffix;
  if (!unit) return { ok: false, message: `has an unknown unit "${shown}" (${takes(field.baseUnit)})` };
  if (displayUnits[unit].base !== field.baseUnit) {
    return { ok: false, message: `is in ${unit}, which is not a unit of this field (${takes(field.baseUnit)})` };
  }
  return { ok: true, value: fromDisplay(n, unit) };
}

/** The units a field's link value may carry, in words: "it takes µs, ms, s, min or h". */
function takes(baseUnit: string | undefined): string {
  const units: readonly string[] = baseUnit === 'fraction' ? ['%'] : unitChoices(baseUnit);
  if (units.length === 0) return 'it takes a plain number';
  return units.length === 1
    ? `it takes ${units[0]!} or a plain number`
    : `it takes ${units.slice(0, -1).join(', ')} or ${units.at(-1)!}`;
}

/** Shortest text of a number that reads back to the same double. */
function numberText(n: number): string {
  return String(n);
}

/** A base-unit value as link text: in the display unit when one is given (`0.5ms`), plain otherwise. */
export function linkValue(value: unknown, unit?: DisplayUnit): string {
  if (typeof value === 'number') {
    if (!unit) return numberText(value);
    return `${numberText(Number(toDisplay(value, unit).toPrecision(15)))}${unit}`;
  }
  return String(value);
}

/** `limiter.localShare=0.5&…` for the given base-unit values. */
export function linkParams(
  scenario: string,
  values: Readonly<Record<string, unknown>>,
  units: Readonly<Record<string, DisplayUnit | undefined>> = {},
): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) p.set(`${scenario}.${k}`, linkValue(v, units[k]));
  return p.toString();
}

/** A link parameter's key shown back to a reader: short, and only letters and digits, or nothing. */
export function safeKey(key: string): string | undefined {
  return key.length <= 32 && /^[A-Za-z0-9._-]+$/.test(key) ? key : undefined;
}

/** The key suffix of a range: `limiter.peakRequestsPerSecond.range`. */
export const RANGE_SUFFIX = '.range';

export type ParsedRange =
  { readonly ok: true; readonly low: number; readonly high: number } | { readonly ok: false; readonly message: string };

/**
 * A range's link value `<low>..<high>` → base-unit ends for a number field (each end as parseLinkValue reads it).
 * Checks the text and low ≤ high; whether each end is a value the model accepts, and holds the panel's value
 * between them, is the panel's check (src/client/reader-ranges.ts), which has the model.
 */
export function parseLinkRange(raw: string, field: { kind: string; baseUnit?: string | undefined }): ParsedRange {
  if (field.kind !== 'number' && field.kind !== 'integer')
    return { ok: false, message: 'is a range, but the field is not a number' };
  const text = raw.trim();
  if (text.length > 2 * MAX_VALUE_LENGTH + 2)
    return { ok: false, message: `is longer than ${2 * MAX_VALUE_LENGTH + 2} characters` };
  const cut = text.indexOf('..');
  if (cut <= 0 || cut === text.length - 2) return { ok: false, message: 'is not a range: write low..high' };
  const ends = [text.slice(0, cut), text.slice(cut + 2)].map((t) => parseLinkValue(t, field));
  const [low, high] = ends;
  for (const [name, end] of [
    ['low', low],
    ['high', high],
  ] as const) {
    if (!end?.ok) return { ok: false, message: `has a ${name} end that ${end?.message ?? 'is missing'}` };
    if (typeof end.value !== 'number') return { ok: false, message: `has a ${name} end that is not a number` };
  }
  const lo = (low as { value: number }).value;
  const hi = (high as { value: number }).value;
  if (!(lo <= hi)) return { ok: false, message: 'has its low end above its high end' };
  return { ok: true, low: lo, high: hi };
}

/** A range as link text: `600000..1200000`, or each end in the display unit (`0.3ms..2ms`). */
export function linkRange(low: number, high: number, unit?: DisplayUnit): string {
  return `${linkValue(low, unit)}..${linkValue(high, unit)}`;
}
