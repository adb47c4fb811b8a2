// The generated model pages (/models/<id>/), in headless Chromium against the built site: every registered
// model has a page whose numbers are the model's own answer for its example, and a reader's edit in the
// panel recomputes them. Expectations are computed here by the same model and formatter the site uses.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../models/evaluate.ts';
import { models } from '../../models/registry.ts';
import { formatValue } from '../../src/lib/format.ts';
import { mm1 } from '../../models/queueing/mm1.ts';
import { launchChromium, type Chromium } from './chromium.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

let server: StaticServer;
let chrome: Chromium;

beforeAll(async () => {
  server = await serveStatic(resolve('dist'));
  chrome = await launchChromium();
});

afterAll(async () => {
  await chrome?.close();
  await server?.close();
});

describe('the model library pages', () => {
  it('lists every registered model on /models/ and gives each a page', async () => {
    const o = await chrome.open();
    try {
      const r = await o.page.goto(`${server.url}/models/`, { waitUntil: 'load' });
      expect(r?.status()).toBe(200);
      const hrefs = await o.page
        .locator('main a[href^="/models/"]')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      expect(hrefs.sort()).toEqual(models.map((m) => `/models/${m.id}/`).sort());
      for (const m of models) {
        const page = await o.page.goto(`${server.url}/models/${m.id}/`, { waitUntil: 'load' });
        expect(page?.status(), m.id).toBe(200);
        await expect.poll(() => o.page.locator('h1').textContent()).toBe(m.title);
        expect(await o.page.locator('.lb-cli').textContent()).toContain(
          `npx loadbearing run ${m.id} --input '${JSON.stringify(m.example)}'`,
        );
      }
      expect(o.errors.all()).toEqual([]);
      expect(o.requests.offsite()).toEqual([]);
    } finally {
      await o.close();
    }
  });

  it('recomputes the M/M/1 page when the reader edits the arrival rate', async () => {
    const o = await chrome.open({ theme: 'dark' });
    try {
      await o.page.goto(`${server.url}/models/mm1/`, { waitUntil: 'load' });
      const w = o.page.locator('.lb-value[data-lb-field="meanTimeInSystem"]');
      const expected = (arrivalRate: number) =>
        formatValue(evaluate(mm1, { ...mm1.example, arrivalRate }).meanTimeInSystem, { format: 'duration' });
      expect(await w.textContent()).toBe(expected(80)); // the example: W = 1/(100 − 80) s = 50 ms
      await o.page.locator('lb-scenario form [name="arrivalRate"]').fill('90');
      await expect.poll(() => w.textContent(), { timeout: 15_000 }).toBe(expected(90)); // 1/(100 − 90) s = 100 ms
      expect(expected(90)).toBe(formatValue(0.1, { format: 'duration' }));
      expect(o.errors.all()).toEqual([]);
    } finally {
      await o.close();
    }
  });
});
