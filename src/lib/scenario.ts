/**
 * A scenario: one model, the inputs that fit one business, and the one evaluation of it that a page's
 * prose, tables and charts all read (so they cannot disagree). A case study declares its scenarios in
 * its module (case-studies/<slug>.ts), from model objects, so a wrong input name is a type error:
 *
 *   export const limiter = scenario('limiter', rateLimiterCapacity, { peakRequestsPerSecond: 500_000 });
 *   export const bigger = derive('bigger', limiter, { scale: { peakRequestsPerSecond: 2 }, set: { checksPerRequest: 3 } });
 *
 * A derived scenario follows its source: in the browser it is recomputed from the reader's inputs each
 * time the source's panel recomputes. Invalid inputs fail the build with a message naming the scenario
 * and the fields.
 *
 * A scenario of another model can take an input from a scenario's output, so that a chain of models
 * (the tier's nodes into the failover, the failover's window into the fallback) stays one chain when the
 * reader edits its start:
 *
 *   export const failover = scenario('failover', redisClusterFailover, { nodes: follow(limiter, 'nodes') });
 *
 * In the browser, each time `limiter` recomputes, `failover` recomputes with the new `nodes` (and so do
 * the scenarios that follow it in turn). A followed input is not a field of the follower's panel: the
 * reader changes it where it comes from.
 */
import { check } from '../../models/evaluate.ts';
import type { z } from 'zod';
import type { Model } from '../../models/model.ts';
import { formatProblem } from '../../models/problems.ts';
import { pick } from './pick.ts';

/** How a derived scenario's inputs follow from its source's: some multiplied, some replaced. */
export interface Derivation {
  /** the derived scenario's name */
  readonly name: string;
  readonly scale: Readonly<Record<string, number>>;
  readonly set: Readonly<Record<string, unknown>>;
}

/** An input that follows another scenario's output: input = (output + plus) × times. */
export interface Link {
  /** the follower's input */
  readonly input: string;
  /** the scenario it follows */
  readonly from: string;
  /** that scenario's output (a path, see pick.ts) */
  readonly output: string;
  readonly plus: number;
  readonly times: number;
}

const FOLLOW = Symbol('follow');

/** What follow() returns: a placeholder that scenario() replaces by the output's value, recording the link. */
export interface Follow {
  readonly [FOLLOW]: true;
  readonly from: Scenario<unknown>;
  readonly output: string;
  readonly plus: number;
  readonly times: number;
}

/** The inputs a scenario accepts: each numeric input may instead follow another scenario's output. */
export type Inputs<I> = { [K in keyof I]: I[K] | (number extends I[K] ? Follow : never) };

/**
 * An input taken from another scenario's output, optionally shifted and then scaled by constants (a change
 * of unit, a share, "all but the failed one"): `follow(limiter, 'nodes')`,
 * `follow(platform, 'paymentsPerDay', { times: 30 })`, `follow(fleet, 'nodes', { plus: -1, times: 5000 })`.
 * `output` is a path (see pick.ts): `peaks[id=black-friday].perSecond`.
 */
export function follow<O>(from: Scenario<O>, output: string, options: { plus?: number; times?: number } = {}): Follow {
  const times = options.times ?? 1;
  const plus = options.plus ?? 0;
  if (from.source !== undefined) {
    throw new Error(
      `follow(${from.name}, "${output}"): "${from.name}" is derived from "${from.source}"; follow a scenario with a panel`,
    );
  }
  if (!Number.isFinite(times) || !Number.isFinite(plus)) {
    throw new Error(`follow(${from.name}, "${output}"): plus and times must be finite numbers`);
  }
  return { [FOLLOW]: true, from, output, plus, times };
}

function isFollow(v: unknown): v is Follow {
  return typeof v === 'object' && v !== null && FOLLOW in v;
}

/** A scenario of a model whose output is `O` and whose input (before defaults) is `I`. */
export interface Scenario<O = unknown, I = unknown> {
  /** unique on its page; used in URLs (`?limiter.peakRequestsPerSecond=600000`) and to bind numbers */
  readonly name: string;
  readonly model: Model;
  readonly modelId: string;
  /** the inputs as the page gives them (the model's defaults fill the rest) */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** every input the model computed from, defaults included */
  readonly resolved: Readonly<Record<string, unknown>>;
  readonly output: O & Readonly<Record<string, unknown>>;
  /** type-only: the model's input, so derive() and assumptions() check field names */
  readonly inputType?: I;
  /** set on a derived scenario: the scenario it follows */
  readonly source?: string;
  /** scenarios derived from this one (filled by derive()); the panel ships them to the browser */
  readonly derived: Derivation[];
  /** inputs taken from other scenarios' outputs (see follow()) */
  readonly links: readonly Link[];
  /** scenarios with an input that follows this one's output (filled by scenario()) */
  readonly followers: Scenario<unknown>[];
}

const NAME = /^[a-z][a-zA-Z0-9]*$/;

function evaluated<O>(name: string, model: Model, inputs: Record<string, unknown>) {
  const result = check(model, inputs);
  if (!result.ok) {
    throw new Error(
      `scenario "${name}" (model ${model.id}) has invalid inputs:\n${result.problems.map(formatProblem).join('\n')}`,
    );
  }
  return { resolved: result.input as Record<string, unknown>, output: result.output as O & Readonly<Record<string, unknown>> };
}

export function scenario<S extends z.ZodType, O extends object>(
  name: string,
  model: Model<S, O>,
  inputs: Inputs<z.input<S>>,
): Scenario<O, z.input<S>> {
  if (!NAME.test(name)) {
    throw new Error(`scenario "${name}": a scenario name must be camelCase letters and digits (it appears in URLs)`);
  }
  if (typeof model !== 'object' || typeof model.compute !== 'function') {
    throw new Error(
      `scenario "${name}": the second argument must be a model object (import it from models/), not ${typeof model}`,
    );
  }
  const given: Record<string, unknown> = {};
  const links: Link[] = [];
  for (const [input, v] of Object.entries(inputs as Record<string, unknown>)) {
    if (!isFollow(v)) {
      given[input] = v;
      continue;
    }
    const value = valueAt(v.from, v.output);
    if (typeof value !== 'number') {
      throw new Error(
        `scenario "${name}": input "${input}" follows "${v.output}" of scenario "${v.from.name}", which is not a number (${JSON.stringify(value)})`,
      );
    }
    given[input] = (value + v.plus) * v.times;
    links.push({ input, from: v.from.name, output: v.output, plus: v.plus, times: v.times });
  }
  const m = model as unknown as Model;
  const s: Scenario<O, z.input<S>> = {
    name,
    model: m,
    modelId: model.id,
    inputs: given,
    ...evaluated<O>(name, m, given),
    derived: [],
    links,
    followers: [],
  };
  for (const v of Object.values(inputs as Record<string, unknown>)) {
    if (isFollow(v) && !v.from.followers.includes(s)) v.from.followers.push(s);
  }
  return s;
}

/** The inputs of a follower, from its own inputs and the latest outputs of the scenarios it follows (the same rule in the browser). */
export function linkedInputs(
  inputs: Readonly<Record<string, unknown>>,
  links: readonly Link[],
  outputOf: (scenario: string) => Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...inputs };
  for (const l of links) {
    const source = outputOf(l.from);
    const value = source === undefined ? undefined : pick(source, l.output);
    if (typeof value === 'number') out[l.input] = (value + (l.plus ?? 0)) * l.times;
  }
  return out;
}

/** The inputs of a derived scenario, from its source's resolved inputs (the same rule in the browser). */
export function derivedInputs(
  resolved: Readonly<Record<string, unknown>>,
  d: Pick<Derivation, 'scale' | 'set'>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...resolved };
  for (const [k, factor] of Object.entries(d.scale)) out[k] = (resolved[k] as number) * factor;
  return { ...out, ...d.set };
}

/**
 * A scenario that follows another: "twice the traffic, three checks per request". Its inputs are the
 * source's resolved inputs with `scale` fields multiplied and `set` fields replaced.
 */
export function derive<O, I>(
  name: string,
  from: Scenario<O, I>,
  change: { scale?: Partial<Record<keyof I, number>>; set?: Partial<I> },
): Scenario<O, I> {
  const d: Derivation = {
    name,
    scale: (change.scale ?? {}) as Record<string, number>,
    set: change.set ?? {},
  };
  for (const [k, f] of Object.entries(d.scale)) {
    if (typeof from.resolved[k] !== 'number' || !Number.isFinite(f)) {
      throw new Error(`derived scenario "${name}": "${k}" of scenario "${from.name}" is not a number that can be scaled`);
    }
  }
  const inputs = derivedInputs(from.resolved, d);
  const s = scenario(name, from.model, inputs as never) as unknown as Scenario<O, I>;
  from.derived.push(d);
  return { ...s, source: from.name };
}

/**
 * A value of a scenario by path (see pick.ts): an output, or with `from: 'input'` an input (defaults
 * included), so prose can state its assumptions and follow the reader's edits. A wrong path fails the build.
 */
export function valueAt(s: Scenario<unknown>, path: string, from: 'output' | 'input' = 'output'): unknown {
  const root = from === 'input' ? s.resolved : s.output;
  const value = pick(root, path);
  if (value === undefined) {
    throw new Error(
      `scenario "${s.name}" (model ${s.modelId}) has no ${from} "${path}"; its ${from}s: ${Object.keys(root).join(', ')}`,
    );
  }
  return value;
}

/** Is this value a scenario (for collecting a case-study module's exports)? */
export function isScenario(v: unknown): v is Scenario<unknown> {
  return (
    typeof v === 'object' &&
    v !== null &&
    'modelId' in v &&
    'resolved' in v &&
    'output' in v &&
    'derived' in v &&
    'links' in v &&
    'name' in v
  );
}
