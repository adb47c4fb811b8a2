/**
 * The live bands, tornado and what-breaks-first figures, loaded when the scenario runtime first shows a
 * scenario that has one (live-figure-element.ts). Each `lb:scenario` sends every figure of that scenario to a
 * module worker (live-figures-worker.ts) with the inputs and outputs the page now shows and the reader's
 * ranges (reader-ranges.ts); while it works the figure keeps its last drawing, aria-busy, with a quiet
 * "Updating…". The latest edit wins: a figure has at most one request in the worker and one waiting, and
 * an answer with a newer request waiting behind it is dropped, never drawn. The answer is drawn with the
 * build's own code: the chart modules (src/charts/tornado.ts, breaks-first.ts, at both static widths, so
 * the page's CSS picks the same one) and the words (src/lib/figure-words.ts). Without workers, or when the
 * model refuses the values, the figure keeps its last drawing and says it could not follow.
 */
import type { ChartContext, ChartTable } from '../lib/chart.ts';
import { inUnits } from '../lib/chart-units.ts';
import {
  bandsCaption,
  bandsColumns,
  bandsRows,
  bandsSentence,
  breaksCaption,
  breaksLabel,
  breaksSentence,
  tornadoCaption,
  tornadoLabel,
  tornadoSentence,
  type Part,
} from '../lib/figure-words.ts';
import { formatValue, type Format } from '../lib/format.ts';
import type { FigureConfig, FigureData, RangeUsed } from '../lib/live-figures.ts';
import { staticWidths } from '../lib/static-widths.ts';
import type { FigureAnswer, FigureRequest } from './live-figures-worker.ts';
import { setMarkerData } from './load-marker.ts';
import { chosenUnits } from './output-units.ts';
import { readerRanges } from './reader-ranges.ts';
import { writeRows } from './table-rows.ts';
import { WorkerQueue, type NotRun } from './worker-queue.ts';
import type { ScenarioShown } from './scenario-runtime.ts';

const configs = new WeakMap<HTMLElement, FigureConfig>();

function configOf(fig: HTMLElement): FigureConfig | undefined {
  let c = configs.get(fig);
  if (!c) {
    const json = fig.querySelector('script.lb-live-config')?.textContent;
    if (!json) return undefined;
    c = JSON.parse(json) as FigureConfig;
    configs.set(fig, c);
  }
  return c;
}

interface Job {
  readonly fig: HTMLElement;
  readonly request: Omit<FigureRequest, 'id'>;
  readonly at: number;
}

/** "Updating…" shows only when an answer takes longer than this (no flash on a quick one). */
const BUSY_NOTE_MS = 250;
const busyTimers = new WeakMap<HTMLElement, number>();

function setBusy(fig: HTMLElement, on: boolean): void {
  if (on && fig.getAttribute('aria-busy') !== 'true') fig.setAttribute('aria-busy', 'true');
  else if (!on && fig.hasAttribute('aria-busy')) fig.removeAttribute('aria-busy');
  const note = fig.querySelector<HTMLElement>('.lb-live-busy');
  if (!note) return;
  window.clearTimeout(busyTimers.get(fig));
  if (!on) {
    note.hidden = true;
    return;
  }
  busyTimers.set(
    fig,
    window.setTimeout(() => {
      note.textContent = 'Updating…';
      note.hidden = false;
    }, BUSY_NOTE_MS),
  );
}

function failed(fig: HTMLElement, why: string): void {
  setBusy(fig, false);
  const note = fig.querySelector<HTMLElement>('.lb-live-busy');
  if (note) {
    note.hidden = false;
    note.textContent = `Could not follow your values (${why}): this is the last figure computed.`;
  }
}

const WHY: Readonly<Record<NotRun, string>> = {
  'no worker': 'this browser cannot run it off the page',
  'not sent': 'the values could not be sent',
  'worker stopped': 'the worker stopped',
};

const queue = new WorkerQueue<HTMLElement, Job, FigureAnswer>(
  () => new Worker(new URL('./live-figures-worker.ts', import.meta.url), { type: 'module' }),
  {
    target: (job) => job.fig,
    request: (job, id) => ({ id, ...job.request }) satisfies FigureRequest,
    sent: (job) => setBusy(job.fig, true),
    failed: (job, why) => failed(job.fig, WHY[why]),
    answered: (job, a, next) => {
      if (!next) answered(job, a); // else a newer edit is in the worker: this answer is stale
    },
  },
);

function answered(job: Job, a: FigureAnswer): void {
  if (!a.data) return failed(job.fig, a.error ?? 'no answer');
  if (a.ms !== undefined) {
    // the worker's own compute time, placed just before now (User Timing, for the bench and the note)
    const now = performance.now();
    performance.measure(`lb:live compute ${a.data.kind}`, { start: Math.max(0, now - a.ms), end: now });
  }
  const done = () => {
    setBusy(job.fig, false);
    performance.measure('lb:live figure', { start: job.at, end: performance.now() });
    job.fig.dispatchEvent(new CustomEvent('lb-figure-updated', { bubbles: true }));
  };
  // The same figure as the one showing (an edit of an input it does not read, a value typed back): nothing to draw.
  const key = JSON.stringify(a.data);
  if (drawnData.get(job.fig) === key) return done();
  void draw(job.fig, a.data).then(
    () => {
      drawnData.set(job.fig, key);
      done();
    },
    (error: unknown) => {
      drawnData.delete(job.fig);
      failed(job.fig, String(error));
    },
  );
}

/** The data each figure last drew, as JSON. */
const drawnData = new WeakMap<HTMLElement, string>();

/**
 * The assumptions table says which ranges the figures used: "your range 1 million to 9 million" for a range
 * the reader gave, "range … (moved with your value)" for a declared range that follows the reader's value,
 * and the declared text again when neither (kept in the element).
 */
function markRanges(config: FigureConfig, used: readonly RangeUsed[]): void {
  if (config.kind === 'breaks-first') return;
  const scenario = config.scenario;
  for (const span of document.querySelectorAll<HTMLElement>(`.lb-range-values[data-lb-range-of^="${CSS.escape(scenario)}."]`)) {
    const field = (span.dataset['lbRangeOf'] ?? '').slice(scenario.length + 1);
    span.dataset['lbDeclared'] ??= span.textContent?.trim() ?? '';
    span.dataset['lbDeclaredHidden'] ??= String(span.hidden);
    const u = used.find((r) => r.field === field);
    const declared = config.ranges[field];
    const moved = u && declared && (u.low !== declared.low || u.high !== declared.high);
    if (u && (u.reader || moved)) {
      const format = span.dataset['lbFormat'] as Format | undefined;
      const suffix = span.dataset['lbSuffix'] ? `\u00a0${span.dataset['lbSuffix']}` : '';
      const text = `${formatValue(u.low, { format })} to ${formatValue(u.high, { format })}${suffix}`;
      span.textContent = u.reader ? `your range ${text}` : `range ${text} (moved with your value)`;
      span.hidden = false;
      span.classList.toggle('lb-range-yours', u.reader);
    } else {
      span.textContent = span.dataset['lbDeclared'] ?? '';
      span.hidden = span.dataset['lbDeclaredHidden'] === 'true';
      span.classList.remove('lb-range-yours');
    }
  }
}

const figures = new Map<string, HTMLElement[]>();

/** The live figures that follow a scenario (their own, or one named in data-lb-also), found once per scenario. */
function figuresOf(scenario: string): HTMLElement[] {
  let list = figures.get(scenario);
  if (!list) {
    const name = CSS.escape(scenario);
    list = [
      ...document.querySelectorAll<HTMLElement>(`figure.lb-live:is([data-lb-scenario="${name}"], [data-lb-also~="${name}"])`),
    ];
    figures.set(scenario, list);
  }
  return list;
}

/** Recompute every live figure of the scenario just shown. */
export function follow(d: ScenarioShown, latest: ReadonlyMap<string, ScenarioShown> = new Map()): void {
  for (const fig of figuresOf(d.name)) {
    const config = configOf(fig);
    if (!config) continue;
    // The figure's own scenario as the page now shows it (the page's values, output computed by the worker,
    // when only another scenario it reads has changed).
    const own = config.scenario === d.name ? d : latest.get(config.scenario);
    const othersInput: Record<string, Readonly<Record<string, unknown>>> = {};
    for (const o of config.kind === 'breaks-first' ? config.others : []) {
      const shown = o.name === d.name ? d : latest.get(o.name);
      if (shown) othersInput[o.name] = shown.input;
    }
    const job: Job = {
      fig,
      request: {
        config,
        input: own?.input ?? config.page,
        ...(own ? { output: own.output } : {}),
        reader: readerRanges(config.scenario),
        othersInput,
      },
      at: performance.now(),
    };
    watch(fig);
    if (near.get(fig) === false) {
      later.set(fig, job);
      setBusy(fig, true);
      sendLater();
    } else {
      later.delete(fig);
      submit(job);
    }
  }
}

function submit(job: Job): void {
  if (queue.submit(job) === 'waiting') setBusy(job.fig, true);
}

/** Whether each figure is on or near the screen (IntersectionObserver; unknown counts as near). */
const near = new WeakMap<HTMLElement, boolean>();
let seen: IntersectionObserver | undefined;
const watched = new WeakSet<HTMLElement>();

/**
 * The newest job of each figure far from the screen: sent when the figure comes near, or once the reader
 * pauses (as chart-runtime.ts does with charts): each keystroke would make it stale again, and a Monte Carlo
 * run per keystroke for a figure no one sees holds a core of a two-core machine for the whole burst.
 */
const later = new Map<HTMLElement, Job>();
const QUIET_MS = 300;
let laterTimer: number | undefined;

function watch(fig: HTMLElement): void {
  if (typeof IntersectionObserver !== 'function' || watched.has(fig)) return;
  watched.add(fig);
  seen ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const f = entry.target as HTMLElement;
        near.set(f, entry.isIntersecting);
        const job = later.get(f);
        if (entry.isIntersecting && job) {
          later.delete(f);
          submit(job);
        }
      }
    },
    { rootMargin: '200px 0px' },
  );
  seen.observe(fig);
}

function sendLater(): void {
  window.clearTimeout(laterTimer);
  laterTimer = window.setTimeout(() => {
    const send = () => {
      for (const job of later.values()) submit(job);
      later.clear();
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(send, { timeout: 1000 });
    else send();
  }, QUIET_MS);
}

// ---- Drawing ----------------------------------------------------------------------------------------

/** Whether the element already shows these words, bold where they are bold. */
function showsParts(el: Element, list: readonly Part[]): boolean {
  const all = list.map((p) => (typeof p === 'string' ? p : p.strong)).join('');
  const bold = list.flatMap((p) => (typeof p === 'string' ? [] : [p.strong]));
  const shown = el.querySelectorAll('strong');
  return el.textContent === all && shown.length === bold.length && bold.every((b, i) => shown[i]?.textContent === b);
}

function parts(target: Element | null, list: readonly Part[]): void {
  if (!target || showsParts(target, list)) return; // unchanged words are not laid out again
  target.replaceChildren(
    ...list.map((p) =>
      typeof p === 'string'
        ? document.createTextNode(p)
        : Object.assign(document.createElement('strong'), { textContent: p.strong }),
    ),
  );
}

function text(fig: HTMLElement, selector: string, value: string): void {
  const el = fig.querySelector(selector);
  if (el && el.textContent !== value) el.textContent = value;
}

function rows(tbody: Element | null | undefined, list: readonly (readonly string[])[], rowHeader = false): void {
  if (!tbody) return;
  writeRows(tbody, list, (text, i) => {
    const header = rowHeader && i === 0;
    const cell = document.createElement(header ? 'th' : 'td');
    if (header) cell.setAttribute('scope', 'row');
    else if (rowHeader) cell.className = 'lb-num';
    cell.textContent = text;
    return cell;
  });
}

function head(thead: Element | null | undefined, columns: readonly string[]): void {
  if (thead)
    writeRows(thead, [columns], (text) => Object.assign(document.createElement('th'), { scope: 'col', textContent: text }));
}

/** The two figure charts (method syntax: each takes its own kind of figure data). */
interface FigureChart {
  render(data: FigureData, context: ChartContext): Element;
  table(data: FigureData): ChartTable;
}

const charts = import.meta.glob<FigureChart>(['../charts/tornado.ts', '../charts/breaks-first.ts'], { import: 'default' });

/** The chart at both static widths, as the build wrote it (the CSS shows the one that fits). */
async function plot(fig: HTMLElement, name: 'tornado' | 'breaks-first', data: FigureData, label: string): Promise<void> {
  const load = charts[`../charts/${name}.ts`];
  const box = fig.querySelector<HTMLElement>('.lb-live-plot');
  if (!load || !box) return;
  const mod = await load();
  const t0 = performance.now();
  const divs = (['wide', 'narrow'] as const).map((w) => {
    const div = document.createElement('div');
    div.className = `lb-static lb-static-${w}`;
    div.setAttribute('aria-hidden', 'true');
    div.append(inUnits(chosenUnits(), undefined, () => mod.render(data, { width: staticWidths[w] })));
    return div;
  });
  box.replaceChildren(...divs);
  box.setAttribute('aria-label', label);
  performance.measure(`lb:live render ${name}`, { start: t0, end: performance.now() });
}

/** What each figure shows, to draw it again in the reader's units of results without recomputing. */
const shown = new WeakMap<HTMLElement, FigureData>();

// The reader chose other units of results (scenario-runtime.ts): the figures drawn here follow, once each
// (charts, and the durations and sizes of the bands' and tornadoes' words and tables).
document.addEventListener('lb:units', () => {
  for (const fig of document.querySelectorAll<HTMLElement>('figure.lb-live')) {
    const data = shown.get(fig);
    if (data && !queue.busy(fig)) void draw(fig, data);
  }
});

async function draw(fig: HTMLElement, data: FigureData): Promise<void> {
  shown.set(fig, data);
  const config = configOf(fig);
  const words = config?.words ?? {};
  if (data.kind === 'bands') {
    if (config) markRanges(config, data.ranges);
    const table = fig.querySelector('table');
    head(table?.tHead, bandsColumns(data));
    rows(table?.tBodies[0], bandsRows(data, chosenUnits()), true);
    parts(fig.querySelector('.lb-live-says'), bandsSentence(data, chosenUnits()));
    text(fig, '.lb-live-at', bandsCaption(data, words));
    return;
  }
  if (data.kind === 'tornado') {
    const mod = await charts['../charts/tornado.ts']?.();
    await plot(fig, 'tornado', data, tornadoLabel(data, chosenUnits()));
    parts(fig.querySelector('.lb-live-says'), tornadoSentence(data, chosenUnits()));
    text(fig, '.lb-live-at', tornadoCaption(data, words));
    const t = mod && inUnits(chosenUnits(), undefined, () => mod.table(data));
    if (t) rows(fig.querySelector('.lb-chart-data tbody'), t.rows);
    return;
  }
  await plot(fig, 'breaks-first', data, breaksLabel(data));
  parts(fig.querySelector('.lb-live-says'), breaksSentence(data));
  text(fig, '.lb-live-at', breaksCaption(data, words));
  setMarkerData(fig, data); // the marker's sentence and the table, at the marker's multiple
}
