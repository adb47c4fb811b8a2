/**
 * The part of an estimation drill the browser needs before the reader answers, kept free of zod and the
 * models so it can load with the page: the seeded draw of a drill's inputs, rounded to values a person
 * can work with, and the filling of its sentences. The same code runs at build time and in the tests.
 */
import { seededRandom } from '../../models/random.ts';
import { formatValue, formats, type Format } from './format.ts';
import type { AnswerKind } from './estimate-parse.ts';
import { pick } from './pick.ts';

/** One input drawn from its range. */
export interface DrawSpec {
  readonly field: string;
  readonly low: number;
  readonly high: number;
  readonly scale: 'log' | 'linear';
  readonly integer: boolean;
}

/** A drill as the browser receives it (JSON): everything to draw, evaluate, grade and explain it. */
export interface DrillConfig {
  /** unique across the site, used in links: `?drill=<id>&seed=<n>` */
  readonly id: string;
  readonly title: string;
  /** the case study it comes from */
  readonly study: string;
  readonly studyTitle: string;
  readonly href: string;
  readonly scenario: string;
  readonly model: string;
  readonly area: string;
  /** the scenario's inputs that are not drawn (defaults included) */
  readonly base: Readonly<Record<string, unknown>>;
  readonly draws: readonly DrawSpec[];
  /** templates: `{in.field|format}`, `{out.path|format}` */
  readonly question: string;
  readonly steps: readonly string[];
  readonly rule: string;
  readonly answer: { readonly output: string; readonly unit: string; readonly format: Format; readonly kind: AnswerKind };
}

/** Seeds are whole numbers from 1 to 2^31 − 1: short enough for a link. */
export const MAX_SEED = 2 ** 31 - 1;

export function isSeed(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= MAX_SEED;
}

/** A seed in a link's text, or undefined when it is not one. */
export function parseSeed(text: string | null): number | undefined {
  if (text === null || !/^\d{1,10}$/.test(text)) return undefined;
  const n = Number(text);
  return isSeed(n) ? n : undefined;
}

/**
 * A value a person can work with: two significant digits (340 000, 1.7, 0.047), a whole number for a
 * field that takes whole numbers (at least 1).
 */
export function roundForPeople(x: number, integer: boolean): number {
  if (x === 0) return 0;
  const exp = Math.floor(Math.log10(Math.abs(x)));
  const step = 10 ** (exp - 1);
  // divide-then-multiply keeps 0.35 from becoming 0.35000000000000003
  let v = exp - 1 < 0 ? Math.round(x / step) / 10 ** (1 - exp) : Math.round(x / step) * step;
  if (integer) v = Math.max(1, Math.round(v));
  return v;
}

/**
 * The value at uniform `u` ∈ [0, 1) of a range: log-uniform or uniform, not rounded. Shared with the bands'
 * Monte Carlo (src/lib/bands.ts), which needs the exact draw rather than one rounded for people.
 */
export function fromUniform(d: Pick<DrawSpec, 'low' | 'high' | 'scale'>, u: number): number {
  return d.scale === 'log' ? Math.exp(Math.log(d.low) + u * (Math.log(d.high) - Math.log(d.low))) : d.low + u * (d.high - d.low);
}

/**
 * A bound rounded inward to two significant digits (up for a low, down for a high), so that a draw rounded past
 * the edge of its range lands on a round number inside it (28 207 → 29 000), not on the bound itself (review M4).
 * A range too narrow for that keeps the exact bound.
 */
function roundedBound(d: Pick<DrawSpec, 'low' | 'high' | 'integer'>, which: 'low' | 'high'): number {
  const x = d[which];
  if (x === 0) return 0;
  const step = 10 ** (Math.floor(Math.log10(Math.abs(x))) - 1);
  const k = which === 'low' ? Math.ceil(x / step - 1e-9) : Math.floor(x / step + 1e-9);
  let v = step < 1 ? k / Math.round(1 / step) : k * step;
  if (d.integer) v = which === 'low' ? Math.ceil(v) : Math.floor(v);
  return v >= d.low && v <= d.high ? v : x;
}

/** The drawn inputs for a seed: each field from its range (log-uniform or uniform), rounded, within the range. */
export function drawInputs(draws: readonly DrawSpec[], seed: number): Record<string, number> {
  const random = seededRandom(seed);
  const out: Record<string, number> = {};
  for (const d of draws) {
    const raw = fromUniform(d, random());
    const rounded = roundForPeople(raw, d.integer);
    out[d.field] = rounded < d.low ? roundedBound(d, 'low') : rounded > d.high ? roundedBound(d, 'high') : rounded;
  }
  return out;
}

const PLACEHOLDER = /\{(in|out)\.([^}|]+)\|([a-z]+)\}/g;

/** Fills a drill's sentence with the values of one evaluation. */
export function fillTemplate(
  template: string,
  input: Readonly<Record<string, unknown>>,
  output: Readonly<Record<string, unknown>>,
): string {
  return template.replace(PLACEHOLDER, (_all, from: string, path: string, format: string) => {
    const value = pick(from === 'in' ? input : output, path);
    return formatValue(value, { format: (formats as readonly string[]).includes(format) ? (format as Format) : 'decimal' });
  });
}

/** The placeholders of a template: `[from, path, format]`. */
export function placeholders(template: string): [from: 'in' | 'out', path: string, format: string][] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => [m[1] as 'in' | 'out', m[2] ?? '', m[3] ?? '']);
}

/** A fresh seed for the next drill (not part of any model: the drill itself stays seeded). */
export function freshSeed(): number {
  const a = new Uint32Array(1);
  crypto.getRandomValues(a);
  return ((a[0] ?? 1) % MAX_SEED) + 1;
}
