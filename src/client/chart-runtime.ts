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
import { writeRows } from './table-rows.ts';
import { WorkerQueue } from './worker-queue.ts';

const modules = import.meta.glob<ChartModule<unknown>>('../charts/*.ts', { import: 'default' });

/** Each chart module's import, made once: Vite's loader looks up its preload links in the page at every call. */
const loaded = new Map<string, Promise<ChartModule<unknown>>>();

function loaderOf(name: string): (() => Promise<ChartModule<unknown>>) | undefined {
  const key = `../charts/${name}.ts`;
  const load = /^[a-z0-9-]+$/.test(name) && Object.hasOwn(modules, key) ? modules[key] : undefined;
  if (!load) return undefined;
  return () => {
    let p = loaded.get(key);
    if (!p) {
      p = load();
      loaded.set(key, p);
      p.catch(() => loaded.delete(key)); // offline: the next edit tries again
    }
    return p;
  };
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
 * typing on the marketplace page); a box not yet observed takes the last width observed (columnWidth).
 */
const boxWidths = new WeakMap<HTMLElement, number>();

/**
 * The width the observer last reported for any box, or for the content column itself: the charts share the
 * column (a box is exactly as wide, at 390 to 1 280 px), so a box not yet reported (one far down the page,
 * whose layout content-visibility skips, or one drawn before the observer's first callback) is drawn at it,
 * and redrawn by the observer if its own turns out to differ. The column is observed too because a chart far
 * from the screen is never reported while it is skipped, and reading its clientWidth instead forced a layout
 * of the skipped chart on every keystroke (two charts of notifications' first panel, 2–4 ms each, in a CPU
 * trace of typing, 2026-12-07).
 */
let columnWidth: number | undefined;
/** The content column (Starlight's), observed with the boxes; not itself skipped by content-visibility. */
const column = (): Element | null => document.querySelector('.sl-markdown-content');

/** The static rendering's width for a box this wide (the rule of .lb-static-narrow in site.css). */
function widthFor(box: HTMLElement): number {
  // Before the observer's first report, the column's own width (read once; reading a skipped box's would lay it out).
  columnWidth ??= column()?.clientWidth || undefined;
  return (boxWidths.get(box) ?? columnWidth ?? box.clientWidth) <= 540 ? staticWidths.narrow : staticWidths.wide;
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
    const t = tableIn(mod, data, units);
    // The headers follow the reader's units (a declared column): rewritten only when the choice changed.
    if (headersIn.get(box) !== units) {
      headersIn.set(box, units);
      details.querySelectorAll('thead th').forEach((th, i) => {
        const text = t.columns[i];
        if (text !== undefined && th.textContent !== text) th.textContent = text;
      });
    }
    writeRows(tbody, t.rows);
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

function onMainThread(job: Job): void {
  job.box.removeAttribute('aria-busy');
  const t0 = performance.now();
  const sweep = sweepPoints(job.e.model, job.e.input, job.sweep);
  sweepCosts.observe(job.mod.name, performance.now() - t0, firstRuns.first(job.mod.name));
  paint(job.box, job.mod, { input: job.e.input, output: job.e.output, sweep });
}

const queue = new WorkerQueue<HTMLElement, Job, SweepAnswer>(
  () => new Worker(new URL('./sweep-worker.ts', import.meta.url), { type: 'module' }),
  {
    target: (job) => job.box,
    request: (job, id): SweepRequest => ({
      id,
      area: job.e.area ?? '',
      model: job.e.model.id,
      input: job.e.input,
      sweep: job.sweep,
    }),
    sent: (job) => job.box.setAttribute('aria-busy', 'true'),
    failed: onMainThread,
    answered(job, a, next) {
      // An answer older than what the box shows (a newer edit drawn here since) is dropped.
      if (latest.get(job.box) !== job.e && !next) return job.box.removeAttribute('aria-busy');
      if (a.points === undefined) onMainThread(job);
      else {
        if (a.ms !== undefined) sweepCosts.observe(job.mod.name, a.ms, a.cold === true);
        paint(job.box, job.mod, { input: job.e.input, output: job.e.output, sweep: a.points });
        performance.measure(`lb:chart worker ${job.mod.name}`, { start: job.at, end: performance.now() });
      }
      if (next) job.box.setAttribute('aria-busy', 'true');
      else job.box.removeAttribute('aria-busy');
    },
  },
);

async function draw(box: HTMLElement, e: Evaluation): Promise<void> {
  const load = loaderOf(box.dataset['lbChart'] ?? '');
  if (!load) return;
  const mod = await load();
  if (mod.sweep && e.area && sweepCosts.heavy(mod.name) && queue.available()) {
    queue.submit({ box, mod, e, sweep: mod.sweep(e.input, e.output), at: performance.now() });
    return;
  }
  queue.drop(box); // a cheap sweep now: an older job waiting would draw over it
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
/** Boxes whose redraw waits until they come near the screen, or the reader pauses and the browser is idle. */
const stale = new Set<HTMLElement>();
/** Counts the requests to draw later: a chain of idle redraws started before the latest one stops. */
let lateRound = 0;

/**
 * How long the reader's edits must pause before charts far from the screen are redrawn: each keystroke makes
 * them stale again, so redrawing them between keystrokes is work no one sees (the largest script item of a
 * CPU profile of typing on the notifications page, ≈ 5 ms a keystroke).
 */
const QUIET_MS = 300;

function drawLater(box: HTMLElement): void {
  stale.add(box);
  const round = ++lateRound;
  const next = () => {
    if (round !== lateRound) return; // a newer edit: its own round redraws these after its pause
    const [first] = stale;
    if (!first) return;
    stale.delete(first);
    const e = latest.get(first);
    if (e) void draw(first, e);
    if (stale.size) whenIdle(next);
  };
  window.setTimeout(() => whenIdle(next), QUIET_MS);
}

function whenIdle(run: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 1000 });
  else setTimeout(run, 200);
}

/** The observer's callback: the column's width, or a box's (redrawn if it now needs the other static width). */
function onResize(entries: ResizeObserverEntry[]): void {
  for (const entry of entries) {
    if (entry.target === column()) {
      if (entry.contentRect.width > 0) columnWidth = entry.contentRect.width;
      continue;
    }
    const box = entry.target as HTMLElement;
    boxWidths.set(box, entry.contentRect.width);
    if (entry.contentRect.width > 0) columnWidth = entry.contentRect.width;
    const last = latest.get(box);
    // Not yet painted (its first draw still loading): that paint reads the width just recorded.
    const painted = box.dataset['lbWidth'];
    if (last !== undefined && painted !== undefined && widthFor(box) !== Number(painted)) void draw(box, last);
  }
}

/** Each scenario's chart boxes, found once (the build's HTML; a redraw replaces what is inside a box, not the box). */
const boxesOf = new Map<string, HTMLElement[]>();

/**
 * Redraws the scenario's charts. A chart on or near the screen is redrawn now (in the edit's frame); one
 * far from it when it comes near, or once the reader pauses (QUIET_MS) and the browser is idle, so its table never
 * lags for long: a keystroke does not wait for charts the reader cannot see.
 */
export async function redrawCharts(scenario: string, e: Evaluation): Promise<void> {
  if (!observer) {
    observer = new ResizeObserver(onResize);
    const col = column();
    if (col) observer.observe(col);
  }
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
  let boxes = boxesOf.get(scenario);
  if (!boxes) {
    boxes = [...document.querySelectorAll<HTMLElement>(`.lb-chart-plot[data-lb-scenario="${CSS.escape(scenario)}"]`)];
    boxesOf.set(scenario, boxes);
  }
  await Promise.all(
    boxes.map((box) => {
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
    else if (!queue.busy(box)) paint(box, shown.mod, shown.data); // a busy box paints its answer in the new units
  }
  notYet.delete('');
  return notYet;
}
