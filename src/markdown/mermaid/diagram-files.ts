/**
 * After the build: each diagram's SVG leaves the page's HTML for a file of its own. The rehype plugin
 * (plugin.ts) puts the light and dark SVG in the page as data URIs, which works everywhere (the dev server,
 * tests that render Markdown), but in the built site they are most of a diagram-heavy page's HTML (59 KB of
 * the payments case study's 108 KB gzip), are parsed before the text below them, and cannot be cached across
 * pages. Here every `<img class="lb-mermaid__light|dark" src="data:image/svg+xml,…">` of every built page
 * becomes `src="/_diagrams/<sha256 of the SVG, 16 hex>.svg"` with `loading="lazy"`: the hidden theme's image
 * is then never downloaded, and a diagram below the fold only when the reader scrolls to it. Its width and
 * height stay, so nothing shifts when it arrives.
 *
 * Run by the integration in astro.config.mjs (`astro:build:done`); the dev server keeps the data URIs.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIGURE_CLASS, svgFromDataUri } from './figure.ts';

export const DIAGRAMS_DIR = '_diagrams';

const IMG = /<img\b[^>]*>/g;
const DATA_SRC = /\ssrc="data:image\/svg\+xml,([^"]*)"/;

/** The characters Astro escapes in a double-quoted attribute, back to themselves. */
function unescapeAttribute(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * One page's HTML with its diagrams' data URIs replaced by file paths; `write(name, svg)` receives each SVG
 * (the same diagram on several pages is one file).
 */
export function externalizeDiagrams(html: string, write: (name: string, svg: string) => void): string {
  return html.replace(IMG, (tag) => {
    if (!tag.includes(`${FIGURE_CLASS}__`)) return tag;
    const m = DATA_SRC.exec(tag);
    if (!m) return tag;
    const svg = svgFromDataUri(`data:image/svg+xml,${unescapeAttribute(m[1] ?? '')}`);
    const name = `${createHash('sha256').update(svg).digest('hex').slice(0, 16)}.svg`;
    write(name, svg);
    const withSrc = tag.replace(DATA_SRC, ` src="/${DIAGRAMS_DIR}/${name}"`);
    return withSrc.includes(' loading=') ? withSrc : withSrc.replace(/^<img\b/, '<img loading="lazy"');
  });
}

/** Every built page under `dist`, rewritten in place; the SVGs written to dist/_diagrams/. Returns how many. */
export function externalizeBuiltDiagrams(dist: string): { pages: number; files: number } {
  const out = join(dist, DIAGRAMS_DIR);
  const written = new Set<string>();
  let pages = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== DIAGRAMS_DIR) walk(path);
        continue;
      }
      if (!entry.name.endsWith('.html')) continue;
      const html = readFileSync(path, 'utf8');
      if (!html.includes(`${FIGURE_CLASS}__`)) continue;
      const rewritten = externalizeDiagrams(html, (name, svg) => {
        if (written.has(name)) return;
        mkdirSync(out, { recursive: true });
        writeFileSync(join(out, name), svg);
        written.add(name);
      });
      if (rewritten !== html) {
        writeFileSync(path, rewritten);
        pages++;
      }
    }
  };
  walk(dist);
  return { pages, files: written.size };
}
