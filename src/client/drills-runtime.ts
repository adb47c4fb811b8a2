/**
 * The drills' lazy part, loaded when the reader shows intent (focuses the answer) or answers: the model,
 * through the same area loader the panels use (./models.ts), and the same schema check and function
 * (src/lib/estimation-run.ts), so the answer is the model's.
 */
import './zod-jitless.ts'; // before any schema parses: no eval probe under the CSP
import type { DrillConfig } from '../lib/estimation-draw.ts';
import { runDrill, type DrillRun } from '../lib/estimation-run.ts';
import { loadModel } from './models.ts';

export async function evaluateDrill(config: DrillConfig, seed: number): Promise<DrillRun> {
  const model = await loadModel(config.area, config.model);
  if (!model) throw new Error(`model ${config.model} is not in area ${config.area}`);
  return runDrill(model, config, seed);
}

/** Starts loading the drill's model area (on intent), ignoring failure: the answer retries. */
export function preload(config: DrillConfig): void {
  void loadModel(config.area, config.model).catch(() => undefined);
}
