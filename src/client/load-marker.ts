/**
 * The load marker on a what-breaks-first chart (<BreaksFirst>): a vertical bar at 1× today's load that the
 * reader drags along the chart's x axis (pointer, touch) or moves with the keyboard (arrow keys one stop,
 * Page Up / Page Down five, Home / End the ends). It is a labelled role="slider" whose aria-valuetext says
 * every component's utilisation at that multiple ("2.5× today’s audience: the payment provider at 120 %, …"),
 * and the sentence under the chart and the table's "At the marker" column follow it. The stops are round
 * multiples (src/lib/load-multiples.ts) whose utilisations were computed with the model, at build time or by
 * the worker after an edit (src/lib/live-figures.ts breaksData.steps): moving the marker computes nothing,
 * it only reads and writes text. The first-to-saturate dot stays where it is.
 *
 * Eager (a few hundred bytes of logic and the formatter): the marker works before any edit, without the
 * models or Plot. Its position is read from the drawn SVG (its viewBox and box), so it stands on the same
 * scale whichever of the two static widths, or the redrawn chart, is showing. Reduced motion: the bar moves
 * without a transition (site.css).
 */
import { breaksColumns, breaksRows, markerSentence, markerText, todayStep } from '../lib/marker-words.ts';
import type { BreaksData } from '../lib/live-figures.ts';
import { BREAKS_HEIGHT, BREAKS_MARGIN, chartMultiples } from '../lib/load-multiples.ts';
import { writeRows } from './table-rows.ts';

interface State {
  data: BreaksData;
  step: number;
}

const states = new WeakMap<HTMLElement, State>();

function markerOf(fig: HTMLElement): HTMLElement | null {
  return fig.querySelector<HTMLElement>('.lb-load-marker');
}

/** The chart's SVG that is showing (the wide or narrow rendering): the one with the widest viewBox among those laid out. */
function shownSvg(fig: HTMLElement): SVGSVGElement | undefined {
  let best: SVGSVGElement | undefined;
  for (const svg of fig.querySelectorAll<SVGSVGElement>('.lb-live-plot svg')) {
    if (svg.getClientRects().length === 0) continue;
    const w = svg.viewBox?.baseVal?.width ?? 0;
    if (w > (best?.viewBox.baseVal.width ?? 0)) best = svg;
  }
  return best;
}

function domain(d: BreaksData): [number, number] {
  const grid = chartMultiples(d);
  return [grid[0] ?? 0.1, grid[grid.length - 1] ?? 10];
}

/** A multiple → x in the SVG's own units. */
function xOf(d: BreaksData, width: number, m: number): number {
  const [lo, hi] = domain(d);
  const inner = width - BREAKS_MARGIN.left - BREAKS_MARGIN.right;
  return BREAKS_MARGIN.left + ((Math.log(m) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * inner;
}

/** An x in the SVG's units → the nearest stop. */
function stepAt(d: BreaksData, width: number, x: number): number {
  const [lo, hi] = domain(d);
  const inner = width - BREAKS_MARGIN.left - BREAKS_MARGIN.right;
  const logM = Math.log(lo) + ((x - BREAKS_MARGIN.left) / inner) * (Math.log(hi) - Math.log(lo));
  let best = 0;
  d.steps.forEach((s, i) => {
    if (Math.abs(Math.log(s.multiple) - logM) < Math.abs(Math.log(d.steps[best]?.multiple ?? 1) - logM)) best = i;
  });
  return best;
}

/** Where the showing SVG stands in the marker's box: its viewBox width, offset and scale (read from layout). */
interface Geometry {
  readonly width: number;
  readonly left: number;
  readonly top: number;
  readonly scale: number;
}
const geometries = new WeakMap<HTMLElement, Geometry>();

/** Put the bar over the chart at its stop; `measure` reads the SVG's box again, else the last one read is used. */
function place(fig: HTMLElement, measure = true): void {
  const state = states.get(fig);
  const marker = markerOf(fig);
  const wrap = marker?.parentElement;
  if (!state || !marker || !wrap) return;
  let g = measure ? undefined : geometries.get(fig);
  if (!g) {
    const svg = shownSvg(fig);
    if (!svg) return;
    const width = svg.viewBox.baseVal.width || svg.getBoundingClientRect().width;
    const box = svg.getBoundingClientRect();
    const outer = wrap.getBoundingClientRect();
    g = { width, left: box.left - outer.left, top: box.top - outer.top, scale: box.width / width };
    geometries.set(fig, g);
  }
  const m = state.data.steps[state.step]?.multiple ?? 1;
  marker.style.left = `${g.left + xOf(state.data, g.width, m) * g.scale}px`;
  marker.style.top = `${g.top + BREAKS_MARGIN.top * g.scale}px`;
  marker.style.height = `${(BREAKS_HEIGHT - BREAKS_MARGIN.top - BREAKS_MARGIN.bottom) * g.scale}px`;
}

/** Write the marker's value everywhere it shows: the slider's value, the sentence, the table; then place it (unless `now` is false). */
function show(fig: HTMLElement, now = true): void {
  const state = states.get(fig);
  const marker = markerOf(fig);
  if (!state || !marker) return;
  const { data, step } = state;
  marker.setAttribute('aria-valuemin', String(data.steps[0]?.multiple ?? 1));
  marker.setAttribute('aria-valuemax', String(data.steps[data.steps.length - 1]?.multiple ?? 1));
  marker.setAttribute('aria-valuenow', String(data.steps[step]?.multiple ?? 1));
  marker.setAttribute('aria-valuetext', markerText(data, step));
  const label = marker.querySelector('.lb-load-marker-label');
  if (label) label.textContent = `${data.steps[step]?.multiple ?? 1}×`;
  const says = fig.querySelector('.lb-marker-says');
  if (says) says.textContent = markerSentence(data, step);
  const table = fig.querySelector('.lb-chart-data table');
  const head = table?.querySelector('thead');
  const body = table?.querySelector('tbody');
  if (head)
    writeRows(head, [breaksColumns(data, step)], (c) =>
      Object.assign(document.createElement('th'), { scope: 'col', textContent: c }),
    );
  if (body) writeRows(body, breaksRows(data, step));
  if (now) place(fig);
}

function moveTo(fig: HTMLElement, step: number): void {
  const state = states.get(fig);
  if (!state) return;
  const next = Math.max(0, Math.min(state.data.steps.length - 1, step));
  if (next === state.step) return;
  state.step = next;
  show(fig);
}

/** Figures whose bar waits for the next frame to be placed. */
const toPlace = new Set<HTMLElement>();

/**
 * Place the bar after a recompute, at the geometry last read: the redrawn chart has the static rendering's
 * size, so the SVG stands where the old one stood (a resize, a focus or the idle placement read it again).
 * Reading the new chart's box right after it replaced the old one would lay out the whole page before the
 * frame's own layout (a forced layout per redraw, the largest script item of a CPU profile of typing on the
 * notifications page). A figure not yet measured is measured in the next frame.
 */
function placeSoon(fig: HTMLElement): void {
  if (geometries.has(fig)) return place(fig, false);
  if (toPlace.size === 0)
    requestAnimationFrame(() => {
      const figs = [...toPlace];
      toPlace.clear();
      for (const f of figs) place(f);
    });
  toPlace.add(fig);
}

/** New data for a figure (after a recompute): the marker keeps its multiple, at the nearest stop. */
export function setMarkerData(fig: HTMLElement, data: BreaksData): void {
  const was = states.get(fig);
  const m = was ? (was.data.steps[was.step]?.multiple ?? 1) : 1;
  let step = todayStep(data);
  data.steps.forEach((s, i) => {
    if (Math.abs(Math.log(s.multiple / m)) < Math.abs(Math.log((data.steps[step]?.multiple ?? 1) / m))) step = i;
  });
  states.set(fig, { data, step });
  show(fig, false);
  placeSoon(fig);
}

const KEYS: Readonly<Record<string, (step: number, last: number) => number>> = {
  ArrowRight: (s) => s + 1,
  ArrowUp: (s) => s + 1,
  ArrowLeft: (s) => s - 1,
  ArrowDown: (s) => s - 1,
  PageUp: (s) => s + 5,
  PageDown: (s) => s - 5,
  Home: () => 0,
  End: (_, last) => last,
};

function enable(fig: HTMLElement): void {
  const marker = markerOf(fig);
  const json = fig.querySelector('script.lb-live-data')?.textContent;
  if (!marker || !json || states.has(fig)) return;
  const data = JSON.parse(json) as BreaksData;
  states.set(fig, { data, step: todayStep(data) });
  marker.hidden = false;
  marker.addEventListener('keydown', (e) => {
    const state = states.get(fig);
    const key = KEYS[e.key];
    if (!state || !key) return;
    e.preventDefault();
    moveTo(fig, key(state.step, state.data.steps.length - 1));
  });
  const wrap = marker.parentElement;
  if (!wrap) return;
  let dragging = false;
  const follow = (e: PointerEvent) => {
    const state = states.get(fig);
    const svg = shownSvg(fig);
    if (!state || !svg) return;
    const width = svg.viewBox.baseVal.width || svg.getBoundingClientRect().width;
    const box = svg.getBoundingClientRect();
    moveTo(fig, stepAt(state.data, width, ((e.clientX - box.left) / box.width) * width));
  };
  wrap.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    dragging = true;
    wrap.setPointerCapture(e.pointerId);
    marker.focus({ preventScroll: true });
    follow(e);
  });
  wrap.addEventListener('pointermove', (e) => {
    if (dragging) follow(e);
  });
  const stop = () => {
    dragging = false;
  };
  wrap.addEventListener('pointerup', stop);
  wrap.addEventListener('pointercancel', stop);
  // Placed when the figure comes near the screen (a figure far from it skips layout under content-visibility,
  // and a ResizeObserver would not hear of it until then), again when the box changes size, and on focus.
  // Not when the page is idle: reading the SVG's box there forced the layout of the whole page and of the
  // skipped figure (75 ms at 4× CPU on the payments page, a long task in Lighthouse's mobile run).
  if (typeof IntersectionObserver === 'function')
    new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && place(fig), {
      rootMargin: '50% 0px',
    }).observe(fig);
  else setTimeout(() => place(fig), 200);
  if (typeof ResizeObserver === 'function') new ResizeObserver(() => place(fig)).observe(wrap);
  marker.addEventListener('focus', () => place(fig));
}

/** Turn on every load marker on the page. */
export function enableMarkers(root: ParentNode = document): void {
  for (const fig of root.querySelectorAll<HTMLElement>('figure.lb-breaks-first')) enable(fig);
}
