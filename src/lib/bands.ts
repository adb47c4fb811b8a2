/**
 * Bands: what a scenario's headline outputs could be when its uncertain inputs are anywhere in their declared
 * ranges (src/lib/ranges.ts), so a reader sizes for a range rather than one guess. Only the premises vary: a
 * range of kind 'choice' (the size of the business, a design setting) is held at the scenario's value, since
 * it is the reader's decision, not the page's uncertainty. A seeded Monte Carlo: each
 * sample draws every premise independently from its range (log-uniform or uniform, the drills' draw,
 * src/lib/estimation-draw.ts), keeps the other inputs at the scenario's values, and runs the same model. The
 * seed and the sample count are fixed, so the build is reproducible and the tests can pin the bounds.
 *
 *   export const platformBands = bands(platformRanges, [
 *     { output: 'designPeakPerSecond', label: 'payments a second at the highest peak', format: 'decimal' },
 *   ]);
 *
 * For each output: the 5th, 50th and 95th percentiles (nearest rank) of the samples where the model gave a
 * number, the scenario's own (likely) value, and the count of samples where it gave none (null: a queue with
 * no steady state) or refused the drawn inputs. Those are counted, never averaged in and never NaN.
 *
 * Computed at build time at the page's values, and again in the browser (a worker) at the reader's values and
 * ranges, with the same seed: src/lib/live-figures.ts.
 */
import { check } from '../../models/evaluate.ts';
import { seededRandom } from '../../models/random.ts';
import { fromUniform } from './estimation-draw.ts';
import type { Format } from './format.ts';
import { pick } from './pick.ts';
import { choicesOf, premisesOf, type Ranges } from './ranges.ts';
import { valueAt, type Scenario } from './scenario.ts';

/** A headline output as a module declares it for bands and sensitivity. */
export interface Headline {
  /** an output path of the scenario (see pick.ts) */
  readonly output: string;
  /** what it is, in words that finish "the band of …": `payments a second at the highest peak` */
  readonly label: string;
  readonly format: Format;
}

export interface Band {
  readonly headline: Headline;
  /** the scenario's own value (the ranges' likely values) */
  readonly likely: number | null;
  /** percentiles over the samples with a number; null when none had one */
  readonly p5: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
  /** samples where the model gave a number */
  readonly counted: number;
  /** samples where the output was null (no steady state) */
  readonly unstable: number;
  /** samples whose drawn inputs the model refused */
  readonly invalid: number;
}

export interface Bands {
  readonly kind: 'bands';
  readonly scenario: Scenario<unknown>;
  /** the premises drawn (choices left out) */
  readonly ranges: Ranges;
  /** every declared range, choices included (the browser moves them to the reader's values and holds the choices) */
  readonly declared: Ranges;
  /** the ranged choices held at the scenario's values */
  readonly held: readonly string[];
  readonly samples: number;
  readonly seed: number;
  readonly bands: readonly Band[];
}

/** 5 000 draws: at 500 the 95th percentile moved by a third between seeds (review M7); at 5 000 about a tenth. */
export const BAND_SAMPLES = 5000;
export const BAND_SEED = 13;

/** The nearest-rank percentile (p in (0, 100]) of sorted numbers: the smallest value with at least p % at or below it. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? null;
}

/**
 * One Monte Carlo draw of the ranged premises: every premise from its range (choices are left at the scenario's
 * value), whole numbers where the model takes them.
 */
export function drawRanged(r: Ranges, random: () => number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [field, range] of Object.entries(r.ranges)) {
    if (range.kind === 'choice') continue;
    const raw = fromUniform(range, random());
    out[field] = range.integer ? Math.min(range.high, Math.max(range.low, Math.round(raw))) : raw;
  }
  return out;
}

function numberOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function bands(r: Ranges, headlines: readonly Headline[], options: { samples?: number; seed?: number } = {}): Bands {
  const s = r.scenario;
  const samples = options.samples ?? BAND_SAMPLES;
  const seed = options.seed ?? BAND_SEED;
  if (Object.keys(r.ranges).length === 0) throw new Error(`bands of scenario "${s.name}": its ranges declare no input`);
  const premises = premisesOf(r, 'bands');
  for (const h of headlines) valueAt(s, h.output); // a wrong path fails the build, naming the outputs
  const random = seededRandom(seed);
  const values: number[][] = headlines.map(() => []);
  const unstable = headlines.map(() => 0);
  let invalid = 0;
  for (let i = 0; i < samples; i++) {
    const result = check(s.model, { ...s.resolved, ...drawRanged(premises, random) });
    if (!result.ok) {
      invalid++;
      continue;
    }
    headlines.forEach((h, j) => {
      const v = numberOrNull(pick(result.output, h.output));
      if (v === null) unstable[j] = (unstable[j] ?? 0) + 1;
      else values[j]?.push(v);
    });
  }
  return {
    kind: 'bands',
    scenario: s,
    ranges: premises,
    declared: r,
    held: choicesOf(r),
    samples,
    seed,
    bands: headlines.map((headline, j) => {
      const sorted = (values[j] ?? []).sort((a, b) => a - b);
      return {
        headline,
        likely: numberOrNull(valueAt(s, headline.output)),
        p5: percentile(sorted, 5),
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        counted: sorted.length,
        unstable: unstable[j] ?? 0,
        invalid,
      };
    }),
  };
}

export function isBands(v: unknown): v is Bands {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'bands';
}
