/**
 * Model runs off the main thread, in a module worker: a chart's sweep (the model over the sweep's values,
 * src/lib/chart.ts sweepPoints; started by chart-runtime.ts) or one run of a heavy model (the whole check:
 * schema, compute, the no-NaN guarantee; started by scenario-runtime.ts). A simulation (the oversell races,
 * the order workers' queue, a lease simulation) takes longer than a frame; here it cannot hold up the
 * numbers and the charts of cheap models, which are shown at once while the heavy ones keep their last
 * result until the answer comes back. The worker loads the model's area as the page does
 * (src/client/models.ts); no Plot here.
 */
import './zod-jitless.ts';
import { check } from '../../models/evaluate.ts';
import type { Problem } from '../../models/problems.ts';
import { sweepPoints, type Sweep } from '../lib/chart.ts';
import { loadModel } from './models.ts';
import { FirstRuns } from './run-costs.ts';

export interface SweepRequest {
  readonly kind?: 'sweep';
  readonly id: number;
  readonly area: string;
  readonly model: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly sweep: Sweep;
}

export interface SweepAnswer {
  readonly id: number;
  readonly points?: ReturnType<typeof sweepPoints>;
  readonly ms?: number;
  /** the first run of this sweep in the worker (slower: see run-costs.ts) */
  readonly cold?: boolean;
  readonly error?: string;
}

/** One run of a model on the raw values a panel gathered (validated again here: `check` is the only way to run one). */
export interface CheckRequest {
  readonly kind: 'check';
  readonly id: number;
  readonly area: string;
  readonly model: string;
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface CheckAnswer {
  readonly id: number;
  /** the validated input (defaults applied) and the output, when the values were good */
  readonly input?: Record<string, unknown>;
  readonly output?: Record<string, unknown>;
  readonly problems?: readonly Problem[];
  /** milliseconds the check took here */
  readonly ms?: number;
  /** the first run of this model in the worker (slower: see run-costs.ts) */
  readonly cold?: boolean;
  readonly error?: string;
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<SweepRequest | CheckRequest>) => void) | null;
  postMessage(a: SweepAnswer | CheckAnswer): void;
};

const firstRuns = new FirstRuns();

scope.onmessage = (e) => {
  const request = e.data;
  const { id, area, model } = request;
  void loadModel(area, model)
    .then((m) => {
      if (!m) return scope.postMessage({ id, error: `no model ${model} in ${area}` });
      const t0 = performance.now();
      if (request.kind === 'check') {
        const r = check(m, request.raw);
        const ms = performance.now() - t0;
        if (!r.ok) return scope.postMessage({ id, problems: r.problems, ms });
        const cold = firstRuns.first(`check ${model}`);
        return scope.postMessage({
          id,
          input: r.input as Record<string, unknown>,
          output: r.output as Record<string, unknown>,
          ms,
          cold,
        });
      }
      const points = sweepPoints(m, request.input, request.sweep);
      scope.postMessage({ id, points, ms: performance.now() - t0, cold: firstRuns.first(`sweep ${model}`) });
    })
    .catch((error: unknown) => scope.postMessage({ id, error: String(error) }));
};
