/**
 * The live part of a scenario, loaded on the reader's first edit: reads the panel's fields, validates
 * them with the model's own schema, recomputes with the model's own function, then updates every bound
 * number, claim and chart of the scenario and of the scenarios derived from it, and records the scenario
 * in the URL. A bad value gets a message beside its field, the last good numbers and charts stay, and
 * the bad value never enters the URL.
 *
 * Links (src/lib/scenario-link.ts) state values in base units or with an explicit unit, and hold the
 * whole scenario the reader changed, so they keep their meaning when the page's defaults or display
 * units change. Each burst of edits to one field is one step of the browser's history: back and forward
 * step through the reader's edits.
 *
 * Scenarios that follow this one (an input taken from its output, src/lib/scenario.ts follow()) are
 * recomputed after it, with the new value, and those that follow them in turn: a chain of models stays
 * one chain. A follower with a panel is recomputed through its panel (its own edits kept); one without
 * is recomputed from the page's inputs.
 *
 * The panel (scenario-element.ts) calls `update` on every input event once this module is loaded; a live
 * edit whose value the model rejects keeps the last good result and leaves its message for the commit.
 * The URL is written at most once per URL_WAIT_MS of a burst (Chromium ignores history updates past
 * about 200 in 10 s, which a drag at 60 frames a second would reach), at idle; a step of its own (another
 * field, a reset) settles the one waiting first. User Timing measures `lb:check` (validation and model), `lb:values`
 * (bound numbers, claims, lists) and `lb:charts` (chart redraws) say where an edit's time goes.
 */
import './zod-jitless.ts'; // before any schema parses: no eval probe under the CSP
import { check } from '../../models/evaluate.ts';
import type { Model } from '../../models/model.ts';
import { problemsFromIssues, type Problem } from '../../models/problems.ts';
import { claimHolds, type Claim } from '../lib/claims.ts';
import { fromDisplay, toDisplay } from '../lib/display-units.ts';
import { pick } from '../lib/pick.ts';
import { derivedInputs, linkedInputs, type Derivation, type Link } from '../lib/scenario.ts';
import { linkValue, parseLinkValue, safeKey } from '../lib/scenario-link.ts';
import { prefetchCharts, redrawCharts, redrawInUnits } from './chart-runtime.ts';
import {
  differsFromPage,
  markFromLink,
  placeSliders,
  restoreUnits,
  sliderMoved,
  unitsChosen,
  unitFromLink,
  notePageLink,
  type ControlledField,
} from './field-controls.ts';
import { loadModel } from './models.ts';
import { applyOutputUnits as applyToValues, formatShown, outputUnitChosen as chooseUnits } from './output-units.ts';
import { listsInUnits, paintList } from './list-tables.ts';
export { showUnitChoice } from './output-units.ts';
import { formatOptionsOf } from '../lib/output-units.ts';
import { rangeParams, rangesFromUrl, readRanges } from './reader-ranges.ts';
import { FirstRuns, RunCosts } from './run-costs.ts';
import type { CheckAnswer, CheckRequest } from './sweep-worker.ts';
import { takeaway as takeItAway } from './takeaway.ts';
import { keepForReload } from './url-rescue.ts';
import { WorkerQueue } from './worker-queue.ts';

/** Apply the reader's units of results (from the link or storage) to numbers and charts. */
export function applyOutputUnits(): Promise<void> {
  applyToValues();
  listsInUnits();
  return chartsInUnits();
}

/** The reader changed a results-unit menu: numbers, then each chart once. */
export function outputUnitChosen(menu: EventTarget | null): Promise<void> {
  chooseUnits(menu);
  listsInUnits();
  return chartsInUnits();
}

/**
 * Charts in the reader's units: each one drawn here is drawn again from its data; a chart still the
 * build's (its scenario not computed since the page loaded) gets its panel computed at the page's values,
 * which draws it (and its derived and following scenarios' charts) in the new units. So does a live bands
 * or tornado figure still the build's: the computed panel sends `lb:scenario`, and live-figures.ts
 * recomputes it and writes its words in the reader's units.
 */
async function chartsInUnits(): Promise<void> {
  document.dispatchEvent(new Event('lb:units')); // the live figures (live-figures.ts) redraw from their data
  // The bands and tornadoes still the build's are words with durations and sizes in them: their panels too.
  const live = [
    ...document.querySelectorAll<HTMLElement>('figure.lb-live:is([data-lb-live="bands"], [data-lb-live="tornado"])'),
  ].map((f) => f.dataset['lbScenario'] ?? '');
  const wanted = [...new Set([...redrawInUnits(), ...live])].filter((name) => name && !latest.has(name));
  if (!wanted.length) return;
  // The panel that computes each: its own, or the panel it is derived from or follows (at any depth).
  const panels = [...document.querySelectorAll<HTMLElement>('lb-scenario.lb-panel[data-lb-scenario]')];
  const computes = new Map(panels.map((p) => [p, computedBy(nameOf(p), configOf(p))]));
  const chosen = new Set<HTMLElement>();
  for (const name of wanted) {
    const own = panels.find((p) => nameOf(p) === name) ?? panels.find((p) => computes.get(p)?.has(name));
    if (own) chosen.add(own);
  }
  // Scenarios that follow others last, and each once: computing one computes those that follow it.
  const order = [...chosen].sort((a, b) => Number(configOf(a).links.length > 0) - Number(configOf(b).links.length > 0));
  for (const panel of order) if (!latest.has(nameOf(panel))) await update(panel, undefined, false);
}

/** The scenarios a panel's computation shows: its own, those derived from it, those that follow it. */
function computedBy(name: string, c: { derived: readonly Derivation[]; followers?: readonly Follower[] }): Set<string> {
  const out = new Set<string>([name, ...c.derived.map((d) => d.name)]);
  for (const f of c.followers ?? []) for (const n of computedBy(f.name, f)) out.add(n);
  return out;
}

/** A panel field; its unit, unit label, range text and default text follow the reader's unit choice. */
interface FieldConfig extends ControlledField {
  optional: boolean;
  options?: string[];
}
interface Follower {
  name: string;
  model: string;
  area: string;
  inputs: Record<string, unknown>;
  links: Link[];
  derived: Derivation[];
  followers: Follower[];
}
interface Config {
  model: string;
  /** the model's area (models/<area>/), from which the model is loaded */
  area: string;
  inputs: Record<string, unknown>;
  derived: Derivation[];
  /** this scenario's inputs that follow other scenarios' outputs */
  links: Link[];
  /** the scenarios that follow this one's outputs */
  followers: Follower[];
  fields: FieldConfig[];
}

const configs = new WeakMap<HTMLElement, Config>();

function configOf(el: HTMLElement): Config {
  let c = configs.get(el);
  if (!c) {
    const json = el.querySelector('script[type="application/json"]')?.textContent ?? '{}';
    c = JSON.parse(json) as Config;
    configs.set(el, c);
  }
  return c;
}

function nameOf(el: HTMLElement): string {
  return el.dataset['lbScenario'] ?? '';
}

function control(el: HTMLElement, name: string): HTMLInputElement | HTMLSelectElement | null {
  return el.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${CSS.escape(name)}"]`);
}

function setStatus(el: HTMLElement, text: string, error: boolean): void {
  const status = el.querySelector<HTMLElement>('.lb-status');
  if (!status) return;
  if (status.textContent !== text) status.textContent = text;
  status.classList.toggle('lb-status-error', error);
}

/** Text typed by a reader → the value handed to the schema (which judges it). */
function parseField(f: FieldConfig, input: HTMLInputElement | HTMLSelectElement): unknown {
  if (f.kind === 'boolean') return (input as HTMLInputElement).checked;
  if (f.kind === 'enum') return input.value;
  const typed = input.value.trim();
  // Thousands separators are allowed ("500,000", "500 000", "500_000"); a decimal comma ("0,5") is not
  // guessed at: it stays text, and the schema's message explains what is expected.
  const text = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(typed) ? typed.replace(/,/g, '') : typed.replace(/[_\s]/g, '');
  if (text === '') return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return input.value.trim();
  return f.unit ? fromDisplay(n, f.unit) : n;
}

/** A base-unit value as the text of its field, in the unit the field shows. */
function fieldText(f: FieldConfig, value: unknown): string {
  if (typeof value !== 'number') return String(value);
  return String(Number(toDisplay(value, f.unit).toPrecision(12)));
}

/** A link's values that could not be read, shown beside whatever the panel's own check finds while it is filled from the link. */
const linkProblems = new WeakMap<HTMLElement, readonly Problem[]>();

function showProblems(el: HTMLElement, cfg: Config, found: readonly Problem[], typed: Record<string, string>): void {
  const problems = [...(linkProblems.get(el) ?? []), ...found];
  const byField = new Map<string, string>();
  const other: string[] = [];
  for (const p of problems) {
    const top = p.field.split('.')[0] ?? '';
    const f = cfg.fields.find((x) => x.name === top);
    if (!f) {
      other.push(p.field ? `${p.field}: ${p.message}` : p.message);
      continue;
    }
    // Messages built from the schema are restated in the unit the reader sees; rules keep their words.
    const unitText = f.unitLabel ? ` ${f.unitLabel}` : '';
    const was = typed[f.name] ?? '';
    const got = was ? ` (got ${JSON.stringify(was.slice(0, 40))})` : '';
    const message =
      was === ''
        ? `Enter ${f.allowed}${unitText}.`
        : p.kind === 'range' || p.kind === 'required'
          ? `Must be ${f.allowed}${unitText}${got}.`
          : `${p.message.charAt(0).toUpperCase()}${p.message.slice(1)}.`;
    if (!byField.has(f.name)) byField.set(f.name, message);
  }
  for (const f of cfg.fields) {
    const input = control(el, f.name);
    const box = el.querySelector<HTMLElement>(`#${CSS.escape(`lb-${nameOf(el)}-${f.name}`)}-error`);
    const message = byField.get(f.name);
    // Written only when they change: an edit's frame should not lay out a panel that looks the same.
    if (message) input?.setAttribute('aria-invalid', 'true');
    else if (input?.hasAttribute('aria-invalid')) input.removeAttribute('aria-invalid');
    if (box) {
      if (box.textContent !== (message ?? '')) box.textContent = message ?? '';
      if (box.hidden !== !message) box.hidden = !message;
    }
  }
  setStatus(
    el,
    problems.length
      ? `${other.length ? `${other.join(' ')} ` : ''}Showing the last valid result until the highlighted ${byField.size === 1 ? 'value is' : 'values are'} fixed.`
      : '',
    problems.length > 0,
  );
}

/**
 * Sent on `document` as `lb:scenario` whenever a scenario's numbers are shown anew (an edit, a link, a reset,
 * or a scenario that follows one): what a figure computed elsewhere (bands, tornado, what breaks first) needs
 * to follow the reader. Values in base units, as the model takes and gives them.
 */
export interface ScenarioShown {
  readonly name: string;
  readonly model: string;
  readonly area: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly output: Readonly<Record<string, unknown>>;
}

/** The latest output shown for each scenario that has recomputed since the page loaded (what followers read). */
const latest = new Map<string, Record<string, unknown>>();

type ClaimData = Pick<Claim, 'left' | 'op' | 'right' | 'times'>;
const claimsOf = new WeakMap<HTMLElement, ClaimData>();

interface Bound {
  readonly values: readonly HTMLElement[];
  readonly claims: readonly HTMLElement[];
  readonly lists: readonly HTMLTableElement[];
}
const boundNodes = new Map<string, Bound>();

/** The numbers, claims and list tables bound to a scenario, found once (they are the build's HTML, never replaced). */
function boundTo(name: string): Bound {
  let b = boundNodes.get(name);
  if (!b) {
    const sel = `[data-lb-scenario="${CSS.escape(name)}"]`;
    b = {
      values: [...document.querySelectorAll<HTMLElement>(`.lb-value${sel}`)],
      claims: [...document.querySelectorAll<HTMLElement>(`.lb-when${sel}`)],
      lists: [...document.querySelectorAll<HTMLTableElement>(`table.lb-list${sel}`)],
    };
    boundNodes.set(name, b);
  }
  return b;
}

/** A User Timing measure from `start` to now (what the bench reports per phase). */
function measure(name: string, start: number): number {
  const end = performance.now();
  performance.measure(name, { start, end });
  return end;
}

/** Every number, claim and chart bound to scenario `name`; resolves when its charts are redrawn. */
function applyOutput(
  name: string,
  model: Model,
  area: string,
  input: Record<string, unknown>,
  output: Record<string, unknown>,
): Promise<void> {
  const t0 = performance.now();
  latest.set(name, output);
  document.dispatchEvent(
    new CustomEvent<ScenarioShown>('lb:scenario', { detail: { name, model: model.id, area, input, output } }),
  );
  const bound = boundTo(name);
  for (const node of bound.values) {
    const d = node.dataset;
    const value = d['lbInput'] ? pick(input, d['lbInput']) : pick(output, d['lbField'] ?? '');
    if (d['lbV'] !== undefined && typeof value === 'number' && d['lbV'] !== String(value)) d['lbV'] = String(value);
    const text = formatShown(value, formatOptionsOf(d));
    // Most of a page's numbers stay the same at an edit: rewriting one anyway would lay out its paragraph again.
    if (node.textContent !== text) node.textContent = text;
  }
  for (const node of bound.claims) {
    let c = claimsOf.get(node);
    if (!c) claimsOf.set(node, (c = JSON.parse(node.dataset['lbClaim'] ?? '{}') as ClaimData));
    const holds = claimHolds(c, input, output);
    const hidden = holds === undefined || holds === (node.dataset['lbNot'] === 'true');
    if (node.hidden !== hidden) node.hidden = hidden;
  }
  for (const table of bound.lists) paintList(table, pick(output, table.dataset['lbField'] ?? ''));
  const t1 = measure('lb:values', t0);
  return redrawCharts(name, { model, area, input, output }).then(() => void measure('lb:charts', t1));
}

/** The panel's values as link text, or undefined when they are all the page's own. */
function linkValues(cfg: Config, input: Record<string, unknown>, typed: Record<string, string>): Map<string, string> | undefined {
  if (cfg.fields.every((f) => typed[f.name] === f.value)) return undefined;
  const out = new Map<string, string>();
  for (const f of cfg.fields) {
    if (input[f.name] === undefined) continue;
    out.set(f.name, linkValue(input[f.name], f.unit));
  }
  return out;
}

/** Whether the last history entry is this field's ongoing edit (then it is replaced, not added). */
let editing: { scenario: string; field: string } | undefined;

/**
 * Within a burst, the URL is written this long after the last edit (or when another step starts); then, and
 * after a commit, in the browser's next idle period (at most URL_IDLE_MS later): a `replaceState` costs
 * 1–5 ms, which a keystroke's frame should not pay. Never lost: another step, a reset, a copy of the link
 * and back/forward settle it first; leaving the page (a reload, closing the tab) writes it, and a reload,
 * whose address the browser has fixed before the page hears of it, gets it back from session storage
 * (url-rescue.ts).
 */
const URL_WAIT_MS = 150;
const URL_IDLE_MS = 100;
interface PendingUrl {
  readonly name: string;
  readonly values: Map<string, string> | undefined;
  readonly field: string | undefined;
  timer?: number | undefined;
  idle?: number | undefined;
}
let pendingUrl: PendingUrl | undefined;

function writeUrl(name: string, values: Map<string, string> | undefined, field: string | undefined, now = false): void {
  if (pendingUrl && (pendingUrl.name !== name || pendingUrl.field !== field)) flushUrl();
  unschedule(pendingUrl);
  const p: PendingUrl = { name, values, field };
  pendingUrl = p;
  if (now) whenIdle(p);
  else p.timer = window.setTimeout(() => whenIdle(p), URL_WAIT_MS);
}

function whenIdle(p: PendingUrl): void {
  p.timer = undefined;
  if (typeof requestIdleCallback === 'function') p.idle = requestIdleCallback(flushUrl, { timeout: URL_IDLE_MS });
  else p.timer = window.setTimeout(flushUrl, 0);
}

function unschedule(p: PendingUrl | undefined): void {
  if (p?.timer !== undefined) window.clearTimeout(p.timer);
  if (p?.idle !== undefined) cancelIdleCallback(p.idle);
}

/** Write the waiting URL now. */
function flushUrl(): void {
  const p = pendingUrl;
  pendingUrl = undefined;
  if (!p) return;
  unschedule(p);
  writeUrlNow(p.name, p.values, p.field);
}

/** Forget the waiting URL (back or forward moved to another one). */
function dropUrl(): void {
  unschedule(pendingUrl);
  pendingUrl = undefined;
}

// Leaving the page with a URL still waiting: write it (closing or hiding the tab keeps it in the session's
// history), and keep it for a reload, which has already taken the address it reloads (url-rescue.ts). Kept at
// `beforeunload` too: earlier than `pagehide`, so the reloaded page reads it (not a listener that keeps the
// page out of the back/forward cache, as `unload` would be).
const leaving = (): void => {
  if (!pendingUrl) return;
  flushUrl();
  keepForReload(location.href);
};
addEventListener('beforeunload', leaving);
addEventListener('pagehide', leaving);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') flushUrl();
});

function urlFor(name: string, values: Map<string, string> | undefined): URL {
  const url = new URL(location.href);
  for (const key of [...url.searchParams.keys()]) if (key.startsWith(`${name}.`)) url.searchParams.delete(key);
  for (const [k, v] of values ?? []) url.searchParams.set(`${name}.${k}`, v);
  for (const [k, v] of rangeParams(name)) url.searchParams.set(k, v);
  return url;
}

function writeUrlNow(name: string, values: Map<string, string> | undefined, field: string | undefined): void {
  const url = urlFor(name, values);
  if (url.href === location.href) return;
  const same = field !== undefined && editing?.scenario === name && editing.field === field;
  if (same || field === undefined) history.replaceState(history.state, '', url);
  else history.pushState(history.state, '', url);
  editing = field === undefined ? editing : { scenario: name, field };
}

async function modelOf(el: HTMLElement, cfg: Config): Promise<Model | undefined> {
  try {
    return await loadModel(cfg.area, cfg.model);
  } catch {
    setStatus(el, 'Could not load the calculator; check your connection and edit a value to try again.', true);
    return undefined;
  }
}

/**
 * A heavy model (run-costs.ts: its runs take more than a few milliseconds) runs in the worker
 * (sweep-worker.ts): a simulation (the oversell races, the order workers' queue, a lease simulation) would
 * hold every keystroke for tens of milliseconds. Its scenario's numbers keep their last result (aria-busy)
 * until the answer; everything computed from cheap models is shown at once. Its first run is here (which
 * measures it); the worker's own timings move a model back here when it turns out cheap.
 */
const costs = new RunCosts();
const firstRuns = new FirstRuns();

type Show = (input: Record<string, unknown>, output: Record<string, unknown>) => Promise<unknown>;
interface Job {
  readonly name: string;
  readonly seq: number;
  readonly model: Model;
  readonly area: string;
  readonly raw: Record<string, unknown>;
  readonly show: Show;
  readonly at: number;
  /** Called once the job's numbers are shown (or it will never be): what a committed edit's `update()` awaits. */
  readonly settled: (() => void)[];
  /** A run at the page's values before any edit, only to learn what the model costs (nothing is shown). */
  readonly probe?: boolean;
}

/** The job's numbers are shown, or a newer run's will be instead: whoever waits for it goes on. */
function settle(job: Job): void {
  for (const done of job.settled.splice(0)) done();
}

/** Runs numbered in the order they were asked for: an answer older than what a scenario shows is dropped. */
let nextSeq = 1;
const shownSeq = new Map<string, number>();

/** The scenario's bound numbers say they are being recomputed (or no longer are). */
function markBusy(name: string, on: boolean): void {
  for (const node of boundTo(name).values) {
    if (on) {
      if (!node.hasAttribute('aria-busy')) node.setAttribute('aria-busy', 'true');
    } else if (node.hasAttribute('aria-busy')) node.removeAttribute('aria-busy');
  }
}

/** Shows a result unless a newer one is already shown. */
function showIfNewest(job: Job, input: Record<string, unknown>, output: Record<string, unknown>): Promise<unknown> {
  if ((shownSeq.get(job.name) ?? 0) > job.seq) return Promise.resolve();
  shownSeq.set(job.name, job.seq);
  return job.show(input, output);
}

type Computed =
  { readonly problems: readonly Problem[] } | { readonly input: Record<string, unknown>; readonly drawn: Promise<unknown> };

/** Validates and computes a job here and shows it (resolving once drawn), or returns the model's problems. */
function runHere(job: Job): Computed {
  const t0 = performance.now();
  const r = check(job.model, job.raw);
  const t1 = measure('lb:check', t0);
  if (!r.ok) return { problems: r.problems };
  costs.observe(job.model.id, t1 - t0, firstRuns.first(job.model.id));
  queue.drop(job.name); // an older heavy run waiting would be shown over this one
  const input = r.input as Record<string, unknown>;
  return { input, drawn: showIfNewest(job, input, r.output as Record<string, unknown>) };
}

/** Resolves once a computed scenario is drawn (at once when its values were refused: its last numbers stay). */
function drawnOf(r: Computed): Promise<unknown> {
  return 'drawn' in r ? r.drawn : Promise.resolve();
}

const queue = new WorkerQueue<string, Job, CheckAnswer>(
  () => new Worker(new URL('./sweep-worker.ts', import.meta.url), { type: 'module' }),
  {
    target: (job) => job.name,
    request: (job, id): CheckRequest => ({ kind: 'check', id, area: job.area, model: job.model.id, raw: job.raw }),
    sent: (job) => {
      if (!job.probe) markBusy(job.name, true);
    },
    // No worker, a value the structured clone cannot copy, or the worker stopped (then newest last, so it stays shown).
    failed: (job, why) => {
      if (job.probe) return;
      if (why === 'worker stopped') markBusy(job.name, false);
      void drawnOf(runHere(job)).then(() => settle(job));
    },
    answered: (job, a, next) => {
      if (a.ms !== undefined && a.output) costs.observe(job.model.id, a.ms, a.cold === true);
      if (job.probe) {
        if (a.ms !== undefined) performance.measure(`lb:probe ${job.model.id}`, { start: 0, duration: a.ms });
        return;
      }
      if (!next) markBusy(job.name, false);
      if (a.input && a.output) {
        void showIfNewest(job, a.input, a.output).then(() => {
          measure(`lb:model worker ${job.model.id}`, job.at);
          settle(job);
        });
      } else if (!a.problems && !next) {
        void drawnOf(runHere(job)).then(() => settle(job)); // the worker failed: here, once
      } else settle(job);
    },
    // A newer edit's run took its place: what waited for it waits for that one; dropped, a newer result is shown here.
    superseded: (job, by) => {
      if (by) by.settled.push(...job.settled.splice(0));
      else settle(job);
    },
  },
);

/**
 * Validates `raw` for the model now and returns its problems, if any; else computes it here and shows it
 * (resolving once drawn) or, for a heavy model, sends it to the worker: while the reader types or drags
 * (`live`) resolving at once (its numbers follow when the answer comes), else (a commit, a link, a reset, a
 * copy) once the answer is shown, so that whoever waits for the numbers gets them and the main thread stays
 * free meanwhile (a commit ran a simulation here: 13–40 ms of main thread on marketplace and payments).
 */
function compute(name: string, model: Model, area: string, raw: Record<string, unknown>, show: Show, live = true): Computed {
  const job: Job = { name, seq: nextSeq++, model, area, raw, show, at: performance.now(), settled: [] };
  if (!(costs.heavy(model.id) && area && queue.available())) return runHere(job);
  const t0 = performance.now();
  const parsed = model.input.safeParse(raw, { reportInput: true });
  measure('lb:check', t0);
  if (!parsed.success) return { problems: problemsFromIssues(model.input, parsed.error.issues) };
  const drawn = live ? Promise.resolve() : new Promise<void>((ok) => job.settled.push(ok));
  queue.submit(job);
  return { input: parsed.data as Record<string, unknown>, drawn };
}

/** Numbers, claims and charts of a scenario, of those derived from it, and of the scenarios that follow it. */
function showWithFollowers(
  name: string,
  model: Model,
  area: string,
  derived: readonly Derivation[],
  followers: readonly Follower[],
  live = true,
  origin?: HTMLElement,
): Show {
  return (input, output) => {
    const drawn: Promise<unknown>[] = [applyOutput(name, model, area, input, output)];
    for (const d of derived)
      drawn.push(
        drawnOf(compute(d.name, model, area, derivedInputs(input, d), (i, o) => applyOutput(d.name, model, area, i, o), live)),
      );
    drawn.push(recomputeFollowers(followers, live, origin));
    return Promise.all(drawn);
  };
}

/**
 * Recompute from the panel's current fields. `field` is the one the reader edited (a history step per
 * field); `record: false` leaves the URL alone (the panel was filled from it); `live: true` (an edit
 * being typed) keeps a rejected value's message for later, and the URL write for the end of the burst.
 * Resolves to whether the values were good, once every number, claim and chart shows them (a heavy
 * model's, while the reader types: once its run is sent to the worker; otherwise once its answer is shown).
 */
export async function update(el: HTMLElement, field?: string, record = true, live = false): Promise<boolean> {
  const cfg = configOf(el);
  const name = nameOf(el);
  const model = await modelOf(el, cfg);
  if (!model) return false;
  unitsChosen(el, cfg.fields);
  sliderMoved(el, cfg.fields, field);
  const raw: Record<string, unknown> = linkedInputs(cfg.inputs, cfg.links ?? [], (s) => latest.get(s));
  const typed: Record<string, string> = {};
  // A blank field is a problem of its own, unless the model may go without it: computing with the
  // model's default instead would show numbers the reader never typed.
  const blank: Problem[] = [];
  for (const f of cfg.fields) {
    const input = control(el, f.name);
    if (!input) continue;
    typed[f.name] = f.kind === 'boolean' ? String((input as HTMLInputElement).checked) : input.value.trim();
    const v = parseField(f, input);
    if (v !== undefined) raw[f.name] = v;
    else if (f.optional) delete raw[f.name];
    else blank.push({ field: f.name, message: 'is required', kind: 'required' });
  }
  if (blank.length) {
    const t0 = performance.now();
    const parsed = model.input.safeParse(raw, { reportInput: true });
    measure('lb:check', t0);
    const problems = parsed.success ? [] : problemsFromIssues(model.input, parsed.error.issues);
    if (!live) showProblems(el, cfg, [...blank, ...problems], typed);
    return false;
  }
  // Shown after the panel's messages are cleared and the URL is recorded (below), as before workers.
  let go = (): void => undefined;
  const ready = new Promise<void>((ok) => (go = ok));
  const show = showWithFollowers(name, model, cfg.area, cfg.derived, cfg.followers ?? [], live, el);
  const r = compute(name, model, cfg.area, raw, (input, output) => ready.then(() => show(input, output)), live);
  if ('problems' in r) {
    if (!live) showProblems(el, cfg, r.problems, typed);
    return false;
  }
  showProblems(el, cfg, [], typed);
  placeSliders(el, cfg.fields, r.input, field);
  // The reader's ranges (reader-ranges.ts), judged against these inputs before the figures are told.
  readRanges(el, name, cfg.fields, model, r.input, live);
  if (record) writeUrl(name, linkValues(cfg, raw, typed), field, !live);
  go();
  await r.drawn;
  return true;
}

/**
 * Said in the edited panel when a scenario that follows it without a panel of its own refuses the value it follows:
 * its numbers further down stay the last valid ones, and without this the reader would not know (review 13, A2).
 */
const FOLLOWER_REFUSED = 'Some numbers further down the page cannot follow these values and still show the last valid ones.';

/** Recompute the scenarios that follow one that just changed, then theirs. A bad linked value leaves the last good numbers, said in `origin`, the panel edited. */
async function recomputeFollowers(followers: readonly Follower[], live = true, origin?: HTMLElement): Promise<void> {
  const drawn: Promise<unknown>[] = [];
  for (const f of followers) {
    const panel = document.querySelector<HTMLElement>(`lb-scenario.lb-panel[data-lb-scenario="${CSS.escape(f.name)}"]`);
    if (panel) {
      // Live as the edit it follows: a heavy model of the follower goes to the worker while the reader types
      // (it ran here at every keystroke of the panel it follows: 240 ms of a profile of typing on notifications).
      await update(panel, undefined, false, live);
      continue;
    }
    const model = await loadModel(f.area, f.model).catch(() => undefined);
    if (!model) continue;
    const raw = linkedInputs(f.inputs, f.links, (s) => latest.get(s));
    const r = compute(
      f.name,
      model,
      f.area,
      raw,
      showWithFollowers(f.name, model, f.area, f.derived, f.followers, live, origin),
      live,
    );
    if ('problems' in r && origin && !live) setStatus(origin, FOLLOWER_REFUSED, true);
    drawn.push(drawnOf(r));
  }
  await Promise.all(drawn);
}

/** Fill the panel from the URL's `?<scenario>.<field>=value` parameters (the page's values elsewhere), then recompute. */
export async function fromUrl(el: HTMLElement): Promise<void> {
  dropUrl();
  const cfg = configOf(el);
  const name = nameOf(el);
  const params = new URLSearchParams(location.search);
  let ignored = 0;
  const shown: string[] = [];
  const fromLink: string[] = [];
  const bad: Problem[] = [];
  for (const f of cfg.fields) {
    const input = control(el, f.name);
    if (!input) continue;
    if (f.kind === 'boolean') (input as HTMLInputElement).checked = f.value === 'true';
    else input.value = f.value;
  }
  const ranges = rangesFromUrl(el, name, cfg.fields, params);
  for (const [key, value] of params) {
    if (!key.startsWith(`${name}.`) || ranges.used.has(key)) continue;
    const fieldName = key.slice(name.length + 1);
    const f = cfg.fields.find((x) => x.name === fieldName);
    const input = f && control(el, fieldName);
    if (!f || !input) {
      ignored++;
      const k = safeKey(fieldName);
      if (k && shown.length < 3) shown.push(`"${k}"`);
      continue;
    }
    const parsed = parseLinkValue(value, f);
    if (!parsed.ok) {
      bad.push({ field: f.name, message: `the link's value ${parsed.message}`, kind: 'rule' });
      continue;
    }
    unitFromLink(el, f, value);
    if (differsFromPage(f, parsed.value) && !fromLink.includes(f.name)) fromLink.push(f.name);
    if (f.kind === 'boolean') (input as HTMLInputElement).checked = parsed.value === true;
    else input.value = fieldText(f, parsed.value);
  }
  // An unreadable value keeps the page's own in its field; the link's other values are still judged (a -3 beside
  // an "abc" gets its own message), and both kinds of message are shown together.
  if (bad.length) linkProblems.set(el, bad);
  const ok = await update(el, undefined, false).finally(() => linkProblems.delete(el));
  markFromLink(el, fromLink);
  if (bad.length) {
    const unread = `${bad.length === 1 ? 'A value' : `${bad.length} values`} in the link could not be read: the case study’s own ${bad.length === 1 ? 'value is' : 'values are'} shown in ${bad.length === 1 ? 'its place' : 'their places'}.`;
    const status = el.querySelector<HTMLElement>('.lb-status')?.textContent ?? '';
    setStatus(el, ok ? unread : `${unread} ${status}`, true);
  }
  // Values the panel could not use (unreadable, or refused by the model: its fields marked invalid), and
  // parameters that are not its inputs, said at the top of the page too.
  const refused = el.querySelectorAll('.lb-fields [aria-invalid="true"]').length;
  notePageLink(el, name, Math.max(refused, bad.length, ok ? 0 : 1) + ignored);
  if (ignored) {
    const status = el.querySelector<HTMLElement>('.lb-status');
    const what = shown.length ? ` (${shown.join(', ')}${ignored > shown.length ? ', …' : ''})` : '';
    if (status) {
      status.textContent =
        `${status.textContent ?? ''} Ignored ${ignored} ${ignored === 1 ? 'parameter' : 'parameters'} of the link${what}: not ${ignored === 1 ? 'an input' : 'inputs'} of this panel.`.trim();
    }
  }
}

/** After the form's reset: back to the page's own numbers, and a clean URL. */
export async function reset(el: HTMLElement): Promise<void> {
  flushUrl(); // the edit before the reset keeps its own step
  editing = undefined;
  restoreUnits(el, configOf(el).fields);
  markFromLink(el, []);
  await update(el, '(reset)');
}

/**
 * Fetch what an edit of this panel needs (its model's area, the page's chart modules), computing nothing
 * here; then, at idle, learn in the worker what each panel's model costs, from one run at the page's values
 * (probe), so the first edit of a panel with a simulation goes to the worker instead of holding the main thread.
 */
export function prefetch(el: HTMLElement): void {
  const cfg = configOf(el);
  void loadModel(cfg.area, cfg.model).catch(() => undefined);
  prefetchCharts();
  if (typeof requestIdleCallback === 'function') requestIdleCallback(probeAll, { timeout: 2000 });
  else setTimeout(probeAll, 200);
}

/** Every panel's model, and those of the scenarios that follow them, probed once (the bench types in every panel). */
function probeAll(): void {
  const one = (
    name: string,
    c: { model: string; area: string; inputs: Record<string, unknown>; links?: Link[]; followers?: Follower[] },
  ) => {
    void loadModel(c.area, c.model)
      .then(
        (model) =>
          model &&
          probe(
            name,
            c.area,
            linkedInputs(c.inputs, c.links ?? [], (s) => latest.get(s)),
            model,
          ),
      )
      .catch(() => undefined);
    for (const f of c.followers ?? []) one(f.name, f);
  };
  for (const panel of document.querySelectorAll<HTMLElement>('lb-scenario.lb-panel[data-lb-scenario]'))
    one(nameOf(panel), configOf(panel));
}

/**
 * Models whose cost was asked of the worker. An edit before the answer still runs here (a cheap model, most
 * of them, should not wait for the worker to load); the probe helps the reader who pauses before editing
 * (the first edit of a panel with a simulation ran it here: 303–443 ms of main thread on marketplace).
 */
const probed = new Set<string>();

function probe(name: string, area: string, raw: Record<string, unknown>, model: Model): void {
  if (probed.has(model.id) || !area || queue.busy(name) || !queue.available()) return;
  probed.add(model.id);
  const show: Show = () => Promise.resolve();
  queue.submit({ name, seq: 0, model, area, raw, show, at: performance.now(), settled: [], probe: true });
}

/** "Take it away" (src/client/takeaway.ts): copy the link, copy as Markdown, print this scenario. */
export function takeaway(el: HTMLElement, action: string): Promise<void> {
  flushUrl(); // the link of the last edit, not the one before it
  return takeItAway(el, action, { refresh: () => update(el, undefined, false) });
}
