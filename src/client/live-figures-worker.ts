/**
 * The bands, tornado and what-breaks-first figures recomputed off the main thread (live-figures.ts sends a
 * figure's config and the scenario's inputs and outputs as the page shows them): the model is loaded by id
 * from its area as the page and the sweep worker do (models.ts), and the figure computed by the same
 * function the build's data comes through (src/lib/live-figures.ts computeFigure), so at the page's values
 * the answer is the build's, number for number. No Plot and no DOM here.
 */
import './zod-jitless.ts';
import { computeFigure, type FigureConfig, type FigureData, type ReaderRange } from '../lib/live-figures.ts';
import { loadModel } from './models.ts';

export interface FigureRequest {
  readonly id: number;
  readonly config: FigureConfig;
  readonly input: Readonly<Record<string, unknown>>;
  readonly output: Readonly<Record<string, unknown>>;
  readonly reader: Readonly<Record<string, ReaderRange>>;
}

export interface FigureAnswer {
  readonly id: number;
  readonly data?: FigureData;
  readonly ms?: number;
  readonly error?: string;
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<FigureRequest>) => void) | null;
  postMessage(a: FigureAnswer): void;
};

scope.onmessage = (e) => {
  const { id, config, input, output, reader } = e.data;
  void loadModel(config.area, config.model).then(
    (m) => {
      if (!m) return scope.postMessage({ id, error: `no model ${config.model} in ${config.area}` });
      const t0 = performance.now();
      try {
        const data = computeFigure(config, m, input, output, reader);
        scope.postMessage({ id, data, ms: performance.now() - t0 });
      } catch (error) {
        scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
      }
    },
    (error: unknown) => scope.postMessage({ id, error: String(error) }),
  );
};
