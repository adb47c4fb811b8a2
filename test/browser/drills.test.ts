// The estimation drills in real headless Chromium against the built site (dist/): answered by keyboard
// alone, graded with the model's exact answer (computed here by the same model and drill config), the
// grade announced, progress kept across a reload and reset, a seeded link reproducing its inputs, bad
// answers explained. Run after `astro build`.
//
// The drills' wording is the case studies' to change, so the assertions use the component's DOM contract
// (lb-drills, .lb-drill-*) and values computed in this process from the config the page ships.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { AxeResults } from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModel } from '../../models/registry.ts';
import { gradeEstimate } from '../../src/lib/estimate-grade.ts';
import type { DrillConfig } from '../../src/lib/estimation-draw.ts';
import { runDrill } from '../../src/lib/estimation-run.ts';
import { formatValue } from '../../src/lib/format.ts';
import { launchChromium, type Chromium, type OpenedPage, type OpenOptions } from './chromium.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const DIST = resolve('dist');
const SETTLE = { timeout: 15_000, interval: 50 } as const;
// axe-core's browser bundle, evaluated in the page (as in a11y.test.ts, which checks pages before the reader acts).
const AXE_SOURCE = (createRequire(import.meta.url)('axe-core') as { source: string }).source;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe's violations within the drills, one line each. */
async function axeViolations(o: OpenedPage): Promise<string[]> {
  await o.page.evaluate(AXE_SOURCE);
  const results = await o.page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run(c: string, o: object): Promise<AxeResults> } }).axe.run('lb-drills', {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    AXE_TAGS,
  );
  return results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join('; ')}`,
  );
}

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

async function open(options: OpenOptions = {}): Promise<OpenedPage> {
  const o = await chrome.open(options);
  opened.push(o);
  return o;
}

async function visit(o: OpenedPage, path: string): Promise<void> {
  const response = await o.page.goto(server.url + path, { waitUntil: 'load' });
  expect(response?.status(), `status of ${path}`).toBe(200);
  // The interface loads as the drills come near the viewport (or at once for a linked drill).
  await o.page.locator('lb-drills').scrollIntoViewIfNeeded();
  await o.page.waitForFunction(() => document.querySelector('lb-drills')?.getAttribute('data-drill') !== null);
}

function expectClean(o: OpenedPage): void {
  expect(o.requests.offsite(server.url), 'requests that left the site’s origin').toEqual([]);
  expect(o.errors.all(), 'console errors and page errors').toEqual([]);
}

async function configs(o: OpenedPage): Promise<DrillConfig[]> {
  const json = await o.page.locator('lb-drills > script[type="application/json"]').textContent();
  return JSON.parse(json ?? '[]') as DrillConfig[];
}

/** The drill shown now, and the model's run of it, computed in this process. */
async function shown(o: OpenedPage) {
  const el = o.page.locator('lb-drills');
  const id = await el.getAttribute('data-drill');
  const seed = Number(await el.getAttribute('data-seed-shown'));
  const config = (await configs(o)).find((c) => c.id === id);
  if (!config) throw new Error(`no config for drill ${id}`);
  const model = getModel(config.model);
  if (!model) throw new Error(`no model ${config.model}`);
  return { config, seed, run: runDrill(model, config, seed) };
}

const answered = (o: OpenedPage) => o.page.locator('lb-drills').getAttribute('data-answered');

describe('estimation drills', () => {
  it('are answered with the keyboard alone, graded with the model’s answer, and announced', async () => {
    const o = await open();
    await visit(o, '/case-studies/rate-limiting/');
    const { config, run } = await shown(o);
    expect(await o.page.locator('.lb-drill-question').textContent()).toBe(run.question);

    // Tab into the field from the element before it, type twice the answer, press Enter.
    await o.page.locator('.lb-drill-answer').focus();
    await o.page.keyboard.type(String(run.answer * 2));
    await o.page.keyboard.press('Enter');
    const result = o.page.locator('.lb-drill-result');
    await result.waitFor({ state: 'visible', ...SETTLE });
    // Focus moved to the result; the grade is in a live region.
    expect(await o.page.evaluate(() => document.activeElement?.classList.contains('lb-drill-result'))).toBe(true);
    expect(gradeEstimate(run.answer * 2, run.answer).grade).toBe('good');
    expect(await result.getAttribute('data-grade')).toBe('good');
    const status = o.page.locator('.lb-drill-status');
    expect(await status.getAttribute('role')).toBe('status');
    expect(await status.textContent()).toContain('Good');
    expect(await status.textContent()).toContain('2× too high');
    // The model's exact answer, and the derivation as the model's own numbers.
    expect(await o.page.locator('.lb-drill-vs').textContent()).toContain(
      formatValue(run.answer, { format: config.answer.format }),
    );
    expect(await o.page.locator('.lb-drill-steps li').allTextContents()).toEqual(run.steps);

    // Next drill is the next Tab stop; Enter on it shows a fresh drill with the field focused.
    await o.page.keyboard.press('Tab');
    expect(await o.page.evaluate(() => document.activeElement?.classList.contains('lb-drill-next'))).toBe(true);
    await o.page.keyboard.press('Enter');
    expect(await result.isHidden()).toBe(true);
    expect(await o.page.evaluate(() => document.activeElement?.classList.contains('lb-drill-answer'))).toBe(true);
    const next = await shown(o);
    expect(await o.page.locator('.lb-drill-question').textContent()).toBe(next.run.question);
    expectClean(o);
  });

  it('loads its interface only near the viewport, and keeps what the reader typed before it loaded', async () => {
    const o = await open();
    const response = await o.page.goto(server.url + '/case-studies/marketplace/', { waitUntil: 'networkidle' });
    expect(response?.status()).toBe(200);
    expect(await o.page.locator('lb-drills').getAttribute('data-drill')).toBeNull();
    expect(o.requests.urls.some((u) => /drills-ui/.test(u))).toBe(false);
    const config = (await configs(o))[0];
    const model = config && getModel(config.model);
    if (!config || !model) throw new Error('no first drill');
    const run = runDrill(model, config, 1); // the drill the page shows before its interface loads
    expect(await o.page.locator('.lb-drill-question').textContent()).toBe(run.question);
    // Type and answer at once: the answer is graded against the drill that was shown.
    await o.page.locator('.lb-drill-answer').fill(String(run.answer));
    await o.page.locator('.lb-drill-answer').press('Enter');
    await o.page.locator('.lb-drill-result').waitFor({ state: 'visible', ...SETTLE });
    expect(await o.page.locator('.lb-drill-result').getAttribute('data-grade')).toBe('good');
    expect(await o.page.locator('.lb-drill-vs').textContent()).toContain('exact');
    expectClean(o);
  });

  it('keeps progress across a reload, and resets it', async () => {
    const o = await open();
    await visit(o, '/drills/');
    expect(await answered(o)).toBe('0');
    const { run } = await shown(o);
    await o.page.locator('.lb-drill-answer').fill(String(run.answer * 50));
    await o.page.locator('.lb-drill-answer').press('Enter');
    await o.page.locator('.lb-drill-result').waitFor({ state: 'visible', ...SETTLE });
    expect(await o.page.locator('.lb-drill-result').getAttribute('data-grade')).toBe('off');
    expect(await answered(o)).toBe('1');
    const words = await o.page.locator('.lb-drill-progress').textContent();
    expect(words).toContain('1 answered');
    expect(words).toContain('1 off');

    await o.page.reload({ waitUntil: 'load' });
    await o.page.waitForFunction(() => document.querySelector('lb-drills')?.getAttribute('data-answered') === '1');
    expect(await o.page.locator('.lb-drill-progress').textContent()).toBe(words);

    await o.page.locator('.lb-drill-reset').click();
    expect(await answered(o)).toBe('0');
    await o.page.reload({ waitUntil: 'load' });
    await o.page.waitForFunction(() => document.querySelector('lb-drills')?.getAttribute('data-answered') === '0');
    expectClean(o);
  });

  it('opens a seeded link with the same inputs, and filters by case study', async () => {
    const o = await open();
    await visit(o, '/drills/?drill=notifications-gateways&seed=424242');
    const a = await shown(o);
    expect(a.config.id).toBe('notifications-gateways');
    expect(a.seed).toBe(424242);
    const question = await o.page.locator('.lb-drill-question').textContent();
    expect(question).toBe(a.run.question);
    // The drill's own link reproduces it on a fresh page.
    const href = await o.page.locator('.lb-drill-link').getAttribute('href');
    expect(href).toContain('drill=notifications-gateways');
    expect(href).toContain('seed=424242');
    const other = await open();
    await visit(other, new URL(href ?? '', server.url).pathname + new URL(href ?? '', server.url).search);
    expect(await other.page.locator('.lb-drill-question').textContent()).toBe(question);

    // The filter: every next drill comes from the chosen case study.
    await o.page.locator('.lb-drill-filter').selectOption('payments');
    for (let i = 0; i < 4; i++) {
      expect((await shown(o)).config.study).toBe('payments');
      const { run } = await shown(o);
      await o.page.locator('.lb-drill-answer').fill(String(run.answer));
      await o.page.locator('.lb-drill-answer').press('Enter');
      await o.page.locator('.lb-drill-result').waitFor({ state: 'visible', ...SETTLE });
      await o.page.locator('.lb-drill-next').click();
    }
    expectClean(o);
    expectClean(other);
  });

  it('reads a share in percent as the label asks (review B1: "0.075%" was refused and "0.075" graded 100× high)', async () => {
    const o = await open();
    await visit(o, '/drills/?drill=locking-overlap-odds&seed=1');
    const { config, run } = await shown(o);
    expect(config.answer.kind).toBe('percent');
    expect(await o.page.locator('.lb-drill-unit').textContent()).toBe(`% ${config.answer.unit}`);
    const percent = (run.answer * 100).toPrecision(2); // seed 1: 0.0748 % → "0.075"
    for (const typed of [`${percent}%`, percent]) {
      await o.page.locator('.lb-drill-answer').fill(typed);
      await o.page.locator('.lb-drill-answer').press('Enter');
      const result = o.page.locator('.lb-drill-result');
      await result.waitFor({ state: 'visible', ...SETTLE });
      expect(await result.getAttribute('data-grade'), typed).toBe('good');
      await visit(o, '/drills/?drill=locking-overlap-odds&seed=1');
    }
    expectClean(o);
  });

  it('explains bad answers and never shows NaN', async () => {
    const o = await open();
    await visit(o, '/case-studies/payments/');
    const error = o.page.locator('.lb-drill-error');
    for (const bad of ['abc', '-5', '', '0', '12 parsecs']) {
      await o.page.locator('.lb-drill-answer').fill(bad);
      await o.page.locator('.lb-drill-answer').press('Enter');
      await error.waitFor({ state: 'visible' });
      const text = (await error.textContent()) ?? '';
      expect(text.length, `message for "${bad}"`).toBeGreaterThan(10);
      expect(text).not.toContain('NaN');
      expect(await o.page.locator('.lb-drill-answer').getAttribute('aria-invalid')).toBe('true');
      expect(await o.page.locator('.lb-drill-result').isHidden()).toBe(true);
    }
    expect(await answered(o)).toBe('0');
    // Skipping shows another drill without counting an answer.
    const before = await o.page.locator('lb-drills').getAttribute('data-seed-shown');
    await o.page.locator('.lb-drill-skip').click();
    expect(await o.page.locator('lb-drills').getAttribute('data-seed-shown')).not.toBe(before);
    expect(await o.page.locator('.lb-drill-error').isHidden()).toBe(true);
    expect(await answered(o)).toBe('0');
    // Written the way people write numbers: accepted and graded.
    const { run } = await shown(o);
    await o.page.locator('.lb-drill-answer').fill(`${(run.answer / 1000).toPrecision(3)}k`);
    await o.page.locator('.lb-drill-answer').press('Enter');
    await o.page.locator('.lb-drill-result').waitFor({ state: 'visible', ...SETTLE });
    expect(await o.page.locator('.lb-drill-result').getAttribute('data-grade')).toBe('good');
    expect(await o.page.locator('lb-drills').textContent()).not.toContain('NaN');
    expectClean(o);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`passes axe with a grade and with an error shown (${theme})`, async () => {
      const o = await open({ theme });
      await visit(o, '/drills/');
      await o.page.locator('.lb-drill-answer').fill('abc');
      await o.page.locator('.lb-drill-answer').press('Enter');
      await o.page.locator('.lb-drill-error').waitFor({ state: 'visible' });
      expect(await axeViolations(o), 'with an error').toEqual([]);
      for (const factor of [1, 5, 100]) {
        const { run } = await shown(o);
        await o.page.locator('.lb-drill-answer').fill(String(run.answer * factor));
        await o.page.locator('.lb-drill-answer').press('Enter');
        await o.page.locator('.lb-drill-result').waitFor({ state: 'visible', ...SETTLE });
        expect(await axeViolations(o), `graded ${await o.page.locator('.lb-drill-result').getAttribute('data-grade')}`).toEqual(
          [],
        );
        await o.page.locator('.lb-drill-next').click();
      }
      expectClean(o);
    });
  }
});
