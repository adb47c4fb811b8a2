/**
 * `npm run capacity-diff`: the extraction of published numbers from a case study's module through the
 * site's own code (scripts/lib/published.ts), and the diff of two extractions. The git worktree part is
 * exercised by hand (see CONTRIBUTING.md).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { slidingWindowCounter } from '../../models/rate-limiting/sliding-window-counter.ts';
import { rateLimiterCapacity } from '../../models/case-studies/rate-limiter.ts';
import { diffPublished, formatDiff, keyOf, loadSiteModules, publishedOf, type Published } from '../../scripts/lib/published.ts';
import { scenario } from '../../src/lib/scenario.ts';

const root = join(import.meta.dirname, '../..');

const fixture = (peak: number) => ({
  tier: scenario('tier', rateLimiterCapacity, { checksPerRequest: 2, peakRequestsPerSecond: peak }),
  cf: scenario('cf', slidingWindowCounter, { limit: 50, window: 60, previousCount: 42, currentCount: 18, elapsed: 15 }),
  notAScenario: { checksPerRequest: 2 },
});

describe('publishedOf', () => {
  it('publishes every input and output of every scenario, formatted by its unit as the site does', async () => {
    const site = await loadSiteModules(root);
    const got = publishedOf('fixture', fixture(500_000), site);
    const text = (scenarioName: string, field: string) => got.find((p) => p.scenario === scenarioName && p.field === field)?.text;
    // 500 000 requests/s × 2 checks = 1 000 000 commands/s over primaries that sustain 100 000/s at a
    // 50 % target (the model's defaults), derived by hand: 20 primaries, each at utilisation 0.5. The sliding window
    // counter gives Cloudflare's worked example, 42 × 0.75 + 18 = 49.5
    // (https://blog.cloudflare.com/counting-things-a-lot-of-different-things/, 2017).
    expect(text('tier', 'input peakRequestsPerSecond')).toBe('500,000');
    expect(text('tier', 'input networkRoundTrip')).toBe('500\u00a0µs');
    expect(text('tier', 'primaries')).toBe('20');
    expect(text('tier', 'utilizationPerPrimary')).toBe('0.5'); // a ratio (it can exceed 1 when primaries are given)
    expect(text('cf', 'estimatedCount')).toBe('49.5');
    expect(text('cf', 'allowed')).toBe('yes');
    expect(
      got.some((p) => p.kind === 'chart-table'),
      'no chart is bound in the fixture',
    ).toBe(false);
    expect(new Set(got.map((p) => p.scenario))).toEqual(new Set(['tier', 'cf']));
  });

  it('changes exactly the numbers an input change moves', async () => {
    const site = await loadSiteModules(root);
    const map = (peak: number) => new Map(publishedOf('fixture', fixture(peak), site).map((p) => [keyOf(p), p]));
    const diff = diffPublished(map(500_000), map(1_000_000));
    const fields = diff.changed.map((c) => c.after.field);
    expect(fields).toContain('primaries');
    expect(fields).toContain('input peakRequestsPerSecond');
    expect(fields.some((f) => f.startsWith('estimatedCount'))).toBe(false);
  });
});

describe('diffPublished and formatDiff', () => {
  const p = (field: string, text: string, kind: Published['kind'] = 'value'): Published => ({
    caseStudy: 'cs',
    scenario: 'tier',
    field,
    as: 'integer',
    text,
    kind,
  });
  const map = (...ps: Published[]) => new Map(ps.map((x) => [keyOf(x), x]));

  it('reports changed, added and removed bindings', () => {
    const before = map(p('primaries', '6'), p('replicas', '6'), p('nodes', '40'));
    const after = map(p('primaries', '12'), p('replicas', '6'), p('memoryBytes', '1.9 GiB'));
    const diff = diffPublished(before, after);
    expect(diff.compared).toBe(2);
    expect(diff.changed.map((c) => [c.before.field, c.before.text, c.after.text])).toEqual([['primaries', '6', '12']]);
    expect(diff.added.map((x) => x.field)).toEqual(['memoryBytes']);
    expect(diff.removed.map((x) => x.field)).toEqual(['nodes']);
    expect(formatDiff(diff)).toBe(
      [
        'Changed:',
        '',
        '| case study | scenario | field | before | after |',
        '| --- | --- | --- | --- | --- |',
        '| cs | tier | primaries (integer) | 6 | 12 |',
        '',
        'Added:',
        '',
        '| case study | scenario | field | value |',
        '| --- | --- | --- | --- |',
        '| cs | tier | memoryBytes (integer) | 1.9 GiB |',
        '',
        'Removed:',
        '',
        '| case study | scenario | field | value |',
        '| --- | --- | --- | --- |',
        '| cs | tier | nodes (integer) | 40 |',
        '',
        '2 published numbers on both sides: 1 changed, 1 added, 1 removed.',
      ].join('\n'),
    );
  });

  it('folds chart data-table cells into one row per chart unless asked for them', () => {
    const cells = (v: string) =>
      ['[1×] p50', '[1×] p99', '[2×] p99'].map((c) => p(`chart rate-limiter-growth ${c}`, v, 'chart-table'));
    const before = map(...cells('1 ms'));
    const after = map(...cells('2 ms').slice(0, 2), p('chart rate-limiter-growth [2×] p99', '1 ms', 'chart-table'));
    const diff = diffPublished(before, after);
    expect(formatDiff(diff, { after })).toContain(
      '| cs | tier | chart rate-limiter-growth (data table) | … | 2 of 3 cells changed (--tables lists them) |',
    );
    expect(formatDiff(diff, { tables: true })).toContain(
      '| cs | tier | chart rate-limiter-growth [1×] p99 (integer) | 1 ms | 2 ms |',
    );
  });

  it('says so when nothing changed', () => {
    const same = map(p('primaries', '6'));
    expect(formatDiff(diffPublished(same, same))).toBe('1 published numbers on both sides: 0 changed, 0 added, 0 removed.');
  });
});
