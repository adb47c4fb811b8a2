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
 * How it works: `rehype-mermaid` (strategy `img-svg`, `dark` on) renders each diagram twice in headless
 * Chromium through Playwright — once with Mermaid's `default` theme, once with `dark`. Its own output is a
 * <picture> switched by `prefers-color-scheme`, which ignores Starlight's theme toggle, so `rehypeMermaidDiagrams`
 * rewrites it into a <figure class="lb-mermaid"> holding two <img> (`lb-mermaid__light`, `lb-mermaid__dark`);
 * src/styles/site.css shows one of them from `<html data-theme>`. It must run before Expressive Code, which
 * otherwise grabs the fence as a code block: plugins given to `unified({ rehypePlugins })` run before the ones
 * Starlight and Expressive Code push onto the processor, so listing it there is enough.
 *
 * Chromium is launched once per build: every page's renders share one browser and two warm pages
 * (`createSharedBrowserType`), closed after a short idle time so `astro build` can exit and `astro dev` does
 * not keep it open. First diagram ~2 s (launch, load Mermaid), then ~0.1 s per diagram and theme.
 */
import type { Element, ElementContent, Parent, Properties, Root } from 'hast';
import { chromium, type Browser, type BrowserContext, type BrowserType, type LaunchOptions, type Page } from 'playwright';
import rehypeMermaid, { type RehypeMermaidOptions } from 'rehype-mermaid';
import type { Transformer } from 'unified';
import type { VFile } from 'vfile';
import { chromiumLaunchOptions } from '../lib/chromium.ts';

/** The part of Playwright's BrowserType that rehype-mermaid (through mermaid-isomorphic) uses. */
export type Launcher = Pick<BrowserType, 'launch'>;

export interface SharedBrowserOptions {
  /** Close the browser after it has been unused this long (ms). Long enough to span one build's renders,
   * short because `astro build` waits for it before it exits. */
  idleMs?: number;
  /** Warm pages kept open; light and dark of a page render in parallel, and the machines have 2 cores. */
  pages?: number;
  /** Called on each real launch; for tests and LB_MERMAID_DEBUG. */
  onLaunch?: () => void;
}

interface WarmPage {
  page: Page;
  /** the URL it was sent to, and the style/script tags added since: mermaid-isomorphic asks for them again
   * on every render, and loading mermaid.js (8 MB) is ~0.9 s of the ~1.4 s a fresh page costs */
  url: string | undefined;
  tags: Set<string>;
  broken: boolean;
}

/**
 * A BrowserType for rehype-mermaid whose `launch` hands out a lease on one shared browser.
 *
 * mermaid-isomorphic launches a browser for each batch of diagrams (each page of the site that has any, light
 * and dark at once), opens a page, loads Mermaid into it, renders, closes the page and then the browser. Here
 * "close" only returns the page or the lease: the browser stays up while diagrams keep coming and closes
 * `idleMs` after the last lease; its pages stay warm, so the same `goto` and script/style tags are not loaded
 * twice. Each page is used by one render at a time (Mermaid's config is global in a page). Requests over
 * http(s)/ws are aborted, so rendering never reaches the network.
 *
 * This leans on what mermaid-isomorphic 3.1 does with a page (goto, addStyleTag, addScriptTag, evaluate,
 * close); anything else passes through to the real page. test/site/mermaid.test.ts pins that sequence.
 */
export function createSharedBrowserType(
  real: Launcher,
  { idleMs = 1000, pages: poolSize = 2, onLaunch }: SharedBrowserOptions = {},
): BrowserType {
  interface Session {
    browser: Promise<Browser>;
    context: Promise<BrowserContext> | undefined;
    idle: WarmPage[];
    open: number;
    waiting: (() => void)[];
  }
  let session: Session | undefined;
  let leases = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const closeIdle = (): void => {
    const closing = session;
    session = undefined;
    timer = undefined;
    void closing?.browser.then((b) => b.close()).catch(() => {});
  };

  const sharedContext = (s: Session, options: Parameters<Browser['newContext']>[0]): Promise<BrowserContext> => {
    s.context ??= s.browser.then(async (b) => {
      const context = await b.newContext(options);
      await context.route(/^(https?|wss?):/i, (route) => route.abort('blockedbyclient'));
      return context;
    });
    return s.context;
  };

  const acquire = async (s: Session, options: Parameters<Browser['newContext']>[0]): Promise<WarmPage> => {
    for (;;) {
      const warm = s.idle.pop();
      if (warm) return warm;
      if (s.open < poolSize) {
        s.open += 1;
        try {
          const page = await (await sharedContext(s, options)).newPage();
          return { page, url: undefined, tags: new Set(), broken: false };
        } catch (error) {
          s.open -= 1;
          throw error;
        }
      }
      await new Promise<void>((resolve) => s.waiting.push(resolve));
    }
  };

  const release = (s: Session, warm: WarmPage): void => {
    if (warm.broken) {
      s.open -= 1;
      void warm.page.close().catch(() => {});
    } else {
      s.idle.push(warm);
    }
    s.waiting.shift()?.();
  };

  /** The page mermaid-isomorphic gets: the real one, with loads it already did skipped and close = release. */
  const leasedPage = (s: Session, warm: WarmPage): Page => {
    let released = false;
    const tag =
      (kind: 'style' | 'script') =>
      async (options: { url?: string; path?: string; content?: string }): Promise<unknown> => {
        const key = `${kind} ${options.url ?? options.path ?? options.content ?? ''}`;
        if (warm.tags.has(key)) return null;
        const result = await (kind === 'style' ? warm.page.addStyleTag(options) : warm.page.addScriptTag(options));
        warm.tags.add(key);
        return result;
      };
    const overrides: Record<string, unknown> = {
      async goto(url: string, options?: Parameters<Page['goto']>[1]) {
        if (warm.url === url) return null;
        warm.url = url;
        warm.tags.clear();
        return warm.page.goto(url, options);
      },
      addStyleTag: tag('style'),
      addScriptTag: tag('script'),
      async evaluate(...args: Parameters<Page['evaluate']>) {
        try {
          return await warm.page.evaluate(...args);
        } catch (error) {
          warm.broken = true; // a render error comes back as a rejected result; a throw means the page is bad
          throw error;
        }
      },
      close(): Promise<void> {
        if (released) return Promise.resolve();
        released = true;
        release(s, warm);
        return Promise.resolve();
      },
    };
    return new Proxy(warm.page, {
      get(target, property, receiver) {
        if (typeof property === 'string' && property in overrides) return overrides[property];
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value.bind(target) as unknown) : value;
      },
    });
  };

  const launch = async (options?: LaunchOptions): Promise<Browser> => {
    leases += 1;
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!session) {
      onLaunch?.();
      const browser = real.launch(options);
      const created: Session = { browser, context: undefined, idle: [], open: 0, waiting: [] };
      session = created;
      browser.catch(() => {
        if (session === created) session = undefined;
      });
    }
    const s = session;
    try {
      await s.browser;
    } catch (error) {
      leases -= 1;
      throw error;
    }
    let released = false;
    const lease = {
      newContext(contextOptions?: Parameters<Browser['newContext']>[0]) {
        return Promise.resolve({
          newPage: async () => leasedPage(s, await acquire(s, contextOptions)),
          close: async () => {},
        });
      },
      close(): Promise<void> {
        if (released) return Promise.resolve();
        released = true;
        leases -= 1;
        if (leases === 0) timer = setTimeout(closeIdle, idleMs);
        return Promise.resolve();
      },
    };
    return lease as unknown as Browser;
  };

  return { launch } as unknown as BrowserType;
}

/** Human name of a diagram's kind, from its first statement (after `---` frontmatter, `%%` comments and blanks). */
export function diagramKind(source: string): string {
  const lines = source.split('\n').map((l) => l.trim());
  let i = 0;
  while (i < lines.length && lines[i] === '') i += 1;
  if (lines[i] === '---') {
    i += 1;
    while (i < lines.length && lines[i] !== '---') i += 1;
    i += 1;
  }
  const first = lines.slice(i).find((l) => l !== '' && !l.startsWith('%%')) ?? '';
  const keyword = (first.split(/\s+/)[0] ?? '').toLowerCase();
  const kinds: Record<string, string> = {
    flowchart: 'Flowchart',
    graph: 'Flowchart',
    sequencediagram: 'Sequence diagram',
    classdiagram: 'Class diagram',
    statediagram: 'State diagram',
    'statediagram-v2': 'State diagram',
    erdiagram: 'Entity-relationship diagram',
    gantt: 'Gantt chart',
    pie: 'Pie chart',
    timeline: 'Timeline',
    mindmap: 'Mind map',
    gitgraph: 'Git graph',
    'xychart-beta': 'Chart',
    xychart: 'Chart',
    'architecture-beta': 'Architecture diagram',
    'block-beta': 'Block diagram',
    c4context: 'C4 context diagram',
  };
  return kinds[keyword] ?? 'Diagram';
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** The texts drawn in a rendered SVG (node and edge labels), in document order, without repeats. */
export function svgLabels(svg: string): string[] {
  const labels: string[] = [];
  const withoutMeta = svg.replace(/<(title|desc|style)\b[\s\S]*?<\/\1>/gi, '');
  for (const match of withoutMeta.matchAll(/<(text|foreignObject)\b[^>]*>([\s\S]*?)<\/\1>/gi)) {
    const text = (match[2] ?? '')
      .replace(/<\/(tspan|div|p|span)>\s*<(tspan|div|p|span)\b/gi, ' <$2')
      .replace(/<[^>]*>/g, '')
      .replace(
        /&(#?\w+);/g,
        (whole, name: string) =>
          entities[name] ?? (name.startsWith('#') ? String.fromCodePoint(Number('0' + name.slice(1))) : whole),
      )
      .replace(/\s+/g, ' ')
      .trim();
    if (text && !labels.includes(text)) labels.push(text);
  }
  return labels;
}

export interface AltInput {
  /** accTitle, as mermaid-isomorphic reports it */
  title?: string | undefined;
  /** accDescr, as mermaid-isomorphic reports it */
  description?: string | undefined;
  /** the Mermaid source */
  source: string;
  /** the rendered SVG, for the fallback */
  svg: string;
}

/** The alt text: "accTitle. accDescr", or a generated "<kind>: <labels>" when the author wrote neither. */
export function diagramAlt({ title, description, source, svg }: AltInput): { alt: string; generated: boolean } {
  const parts = [title, description].map((s) => s?.replace(/\s+/g, ' ').trim()).filter((s): s is string => !!s);
  if (parts.length) {
    const alt = parts.map((p, i) => (i < parts.length - 1 && !/[.!?:]$/.test(p) ? `${p}.` : p)).join(' ');
    return { alt, generated: false };
  }
  const kind = diagramKind(source);
  const heading = frontmatterTitle(source);
  const labels = svgLabels(svg).filter((l) => l !== heading);
  let list = '';
  for (const label of labels) {
    const next = list ? `${list}, ${label}` : label;
    if (next.length > 240) {
      list += ', …';
      break;
    }
    list = next;
  }
  const name = heading ? `${kind} “${heading}”` : kind;
  return { alt: list ? `${name}: ${list}` : `${name} (no description given)`, generated: true };
}

/** The `title:` of a diagram's `---` frontmatter (drawn above it; not an accessible name by itself). */
export function frontmatterTitle(source: string): string | undefined {
  const block = /^\s*---\r?\n([\s\S]*?)\r?\n\s*---/.exec(source)?.[1];
  const title = block && /^\s*title:\s*(.+?)\s*$/m.exec(block)?.[1];
  return title ? title.replace(/^(['"])(.*)\1$/, '$2') : undefined;
}

function classList(element: Element): string[] {
  const c: unknown = element.properties['className'];
  if (Array.isArray(c)) return c.map(String);
  return typeof c === 'string' ? c.split(/\s+/) : [];
}

function isMermaidPre(node: Element): boolean {
  if (node.tagName !== 'pre') return false;
  const elements = node.children.filter((c) => c.type === 'element');
  const texts = node.children.filter((c) => c.type === 'text');
  const code = elements[0];
  return (
    elements.length === 1 &&
    code !== undefined &&
    code.tagName === 'code' &&
    classList(code).includes('language-mermaid') &&
    texts.every((t) => t.type === 'text' && !/\w/.test(t.value))
  );
}

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

function walk(parent: Parent, visit: (node: Element, parent: Parent, index: number) => void): void {
  parent.children.forEach((child, index) => {
    if (child.type !== 'element') return;
    visit(child, parent, index);
    walk(child, visit);
  });
}

const FIGURE_CLASS = 'lb-mermaid';

interface Pending {
  figure: Element;
  source: string;
  line: number | undefined;
}

/**
 * Step 1: wrap each ```mermaid block (pre > code.language-mermaid, the shape rehype-mermaid renders) in
 * <figure class="lb-mermaid not-content">. rehype-mermaid then replaces the <pre> inside it.
 */
export function wrapMermaidBlocks(tree: Root): Pending[] {
  const pending: Pending[] = [];
  walk(tree, (node, parent, index) => {
    if (!isMermaidPre(node)) return;
    const figure: Element = {
      type: 'element',
      tagName: 'figure',
      properties: { className: [FIGURE_CLASS, 'not-content'] },
      children: [node],
    };
    parent.children[index] = figure;
    pending.push({ figure, source: textOf(node), line: node.position?.start.line });
  });
  return pending;
}

function str(value: Properties[string]): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
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

export interface Variant {
  src: string;
  width: string | undefined;
  height: string | undefined;
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
    dataDiagram: kind.toLowerCase().replace(/[^a-z]+/g, '-'),
    dataPagefindIndexAttrs: 'data-search-text',
    dataSearchText: alt,
  };
}

/**
 * Step 3: turn rehype-mermaid's <picture><source srcset=dark media=…><img src=light></picture> inside each
 * figure into the two themed <img>. Throws if the shape is not the one rehype-mermaid 3.0.0 makes.
 */
export function splitThemeVariants(pending: Pending[], file: VFile, warn: (message: string) => void): void {
  for (const { figure, source, line } of pending) {
    const picture = figure.children[0];
    if (picture?.type !== 'element' || picture.tagName !== 'picture') {
      // Not rendered: rehype-mermaid skipped it. (We set no errorFallback, so a broken diagram has thrown.)
      continue;
    }
    const [sourceEl, imgEl] = picture.children.filter((c): c is Element => c.type === 'element');
    // A srcset URI is the src form with its spaces as %20 (mini-svg-data-uri's toSrcset); undo that so
    // the two variants share text and gzip well together.
    const darkSrc = sourceEl && str(sourceEl.properties['srcSet'] ?? sourceEl.properties['srcset'])?.replace(/%20/g, ' ');
    const lightSrc = imgEl && str(imgEl.properties['src']);
    if (!sourceEl || sourceEl.tagName !== 'source' || !imgEl || imgEl.tagName !== 'img' || !darkSrc || !lightSrc) {
      throw new Error(`mermaid: unexpected rehype-mermaid output in ${file.path}; was rehype-mermaid upgraded?`);
    }
    const { alt, generated } = diagramAlt({
      title: str(imgEl.properties['title']),
      description: str(imgEl.properties['alt']),
      source,
      svg: svgFromDataUri(lightSrc),
    });
    const where = `${relativePath(file.path)}${line ? `:${line}` : ''}`;
    if (generated) {
      warn(`[mermaid] ${where}: diagram has no accTitle/accDescr; using generated alt text "${alt}"`);
    }
    const tooWide = legibility(dim(imgEl.properties['width']));
    if (tooWide) warn(`[mermaid] ${where}: ${tooWide}`);
    Object.assign(figure.properties, figureProperties(alt, diagramKind(source)));
    figure.children = themedImages(
      { src: lightSrc, width: dim(imgEl.properties['width']), height: dim(imgEl.properties['height']) },
      { src: darkSrc, width: dim(sourceEl.properties['width']), height: dim(sourceEl.properties['height']) },
      alt,
    );
  }
}

/** Starlight's content column is at most 45rem (720 px); Mermaid draws its text at 16 px. */
export const COLUMN_PX = 720;
const MIN_TEXT_PX = 11;

/**
 * Diagrams are scaled down to fit the column (never scrolled), so a wide one gets small text. Returns a
 * warning for the build log when its text would be drawn below 11 px even in the widest column.
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

function relativePath(path: string | undefined): string {
  if (!path) return '(unknown file)';
  const cwd = process.cwd() + '/';
  return path.startsWith(cwd) ? path.slice(cwd.length) : path;
}

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
  warn?: (message: string) => void;
}

let sharedChromium: BrowserType | undefined;

/** The one Chromium of this process, launched on the first diagram. */
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

/**
 * The rehype plugin for `unified({ rehypePlugins: [rehypeMermaidDiagrams] })` in astro.config.mjs.
 * A page with no ```mermaid block never starts Chromium.
 */
export function rehypeMermaidDiagrams(options: MermaidPluginOptions = {}): Transformer<Root, Root> {
  const render = (rehypeMermaid as unknown as (o: RehypeMermaidOptions) => Transformer<Root, Root>)(
    rehypeMermaidOptions(options.rehypeMermaid),
  );
  const warn = options.warn ?? ((m: string) => console.warn(m));
  return async (tree, file) => {
    const pending = wrapMermaidBlocks(tree);
    if (!pending.length) return;
    await (render as unknown as (t: Root, f: VFile) => Promise<void> | void)(tree, file);
    splitThemeVariants(pending, file, warn);
  };
}
