/**
 * A chart's sweep off the main thread: the model run over the sweep's values (src/lib/chart.ts
 * sweepPoints), in a module worker started by chart-runtime.ts. A sweep of a simulation (the oversell
 * races: a seeded simulation per point) takes far longer than a frame; here it cannot hold up the numbers
 * and the other charts, which are redrawn at once while this chart shows its last result until the answer
 * comes back. The worker loads the model's area as the page does (src/client/models.ts); no Plot here.
 */
import './zod-jitless.ts';
import { sweepPoints, type Sweep } from '../lib/chart.ts';
import { loadModel } from './models.ts';

export interface SweepRequest {
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
  readonly error?: string;
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<SweepRequest>) => void) | null;
  postMessage(a: SweepAnswer): void;
};

scope.onmessage = (e) => {
  const { id, area, model, input, sweep } = e.data;
  void loadModel(area, model).then(
    (m) => {
      if (!m) return scope.postMessage({ id, error: `no model ${model} in ${area}` });
      const t0 = performance.now();
      const points = sweepPoints(m, input, sweep);
      scope.postMessage({ id, points, ms: performance.now() - t0 });
    },
    (error: unknown) => scope.postMessage({ id, error: String(error) }),
  );
};
