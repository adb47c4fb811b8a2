import type { Element, Root } from 'hast';
import type { BrowserType } from 'playwright';
import type { VFile } from 'vfile';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { chromiumArgs, chromiumLaunchOptions } from '../../src/lib/chromium.ts';
import { diagramAlt, diagramKind, svgLabels } from '../../src/markdown/mermaid/alt-text.ts';
import { createSharedBrowserType } from '../../src/markdown/mermaid/browser-pool.ts';
import { diagramKey, diskDiagramCache, rendererVersions, type DiagramCache } from '../../src/markdown/mermaid/diagram-cache.ts';
import { legibility, legibleSize } from '../../src/markdown/mermaid/figure.ts';
import { rehypeMermaidDiagrams } from '../../src/markdown/mermaid/plugin.ts';

// What the site needs from src/markdown/mermaid/, checked without a browser: a fake Playwright browser
// stands in for Chromium, so rehype-mermaid 3.0.0's real transformer and our rewrite of its output run.

const svg = (theme: string, labels: string[], acc: { title?: string; desc?: string } = {}) =>
  `<svg id="x" viewBox="0 0 100.5 40.2" data-theme="${theme}">` +
  (acc.title ? `<title>${acc.title}</title>` : '') +
  (acc.desc ? `<desc>${acc.desc}</desc>` : '') +
  `<style>#x{font-family:arial}</style>` +
  labels.map((l) => `<text><tspan class="text-outer-tspan"><tspan>${l}</tspan></tspan></text>`).join('') +
  `</svg>`;

interface FakeRender {
  diagrams: string[];
  mermaidConfig: { theme?: string };
  prefix: string;
}

/** A stand-in for Playwright's chromium: pages answer `evaluate` as mermaid-isomorphic's page script would. */
function fakeChromium(render: (args: FakeRender) => PromiseSettledResult<unknown>[], { launchMs = 0 } = {}) {
  const calls = {
    launches: 0,
    closes: 0,
    contexts: 0,
    pages: 0,
    pageCloses: 0,
    gotos: 0,
    scripts: 0,
    evaluates: 0,
    routes: [] as RegExp[],
  };
  let throwNext = false;
  const newPage = () => {
    calls.pages += 1;
    return Promise.resolve({
      goto: () => Promise.resolve(void (calls.gotos += 1)),
      addStyleTag: () => Promise.resolve(null),
      addScriptTag: () => Promise.resolve(void (calls.scripts += 1)),
      evaluate: (_fn: unknown, args: FakeRender) => {
        calls.evaluates += 1;
        if (throwNext) {
          throwNext = false;
          return Promise.reject(new Error('Target crashed'));
        }
        return Promise.resolve(render(args));
      },
      close: () => Promise.resolve(void (calls.pageCloses += 1)),
    });
  };
  const browser = {
    newContext: () => {
      calls.contexts += 1;
      return Promise.resolve({
        newPage,
        route: (pattern: RegExp) => Promise.resolve(void calls.routes.push(pattern)),
        close: async () => {},
      });
    },
    close: () => Promise.resolve(void (calls.closes += 1)),
  };
  const launcher = {
    launch: () => {
      calls.launches += 1;
      return launchMs ? new Promise((resolve) => setTimeout(() => resolve(browser), launchMs)) : Promise.resolve(browser);
    },
  } as unknown as BrowserType;
  return { launcher, calls, crashNextEvaluate: () => void (throwNext = true) };
}

const okRender = ({ diagrams, mermaidConfig }: FakeRender): PromiseSettledResult<unknown>[] =>
  diagrams.map((d, i) => {
    const withAcc = d.includes('accTitle');
    return {
      status: 'fulfilled',
      value: {
        id: `m-${i}`,
        width: 100.5,
        height: 40.2,
        svg: svg(mermaidConfig.theme ?? '?', ['Client', 'API gateway', 'A & B']),
        ...(withAcc ? { title: 'Request path', description: 'The client calls the gateway.' } : {}),
      },
    };
  });

function mermaidBlock(source: string): Element {
  return {
    type: 'element',
    tagName: 'pre',
    properties: {},
    position: { start: { line: 7, column: 1 }, end: { line: 9, column: 4 } },
    children: [
      {
        type: 'element',
        tagName: 'code',
        properties: { className: ['language-mermaid'] },
        children: [{ type: 'text', value: source }],
      },
    ],
  };
}

function page(...blocks: Element[]): Root {
  return {
    type: 'root',
    children: [
      { type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: 'Intro.' }] },
      ...blocks,
      {
        type: 'element',
        tagName: 'pre',
        properties: {},
        children: [
          {
            type: 'element',
            tagName: 'code',
            properties: { className: ['language-ts'] },
            children: [{ type: 'text', value: 'let x = 1' }],
          },
        ],
      },
    ],
  };
}

async function run(
  tree: Root,
  render = okRender,
  fake = fakeChromium(render),
  shared = createSharedBrowserType(fake.launcher, { idleMs: 5 }),
  cache: DiagramCache | false = false,
) {
  const { calls } = fake;
  const warnings: string[] = [];
  const transform = rehypeMermaidDiagrams({
    rehypeMermaid: { browserType: shared },
    cache,
    warn: (m) => warnings.push(m),
  });
  // The two members of a VFile that the plugins use.
  const file = {
    path: `${process.cwd()}/case-studies/demo.mdx`,
    message: (reason: unknown) => new Error(`demo.mdx: ${reason instanceof Error ? reason.message : String(reason)}`),
  } as unknown as VFile;
  await transform(tree, file, () => {});
  return { tree, calls, warnings };
}

const figures = (tree: Root) => tree.children.filter((c): c is Element => c.type === 'element' && c.tagName === 'figure');

describe('rehypeMermaidDiagrams', () => {
  it('turns a ```mermaid block into a figure with a light and a dark SVG <img>, and leaves other code alone', async () => {
    const { tree, calls, warnings } = await run(page(mermaidBlock('flowchart LR\n  accTitle: Request path\n  a --> b')));
    const [figure] = figures(tree);
    expect(figure?.properties['className']).toEqual(['lb-mermaid', 'not-content']);
    const [light, dark] = figure!.children as Element[];
    expect(light?.properties['className']).toEqual(['lb-mermaid__light']);
    expect(dark?.properties['className']).toEqual(['lb-mermaid__dark']);
    for (const [img, theme] of [
      [light, 'default'],
      [dark, 'dark'],
    ] as const) {
      expect(img?.tagName).toBe('img');
      expect(String(img?.properties['src'])).toMatch(/^data:image\/svg\+xml,/);
      expect(decodeURIComponent(String(img?.properties['src']))).toMatch(new RegExp(`data-theme=['"]${theme}['"]`));
      expect(img?.properties['alt']).toBe('Request path. The client calls the gateway.');
      // whole pixels, rounded up from the viewBox, so the <img> reserves its space and scales with height:auto
      expect([img?.properties['width'], img?.properties['height']]).toEqual(['101', '41']);
      expect(img?.properties['dataPagefindIgnore']).toBe('all');
    }
    expect(figure?.properties['dataSearchText']).toBe('Request path. The client calls the gateway.');
    expect(figure?.properties['dataPagefindIndexAttrs']).toBe('data-search-text');
    expect(figure?.properties['dataDiagram']).toBe('flowchart');
    expect(warnings).toEqual([]);
    // the TypeScript block is still a <pre> for Expressive Code
    expect((tree.children.at(-1) as Element).tagName).toBe('pre');
    // Mermaid's text is gone from the page: only the images (data URLs) carry it
    expect(JSON.stringify(tree)).not.toContain('language-mermaid');
    expect(calls.launches).toBe(1);
    expect(calls.routes).toHaveLength(1);
  });

  it('falls back to "<kind>: <labels>" as alt text and warns with file and line when the author gave no accTitle/accDescr', async () => {
    const { tree, warnings } = await run(page(mermaidBlock('sequenceDiagram\n  Client->>Gateway: GET')));
    const [light] = figures(tree)[0]!.children as Element[];
    expect(light?.properties['alt']).toBe('Sequence diagram: Client, API gateway, A & B');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('case-studies/demo.mdx:7');
    expect(warnings[0]).toContain('accTitle/accDescr');
  });

  it('renders every diagram of a page with one browser launch', async () => {
    const { tree, calls } = await run(page(mermaidBlock('flowchart TD\n a-->b'), mermaidBlock('pie\n "a": 1')));
    expect(figures(tree).map((f) => f.properties['dataDiagram'])).toEqual(['flowchart', 'pie-chart']);
    expect(calls.launches).toBe(1);
  });

  it('does not start a browser for a page without diagrams', async () => {
    const { calls } = await run(page());
    expect(calls.launches).toBe(0);
  });

  it('fails the build with the file named when Mermaid rejects a diagram', async () => {
    const rejecting = ({ diagrams }: FakeRender): PromiseSettledResult<unknown>[] =>
      diagrams.map(() => ({ status: 'rejected', reason: new Error('Parse error on line 2') }));
    await expect(run(page(mermaidBlock('flowchart LR\n  a -->')), rejecting)).rejects.toThrow(/Parse error on line 2/);
  });
});

describe('createSharedBrowserType', () => {
  afterEach(() => void vi.useRealTimers());

  it('launches once for overlapping and back-to-back renders, closes after the idle time, relaunches after', async () => {
    vi.useFakeTimers();
    const { launcher, calls } = fakeChromium(okRender);
    const shared = createSharedBrowserType(launcher, { idleMs: 1000 });
    const a = await shared.launch();
    const b = await shared.launch();
    await a.close();
    await b.close();
    await vi.advanceTimersByTimeAsync(500);
    const c = await shared.launch(); // within the idle time: same browser
    await c.close();
    expect(calls.launches).toBe(1);
    expect(calls.closes).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.closes).toBe(1);
    const d = await shared.launch();
    await d.close();
    await d.close(); // a second close of one lease is harmless
    expect(calls.launches).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.closes).toBe(2);
  });

  it('keeps two warm pages across the pages of a site: Mermaid is loaded into each page once', async () => {
    const fake = fakeChromium(okRender);
    const shared = createSharedBrowserType(fake.launcher, { idleMs: 50 });
    for (let i = 0; i < 3; i++) {
      await run(page(mermaidBlock('flowchart LR\n a-->b'), mermaidBlock('pie\n "a": 1')), okRender, fake, shared);
    }
    await Promise.all([
      run(page(mermaidBlock('flowchart LR\n a-->b')), okRender, fake, shared),
      run(page(mermaidBlock('flowchart LR\n c-->d')), okRender, fake, shared),
    ]);
    expect(fake.calls.launches).toBe(1);
    expect(fake.calls.contexts).toBe(1);
    expect(fake.calls.pages).toBe(2); // light and dark render at once
    expect(fake.calls.gotos).toBe(2);
    expect(fake.calls.scripts).toBe(2);
    expect(fake.calls.pageCloses).toBe(0);
  });

  it('replaces a page whose evaluate threw, and the render error reaches the build', async () => {
    const fake = fakeChromium(okRender);
    const shared = createSharedBrowserType(fake.launcher, { idleMs: 50 });
    fake.crashNextEvaluate();
    await expect(run(page(mermaidBlock('flowchart LR\n a-->b')), okRender, fake, shared)).rejects.toThrow(/Target crashed/);
    expect(fake.calls.pageCloses).toBe(1);
    await run(page(mermaidBlock('flowchart LR\n a-->b')), okRender, fake, shared);
    expect(fake.calls.pages).toBe(3);
    expect(fake.calls.launches).toBe(1);
  });

  it('blocks http(s) and ws requests in the shared context', async () => {
    const { launcher, calls } = fakeChromium(okRender);
    const lease = await createSharedBrowserType(launcher, { idleMs: 1 }).launch();
    const context = await lease.newContext();
    const p = await context.newPage();
    await p.close();
    const [pattern] = calls.routes;
    expect(['http://example.com/x', 'https://cdn/x.js', 'wss://h/'].every((u) => pattern!.test(u))).toBe(true);
    expect(
      ['file:///work/main/node_modules/mermaid/dist/mermaid.js', 'data:image/png;base64,'].some((u) => pattern!.test(u)),
    ).toBe(false);
    await lease.close();
  });
});

describe('createSharedBrowserType, whatever the caller does with its leases', () => {
  afterEach(() => void vi.useRealTimers());

  it('does not care how often, or in which order, leases are launched and closed, or whether they are', async () => {
    vi.useFakeTimers();
    const { launcher, calls } = fakeChromium(okRender);
    const shared = createSharedBrowserType(launcher, { idleMs: 1000 });
    const [a, b, c] = await Promise.all([shared.launch(), shared.launch(), shared.launch()]);
    await b.close(); // out of order
    await a.close();
    await a.close(); // twice
    // c is never closed; a is used after its close
    const page = await (await a.newContext()).newPage();
    await page.close();
    expect(calls.launches).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.closes).toBe(1); // the open lease does not keep Chromium up
    const again = await (await c.newContext()).newPage(); // and a lease used after that brings it back
    await again.close();
    expect(calls.launches).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.closes).toBe(2);
  });

  it('does not count a slow start as idle time', async () => {
    vi.useFakeTimers();
    const { launcher, calls } = fakeChromium(okRender, { launchMs: 3000 });
    const shared = createSharedBrowserType(launcher, { idleMs: 1000 });
    const starting = shared.launch();
    await vi.advanceTimersByTimeAsync(3000);
    const page = await (await (await starting).newContext()).newPage();
    await page.close();
    expect([calls.launches, calls.closes]).toEqual([1, 0]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.closes).toBe(1);
  });

  it('gives back the pages a context or a lease still holds when it closes, and refuses their later use', async () => {
    const { launcher, calls } = fakeChromium(okRender);
    const shared = createSharedBrowserType(launcher, { idleMs: 5, pages: 1 });
    const lease = await shared.launch();
    const context = await lease.newContext();
    const forgotten = await context.newPage(); // never closed by its user
    await context.close();
    // with one page in the pool, this would wait forever if the forgotten page were still held
    const second = await (await lease.newContext()).newPage();
    await lease.close(); // gives `second` back
    const third = await (await (await shared.launch()).newContext()).newPage();
    expect(calls.pages).toBe(1); // one warm page throughout
    expect(() => forgotten.evaluate(() => 1)).toThrow(/after the page was closed/);
    expect(second.isClosed()).toBe(true);
    await third.close();
  });
});

describe('the diagram cache', () => {
  const dirs: string[] = [];
  const cacheDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'lb-mermaid-cache-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const diagrams = (): Root =>
    page(mermaidBlock('flowchart LR\n  accTitle: Request path\n  a --> b'), mermaidBlock('pie\n "a": 1'));
  const noBrowser = () =>
    fakeChromium(() => {
      throw new Error('drawn again');
    });

  it('draws an unchanged diagram once: the next build of the page starts no browser', async () => {
    const dir = cacheDir();
    const first = await run(diagrams(), okRender, undefined, undefined, diskDiagramCache(dir));
    expect(first.calls.launches).toBe(1);
    expect(readdirSync(dir).filter((f) => f.endsWith('.json'))).toHaveLength(2);

    const fake = noBrowser();
    const again = await run(diagrams(), okRender, fake, undefined, diskDiagramCache(dir));
    expect(fake.calls.launches).toBe(0);
    expect(figures(again.tree)).toEqual(figures(first.tree));
    expect(again.warnings).toEqual(first.warnings); // the pie's missing accTitle is still reported
    expect(again.warnings).toHaveLength(1);
  });

  it('draws again a diagram whose source changed, and one whose entry is damaged', async () => {
    const dir = cacheDir();
    await run(diagrams(), okRender, undefined, undefined, diskDiagramCache(dir));
    const edited = await run(
      page(mermaidBlock('flowchart LR\n  accTitle: Request path\n  a --> c'), mermaidBlock('pie\n "a": 1')),
      okRender,
      undefined,
      undefined,
      diskDiagramCache(dir),
    );
    expect(edited.calls.evaluates).toBe(2); // the flowchart, light and dark; the pie came from the cache
    for (const f of readdirSync(dir)) writeFileSync(join(dir, f), '{"light": "half a fi');
    const redrawn = await run(diagrams(), okRender, undefined, undefined, diskDiagramCache(dir));
    expect(redrawn.calls.evaluates).toBe(4);
    expect(figures(redrawn.tree)).toHaveLength(2);
  });

  it('keys a diagram by its source, its settings and the versions of what draws it', () => {
    const versions = rendererVersions();
    expect(versions.map((v) => v.replace(/@[^@]*$/, ''))).toEqual([
      'rehype-mermaid',
      'mermaid-isomorphic',
      'mermaid',
      'playwright-core',
    ]);
    const settings = { dark: { theme: 'dark' } };
    const key = diagramKey('pie\n "a": 1', settings, versions);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(diagramKey('pie\n "a": 1', { dark: { theme: 'dark' } }, [...versions])).toBe(key);
    expect(diagramKey('pie\n "a": 2', settings, versions)).not.toBe(key);
    expect(diagramKey('pie\n "a": 1', { dark: { theme: 'forest' } }, versions)).not.toBe(key);
    expect(diagramKey('pie\n "a": 1', settings, [...versions.slice(0, 2), 'mermaid@99.0.0', versions[3]!])).not.toBe(key);
  });

  it('draws each diagram on its own, so its images do not depend on where it is on the page', async () => {
    const withIds = ({ diagrams: sources, mermaidConfig, prefix }: FakeRender): PromiseSettledResult<unknown>[] =>
      sources.map((_, i) => ({
        status: 'fulfilled',
        value: { id: `${prefix}-${i}`, width: 10, height: 10, svg: svg(`${mermaidConfig.theme} ${prefix}-${i}`, ['x']) },
      }));
    const both = await run(page(mermaidBlock('flowchart LR\n a-->b'), mermaidBlock('pie\n "a": 1')), withIds);
    const alone = await run(page(mermaidBlock('pie\n "a": 1')), withIds);
    expect(figures(both.tree)[1]).toEqual(figures(alone.tree)[0]);
  });
});

describe('legibility', () => {
  it('warns when a diagram is so wide that, fitted to the column, its text falls below 11 px', () => {
    expect(legibility('730')).toBeUndefined(); // a 730 px sequence diagram: ~15.8 px text
    expect(legibility('1047')).toBeUndefined();
    expect(legibility('1293')).toMatch(/1293 px wide.*~8\.9 px.*flowchart TD/);
    expect(legibility(undefined)).toBeUndefined();
  });

  it('draws a too-wide diagram at 11 px text (11/16 of its size), wider than the column, so it scrolls', () => {
    // 1293 × 11/16 = 888.9 → 889 px (> 720 px column); 400 × 11/16 = 275
    expect(legibleSize({ src: 'x', width: '1293', height: '400' })).toEqual({ src: 'x', width: '889', height: '275' });
    expect(legibleSize({ src: 'x', width: undefined, height: '400' })).toEqual({ src: 'x', width: undefined, height: '400' });
  });
});

describe('chromiumLaunchOptions', () => {
  it("uses the project's Chromium with the flags it needs as root without a network", () => {
    const options = chromiumLaunchOptions({ CHROMIUM_PATH: '/opt/chromium/chrome' });
    expect(options.executablePath).toBe('/opt/chromium/chrome');
    expect(options.args).toEqual([...chromiumArgs]);
    for (const flag of [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ]) {
      expect(options.args).toContain(flag);
    }
    expect(chromiumLaunchOptions({}).executablePath).toBe('/usr/bin/chromium');
  });
});

describe('alt text', () => {
  it('names the kind of diagram from its first statement, past frontmatter and comments', () => {
    expect(diagramKind('flowchart LR\n a-->b')).toBe('Flowchart');
    expect(diagramKind('graph TD\n a-->b')).toBe('Flowchart');
    expect(diagramKind('---\ntitle: Hello\n---\n%% comment\n\nsequenceDiagram\n a->>b: hi')).toBe('Sequence diagram');
    expect(diagramKind('%%{init: {"theme": "forest"}}%%\nstateDiagram-v2\n [*] --> A')).toBe('State diagram');
    expect(diagramKind('somethingNew\n x')).toBe('Diagram');
  });

  it('reads the drawn labels of an SVG, not its title, description or style', () => {
    const labels = svgLabels(svg('dark', ['Client', 'Rate limiter', 'Client', 'INCR &amp; GET'], { title: 'T', desc: 'D' }));
    expect(labels).toEqual(['Client', 'Rate limiter', 'INCR & GET']);
    expect(svgLabels('<svg><text><tspan>two</tspan><tspan>words</tspan></text></svg>')).toEqual(['two words']);
  });

  it('prefers accTitle and accDescr, joined as sentences', () => {
    const base = { source: 'flowchart LR', svg: svg('default', ['x']) };
    expect(diagramAlt({ ...base, title: 'Request path', description: 'A calls B.' })).toEqual({
      alt: 'Request path. A calls B.',
      generated: false,
    });
    expect(diagramAlt({ ...base, title: 'Request path:', description: 'A calls B.' }).alt).toBe('Request path: A calls B.');
    expect(diagramAlt({ ...base, description: '  A   calls\nB. ' }).alt).toBe('A calls B.');
    expect(diagramAlt({ ...base, title: 'Only a title' }).alt).toBe('Only a title');
  });

  it("names a generated alt after the diagram's frontmatter title", () => {
    const source = '---\ntitle: "Token bucket"\n---\nflowchart LR\n a[Request] --> b{Tokens?}';
    expect(diagramAlt({ source, svg: svg('default', ['Request', 'Tokens?', 'Token bucket']) })).toEqual({
      alt: 'Flowchart “Token bucket”: Request, Tokens?',
      generated: true,
    });
  });

  it('keeps a generated alt short', () => {
    const many = Array.from({ length: 60 }, (_, i) => `Service number ${i}`);
    const { alt, generated } = diagramAlt({ source: 'flowchart LR', svg: svg('default', many) });
    expect(generated).toBe(true);
    expect(alt.startsWith('Flowchart: Service number 0, Service number 1')).toBe(true);
    expect(alt.endsWith(', …')).toBe(true);
    expect(alt.length).toBeLessThan(270);
    expect(diagramAlt({ source: 'pie', svg: '<svg></svg>' }).alt).toBe('Pie chart (no description given)');
  });
});
