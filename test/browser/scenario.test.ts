// What a reader does with the live scenarios of /case-studies/rate-limiting/, in real headless Chromium
// against the built site (dist/): edit a panel and watch the bound numbers, charts and URL follow; type
// a bad value; reset; open a shared link; read the page without JavaScript; read the charts in both
// themes; and load Plot only once the reader edits. Run after `astro build` (npm test does).
//
// The page's prose is being edited, so nothing here depends on its wording: the assertions use the DOM
// contract of Panel/Value/Chart (lb-scenario, .lb-value, .lb-chart-plot) and expectations computed in
// this process by the same models, formatter and chart tables the site uses.
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../models/evaluate.ts';
import { inputJsonSchema } from '../../models/problems.ts';
import { getModel } from '../../models/registry.ts';
import type { ChartModule } from '../../src/charts/chart.ts';
import { charts, isChartName } from '../../src/charts/registry.ts';
import type { DisplayUnit } from '../../src/lib/display-units.ts';
import { formatValue, type Format } from '../../src/lib/format.ts';
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

/**
 * Inputs of the page's scenarios that have no panel (a panel carries its scenario's model and inputs in
 * its JSON config; these do not). `cell` is redis-cell's README example (CL.THROTTLE user123 15 30 60 1).
 */
const PANEL_LESS: Readonly<Record<string, { model: string; inputs: Record<string, unknown> }>> = {
  cell: { model: 'gcra', inputs: { maxBurst: 15, countPerPeriod: 30, period: 60, requests: [{ time: 0 }] } },
};

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
        text: n.textContent ?? '',
      };
    }),
  );
}

const texts = async (o: OpenedPage, scenario?: string) => (await boundValues(o, scenario)).map((b) => b.text);

interface Chart {
  svg: string;
  rows: string[][];
}

/** A chart's plot markup and the rows of the data table in its figure. */
async function chartState(o: OpenedPage, scenario: string, chart: string): Promise<Chart> {
  return chartBox(o, scenario, chart).evaluate((box) => ({
    svg: box.innerHTML,
    rows: [...(box.closest('figure')?.querySelectorAll('tbody tr') ?? [])].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
    ),
  }));
}

async function allCharts(o: OpenedPage): Promise<Chart[]> {
  const names = await o.page
    .locator('.lb-chart-plot')
    .evaluateAll((boxes) =>
      boxes.map((b) => [(b as HTMLElement).dataset['lbScenario'] ?? '', (b as HTMLElement).dataset['lbChart'] ?? '']),
    );
  return Promise.all(names.map(([s, c]) => chartState(o, s ?? '', c ?? '')));
}

/** Whether "NaN" appears in what the reader sees: the page's text and the charts' SVG text. */
async function showsNaN(o: OpenedPage): Promise<boolean> {
  return o.page.evaluate(() => {
    const svgText = [...document.querySelectorAll('.lb-chart-plot')].map((b) => b.textContent ?? '').join(' ');
    return /NaN/.test(document.body.innerText) || /NaN/.test(svgText);
  });
}

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
  return formatValue(value, {
    format: b.format as Format | undefined,
    unit: b.unit as DisplayUnit | undefined,
    digits: b.digits ? Number(b.digits) : undefined,
  });
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

/** The rows the chart's own table function gives for this output (what the figure's tbody must hold). */
async function expectedRows(chart: string, output: unknown): Promise<string[][]> {
  if (!isChartName(chart)) throw new Error(`no chart ${chart}`);
  const mod = (await charts[chart]()) as unknown as ChartModule<unknown>;
  return mod.table(output).rows.map((r) => [...r]);
}

/** "1 to 10,000,000,000": the field's range from the model's schema, in the unit the panel shows. */
function rangeWords(modelId: string, field: string, factor = 1): string {
  const model = getModel(modelId);
  if (!model) throw new Error(`no model ${modelId}`);
  const schema = (inputJsonSchema(model.input).properties as Record<string, { minimum: number; maximum: number }>)[field];
  if (!schema) throw new Error(`${modelId} has no input ${field}`);
  const words = (n: number) => Number((n * factor).toPrecision(12)).toLocaleString('en-US');
  return `${words(schema.minimum)} to ${words(schema.maximum)}`;
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

describe('the capacity panel (limiter)', () => {
  it('editing peak requests recomputes the primaries, the growth chart and the URL', async () => {
    const o = await open();
    await visit(o);
    const cfg = await panelConfig(o, 'limiter');
    expect(cfg.model).toBe('rate-limiter-capacity');
    expect(cfg.inputs).toMatchObject({ peakRequestsPerSecond: 500_000, checksPerRequest: 2 });
    const primaries = o.page.locator('.lb-value[data-lb-scenario="limiter"][data-lb-field="primaries"]');
    expect(await primaries.count()).toBeGreaterThan(0);

    const base = run(cfg.model, cfg.inputs);
    const edited = run(cfg.model, { ...cfg.inputs, peakRequestsPerSecond: 1_000_000 });
    const wantBefore = formatValue(base.output['primaries'], { format: 'integer' });
    const wantAfter = formatValue(edited.output['primaries'], { format: 'integer' });
    expect(wantAfter).not.toBe(wantBefore);
    for (const t of await primaries.allTextContents()) expect(t).toBe(wantBefore);
    const before = await chartState(o, 'limiter', 'rate-limiter-growth');
    expect(before.rows).toEqual(await expectedRows('rate-limiter-growth', base.output));

    await edit(o, 'limiter', 'peakRequestsPerSecond', '1000000');

    await expect.poll(() => primaries.allTextContents(), SETTLE).toEqual(Array(await primaries.count()).fill(wantAfter));
    await expectModelValues(o, 'limiter', edited);
    const wantRows = await expectedRows('rate-limiter-growth', edited.output);
    await expect.poll(async () => (await chartState(o, 'limiter', 'rate-limiter-growth')).rows, SETTLE).toEqual(wantRows);
    await expect.poll(async () => (await chartState(o, 'limiter', 'rate-limiter-growth')).svg, SETTLE).not.toBe(before.svg);
    const after = await chartState(o, 'limiter', 'rate-limiter-growth');
    expect(await chartBox(o, 'limiter', 'rate-limiter-growth').locator('svg').count()).toBeGreaterThan(0);
    // A number of the growth chart changed: its requests/s column follows the new peak.
    expect(after.rows).not.toEqual(before.rows);
    expect(new URL(o.page.url()).searchParams.get('limiter.peakRequestsPerSecond')).toBe('1000000');
    expect(o.page.url()).toContain('limiter.peakRequestsPerSecond=1000000');
    expect(await showsNaN(o)).toBe(false);
    expectClean(o);
    await o.close();
  });

  it('a bad value gets a message beside its field and the last good numbers and charts stay', async () => {
    const o = await open();
    await visit(o);
    const cfg = await panelConfig(o, 'limiter');
    const peak = inputOf(o, 'limiter', 'peakRequestsPerSecond');
    const peakError = errorOf(o, 'limiter', 'peakRequestsPerSecond');
    const status = o.page.locator(`${panelSel('limiter')} .lb-status`);
    expect(await peakError.isVisible()).toBe(false);
    expect(await peak.getAttribute('aria-invalid')).toBeNull();

    // A good edit first, so "the last good values" are the live ones, charts redrawn.
    const good = run(cfg.model, { ...cfg.inputs, peakRequestsPerSecond: 800_000 });
    await edit(o, 'limiter', 'peakRequestsPerSecond', '800000');
    await expectModelValues(o, 'limiter', good);
    const goodRows = await expectedRows('rate-limiter-growth', good.output);
    await expect.poll(async () => (await chartState(o, 'limiter', 'rate-limiter-growth')).rows, SETTLE).toEqual(goodRows);
    await expect.poll(() => chartBox(o, 'limiter', 'rate-limiter-growth').getAttribute('data-lb-width'), SETTLE).not.toBeNull();
    const lastGood = { values: await texts(o), charts: await allCharts(o) };
    const range = rangeWords(cfg.model, 'peakRequestsPerSecond');

    for (const bad of ['0', 'abc']) {
      await edit(o, 'limiter', 'peakRequestsPerSecond', bad);
      await expect.poll(() => peakError.textContent(), SETTLE).toContain(`"${bad}"`);
      expect(await peakError.isVisible(), `error for ${bad}`).toBe(true);
      expect(await peakError.textContent()).toContain(range);
      expect(await peak.getAttribute('aria-invalid')).toBe('true');
      expect((await status.textContent())?.trim()).not.toBe('');
      await o.page.waitForTimeout(GRACE_MS);
      expect(await texts(o), `bound numbers after typing ${bad}`).toEqual(lastGood.values);
      expect(await allCharts(o), `charts after typing ${bad}`).toEqual(lastGood.charts);
      expect(await showsNaN(o), `NaN on the page after typing ${bad}`).toBe(false);
    }

    // Fixing it clears the message and recomputes.
    const fixed = run(cfg.model, { ...cfg.inputs, peakRequestsPerSecond: 900_000 });
    await edit(o, 'limiter', 'peakRequestsPerSecond', '900000');
    await expect.poll(() => peakError.isVisible(), SETTLE).toBe(false);
    expect(await peak.getAttribute('aria-invalid')).toBeNull();
    expect((await peakError.textContent())?.trim()).toBe('');
    expect((await status.textContent())?.trim()).toBe('');
    await expectModelValues(o, 'limiter', fixed);
    await expect
      .poll(async () => (await chartState(o, 'limiter', 'rate-limiter-growth')).rows, SETTLE)
      .toEqual(await expectedRows('rate-limiter-growth', fixed.output));

    // A percent field: shown in %, judged by the model's range for a fraction, restated in %.
    const util = inputOf(o, 'limiter', 'targetUtilization');
    const utilError = errorOf(o, 'limiter', 'targetUtilization');
    const utilRange = rangeWords(cfg.model, 'targetUtilization', 100);
    expect(utilRange).toBe('1 to 99');
    const beforeUtil = { values: await texts(o), charts: await allCharts(o) };
    await edit(o, 'limiter', 'targetUtilization', '150');
    await expect.poll(() => utilError.isVisible(), SETTLE).toBe(true);
    const utilMessage = (await utilError.textContent()) ?? '';
    expect(utilMessage).toContain(utilRange);
    expect(utilMessage).toContain('"150"');
    expect(utilMessage).toContain('%');
    expect(await util.getAttribute('aria-invalid')).toBe('true');
    expect(await peak.getAttribute('aria-invalid')).toBeNull();
    await o.page.waitForTimeout(GRACE_MS);
    expect(await texts(o)).toEqual(beforeUtil.values);
    expect(await allCharts(o)).toEqual(beforeUtil.charts);
    expect(await showsNaN(o)).toBe(false);

    const sixty = run(cfg.model, { ...cfg.inputs, peakRequestsPerSecond: 900_000, targetUtilization: 0.6 });
    await edit(o, 'limiter', 'targetUtilization', '60');
    await expect.poll(() => utilError.isVisible(), SETTLE).toBe(false);
    expect(await util.getAttribute('aria-invalid')).toBeNull();
    await expectModelValues(o, 'limiter', sixty);
    expect(await showsNaN(o)).toBe(false);
    expectClean(o);
    await o.close();
  });

  it('reset restores the page’s numbers and removes the scenario from the URL', async () => {
    const o = await open();
    await visit(o);
    const cfg = await panelConfig(o, 'limiter');
    const initial = {
      values: await texts(o),
      rows: (await chartState(o, 'limiter', 'rate-limiter-growth')).rows,
      inputs: await o.page
        .locator(`${panelSel('limiter')} form input`)
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
    };
    // The build-time numbers are the model's.
    await expectModelValues(o, 'limiter', run(cfg.model, cfg.inputs));

    await edit(o, 'limiter', 'peakRequestsPerSecond', '1000000');
    await expectModelValues(o, 'limiter', run(cfg.model, { ...cfg.inputs, peakRequestsPerSecond: 1_000_000 }));
    await edit(o, 'limiter', 'checksPerRequest', '3');
    await expectModelValues(
      o,
      'limiter',
      run(cfg.model, { ...cfg.inputs, peakRequestsPerSecond: 1_000_000, checksPerRequest: 3 }),
    );
    await edit(o, 'limiter', 'targetUtilization', '150'); // left invalid: reset must clear it too
    await expect.poll(() => errorOf(o, 'limiter', 'targetUtilization').isVisible(), SETTLE).toBe(true);
    const edited = new URL(o.page.url()).searchParams;
    expect(edited.get('limiter.peakRequestsPerSecond')).toBe('1000000');
    expect(edited.get('limiter.checksPerRequest')).toBe('3');
    expect(await texts(o)).not.toEqual(initial.values);

    await o.page.locator(`${panelSel('limiter')} .lb-reset`).click();

    await expect.poll(() => texts(o), SETTLE).toEqual(initial.values);
    await expect
      .poll(() => [...new URL(o.page.url()).searchParams.keys()].filter((k) => k.startsWith('limiter.')), SETTLE)
      .toEqual([]);
    await expect.poll(async () => (await chartState(o, 'limiter', 'rate-limiter-growth')).rows, SETTLE).toEqual(initial.rows);
    expect(
      await o.page
        .locator(`${panelSel('limiter')} form input`)
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
    ).toEqual(initial.inputs);
    expect(await errorOf(o, 'limiter', 'targetUtilization').isVisible()).toBe(false);
    expect(await o.page.locator(`${panelSel('limiter')} [aria-invalid="true"]`).count()).toBe(0);
    expect((await o.page.locator(`${panelSel('limiter')} .lb-status`).textContent())?.trim()).toBe('');
    expect(await showsNaN(o)).toBe(false);
    expectClean(o);
    await o.close();
  });
});

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

describe('a shared link', () => {
  it('reproduces the scenario and names the parameter it ignored', async () => {
    const o = await open();
    await visit(o, '?limiter.peakRequestsPerSecond=2000000&limiter.bogus=1');
    const cfg = await panelConfig(o, 'limiter');
    const linked = run(cfg.model, { ...cfg.inputs, peakRequestsPerSecond: 2_000_000 });
    await expectModelValues(o, 'limiter', linked);
    expect(await inputOf(o, 'limiter', 'peakRequestsPerSecond').inputValue()).toBe('2000000');
    await expect
      .poll(async () => (await chartState(o, 'limiter', 'rate-limiter-growth')).rows, SETTLE)
      .toEqual(await expectedRows('rate-limiter-growth', linked.output));
    await expect.poll(() => o.page.locator(`${panelSel('limiter')} .lb-status`).textContent(), SETTLE).toContain('"bogus"');
    expect(await o.page.locator(`${panelSel('limiter')} [aria-invalid="true"]`).count()).toBe(0);
    expect(await showsNaN(o)).toBe(false);
    expectClean(o);
    await o.close();
  });

  // A parameter the link carried but the panel ignored (`limiter.bogus`) is reported once, then dropped
  // from the URL, so the notice does not come back on reload.
  it('reset also drops a parameter the link carried but the panel ignored', async () => {
    const o = await open();
    try {
      await visit(o, '?limiter.peakRequestsPerSecond=2000000&limiter.bogus=1');
      await expect.poll(() => o.page.locator(`${panelSel('limiter')} .lb-status`).textContent(), SETTLE).toContain('"bogus"');
      await o.page.locator(`${panelSel('limiter')} .lb-reset`).click();
      await expect.poll(() => new URL(o.page.url()).searchParams.has('limiter.peakRequestsPerSecond'), SETTLE).toBe(false);
      expect([...new URL(o.page.url()).searchParams.keys()].filter((k) => k.startsWith('limiter.'))).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it('with a bad value shows the field error and the case study’s own numbers', async () => {
    const o = await open();
    await visit(o, '?limiter.peakRequestsPerSecond=-5');
    const cfg = await panelConfig(o, 'limiter');
    const error = errorOf(o, 'limiter', 'peakRequestsPerSecond');
    await expect.poll(() => error.isVisible(), SETTLE).toBe(true);
    expect(await error.textContent()).toContain('"-5"');
    expect(await error.textContent()).toContain(rangeWords(cfg.model, 'peakRequestsPerSecond'));
    expect(await inputOf(o, 'limiter', 'peakRequestsPerSecond').getAttribute('aria-invalid')).toBe('true');
    expect(await inputOf(o, 'limiter', 'peakRequestsPerSecond').inputValue()).toBe('-5');
    await o.page.waitForTimeout(GRACE_MS);
    const base = run(cfg.model, cfg.inputs);
    expect(await mismatches(o, 'limiter', base)).toEqual([]);
    expect((await chartState(o, 'limiter', 'rate-limiter-growth')).rows).toEqual(
      await expectedRows('rate-limiter-growth', base.output),
    );
    expect(await chartBox(o, 'limiter', 'rate-limiter-growth').locator('svg').count()).toBeGreaterThan(0);
    expect(await showsNaN(o)).toBe(false);
    expectClean(o);
    await o.close();
  });
});

describe('the algorithm comparison (algos)', () => {
  it('editing the limit redraws both charts and the table follows the model', async () => {
    const o = await open();
    await visit(o);
    const cfg = await panelConfig(o, 'algos');
    expect(cfg.model).toBe('rate-limit-compare');
    const base = run(cfg.model, cfg.inputs);
    const newLimit = Number(base.input['limit']) * 2;
    const edited = run(cfg.model, { ...cfg.inputs, limit: newLimit });
    await expectModelValues(o, 'algos', base);
    const chartNames = ['rate-limit-timeline', 'rate-limit-window-max'];
    const before = await Promise.all(chartNames.map((c) => chartState(o, 'algos', c)));
    const limiterBefore = { values: await texts(o, 'limiter'), chart: await chartState(o, 'limiter', 'rate-limiter-growth') };
    expect(await mismatches(o, 'algos', edited)).not.toEqual([]); // the edit must move some number

    await edit(o, 'algos', 'limit', String(newLimit));

    await expectModelValues(o, 'algos', edited);
    for (const [i, chart] of chartNames.entries()) {
      const want = await expectedRows(chart, edited.output);
      await expect.poll(async () => (await chartState(o, 'algos', chart)).rows, SETTLE).toEqual(want);
      await expect.poll(async () => (await chartState(o, 'algos', chart)).svg, SETTLE).not.toBe(before[i]?.svg);
      const after = await chartState(o, 'algos', chart);
      expect(await chartBox(o, 'algos', chart).locator('svg').count(), chart).toBeGreaterThan(0);
      expect(after.rows, `${chart}: its data changed`).not.toEqual(before[i]?.rows);
    }
    expect(new URL(o.page.url()).searchParams.get('algos.limit')).toBe(String(newLimit));
    // Another scenario on the page is left alone.
    expect(await texts(o, 'limiter')).toEqual(limiterBefore.values);
    expect(await chartState(o, 'limiter', 'rate-limiter-growth')).toEqual(limiterBefore.chart);
    expect(await showsNaN(o)).toBe(false);
    expectClean(o);
    await o.close();
  });
});

describe('without JavaScript', () => {
  it('charts are SVG with marks, numbers are the model’s, diagrams are images', async () => {
    const o = await open({ javaScriptEnabled: false });
    await visit(o, '', 'networkidle');
    expect(scriptPaths(o), 'no script was fetched').toEqual([]);

    // Which model and inputs each scenario on the page has: from its panel, else from PANEL_LESS.
    const scenarios = [...new Set((await boundValues(o)).map((b) => b.scenario))];
    const runs = new Map<string, Run>();
    for (const name of scenarios) {
      const hasPanel = (await o.page.locator(panelSel(name)).count()) > 0;
      const known = hasPanel
        ? await panelConfig(o, name)
        : PANEL_LESS[name]
          ? { model: PANEL_LESS[name].model, inputs: PANEL_LESS[name].inputs }
          : undefined;
      if (known) runs.set(name, run(known.model, known.inputs));
    }
    expect([...runs.keys()]).toEqual(expect.arrayContaining(['limiter', 'algos', 'cf', 'cell']));
    for (const [name, r] of runs) expect(await mismatches(o, name, r), `scenario ${name}`).toEqual([]);
    // Scenarios this test cannot recompute (no panel, not in PANEL_LESS) still show a number, not NaN.
    for (const b of await boundValues(o)) {
      expect(b.text.trim(), `${b.scenario} ${b.field ?? b.input}`).not.toBe('');
      expect(b.text).not.toMatch(/NaN|undefined|Infinity/);
    }

    const boxes = await o.page.locator('.lb-chart-plot').evaluateAll((els) =>
      els.map((box) => {
        const svgs = [...box.querySelectorAll('svg')];
        const marks = [...box.querySelectorAll('svg g[aria-label]')].filter(
          (g) =>
            !/axis|grid|frame|legend/i.test(g.getAttribute('aria-label') ?? '') &&
            g.querySelector('path, rect, line, circle, text'),
        );
        const visible = svgs.filter((s) => s.getBoundingClientRect().width > 0 && getComputedStyle(s).visibility !== 'hidden');
        return {
          scenario: (box as HTMLElement).dataset['lbScenario'] ?? '',
          chart: (box as HTMLElement).dataset['lbChart'] ?? '',
          svgs: svgs.length,
          marks: marks.length,
          visible: visible.length,
        };
      }),
    );
    expect(boxes.map((b) => b.chart)).toEqual(
      expect.arrayContaining(['rate-limit-timeline', 'rate-limit-window-max', 'rate-limiter-growth']),
    );
    for (const b of boxes) {
      expect(b.svgs, `${b.chart} has an svg`).toBeGreaterThan(0);
      expect(b.marks, `${b.chart} has marks`).toBeGreaterThan(0);
      expect(b.visible, `${b.chart} shows an svg`).toBeGreaterThan(0);
      const r = runs.get(b.scenario);
      if (r)
        expect((await chartState(o, b.scenario, b.chart)).rows, `${b.chart} table`).toEqual(
          await expectedRows(b.chart, r.output),
        );
    }

    const figures = await o.page.locator('figure.lb-mermaid').evaluateAll((els) =>
      els.map((f) => {
        const imgs = [...f.querySelectorAll('img')] as HTMLImageElement[];
        const shown = imgs.filter((i) => i.getBoundingClientRect().width > 0);
        return {
          imgs: imgs.length,
          shown: shown.length,
          loaded: shown.every((i) => i.complete && i.naturalWidth > 0),
          alt: shown.every((i) => (i.getAttribute('alt') ?? '').trim().length > 0),
          rawSource: (f.textContent ?? '').includes('flowchart') || f.querySelector('pre, code') !== null,
        };
      }),
    );
    expect(figures.length).toBeGreaterThan(0);
    for (const f of figures)
      expect(f).toEqual({ imgs: expect.any(Number) as unknown, shown: 1, loaded: true, alt: true, rawSource: false });
    expect(await o.page.locator('pre.mermaid, code.language-mermaid').count()).toBe(0);
    expect(await showsNaN(o)).toBe(false);
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
      await expect.poll(() => o.page.locator('.lb-chart-plot:not([data-lb-width])').count(), SETTLE).toBe(0);
      expect(contrastProblems(await chartColours(o), theme)).toEqual([]);
      expectClean(o);
      await o.close();
    });
  }
});

describe('lazy loading', () => {
  it('Plot and the chart code load only after the first edit', async () => {
    const o = await open();
    await visit(o, '', 'networkidle');
    const plotClass = (await o.page.locator('.lb-chart-plot svg[class^="plot-"]').first().getAttribute('class'))?.match(
      /plot-[\w-]+/,
    )?.[0];
    expect(plotClass, 'the class Plot stamps on its figures').toBeTruthy();
    const plotChunks = await findPlotChunks(plotClass as string);
    expect(plotChunks.length, 'built chunks holding Plot').toBeGreaterThan(0);

    const entries = await o.page
      .locator('script[type="module"][src]')
      .evaluateAll((els) => els.map((e) => new URL((e as HTMLScriptElement).src).pathname));
    const preloads = await o.page
      .locator('link[rel="modulepreload"]')
      .evaluateAll((els) => els.map((e) => new URL((e as HTMLLinkElement).href).pathname));
    const eager = await staticClosure([...entries, ...preloads]);
    expect(
      plotChunks.filter((c) => eager.has(c)),
      'Plot in the eager graph',
    ).toEqual([]);

    const initial = scriptPaths(o);
    expect(initial.length).toBeGreaterThan(0);
    expect(
      initial.filter((p) => !eager.has(p)),
      'scripts loaded on page load beyond the eager ones',
    ).toEqual([]);
    expect(initial.filter((p) => plotChunks.includes(p))).toEqual([]);

    // Reading the page (scrolling down to the charts) loads nothing more.
    await o.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await o.page.waitForTimeout(500);
    expect(scriptPaths(o)).toEqual(initial);

    await edit(o, 'limiter', 'peakRequestsPerSecond', '600000');
    await expect.poll(() => chartBox(o, 'limiter', 'rate-limiter-growth').getAttribute('data-lb-width'), SETTLE).not.toBeNull();
    const after = scriptPaths(o);
    expect(after.length).toBeGreaterThan(initial.length);
    const loaded = after.slice(initial.length);
    expect(
      loaded.filter((p) => plotChunks.includes(p)),
      'Plot loaded on the first edit',
    ).not.toEqual([]);
    expect(
      loaded.filter((p) => !p.startsWith('/_astro/')),
      'scripts from outside the build',
    ).toEqual([]);
    expectClean(o);
    await o.close();
  });
});
