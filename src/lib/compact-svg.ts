/**
 * The static charts a page ships, made smaller without changing a drawn pixel (build time only: SVGO is
 * never sent to the browser). Observable Plot writes one element per mark datum at full float precision:
 * rate limiting's trace chart was 720 `<rect>`s per rendering — half of them of zero height, drawing
 * nothing — with coordinates like 78.42307692307692, 82 KB at each of the two static widths. Every element
 * of a page is parsed, styled and laid out on a phone's main thread while the page loads, and those long
 * tasks are what Lighthouse's mobile preset counts as blocking time.
 *
 * SVGO (svgo 4, the SVG optimiser Astro itself depends on) runs five of its plugins on each Plot SVG:
 *   - removeHiddenElems: elements that render nothing (a rect of zero width or height is not rendered, per
 *     SVG 2 §10.2; opacity 0, display none, empty paths) and unreferenced non-rendering definitions;
 *   - convertTransform, convertPathData: coordinates to `PRECISION` decimals (0.01 px of a 360–720 px wide
 *     chart, far under a device pixel at 3× density); cleanupNumericValues: attributes to one more;
 *   - convertShapeToPath then mergePaths: runs of adjacent shapes with identical attributes become one
 *     path (SVGO merges only paths that do not intersect, so overlaps keep their painting order).
 * Nothing else: ids, classes, aria attributes, text and Plot's `<style>` are kept as written, so the
 * runtime's selectors (`svg[width="720"]`, the viewBox) and src/lib/plot-styles-once.ts work unchanged.
 * test/site/compact-svg.test.ts checks the invariants; test/browser/compact-svg.test.ts that every static
 * chart of every case study draws the same pixels before and after.
 */
import { optimize, type PluginConfig } from 'svgo';

/** Decimal places kept in coordinates and transforms. */
export const PRECISION = 2;

const PLUGINS: PluginConfig[] = [
  'removeHiddenElems',
  // Attribute numbers keep one more place: Plot writes text offsets in em (y="0.384em"), and 0.004 em
  // of 13 px moved a glyph row across a pixel boundary.
  { name: 'cleanupNumericValues', params: { floatPrecision: PRECISION + 1 } },
  { name: 'convertTransform', params: { floatPrecision: PRECISION } },
  { name: 'convertShapeToPath', params: { floatPrecision: PRECISION } },
  { name: 'convertPathData', params: { floatPrecision: PRECISION } },
  { name: 'mergePaths', params: { floatPrecision: PRECISION } },
];

/** A Plot chart's SVG (Plot gives its root a `plot-<hash>` class; a legend's swatches are left alone). */
export const PLOT_SVG = /<svg\b[^>]*\bclass="plot-[^"]*"[^>]*>[\s\S]*?<\/svg>/g;

/** One SVG document's text, optimised (throws with SVGO's message if it is not well-formed). */
export function compactSvg(svg: string): string {
  return optimize(svg, { multipass: false, js2svg: { pretty: false }, plugins: PLUGINS }).data;
}

/** A rendered chart's HTML (an `<svg>`, or Plot's `<figure>` of legend and SVG) with each Plot SVG compacted. */
export function compactChartHtml(html: string): string {
  return html.replace(PLOT_SVG, (svg) => compactSvg(svg));
}
