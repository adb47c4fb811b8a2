/**
 * Mermaid diagrams in case studies become static SVG at build time: no Mermaid JavaScript reaches the page.
 *
 * Authors write a fenced block in MDX:
 *
 * ```mermaid
 * flowchart LR
 *   accTitle: Request path through the rate limiter
 *   accDescr: A client calls the API gateway, which asks the limiter, which reads and updates Redis.
 *   client[Client] --> gw[API gateway] --> rl[Rate limiter] --> redis[(Redis)]
 * ```
 *
 * Accessibility — how to write the text a screen reader gets (it becomes the <img> alt):
 * - `accTitle: <one line>` names the diagram ("Request path through the rate limiter").
 * - `accDescr: <one line>` or `accDescr { several lines }` says what the diagram shows: the point a sighted
 *   reader takes from it, not a list of boxes. Both go right after the diagram-type line (`flowchart LR`,
 *   `sequenceDiagram`, ...). Neither is drawn; a visible heading is `title:` in the diagram's `---` frontmatter.
 * - The alt is "accTitle. accDescr" (either alone if only one is given). If there is neither, the build warns
 *   and falls back to "<kind of diagram> “<frontmatter title>”: <labels drawn in it>", which is better than
 *   nothing but not good.
 * Labels are drawn as SVG text (no HTML): plain text, `<br>` for a line break, or a Markdown string
 * (a["`**bold** and _italic_`"]); other HTML tags show literally.
 * Size: a diagram is scaled down to fit the content column, never scrolled; the build warns when that makes
 * its text smaller than 11 px (wider than ~1050 px, typically a long `flowchart LR`): draw those top-down.
 *
 * How it works (one file per job, in this folder):
 * - code-blocks.ts wraps each block in a <figure class="lb-mermaid not-content">. This plugin must run before
 *   Expressive Code, which otherwise grabs the fence as a code block: plugins given to
 *   `unified({ rehypePlugins })` run before the ones Starlight and Expressive Code push onto the processor,
 *   so listing it there is enough.
 * - diagram-cache.ts looks the diagram up (source + settings + renderer versions, under
 *   node_modules/.cache/loadbearing-mermaid/); an unchanged diagram is not drawn again.
 * - Otherwise render.ts draws it through `rehype-mermaid` in headless Chromium, once with Mermaid's `default`
 *   theme and once with `dark`, on browser-pool.ts's one shared Chromium and two warm pages (first diagram of
 *   a cold build ~2 s: launch, load Mermaid; then ~0.1 s per diagram and theme).
 * - figure.ts fills the figure with two <img> (`lb-mermaid__light`, `lb-mermaid__dark`) and the alt text
 *   (alt-text.ts); src/styles/site.css shows the one matching `<html data-theme>`.
 */
import type { Root } from 'hast';
import { chromium, type BrowserType } from 'playwright';
import rehypeMermaid, { type RehypeMermaidOptions } from 'rehype-mermaid';
import type { Transformer } from 'unified';
import { chromiumLaunchOptions } from '../../lib/chromium.ts';
import { createSharedBrowserType } from './browser-pool.ts';
import { wrapMermaidBlocks } from './code-blocks.ts';
import { diagramKey, diskDiagramCache, type DiagramCache } from './diagram-cache.ts';
import { fillFigure } from './figure.ts';
import { renderBlock } from './render.ts';

/** Mermaid settings shared by both themes. SVG <text> labels (not HTML in foreignObject) render the same in
 * every browser's <img>; Arial is what Mermaid measures with (Liberation Sans, metric-compatible, at build). */
const sharedMermaidConfig: NonNullable<RehypeMermaidOptions['mermaidConfig']> = {
  htmlLabels: false, // Mermaid 11: the root-level switch wins over flowchart.htmlLabels etc.
  // Tighter than Mermaid's 50/50: diagrams are scaled down to the ~45rem content column, so every pixel
  // of spacing saved is a larger font.
  flowchart: { nodeSpacing: 30, rankSpacing: 40 },
};

export interface MermaidPluginOptions {
  /** Overrides for rehype-mermaid (tests); the defaults are what the site uses. */
  rehypeMermaid?: Partial<RehypeMermaidOptions>;
  /**
   * Where rendered diagrams are kept between builds; `false` for none. Default: the disk cache, when the
   * diagrams are drawn by the project's Chromium (no `rehypeMermaid.browserType` override: a test's fake
   * browser never fills the site's cache) and LB_MERMAID_CACHE is not `off`.
   */
  cache?: DiagramCache | false;
  warn?: (message: string) => void;
}

let sharedChromium: BrowserType | undefined;

/** The one Chromium of this process, launched on the first diagram that is not in the cache. */
export function projectChromium(): BrowserType {
  sharedChromium ??= createSharedBrowserType(
    chromium,
    process.env['LB_MERMAID_DEBUG'] ? { onLaunch: () => console.log('[mermaid] launching Chromium') } : {},
  );
  return sharedChromium;
}

/** The options rehype-mermaid gets. */
export function rehypeMermaidOptions(overrides: Partial<RehypeMermaidOptions> = {}): RehypeMermaidOptions {
  return {
    strategy: 'img-svg',
    browserType: projectChromium(),
    launchOptions: chromiumLaunchOptions(),
    mermaidConfig: { theme: 'default', ...sharedMermaidConfig },
    dark: { theme: 'dark', ...sharedMermaidConfig },
    // Which variant the <img> of rehype-mermaid's <picture> holds; we split them anyway.
    colorScheme: 'light',
    ...overrides,
  };
}

/** The settings that decide what a diagram looks like, for its cache key: not how the browser is started. */
export function renderSettings(options: RehypeMermaidOptions): unknown {
  return JSON.parse(
    JSON.stringify(options, (key, value: unknown) =>
      key === 'browserType' || key === 'launchOptions' || typeof value === 'function' ? undefined : value,
    ),
  );
}

function relativePath(path: string | undefined): string {
  if (!path) return '(unknown file)';
  const cwd = process.cwd() + '/';
  return path.startsWith(cwd) ? path.slice(cwd.length) : path;
}

/**
 * The rehype plugin for `unified({ rehypePlugins: [rehypeMermaidDiagrams] })` in astro.config.mjs.
 * A page with no ```mermaid block, or whose diagrams are all in the cache, never starts Chromium.
 */
export function rehypeMermaidDiagrams(options: MermaidPluginOptions = {}): Transformer<Root, Root> {
  const renderOptions = rehypeMermaidOptions(options.rehypeMermaid);
  const render = (rehypeMermaid as unknown as (o: RehypeMermaidOptions) => Transformer<Root, Root>)(renderOptions);
  const warn = options.warn ?? ((m: string) => console.warn(m));
  const useDiskCache =
    options.rehypeMermaid?.browserType === undefined && process.env['LB_MERMAID_CACHE']?.toLowerCase() !== 'off';
  const cache = options.cache ?? (useDiskCache ? diskDiagramCache() : false);
  const settings = renderSettings(renderOptions);

  return async (tree, file) => {
    const blocks = wrapMermaidBlocks(tree);
    if (!blocks.length) return;
    const rendered = await Promise.all(
      blocks.map(async (block) => {
        const key = cache ? diagramKey(block.source, settings) : undefined;
        const cached = cache && key ? await cache.get(key) : undefined;
        if (cached) return cached;
        const fresh = await renderBlock(render, block, file);
        if (cache && key && fresh) {
          await cache.set(key, fresh).catch((error: unknown) => warn(`[mermaid] cannot cache a diagram: ${String(error)}`));
        }
        return fresh;
      }),
    );
    blocks.forEach((block, i) => {
      const diagram = rendered[i];
      // undefined: rehype-mermaid left the block alone (errors throw: no errorFallback is set)
      if (!diagram) return;
      const where = `${relativePath(file.path)}${block.line ? `:${block.line}` : ''}`;
      fillFigure(block.figure, diagram, block.source, where, warn);
    });
  };
}
