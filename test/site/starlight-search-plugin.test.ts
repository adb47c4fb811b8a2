// The rewrite of Starlight's search script (src/lib/starlight-search-plugin.ts): Pagefind's UI is built on
// intent, not at idle. Run against the Search.astro of the installed Starlight, so an upgrade that changes
// either statement fails here (and the build fails) rather than silently building the UI at idle again.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { patchSearchScript } from '../../src/lib/starlight-search-plugin.ts';

const starlight = join(process.cwd(), 'node_modules/@astrojs/starlight');
const astro = readFileSync(join(starlight, 'dist/components/Search.astro'), 'utf8');
/** The module script of Search.astro (the second <script>; the first is is:inline). */
const script = /<script>\n([\s\S]*?)<\/script>/.exec(astro)?.[1] ?? '';

describe('patchSearchScript', () => {
  it("rewrites Starlight's idle build and focus into the on-intent helpers, and nothing else", () => {
    expect(script).toContain('requestIdleCallback');
    const out = patchSearchScript(script, '/x/search-on-intent.ts');
    expect(out).not.toContain('requestIdleCallback');
    expect(out).toContain('const onIdle = (cb) => __lbBuildOnIntent(this, cb);');
    expect(out).toContain('__lbFocusSearch(this);');
    expect(
      out.startsWith(
        'import { buildOnIntent as __lbBuildOnIntent, focusSearchWhenBuilt as __lbFocusSearch } from "/x/search-on-intent.ts";\n',
      ),
    ).toBe(true);
    // Everything else is Starlight's: the diff is the import line and the two statements.
    const removed = script.split('\n').filter((l) => !out.includes(l));
    expect(removed.map((l) => l.trim())).toEqual([
      "this.querySelector('input')?.focus();",
      'const onIdle = window.requestIdleCallback || ((cb) => setTimeout(cb, 1));',
    ]);
  });

  it('accepts the double quotes Astro’s compiler hands over', () => {
    expect(patchSearchScript(script.replaceAll("'input'", '"input"'), 'h')).toContain('__lbFocusSearch(this);');
  });

  it('fails, naming what it missed, when Starlight changes either statement', () => {
    expect(() => patchSearchScript(script.replace('requestIdleCallback', 'scheduler.postTask'), 'h')).toThrow(
      /idle build of Pagefind UI/,
    );
    expect(() => patchSearchScript(script.replace('?.focus();', '.focus();'), 'h')).toThrow(/focus on opening/);
  });
});
