/**
 * What breaks first as load grows: scale a scenario's load inputs by a multiple m of today's, keep what was
 * built today fixed, and find for each component the multiple at which it saturates; the first is the
 * smallest. Declared in the case study's module:
 *
 *   export const growth = breaksFirst(platform, {
 *     load: ['annualVolume'],                       // inputs that scale with load (× m)
 *     pin: { primaries: 'primaries' },              // inputs fixed at today's output (the fleet built today)
 *     checks: [
 *       { id: 'outbox', name: 'the outbox’s capture workers',
 *         use: { output: 'outboxArrivalsAfterPspOutage' }, limit: { output: 'outboxDrainRate' } },
 *       { id: 'hot-row', name: 'the hot balance row', use: { output: 'hotAccountUtilization' }, limit: 1 },
 *     ],
 *   });
 *
 * A check's utilisation is use ÷ limit, each an output at the scaled load, an input, or a number (a use may
 * be several summed); the
 * component saturates where it reaches 1 (a null use, a queue with no steady state, counts as saturated).
 * Utilisation is assumed to grow with load (checked at the grid points the chart draws, and by the tests):
 * bisection on log m between MIN_MULTIPLE and MAX_MULTIPLE (narrowed to the multiples the model accepts) to a
 * relative precision of 1e-9. A component that never saturates within the range says so (multiple null).
 *
 * Computed at build time at the page's values, and again in the browser (a worker) at the reader's:
 * src/lib/live-figures.ts.
 */
import { check } from '../../models/evaluate.ts';
import { inputJsonSchema } from '../../models/problems.ts';
import { pick } from './pick.ts';
import { valueAt, type Scenario } from './scenario.ts';

export type Operand = number | { readonly output: string } | { readonly input: string };

export interface CapacityCheck {
  /** short, unique in the list: used in the chart's data */
  readonly id: string;
  /** the component, in words that fit "… saturates first" */
  readonly name: string;
  /** the load on it: one operand, or several summed (a baseline and a broadcast) */
  readonly use: Operand | readonly Operand[];
  readonly limit: Operand;
}

export interface GrowthSpec {
  /** inputs multiplied by the load multiple */
  readonly load: readonly string[];
  /** inputs held at today's value of an output (what was built for today's load): input → output path */
  readonly pin?: Readonly<Record<string, string>>;
  readonly checks: readonly CapacityCheck[];
}

export interface Saturation {
  readonly check: CapacityCheck;
  /** utilisation today (m = 1); null when the component has no steady state today */
  readonly today: number | null;
  /** the multiple of today's load at which utilisation reaches 1; null when it does not within `upTo` */
  readonly multiple: number | null;
}

export interface BreaksFirst {
  readonly kind: 'breaks-first';
  readonly scenario: Scenario<unknown>;
  readonly spec: GrowthSpec;
  /** the smallest multiple tried: MIN_MULTIPLE, or more where the model refuses smaller inputs */
  readonly from: number;
  /** the largest multiple tried: MAX_MULTIPLE, or less where the model refuses larger inputs */
  readonly upTo: number;
  /** every component, the first to saturate first; those that never do last */
  readonly order: readonly Saturation[];
  /** the first to saturate (null if none does within `upTo`) */
  readonly first: Saturation | null;
}

export const MIN_MULTIPLE = 1e-3;
export const MAX_MULTIPLE = 1e3;

/** The inputs at a multiple m of today's load (whole numbers where the model takes them). */
export function inputsAt(s: Scenario<unknown>, spec: GrowthSpec, m: number): Record<string, unknown> {
  const inputs: Record<string, unknown> = { ...s.resolved };
  const props = (inputJsonSchema(s.model.input).properties ?? {}) as Record<string, { type?: unknown }>;
  for (const f of spec.load) {
    const scaled = (s.resolved[f] as number) * m;
    // A count the model takes whole (users, buyers) is rounded: the utilisation then grows in small steps.
    inputs[f] = props[f]?.type === 'integer' ? Math.round(scaled) : scaled;
  }
  for (const [f, path] of Object.entries(spec.pin ?? {})) inputs[f] = valueAt(s, path);
  return inputs;
}

function operand(
  o: Operand | readonly Operand[],
  input: Readonly<Record<string, unknown>>,
  output: Readonly<Record<string, unknown>>,
): unknown {
  if (typeof o === 'number') return o;
  if (Array.isArray(o)) {
    const parts = (o as readonly Operand[]).map((x) => operand(x, input, output));
    if (parts.some((x) => x === null)) return null;
    return parts.every((x) => typeof x === 'number') ? parts.reduce((a, b) => a + b, 0) : undefined;
  }
  const one = o as Exclude<Operand, number>;
  return 'output' in one ? pick(output, one.output) : input[one.input];
}

/**
 * The utilisation of each check at multiple m: a number, Infinity where the use is null (no steady
 * state), or undefined for every check when the model refuses the inputs at m.
 */
export function utilizationsAt(s: Scenario<unknown>, spec: GrowthSpec, m: number): number[] | undefined {
  const r = check(s.model, inputsAt(s, spec, m));
  if (!r.ok) return undefined;
  const input = r.input as Record<string, unknown>;
  const output = r.output as Record<string, unknown>;
  return spec.checks.map((c) => {
    const use = operand(c.use, input, output);
    const limit = operand(c.limit, input, output);
    if (typeof limit !== 'number' || !(limit > 0)) {
      throw new Error(`breaksFirst(${s.name}) check "${c.id}": its limit is not a positive number (${JSON.stringify(limit)})`);
    }
    if (use === null) return Infinity;
    if (typeof use !== 'number' || !Number.isFinite(use)) {
      throw new Error(`breaksFirst(${s.name}) check "${c.id}": its use is not a number (${JSON.stringify(use)})`);
    }
    return use / limit;
  });
}

/** Bisection on log m: the smallest m in [lo, hi] with f(m) true, assuming f is false then true. */
function bisect(lo: number, hi: number, f: (m: number) => boolean): number {
  let a = Math.log(lo);
  let b = Math.log(hi);
  while (b - a > 1e-9) {
    const mid = (a + b) / 2;
    if (f(Math.exp(mid))) b = mid;
    else a = mid;
  }
  return Math.exp(b);
}

export function breaksFirst(s: Scenario<unknown>, spec: GrowthSpec): BreaksFirst {
  const where = `breaksFirst(${s.name})`;
  for (const f of spec.load) {
    if (typeof s.resolved[f] !== 'number') throw new Error(`${where}: load input "${f}" is not a number input of ${s.modelId}`);
  }
  const props = inputJsonSchema(s.model.input).properties ?? {};
  for (const f of Object.keys(spec.pin ?? {})) {
    if (!(f in props)) throw new Error(`${where}: pinned "${f}" is not an input of ${s.modelId}`);
  }
  if (new Set(spec.checks.map((c) => c.id)).size !== spec.checks.length) throw new Error(`${where}: two checks share an id`);
  const today = utilizationsAt(s, spec, 1);
  if (!today) throw new Error(`${where}: the model refuses today's inputs with the pinned values`);
  // The largest multiple the model accepts (a schema's maximum on a load input, say).
  const upTo =
    utilizationsAt(s, spec, MAX_MULTIPLE) !== undefined
      ? MAX_MULTIPLE
      : bisect(1, MAX_MULTIPLE, (m) => utilizationsAt(s, spec, m) === undefined) * (1 - 1e-6);
  // The smallest multiple the model accepts (a schema's minimum on a load input).
  const from =
    utilizationsAt(s, spec, MIN_MULTIPLE) !== undefined
      ? MIN_MULTIPLE
      : bisect(MIN_MULTIPLE, 1, (m) => utilizationsAt(s, spec, m) !== undefined);
  const saturations: Saturation[] = spec.checks.map((c, i) => {
    const u = (m: number) => utilizationsAt(s, spec, m)?.[i] ?? Infinity;
    const t = today[i] ?? Infinity;
    let multiple: number | null;
    if (u(from) >= 1) multiple = from;
    else if (u(upTo) < 1) multiple = null;
    else multiple = bisect(from, upTo, (m) => u(m) >= 1);
    return { check: c, today: Number.isFinite(t) ? t : null, multiple };
  });
  const order = [...saturations].sort((a, b) => (a.multiple ?? Infinity) - (b.multiple ?? Infinity));
  const head = order[0];
  return { kind: 'breaks-first', scenario: s, spec, from, upTo, order, first: head && head.multiple !== null ? head : null };
}

/** Utilisation of every component over a grid of multiples, for the chart and its table. */
export function growthCurve(
  b: BreaksFirst,
  multiples: readonly number[],
): { multiple: number; utilizations: (number | null)[] }[] {
  return multiples
    .filter((m) => m >= b.from && m <= b.upTo)
    .map((m) => ({
      multiple: m,
      utilizations: (utilizationsAt(b.scenario, b.spec, m) ?? b.spec.checks.map(() => null)).map((u) =>
        u !== null && Number.isFinite(u) ? u : null,
      ),
    }));
}

export function isBreaksFirst(v: unknown): v is BreaksFirst {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'breaks-first';
}
