/**
 * A model's worked example, checked: the outputs its doc comment states for `example` (the model's
 * `exampleStates`, literals), each beside what the model computes today. A stated number holds when the
 * computed one, rounded to the decimals the literal is written with, equals it: `1258.7` holds for
 * 1258.68…, `0.998001` needs six decimals, `18` needs an integer. The model's page shows the table, and the
 * page's build and `test/models/examples.test.ts` fail on a row that does not hold, so the doc comment's
 * literal result cannot drift from the arithmetic.
 */
import { evaluate } from '../../models/evaluate.ts';
import type { Model, StatedValue } from '../../models/model.ts';
import { pick } from './pick.ts';

export interface StatedRow {
  /** the output's name or a path into it (`strategies[id=write].work`) */
  readonly path: string;
  readonly stated: StatedValue;
  /** undefined when the path leads nowhere */
  readonly computed: unknown;
  readonly holds: boolean;
}

/** Digits after the decimal point in a literal's shortest form: 1258.7 → 1, 2.5e-7 → 7, 3e13 → 0. */
export function decimalsOf(n: number): number {
  const [mantissa = '', exponent = '0'] = Math.abs(n).toExponential().split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

/** Does a computed value equal a stated literal at the precision the literal is written with? */
export function holds(stated: StatedValue, computed: unknown): boolean {
  if (typeof stated !== 'number') return computed === stated;
  if (typeof computed !== 'number' || !Number.isFinite(computed)) return false;
  const halfUnit = 0.5 * 10 ** -decimalsOf(stated);
  // 1e-9 relative: a literal such as 1.80675e17 is met by a double that lands a few ulps away
  return Math.abs(computed - stated) <= halfUnit + 1e-9 * Math.abs(stated);
}

/** The stated outputs of a model's example, each with the value the model computes for it today. */
export function statedRows(model: Model): StatedRow[] {
  const output = evaluate(model, model.example as never) as unknown;
  return Object.entries(model.exampleStates as Record<string, StatedValue>).map(([path, stated]) => {
    const computed = pick(output, path);
    return { path, stated, computed, holds: holds(stated, computed) };
  });
}

/** A sentence per stated output that does not hold (empty when the worked example is right). */
export function exampleProblems(model: Model): string[] {
  const rows = statedRows(model);
  if (rows.length === 0) return [`${model.id}: exampleStates is empty; state the outputs its doc comment's worked example gives`];
  return rows
    .filter((r) => !r.holds)
    .map((r) =>
      r.computed === undefined
        ? `${model.id}: exampleStates names "${r.path}", which is not in the model's output`
        : `${model.id}: the worked example states ${r.path} = ${JSON.stringify(r.stated)}, the model computes ${JSON.stringify(r.computed)}`,
    );
}
