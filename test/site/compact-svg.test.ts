/**
 * src/lib/compact-svg.ts: what the compaction of a static chart must keep and what it removes. The pixels
 * are compared in Chromium by test/browser/compact-svg.test.ts; here, on hand-made SVGs whose right answer
 * follows from the SVG rules, and on every static chart the case studies ship: the root attributes the
 * runtime selects by, every text in order, every labelled group, and fewer bytes and elements.
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { caseStudies } from '../../src/lib/case-studies.ts';
import { chartData } from '../../src/lib/chart.ts';
import { compactChartHtml, compactSvg } from '../../src/lib/compact-svg.ts';
import { plotStylesOnce } from '../../src/lib/plot-styles-once.ts';
import { staticWidths } from '../../src/lib/static-widths.ts';

const svgOf = (markup: string) => parseHTML(`<!doctype html><html><body>${markup}</body></html>`).document.querySelector('svg')!;

describe('compactSvg on hand-made SVGs', () => {
  it('merges adjacent shapes of identical attributes into one path, in order', () => {
    const out = compactSvg(
      '<svg width="100" height="20"><g fill="red"><rect x="0" y="0" width="10" height="5"/><rect x="20" y="0" width="10" height="5"/></g></svg>',
    );
    const paths = [...svgOf(out).querySelectorAll('path')];
    expect(paths).toHaveLength(1);
    // Two closed rectangles, the first drawn first: M0 0h10v5H0z then M20 0h10v5H20z.
    expect(paths[0]!.getAttribute('d')).toBe('M0 0h10v5H0zM20 0h10v5H20z');
    expect(svgOf(out).querySelectorAll('rect')).toHaveLength(0);
  });

  it('removes a rect of zero width or height (SVG 2 §10.2: it is not rendered) and keeps the others', () => {
    const out = compactSvg(
      '<svg width="100" height="20"><rect x="0" y="0" width="10" height="0" fill="red"/><rect x="0" y="0" width="0" height="5" fill="red"/><rect x="1" y="1" width="3" height="3" fill="blue"/></svg>',
    );
    expect(out).not.toContain('red');
    expect(svgOf(out).querySelectorAll('path')).toHaveLength(1);
    expect(out).toContain('fill="blue"');
  });

  it('does not merge shapes of different fills, nor shapes that overlap (painting order would change)', () => {
    const fills = compactSvg(
      '<svg><rect x="0" y="0" width="5" height="5" fill="red"/><rect x="10" y="0" width="5" height="5" fill="blue"/></svg>',
    );
    expect(svgOf(fills).querySelectorAll('path')).toHaveLength(2);
    const overlap = compactSvg(
      '<svg><g fill="red" fill-opacity="0.5"><rect x="0" y="0" width="10" height="10"/><rect x="5" y="5" width="10" height="10"/></g></svg>',
    );
    expect(svgOf(overlap).querySelectorAll('path')).toHaveLength(2);
  });

  it('rounds coordinates to two decimals and attribute numbers to three, and keeps ids, classes and aria', () => {
    const out = compactSvg(
      '<svg class="plot-abc123" width="720" height="90" viewBox="0 0 720 90"><g aria-label="y-axis tick" id="a1"><path d="M0,0L-6,0" transform="translate(40,59.23076923076923)"/></g><text y="0.384em" x="12.34567">12.4k</text></svg>',
    );
    const svg = svgOf(out);
    expect([
      svg.getAttribute('class'),
      svg.getAttribute('width'),
      svg.getAttribute('height'),
      svg.getAttribute('viewBox'),
    ]).toEqual(['plot-abc123', '720', '90', '0 0 720 90']);
    expect(svg.querySelector('g')!.getAttribute('aria-label')).toBe('y-axis tick');
    expect(svg.querySelector('g')!.getAttribute('id')).toBe('a1');
    // The tick moves 0.0008 px: translate(40 59.23).
    expect(out).toMatch(/translate\(40 59\.23\)|M40 59\.23/);
    expect(svg.querySelector('text')!.getAttribute('y')).toBe('.384em');
    expect(svg.querySelector('text')!.getAttribute('x')).toBe('12.346');
    expect(svg.querySelector('text')!.textContent).toBe('12.4k');
  });

  it('leaves a legend swatch and the HTML around a Plot SVG as written', () => {
    const html =
      '<figure class="plot-abc123-figure"><div class="plot-abc123-swatches"><span><svg fill="var(--lb-c1)" height="15" width="15"><rect height="100%" width="100%" /></svg>push</span></div><svg class="plot-abc123" width="10" height="10"><rect x="0" y="0" width="0" height="4"/></svg></figure>';
    const out = compactChartHtml(html);
    expect(out).toContain('<svg fill="var(--lb-c1)" height="15" width="15"><rect height="100%" width="100%" /></svg>push');
    expect(out).toContain('<svg class="plot-abc123" width="10" height="10"/>');
  });
});

describe.each(caseStudies.map((c) => [c.slug, c] as const))('the static charts of %s, compacted', (_slug, study) => {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  it.each(study.charts.map((b) => [`${b.chart.name} (${b.scenario.name})`, b] as const))(
    '%s keeps what the page reads',
    (_name, binding) => {
      const { chart, scenario: s } = binding;
      const data = chartData(chart, s.model, s.resolved, s.output as never);
      for (const width of [staticWidths.wide, staticWidths.narrow]) {
        const before = chart.render(data, { width, document }).outerHTML;
        const after = compactChartHtml(before);
        const docOf = (m: string) => parseHTML(`<!doctype html><html><body>${m}</body></html>`).document;
        const [a, b] = [docOf(before), docOf(after)];
        const rootOf = (d: ReturnType<typeof docOf>) => d.querySelector('svg[class^="plot-"]')!;
        for (const attr of ['width', 'height', 'viewBox', 'class'])
          expect(rootOf(b).getAttribute(attr), `${chart.name} ${width}: ${attr}`).toBe(rootOf(a).getAttribute(attr));
        expect([...b.querySelectorAll('text')].map((t) => t.textContent)).toEqual(
          [...a.querySelectorAll('text')].map((t) => t.textContent),
        );
        expect([...b.querySelectorAll('[aria-label]')].map((g) => g.getAttribute('aria-label'))).toEqual(
          [...a.querySelectorAll('[aria-label]')].map((g) => g.getAttribute('aria-label')),
        );
        expect(after.length).toBeLessThan(before.length);
        expect(b.querySelectorAll('*').length).toBeLessThanOrEqual(a.querySelectorAll('*').length);
        expect(after).not.toMatch(/NaN|Infinity|undefined/);
        // Plot's <style> is kept verbatim, so the build's one-copy-per-page pass still finds and moves it.
        const page = `<html><head></head><body>${after}</body></html>`;
        expect(plotStylesOnce(page)).not.toBe(page);
      }
    },
  );
});
