// Zero broken internal links and anchors across the built site (dist/), and the checker itself on a tiny
// site with one mistake of each kind. Needs no browser; lives in the browser project because it needs
// the build. External links are printed, not fetched.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLinks } from './links.ts';

describe('the link checker on a small site', () => {
  let dist: string;
  const write = (path: string, text: string): void => {
    const full = join(dist, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  };

  beforeAll(() => {
    dist = mkdtempSync(join(tmpdir(), 'lb-links-'));
    write(
      'index.html',
      `<html><head><link rel="stylesheet" href="/_astro/site.css"><link rel="canonical" href="https://example.org/"></head>
      <body><h1 id="_top">Home</h1><a href="#_top">top</a><a href="/guide/">guide</a><a href="guide/#setup">setup</a>
      <a href="/guide/#set%20up">spaced</a><a href="/guide/#nowhere">bad anchor</a><a href="#missing">bad local</a>
      <a href="/gone/">gone</a><a href="/favicon.svg">icon</a><a href="/missing.png">missing file</a>
      <img src="data:image/png;base64,AAAA" alt=""><a href="https://example.org/x">out</a><a href="mailto:a@example.org">mail</a>
      <a href="">empty</a></body></html>`,
    );
    write('guide/index.html', '<html><body><h2 id="setup">Setup</h2><a name="set up"></a><a href="../">home</a></body></html>');
    write('_astro/site.css', 'body{}');
    write('favicon.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>');
  });

  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it('names the page, the link and why for each broken one, and lists external links', () => {
    const report = checkLinks(dist);
    expect(report.broken).toEqual([
      '/: <a href="/guide/#nowhere">: no element with id="nowhere" in /guide/',
      '/: <a href="#missing">: no element with id="missing" in this page',
      '/: <a href="/gone/">: no page or file at /gone/ in dist/',
      '/: <a href="/missing.png">: no page or file at /missing.png in dist/',
      '/: <a href="">: empty href',
    ]);
    expect(report.external).toEqual(['https://example.org/', 'https://example.org/x', 'mailto:a@example.org']);
    expect(report.checked).toBe(11);
  });

  it('fails when there is nothing to check', () => {
    const empty = mkdtempSync(join(tmpdir(), 'lb-links-empty-'));
    try {
      expect(checkLinks(empty).broken).toHaveLength(1);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('the built site', () => {
  it('has no broken internal link or anchor', () => {
    const report = checkLinks(resolve('dist'));
    console.log(
      `links: ${report.checked} internal references checked; ${report.external.length} external (not fetched):\n` +
        report.external.map((u) => `  ${u}`).join('\n'),
    );
    expect(report.checked).toBeGreaterThan(0);
    expect(report.broken, 'broken links').toEqual([]);
  });
});
