/**
 * The bands, tornado and what-breaks-first figures recomputed off the main thread (live-figures.ts sends a
 * figure's config and the scenario's inputs and outputs as the page shows them): the model is loaded by id
 * from its area as the page and the sweep worker do (models.ts), and the figure computed by the same
 * function the build's data comes through (src/lib/live-figures.ts computeFigure), so at the page's values
 * the answer is the build's, number for number. No Plot and no DOM here.
 */
import './zod-jitless.ts';
import { check } from '../../models/evaluate.ts';
import { computeFigure, type FigureConfig, type FigureData, type OtherNow, type ReaderRange } from '../lib/live-figures.ts';
import { loadModel } from './models.ts';

export interface FigureRequest {
  readonly id: number;
  readonly config: FigureConfig;
  readonly input: Readonly<Record<string, unknown>>;
  /** the scenario's output as the page shows it; absent when the page has not shown it yet (the worker computes it) */
  readonly output?: Readonly<Record<string, unknown>>;
  readonly reader: Readonly<Record<string, ReaderRange>>;
  /** the inputs the page now shows for the other scenarios a what-breaks-first check reads (by name) */
  readonly othersInput: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
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

async function answer(r: FigureRequest): Promise<FigureAnswer> {
  const { id, config, input, reader } = r;
  const model = await loadModel(config.area, config.model);
  if (!model) return { id, error: `no model ${config.model} in ${config.area}` };
  const others: OtherNow[] = [];
  for (const o of config.kind === 'breaks-first' ? config.others : []) {
    const m = await loadModel(o.area, o.model);
    if (!m) return { id, error: `no model ${o.model} in ${o.area}` };
    others.push({ config: o, model: m, input: r.othersInput[o.name] ?? o.page });
  }
  const t0 = performance.now();
  let output = r.output;
  if (!output) {
    const c = check(model, input);
    if (!c.ok) return { id, error: 'the model refuses these values' };
    output = c.output as Record<string, unknown>;
  }
  const data = computeFigure(config, model, input, output, reader, others);
  return { id, data, ms: performance.now() - t0 };
}

scope.onmessage = (e) => {
  answer(e.data).then(
    (a) => scope.postMessage(a),
    (error: unknown) => scope.postMessage({ id: e.data.id, error: error instanceof Error ? error.message : String(error) }),
  );
};
