/**
 * Chart snapshots: every chart binding of every case study's module, rendered at its page's default scenario exactly
 * as the build renders it (src/lib/static-chart.ts, the function <Chart> calls, with linkedom's document,
 * at both static widths), compared with the committed file in test/site/snapshots/<case-study>/.
 *
 * Before comparing, decimals are rounded to 2 places (so a change in the 15th digit of a coordinate is
 * not a change), Plot's generated class and element ids are replaced by stable names, and every tag
 * starts a line, so a real change shows as a short, readable line diff.
 *
 * A chart that changed on purpose: `npm run test:unit -- -u` rewrites the files; look at the diff
 * (`git diff test/site/snapshots`, or open the files in a browser) before committing it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseStudy, ChartBinding } from '../../src/lib/case-study.ts';
import { caseStudies } from '../../src/lib/case-studies.ts';
import { renderStaticChart, staticWidths } from '../../src/lib/static-chart.ts';

const snapshotsDir = join(import.meta.dirname, 'snapshots');
const SVG_NS = 'http://www.w3.org/2000/svg';

/** Rounds decimals, stabilises generated ids and classes, and puts each tag on its own line. */
function normalizeChart(markup: string): string {
  const ids = new Map<string, string>();
  for (const m of markup.matchAll(/\sid="([^"]+)"/g)) {
    const id = m[1] as string;
    if (!ids.has(id)) ids.set(id, `id-${ids.size + 1}`);
  }
  let out = markup;
  for (const [id, stable] of ids) {
    const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out
      .replace(new RegExp(`(\\sid=")${escaped}"`, 'g'), `$1${stable}"`)
      .replace(new RegExp(`#${escaped}(?=[")\\s])`, 'g'), `#${stable}`);
  }
  return (
    out
      // Plot's class prefix is a hash of its version (plot-d6a7b5): a Plot upgrade is not a chart change
      .replace(/\bplot-[0-9a-f]{6}\b/g, 'plot')
      .replace(/-?\d+\.\d+(?:e[-+]?\d+)?/gi, (d) => String(Number(Number(d).toFixed(2))))
      .replace(/>\s*</g, '>\n<')
      .trimEnd() + '\n'
  );
}

interface Expected {
  readonly file: string;
  readonly binding: ChartBinding;
  readonly width: keyof typeof staticWidths;
}

function chartsOf(study: CaseStudy): Expected[] {
  const count = new Map<string, number>();
  for (const b of study.charts) count.set(b.chart.name, (count.get(b.chart.name) ?? 0) + 1);
  return study.charts.flatMap((binding) => {
    // A chart bound twice on one page (two scenarios) is told apart by its scenario's name.
    const name = binding.chart.name;
    const base = (count.get(name) ?? 0) > 1 ? `${name}.${binding.scenario.name}` : name;
    return (['wide', 'narrow'] as const).map((width) => ({ file: width === 'wide' ? base : `${base}.narrow`, binding, width }));
  });
}

describe('normalizeChart', () => {
  it('rounds decimals to 2 places, renames ids and their references, and breaks lines between tags', () => {
    const raw =
      '<svg class="plot-d6a7b5"><clipPath id="plot-clip-17"><rect x="85.00000000000003" y="1.2e-16" /></clipPath><g clip-path="url(#plot-clip-17)"><text>0.125</text></g></svg>';
    expect(normalizeChart(raw)).toBe(
      [
        '<svg class="plot">',
        '<clipPath id="id-1">',
        '<rect x="85" y="0" />',
        '</clipPath>',
        '<g clip-path="url(#id-1)">',
        '<text>0.13</text>',
        '</g>',
        '</svg>',
        '',
      ].join('\n'),
    );
  });
});

describe.each(caseStudies.map((c) => [c.slug, c] as const))('charts of %s', (slug, study) => {
  const expected = chartsOf(study);

  it.each(expected.map((e) => [e.file, e] as const))('%s matches its snapshot', async (_file, e) => {
    const rendered = renderStaticChart(e.binding);
    const markup = rendered[e.width];
    // An SVG root is saved as .svg; Plot wraps a chart with a legend in a <figure>, saved as .html.
    // A standalone .svg needs its namespace to open in a browser (outerHTML leaves it out).
    const ext = markup.startsWith('<svg') ? 'svg' : 'html';
    const text = normalizeChart(
      ext === 'svg' && !markup.includes(' xmlns=') ? markup.replace('<svg', `<svg xmlns="${SVG_NS}"`) : markup,
    );
    await expect(text).toMatchFileSnapshot(
      join(snapshotsDir, slug, `${e.file}.${ext}`),
      'the chart changed; if you meant it, run `npm run test:unit -- -u` and review `git diff test/site/snapshots`',
    );
  });

  it('has no snapshot files left over from charts the page no longer has', () => {
    const dir = join(snapshotsDir, slug);
    const files = existsSync(dir) ? readdirSync(dir) : [];
    const wanted = new Set(expected.map((e) => e.file));
    const stale = files.filter((f) => !wanted.has(f.replace(/\.(svg|html)$/, '')));
    expect(stale, `delete these snapshots of charts ${slug} no longer shows (in ${dir})`).toEqual([]);
  });
});

it('keeps no snapshot folder of a case study that no longer exists', () => {
  const folders = existsSync(snapshotsDir) ? readdirSync(snapshotsDir) : [];
  const slugs = caseStudies.map((c) => c.slug);
  expect(
    folders.filter((f) => !slugs.includes(f)),
    'snapshot folders of case studies that no longer exist: delete them',
  ).toEqual([]);
});
