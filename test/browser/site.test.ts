// The built site (dist/) in real headless Chromium: pages load cleanly in both themes, search and the
// sidebar find the case study, nothing is fetched from anywhere but the site itself, and a reader
// without JavaScript still gets the content. Run after `astro build` (npm test does).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Chromium, type OpenedPage, type OpenOptions, type Theme } from './chromium.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const CASE_STUDY = '/case-studies/rate-limiting/';
const PAGES = ['/', CASE_STUDY] as const;
const THEMES: readonly Theme[] = ['light', 'dark'];

let server: StaticServer;
let chrome: Chromium;
const opened: OpenedPage[] = [];

beforeAll(async () => {
  server = await serveStatic('dist');
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

/** Loads path and waits until the network is quiet; returns the main document's status. */
async function visit(o: OpenedPage, path: string): Promise<number> {
  const response = await o.page.goto(server.url + path, { waitUntil: 'networkidle' });
  expect(response, `no response for ${path}`).not.toBeNull();
  return response?.status() ?? 0;
}

/** Same-origin files the page links (stylesheets, icons, scripts, images) that do not answer 200. */
async function brokenLinkedFiles(o: OpenedPage): Promise<string[]> {
  const urls = await o.page.evaluate(() =>
    [...document.querySelectorAll('link[href], script[src], img[src]')].map(
      (el) => el.getAttribute('href') ?? el.getAttribute('src') ?? '',
    ),
  );
  const broken: string[] = [];
  for (const raw of new Set(urls)) {
    const url = new URL(raw, o.page.url());
    if (url.origin !== server.url) continue; // e.g. the canonical link: not fetched
    const response = await o.context.request.get(url.href);
    if (response.status() !== 200) broken.push(`${url.pathname} → ${response.status()}`);
  }
  return broken;
}

function expectStayedHome(o: OpenedPage): void {
  expect(o.requests.urls.length).toBeGreaterThan(0);
  expect(o.requests.offsite(server.url), 'requests that left the site’s origin').toEqual([]);
}

describe('pages load cleanly in both themes', () => {
  for (const path of PAGES) {
    for (const theme of THEMES) {
      it(`${path} (${theme})`, async () => {
        const o = await open({ theme });
        expect(await visit(o, path)).toBe(200);
        expect(await o.page.locator('html').getAttribute('data-theme')).toBe(theme);
        await expect.poll(() => o.page.locator('h1').first().isVisible()).toBe(true);
        if (path === CASE_STUDY) {
          expect(await o.page.title()).toMatch(/rate limit/i);
          expect(await o.page.locator('main h1').first().textContent()).toMatch(/rate limit/i);
        } else {
          expect(await o.page.title()).toMatch(/loadbearing/i);
        }
        expect(await brokenLinkedFiles(o), 'linked files that are missing').toEqual([]);
        expect(o.errors.all()).toEqual([]);
        expectStayedHome(o);
        await o.close();
      });
    }
  }

  it('serves the 404 page for a missing path', async () => {
    const o = await open({ theme: 'light' });
    expect(await visit(o, '/no-such-page/')).toBe(404);
    expect(await o.page.locator('h1').first().textContent()).toMatch(/404|not found/i);
    expectStayedHome(o);
    await o.close();
  });
});

describe('finding the case study', () => {
  it('search (Pagefind) finds it for "rate limiter"', async () => {
    const o = await open({ theme: 'light' });
    expect(await visit(o, '/')).toBe(200);
    await o.page.locator('button[data-open-modal]').first().click();
    const dialog = o.page.locator('dialog[open]');
    await dialog.waitFor({ state: 'visible' });
    const input = dialog.locator('input[type="search"], input.pagefind-ui__search-input').first();
    await input.waitFor({ state: 'visible' });
    await input.fill('rate limiter');
    const hit = dialog.locator(`a[href*="${CASE_STUDY}"]`).first();
    await hit.waitFor({ state: 'visible', timeout: 20_000 });
    expect(await hit.textContent()).toMatch(/rate limit/i);
    // The index and its wasm came from the site itself.
    expect(o.requests.urls.some((u) => u.includes('/pagefind/'))).toBe(true);
    expect(o.errors.all()).toEqual([]);
    expectStayedHome(o);
    await o.close();
  });

  it('the sidebar links to it, and the link works', async () => {
    const o = await open({ theme: 'light' });
    expect(await visit(o, '/')).toBe(200);
    const link = o.page.locator(`#starlight__sidebar a[href="${CASE_STUDY}"]`);
    await link.waitFor({ state: 'visible' });
    expect(await link.textContent()).toMatch(/rate limit/i);
    await Promise.all([o.page.waitForURL(server.url + CASE_STUDY), link.click()]);
    expect(await o.page.locator('main h1').first().textContent()).toMatch(/rate limit/i);
    expect(await o.page.locator(`#starlight__sidebar a[href="${CASE_STUDY}"]`).getAttribute('aria-current')).toBe('page');
    expect(o.errors.all()).toEqual([]);
    expectStayedHome(o);
    await o.close();
  });
});

describe('without JavaScript', () => {
  it('the case study still shows its main content', async () => {
    const o = await open({ javaScriptEnabled: false });
    expect(await visit(o, CASE_STUDY)).toBe(200);
    const h1 = o.page.locator('main h1').first();
    expect(await h1.isVisible()).toBe(true);
    expect(await h1.textContent()).toMatch(/rate limit/i);
    const content = o.page.locator('main .sl-markdown-content').first();
    expect(await content.isVisible()).toBe(true);
    expect((await content.innerText()).trim().length).toBeGreaterThan(0);
    // No script ran, so nothing past the HTML, its CSS and images was requested.
    expect(o.requests.urls.filter((u) => /\.m?js(\?|$)/.test(u))).toEqual([]);
    expectStayedHome(o);
    await o.close();
  });
});
