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
 * A check may read another scenario of the page (`{ scenario: 'storm', output: … }`), declared in `also`: at each
 * multiple it is recomputed from its own inputs, its followed inputs taken from the scaled scenario (or from one
 * before it in `also`) at that multiple, its `load` inputs multiplied like the scaled scenario's, and its `hold`
 * inputs kept at today's value although they follow a scenario that grows (the capacity built today). A followed
 * input whose source is neither scaled nor in `also` keeps today's value:
 *
 *   also: [
 *     { scenario: fleet, load: ['concurrentConnections'] },     // the connections grow with the users
 *     { scenario: storm, hold: ['acceptCapacity'] },            // storm follows fleet; today's gateways accept
 *   ],
 *
 * The result's `spec` names those scenarios instead of holding them, so that it can be sent to the browser as data;
 * the scenarios themselves are in the result's `others`. To recompute elsewhere (a worker, at the reader's values),
 * pass `breaksFirst(s, spec, others)` the scenarios `also` names, with their links.
 *
 * Computed at build time at the page's values, and again in the browser (a worker) at the reader's:
 * src/lib/live-figures.ts.
 */
import { check } from '../../models/evaluate.ts';
import { inputJsonSchema } from '../../models/problems.ts';
import { pick } from './pick.ts';
import { valueAt, type Scenario } from './scenario.ts';

/** A number, or an output or input of the scaled scenario or, with `scenario`, of one declared in `also`. */
export type Operand =
  number | { readonly output: string; readonly scenario?: string } | { readonly input: string; readonly scenario?: string };

/** Another scenario a check reads, recomputed at each multiple (see the comment at the top). */
export interface Alongside {
  /** the scenario; or its name, when breaksFirst's `others` holds it */
  readonly scenario: Scenario<unknown> | string;
  /** its own inputs that also scale with load (× m): a figure given by hand that grows with the same load */
  readonly load?: readonly string[];
  /** followed inputs kept at today's value although their source grows: what was built for today */
  readonly hold?: readonly string[];
}

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
  /** other scenarios the checks read, in an order where each comes after the scenarios it follows */
  readonly also?: readonly Alongside[];
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
  /** the scenarios `also` names (spec.also holds their names only) */
  readonly others: readonly Scenario<unknown>[];
  /** every component, the first to saturate first; those that never do last */
  readonly order: readonly Saturation[];
  /** the first to saturate (null if none does within `upTo`) */
  readonly first: Saturation | null;
}

export const MIN_MULTIPLE = 1e-3;
export const MAX_MULTIPLE = 1e3;

/** Inputs multiplied by m (whole numbers where the model takes them: the utilisation then grows in small steps). */
function scaled(s: Scenario<unknown>, fields: readonly string[], m: number, into: Record<string, unknown>): void {
  const props = (inputJsonSchema(s.model.input).properties ?? {}) as Record<string, { type?: unknown }>;
  for (const f of fields) {
    const v = (s.resolved[f] as number) * m;
    into[f] = props[f]?.type === 'integer' ? Math.round(v) : v;
  }
}

/** The inputs at a multiple m of today's load (whole numbers where the model takes them). */
export function inputsAt(s: Scenario<unknown>, spec: GrowthSpec, m: number): Record<string, unknown> {
  const inputs: Record<string, unknown> = { ...s.resolved };
  scaled(s, spec.load, m, inputs);
  for (const [f, path] of Object.entries(spec.pin ?? {})) inputs[f] = valueAt(s, path);
  return inputs;
}

const nameOf = (a: Alongside): string => (typeof a.scenario === 'string' ? a.scenario : a.scenario.name);

/** The scenario of each `also` entry, by name: the one it holds, else the one of that name in `others`. */
function alongside(s: Scenario<unknown>, spec: GrowthSpec, others: readonly Scenario<unknown>[]) {
  const out = new Map<string, { readonly a: Alongside; readonly scenario: Scenario<unknown> }>();
  for (const a of spec.also ?? []) {
    const scenario = typeof a.scenario === 'string' ? others.find((o) => o.name === a.scenario) : a.scenario;
    if (!scenario)
      throw new Error(`breaksFirst(${s.name}): also names scenario "${nameOf(a)}", which is not among the others given`);
    out.set(scenario.name, { a, scenario });
  }
  return out;
}

interface Evaluated {
  readonly input: Readonly<Record<string, unknown>>;
  readonly output: Readonly<Record<string, unknown>>;
}

/**
 * The scenarios at multiple m, computed when first read: the scaled one at once (undefined when its model refuses
 * the inputs at m), the others of `also` on demand (undefined from `get` when theirs refuses).
 */
function stateAt(
  s: Scenario<unknown>,
  spec: GrowthSpec,
  m: number,
  others: readonly Scenario<unknown>[],
): ((name: string) => Evaluated | undefined) | undefined {
  const also = alongside(s, spec, others);
  const r = check(s.model, inputsAt(s, spec, m));
  if (!r.ok) return undefined;
  const states = new Map<string, Evaluated | undefined>([
    [s.name, { input: r.input as Record<string, unknown>, output: r.output as Record<string, unknown> }],
  ]);
  const get = (name: string): Evaluated | undefined => {
    if (states.has(name)) return states.get(name);
    const found = also.get(name);
    if (!found) throw new Error(`breaksFirst(${s.name}): a check reads scenario "${name}", which is not in also`);
    const { a, scenario } = found;
    const inputs: Record<string, unknown> = { ...scenario.resolved };
    for (const l of scenario.links) {
      const grows = l.from === s.name || also.has(l.from);
      if (!grows || a.hold?.includes(l.input)) continue;
      const source = get(l.from);
      if (!source) return undefined;
      const v = pick(source.output, l.output);
      if (typeof v === 'number') inputs[l.input] = (v + l.plus) * l.times;
    }
    scaled(scenario, a.load ?? [], m, inputs);
    // Validated now (a refusal narrows the multiples), computed only when a check or a follower reads an output:
    // a check on a simulation's inputs does not run the simulation at every step of the bisection.
    const parsed = scenario.model.input.safeParse(inputs);
    let output: Record<string, unknown> | undefined;
    const e: Evaluated | undefined = parsed.success
      ? {
          input: parsed.data as Record<string, unknown>,
          get output() {
            if (output === undefined) {
              const ra = check(scenario.model, inputs);
              if (!ra.ok) throw new Error(`breaksFirst(${s.name}): ${name} refused inputs its schema accepted`);
              output = ra.output as Record<string, unknown>;
            }
            return output;
          },
        }
      : undefined;
    states.set(name, e);
    return e;
  };
  return get;
}

const REFUSED = Symbol('refused');

/** An operand's value; undefined (a refused scenario) propagates, as does null (no steady state). */
function operand(o: Operand | readonly Operand[], main: string, get: (name: string) => Evaluated | undefined): unknown {
  if (typeof o === 'number') return o;
  if (Array.isArray(o)) {
    const parts = (o as readonly Operand[]).map((x) => operand(x, main, get));
    if (parts.some((x) => x === REFUSED)) return REFUSED;
    if (parts.some((x) => x === null)) return null;
    return parts.every((x) => typeof x === 'number') ? parts.reduce((a, b) => a + b, 0) : undefined;
  }
  const one = o as Exclude<Operand, number>;
  const e = get(one.scenario ?? main);
  if (!e) return REFUSED;
  return 'output' in one ? pick(e.output, one.output) : e.input[one.input];
}

/** One check's utilisation; REFUSED when a scenario it reads refuses its inputs at this multiple. */
function utilizationOf(
  s: Scenario<unknown>,
  c: CapacityCheck,
  get: (name: string) => Evaluated | undefined,
): number | typeof REFUSED {
  const use = operand(c.use, s.name, get);
  const limit = operand(c.limit, s.name, get);
  if (use === REFUSED || limit === REFUSED) return REFUSED;
  if (typeof limit !== 'number' || !(limit > 0)) {
    throw new Error(`breaksFirst(${s.name}) check "${c.id}": its limit is not a positive number (${JSON.stringify(limit)})`);
  }
  if (use === null) return Infinity;
  if (typeof use !== 'number' || !Number.isFinite(use)) {
    throw new Error(`breaksFirst(${s.name}) check "${c.id}": its use is not a number (${JSON.stringify(use)})`);
  }
  return use / limit;
}

/**
 * The utilisation of each check at multiple m: a number, Infinity where the use is null (no steady
 * state), or undefined for every check when a model refuses the inputs at m.
 */
export function utilizationsAt(
  s: Scenario<unknown>,
  spec: GrowthSpec,
  m: number,
  others: readonly Scenario<unknown>[] = [],
): number[] | undefined {
  const get = stateAt(s, spec, m, others);
  if (!get) return undefined;
  const us = spec.checks.map((c) => utilizationOf(s, c, get));
  return us.some((u) => u === REFUSED) ? undefined : (us as number[]);
}

/** One check's utilisation at m, computing only the scenarios it reads (Infinity where a model refuses m). */
function utilizationAt(
  s: Scenario<unknown>,
  spec: GrowthSpec,
  i: number,
  m: number,
  others: readonly Scenario<unknown>[],
): number {
  const get = stateAt(s, spec, m, others);
  const c = spec.checks[i];
  if (!get || !c) return Infinity;
  const u = utilizationOf(s, c, get);
  return u === REFUSED ? Infinity : u;
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

export function breaksFirst(s: Scenario<unknown>, spec: GrowthSpec, others: readonly Scenario<unknown>[] = []): BreaksFirst {
  const where = `breaksFirst(${s.name})`;
  for (const f of spec.load) {
    if (typeof s.resolved[f] !== 'number') throw new Error(`${where}: load input "${f}" is not a number input of ${s.modelId}`);
  }
  const props = inputJsonSchema(s.model.input).properties ?? {};
  for (const f of Object.keys(spec.pin ?? {})) {
    if (!(f in props)) throw new Error(`${where}: pinned "${f}" is not an input of ${s.modelId}`);
  }
  if (new Set(spec.checks.map((c) => c.id)).size !== spec.checks.length) throw new Error(`${where}: two checks share an id`);
  const also = alongside(s, spec, others);
  for (const { a, scenario } of also.values()) {
    const at = `${where}, also ${scenario.name}`;
    if (scenario.name === s.name) throw new Error(`${at}: the scaled scenario is not also another`);
    for (const f of a.load ?? []) {
      if (typeof scenario.resolved[f] !== 'number') throw new Error(`${at}: load input "${f}" is not a number input`);
      if (scenario.links.some((l) => l.input === f)) throw new Error(`${at}: load input "${f}" follows another scenario`);
    }
    for (const f of a.hold ?? []) {
      if (!scenario.links.some((l) => l.input === f)) throw new Error(`${at}: held input "${f}" follows no scenario`);
    }
  }
  const found = [...also.values()].map((x) => x.scenario);
  const names = new Set([s.name, ...also.keys()]);
  for (const c of spec.checks) {
    for (const o of [c.limit, ...(Array.isArray(c.use) ? (c.use as readonly Operand[]) : [c.use as Operand])]) {
      if (typeof o !== 'number' && o.scenario !== undefined && !names.has(o.scenario)) {
        throw new Error(`${where} check "${c.id}": it reads scenario "${o.scenario}", which is not in also`);
      }
    }
  }
  const today = utilizationsAt(s, spec, 1, found);
  if (!today) throw new Error(`${where}: the model refuses today's inputs with the pinned values`);
  // The largest multiple the model accepts (a schema's maximum on a load input, say).
  const upTo =
    utilizationsAt(s, spec, MAX_MULTIPLE, found) !== undefined
      ? MAX_MULTIPLE
      : bisect(1, MAX_MULTIPLE, (m) => utilizationsAt(s, spec, m, found) === undefined) * (1 - 1e-6);
  // The smallest multiple the model accepts (a schema's minimum on a load input).
  const from =
    utilizationsAt(s, spec, MIN_MULTIPLE, found) !== undefined
      ? MIN_MULTIPLE
      : bisect(MIN_MULTIPLE, 1, (m) => utilizationsAt(s, spec, m, found) !== undefined);
  const saturations: Saturation[] = spec.checks.map((c, i) => {
    const u = (m: number) => utilizationAt(s, spec, i, m, found);
    const t = today[i] ?? Infinity;
    let multiple: number | null;
    if (u(from) >= 1) multiple = from;
    else if (u(upTo) < 1) multiple = null;
    else multiple = bisect(from, upTo, (m) => u(m) >= 1);
    return { check: c, today: Number.isFinite(t) ? t : null, multiple };
  });
  const order = [...saturations].sort((a, b) => (a.multiple ?? Infinity) - (b.multiple ?? Infinity));
  const head = order[0];
  // The spec as data: `also` by name, the scenarios in `others`.
  const data: GrowthSpec = spec.also ? { ...spec, also: spec.also.map((a) => ({ ...a, scenario: nameOf(a) })) } : spec;
  return {
    kind: 'breaks-first',
    scenario: s,
    spec: data,
    others: found,
    from,
    upTo,
    order,
    first: head && head.multiple !== null ? head : null,
  };
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
      utilizations: (utilizationsAt(b.scenario, b.spec, m, b.others) ?? b.spec.checks.map(() => null)).map((u) =>
        u !== null && Number.isFinite(u) ? u : null,
      ),
    }));
}

export function isBreaksFirst(v: unknown): v is BreaksFirst {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'breaks-first';
}
