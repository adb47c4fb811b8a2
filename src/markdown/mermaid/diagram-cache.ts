/**
 * Rendered diagrams, kept between builds: an unchanged diagram is not drawn again, and a build whose
 * diagrams are all unchanged never starts Chromium.
 *
 * An entry is keyed by a SHA-256 of the diagram's source, the render settings (themes and Mermaid config,
 * from src/markdown/mermaid/plugin.ts) and the versions of what draws it: rehype-mermaid, mermaid-isomorphic,
 * the Mermaid it loads, and Playwright. Any change to one of them is a miss, so an entry is never stale in
 * what it draws. Not in the key: the Chromium binary and its fonts (asking Chromium its version costs about
 * as much as a render); after upgrading them, `rm -rf node_modules/.cache/loadbearing-mermaid` to redraw
 * everything with them. `LB_MERMAID_CACHE=off` turns the cache off.
 *
 * Entries are one small JSON file each (the two SVG data URIs and the accessible title and description),
 * written to a temporary name and renamed, so a build and a dev server sharing the folder never read half a
 * file; an unreadable or malformed entry is a miss.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { findPackageJSON } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RenderedDiagram, Variant } from './figure.ts';

export interface DiagramCache {
  get(key: string): Promise<RenderedDiagram | undefined>;
  set(key: string, diagram: RenderedDiagram): Promise<void>;
}

/** Bump when what an entry holds, or how the figure is made from it, changes. */
export const CACHE_FORMAT = 1;

/** Where the site's builds keep rendered diagrams. */
export function defaultCacheDir(root: string = process.cwd()): string {
  return join(root, 'node_modules', '.cache', 'loadbearing-mermaid');
}

const versionOf = (packageJson: string): string => {
  const { name, version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { name?: string; version?: string };
  return `${name ?? packageJson}@${version ?? '?'}`;
};

let installed: string[] | undefined;

/** The versions of the packages that draw a diagram, as installed (each resolved from the one that loads it). */
export function rendererVersions(): string[] {
  if (!installed) {
    const from = pathToFileURL(join(process.cwd(), 'package.json'));
    const rehypeMermaid = findPackageJSON('rehype-mermaid', from);
    const isomorphic = rehypeMermaid && findPackageJSON('mermaid-isomorphic', pathToFileURL(rehypeMermaid));
    const mermaid = isomorphic && findPackageJSON('mermaid', pathToFileURL(isomorphic));
    const playwright = findPackageJSON('playwright-core', from);
    const found = [rehypeMermaid, isomorphic, mermaid, playwright];
    if (!found.every((p): p is string => p !== undefined)) {
      throw new Error(`mermaid cache: cannot find the renderer's packages (${found.join(', ')})`);
    }
    installed = found.map(versionOf);
  }
  return installed;
}

/** The key of a diagram: its source, the settings it is drawn with, and the renderer's versions. */
export function diagramKey(source: string, settings: unknown, versions: readonly string[] = rendererVersions()): string {
  return createHash('sha256')
    .update(JSON.stringify({ format: CACHE_FORMAT, source, settings, versions }))
    .digest('hex');
}

const isVariant = (v: unknown): v is Variant => {
  const x = v as Partial<Record<keyof Variant, unknown>> | null;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof x.src === 'string' &&
    x.src.startsWith('data:image/svg+xml,') &&
    ['string', 'undefined'].includes(typeof x.width) &&
    ['string', 'undefined'].includes(typeof x.height)
  );
};

function parseEntry(text: string): RenderedDiagram | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const x = value as Partial<Record<keyof RenderedDiagram, unknown>> | null;
  if (typeof x !== 'object' || x === null || !isVariant(x.light) || !isVariant(x.dark)) return undefined;
  const text_ = (t: unknown): string | undefined => (typeof t === 'string' ? t : undefined);
  const variant = (v: Variant): Variant => ({ src: v.src, width: v.width, height: v.height });
  return { light: variant(x.light), dark: variant(x.dark), title: text_(x.title), description: text_(x.description) };
}

/** A cache of one JSON file per diagram in `dir` (created when first written). */
export function diskDiagramCache(dir: string = defaultCacheDir()): DiagramCache {
  let made: Promise<unknown> | undefined;
  return {
    async get(key) {
      try {
        return parseEntry(await readFile(join(dir, `${key}.json`), 'utf8'));
      } catch {
        return undefined;
      }
    },
    async set(key, diagram) {
      made ??= mkdir(dir, { recursive: true });
      await made;
      const file = join(dir, `${key}.json`);
      const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await writeFile(temporary, JSON.stringify(diagram));
      await rename(temporary, file);
    },
  };
}
