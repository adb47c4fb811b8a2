// The budget checker's parsing: which scripts an HTML page runs, which imports load eagerly, and the
// gzip sums and failure messages it derives from a small built site written to a temp folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  budgetFailures,
  CASE_STUDY_JS_BUDGET,
  FORM_CONTROLS_BUDGET,
  formControls,
  CSS_BUDGET,
  findCssImports,
  HTML_BUDGET,
  measureSite,
  pageJs,
  pagePathFor,
  parseBuildSeconds,
  parseHtmlScripts,
  parseHtmlStyles,
  resolveSitePath,
  type PageReport,
} from '../../scripts/budgets.ts';

const gz = (text: string): number => gzipSync(text, { level: 9 }).length;

describe('parseHtmlScripts', () => {
  it('finds external, inline and preloaded scripts and skips what the browser does not run', () => {
    const html = `<!doctype html><html><head>
      <script>window.theme = 'dark';</script>
      <script type="module" src="/_astro/page.js"></script>
      <link rel="modulepreload" href="/_astro/shared.js">
      <link rel="preload" as="script" href="/_astro/classic.js">
      <link rel="preload" as="font" href="/fonts/a.woff2">
      <link rel="stylesheet" href="/_astro/site.css">
      <!-- <script src="/_astro/commented-out.js"></script> -->
      <script type="application/ld+json">{"@context":"https://schema.org"}</script>
      <script type="importmap">{"imports":{}}</script>
      <script nomodule src="/_astro/legacy.js"></script>
      <script data-note="a > b" src='/_astro/quoted&amp;gt.js' defer></script>
      <SCRIPT TYPE="MODULE">import "/_astro/inline-dep.js"; const s = "</scr" + "ipt>";</SCRIPT>
      <script type="text/javascript"></script>
    </head><body></body></html>`;
    const scripts = parseHtmlScripts(html);
    expect(scripts.external).toEqual(['/_astro/page.js', '/_astro/quoted&gt.js']);
    expect(scripts.preloads).toEqual(['/_astro/shared.js', '/_astro/classic.js']);
    expect(scripts.inline).toEqual([
      { code: "window.theme = 'dark';", module: false },
      { code: 'import "/_astro/inline-dep.js"; const s = "</scr" + "ipt>";', module: true },
    ]);
  });

  it('ends a script at the first </script, as HTML does', () => {
    const scripts = parseHtmlScripts('<script>let a = 1;</script ><p>text</p><script>let b = 2;</script>');
    expect(scripts.inline.map((s) => s.code)).toEqual(['let a = 1;', 'let b = 2;']);
  });

  it('parses as a browser does: nothing in a <noscript> or a <template> loads, entities are decoded', () => {
    const html = `<!doctype html><html><head>
      <noscript><link rel="stylesheet" href="/_astro/no-js.css"><script src="/_astro/never.js"></script></noscript>
      <link rel="stylesheet" href="/_astro/a.css?x=1&amp;y=2">
    </head><body>
      <template id="row"><script src="/_astro/cloned-later.js"></script><style>p{}</style></template>
      <svg><style>.plot &gt; g{fill:red}</style></svg>
      <script src="/_astro/run.js"></script>
    </body></html>`;
    expect(parseHtmlScripts(html)).toEqual({ external: ['/_astro/run.js'], preloads: [], inline: [] });
    expect(parseHtmlStyles(html)).toEqual({ sheets: ['/_astro/a.css?x=1&y=2'], inline: ['.plot > g{fill:red}'] });
  });
});

describe("a page's eager JavaScript (pageJs)", () => {
  /** pageJs over a page whose one module script is `code`, with `modules` (by URL path) as the built site. */
  const measure = (code: string, modules: Record<string, string> = {}) => {
    const site: Record<string, string> = { '/_astro/entry.js': code, ...modules };
    const js = pageJs('<script type="module" src="/_astro/entry.js"></script>', '/page/', (path) => site[path]);
    return { eager: js.files.slice(1), lazy: js.lazyFiles, problems: js.problems };
  };
  const stubs = (...names: string[]): Record<string, string> =>
    Object.fromEntries(names.map((n) => [`/_astro/${n}`, 'export const x=1;']));

  it('counts static imports and re-exports of minified code; dynamic imports load later', () => {
    const code =
      'import{t as e}from"./toc.js";import"./side-effect.js";import*as n from\'./ns.js\';' +
      'export{x as y}from"./re.js";export*from"./all.js";export{e as t};' +
      'const l=()=>import("./lazy.js"),m=()=>import(`./lazy-template.js`),d=p=>import(p);' +
      'console.log(import.meta.url);';
    const site = stubs('toc.js', 'side-effect.js', 'ns.js', 're.js', 'all.js', 'lazy.js', 'lazy-template.js');
    expect(measure(code, site)).toEqual({
      eager: ['/_astro/toc.js', '/_astro/side-effect.js', '/_astro/ns.js', '/_astro/re.js', '/_astro/all.js'],
      lazy: ['/_astro/lazy.js', '/_astro/lazy-template.js'],
      problems: [],
    });
  });

  it('counts multi-line, commented and string-named imports, and deferred and source-phase ones', () => {
    const code = [
      '#!/usr/bin/env node',
      "import defaultThing, { a, b as c } from './one.js'",
      "import { 'd-e' as de } from './two.js';",
      'import /* why */ { f }',
      '  from "./three.js" with { type: "json" };',
      'export * as ns from "./four.js";',
      'import defer * as later from "./deferred.js";', // fetched now, evaluated on first use
      'import.defer("./dynamic-defer.js");',
    ].join('\n');
    const site = stubs('one.js', 'two.js', 'three.js', 'four.js', 'deferred.js', 'dynamic-defer.js');
    expect(measure(code, site)).toEqual({
      eager: ['/_astro/one.js', '/_astro/two.js', '/_astro/three.js', '/_astro/four.js', '/_astro/deferred.js'],
      lazy: ['/_astro/dynamic-defer.js'],
      problems: [],
    });
  });

  it('does not count the word import inside strings, comments, templates and regular expressions', () => {
    const code = [
      'const s = "import x from \'./in-string.js\'";',
      "// import './in-line-comment.js'",
      "/* import './in-block-comment.js' */",
      'const t = `import "./in-template.js" ${ { a: "}" }.a } import "./after-nested-brace.js"`;',
      'const r = /import "\\.\\/in-regex\\.js"[/]"/g;',
      'const q = a / b / c; const o = { import: 1 }; o.import; obj?.import;',
      "function f(x){return /'/.test(x)}const y=(1)/2/`${3}`;",
      'import "./real.js";',
    ].join('\n');
    const decoys = ['in-string', 'in-line-comment', 'in-block-comment', 'in-template', 'after-nested-brace', 'in-regex'];
    const site = stubs('real.js', ...decoys.map((d) => `${d}.js`));
    expect(measure(code, site)).toEqual({ eager: ['/_astro/real.js'], lazy: [], problems: [] });
  });

  it('follows an inline module script, and finds import() in a classic one', () => {
    const html =
      '<script type="module">import "/_astro/a.js";</script><script>addEventListener("click", () => import("/_astro/b.js"))</script>';
    const site: Record<string, string> = { '/_astro/a.js': 'export{}', '/_astro/b.js': 'export{}' };
    const js = pageJs(html, '/page/', (path) => site[path]);
    expect([js.files, js.lazyFiles, js.problems]).toEqual([['/_astro/a.js'], ['/_astro/b.js'], []]);
  });

  it('names a module whose imports it cannot read, instead of counting it without them', () => {
    const { eager, problems } = measure('import "./ok.js";', { '/_astro/ok.js': 'import"./x.js";let a = 1 +;}}}' });
    expect(eager).toEqual(['/_astro/ok.js']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\/_astro\/entry\.js: cannot read the imports of \/_astro\/ok\.js: Parse error/);
  });
});

describe('paths', () => {
  it('resolves script references against the page or module that names them', () => {
    expect(resolveSitePath('/_astro/a.js', '/case-studies/x/')).toBe('/_astro/a.js');
    expect(resolveSitePath('./b.js', '/_astro/a.js')).toBe('/_astro/b.js');
    expect(resolveSitePath('../_astro/c.js?v=1#x', '/case-studies/x/')).toBe('/case-studies/_astro/c.js');
    expect(resolveSitePath('https://cdn.example/lib.js', '/')).toBeUndefined();
    expect(resolveSitePath('//cdn.example/lib.js', '/')).toBeUndefined();
    expect(resolveSitePath('zod', '/_astro/a.js')).toBeUndefined();
  });

  it('maps built files to the URL paths they are served at', () => {
    expect(pagePathFor('index.html')).toBe('/');
    expect(pagePathFor(join('case-studies', 'rate-limiting', 'index.html'))).toBe('/case-studies/rate-limiting/');
    expect(pagePathFor('404.html')).toBe('/404.html');
  });

  it('reads LB_BUILD_SECONDS', () => {
    expect(parseBuildSeconds(undefined)).toBeUndefined();
    expect(parseBuildSeconds('')).toBeUndefined();
    expect(parseBuildSeconds('42')).toBe(42);
    expect(parseBuildSeconds('soon')).toBeNaN();
  });
});

describe('measureSite on a small built site', () => {
  let dist: string;
  const files: Record<string, string> = {};
  const write = (path: string, text: string): void => {
    files[path] = text;
    const full = join(dist, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  };
  // Random text does not compress: makes a file of a known, large gzip size.
  const incompressible = (bytes: number): string => `/* ${randomBytes(bytes).toString('base64')} */`;

  beforeAll(() => {
    dist = mkdtempSync(join(tmpdir(), 'lb-budgets-'));
    write('_astro/page.js', 'import{a}from"./shared.js";import"./side.js";a();');
    write('_astro/shared.js', 'export const a=()=>import("./lazy.js");');
    write('_astro/side.js', 'import"./shared.js";document.title+="!";'); // shared counted once
    write('_astro/lazy.js', `import"./lazy-dep.js";${incompressible(90_000)}`);
    write('_astro/lazy-dep.js', 'export const z=1;');
    write('_astro/preloaded.js', 'export const p=1;');
    write('_astro/heavy.js', incompressible(70_000));
    write(
      'index.html',
      '<html><head><script>var inline=1;</script><script type="module" src="/_astro/page.js"></script>' +
        '<link rel="modulepreload" href="/_astro/preloaded.js"></head><body><h1>Home</h1></body></html>',
    );
    write(
      'case-studies/light/index.html',
      '<html><head><script type="module">import"/_astro/page.js";</script></head><body>ok</body></html>',
    );
    write(
      'case-studies/heavy/index.html',
      '<html><head><script type="module" src="../../_astro/heavy.js"></script>' +
        '<script src="/_astro/missing.js"></script><script src="https://cdn.example/x.js"></script></head></html>',
    );
    write('big/index.html', `<html><body><pre>${incompressible(110_000)}</pre></body></html>`);
  });

  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  const report = (reports: PageReport[], page: string): PageReport => {
    const r = reports.find((x) => x.page === page);
    if (r === undefined) throw new Error(`no report for ${page}`);
    return r;
  };

  it('follows static imports and preloads, counts each file once, and leaves dynamic imports out', () => {
    const reports = measureSite(dist);
    expect(reports.map((r) => r.page).sort()).toEqual(['/', '/big/', '/case-studies/heavy/', '/case-studies/light/']);

    const home = report(reports, '/');
    expect(home.js.files).toEqual(['/_astro/page.js', '/_astro/shared.js', '/_astro/side.js', '/_astro/preloaded.js']);
    const expectedFiles = ['_astro/page.js', '_astro/shared.js', '_astro/side.js', '_astro/preloaded.js']
      .map((p) => gz(files[p] ?? ''))
      .reduce((a, b) => a + b, 0);
    expect(home.js.filesGzip).toBe(expectedFiles);
    expect(home.js.inlineGzip).toBe(gz('var inline=1;'));
    expect(home.jsGzip).toBe(expectedFiles + gz('var inline=1;'));
    expect(home.htmlGzip).toBe(gz(files['index.html'] ?? ''));
    expect(home.js.problems).toEqual([]);
    // The lazy chunk (about 120 KB gzip) is reported but not counted.
    expect(home.js.lazyFiles).toEqual(['/_astro/lazy.js', '/_astro/lazy-dep.js']);
    expect(home.js.lazyGzip).toBeGreaterThan(90_000);
    expect(home.jsGzip).toBeLessThan(1_000);

    const light = report(reports, '/case-studies/light/');
    expect(light.js.files).toEqual(['/_astro/page.js', '/_astro/shared.js', '/_astro/side.js']);
    expect(light.js.inlineGzip).toBe(gz('import"/_astro/page.js";'));
  });

  it('names the page and the bytes over budget, and what it could not measure', () => {
    const reports = measureSite(dist);
    const heavy = report(reports, '/case-studies/heavy/');
    const big = report(reports, '/big/');
    expect(heavy.jsGzip).toBeGreaterThan(CASE_STUDY_JS_BUDGET);
    expect(big.htmlGzip).toBeGreaterThan(HTML_BUDGET);

    const failures = budgetFailures(reports, 12);
    expect(failures).toEqual([
      `/big/: HTML is ${big.htmlGzip} B gzip, ${big.htmlGzip - HTML_BUDGET} B over the budget of ${HTML_BUDGET} B`,
      `/case-studies/heavy/: eager JS is ${heavy.jsGzip} B gzip, ${heavy.jsGzip - CASE_STUDY_JS_BUDGET} B over the case-study budget of ${CASE_STUDY_JS_BUDGET} B`,
      '/case-studies/heavy/: script src: "/_astro/missing.js" → /_astro/missing.js is not in dist/',
      '/case-studies/heavy/: script src: cannot measure "https://cdn.example/x.js" (outside the site or not a URL)',
    ]);
    // The home page's big lazy chunk does not count, and only case studies have a JS budget.
    expect(failures.some((f) => f.startsWith('/:'))).toBe(false);
  });

  it('counts the form controls a browser parses, not those in a template or an SVG, and names a page over the budget', () => {
    // 2 inputs, a select (its options are not controls), a textarea and a button are parsed; the template's
    // input and button are inert content, and an SVG <input> (not an HTML element) is no form control.
    const page =
      '<form><input name="a"><input type="range"><select><option>x</option><option>y</option></select><textarea></textarea>' +
      '<button>go</button></form><details><summary>more</summary><template class="lb-later"><input><button>b</button></template></details>' +
      '<svg><foreignObject></foreignObject><input/></svg>';
    expect(formControls(page)).toBe(5);
    expect(formControls('<p>no controls</p>')).toBe(0);
    const many = `<form>${'<input>'.repeat(FORM_CONTROLS_BUDGET + 3)}</form>`;
    expect(formControls(many)).toBe(FORM_CONTROLS_BUDGET + 3);
    const home = report(measureSite(dist), '/');
    const crowded: PageReport = { ...home, page: '/crowded/', controls: FORM_CONTROLS_BUDGET + 3 };
    expect(budgetFailures([crowded], undefined)).toEqual([
      `/crowded/: ${FORM_CONTROLS_BUDGET + 3} form controls parsed at load, 3 over the budget of ${FORM_CONTROLS_BUDGET} (build closed controls when opened: src/client/later.ts)`,
    ]);
  });

  it('checks the build time', () => {
    const ok = measureSite(dist).filter((r) => r.page === '/');
    expect(budgetFailures(ok, 59)).toEqual([]);
    expect(budgetFailures(ok, undefined)).toEqual([]);
    expect(budgetFailures(ok, 75)).toEqual(['build took 75 s, 15 s over the budget of < 60 s']);
    expect(budgetFailures(ok, 60)).toHaveLength(1);
    expect(budgetFailures(ok, Number.NaN)).toEqual(['build took NaN s, not under the budget of < 60 s']);
    expect(budgetFailures([], undefined)).toEqual(['no HTML pages found: build the site first (npm run build)']);
  });
});

describe('CSS', () => {
  it('finds the stylesheets and <style> elements a page applies to the screen', () => {
    const html = `<html><head>
      <link rel="stylesheet" href="/_astro/site.css">
      <link rel="stylesheet" href="/_astro/print.css" media="print">
      <link rel="stylesheet" href="/_astro/wide.css" media="screen and (min-width: 50em)">
      <link rel="alternate stylesheet" href="/_astro/alt.css" title="alt">
      <link rel="preload" as="style" href="/_astro/later.css">
      <!-- <link rel="stylesheet" href="/_astro/commented.css"> -->
      <style>p{color:red}</style><style media="print">p{color:black}</style>
      <script>const s = "<style>not css</style>";</script>
    </head><body><svg><style>.plot{display:block}</style></svg></body></html>`;
    expect(parseHtmlStyles(html)).toEqual({
      sheets: ['/_astro/site.css', '/_astro/wide.css'],
      inline: ['p{color:red}', '.plot{display:block}'],
    });
  });

  it('reads @import rules', () => {
    expect(findCssImports('/* @import "no.css"; */@import "a.css";@import url(b.css) screen;@import url( "c.css" );a{}')).toEqual(
      ['a.css', 'b.css', 'c.css'],
    );
  });

  describe('on a small built site', () => {
    let dist: string;
    const write = (path: string, text: string): void => {
      const full = join(dist, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, text);
    };
    const incompressible = (bytes: number): string => `/* ${randomBytes(bytes).toString('base64')} */`;

    beforeAll(() => {
      dist = mkdtempSync(join(tmpdir(), 'lb-budgets-css-'));
      write('_astro/site.css', '@import "./base.css";body{margin:0}');
      write('_astro/base.css', 'html{color:black}');
      write('_astro/heavy.css', incompressible(25_000));
      write(
        'index.html',
        '<html><head><link rel="stylesheet" href="/_astro/site.css"><style>h1{}</style></head><body></body></html>',
      );
      write(
        'heavy/index.html',
        '<html><head><link rel="stylesheet" href="../_astro/heavy.css"><link rel="stylesheet" href="/_astro/gone.css"></head></html>',
      );
    });

    afterAll(() => rmSync(dist, { recursive: true, force: true }));

    it('sums each sheet (and its imports) once, plus the inline styles, and names the page over budget', () => {
      const reports = measureSite(dist);
      const home = reports.find((r) => r.page === '/');
      const heavy = reports.find((r) => r.page === '/heavy/');
      expect(home?.css.files).toEqual(['/_astro/site.css', '/_astro/base.css']);
      expect(home?.cssGzip).toBe(gz('@import "./base.css";body{margin:0}') + gz('html{color:black}') + gz('h1{}'));
      expect(heavy?.cssGzip).toBeGreaterThan(CSS_BUDGET);
      const over = (heavy?.cssGzip ?? 0) - CSS_BUDGET;
      expect(budgetFailures(reports, undefined)).toEqual([
        `/heavy/: eager CSS is ${heavy?.cssGzip} B gzip, ${over} B over the budget of ${CSS_BUDGET} B`,
        '/heavy/: link rel=stylesheet: stylesheet "/_astro/gone.css" → /_astro/gone.css is not in dist/',
      ]);
    });
  });
});
