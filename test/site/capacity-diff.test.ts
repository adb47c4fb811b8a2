/**
 * `npm run capacity-diff`: the MDX reader (scripts/lib/case-study-source.ts), the extraction of
 * published numbers through the site's own scenario() and formatValue() (scripts/lib/published.ts),
 * and the diff of two extractions. The git worktree part is exercised by hand (see CONTRIBUTING.md).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCaseStudy } from '../../scripts/lib/case-study-source.ts';
import { diffPublished, formatDiff, keyOf, loadSiteModules, publishedOf, type Published } from '../../scripts/lib/published.ts';

const root = join(import.meta.dirname, '../..');

const page = (peak: string) => `---
title: Fixture
---

import Value from '../src/components/Value.astro';
import Panel from '../src/components/Panel.astro';
import { scenario } from '../src/lib/scenario.ts';

export const base = { checksPerRequest: 2 };
export const tier = scenario('tier', 'rate-limiter-capacity', {
  ...base,
  peakRequestsPerSecond: ${peak},
});
export const cf = scenario('cf', 'sliding-window-counter', { limit: 50, window: 60, previousCount: 42, currentCount: 18, elapsed: 15 });

## Capacity estimation

At <Value of={tier} input="peakRequestsPerSecond" format="compact" /> requests per second the tier needs
<Value of={tier} field="primaries" format="integer" /> primaries, <Value of={tier} field="utilizationPerPrimary" format="percent" /> busy.

| estimate | allowed |
| --- | --- |
| <Value of={cf} field="estimatedCount" /> | <Value of={cf} field="allowed" format="boolean" /> |

<Panel
  of={tier}
  fields={[{ name: 'networkRoundTrip', unit: 'ms' }]}
/>

Prose about \`<Value of={tier} field="nothing" />\` in inline code, {/* and <Value of={tier} field="none" /> in a comment */}.

\`\`\`mdx
<Value of={nothing} field="ignored inside a code fence" />
\`\`\`
`;

describe('parseCaseStudy', () => {
  it('reads scenarios (spreads and numeric separators included) and components, skipping code, inline code and comments', () => {
    const source = parseCaseStudy(page('500_000'));
    expect(source.scenarios).toEqual([
      {
        variable: 'tier',
        name: 'tier',
        modelId: 'rate-limiter-capacity',
        inputs: { checksPerRequest: 2, peakRequestsPerSecond: 500000 },
      },
      {
        variable: 'cf',
        name: 'cf',
        modelId: 'sliding-window-counter',
        inputs: { limit: 50, window: 60, previousCount: 42, currentCount: 18, elapsed: 15 },
      },
    ]);
    expect(source.components.map((c) => [c.component, c.line])).toEqual([
      ['Value', 18],
      ['Value', 19],
      ['Value', 19],
      ['Value', 23],
      ['Value', 23],
      ['Panel', 25],
    ]);
    expect(source.components[5]?.attributes).toEqual({
      of: { expression: 'tier' },
      fields: { expression: "[{ name: 'networkRoundTrip', unit: 'ms' }]" },
    });
  });

  it('runs the page’s ESM with nothing but a recording scenario(): no require, no process', () => {
    expect(() => parseCaseStudy("export const x = scenario('x', 'mm1', { arrivalRate: process.exit(1) });\n")).toThrow(
      /process is not defined/,
    );
  });
});

describe('publishedOf', () => {
  it('evaluates every binding with the site’s scenario() and formats it as the page does', async () => {
    const site = await loadSiteModules(root);
    const got = await publishedOf('fixture', page('500_000'), site);
    const shown = got.filter((p) => p.kind !== 'chart-table').map((p) => [p.scenario, p.field, p.as, p.text]);
    // 500 000 requests/s × 2 checks = 1 000 000 commands/s over primaries that sustain 100 000/s at a
    // 50 % target (the model's defaults): 20 primaries, 50 % busy, as the rate-limiting case study's
    // capacity table says. The sliding window counter gives Cloudflare's worked example, 49.5.
    expect(shown).toEqual([
      ['tier', 'input peakRequestsPerSecond', 'compact', '500,000'],
      ['tier', 'primaries', 'integer', '20'],
      ['tier', 'utilizationPerPrimary', 'percent', '50%'],
      ['cf', 'estimatedCount', '', '49.5'],
      ['cf', 'allowed', 'boolean', 'yes'],
      ['tier', 'panel networkRoundTrip', '', '0.5 ms'],
    ]);
  });

  it('fails with the scenario’s own message when a page’s inputs are invalid', async () => {
    const site = await loadSiteModules(root);
    await expect(publishedOf('fixture', page('-1'), site)).rejects.toThrow(
      /scenario "tier" \(model rate-limiter-capacity\) has invalid inputs:\npeakRequestsPerSecond: /,
    );
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
