/**
 * The only way to run a model: validate with its schema, compute, and guarantee that the answer holds
 * no NaN or Infinity (the contract's promise to the site, the CLI and JSON readers).
 */
import type { z } from 'zod';
import type { Model } from './model.ts';
import { formatProblem, problemsFromIssues, type Problem } from './problems.ts';

/** Bad input: names every bad field, its constraint and the value received. */
export class InvalidInputError extends Error {
  readonly problems: readonly Problem[];
  constructor(modelId: string, problems: readonly Problem[]) {
    super(`${modelId}: invalid input\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'InvalidInputError';
    this.problems = problems;
  }
}

/** `input` is the validated input with defaults applied: what the model actually computed from. */
export type Checked<I, O> =
  { readonly ok: true; readonly input: I; readonly output: O } | { readonly ok: false; readonly problems: readonly Problem[] };

/** Finds the first non-finite number in a model's answer; models must never produce one. */
export function firstNonFinite(value: unknown, path = ''): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path || '(root)';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = firstNonFinite(value[i], path ? `${path}.${i}` : String(i));
      if (hit) return hit;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const hit = firstNonFinite(v, path ? `${path}.${k}` : k);
      if (hit) return hit;
    }
  }
  return undefined;
}

export function check<S extends z.ZodType, O extends object>(model: Model<S, O>, raw: unknown): Checked<z.output<S>, O> {
  const parsed = model.input.safeParse(raw, { reportInput: true });
  if (!parsed.success) return { ok: false, problems: problemsFromIssues(model.input, parsed.error.issues) };
  const output = model.compute(parsed.data);
  const bad = firstNonFinite(output);
  if (bad) throw new Error(`${model.id}: the model produced a non-finite number at ${bad}; this is a bug in the model`);
  return { ok: true, input: parsed.data, output };
}

/** Validates and computes; throws InvalidInputError on bad input. */
export function evaluate<S extends z.ZodType, O extends object>(model: Model<S, O>, raw: unknown): O {
  const result = check(model, raw);
  if (!result.ok) throw new InvalidInputError(model.id, result.problems);
  return result.output;
}
