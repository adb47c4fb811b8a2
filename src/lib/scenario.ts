/**
 * A scenario: one model, the inputs that fit one business, and the one evaluation of it that a page's
 * prose, tables and charts all read (so they cannot disagree). Case studies create them at build time:
 *
 *   export const limiter = scenario('limiter', 'rate-limiter-capacity', { peakRequestsPerSecond: 500_000 });
 *
 * Invalid inputs or an unknown model fail the build with a message naming the scenario and the fields.
 */
import { check } from '../../models/evaluate.ts';
import { formatProblem } from '../../models/problems.ts';
import { getModel, modelIds } from '../../models/registry.ts';
import { pick } from './pick.ts';

export interface Scenario {
  /** unique on its page; used in URLs (`?limiter.peakRequestsPerSecond=600000`) and to bind numbers */
  readonly name: string;
  readonly modelId: string;
  /** the inputs as the page gives them (the model's defaults fill the rest) */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** every input the model computed from, defaults included */
  readonly resolved: Readonly<Record<string, unknown>>;
  readonly output: Readonly<Record<string, unknown>>;
}

const NAME = /^[a-z][a-zA-Z0-9]*$/;

export function scenario(name: string, modelId: string, inputs: Record<string, unknown> = {}): Scenario {
  if (!NAME.test(name)) {
    throw new Error(`scenario "${name}": a scenario name must be camelCase letters and digits (it appears in URLs)`);
  }
  const model = getModel(modelId);
  if (!model) {
    throw new Error(`scenario "${name}": "${modelId}" is not a model id; known ids: ${modelIds.join(', ')}`);
  }
  const result = check(model, inputs);
  if (!result.ok) {
    throw new Error(
      `scenario "${name}" (model ${modelId}) has invalid inputs:\n${result.problems.map(formatProblem).join('\n')}`,
    );
  }
  return {
    name,
    modelId,
    inputs,
    resolved: result.input as Record<string, unknown>,
    output: result.output as Record<string, unknown>,
  };
}

/**
 * A value of a scenario by path (see pick.ts): an output, or with `from: 'input'` an input (defaults
 * included), so prose can state its assumptions and follow the reader's edits. A wrong path fails the build.
 */
export function valueAt(s: Scenario, path: string, from: 'output' | 'input' = 'output'): unknown {
  const root = from === 'input' ? s.resolved : s.output;
  const value = pick(root, path);
  if (value === undefined) {
    throw new Error(
      `scenario "${s.name}" (model ${s.modelId}) has no ${from} "${path}"; its ${from}s: ${Object.keys(root).join(', ')}`,
    );
  }
  return value;
}
