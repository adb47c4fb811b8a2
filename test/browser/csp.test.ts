// Content-Security-Policy of the built site (dist/): every page carries one (Astro's security.csp, policy
// in src/lib/csp.ts), it is strict (no 'unsafe-inline' or 'unsafe-eval' for scripts), it allows each
// inline script and <style> the page really has, and a reader who loads a case study, edits its panel and
// searches meets no violation and no request to another origin. Run after `astro build` (npm test does).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listHtmlFiles, pagePathFor, scriptKind } from '../../scripts/budgets.ts';
import { launchChromium, type Chromium, type OpenedPage } from './chromium.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const DIST = resolve('dist');

/** A policy's directives: name → source list. */
export function parsePolicy(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !out.has(name.toLowerCase())) out.set(name.toLowerCase(), sources);
  }
  return out;
}

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * What is wrong with one page's policy, one sentence each: missing, not strict, or not allowing an inline
 * script or <style> of the page (named by its hash and first characters, so it can be added to
 * src/lib/csp.ts).
 */
export function policyProblems(html: string, page: string): string[] {
  const { document } = parseHTML(html);
  const metas = [...document.querySelectorAll('meta[http-equiv]')].filter(
    (m) => (m.getAttribute('http-equiv') ?? '').toLowerCase() === 'content-security-policy',
  );
  if (metas.length === 0) return [`${page}: no <meta http-equiv="content-security-policy">`];
  const problems: string[] = [];
  if (metas.some((m) => m.parentElement?.tagName.toLowerCase() !== 'head'))
    problems.push(`${page}: the CSP <meta> is not in <head>`);
  const policy = parsePolicy(metas[0]?.getAttribute('content') ?? '');
  const scriptSrc = policy.get('script-src-elem') ?? policy.get('script-src') ?? policy.get('default-src');
  const styleSrc = policy.get('style-src-elem') ?? policy.get('style-src') ?? policy.get('default-src');
  if (scriptSrc === undefined) problems.push(`${page}: the CSP has no script-src (nor default-src)`);
  for (const [name, sources] of policy) {
    if (!name.startsWith('script-src') && name !== 'default-src') continue;
    for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:']) {
      if (sources.includes(bad)) problems.push(`${page}: ${name} allows ${bad}`);
    }
  }
  if (policy.get('object-src')?.join(' ') !== "'none'") problems.push(`${page}: object-src is not 'none'`);
  const excerpt = (code: string): string => JSON.stringify(code.trim().slice(0, 60));
  for (const el of document.querySelectorAll('script:not([src])')) {
    if (scriptKind(el.getAttribute('type') ?? undefined) === undefined) continue; // JSON data, not run
    const code = el.textContent ?? '';
    if (!(scriptSrc ?? []).includes(sha256(code))) {
      problems.push(`${page}: inline <script> ${excerpt(code)} (${sha256(code)}) is not allowed by the page's CSP`);
    }
  }
  for (const el of document.querySelectorAll('style')) {
    const css = el.textContent ?? '';
    if (!(styleSrc ?? []).includes(sha256(css))) {
      problems.push(`${page}: inline <style> ${excerpt(css)} (${sha256(css)}) is not allowed by the page's CSP`);
    }
  }
  return problems;
}

describe('the policy checker on small pages', () => {
  const page = (meta: string, body: string): string => `<html><head>${meta}</head><body>${body}</body></html>`;
  const ok =
    "default-src 'self'; object-src 'none'; script-src 'self' " + sha256('go()') + "; style-src-elem 'self' " + sha256('p{}');

  it('accepts a strict policy that allows the page’s inline code', () => {
    const html = page(
      `<meta http-equiv="content-security-policy" content="${ok}">`,
      '<script>go()</script><style>p{}</style><script type="application/json">{}</script>',
    );
    expect(policyProblems(html, '/')).toEqual([]);
  });

  it('names a missing policy, a lax one, and inline code it does not allow', () => {
    expect(policyProblems(page('', ''), '/a/')).toEqual(['/a/: no <meta http-equiv="content-security-policy">']);
    const lax = page(
      `<meta http-equiv="Content-Security-Policy" content="script-src 'self' 'unsafe-inline' 'unsafe-eval'">`,
      '<script>other()</script><style>q{}</style>',
    );
    expect(policyProblems(lax, '/b/')).toEqual([
      "/b/: script-src allows 'unsafe-inline'",
      "/b/: script-src allows 'unsafe-eval'",
      "/b/: object-src is not 'none'",
      `/b/: inline <script> "other()" (${sha256('other()')}) is not allowed by the page's CSP`,
      `/b/: inline <style> "q{}" (${sha256('q{}')}) is not allowed by the page's CSP`,
    ]);
  });
});

describe('every built page', () => {
  it('carries a strict CSP that allows each of its inline scripts and styles', () => {
    const files = listHtmlFiles(DIST);
    expect(files.length).toBeGreaterThan(0);
    const problems = files.flatMap((file) => policyProblems(readFileSync(file, 'utf8'), pagePathFor(relative(DIST, file))));
    expect(problems, 'add a hash to src/lib/csp.ts only for inline code you have read').toEqual([]);
  });
});

describe('a reader under the CSP', () => {
  let server: StaticServer;
  let chrome: Chromium;

  beforeAll(async () => {
    server = await serveStatic(DIST);
    chrome = await launchChromium();
  });

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  /** Records every securitypolicyviolation event of the page, from before its first script runs. */
  async function watchViolations(o: OpenedPage): Promise<() => Promise<string[]>> {
    await o.context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __lbCsp: string[] }).__lbCsp = seen;
      document.addEventListener(
        'securitypolicyviolation',
        (e) => {
          seen.push(`${e.effectiveDirective} refused ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`);
        },
        true,
      );
    });
    return () => o.page.evaluate(() => (window as unknown as { __lbCsp?: string[] }).__lbCsp ?? []);
  }

  const cspConsoleErrors = (o: OpenedPage): string[] => o.errors.all().filter((m) => /content security policy/i.test(m));

  it('loads a case study, edits its panel, searches: no violation, nothing from another origin', async () => {
    const caseStudy = listHtmlFiles(DIST)
      .map((f) => pagePathFor(relative(DIST, f)))
      .find((p) => p.startsWith('/case-studies/'));
    expect(caseStudy, 'a case study in dist/').toBeDefined();
    const o = await chrome.open({ theme: 'dark' });
    try {
      const violations = await watchViolations(o);
      const response = await o.page.goto(server.url + String(caseStudy), { waitUntil: 'networkidle' });
      expect(response?.status()).toBe(200);
      expect(await o.page.locator('meta[http-equiv="content-security-policy"]').count()).toBe(1);

      // Edit the first panel's first field the way a reader does (see scenario.test.ts), and wait for
      // the lazily loaded runtime, chart code and Plot to redraw a chart (Plot writes a <style>).
      const input = o.page.locator('lb-scenario.lb-panel form input[type="text"]').first();
      const before = await input.inputValue();
      await input.fill(String(Number(before.replace(/[^0-9.]/g, '')) + 1));
      await expect.poll(() => o.page.locator('.lb-chart-plot[data-lb-width]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
      await expect.poll(() => new URL(o.page.url()).search, { timeout: 15_000 }).not.toBe('');

      // Open search (Pagefind: its script, its WebAssembly, its index) and find something.
      await o.page.locator('button[data-open-modal]').first().click();
      const dialog = o.page.locator('dialog[open]');
      await dialog.locator('input[type="search"], input.pagefind-ui__search-input').first().fill('rate');
      await dialog.locator('a[href*="/"]').first().waitFor({ state: 'visible', timeout: 20_000 });
      await o.page.waitForLoadState('networkidle');

      expect(await violations(), 'securitypolicyviolation events').toEqual([]);
      expect(cspConsoleErrors(o), 'CSP errors in the console').toEqual([]);
      expect(o.errors.all()).toEqual([]);
      expect(o.requests.urls.some((u) => u.includes('/pagefind/'))).toBe(true);
      expect(o.requests.offsite(server.url), 'requests that left the site’s origin').toEqual([]);
    } finally {
      await o.close();
    }
  });

  it('the policy is enforced: an inline script it does not list is refused and reported', async () => {
    const o = await chrome.open({ theme: 'light' });
    try {
      const violations = await watchViolations(o);
      await o.page.goto(server.url + '/', { waitUntil: 'load' });
      const ran = await o.page.evaluate(async () => {
        const w = window as unknown as { __lbInjected?: boolean };
        const s = document.createElement('script');
        s.textContent = 'window.__lbInjected = true;';
        document.body.append(s);
        await new Promise((r) => setTimeout(r, 100));
        return w.__lbInjected === true;
      });
      expect(ran).toBe(false);
      await expect.poll(violations).toEqual([expect.stringMatching(/^script-src-elem refused inline/)]);
      expect(cspConsoleErrors(o).length).toBeGreaterThan(0);
    } finally {
      await o.close();
    }
  });
});
