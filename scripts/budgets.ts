// Performance budgets of the built site (dist/). Run by `npm run budgets`, and by `npm test` right after
// the build (which passes the build time in LB_BUILD_SECONDS).
//
// For every HTML page it measures:
//   - the JavaScript the page loads eagerly, gzip level 9: every <script src>, every inline <script>
//     (classic or module), every <link rel="modulepreload"> (and <link rel="preload" as="script">), and
//     everything those modules import statically (`import … from`, `import "…"`, `export … from`),
//     followed recursively through dist/ (es-module-lexer reads the imports; a module it cannot read is
//     reported, not silently counted without its imports). Dynamic `import()` targets are not counted:
//     they load on interaction. Each file counts once per page and is gzipped on its own (as it is sent);
//     the page's inline scripts are gzipped together (they travel in one HTML response).
//   - the CSS the page loads eagerly, gzip level 9: every <link rel="stylesheet"> that applies to the
//     screen (a media="print" sheet is not counted: it does not block rendering), every inline <style>
//     (gzipped together, like inline scripts), and every @import those sheets make, followed through dist/.
//   - the HTML itself, gzip level 9.
// and fails (exit 1) when a budget is exceeded, naming the page and the bytes over. Pages are parsed as a
// browser parses them, by parse5 (why not htmlparser2: see "HTML" below).
//
//   node scripts/budgets.ts [dist-dir] [--verbose]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ImportType, initSync as initLexer, parse as lexModule } from 'es-module-lexer';
import { defaultTreeAdapter as tree, html as htmlSpec, parse as parseHtml, type DefaultTreeAdapterTypes } from 'parse5';

// ---- Budgets --------------------------------------------------------------------------------------
/**
 * Eager JavaScript of a case-study page (path under /case-studies/), gzip bytes. Issue 13 ("Fast
 * everywhere") set 45 KB; measured 2026-12-07: 8 156–9 320 B (the panel and drill elements and
 * Starlight's scripts). The runtime, models and Plot load when the reader reaches a panel, on intent, or
 * on the first edit.
 */
export const CASE_STUDY_JS_BUDGET = 45 * 1024; // 46 080 B
/** HTML of any page, gzip bytes. */
export const HTML_BUDGET = 100 * 1024; // 102 400 B
/**
 * Eager CSS of any page, gzip bytes. Measured 2026-12-01: 12 891 B on most pages (the one stylesheet
 * with Starlight's and the site's CSS, 12 382 B, plus Starlight's inline card-grid <style>); 13 142 B on
 * the rate-limiting case study (Plot's <style> in each chart). 20 KB leaves about 50 % headroom: room
 * for a few components' styles, not for a second framework.
 */
export const CSS_BUDGET = 20 * 1024; // 20 480 B
/**
 * Form controls (input, select, textarea, button) a page parses at load, templates aside. At
 * DOMContentLoaded Chromium checks every form control of the page with a forced style-and-layout update,
 * about six per control: on payments (179 controls) 1 190 updates, one task of about 50 ms on this 2-core
 * machine (trace, 2026-12-07), which Lighthouse mobile multiplies by its CPU slowdown (≈ 9×) into blocking
 * time. The "range…" boxes and the results' unit menus are built when first opened (src/client/later.ts);
 * measured after that change, 2026-12-07: 5 (home) to 130 (notifications) controls, 106 on payments. 160 leaves room for a
 * panel or two, not for a page's controls built eagerly again.
 */
export const FORM_CONTROLS_BUDGET = 160;
/** `astro build`, seconds (LB_BUILD_SECONDS); the build must take less than this. */
export const BUILD_SECONDS_BUDGET = 60;
/** Pages whose eager JS is budgeted. */
export const CASE_STUDY_PREFIX = '/case-studies/';
// -----------------------------------------------------------------------------------------------------

export function gzipSize(data: string | Uint8Array): number {
  return gzipSync(data, { level: 9 }).length;
}

// ---- HTML --------------------------------------------------------------------------------------------
//
// Pages are parsed with parse5, not htmlparser2 (both are already in node_modules). parse5 implements the
// HTML standard's parsing algorithm, the one browsers run, so the <script>, <link> and <style> elements it
// yields are those a reader's browser creates: the text of a <noscript> stays text (scripting is on, so a
// stylesheet in it never loads), the content of a <template> is inert (its scripts do not run), comments,
// `</script` inside a script and `>` inside quoted attributes end where HTML ends them, and entities are
// decoded as the browser decodes them. htmlparser2 is faster and streams, but its tokenizer is its own
// approximation of HTML: it reports the <link> in a <noscript> and the <script> in a <template> as loading.
// Built pages are a few hundred KB at most, so parse5's full tree costs nothing that matters here.

export interface HtmlScripts {
  /** src of each eagerly loaded external script, in document order (as written, not resolved). */
  external: string[];
  /** href of each <link rel="modulepreload"> / <link rel="preload" as="script">. */
  preloads: string[];
  /** Inline scripts that run: their code, and whether they are modules (whose imports load eagerly). */
  inline: { code: string; module: boolean }[];
}

const CLASSIC_JS_TYPES = new Set([
  '',
  'text/javascript',
  'application/javascript',
  'application/ecmascript',
  'application/x-javascript',
  'application/x-ecmascript',
  'text/ecmascript',
  'text/jscript',
  'text/livescript',
  'text/x-javascript',
  'text/x-ecmascript',
]);

/** The kind of script a <script type> attribute gives, or undefined when the browser does not run it. */
export function scriptKind(type: string | undefined): 'classic' | 'module' | undefined {
  const t = (type ?? '').trim().toLowerCase();
  if (t === 'module') return 'module';
  return CLASSIC_JS_TYPES.has(t) ? 'classic' : undefined;
}

/** A <link>, <script> or <style> element of a parsed page. */
interface ResourceElement {
  readonly name: 'link' | 'script' | 'style';
  /** attribute values by local name (lower case in HTML), entity-decoded; a bare attribute has value '' */
  readonly attrs: ReadonlyMap<string, string>;
  /** the element's text (a script's code, a style's CSS) */
  readonly text: string;
  /** whether it is an SVG element (an inline <svg> may hold <style> and <script>) */
  readonly svg: boolean;
}

const RESOURCE_TAGS: ReadonlySet<string> = new Set(['link', 'script', 'style']);

const FORM_CONTROL_TAGS: ReadonlySet<string> = new Set(['input', 'select', 'textarea', 'button']);

/** How many form controls a browser parses into the document (a <template>'s content is inert, not counted). */
export function formControls(source: string): number {
  let n = 0;
  const visit = (node: DefaultTreeAdapterTypes.ParentNode): void => {
    for (const child of node.childNodes) {
      if (!tree.isElementNode(child)) continue;
      if (child.namespaceURI === htmlSpec.NS.HTML && FORM_CONTROL_TAGS.has(child.tagName)) n++;
      visit(child);
    }
  };
  visit(parseHtml(source));
  return n;
}

/** The <link>, <script> and <style> elements of a document, in document order, as a browser parses it. */
function resourceElements(source: string): ResourceElement[] {
  const found: ResourceElement[] = [];
  const visit = (node: DefaultTreeAdapterTypes.ParentNode): void => {
    for (const child of node.childNodes) {
      if (!tree.isElementNode(child)) continue;
      if (RESOURCE_TAGS.has(child.tagName) && (child.namespaceURI === htmlSpec.NS.HTML || child.tagName !== 'link')) {
        const attrs = new Map<string, string>();
        for (const a of child.attrs) if (!attrs.has(a.name)) attrs.set(a.name, a.value);
        const text = child.childNodes.map((c) => (tree.isTextNode(c) ? c.value : '')).join('');
        found.push({ name: child.tagName as ResourceElement['name'], attrs, text, svg: child.namespaceURI === htmlSpec.NS.SVG });
      }
      visit(child); // a <template>'s content is not among its childNodes: inert, as in the browser
    }
  };
  visit(parseHtml(source));
  return found;
}

/** The scripts an HTML document runs or preloads eagerly. */
export function parseHtmlScripts(html: string): HtmlScripts {
  const out: HtmlScripts = { external: [], preloads: [], inline: [] };
  for (const { name, attrs, text, svg } of resourceElements(html)) {
    if (name === 'link') {
      const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
      const href = attrs.get('href');
      if (href === undefined || href === '') continue;
      if (rel.includes('modulepreload') || (rel.includes('preload') && (attrs.get('as') ?? '').toLowerCase() === 'script')) {
        out.preloads.push(href);
      }
      continue;
    }
    if (name !== 'script') continue;
    const kind = scriptKind(attrs.get('type'));
    if (kind === undefined) continue; // JSON, importmap, speculationrules, templates…
    if (kind === 'classic' && attrs.has('nomodule')) continue; // not run by module-capable browsers
    const src = attrs.get(svg ? 'href' : 'src'); // an SVG <script> names its file in href (or xlink:href)
    if (src !== undefined) {
      if (src !== '') out.external.push(src);
      continue;
    }
    if (text.trim() !== '') out.inline.push({ code: text, module: kind === 'module' });
  }
  return out;
}

// ---- JavaScript ------------------------------------------------------------------------------------

export interface JsImports {
  /** Specifiers of static imports and re-exports: these load before the module runs. */
  static: string[];
  /** Specifiers of `import("…")` with a string literal: these load on demand. */
  dynamic: string[];
}

// es-module-lexer (Vite's and Astro's) finds a module's imports without building a syntax tree.
initLexer();
/** Imports that load with the module: `import … from`, `import "…"`, `export … from`, and the source and
 * defer phases (a deferred module is fetched eagerly; only its evaluation waits). */
const STATIC_IMPORTS: ReadonlySet<ImportType> = new Set([
  ImportType.Static,
  ImportType.StaticSourcePhase,
  ImportType.StaticDeferPhase,
]);
const DYNAMIC_IMPORTS: ReadonlySet<ImportType> = new Set([
  ImportType.Dynamic,
  ImportType.DynamicSourcePhase,
  ImportType.DynamicDeferPhase,
]);

/**
 * The import specifiers of an ES module's source (minified or not), in source order. A dynamic import is
 * listed when its specifier is a plain string (`import("./x.js")`, or a template without `${}`); `import(p)`
 * cannot be followed. Throws, naming `name`, on source the lexer cannot read.
 */
export function findImports(code: string, name?: string): JsImports {
  const [imports] = lexModule(code, name);
  const out: JsImports = { static: [], dynamic: [] };
  for (const { t, n } of imports) {
    if (n === undefined) continue;
    if (STATIC_IMPORTS.has(t)) out.static.push(n);
    else if (DYNAMIC_IMPORTS.has(t)) out.dynamic.push(n);
  }
  return out;
}

// ---- CSS ---------------------------------------------------------------------------------------------

export interface HtmlStyles {
  /** href of each <link rel="stylesheet"> that applies to the screen, in document order. */
  sheets: string[];
  /** The text of each inline <style>. */
  inline: string[];
}

/** Whether a media attribute leaves the stylesheet off the screen (print-only): then it does not block. */
function printOnly(media: string | undefined): boolean {
  if (media === undefined) return false;
  const queries = media
    .toLowerCase()
    .split(',')
    .map((q) => q.trim())
    .filter((q) => q !== '');
  return queries.length > 0 && queries.every((q) => /^(only\s+)?print\b/.test(q));
}

/** The stylesheets and <style> elements an HTML document applies eagerly. */
export function parseHtmlStyles(html: string): HtmlStyles {
  const out: HtmlStyles = { sheets: [], inline: [] };
  for (const { name, attrs, text } of resourceElements(html)) {
    if (name === 'link') {
      const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
      const href = attrs.get('href');
      if (
        rel.includes('stylesheet') &&
        !rel.includes('alternate') &&
        !attrs.has('disabled') &&
        href &&
        !printOnly(attrs.get('media'))
      ) {
        out.sheets.push(href);
      }
      continue;
    }
    if (name === 'style' && !printOnly(attrs.get('media')) && text.trim() !== '') out.inline.push(text);
  }
  return out;
}

/** The targets of a stylesheet's @import rules (`@import "x.css"`, `@import url(x.css) screen`). */
export function findCssImports(css: string): string[] {
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const found: string[] = [];
  const re = /@import\s+(?:url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)|"([^"]*)"|'([^']*)')/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(withoutComments)) !== null) {
    const spec = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5];
    if (spec) found.push(spec);
  }
  return found;
}

export interface PageCss {
  /** URL paths of every stylesheet loaded eagerly, in discovery order. */
  files: string[];
  filesGzip: number;
  /** gzip size of the page's inline <style> elements, taken together. */
  inlineGzip: number;
  totalGzip: number;
  /** References that could not be measured: outside the site or missing from dist/. */
  problems: string[];
}

/** The eager CSS of one page (see pageJs for `readFile`). */
export function pageCss(html: string, pagePath: string, readFile: (urlPath: string) => string | undefined): PageCss {
  const styles = parseHtmlStyles(html);
  const files: string[] = [];
  const seen = new Set<string>();
  const problems: string[] = [];
  let filesGzip = 0;
  const visit = (spec: string, fromPath: string, via: string): void => {
    const path = resolveSitePath(
      spec.startsWith('/') || spec.includes(':') || spec.startsWith('.') ? spec : './' + spec,
      fromPath,
    );
    if (path === undefined) {
      problems.push(`${via}: cannot measure stylesheet "${spec}" (outside the site or not a URL)`);
      return;
    }
    if (seen.has(path)) return;
    seen.add(path);
    const css = readFile(path);
    if (css === undefined) {
      problems.push(`${via}: stylesheet "${spec}" → ${path} is not in dist/`);
      return;
    }
    files.push(path);
    filesGzip += gzipSize(css);
    for (const next of findCssImports(css)) visit(next, path, path);
  };
  for (const href of styles.sheets) visit(href, pagePath, 'link rel=stylesheet');
  for (const css of styles.inline) for (const next of findCssImports(css)) visit(next, pagePath, 'inline <style>');
  const inlineGzip = styles.inline.length === 0 ? 0 : gzipSize(styles.inline.join('\n'));
  return { files, filesGzip, inlineGzip, totalGzip: filesGzip + inlineGzip, problems };
}

// ---- The page graph ----------------------------------------------------------------------------------

const SITE = 'http://site.invalid';

/** Resolves a script reference against the URL path it appears in; undefined when it leaves the site. */
export function resolveSitePath(spec: string, fromPath: string): string | undefined {
  let url: URL;
  try {
    // Bare specifiers ("zod") cannot load in a browser without an import map: treated as unresolvable.
    if (!/^(\/|\.\/|\.\.\/|[a-z][a-z0-9+.-]*:)/i.test(spec)) return undefined;
    url = new URL(spec, SITE + fromPath);
  } catch {
    return undefined;
  }
  if (url.origin !== SITE) return undefined;
  return decodeURIComponent(url.pathname);
}

/** The URL path a built HTML file is served at: index.html → folder path with a slash. */
export function pagePathFor(relativeHtmlPath: string): string {
  const p = '/' + relativeHtmlPath.split(sep).join('/');
  return p.endsWith('/index.html') ? p.slice(0, -'index.html'.length) : p;
}

export interface PageJs {
  /** URL paths of every JS file loaded eagerly, in discovery order. */
  files: string[];
  /** Sum of each file's gzip size. */
  filesGzip: number;
  /** gzip size of the page's inline scripts, taken together. */
  inlineGzip: number;
  /** filesGzip + inlineGzip. */
  totalGzip: number;
  /**
   * Not budgeted, for information: URL paths of the JS reachable only through dynamic `import()`
   * with a literal specifier (and their own imports), and the sum of their gzip sizes.
   */
  lazyFiles: string[];
  lazyGzip: number;
  /** References that could not be measured: outside the site, bare specifiers, or missing from dist/. */
  problems: string[];
}

/**
 * The eager JavaScript of one page. `readFile(urlPath)` returns a file's text from the built site,
 * or undefined when there is no such file.
 */
export function pageJs(html: string, pagePath: string, readFile: (urlPath: string) => string | undefined): PageJs {
  const scripts = parseHtmlScripts(html);
  const files: string[] = [];
  const seen = new Set<string>();
  const problems: string[] = [];
  let filesGzip = 0;

  /** A module's imports; when it loads eagerly (`via` given), one the lexer cannot read is a problem, since
   * what it imports would go unmeasured. */
  const importsOf = (code: string, name: string, via?: string): JsImports => {
    try {
      return findImports(code, name);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (via !== undefined) problems.push(`${via}: cannot read the imports of ${name}: ${reason}`);
      return { static: [], dynamic: [] };
    }
  };
  const eagerImports = new Map<string, JsImports>();

  const visit = (spec: string, fromPath: string, via: string): void => {
    const path = resolveSitePath(spec, fromPath);
    if (path === undefined) {
      problems.push(`${via}: cannot measure "${spec}" (outside the site or not a URL)`);
      return;
    }
    if (seen.has(path)) return;
    seen.add(path);
    const code = readFile(path);
    if (code === undefined) {
      problems.push(`${via}: "${spec}" → ${path} is not in dist/`);
      return;
    }
    files.push(path);
    filesGzip += gzipSize(code);
    const imports = importsOf(code, path, via);
    eagerImports.set(path, imports);
    for (const next of imports.static) visit(next, path, path);
  };

  for (const src of scripts.external) visit(src, pagePath, 'script src');
  for (const href of scripts.preloads) visit(href, pagePath, 'modulepreload');
  const inlineImports = scripts.inline.map((script) =>
    script.module ? importsOf(script.code, 'the inline module', 'inline module') : undefined,
  );
  for (const imports of inlineImports) for (const spec of imports?.static ?? []) visit(spec, pagePath, 'inline module');
  const inlineCode = scripts.inline.map((s) => s.code).join('\n');
  const inlineGzip = inlineCode === '' ? 0 : gzipSize(inlineCode);

  // What loads later, on interaction or idle: followed for information only; problems ignored.
  const lazyFiles: string[] = [];
  let lazyGzip = 0;
  const lazyQueue: [string, string][] = [];
  for (const path of files) for (const spec of eagerImports.get(path)?.dynamic ?? []) lazyQueue.push([spec, path]);
  scripts.inline.forEach((script, i) => {
    // a classic script may call import() too
    for (const spec of (inlineImports[i] ?? importsOf(script.code, pagePath)).dynamic) lazyQueue.push([spec, pagePath]);
  });
  for (let next = lazyQueue.shift(); next !== undefined; next = lazyQueue.shift()) {
    const path = resolveSitePath(next[0], next[1]);
    if (path === undefined || seen.has(path)) continue;
    seen.add(path);
    const code = readFile(path);
    if (code === undefined) continue;
    lazyFiles.push(path);
    lazyGzip += gzipSize(code);
    const imports = importsOf(code, path);
    for (const spec of [...imports.static, ...imports.dynamic]) lazyQueue.push([spec, path]);
  }
  return { files, filesGzip, inlineGzip, totalGzip: filesGzip + inlineGzip, problems, lazyFiles, lazyGzip };
}

// ---- The whole site ----------------------------------------------------------------------------------

export interface PageReport {
  page: string;
  jsGzip: number;
  cssGzip: number;
  htmlGzip: number;
  /** form controls parsed at load (formControls) */
  controls: number;
  js: PageJs;
  css: PageCss;
}

export function listHtmlFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && entry.name.endsWith('.html')) found.push(p);
    }
  };
  walk(dir);
  return found.sort();
}

export function measureSite(distDir: string): PageReport[] {
  const root = resolve(distDir);
  const cache = new Map<string, string | undefined>();
  const readFile = (urlPath: string): string | undefined => {
    if (!cache.has(urlPath)) {
      const file = resolve(root, '.' + urlPath);
      let text: string | undefined;
      if (file.startsWith(root + sep)) {
        try {
          text = statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
        } catch {
          text = undefined;
        }
      }
      cache.set(urlPath, text);
    }
    return cache.get(urlPath);
  };
  return listHtmlFiles(root).map((file) => {
    const html = readFileSync(file, 'utf8');
    const page = pagePathFor(relative(root, file));
    const js = pageJs(html, page, readFile);
    const css = pageCss(html, page, readFile);
    return {
      page,
      jsGzip: js.totalGzip,
      cssGzip: css.totalGzip,
      htmlGzip: gzipSize(html),
      controls: formControls(html),
      js,
      css,
    };
  });
}

export function isCaseStudy(page: string): boolean {
  return page.startsWith(CASE_STUDY_PREFIX);
}

/** Every budget broken, as a sentence naming the page (or the build) and the bytes (or seconds) over. */
export function budgetFailures(reports: readonly PageReport[], buildSeconds: number | undefined): string[] {
  const failures: string[] = [];
  if (reports.length === 0) failures.push('no HTML pages found: build the site first (npm run build)');
  for (const r of reports) {
    if (isCaseStudy(r.page) && r.jsGzip > CASE_STUDY_JS_BUDGET) {
      failures.push(
        `${r.page}: eager JS is ${r.jsGzip} B gzip, ${r.jsGzip - CASE_STUDY_JS_BUDGET} B over the case-study budget of ${CASE_STUDY_JS_BUDGET} B`,
      );
    }
    if (r.cssGzip > CSS_BUDGET) {
      failures.push(
        `${r.page}: eager CSS is ${r.cssGzip} B gzip, ${r.cssGzip - CSS_BUDGET} B over the budget of ${CSS_BUDGET} B`,
      );
    }
    if (r.htmlGzip > HTML_BUDGET) {
      failures.push(`${r.page}: HTML is ${r.htmlGzip} B gzip, ${r.htmlGzip - HTML_BUDGET} B over the budget of ${HTML_BUDGET} B`);
    }
    if (r.controls > FORM_CONTROLS_BUDGET) {
      failures.push(
        `${r.page}: ${r.controls} form controls parsed at load, ${r.controls - FORM_CONTROLS_BUDGET} over the budget of ${FORM_CONTROLS_BUDGET} (build closed controls when opened: src/client/later.ts)`,
      );
    }
    for (const p of r.js.problems) failures.push(`${r.page}: ${p}`);
    for (const p of r.css.problems) failures.push(`${r.page}: ${p}`);
  }
  if (buildSeconds !== undefined && !(buildSeconds < BUILD_SECONDS_BUDGET)) {
    failures.push(
      `build took ${buildSeconds} s, ${Number.isFinite(buildSeconds) ? `${buildSeconds - BUILD_SECONDS_BUDGET} s over` : 'not under'} the budget of < ${BUILD_SECONDS_BUDGET} s`,
    );
  }
  return failures;
}

export function parseBuildSeconds(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : Number.NaN;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

export function formatTable(reports: readonly PageReport[]): string {
  const rows = [
    ['page', 'JS gzip', 'JS budget', 'CSS gzip', 'HTML gzip', 'controls', 'JS files', 'lazy JS gzip (not budgeted)'],
    ...reports.map((r) => [
      r.page,
      `${r.jsGzip} B (${kb(r.jsGzip)})`,
      isCaseStudy(r.page) ? `${Math.round((100 * r.jsGzip) / CASE_STUDY_JS_BUDGET)} % of ${kb(CASE_STUDY_JS_BUDGET)}` : '-',
      `${r.cssGzip} B (${kb(r.cssGzip)})`,
      `${r.htmlGzip} B (${kb(r.htmlGzip)})`,
      String(r.controls),
      String(r.js.files.length),
      `${r.js.lazyGzip} B (${kb(r.js.lazyGzip)}, ${r.js.lazyFiles.length} files)`,
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function main(argv: readonly string[]): number {
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  const dirArg = argv.find((a) => !a.startsWith('-'));
  const distDir = dirArg ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
  let reports: PageReport[];
  try {
    reports = measureSite(distDir);
  } catch (error) {
    console.error(`budgets: cannot read ${distDir}: ${String(error)}. Build the site first (npm run build).`);
    return 1;
  }
  const buildSeconds = parseBuildSeconds(process.env['LB_BUILD_SECONDS']);
  console.log(formatTable(reports));
  if (verbose) {
    for (const r of reports) {
      console.log(`\n${r.page}: inline JS ${r.js.inlineGzip} B gzip, inline CSS ${r.css.inlineGzip} B gzip`);
      for (const f of r.js.files) console.log(`  ${f}`);
      for (const f of r.css.files) console.log(`  ${f}`);
      for (const f of r.js.lazyFiles) console.log(`  (lazy) ${f}`);
    }
  }
  console.log(
    buildSeconds === undefined
      ? 'build time: not measured (LB_BUILD_SECONDS unset; npm test sets it)'
      : `build time: ${buildSeconds} s (budget < ${BUILD_SECONDS_BUDGET} s)`,
  );
  const failures = budgetFailures(reports, buildSeconds);
  if (failures.length > 0) {
    console.error(`\nbudgets: ${failures.length} over budget:`);
    for (const f of failures) console.error(`  - ${f}`);
    console.error(
      '\nHow to get under: eager JS: load it on first interaction (a dynamic import(), as the panels load the models);\n' +
        'CSS: scope it to the component that needs it; HTML: split a long page, or move a long table behind a chart\n' +
        "(its data table is rendered once). CONTRIBUTING.md, 'Oversized page', says more.",
    );
    return 1;
  }
  console.log(
    `budgets: ok (${reports.length} pages; case-study JS ≤ ${CASE_STUDY_JS_BUDGET} B gzip, CSS ≤ ${CSS_BUDGET} B gzip, HTML ≤ ${HTML_BUDGET} B gzip, ≤ ${FORM_CONTROLS_BUDGET} form controls)`,
  );
  return 0;
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href) {
  process.exitCode = main(process.argv.slice(2));
}
