// The Lighthouse gate's judgement (scripts/lighthouse.ts) on hand-made reports: which categories fail,
// which audits it names, and which requests it counts as leaving the site. The runs themselves happen in
// npm test against the built site.
import { describe, expect, it } from 'vitest';
import type { Result } from 'lighthouse';
import {
  CATEGORIES,
  cpuMultiplierFor,
  HOST_RULES,
  MIN_SCORE,
  MOBILE_NOT_YET,
  mobilePages,
  reportFailures,
  requestsOffOrigin,
} from '../../scripts/lighthouse.ts';

type Lhr = Pick<Result, 'categories' | 'audits'>;

function report(
  scores: Record<string, number | null>,
  audits: Record<string, { score: number | null; title: string; displayValue?: string }>,
): Lhr {
  const categories = Object.fromEntries(
    Object.entries(scores).map(([id, score]) => [
      id,
      { id, title: id, score, auditRefs: Object.keys(audits).map((a) => ({ id: a, weight: a === 'unweighted' ? 0 : 10 })) },
    ]),
  );
  return {
    categories,
    audits: Object.fromEntries(
      Object.entries(audits).map(([id, a]) => [id, { id, description: '', scoreDisplayMode: 'numeric', ...a }]),
    ),
  } as unknown as Lhr;
}

describe('reportFailures', () => {
  it('passes a report where every category is at least 95', () => {
    const r = report({ performance: 0.95, accessibility: 1, 'best-practices': 0.99, seo: 1 }, { a: { score: 0.5, title: 'A' } });
    expect(reportFailures(r, '/ (desktop)')).toEqual([]);
    expect(MIN_SCORE).toBe(95);
    expect(CATEGORIES).toEqual(['performance', 'accessibility', 'best-practices', 'seo']);
  });

  it('names the page, the category, its score and the weighted audits that cost points', () => {
    const r = report(
      { performance: 0.72, accessibility: 1, 'best-practices': null, seo: 1 },
      {
        'total-blocking-time': { score: 0.3, title: 'Total Blocking Time', displayValue: '900 ms' },
        'first-contentful-paint': { score: 1, title: 'First Contentful Paint' },
        unweighted: { score: 0, title: 'Informative' },
      },
    );
    expect(reportFailures(r, '/x/ (desktop)')).toEqual([
      '/x/ (desktop): performance is 72, under 95:\n      total-blocking-time (30, weight 10): 900 ms — Total Blocking Time',
      '/x/ (desktop): best-practices has no score, under 95:\n      total-blocking-time (30, weight 10): 900 ms — Total Blocking Time',
    ]);
  });
});

describe('requestsOffOrigin', () => {
  it('lists every request not served by the site, keeping data: and blob: URLs', () => {
    const r = {
      audits: {
        'network-requests': {
          details: {
            items: [
              { url: 'http://127.0.0.1:4000/' },
              { url: 'http://127.0.0.1:4000/_astro/a.js' },
              { url: 'data:image/svg+xml,%3csvg/%3e' },
              { url: 'http://127.0.0.1:5000/other-port.js' },
              { url: 'https://fonts.example.com/a.woff2' },
            ],
          },
        },
      },
    } as unknown as Pick<Result, 'audits'>;
    expect(requestsOffOrigin(r, 'http://127.0.0.1:4000')).toEqual([
      'http://127.0.0.1:5000/other-port.js',
      'https://fonts.example.com/a.woff2',
    ]);
  });

  it('Chromium resolves no host but 127.0.0.1', () => {
    expect(HOST_RULES).toBe('--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1');
  });
});

describe('cpuMultiplierFor', () => {
  // The calculator Lighthouse's docs/throttling.md links (patrickhulce/lighthouse-cpu-throttling-calculator,
  // pages/index.js, read 2026-12-07): 2000 = 6×, 1766 = 5×, 1533 = 4×, 1300 = 3×; 800 = 2×; 150 = 1×.
  it('follows the calculator at its anchor points', () => {
    expect(cpuMultiplierFor(1300)).toBe(3);
    expect(cpuMultiplierFor(1533)).toBeCloseTo(4, 1);
    expect(cpuMultiplierFor(1766)).toBeCloseTo(5, 1);
    expect(cpuMultiplierFor(2000)).toBeCloseTo(6, 1);
    expect(cpuMultiplierFor(800)).toBe(2);
    expect(cpuMultiplierFor(1050)).toBe(2.5);
    expect(cpuMultiplierFor(150)).toBe(1);
  });

  it('never speeds the CPU up, and falls back to Lighthouse’s 4× without a measurement', () => {
    expect(cpuMultiplierFor(60)).toBe(1);
    expect(cpuMultiplierFor(Number.NaN)).toBe(4);
    expect(cpuMultiplierFor(0)).toBe(4);
  });

  it('rises with the host’s speed', () => {
    const xs = [100, 400, 799, 800, 1299, 1300, 1900, 2500].map(cpuMultiplierFor);
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThanOrEqual(xs[i - 1] as number);
  });
});

describe('which pages are audited on mobile', () => {
  const pages = ['/', '/case-studies/distributed-locking/', '/case-studies/payments/', '/case-studies/new-one/'];

  it('by default (both), every page but those listed as not yet, so a new case study is gated', () => {
    expect(mobilePages(pages, 'both')).toEqual(['/', '/case-studies/new-one/']);
  });

  it('asked for mobile alone, every page', () => {
    expect(mobilePages(pages, 'mobile')).toEqual(pages);
  });

  it('says why of each page not yet audited on mobile', () => {
    for (const [page, why] of Object.entries(MOBILE_NOT_YET)) {
      expect(page).toMatch(/^\/case-studies\/[a-z0-9-]+\/$/);
      expect(why).toMatch(/\d/);
    }
  });
});
