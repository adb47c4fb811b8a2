// What only this page's panels show, in real headless Chromium against the built site (dist/): what a
// reader types (blanks, thousands separators, a decimal comma), chart contrast in both themes, static
// and redrawn, and Plot loading only once the reader edits. Every panel's edits, links, history, bad
// values and the page without JavaScript are covered for every page by readers.test.ts. Run after
// `astro build` (npm test does).
//
// The page's prose is being edited, so nothing here depends on its wording: the assertions use the DOM
// contract of Panel/Value/Chart (lb-scenario, .lb-value, .lb-chart-plot) and expectations computed in
// this process by the same models, formatter and chart tables the site uses.
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../models/evaluate.ts';
import { getModel } from '../../models/registry.ts';
import { formatValue } from '../../src/lib/format.ts';
import { formatOptionsOf } from '../../src/lib/output-units.ts';
import { pick } from '../../src/lib/pick.ts';
import { launchChromium, type Chromium, type OpenedPage, type OpenOptions, type Theme } from './chromium.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const CASE_STUDY = '/case-studies/rate-limiting/';
const DIST = resolve('dist');
const THEMES: readonly Theme[] = ['light', 'dark'];
/** Long enough for the lazy runtime, the chart chunks and Plot to load on a slow CI machine. */
const SETTLE = { timeout: 15_000, interval: 50 } as const;
/** After a bad edit has been judged, how long a (wrong) redraw gets to show up before we compare. */
const GRACE_MS = 400;

let server: StaticServer;
let chrome: Chromium;
const opened: OpenedPage[] = [];

beforeAll(async () => {
  server = await serveStatic(DIST);
  chrome = await launchChromium();
});

afterAll(async () => {
  for (const o of opened) await o.close().catch(() => {});
  await chrome?.close();
  await server?.close();
});

// ---------------------------------------------------------------------------------------------------
// Page helpers

async function open(options: OpenOptions = {}): Promise<OpenedPage> {
  const o = await chrome.open(options);
  opened.push(o);
  return o;
}

async function visit(o: OpenedPage, query = '', waitUntil: 'load' | 'networkidle' = 'load'): Promise<void> {
  const response = await o.page.goto(server.url + CASE_STUDY + query, { waitUntil });
  expect(response?.status(), `status of ${CASE_STUDY}${query}`).toBe(200);
}

/** Nothing left 127.0.0.1, and no console error or uncaught exception. */
function expectClean(o: OpenedPage): void {
  expect(o.requests.urls.length).toBeGreaterThan(0);
  expect(o.requests.offsite(server.url), 'requests that left the site’s origin').toEqual([]);
  expect(o.errors.all(), 'console errors and page errors').toEqual([]);
}

const panelSel = (scenario: string) => `lb-scenario.lb-panel[data-lb-scenario="${scenario}"]`;
const inputOf = (o: OpenedPage, scenario: string, field: string) =>
  o.page.locator(`${panelSel(scenario)} form [name="${field}"]`);
const errorOf = (o: OpenedPage, scenario: string, field: string) =>
  o.page.locator(`${panelSel(scenario)} #lb-${scenario}-${field}-error`);
const chartBox = (o: OpenedPage, scenario: string, chart: string) =>
  o.page.locator(`.lb-chart-plot[data-lb-scenario="${scenario}"][data-lb-chart="${chart}"]`);

interface PanelConfig {
  model: string;
  inputs: Record<string, unknown>;
}

/** The model id and inputs a panel was built from (its JSON config), so expectations follow the page. */
async function panelConfig(o: OpenedPage, scenario: string): Promise<PanelConfig> {
  const json = await o.page.locator(`${panelSel(scenario)} > script[type="application/json"]`).textContent();
  return JSON.parse(json ?? '{}') as PanelConfig;
}

/** Types into a panel's field the way a reader does (the form gets its input event). */
async function edit(o: OpenedPage, scenario: string, field: string, value: string): Promise<void> {
  const input = inputOf(o, scenario, field);
  await expect(input.getAttribute('type')).resolves.toBe('text');
  await input.fill(value);
}

interface Bound {
  scenario: string;
  field: string | undefined;
  input: string | undefined;
  format: string | undefined;
  unit: string | undefined;
  digits: string | undefined;
  /** a rate or a cost that says its own time (src/lib/per.ts) */
  per: string | undefined;
  noun: string | undefined;
  over: string | undefined;
  text: string;
}

/** Every bound number of a scenario (or of the page), in document order. */
async function boundValues(o: OpenedPage, scenario?: string): Promise<Bound[]> {
  const sel = scenario ? `.lb-value[data-lb-scenario="${scenario}"]` : '.lb-value';
  return o.page.locator(sel).evaluateAll((nodes) =>
    nodes.map((n) => {
      const d = (n as HTMLElement).dataset;
      return {
        scenario: d['lbScenario'] ?? '',
        field: d['lbField'],
        input: d['lbInput'],
        format: d['lbFormat'],
        unit: d['lbUnit'],
        digits: d['lbDigits'],
        per: d['lbPer'],
        noun: d['lbNoun'],
        over: d['lbOver'],
        text: n.textContent ?? '',
      };
    }),
  );
}

const texts = async (o: OpenedPage, scenario?: string) => (await boundValues(o, scenario)).map((b) => b.text);

// ---------------------------------------------------------------------------------------------------
// Expectations from the models

interface Run {
  input: Record<string, unknown>;
  output: Record<string, unknown>;
}

/** The model's answer for these inputs, and the inputs with its defaults filled in. */
function run(modelId: string, inputs: Record<string, unknown>): Run {
  const model = getModel(modelId);
  if (!model) throw new Error(`no model ${modelId}`);
  return {
    input: model.input.parse(inputs) as Record<string, unknown>,
    output: evaluate(model, inputs) as Record<string, unknown>,
  };
}

/** What a bound number must read for this run: the site's formatter on the model's value. */
function expectedText(b: Bound, r: Run): string {
  const value = b.input ? pick(r.input, b.input) : pick(r.output, b.field ?? '');
  if (value === undefined) throw new Error(`scenario ${b.scenario}: no ${b.input ? `input ${b.input}` : `output ${b.field}`}`);
  // read through formatOptionsOf, as the runtime reads a number's data attributes
  return formatValue(
    value,
    formatOptionsOf({ lbFormat: b.format, lbUnit: b.unit, lbDigits: b.digits, lbPer: b.per, lbNoun: b.noun, lbOver: b.over }),
  );
}

/** Bound numbers of a scenario that do not read what the model computes (empty when all agree). */
async function mismatches(o: OpenedPage, scenario: string, r: Run): Promise<string[]> {
  const bound = await boundValues(o, scenario);
  if (bound.length === 0) return [`no .lb-value for scenario ${scenario}`];
  return bound
    .map((b) => ({ b, want: expectedText(b, r) }))
    .filter(({ b, want }) => b.text !== want)
    .map(
      ({ b, want }) =>
        `${b.scenario} ${b.field ?? `input ${b.input}`}: shows ${JSON.stringify(b.text)}, model says ${JSON.stringify(want)}`,
    );
}

async function expectModelValues(o: OpenedPage, scenario: string, r: Run): Promise<void> {
  await expect.poll(() => mismatches(o, scenario, r), SETTLE).toEqual([]);
}

// ---------------------------------------------------------------------------------------------------
// Colour, for the contrast check

type RGBA = [number, number, number, number];

function parseColor(css: string): RGBA {
  const rgb = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(css);
  const srgb = /^color\(srgb\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)(?:\s*\/\s*([\d.]+%?))?\s*\)$/.exec(css);
  const alpha = (a: string | undefined) => (a === undefined ? 1 : a.endsWith('%') ? Number(a.slice(0, -1)) / 100 : Number(a));
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), alpha(rgb[4])];
  if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, alpha(srgb[4])];
  throw new Error(`cannot read the colour ${JSON.stringify(css)}`);
}

/** `top` painted over an opaque `bottom`. */
function over(top: RGBA, bottom: RGBA): RGBA {
  const a = top[3];
  return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
}

/** WCAG 2 relative luminance of an sRGB colour. */
function luminance([r, g, b]: RGBA): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function contrast(a: RGBA, b: RGBA): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

interface ChartColours {
  chart: string;
  color: string;
  /** background layers from the chart up to the first opaque one (or the canvas) */
  backgrounds: string[];
  /** computed fill of every visible text element in the chart's SVG */
  textFills: string[];
}

async function chartColours(o: OpenedPage): Promise<ChartColours[]> {
  return o.page.locator('.lb-chart-plot').evaluateAll((boxes) =>
    boxes.map((box) => {
      const backgrounds: string[] = [];
      for (let el: Element | null = box; el; el = el.parentElement) {
        const bg = getComputedStyle(el).backgroundColor;
        if (bg === 'transparent' || /rgba\(.*,\s*0\)$/.test(bg)) continue;
        backgrounds.push(bg);
        if (!/rgba|\/\s*0?\.\d/.test(bg)) break;
      }
      const textFills = [...box.querySelectorAll('svg text')]
        .filter((t) => (t as SVGGraphicsElement).getBoundingClientRect().width > 0)
        .map((t) => getComputedStyle(t).fill);
      return { chart: (box as HTMLElement).dataset['lbChart'] ?? '', color: getComputedStyle(box).color, backgrounds, textFills };
    }),
  );
}

/** The chart's effective background: its layers composited over the canvas (white when none is opaque). */
function backgroundOf(c: ChartColours): RGBA {
  let bg: RGBA = [255, 255, 255, 1];
  for (const layer of [...c.backgrounds].reverse()) bg = over(parseColor(layer), bg);
  return bg;
}

function contrastProblems(colours: readonly ChartColours[], theme: Theme): string[] {
  const problems: string[] = [];
  for (const c of colours) {
    const bg = backgroundOf(c);
    const text = over(parseColor(c.color), bg);
    const ratio = contrast(text, bg);
    if (!(ratio >= 4.5))
      problems.push(`${theme} ${c.chart}: color ${c.color} on ${c.backgrounds.join(' over ')}: ${ratio.toFixed(2)}:1`);
    if (c.textFills.length === 0) problems.push(`${theme} ${c.chart}: no visible text in the chart`);
    for (const fill of new Set(c.textFills)) {
      const r = contrast(over(parseColor(fill), bg), bg);
      if (!(r >= 4.5)) problems.push(`${theme} ${c.chart}: text fill ${fill}: ${r.toFixed(2)}:1`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// The built scripts, for the lazy-loading check

const isScript = (url: string) => /\.m?js(\?|$)/.test(new URL(url).pathname);

function scriptPaths(o: OpenedPage): string[] {
  return o.requests.urls.filter((u) => u.startsWith(server.url) && isScript(u)).map((u) => new URL(u).pathname);
}

/** The built chunks that hold Plot: those carrying the class Plot stamps on every figure it draws. */
async function findPlotChunks(plotClass: string): Promise<string[]> {
  const dir = join(DIST, '_astro');
  const out: string[] = [];
  for (const name of await readdir(dir)) {
    if (name.endsWith('.js') && (await readFile(join(dir, name), 'utf8')).includes(plotClass)) out.push(`/_astro/${name}`);
  }
  return out;
}

/** Every chunk the given scripts import statically (the eager graph); dynamic import() is not followed. */
async function staticClosure(entries: readonly string[]): Promise<Set<string>> {
  const seen = new Set<string>();
  const todo = [...entries];
  const IMPORT = /(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'`]([^"'`]+\.m?js)["'`]/g;
  while (todo.length) {
    const path = todo.pop() as string;
    if (seen.has(path)) continue;
    seen.add(path);
    const source = await readFile(join(DIST, path), 'utf8');
    for (const m of source.matchAll(IMPORT)) todo.push(new URL(m[1] as string, `http://x${path}`).pathname);
  }
  return seen;
}

// ---------------------------------------------------------------------------------------------------

describe('what a reader types', () => {
  it('a blank field asks for a value instead of computing with a default the reader never typed', async () => {
    const o = await open();
    await visit(o);
    const before = await texts(o, 'limiter');
    await edit(o, 'limiter', 'peakRequestsPerSecond', '');
    await expect
      .poll(() => errorOf(o, 'limiter', 'peakRequestsPerSecond').textContent(), SETTLE)
      .toMatch(/^Enter a number from 1 to 10,000,000,000/);
    await o.page.waitForTimeout(GRACE_MS);
    expect(await texts(o, 'limiter')).toEqual(before);
    expect(await inputOf(o, 'limiter', 'peakRequestsPerSecond').getAttribute('aria-invalid')).toBe('true');
    expectClean(o);
    await o.close();
  });

  it('reads thousands separators, and refuses a decimal comma rather than guessing', async () => {
    const o = await open();
    await visit(o);
    const cfg = await panelConfig(o, 'limiter');
    await edit(o, 'limiter', 'peakRequestsPerSecond', '1,000,000');
    await expectModelValues(o, 'limiter', run(cfg.model, { ...cfg.inputs, peakRequestsPerSecond: 1_000_000 }));
    const good = await texts(o, 'limiter');
    await edit(o, 'limiter', 'targetUtilization', '0,5');
    await expect.poll(() => errorOf(o, 'limiter', 'targetUtilization').textContent(), SETTLE).toContain('(got "0,5")');
    await o.page.waitForTimeout(GRACE_MS);
    expect(await texts(o, 'limiter')).toEqual(good);
    expectClean(o);
    await o.close();
  });
});

describe('the link of an edit', () => {
  it('a reload right after an edit reproduces it (the URL is written at idle, a little after the edit)', async () => {
    const o = await open();
    await visit(o);
    const cfg = await panelConfig(o, 'limiter');
    const expected = run(cfg.model, { ...cfg.inputs, peakRequestsPerSecond: 123_456 });
    await edit(o, 'limiter', 'peakRequestsPerSecond', '123456');
    await expectModelValues(o, 'limiter', expected);
    // No wait: the runtime writes the URL 150 ms after the last keystroke, at idle; the reload comes first.
    await o.page.reload({ waitUntil: 'load' });
    expect(new URL(o.page.url()).searchParams.get('limiter.peakRequestsPerSecond')).toBe('123456');
    expect(await inputOf(o, 'limiter', 'peakRequestsPerSecond').inputValue()).toBe('123456');
    await expectModelValues(o, 'limiter', expected);
    // Used once: a second reload of the page as it now is keeps it, and reading it again changes nothing.
    await o.page.reload({ waitUntil: 'load' });
    expect(new URL(o.page.url()).searchParams.get('limiter.peakRequestsPerSecond')).toBe('123456');
    expectClean(o);
    await o.close();
  });
});

describe('a link with bad values', () => {
  it("an unreadable value keeps the page's own; an out-of-range one beside it still gets its message", async () => {
    const o = await open();
    await visit(o, '?limiter.peakRequestsPerSecond=abc&limiter.targetUtilization=1.7');
    await expect.poll(() => errorOf(o, 'limiter', 'peakRequestsPerSecond').textContent(), SETTLE).toMatch(/not a number/);
    // 1.7 is 170 %: the schema's range is 0 to 100 % (the field says so, whatever else the link got wrong).
    await expect.poll(() => errorOf(o, 'limiter', 'targetUtilization').textContent(), SETTLE).toContain('(got "170")');
    const peak = inputOf(o, 'limiter', 'peakRequestsPerSecond');
    expect(await peak.inputValue()).toBe(await peak.getAttribute('data-default'));
    expect(await inputOf(o, 'limiter', 'targetUtilization').getAttribute('aria-invalid')).toBe('true');
    await expect
      .poll(() => o.page.locator(`${panelSel('limiter')} .lb-status`).textContent(), SETTLE)
      .toMatch(
        /^A value in the link could not be read: .*Showing the last valid result until the highlighted values are fixed\.$/,
      );
    expectClean(o);
    await o.close();
  });
});

describe('a link with bad values, said at the top of the page', () => {
  it('on a phone, the first screen names the panel whose link values were refused, and links to it', async () => {
    const o = await open();
    await o.page.setViewportSize({ width: 390, height: 844 });
    await visit(o, '?limiter.peakRequestsPerSecond=abc&limiter.targetUtilization=1.7');
    const note = o.page.locator('.sl-markdown-content > .lb-link-page-note');
    await expect.poll(() => note.count(), SETTLE).toBe(1);
    const title = (await o.page.locator('#lb-limiter-title').textContent())?.trim() ?? '';
    // two values of one panel: the unreadable "abc" and the 170 % the schema refuses
    expect(await note.textContent()).toBe(
      `The link’s values could not all be used; the case study’s own are shown in their place, in ${title} (2 values). Each panel says why.`,
    );
    expect(await note.getAttribute('role')).toBe('status');
    const box = await note.boundingBox();
    expect(box && box.y + box.height).toBeLessThan(844);
    expect(await note.locator('a').getAttribute('href')).toBe('#lb-limiter-title');
    expectClean(o);
    await o.close();
  });

  it('a link whose values are all used says nothing at the top', async () => {
    const o = await open();
    await visit(o, '?limiter.peakRequestsPerSecond=123456');
    await expect.poll(() => inputOf(o, 'limiter', 'peakRequestsPerSecond').inputValue(), SETTLE).toBe('123456');
    await expect.poll(() => o.page.locator(`${panelSel('limiter')} .lb-link-note`).count(), SETTLE).toBe(1);
    expect(await o.page.locator('.lb-link-page-note').count()).toBe(0);
    expectClean(o);
    await o.close();
  });
});

describe('both themes', () => {
  for (const theme of THEMES) {
    it(`chart text has at least 4.5:1 contrast in ${theme}, static and redrawn`, async () => {
      const o = await open({ theme });
      await visit(o);
      expect(await o.page.locator('html').getAttribute('data-theme')).toBe(theme);
      const staticColours = await chartColours(o);
      expect(staticColours.length).toBeGreaterThanOrEqual(3);
      expect(contrastProblems(staticColours, theme)).toEqual([]);

      // Redraw every chart (both scenarios that have charts) and check the live SVG too.
      await edit(o, 'limiter', 'peakRequestsPerSecond', '700000');
      await edit(o, 'algos', 'limit', '12');
      // (live charts only: the tornado and what-breaks-first figures share the box's style but are drawn once, at build)
      await expect.poll(() => o.page.locator('.lb-chart-plot[data-lb-chart]:not([data-lb-width])').count(), SETTLE).toBe(0);
      expect(contrastProblems(await chartColours(o), theme)).toEqual([]);
      expectClean(o);
      await o.close();
    });
  }
});

describe('lazy loading', () => {
  it('Plot and the chart code stay out of the eager graph; they are fetched once the reader reaches a panel (idle) and serve the first edit', async () => {
    const o = await open();
    await visit(o, '', 'networkidle');
    const plotClass = (await o.page.locator('.lb-chart-plot svg[class^="plot-"]').first().getAttribute('class'))?.match(
      /plot-[\w-]+/,
    )?.[0];
    expect(plotClass, 'the class Plot stamps on its figures').toBeTruthy();
    const plotChunks = await findPlotChunks(plotClass as string);
    expect(plotChunks.length, 'built chunks holding Plot').toBeGreaterThan(0);

    // The eager graph is what the HTML as served names (the live DOM also holds the modulepreload links
    // Vite's loader adds when the idle prefetch imports the runtime).
    const html = await readFile(join(DIST, CASE_STUDY.replace(/^\//, ''), 'index.html'), 'utf8');
    const named = (re: RegExp) => [...html.matchAll(re)].map((m) => new URL(m[1] as string, server.url).pathname);
    const entries = named(/<script[^>]*type="module"[^>]*src="([^"]+)"/g);
    const preloads = named(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g);
    const eager = await staticClosure([...entries, ...preloads]);
    expect(
      plotChunks.filter((c) => eager.has(c)),
      'Plot in the eager graph',
    ).toEqual([]);

    // Loaded, the page has not fetched Plot; reading on to the panels (no edit) fetches it when the browser
    // is idle (src/client/scenario-element.ts), so the first edit does not wait for it.
    expect(scriptPaths(o).filter((p) => plotChunks.includes(p))).toEqual([]);
    await o.page.locator(panelSel('limiter')).scrollIntoViewIfNeeded();
    await expect.poll(() => scriptPaths(o).filter((p) => plotChunks.includes(p)).length, SETTLE).toBeGreaterThan(0);

    await edit(o, 'limiter', 'peakRequestsPerSecond', '600000');
    await expect.poll(() => chartBox(o, 'limiter', 'rate-limiter-growth').getAttribute('data-lb-width'), SETTLE).not.toBeNull();
    expect(
      scriptPaths(o).filter((p) => !p.startsWith('/_astro/')),
      'scripts from outside the build',
    ).toEqual([]);
    expectClean(o);
    await o.close();
  });
});
