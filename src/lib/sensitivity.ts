/**
 * Sensitivity: which uncertain input moves a headline output most. One-at-a-time over the declared ranges
 * of premises (src/lib/ranges.ts; a range of kind 'choice', such as the size of the business, is the reader's
 * decision and is held at the scenario's value, not ranked): each premise is swung from its low to its high with every other input at the
 * scenario's (likely) value, the model is run at both ends, and the bars are sorted by the swing
 * |output at high − output at low| (a tornado). An end where the model gives no number (a queue with no
 * steady state, or inputs it refuses) has no value; such a bar sorts first, since the input can break the
 * design on its own.
 *
 *   export const peakSensitivity = sensitivity(platformRanges, {
 *     output: 'designPeakPerSecond', label: 'payments a second at the highest peak', format: 'decimal',
 *   });
 *
 * One-at-a-time misses interactions between inputs: the bands (src/lib/bands.ts) vary all at once.
 * Computed at build time at the page's values, and again in the browser (a worker, src/client/live-figures.ts)
 * at the reader's, through src/lib/live-figures.ts.
 */
import { check } from '../../models/evaluate.ts';
import { inputJsonSchema } from '../../models/problems.ts';
import type { Model } from '../../models/model.ts';
import type { Unit } from '../../models/units.ts';
import type { Headline } from './bands.ts';
import type { Format } from './format.ts';
import { formatFor } from './model-page.ts';
import { pick } from './pick.ts';
import { choicesOf, premisesOf, type Ranges } from './ranges.ts';
import { valueAt, type Scenario } from './scenario.ts';

export interface Bar {
  readonly field: string;
  /** the input's description from the model's schema, or its name */
  readonly label: string;
  /** the description up to its first aside (a parenthesis, colon, comma or semicolon), for sentences and axes */
  readonly short: string;
  /** how the input's values read (from its unit) */
  readonly inputFormat: Format;
  readonly low: number;
  readonly high: number;
  /** the output with this input at its low / high (null: no number there) */
  readonly atLow: number | null;
  readonly atHigh: number | null;
  /** |atHigh − atLow|; null when an end has no number */
  readonly swing: number | null;
}

export interface Sensitivity {
  readonly kind: 'sensitivity';
  readonly scenario: Scenario<unknown>;
  readonly headline: Headline;
  /** the ranged choices held at the scenario's values (not bars) */
  readonly held: readonly string[];
  /** the ranges swung (what the browser moves to the reader's values) */
  readonly ranges: Ranges;
  /** the output at the likely values */
  readonly likely: number;
  /** sorted: the largest swing first (an input with an end that breaks the model before all) */
  readonly bars: readonly Bar[];
}

function at(s: Scenario<unknown>, field: string, value: number, output: string): number | null {
  const r = check(s.model, { ...s.resolved, [field]: value });
  if (!r.ok) return null;
  const v = pick(r.output, output);
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A description up to its first aside: "Rate limits evaluated per request, on average (…)" → "Rate limits evaluated per request". */
export function shortLabel(description: string): string {
  const cut = description.split(/\s\(|:|,|;/)[0]?.trim() ?? '';
  return cut.length > 0 ? cut : description;
}

/** How an input reads: its schema description (whole and up to its first aside) and the format of its values. */
export function describeInput(model: Model, field: string): { label: string; short: string; inputFormat: Format } {
  const props = (inputJsonSchema(model.input).properties ?? {}) as Record<string, { description?: unknown; unit?: unknown }>;
  const d = props[field]?.description;
  const unit = (typeof props[field]?.unit === 'string' ? props[field]?.unit : 'count') as Unit;
  const f = formatFor(unit).format;
  const label = typeof d === 'string' && d.length > 0 ? d : field;
  return {
    label,
    short: shortLabel(label),
    inputFormat: unit === 'USD' ? 'usd' : f === undefined || f === 'decimal' ? 'compact' : f,
  };
}

export function sensitivity(r: Ranges, headline: Headline): Sensitivity {
  const s = r.scenario;
  const likely = valueAt(s, headline.output);
  if (typeof likely !== 'number' || !Number.isFinite(likely)) {
    throw new Error(`sensitivity of ${s.name}.${headline.output}: the output is not a number at the scenario's inputs`);
  }
  const bars: Bar[] = Object.entries(premisesOf(r, `sensitivity of ${headline.output}`).ranges).map(([field, range]) => {
    const atLow = at(s, field, range.low, headline.output);
    const atHigh = at(s, field, range.high, headline.output);
    return {
      field,
      ...describeInput(s.model, field),
      low: range.low,
      high: range.high,
      atLow,
      atHigh,
      swing: atLow === null || atHigh === null ? null : Math.abs(atHigh - atLow),
    };
  });
  bars.sort((a, b) => (b.swing ?? Infinity) - (a.swing ?? Infinity) || a.field.localeCompare(b.field));
  return { kind: 'sensitivity', scenario: s, headline, held: choicesOf(r), ranges: r, likely, bars };
}

export function isSensitivity(v: unknown): v is Sensitivity {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'sensitivity';
}
