// Performance budgets of the built site (dist/). Run by `npm run budgets`, and by `npm test` right after
// the build (which passes the build time in LB_BUILD_SECONDS).
//
// For every HTML page it measures:
//   - the JavaScript the page loads eagerly, gzip level 9: every <script src>, every inline <script>
//     (classic or module), every <link rel="modulepreload"> (and <link rel="preload" as="script">), and
//     everything those modules import statically (`import … from`, `import "…"`, `export … from`),
//     followed recursively through dist/. Dynamic `import()` targets are not counted: they load on
//     interaction. Each file counts once per page and is gzipped on its own (as it is sent); the page's
//     inline scripts are gzipped together (they travel in one HTML response).
//   - the CSS the page loads eagerly, gzip level 9: every <link rel="stylesheet"> that applies to the
//     screen (a media="print" sheet is not counted: it does not block rendering), every inline <style>
//     (gzipped together, like inline scripts), and every @import those sheets make, followed through dist/.
//   - the HTML itself, gzip level 9.
// and fails (exit 1) when a budget is exceeded, naming the page and the bytes over.
//
//   node scripts/budgets.ts [dist-dir] [--verbose]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

// ---- Budgets --------------------------------------------------------------------------------------
/** Eager JavaScript of a case-study page (path under /case-studies/), gzip bytes. */
export const CASE_STUDY_JS_BUDGET = 60 * 1024; // 61 440 B
/** HTML of any page, gzip bytes. */
export const HTML_BUDGET = 100 * 1024; // 102 400 B
/**
 * Eager CSS of any page, gzip bytes. Measured 2026-12-01: 12 891 B on most pages (the one stylesheet
 * with Starlight's and the site's CSS, 12 382 B, plus Starlight's inline card-grid <style>); 13 142 B on
 * the rate-limiting case study (Plot's <style> in each chart). 20 KB leaves about 50 % headroom: room
 * for a few components' styles, not for a second framework.
 */
export const CSS_BUDGET = 20 * 1024; // 20 480 B
/** `astro build`, seconds (LB_BUILD_SECONDS); the build must take less than this. */
export const BUILD_SECONDS_BUDGET = 60;
/** Pages whose eager JS is budgeted. */
export const CASE_STUDY_PREFIX = '/case-studies/';
// -----------------------------------------------------------------------------------------------------

export function gzipSize(data: string | Uint8Array): number {
  return gzipSync(data, { level: 9 }).length;
}

// ---- HTML --------------------------------------------------------------------------------------------

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

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * Reads the attributes of the start tag whose name ends at `from` (quotes may contain `>`).
 * Returns the attributes (lower-case names, entity-decoded values; a bare attribute has value '')
 * and the index just past the tag's `>`.
 */
export function readAttributes(html: string, from: number): { attrs: Map<string, string>; end: number } {
  const attrs = new Map<string, string>();
  let i = from;
  const n = html.length;
  const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f';
  while (i < n) {
    while (i < n && (isSpace(html[i]) || html[i] === '/')) i++;
    if (i >= n) break;
    if (html[i] === '>') return { attrs, end: i + 1 };
    const nameStart = i;
    while (i < n && !isSpace(html[i]) && html[i] !== '>' && html[i] !== '=' && !(html[i] === '/' && html[i + 1] === '>')) i++;
    const name = html.slice(nameStart, i).toLowerCase();
    while (i < n && isSpace(html[i])) i++;
    let value = '';
    if (html[i] === '=') {
      i++;
      while (i < n && isSpace(html[i])) i++;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        const stop = close === -1 ? n : close;
        value = html.slice(i + 1, stop);
        i = stop + 1;
      } else {
        const valueStart = i;
        while (i < n && !isSpace(html[i]) && html[i] !== '>') i++;
        value = html.slice(valueStart, i);
      }
    }
    if (name && !attrs.has(name)) attrs.set(name, decodeEntities(value));
  }
  return { attrs, end: n };
}

/** A <link>, <script> or <style> start tag, with the raw text of a script or style element. */
interface HtmlTag {
  readonly name: 'link' | 'script' | 'style';
  readonly attrs: Map<string, string>;
  /** the element's raw text, up to its first end tag (the HTML rule for script and style: no nesting) */
  readonly body: string;
}

/**
 * The <link>, <script> and <style> tags of a document, in order; comments are skipped, and the raw text
 * of a script or style is not searched for tags (a "<style" inside a script is not CSS).
 */
function htmlTags(html: string): HtmlTag[] {
  const tags: HtmlTag[] = [];
  const tag = /<!--|<(script|link|style)(?=[\s>/])/gi;
  let match: RegExpExecArray | null;
  while ((match = tag.exec(html)) !== null) {
    if (match[0] === '<!--') {
      const close = html.indexOf('-->', match.index + 4);
      tag.lastIndex = close === -1 ? html.length : close + 3;
      continue;
    }
    const name = (match[1] ?? '').toLowerCase() as HtmlTag['name'];
    const { attrs, end } = readAttributes(html, match.index + match[0].length);
    tag.lastIndex = end;
    if (name === 'link') {
      tags.push({ name, attrs, body: '' });
      continue;
    }
    const closeRe = new RegExp(`</${name}`, 'gi');
    closeRe.lastIndex = end;
    const close = closeRe.exec(html);
    const contentEnd = close === null ? html.length : close.index;
    const afterClose = close === null ? html.length : html.indexOf('>', close.index);
    tag.lastIndex = afterClose === -1 ? html.length : afterClose + 1;
    tags.push({ name, attrs, body: html.slice(end, contentEnd) });
  }
  return tags;
}

/** The scripts an HTML document runs or preloads eagerly. Comments are ignored. */
export function parseHtmlScripts(html: string): HtmlScripts {
  const out: HtmlScripts = { external: [], preloads: [], inline: [] };
  for (const { name, attrs, body } of htmlTags(html)) {
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
    const src = attrs.get('src');
    if (src !== undefined) {
      if (src !== '') out.external.push(src);
      continue;
    }
    if (body.trim() !== '') out.inline.push({ code: body, module: kind === 'module' });
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

const REGEX_AFTER_WORDS = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
  'extends',
]);

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\w$\u0080-\uffff]/.test(c);

/**
 * Finds the import specifiers of an ES module's source (minified or not) with a small lexer that
 * skips comments, strings, template literals (with nested `${}`) and regular-expression literals,
 * so that the word `import` inside any of those is not taken for an import.
 */
export function findImports(code: string): JsImports {
  const out: JsImports = { static: [], dynamic: [] };
  const n = code.length;
  let i = 0;
  // What came before, for telling a regex literal from a division: 'value' (identifier, number,
  // string, `)` or `]`), 'dot' (member access) or 'other' (an operator, `(`, `{`, `;`, start).
  let prev: 'value' | 'dot' | 'other' = 'other';
  let braceDepth = 0;
  const templateDepths: number[] = []; // brace depth at which each open `${` began

  const skipSpaceAndComments = (from: number): number => {
    let j = from;
    while (j < n) {
      const c = code[j];
      if (
        c === ' ' ||
        c === '\n' ||
        c === '\t' ||
        c === '\r' ||
        c === '\f' ||
        c === '\v' ||
        c === '\u00a0' ||
        c === '\ufeff' ||
        c === '\u2028' ||
        c === '\u2029'
      ) {
        j++;
      } else if (c === '/' && code[j + 1] === '/') {
        const end = code.indexOf('\n', j);
        j = end === -1 ? n : end + 1;
      } else if (c === '/' && code[j + 1] === '*') {
        const end = code.indexOf('*/', j + 2);
        j = end === -1 ? n : end + 2;
      } else {
        break;
      }
    }
    return j;
  };

  /** Reads a string literal starting at `from` (a quote); returns its value and the index after it. */
  const readString = (from: number): { value: string; end: number } => {
    const quote = code[from];
    let j = from + 1;
    let value = '';
    while (j < n && code[j] !== quote) {
      if (code[j] === '\\') {
        value += code[j + 1] ?? '';
        j += 2;
      } else if (code[j] === '\n') {
        break; // unterminated
      } else {
        value += code[j];
        j++;
      }
    }
    return { value, end: j + 1 };
  };

  /** Skips template characters from `from` (just after ` or a closing } of ${}); stops after ` or ${. */
  const skipTemplate = (from: number): number => {
    let j = from;
    while (j < n) {
      const c = code[j];
      if (c === '\\') j += 2;
      else if (c === '`') return j + 1;
      else if (c === '$' && code[j + 1] === '{') {
        templateDepths.push(braceDepth);
        braceDepth++;
        return j + 2;
      } else j++;
    }
    return n;
  };

  const skipRegex = (from: number): number => {
    let j = from + 1;
    let inClass = false;
    while (j < n) {
      const c = code[j];
      if (c === '\\') j += 2;
      else if (c === '\n') return j;
      else if (inClass) {
        if (c === ']') inClass = false;
        j++;
      } else if (c === '[') {
        inClass = true;
        j++;
      } else if (c === '/') {
        j++;
        break;
      } else j++;
    }
    while (j < n && isWordChar(code[j])) j++;
    return j;
  };

  const readWord = (from: number): { word: string; end: number } => {
    let j = from;
    while (j < n && isWordChar(code[j])) j++;
    return { word: code.slice(from, j), end: j };
  };

  /**
   * From just after `import` or `export` in a declaration, finds `from "x"` (or, for import,
   * a bare `"x"`) before the statement ends. Returns the specifier and where scanning resumes.
   */
  const readDeclarationSource = (from: number, allowBare: boolean): { spec: string | undefined; end: number } => {
    let j = skipSpaceAndComments(from);
    if (allowBare && (code[j] === '"' || code[j] === "'")) {
      const s = readString(j);
      return { spec: s.value, end: s.end };
    }
    let depth = 0;
    while (j < n) {
      j = skipSpaceAndComments(j);
      const c = code[j];
      if (c === undefined) break;
      if (c === '{') {
        depth++;
        j++;
      } else if (c === '}') {
        depth--;
        j++;
      } else if (c === '"' || c === "'") {
        j = readString(j).end; // a string export name: import { "a-b" as ab } from …
      } else if (depth === 0 && (c === ';' || c === '(' || c === '=' || c === ')')) {
        return { spec: undefined, end: j };
      } else if (isWordChar(c)) {
        const w = readWord(j);
        j = w.end;
        if (depth === 0 && w.word === 'from') {
          const k = skipSpaceAndComments(j);
          if (code[k] === '"' || code[k] === "'") {
            const s = readString(k);
            return { spec: s.value, end: s.end };
          }
        }
      } else {
        j++;
      }
    }
    return { spec: undefined, end: j };
  };

  if (code.startsWith('#!')) {
    const end = code.indexOf('\n');
    i = end === -1 ? n : end + 1;
  }

  while (i < n) {
    i = skipSpaceAndComments(i);
    if (i >= n) break;
    const c = code[i] as string;

    if (c === '"' || c === "'") {
      i = readString(i).end;
      prev = 'value';
    } else if (c === '`') {
      i = skipTemplate(i + 1);
      prev = 'value';
    } else if (c === '/') {
      if (prev === 'value') {
        i++;
        prev = 'other';
      } else {
        i = skipRegex(i);
        prev = 'value';
      }
    } else if (c === '{') {
      braceDepth++;
      i++;
      prev = 'other';
    } else if (c === '}') {
      braceDepth--;
      i++;
      if (templateDepths.length > 0 && templateDepths[templateDepths.length - 1] === braceDepth) {
        templateDepths.pop();
        i = skipTemplate(i);
        prev = 'value';
      } else {
        prev = 'other'; // block end (or object literal end: a following `/` is rare there)
      }
    } else if (c === ')' || c === ']') {
      i++;
      prev = 'value';
    } else if (c === '.' && !/[0-9]/.test(code[i + 1] ?? '')) {
      i++;
      prev = 'dot';
    } else if (c === '?' && code[i + 1] === '.' && !/[0-9]/.test(code[i + 2] ?? '')) {
      i += 2;
      prev = 'dot';
    } else if (isWordChar(c) || c === '.' || c === '#') {
      const start = c === '#' || c === '.' ? i + 1 : i;
      const { word, end } = readWord(start);
      i = end;
      const wasDot = prev === 'dot';
      prev = REGEX_AFTER_WORDS.has(word) ? 'other' : 'value';
      if (wasDot || (c !== 'i' && c !== 'e')) continue;
      if (word === 'import') {
        const k = skipSpaceAndComments(i);
        const next = code[k];
        if (next === '(') {
          const a = skipSpaceAndComments(k + 1);
          if (code[a] === '"' || code[a] === "'") out.dynamic.push(readString(a).value);
          else if (code[a] === '`') {
            // import(`./chunk.js`) as minifiers write it; one with ${} cannot be followed.
            const close = code.indexOf('`', a + 1);
            const text = close === -1 ? '' : code.slice(a + 1, close);
            if (close !== -1 && !text.includes('${') && !text.includes('\\')) out.dynamic.push(text);
          }
          prev = 'other';
        } else if (next === '.') {
          // import.meta
        } else if (next === '"' || next === "'" || next === '{' || next === '*' || isWordChar(next)) {
          const d = readDeclarationSource(i, true);
          if (d.spec !== undefined) out.static.push(d.spec);
          i = d.end;
          prev = 'other';
        }
      } else if (word === 'export') {
        const k = skipSpaceAndComments(i);
        if (code[k] === '{' || code[k] === '*') {
          const d = readDeclarationSource(k, false);
          if (d.spec !== undefined) {
            out.static.push(d.spec);
            i = d.end;
            prev = 'other';
          }
        }
      }
    } else {
      i++;
      prev = 'other';
    }
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

/** The stylesheets and <style> elements an HTML document applies eagerly. Comments are ignored. */
export function parseHtmlStyles(html: string): HtmlStyles {
  const out: HtmlStyles = { sheets: [], inline: [] };
  for (const { name, attrs, body } of htmlTags(html)) {
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
    if (name === 'style' && !printOnly(attrs.get('media')) && body.trim() !== '') out.inline.push(body);
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
    for (const next of findImports(code).static) visit(next, path, path);
  };

  for (const src of scripts.external) visit(src, pagePath, 'script src');
  for (const href of scripts.preloads) visit(href, pagePath, 'modulepreload');
  for (const script of scripts.inline) {
    if (!script.module) continue;
    for (const spec of findImports(script.code).static) visit(spec, pagePath, 'inline module');
  }
  const inlineCode = scripts.inline.map((s) => s.code).join('\n');
  const inlineGzip = inlineCode === '' ? 0 : gzipSize(inlineCode);

  // What loads later, on interaction or idle: followed for information only; problems ignored.
  const lazyFiles: string[] = [];
  let lazyGzip = 0;
  const lazyQueue: [string, string][] = [];
  const queueDynamic = (code: string, fromPath: string): void => {
    for (const spec of findImports(code).dynamic) lazyQueue.push([spec, fromPath]);
  };
  for (const path of files) queueDynamic(readFile(path) ?? '', path);
  for (const script of scripts.inline) queueDynamic(script.code, pagePath);
  for (let next = lazyQueue.shift(); next !== undefined; next = lazyQueue.shift()) {
    const path = resolveSitePath(next[0], next[1]);
    if (path === undefined || seen.has(path)) continue;
    seen.add(path);
    const code = readFile(path);
    if (code === undefined) continue;
    lazyFiles.push(path);
    lazyGzip += gzipSize(code);
    const imports = findImports(code);
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
    return { page, jsGzip: js.totalGzip, cssGzip: css.totalGzip, htmlGzip: gzipSize(html), js, css };
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
    ['page', 'JS gzip', 'JS budget', 'CSS gzip', 'HTML gzip', 'JS files', 'lazy JS gzip (not budgeted)'],
    ...reports.map((r) => [
      r.page,
      `${r.jsGzip} B (${kb(r.jsGzip)})`,
      isCaseStudy(r.page) ? `${Math.round((100 * r.jsGzip) / CASE_STUDY_JS_BUDGET)} % of ${kb(CASE_STUDY_JS_BUDGET)}` : '-',
      `${r.cssGzip} B (${kb(r.cssGzip)})`,
      `${r.htmlGzip} B (${kb(r.htmlGzip)})`,
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
    `budgets: ok (${reports.length} pages; case-study JS ≤ ${CASE_STUDY_JS_BUDGET} B gzip, CSS ≤ ${CSS_BUDGET} B gzip, HTML ≤ ${HTML_BUDGET} B gzip)`,
  );
  return 0;
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href) {
  process.exitCode = main(process.argv.slice(2));
}
