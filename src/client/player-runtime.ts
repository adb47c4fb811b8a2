/**
 * The player of a simulation chart (loaded by player-element.ts): plays the model's own output (embedded by
 * Player.astro, or the latest `lb:scenario` after an edit) over the chart the page shows, static or redrawn.
 * Nothing is simulated or drawn with Plot here: a frame moves a curtain over the part of the chart after the
 * playhead, the playhead, and (for the rate-limit trace) the fixed window's last window, then updates the
 * tally cells that changed (src/lib/player.ts computes them). `lb:player frame` measures each frame
 * (scripts/bench/player.ts).
 *
 * The playhead's position comes from the chart's x scale: the geometry the build computed for each static
 * width, or the live figure's own scales once the chart runtime has redrawn the box (a MutationObserver
 * notices). The overlay sits over the chart's SVG in the figure, so a redraw of the box leaves it in place.
 *
 * Reduced motion (prefers-reduced-motion: reduce): Play jumps to the next key frame (the spike, the peak, the
 * drain…) and says it; nothing moves by itself. The live region speaks on pause, a seek, a step or a key frame,
 * never on each animation frame.
 */
import { axisTime, frameTimes, nextKey, playableOf, type Frame, type Playable, type Timeline } from '../lib/player.ts';
import { plotGeometry, xOf, type PlotGeometry } from '../lib/player-geometry.ts';
import { staticWidths } from '../lib/static-widths.ts';
import { shown, type Action } from './player-element.ts';

/** Seconds a whole run takes to play at 1×. */
const PLAY_SECONDS = 15;

interface Embedded {
  input: Record<string, unknown>;
  output: unknown;
  geometry: Record<string, PlotGeometry | null>;
}

interface State {
  readonly el: HTMLElement;
  readonly figure: HTMLElement;
  readonly box: HTMLElement;
  readonly playable: Playable<unknown>;
  readonly embedded: Embedded;
  input: Readonly<Record<string, unknown>>;
  output: unknown;
  timeline: Timeline;
  t: number;
  playing: boolean;
  speed: number;
  raf: number;
  lastTick: number;
  geometry: PlotGeometry | undefined;
  readonly stage: HTMLElement;
  /** one curtain over the plotting area, or one per facet (their titles, between facets, stay readable) */
  curtains: HTMLElement[];
  /** lines of the chart kept readable over the curtain (the accept capacity) */
  guides: HTMLElement[];
  /** lines at the moments passed (Frame.marks), rebuilt only when they change */
  marks: HTMLElement[];
  marksKey: string;
  readonly head: HTMLElement;
  readonly clock: HTMLElement;
  readonly window: HTMLElement;
  readonly range: HTMLInputElement;
  readonly play: HTMLButtonElement;
  readonly says: HTMLElement;
  readonly tbody: HTMLTableSectionElement | null;
  /** the text of each tally cell as last written (only changed cells are touched) */
  cells: string[];
  lastKey: number;
  announceTimer: number | undefined;
}

const states = new WeakMap<HTMLElement, State>();
const reduced = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : undefined;
const isReduced = (): boolean => reduced?.matches === true;
const duration = axisTime;

function div(cls: string): HTMLElement {
  const d = document.createElement('div');
  d.className = cls;
  return d;
}

/** The chart's SVG the page shows now, and its geometry. */
function currentSvg(s: State): { svg: SVGSVGElement | null; geometry: PlotGeometry | undefined } {
  const live = [...s.box.children].find((c) => typeof (c as { scale?: unknown }).scale === 'function');
  if (live) {
    const width = Number(s.box.dataset['lbWidth'] ?? staticWidths.wide);
    const svg =
      live.tagName.toLowerCase() === 'svg' ? (live as SVGSVGElement) : live.querySelector<SVGSVGElement>(`svg[width="${width}"]`);
    const guides = s.playable.guides?.(s.input, s.output) ?? [];
    return {
      svg,
      geometry: plotGeometry(
        live,
        width,
        guides.map((g) => g.value),
      ),
    };
  }
  // Static: the rendering CSS shows (the container rule of .lb-static-narrow, src/styles/site.css).
  const width = s.box.clientWidth <= 540 ? staticWidths.narrow : staticWidths.wide;
  const which = width === staticWidths.narrow ? '.lb-static-narrow' : '.lb-static-wide';
  const svg = s.box.querySelector<SVGSVGElement>(`${which} svg[width="${width}"]`);
  // The static chart is of the page's own output: its geometry holds until the box is redrawn.
  return { svg, geometry: s.embedded.geometry[String(width)] ?? undefined };
}

/** Lays the stage over the chart's SVG (on attach, on a redraw of the box, on a resize). */
function place(s: State): void {
  const { svg, geometry } = currentSvg(s);
  s.geometry = geometry;
  if (!svg || !geometry) {
    s.stage.hidden = true;
    return;
  }
  const f = s.figure.getBoundingClientRect();
  const r = svg.getBoundingClientRect();
  s.stage.hidden = false;
  Object.assign(s.stage.style, {
    left: `${r.left - f.left}px`,
    top: `${r.top - f.top}px`,
    width: `${r.width}px`,
    height: `${r.height}px`,
  });
  const pct = (y: number) => `${(y / geometry.height) * 100}%`;
  const bands = geometry.facets ?? [{ top: geometry.top, bottom: geometry.bottom }];
  for (const c of s.curtains) c.remove();
  s.curtains = bands.map((b) => {
    const c = div('lb-player-curtain');
    c.style.top = pct(b.top);
    c.style.height = pct(b.bottom - b.top);
    return c;
  });
  for (const g of s.guides) g.remove();
  const guides = s.playable.guides?.(s.input, s.output) ?? [];
  s.guides = guides.flatMap((guide, i) => {
    const y = geometry.ys?.[i];
    if (y === null || y === undefined) return [];
    const line = div('lb-player-guide');
    Object.assign(line.style, {
      top: pct(y),
      left: `${(geometry.range[0] / geometry.width) * 100}%`,
      width: `${((geometry.range[1] - geometry.range[0]) / geometry.width) * 100}%`,
    });
    line.title = guide.label;
    return [line];
  });
  s.stage.prepend(...s.curtains, ...s.guides);
  s.marksKey = '';
  s.head.style.top = pct(geometry.top);
  s.head.style.height = pct(geometry.bottom - geometry.top);
  draw(s, false, 'lb:player place');
}

function setCells(s: State, frame: Frame): void {
  if (!s.tbody) return;
  const texts = frame.rows.flatMap((r) => [r.label, ...r.cells, r.alert ? '!' : '']);
  if (texts.length === s.cells.length && texts.every((t, i) => t === s.cells[i])) return;
  const rows = [...s.tbody.rows];
  if (rows.length !== frame.rows.length) {
    s.tbody.replaceChildren(
      ...frame.rows.map(() => {
        const tr = document.createElement('tr');
        tr.append(Object.assign(document.createElement('th'), { scope: 'row' }));
        for (let i = 0; i < (frame.rows[0]?.cells.length ?? 0); i++)
          tr.append(Object.assign(document.createElement('td'), { className: 'lb-num' }));
        return tr;
      }),
    );
  }
  [...s.tbody.rows].forEach((tr, i) => {
    const row = frame.rows[i];
    if (!row) return;
    tr.classList.toggle('lb-player-alert', row.alert);
    [row.label, ...row.cells].forEach((text, j) => {
      const cell = tr.cells[j];
      if (cell && cell.textContent !== text) cell.textContent = text;
    });
  });
  s.cells = texts;
}

/**
 * One frame: the curtain, the playhead, the window outline, the clock, the scrubber and the tally. Measured
 * as `lb:player frame`, except when the stage is laid again over the chart (`lb:player place`): that is no
 * step of the playhead (its own words growing a line resize the figure, which places it again).
 */
function draw(s: State, announce: boolean, measureAs = 'lb:player frame'): Frame {
  const t0 = performance.now();
  const frame = s.playable.frame(s.input, s.output, s.t);
  const g = s.geometry;
  if (g) {
    const x = xOf(g, s.t);
    const right = g.range[1];
    const pct = (v: number) => `${(v / g.width) * 100}%`;
    for (const c of s.curtains) {
      c.style.left = pct(x);
      c.style.width = pct(Math.max(0, right - x));
    }
    s.head.style.left = pct(x);
    s.head.hidden = s.t >= s.timeline.end;
    const h = frame.highlight;
    const facet = h?.facet ? g.facets?.find((f) => f.name === h.facet) : undefined;
    if (h && (facet || !h.facet) && s.t < s.timeline.end) {
      const x0 = xOf(g, h.from);
      const x1 = xOf(g, h.to);
      Object.assign(s.window.style, {
        left: pct(x0),
        width: pct(Math.max(0, x1 - x0)),
        top: `${((facet?.top ?? g.top) / g.height) * 100}%`,
        height: `${(((facet?.bottom ?? g.bottom) - (facet?.top ?? g.top)) / g.height) * 100}%`,
      });
      s.window.hidden = false;
      s.window.classList.toggle('lb-player-window-over', h.alert);
    } else s.window.hidden = true;
  }
  if (g) {
    const key = (frame.marks ?? []).map((m) => `${m.time}:${m.label}`).join('|');
    if (key !== s.marksKey) {
      s.marksKey = key;
      for (const m of s.marks) m.remove();
      s.marks = (frame.marks ?? []).map((m) => {
        const line = div('lb-player-mark');
        Object.assign(line.style, {
          left: `${(xOf(g, m.time) / g.width) * 100}%`,
          top: `${(g.top / g.height) * 100}%`,
          height: `${((g.bottom - g.top) / g.height) * 100}%`,
        });
        line.append(Object.assign(document.createElement('span'), { textContent: m.label }));
        return line;
      });
      s.stage.append(...s.marks);
    }
  }
  const clock = `${duration(s.t)} / ${duration(s.timeline.end)}`;
  if (s.clock.textContent !== clock) s.clock.textContent = clock;
  s.range.value = String(s.t);
  setCells(s, frame);
  if (announce) say(s, frame.summary);
  performance.measure(measureAs, { start: t0, end: performance.now() });
  return frame;
}

function say(s: State, text: string): void {
  s.range.setAttribute('aria-valuetext', text);
  if (s.says.textContent !== text) s.says.textContent = text;
}

function setPlaying(s: State, playing: boolean): void {
  s.playing = playing;
  cancelAnimationFrame(s.raf);
  s.el.classList.toggle('lb-player-playing', playing);
  s.play.textContent = isReduced()
    ? s.t >= s.timeline.end
      ? 'Step through key moments'
      : 'Next key moment'
    : playing
      ? 'Pause'
      : s.t >= s.timeline.end
        ? 'Replay'
        : 'Play';
}

function tick(s: State, now: number): void {
  if (!s.playing) return;
  const dt = Math.min(0.1, Math.max(0, (now - s.lastTick) / 1000));
  s.lastTick = now;
  const rate = ((s.timeline.end - s.timeline.start) / PLAY_SECONDS) * s.speed;
  const before = s.t;
  s.t = Math.min(s.timeline.end, s.t + dt * rate);
  // passing a key frame says it (a screen reader hears the moments that matter, not every frame)
  const key = s.timeline.keys.findIndex((k) => k.time > before && k.time <= s.t);
  const frame = draw(s, false);
  if (key >= 0 && key !== s.lastKey) {
    s.lastKey = key;
    say(s, `${s.timeline.keys[key]?.label ?? ''}. ${frame.summary}`);
  }
  if (s.t >= s.timeline.end) {
    setPlaying(s, false);
    draw(s, true);
    return;
  }
  s.raf = requestAnimationFrame((n) => tick(s, n));
}

function start(s: State): void {
  if (isReduced()) {
    // no motion: each press moves to the next key moment, and says it
    // from the end (the full run, as the page opens), the first key moment; past the last, the start again
    const atEnd = s.t >= s.timeline.end - 1e-9 * Math.max(1, s.timeline.end - s.timeline.start);
    const k = (atEnd ? s.timeline.keys[0] : undefined) ?? nextKey(s.timeline, s.t);
    s.t = k.time;
    setPlaying(s, false);
    const frame = draw(s, false);
    const i = s.timeline.keys.indexOf(k);
    say(s, i >= 0 ? `Key moment ${i + 1} of ${s.timeline.keys.length}: ${k.label}. ${frame.summary}` : `Start. ${frame.summary}`);
    return;
  }
  if (s.t >= s.timeline.end) s.t = s.timeline.start;
  s.lastKey = -1;
  setPlaying(s, true);
  s.lastTick = performance.now();
  draw(s, false);
  s.raf = requestAnimationFrame((n) => tick(s, n));
}

function pause(s: State): void {
  setPlaying(s, false);
  draw(s, true);
}

/** The timeline of the output shown now; the playhead keeps its place (the end stays the end). */
function useOutput(s: State, input: Readonly<Record<string, unknown>>, output: unknown): void {
  const atEnd = s.t >= s.timeline.end;
  s.input = input;
  s.output = output;
  s.timeline = s.playable.timeline(input, output);
  s.range.min = String(s.timeline.start);
  s.range.max = String(s.timeline.end);
  // the key moments as the scrubber's ticks
  s.range.list?.replaceChildren(
    ...s.timeline.keys.map((k) => Object.assign(document.createElement('option'), { value: String(k.time), label: k.label })),
  );
  s.t = atEnd ? s.timeline.end : Math.min(Math.max(s.t, s.timeline.start), s.timeline.end);
  s.cells = [];
  if (!s.playing) setPlaying(s, false);
  place(s);
  draw(s, true);
}

/** Sets the player up once (idempotent): parses the page's evaluation, builds the overlay, follows edits. */
export function attach(el: HTMLElement): State | undefined {
  const had = states.get(el);
  if (had) return had;
  const playable = playableOf(el.dataset['lbChart'] ?? '');
  const figure = el.closest<HTMLElement>('figure.lb-chart');
  const box = figure?.querySelector<HTMLElement>('.lb-chart-plot');
  const range = el.querySelector<HTMLInputElement>('input[type="range"]');
  const play = el.querySelector<HTMLButtonElement>('.lb-player-play');
  const says = el.querySelector<HTMLElement>('.lb-player-says');
  const clock = el.querySelector<HTMLElement>('.lb-player-clock');
  if (!playable || !figure || !box || !range || !play || !says || !clock) return undefined;
  const embedded = JSON.parse(el.querySelector('script[type="application/json"]')?.textContent ?? '{}') as Embedded;
  const stage = div('lb-player-stage');
  stage.setAttribute('aria-hidden', 'true');
  const head = div('lb-player-head');
  const win = div('lb-player-window');
  win.hidden = true;
  stage.append(win, head);
  figure.append(stage);
  figure.classList.add('lb-chart-played');
  const timeline = playable.timeline(embedded.input, embedded.output);
  const s: State = {
    el,
    figure,
    box,
    playable,
    embedded,
    input: embedded.input,
    output: embedded.output,
    timeline,
    t: timeline.end,
    playing: false,
    speed: Number(el.querySelector('select')?.value ?? 1) || 1,
    raf: 0,
    lastTick: 0,
    geometry: undefined,
    stage,
    curtains: [],
    guides: [],
    marks: [],
    marksKey: '',
    head,
    clock,
    window: win,
    range,
    play,
    says,
    tbody: el.querySelector('tbody'),
    cells: [],
    lastKey: -1,
    announceTimer: undefined,
  };
  states.set(el, s);
  const name = el.dataset['lbScenario'] ?? '';
  const latest = shown.get(name);
  if (latest) useOutput(s, latest.input, latest.output);
  document.addEventListener('lb:scenario', (e) => {
    const d = (e as CustomEvent<{ name: string; input: Record<string, unknown>; output: unknown }>).detail;
    if (d.name === name) useOutput(s, d.input, d.output);
  });
  // The chart runtime redraws the box after an edit (a live figure with its own scales), and a resize may
  // swap the static rendering: the stage follows either.
  new MutationObserver(() => place(s)).observe(box, { childList: true });
  if (typeof ResizeObserver === 'function') new ResizeObserver(() => place(s)).observe(figure);
  reduced?.addEventListener('change', () => {
    if (isReduced() && s.playing) pause(s);
    setPlaying(s, s.playing);
  });
  setPlaying(s, false);
  place(s);
  return s;
}

/** What the reader asked for (player-element.ts maps clicks and keys to these). */
export function act(el: HTMLElement, action: Action, value?: string): void {
  const s = attach(el);
  if (!s) return;
  switch (action) {
    case 'toggle':
      if (s.playing) pause(s);
      else start(s);
      break;
    case 'back':
    case 'forward': {
      const times = frameTimes(s.timeline);
      const eps = 1e-9 * Math.max(1, s.timeline.end - s.timeline.start);
      const t =
        action === 'forward'
          ? (times.find((x) => x > s.t + eps) ?? s.timeline.end)
          : ([...times].reverse().find((x) => x < s.t - eps) ?? s.timeline.start);
      s.t = t;
      setPlaying(s, false);
      draw(s, true);
      break;
    }
    case 'seek': {
      // while the reader drags: move at once, speak when the drag rests
      s.t = Math.min(s.timeline.end, Math.max(s.timeline.start, Number(value)));
      setPlaying(s, false);
      draw(s, false);
      window.clearTimeout(s.announceTimer);
      s.announceTimer = window.setTimeout(() => draw(s, true), 250);
      break;
    }
    case 'seeked':
      window.clearTimeout(s.announceTimer);
      draw(s, true);
      break;
    case 'speed':
      s.speed = Number(value) || 1;
      break;
  }
}
