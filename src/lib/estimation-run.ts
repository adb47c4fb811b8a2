/**
 * One evaluation of an estimation drill: its drawn inputs over the scenario's, through the model's own
 * schema and function (models/evaluate.ts `check`), with the question, the answer and the derivation
 * filled in from that evaluation. The browser runs the same function with the model it loads for panels.
 */
import { check } from '../../models/evaluate.ts';
import type { Model } from '../../models/model.ts';
import { drawInputs, fillTemplate, type DrillConfig } from './estimation-draw.ts';
import { pick } from './pick.ts';

export interface DrillRun {
  readonly seed: number;
  readonly drawn: Readonly<Record<string, number>>;
  readonly input: Readonly<Record<string, unknown>>;
  readonly output: Readonly<Record<string, unknown>>;
  readonly answer: number;
  readonly question: string;
  readonly steps: readonly string[];
}

export function runDrill(model: Model, config: DrillConfig, seed: number): DrillRun {
  if (model.id !== config.model) throw new Error(`drill "${config.id}" is of model ${config.model}, not ${model.id}`);
  const drawn = drawInputs(config.draws, seed);
  const result = check(model, { ...config.base, ...drawn });
  if (!result.ok) {
    throw new Error(
      `drill "${config.id}", seed ${seed}: the drawn inputs are invalid: ${result.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
    );
  }
  const input = result.input as Record<string, unknown>;
  const output = result.output as Record<string, unknown>;
  const answer = pick(output, config.answer.output);
  if (typeof answer !== 'number' || !(answer > 0)) {
    throw new Error(
      `drill "${config.id}", seed ${seed}: the answer ${config.answer.output} is ${String(answer)}, not a positive number`,
    );
  }
  return {
    seed,
    drawn,
    input,
    output,
    answer,
    question: fillTemplate(config.question, input, output),
    steps: config.steps.map((s) => fillTemplate(s, input, output)),
  };
}
