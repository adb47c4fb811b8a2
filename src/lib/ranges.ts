/**
 * Realistic ranges for a scenario's uncertain inputs: a low and a high around the value the page uses
 * (the likely value), with the reason for the width. A measured figure gets a narrow range, a published
 * list price narrower still, a rule of thumb or a business choice a wide one; the reason says which.
 * Declared in the case study's module beside the assumptions, shown in the <Assumptions> table, drawn
 * from by the estimation drills (src/lib/estimation.ts), and meant for bands and sensitivity (issue 13):
 *
 *   export const limiterRanges = ranges(limiter, {
 *     peakRequestsPerSecond: { low: 50_000, high: 5_000_000, why: 'From a mid-size API to one of the largest.' },
 *   });
 *
 * `kind` says what the width is. A `premise` (the default) is a figure the page is unsure of: a throughput per
 * node, a price, a peak multiple; the bands and the tornado (src/lib/bands.ts, src/lib/sensitivity.ts) vary
 * premises only. A `choice` is one the reader makes, not one the page is unsure of: the size of the business
 * (peak requests, volume, daily users) or a setting of the design (limits per request); the drills still draw
 * it (variety is their point), but the bands and the tornado hold it at the page's value, so they answer "how
 * sure is this design of its numbers?" rather than "how big could the business be?". The default is `premise`
 * so that a range declared before kinds existed keeps its meaning (everything it ranged was in the bands);
 * marking a choice is the author's explicit statement.
 *
 * `scale` says how to sample within the range: 'log' (every factor equally likely, the default when
 * high ÷ low ≥ 10) or 'linear' (the default otherwise). Every range is checked at build against the
 * model's schema: a bound outside what the model allows fails with the scenario, the field and the
 * allowed values named.
 */
import { check } from '../../models/evaluate.ts';
import { describeConstraint, inputJsonSchema } from '../../models/problems.ts';
import type { Scenario } from './scenario.ts';

export type RangeScale = 'log' | 'linear';

/** What a range's width is: an uncertain premise (in the bands and the tornado), or a choice the reader makes (not). */
export type RangeKind = 'premise' | 'choice';

/** A range as a module declares it. */
export interface RangeSpec {
  readonly low: number;
  readonly high: number;
  /** why this width: what the figure is (measured, a price, a rule of thumb, a choice) and what spans it */
  readonly why: string;
  readonly scale?: RangeScale;
  /** draw whole numbers only (a count of things), even where the model accepts fractions */
  readonly whole?: boolean;
  /** 'premise' (default: uncertain, in the bands and the tornado) or 'choice' (the reader's: drills only) */
  readonly kind?: RangeKind;
}

/** A range after validation, with what the browser needs to draw from it. */
export interface Range {
  readonly low: number;
  readonly high: number;
  /** the scenario's own value */
  readonly likely: number;
  readonly why: string;
  readonly scale: RangeScale;
  /** the model takes whole numbers here */
  readonly integer: boolean;
  readonly kind: RangeKind;
}

export interface Ranges {
  readonly scenario: Scenario<unknown>;
  readonly ranges: Readonly<Record<string, Range>>;
}

type JsonProps = Record<string, { type?: string | string[]; anyOf?: { type?: string }[] }>;

export function ranges<O, I>(s: Scenario<O, I>, fields: Partial<Record<keyof I & string, RangeSpec>>): Ranges {
  const where = `ranges of scenario "${s.name}" (model ${s.modelId})`;
  const schema = inputJsonSchema(s.model.input);
  const props = (schema.properties ?? {}) as JsonProps;
  const out: Record<string, Range> = {};
  for (const [field, spec] of Object.entries<RangeSpec | undefined>(fields)) {
    if (spec === undefined) continue;
    if (!(field in s.resolved)) {
      throw new Error(`${where}: the model has no input "${field}"; its inputs: ${Object.keys(s.resolved).join(', ')}`);
    }
    const link = s.links.find((l) => l.input === field);
    if (link) {
      throw new Error(
        `${where}: "${field}" follows ${link.from}.${link.output}; give the range to the input it comes from, not to a follower`,
      );
    }
    const likely = s.resolved[field];
    if (typeof likely !== 'number') throw new Error(`${where}: "${field}" is not a number (${JSON.stringify(likely)})`);
    const { low, high } = spec;
    if (!Number.isFinite(low) || !Number.isFinite(high) || !(low < high)) {
      throw new Error(`${where}: "${field}" needs finite numbers with low < high (got low ${low}, high ${high})`);
    }
    if (likely < low || likely > high) {
      throw new Error(
        `${where}: "${field}" is ${likely} in the scenario, outside its range ${low} to ${high}; the range must hold the likely value`,
      );
    }
    if (spec.why.trim().length < 10) {
      throw new Error(`${where}: "${field}" needs a reason for its range’s width (why: …), at least a few words`);
    }
    const prop = props[field];
    const allowed = describeConstraint(prop);
    for (const [bound, value] of [
      ['low', low],
      ['high', high],
    ] as const) {
      const result = check(s.model, { ...s.inputs, [field]: value });
      if (!result.ok) {
        const own = result.problems.find((p) => p.field === field);
        const why = own
          ? `${s.modelId} allows ${allowed}`
          : result.problems.map((p) => `${p.field || '(input)'}: ${p.message}`).join('; ');
        throw new Error(`${where}: "${field}" ${bound} ${value} is not a valid input: ${why}`);
      }
    }
    const type = prop?.type ?? prop?.anyOf?.find((t) => t.type !== 'null')?.type;
    const integer = type === 'integer' || spec.whole === true;
    out[field] = {
      low,
      high,
      likely,
      why: spec.why.trim(),
      scale: spec.scale ?? (high / low >= 10 && low > 0 ? 'log' : 'linear'),
      integer,
      kind: spec.kind ?? 'premise',
    };
    if (out[field].scale === 'log' && !(low > 0)) {
      throw new Error(`${where}: "${field}" cannot be drawn on a log scale from ${low}: use scale 'linear' or a positive low`);
    }
  }
  const declared: Ranges = { scenario: s, ranges: out };
  declaredRanges.set(s, declared);
  return declared;
}

/** The ranges a module declared for a scenario (the last call wins): what a panel's sliders span. */
const declaredRanges = new WeakMap<object, Ranges>();
export function rangesOf(s: Scenario<unknown>): Ranges | undefined {
  return declaredRanges.get(s);
}

/**
 * The premises of a set of ranges, for the bands and the tornado: the choices left out (held at the scenario's
 * values). `what` names the figure for the message when there is no premise to vary.
 */
export function premisesOf(r: Ranges, what: string): Ranges {
  const kept = Object.fromEntries(Object.entries(r.ranges).filter(([, range]) => range.kind === 'premise'));
  if (Object.keys(kept).length === 0) {
    throw new Error(
      `${what} of scenario "${r.scenario.name}": its ranges declare no premise (every range is a choice: ${Object.keys(r.ranges).join(', ') || 'none'}); range an uncertain input`,
    );
  }
  return { scenario: r.scenario, ranges: kept };
}

/** The choices of a set of ranges: what the bands and the tornado hold at the page's values. */
export function choicesOf(r: Ranges): string[] {
  return Object.entries(r.ranges)
    .filter(([, range]) => range.kind === 'choice')
    .map(([field]) => field);
}

export function isRanges(v: unknown): v is Ranges {
  return typeof v === 'object' && v !== null && 'scenario' in v && 'ranges' in v && !('fields' in v) && !('kind' in v);
}
