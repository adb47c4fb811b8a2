// Internal links of the built site: every <a href> (and <area>, <link>, <script src>, <img src>, <source
// src>, SVG <use href>) of every HTML page in dist/ must reach a file of dist/, and every #fragment an
// element with that id (or an <a name>) in the page it points to. External links are listed, not fetched.
// Pure and synchronous over a folder, so that test/browser/links.test.ts can check it on a tiny fixture
// as well as on the real dist/.
import { readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parseHTML } from 'linkedom';
import { listHtmlFiles, pagePathFor } from '../../scripts/budgets.ts';

const SITE = 'http://site.invalid';

export interface LinkReport {
  /** How many references were checked (internal links, with or without a fragment). */
  checked: number;
  /** One sentence per broken reference: page, link, and why. */
  broken: string[];
  /** Distinct external URLs (other origins, mailto:, tel:), not fetched. */
  external: string[];
}

interface Page {
  /** ids and <a name>s of the page. */
  ids: Set<string>;
  refs: { attr: string; tag: string; value: string }[];
}

const REFERENCES: readonly [selector: string, attr: string][] = [
  ['a[href]', 'href'],
  ['area[href]', 'href'],
  ['link[href]', 'href'],
  ['script[src]', 'src'],
  ['img[src]', 'src'],
  ['source[src]', 'src'],
  ['use[href]', 'href'],
];

function readPage(html: string): Page {
  const { document } = parseHTML(html);
  const ids = new Set<string>();
  for (const el of document.querySelectorAll('[id]')) ids.add(el.getAttribute('id') ?? '');
  for (const el of document.querySelectorAll('a[name]')) ids.add(el.getAttribute('name') ?? '');
  const refs: Page['refs'] = [];
  for (const [selector, attr] of REFERENCES) {
    for (const el of document.querySelectorAll(selector)) {
      refs.push({ tag: el.tagName.toLowerCase(), attr, value: el.getAttribute(attr) ?? '' });
    }
  }
  return { ids, refs };
}

/** The file under root a URL path is served from (as test/browser/static-server.ts serves it). */
function fileFor(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const target = resolve(root, '.' + decoded);
  if (target !== root && !target.startsWith(root + sep)) return undefined;
  const isFile = (p: string): boolean => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (!decoded.endsWith('/') && isFile(target)) return target;
  const index = join(target, 'index.html');
  return isFile(index) ? index : undefined;
}

export function checkLinks(distDir: string): LinkReport {
  const root = resolve(distDir);
  const pages = new Map<string, Page>();
  const pageOf = (file: string): Page => {
    let page = pages.get(file);
    if (page === undefined) {
      page = readPage(readFileSync(file, 'utf8'));
      pages.set(file, page);
    }
    return page;
  };
  const broken: string[] = [];
  const external = new Set<string>();
  let checked = 0;
  const files = listHtmlFiles(root);
  if (files.length === 0) broken.push(`no HTML pages in ${root}: build the site first (npm run build)`);
  for (const file of files) {
    const pagePath = pagePathFor(relative(root, file));
    const here = new URL(pagePath, SITE);
    for (const ref of pageOf(file).refs) {
      const what = `${pagePath}: <${ref.tag} ${ref.attr}="${ref.value}">`;
      const raw = ref.value.trim();
      if (raw === '') {
        broken.push(`${what}: empty ${ref.attr}`);
        continue;
      }
      if (raw.startsWith('data:')) continue;
      let url: URL;
      try {
        url = new URL(raw, here);
      } catch {
        broken.push(`${what}: not a valid URL`);
        continue;
      }
      if (url.protocol === 'javascript:') {
        broken.push(`${what}: javascript: URL (no script in links)`);
        continue;
      }
      if (url.origin !== SITE) {
        external.add(url.href);
        continue;
      }
      checked++;
      const target = fileFor(root, url.pathname);
      if (target === undefined) {
        broken.push(`${what}: no page or file at ${url.pathname} in dist/`);
        continue;
      }
      const fragment = url.hash.slice(1);
      if (fragment === '' || !target.endsWith('.html')) continue;
      let id: string;
      try {
        id = decodeURIComponent(fragment);
      } catch {
        broken.push(`${what}: fragment "#${fragment}" is not valid percent-encoding`);
        continue;
      }
      if (!pageOf(target).ids.has(id)) {
        const where = target === file ? 'this page' : pagePathFor(relative(root, target));
        broken.push(`${what}: no element with id="${id}" in ${where}`);
      }
    }
  }
  return { checked, broken, external: [...external].sort() };
}
