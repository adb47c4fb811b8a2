/**
 * The model contract (../shared/docs/model-contract.md) as types.
 *
 * A model is data plus one pure function: an id, words for people, a zod input schema whose fields
 * carry their unit and description (`.meta({ unit, description })`), a description of each output, the
 * references its formula and its test values come from, and `compute`, which receives input that the
 * schema has already validated (defaults applied). Call models through `evaluate` / `check`
 * (./evaluate.ts), never `compute` directly from outside `models/`.
 */
import type { z } from 'zod';
import type { Unit } from './units.ts';

export interface Reference {
  readonly title: string;
  readonly url?: string;
  readonly note?: string;
}

export interface OutputField {
  readonly description: string;
  readonly unit: Unit;
  /**
   * For a list output (`unit: 'list'`) whose elements carry quantities: the unit of each key that has one,
   * in base units as every output (`{ retryAfter: { unit: 's', sentinel: -1 }, resetAfter: 's' }`). Keys
   * not named are counts, words or flags. A `sentinel` is a value that is a flag, not a quantity (gcra's
   * `retryAfter` is −1 when the call is allowed): it is shown as it is, never converted; so is null.
   * The site writes each declared column in the reader's units (src/lib/list-table.ts); the model's
   * output is unchanged. Added after contract v2 (additive; `loadbearing describe --columns` prints it).
   */
  readonly columns?: ListColumns;
}

/** The unit of one key of a list output's elements; with `sentinel`, a value that is shown, never converted. */
export type ListColumn = Unit | { readonly unit: Unit; readonly sentinel: number };
export type ListColumns = Readonly<Record<string, ListColumn>>;

export interface Model<S extends z.ZodType = z.ZodType, O extends object = object> {
  /** kebab-case, stable: a public API */
  readonly id: string;
  readonly title: string;
  /** one sentence */
  readonly summary: string;
  readonly input: S;
  readonly outputs: { readonly [K in keyof O]-?: OutputField };
  readonly references: readonly Reference[];
  /**
   * A valid input, usually the doc comment's worked example: what `loadbearing describe` shows, what a
   * model's reference page starts from, and where the property tests begin.
   */
  readonly example: z.input<S>;
  /**
   * What the doc comment's worked example states the model answers for `example`, as literals: an output
   * by name (`utilization: 0.8`) or by a path into a nested output (`'timeInSystemPercentiles.p90': 0.1151`,
   * `'strategies[id=write].work': 250_000_000`, `'results.0.limited': false`). A number matches when the
   * model's answer, rounded to the decimals the literal is written with, equals it (`1258.7` holds for
   * 1258.68…): state as many digits as the doc comment does. The model's page shows these beside what the
   * model computes today, and `test/models/examples.test.ts` (and the build) fail when they disagree.
   */
  readonly exampleStates: ExampleStates<NoInfer<O>>;
  readonly compute: (input: z.output<S>) => O;
}

/** A literal a worked example can state: a number, a yes/no, a word (for a list or an object, state its parts by path). */
export type StatedValue = number | boolean | string;

/** The outputs a worked example states: top-level outputs by name (typed), nested ones by path. */
export type ExampleStates<O> = { readonly [K in keyof O]?: Exclude<O[K], null | object> } & {
  readonly [path: `${string}.${string}`]: StatedValue;
};

/** The input a model's schema accepts (before defaults) and the output it returns. */
export type InputOf<M> = M extends Model<infer S> ? z.input<S> : never;
export type OutputOf<M> = M extends Model<z.ZodType, infer O> ? O : never;

/** Identity with inference: lets a model file state its types once. */
export function defineModel<S extends z.ZodType, O extends object>(model: Model<S, O>): Model<S, O> {
  return model;
}
