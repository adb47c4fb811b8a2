/**
 * The setup a browser test of the built site (dist/) repeats: serve it, launch Chromium once per file,
 * open pages each in a fresh context (own storage) and close them all at the end. Call `builtSite()` at a
 * test file's top level (it registers the file's beforeAll/afterAll).
 *   const site = builtSite();
 *   const o = await site.visit('/case-studies/rate-limiting/', '?units=rate:min');
 *   await showIntent(o, panel); // the runtime loads, as when a reader points at a panel
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchChromium, type Chromium, type OpenedPage } from './chromium.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

export interface BuiltSite {
  /** the server's origin (after beforeAll) */
  readonly url: string;
  /** A fresh page on `path` + `query`, loaded; the test fails unless the page answers 200. */
  visit(path: string, query?: string): Promise<OpenedPage>;
}

export function builtSite(): BuiltSite {
  let server: StaticServer | undefined;
  let chrome: Chromium | undefined;
  const opened: OpenedPage[] = [];
  beforeAll(async () => {
    server = await serveStatic(resolve('dist'));
    chrome = await launchChromium();
  });
  afterAll(async () => {
    for (const o of opened) await o.close().catch(() => {});
    await chrome?.close();
    await server?.close();
  });
  const started = () => {
    if (!server || !chrome) throw new Error('builtSite(): use it inside a test (the site starts in beforeAll)');
    return { server, chrome };
  };
  return {
    get url() {
      return started().server.url;
    },
    async visit(path, query = '') {
      const { server: s, chrome: c } = started();
      const o = await c.open();
      opened.push(o);
      const response = await o.page.goto(s.url + path + query, { waitUntil: 'load' });
      expect(response?.status(), `status of ${path}${query}`).toBe(200);
      return o;
    },
  };
}

/** Show intent on a panel (scroll to it, a pointer over its title) and wait until the runtime has loaded. */
export async function showIntent(o: OpenedPage, panel: string): Promise<void> {
  await o.page.locator(panel).scrollIntoViewIfNeeded();
  await o.page.hover(`${panel} .lb-panel-title`);
  await o.page.waitForLoadState('networkidle');
}
