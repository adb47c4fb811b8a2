/**
 * A Vite plugin for astro.config.mjs: Starlight's search element (@astrojs/starlight 0.42
 * components/Search.astro, its `<script>`) builds Pagefind's UI on the reader's first intent rather than
 * when the page is first idle (src/client/search-on-intent.ts says why and how). Two statements of the
 * script change, nothing else:
 *   - `const onIdle = window.requestIdleCallback || (…)` becomes a call of buildOnIntent(this, cb);
 *   - `this.querySelector('input')?.focus();` (on opening the dialog) becomes focusSearchWhenBuilt(this).
 * (Astro's compiler hands the script over with its quotes normalised to double ones: either is matched.)
 * If a Starlight upgrade changes either statement the build fails here, naming what it did not find,
 * instead of silently building the UI at idle again.
 */
import { fileURLToPath } from 'node:url';

const IDLE = /const onIdle = window\.requestIdleCallback \|\| \(\(cb\) => setTimeout\(cb, 1\)\);/;
const FOCUS = /this\.querySelector\((['"])input\1\)\?\.focus\(\);/;
/** The module id of Search.astro's (first) script, as Astro's Vite plugin names it. */
const SCRIPT_ID = /@astrojs\/starlight\/(dist\/)?components\/Search\.astro\?astro&type=script&index=0/;

export function patchSearchScript(code: string, helper: string): string {
  for (const [what, re] of [
    ['the idle build of Pagefind UI', IDLE],
    ["the search box's focus on opening", FOCUS],
  ] as const)
    if (!re.test(code))
      throw new Error(
        `loadbearing-starlight-search: Starlight's Search.astro script no longer has ${what} (${re.source}); update src/lib/starlight-search-plugin.ts`,
      );
  return (
    `import { buildOnIntent as __lbBuildOnIntent, focusSearchWhenBuilt as __lbFocusSearch } from ${JSON.stringify(helper)};\n` +
    code.replace(IDLE, 'const onIdle = (cb) => __lbBuildOnIntent(this, cb);').replace(FOCUS, '__lbFocusSearch(this);')
  );
}

export function starlightSearchOnIntent() {
  const helper = fileURLToPath(new URL('../client/search-on-intent.ts', import.meta.url));
  return {
    name: 'loadbearing-starlight-search',
    enforce: 'pre' as const,
    transform(code: string, id: string) {
      if (!SCRIPT_ID.test(id)) return null;
      return { code: patchSearchScript(code, helper), map: null };
    },
  };
}
