/**
 * The static charts draw the same picture after src/lib/compact-svg.ts: every chart, tornado and
 * what-breaks-first figure of every case study,
 * at both static widths, rendered as Plot writes it and as the build ships it, each drawn by Chromium into
 * a canvas at twice its size and compared pixel by pixel. Colours the page sets through CSS variables are
 * given fixed, distinct values here, so a mark that changed its fill or vanished shows.
 *
 * What may differ, and why the bounds below: coordinates move by at most 0.005 px (rounded to 2 decimals),
 * which changes a partly covered edge pixel's antialiasing by a few levels; and where adjacent rects of one
 * colour became one path, the faint seam Chromium draws between two separately antialiased shapes on a
 * shared edge that is not on a pixel boundary is gone. Neither moves a shape. A mark removed, recoloured or
 * shifted by a pixel changes whole runs of pixels by far more, and fails.
 */
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseStudies } from '../../src/lib/case-studies.ts';
import breaksFirstChart from '../../src/charts/breaks-first.ts';
import tornado from '../../src/charts/tornado.ts';
import type { BreaksFirst } from '../../src/lib/breaks-first.ts';
import { chartData, type ChartContext } from '../../src/lib/chart.ts';
import { compactSvg, PLOT_SVG } from '../../src/lib/compact-svg.ts';
import { breaksData, tornadoData } from '../../src/lib/live-figures.ts';
import type { Sensitivity } from '../../src/lib/sensitivity.ts';
import { staticWidths } from '../../src/lib/static-widths.ts';
import { launchChromium, type Chromium, type OpenedPage } from './chromium.ts';

const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** A colour for a CSS variable, the same for the same name in both renderings (a hash of the name). */
const colourOf = (name: string) =>
  COLOURS[[...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 9973, 7) % COLOURS.length] ?? '#000';

/** An inline Plot SVG as a standalone image document, with the page's CSS variables given fixed colours. */
function standalone(svg: string): string {
  return svg
    .replace(/^<svg\b/, '<svg xmlns="http://www.w3.org/2000/svg"')
    .replace(/var\((--[a-z0-9-]+)\)/g, (_m, name: string) => colourOf(name));
}

interface Diff {
  readonly width: number;
  readonly height: number;
  readonly pixels: number;
  /** pixels whose largest channel difference is over 48 of 255 */
  readonly visible: number;
  readonly max: number;
}

let chrome: Chromium;
let opened: OpenedPage;
beforeAll(async () => {
  chrome = await launchChromium();
  opened = await chrome.open();
  await opened.page.setContent('<!doctype html><html><body></body></html>');
});
afterAll(async () => {
  await opened.close();
  await chrome.close();
});

async function compare(a: string, b: string): Promise<Diff> {
  return opened.page.evaluate(
    async ([x, y]) => {
      const load = (s: string) =>
        new Promise<HTMLImageElement>((done, fail) => {
          const img = new Image();
          img.onload = () => done(img);
          img.onerror = () => fail(new Error('an SVG did not load as an image'));
          img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(s)}`;
        });
      const draw = async (s: string) => {
        const img = await load(s);
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth * 2;
        canvas.height = img.naturalHeight * 2;
        const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
        ctx.fillStyle = '#fff';
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
        return ctx.getImageData(0, 0, canvas.width, canvas.height);
      };
      const [p, q] = [await draw(x), await draw(y)];
      let visible = 0;
      let max = 0;
      for (let i = 0; i < p.data.length; i += 4) {
        const d = Math.max(
          Math.abs(p.data[i]! - q.data[i]!),
          Math.abs(p.data[i + 1]! - q.data[i + 1]!),
          Math.abs(p.data[i + 2]! - q.data[i + 2]!),
        );
        if (d > 48) visible++;
        if (d > max) max = d;
      }
      return {
        width: p.width,
        height: p.height,
        pixels: p.width * p.height,
        visible,
        max,
        same: q.width === p.width && q.height === p.height,
      };
    },
    [a, b] as const,
  );
}

/** The Plot SVGs of one rendering, compared before and after compaction. */
async function expectSamePicture(name: string, render: (context: ChartContext) => Element): Promise<void> {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  for (const width of [staticWidths.wide, staticWidths.narrow]) {
    const svgs = [...render({ width, document }).outerHTML.matchAll(PLOT_SVG)].map((m) => m[0]);
    expect(svgs.length, `${name} at ${width} px has a Plot SVG`).toBeGreaterThan(0);
    for (const svg of svgs) {
      const d = await compare(standalone(svg), standalone(compactSvg(svg)));
      expect(d.pixels, `${name} at ${width} px: the image has pixels`).toBeGreaterThan(0);
      expect(
        d.visible / d.pixels,
        `${name} at ${width} px: share of visibly changed pixels (max channel difference ${d.max})`,
      ).toBeLessThan(0.001);
    }
  }
}

// The tornadoes and what-breaks-first figures a module exports (<Tornado of=…>, <BreaksFirst of=…>).
const modules = import.meta.glob<Record<string, unknown>>('../../case-studies/[!_]*.ts', { eager: true });
const figures = Object.entries(modules).flatMap(([path, exports]) =>
  Object.entries(exports).flatMap(([name, v]) => {
    const kind = (v as { kind?: unknown } | null)?.kind;
    return kind === 'sensitivity' || kind === 'breaks-first' ? [[`${/([^/]+)\.ts$/.exec(path)?.[1]}: ${name}`, v] as const] : [];
  }),
);

describe.each(caseStudies.map((c) => [c.slug, c] as const))('static charts of %s, compacted', (_slug, study) => {
  it.each(study.charts.map((b) => [`${b.chart.name} (${b.scenario.name})`, b] as const))(
    '%s draws the same picture',
    async (_name, binding) => {
      const { chart, scenario: s } = binding;
      const data = chartData(chart, s.model, s.resolved, s.output as never);
      await expectSamePicture(chart.name, (context) => chart.render(data, context));
    },
  );
});

describe('tornadoes and what-breaks-first figures, compacted', () => {
  it('every case study has some', () => {
    expect(figures.length).toBeGreaterThanOrEqual(caseStudies.length);
  });
  it.each(figures)('%s draws the same picture', async (name, v) => {
    if ((v as Sensitivity).kind === 'sensitivity') {
      const data = tornadoData(v as Sensitivity);
      await expectSamePicture(name, (context) => tornado.render(data, context));
    } else {
      const data = breaksData(v as BreaksFirst, 'load');
      await expectSamePicture(name, (context) => breaksFirstChart.render(data, context));
    }
  });
});
