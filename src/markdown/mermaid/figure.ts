/**
 * The figure a rendered diagram becomes: two <img> (light and dark theme) holding SVG data URIs, the alt text
 * on both, the search text once on the figure, and a build warning when the diagram will be hard to read.
 */
import type { Element, Properties } from 'hast';
import { diagramAlt, diagramKind } from './alt-text.ts';

export const FIGURE_CLASS = 'lb-mermaid';

/** One theme's image: an SVG data URI and its size in whole CSS pixels. */
export interface Variant {
  src: string;
  width: string | undefined;
  height: string | undefined;
}

/** What rendering a diagram yields (and what the diagram cache keeps). */
export interface RenderedDiagram {
  light: Variant;
  dark: Variant;
  /** accTitle, as Mermaid reports it */
  title: string | undefined;
  /** accDescr, as Mermaid reports it */
  description: string | undefined;
}

/** An <img> width/height must be a whole number of CSS pixels; Mermaid's viewBox sizes are fractional. */
export function dim(value: Properties[string]): string | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? String(Math.ceil(n)) : undefined;
}

/** Decode an SVG data URI from mini-svg-data-uri (src or srcset form) back to markup, for the alt fallback. */
export function svgFromDataUri(uri: string): string {
  const body = uri.replace(/^data:image\/svg\+xml,/, '');
  try {
    return decodeURIComponent(body);
  } catch {
    return body.replace(/%20/g, ' ');
  }
}

/** Two <img>, one per theme; CSS in src/styles/site.css shows the one matching <html data-theme>. */
export function themedImages(light: Variant, dark: Variant, alt: string): Element[] {
  const img = (v: Variant, theme: 'light' | 'dark'): Element => ({
    type: 'element',
    tagName: 'img',
    properties: {
      className: [`${FIGURE_CLASS}__${theme}`],
      src: v.src,
      alt,
      width: v.width,
      height: v.height,
      decoding: 'async',
      // Pagefind would take the first <img> of a page as its result image (a 20 KB data URL in the index);
      // the alt is indexed once, from the figure (see `figureProperties`).
      dataPagefindIgnore: 'all',
    },
    children: [],
  });
  return [img(light, 'light'), img(dark, 'dark')];
}

/**
 * The figure's own attributes. Search indexes the diagram's alt text once, from `data-search-text`
 * (Pagefind does not index alt text, and both <img> are kept out of its index).
 */
export function figureProperties(alt: string, kind: string): Properties {
  return {
    // On a phone a diagram keeps its own size and scrolls sideways (site.css): a keyboard can scroll it.
    tabIndex: 0,
    dataDiagram: kind.toLowerCase().replace(/[^a-z]+/g, '-'),
    dataPagefindIndexAttrs: 'data-search-text',
    dataSearchText: alt,
  };
}

/** Starlight's content column is at most 45rem (720 px); Mermaid draws its text at 16 px. */
export const COLUMN_PX = 720;
const MIN_TEXT_PX = 11;

/**
 * Diagrams are scaled down to fit the column, so a wide one gets small text. Returns a warning for the build
 * log when its text would be drawn below 11 px even in the widest column (such a diagram is then drawn at
 * 11 px text and scrolls sideways: see `legibleSize`).
 */
export function legibility(width: string | undefined): string | undefined {
  const w = Number(width);
  if (!Number.isFinite(w) || w <= 0) return undefined;
  const textPx = (16 * COLUMN_PX) / w;
  if (textPx >= MIN_TEXT_PX) return undefined;
  return (
    `diagram is ${w} px wide; scaled into the ${COLUMN_PX} px content column its text is ~${textPx.toFixed(1)} px ` +
    `(smaller on phones). Draw it top-down (flowchart TD), shorten labels, or split it.`
  );
}

/** A too-wide diagram's size at which its text is 11 px (Mermaid draws 16 px): wider than the column, so it scrolls. */
export function legibleSize(v: Variant): Variant {
  const scale = MIN_TEXT_PX / 16;
  const w = Number(v.width);
  const h = Number(v.height);
  if (!Number.isFinite(w) || !Number.isFinite(h)) return v;
  return { ...v, width: String(Math.ceil(w * scale)), height: String(Math.ceil(h * scale)) };
}

/**
 * Fills a figure (from `wrapMermaidBlocks`) with its rendered diagram. `where` (file:line) names it in the
 * warnings: a generated alt text (the author wrote no accTitle/accDescr), text too small once fitted.
 */
export function fillFigure(
  figure: Element,
  { light, dark, title, description }: RenderedDiagram,
  source: string,
  where: string,
  warn: (message: string) => void,
): void {
  const { alt, generated } = diagramAlt({ title, description, source, svg: svgFromDataUri(light.src) });
  if (generated) warn(`[mermaid] ${where}: diagram has no accTitle/accDescr; using generated alt text "${alt}"`);
  const tooWide = legibility(light.width);
  if (tooWide) warn(`[mermaid] ${where}: ${tooWide}`);
  Object.assign(figure.properties, figureProperties(alt, diagramKind(source)));
  if (tooWide) {
    // Fitted, its text would be unreadable: drawn at 11 px text instead, and the figure scrolls sideways.
    const classes = Array.isArray(figure.properties['className']) ? figure.properties['className'] : [];
    figure.properties['className'] = [...classes, `${FIGURE_CLASS}--wide`];
    figure.children = themedImages(legibleSize(light), legibleSize(dark), alt);
    return;
  }
  figure.children = themedImages(light, dark, alt);
}
