/**
 * After the build: Observable Plot writes the same `<style>` into every chart it draws (its own, and its
 * swatches legend's; src/lib/csp.ts lists their hashes), and a case study draws each chart twice (the wide
 * and the narrow static rendering). The notifications page carried 28 copies: 1.2 KB of its gzip HTML (98 of
 * the 100 KB budget), and the parser and style engine met each. Here each distinct Plot style stays once, in
 * the page's <head>, and the charts' copies go: the rules are the same, they apply from anywhere in the
 * document, and a chart the runtime redraws brings its own again.
 *
 * Run by the integration in astro.config.mjs (`astro:build:done`); the dev server keeps Plot's copies.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A Plot style element: its text starts with Plot's class selector (`:where(.plot-<hash>…`). */
const PLOT_STYLE = /<style>(\s*:where\(\.plot-[0-9a-f]+[\s\S]*?)<\/style>/g;

/** One page's HTML with each distinct Plot style once, before </head> (unchanged if it has none or no head). */
export function plotStylesOnce(html: string): string {
  // A style with `&` stays where it is: inside an <svg> the parser decodes entities in a style's text, in the
  // head it would not (Plot's styles have none; this keeps a future one from changing meaning or CSP hash).
  const movable = (css: string) => !css.includes('&');
  const distinct = [...new Set([...html.matchAll(PLOT_STYLE)].map((m) => m[1] ?? ''))].filter(movable);
  if (distinct.length === 0 || !html.includes('</head>')) return html;
  const head = distinct.map((css) => `<style>${css}</style>`).join('');
  return html.replace(PLOT_STYLE, (tag, css: string) => (movable(css) ? '' : tag)).replace('</head>', `${head}</head>`);
}

/** Every built page under `dist`, rewritten in place. Returns how many pages changed and the copies removed. */
export function plotStylesOnceInBuild(dist: string): { pages: number; removed: number } {
  let pages = 0;
  let removed = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.html')) {
        const html = readFileSync(path, 'utf8');
        const copies = [...html.matchAll(PLOT_STYLE)].length;
        const rewritten = plotStylesOnce(html);
        if (rewritten === html) continue;
        writeFileSync(path, rewritten);
        pages++;
        removed += copies - [...rewritten.matchAll(PLOT_STYLE)].length;
      }
    }
  };
  walk(dist);
  return { pages, removed };
}
