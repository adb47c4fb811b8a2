/**
 * Redraws a scenario's charts in the browser with the page's own chart modules (loaded by name from
 * src/charts/, so a new chart needs no list), and refreshes their data tables. A chart with a sweep runs
 * it with the same model. A chart is redrawn at the width of the static rendering the page showed for
 * it (src/lib/static-chart.ts: 720 px, or 360 px in a box of at most 540 px, the CSS container rule), so
 * the live chart has the static one's geometry and type size: nothing on the page moves when it is
 * redrawn. A ResizeObserver redraws it when the box crosses that rule.
 *
 * A sweep that costs more than a few milliseconds (run-costs.ts; a simulation run at every point: the
 * oversell races) runs in a module worker (sweep-worker.ts): the edit's numbers and other charts are redrawn at once, this chart
 * keeps its last result (its box aria-busy) until the answer comes back, and only the newest edit waiting
 * is sent next. A sweep runs here the first time, which measures it (one slow frame on the first edit of
 * a panel with a heavy chart; a cheap sweep sent to a worker busy with a heavy one would wait behind it);
 * a heavy one then runs in the worker. Without workers (or if one fails) every sweep runs here.
 */
import type { Model } from '../../models/model.ts';
import { chartData, renderIn, sweepPoints, tableIn, type ChartData, type ChartModule, type Sweep } from '../lib/chart.ts';
import type { OutputUnits } from '../lib/output-units.ts';
import { staticWidths } from '../lib/static-widths.ts';
import { FirstRuns, RunCosts } from './run-costs.ts';
import { chosenUnits } from './output-units.ts';
import type { SweepAnswer, SweepRequest } from './sweep-worker.ts';

const modules = import.meta.glob<ChartModule<unknown>>('../charts/*.ts', { import: 'default' });

function loaderOf(name: string): (() => Promise<ChartModule<unknown>>) | undefined {
  const key = `../charts/${name}.ts`;
  return /^[a-z0-9-]+$/.test(name) && Object.hasOwn(modules, key) ? modules[key] : undefined;
}

interface Evaluation {
  readonly model: Model;
  /** the model's area (models/<area>/), for the worker to load it */
  readonly area?: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly output: unknown;
}

const latest = new WeakMap<HTMLElement, Evaluation>();
let observer: ResizeObserver | undefined;

/**
 * Each box's width as the ResizeObserver last reported it. Reading clientWidth while an edit rewrites the
 * page forces a layout of the whole page before the frame's own (the largest item of a CPU profile of
 * typing on the marketplace page); only a box not yet observed is measured that way.
 */
const boxWidths = new WeakMap<HTMLElement, number>();

/** The static rendering's width for a box this wide (the rule of .lb-static-narrow in site.css). */
function widthFor(box: HTMLElement): number {
  return (boxWidths.get(box) ?? box.clientWidth) <= 540 ? staticWidths.narrow : staticWidths.wide;
}

/** What each box shows, to draw it again in other units without running anything. */
const painted = new WeakMap<HTMLElement, { readonly mod: ChartModule<unknown>; readonly data: ChartData<unknown> }>();
/** The choice (one object per choice made) each box's table headers were last written in. */
const headersIn = new WeakMap<HTMLElement, OutputUnits>();

/** Draws the chart and refreshes its table from data already computed. */
function paint(box: HTMLElement, mod: ChartModule<unknown>, data: ChartData<unknown>): void {
  const t0 = performance.now();
  painted.set(box, { mod, data });
  const width = widthFor(box);
  const units = chosenUnits();
  const figure = renderIn(mod, data, { width, units });
  // As in Chart.astro: the box (role="img", labelled) is the image; Plot's markup inside is hidden from AT.
  figure.setAttribute('aria-hidden', 'true');
  box.replaceChildren(figure);
  const details = box.closest('figure')?.querySelector<HTMLDetailsElement>('details.lb-chart-data');
  const tbody = details?.querySelector('tbody');
  if (details && tbody) {
    const fill = () => {
      const t = tableIn(mod, data, units);
      // The headers follow the reader's units (a declared column): rewritten only when the choice changed.
      if (headersIn.get(box) !== units) {
        headersIn.set(box, units);
        details.querySelectorAll('thead th').forEach((th, i) => {
          const text = t.columns[i];
          if (text !== undefined && th.textContent !== text) th.textContent = text;
        });
      }
      const rows = t.rows.map((r) => {
        const tr = document.createElement('tr');
        for (const cell of r) tr.append(Object.assign(document.createElement('td'), { textContent: cell }));
        return tr;
      });
      tbody.replaceChildren(...rows);
    };
    fill();
  }
  box.dataset['lbWidth'] = String(width);
  performance.measure(`lb:chart render ${mod.name}`, { start: t0, end: performance.now() });
}

/** Sweeps' run times (run-costs.ts decides from them which run in the worker). */
const sweepCosts = new RunCosts();
const firstRuns = new FirstRuns();

interface Job {
  readonly box: HTMLElement;
  readonly mod: ChartModule<unknown>;
  readonly e: Evaluation;
  readonly sweep: Sweep;
  readonly at: number;
}

let worker: Worker | null | undefined;
let nextId = 1;
const inFlight = new Map<number, Job>();
const busy = new WeakSet<HTMLElement>();
const waiting = new WeakMap<HTMLElement, Job>();

function workerOf(): Worker | undefined {
  if (worker === undefined) {
    try {
      worker = new Worker(new URL('./sweep-worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (m: MessageEvent<SweepAnswer>) => answered(m.data);
      worker.onerror = () => {
        worker = null;
        for (const job of inFlight.values()) onMainThread(job);
        inFlight.clear();
      };
    } catch {
      worker = null;
    }
  }
  return worker ?? undefined;
}

function onMainThread(job: Job): void {
  busy.delete(job.box);
  job.box.removeAttribute('aria-busy');
  const t0 = performance.now();
  const sweep = sweepPoints(job.e.model, job.e.input, job.sweep);
  sweepCosts.observe(job.mod.name, performance.now() - t0, firstRuns.first(job.mod.name));
  paint(job.box, job.mod, { input: job.e.input, output: job.e.output, sweep });
}

function send(job: Job): void {
  const w = workerOf();
  if (!w || !job.e.area) return onMainThread(job);
  const id = nextId++;
  const request: SweepRequest = { id, area: job.e.area, model: job.e.model.id, input: job.e.input, sweep: job.sweep };
  try {
    w.postMessage(request);
  } catch {
    return onMainThread(job); // an input the structured clone cannot copy
  }
  inFlight.set(id, job);
  busy.add(job.box);
  job.box.setAttribute('aria-busy', 'true');
}

function answered(a: SweepAnswer): void {
  const job = inFlight.get(a.id);
  if (!job) return;
  inFlight.delete(a.id);
  busy.delete(job.box);
  const next = waiting.get(job.box);
  waiting.delete(job.box);
  // An answer older than what the box shows (a newer edit drawn here since) is dropped.
  if (latest.get(job.box) !== job.e && !next) {
    job.box.removeAttribute('aria-busy');
    return;
  }
  if (a.points === undefined) onMainThread(job);
  else {
    if (a.ms !== undefined) sweepCosts.observe(job.mod.name, a.ms, a.cold === true);
    paint(job.box, job.mod, { input: job.e.input, output: job.e.output, sweep: a.points });
    performance.measure(`lb:chart worker ${job.mod.name}`, { start: job.at, end: performance.now() });
  }
  if (next) send(next);
  else job.box.removeAttribute('aria-busy');
}

async function draw(box: HTMLElement, e: Evaluation): Promise<void> {
  const load = loaderOf(box.dataset['lbChart'] ?? '');
  if (!load) return;
  const mod = await load();
  if (mod.sweep && e.area && sweepCosts.heavy(mod.name) && workerOf()) {
    const job: Job = { box, mod, e, sweep: mod.sweep(e.input, e.output), at: performance.now() };
    if (busy.has(box)) waiting.set(box, job);
    else send(job);
    return;
  }
  waiting.delete(box); // a cheap sweep now: an older job waiting would draw over it
  const t0 = performance.now();
  const data: ChartData<unknown> = chartData(mod, e.model, e.input, e.output);
  if (mod.sweep) sweepCosts.observe(mod.name, performance.now() - t0, firstRuns.first(mod.name));
  performance.measure(`lb:chart data ${mod.name}`, { start: t0, end: performance.now() });
  paint(box, mod, data);
}

/** Fetch the chart modules (and with them Plot) of every chart on the page, drawing nothing. */
export function prefetchCharts(): void {
  const names = new Set([...document.querySelectorAll<HTMLElement>('.lb-chart-plot')].map((b) => b.dataset['lbChart'] ?? ''));
  for (const name of names) void loaderOf(name)?.().catch(() => undefined);
}

/** Whether each chart box is on or near the screen (IntersectionObserver; unknown counts as on). */
const onScreen = new Map<HTMLElement, boolean>();
let seen: IntersectionObserver | undefined;
/** Boxes whose redraw waits until they come near the screen or the browser is idle. */
const stale = new Set<HTMLElement>();
let idleQueued = false;

function drawLater(box: HTMLElement): void {
  stale.add(box);
  if (idleQueued) return;
  idleQueued = true;
  const next = () => {
    idleQueued = false;
    const [first] = stale;
    if (!first) return;
    stale.delete(first);
    const e = latest.get(first);
    if (e) void draw(first, e);
    if (stale.size) drawLater([...stale][0] as HTMLElement);
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(next, { timeout: 1000 });
  else setTimeout(next, 200);
}

/**
 * Redraws the scenario's charts. A chart on or near the screen is redrawn now (in the edit's frame); one
 * far from it when it comes near, or when the browser is idle (within about a second), so its table never
 * lags for long: a keystroke does not wait for charts the reader cannot see.
 */
export async function redrawCharts(scenario: string, e: Evaluation): Promise<void> {
  observer ??= new ResizeObserver((entries) => {
    for (const entry of entries) {
      const box = entry.target as HTMLElement;
      boxWidths.set(box, entry.contentRect.width);
      const last = latest.get(box);
      // Not yet painted (its first draw still loading): that paint reads the width just recorded.
      const painted = box.dataset['lbWidth'];
      if (last !== undefined && painted !== undefined && widthFor(box) !== Number(painted)) void draw(box, last);
    }
  });
  if (seen === undefined && typeof IntersectionObserver === 'function') {
    seen = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const box = entry.target as HTMLElement;
          onScreen.set(box, entry.isIntersecting);
          const last = latest.get(box);
          if (entry.isIntersecting && stale.delete(box) && last) void draw(box, last);
        }
      },
      { rootMargin: '200px 0px' },
    );
  }
  const boxes = document.querySelectorAll<HTMLElement>(`.lb-chart-plot[data-lb-scenario="${CSS.escape(scenario)}"]`);
  await Promise.all(
    [...boxes].map((box) => {
      latest.set(box, e);
      observer?.observe(box);
      if (!onScreen.has(box)) seen?.observe(box);
      if (onScreen.get(box) === false) {
        drawLater(box);
        return Promise.resolve();
      }
      stale.delete(box);
      return draw(box, e);
    }),
  );
}

/**
 * The reader chose other units of results: every chart drawn since the page loaded is drawn again once,
 * from its last data (no model run). Returns the scenarios of
 * the charts never drawn here (still the build's), for the runtime to compute.
 */
export function redrawInUnits(): Set<string> {
  const notYet = new Set<string>();
  for (const box of document.querySelectorAll<HTMLElement>('.lb-chart-plot[data-lb-chart]')) {
    const shown = painted.get(box);
    if (!shown) notYet.add(box.dataset['lbScenario'] ?? '');
    else if (!busy.has(box)) paint(box, shown.mod, shown.data); // a busy box paints its answer in the new units
  }
  notYet.delete('');
  return notYet;
}
