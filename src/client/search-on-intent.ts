/**
 * Starlight's search dialog builds Pagefind's UI (a 27 KB gzip Svelte bundle and its DOM) when the page is
 * first idle, on every page: at Lighthouse's mobile CPU slowdown a task of 130–180 ms, most of a case
 * study's Total Blocking Time after the table of contents (2026-12-07). Here it is built on the reader's
 * first sign of wanting search instead: a pointer over or down on the search button, the button focused,
 * or the dialog opened (click, Ctrl/⌘+K), which then focuses the search box as soon as it exists.
 *
 * src/lib/starlight-search-plugin.ts rewrites Starlight's own script to call these two functions (its
 * header says what it changes); nothing else of Starlight's element differs.
 */

const builders = new WeakMap<HTMLElement, () => Promise<void>>();

/** Instead of `requestIdleCallback(build)`: run `build` once, on the first intent. */
export function buildOnIntent(host: HTMLElement, build: () => unknown): void {
  let started: Promise<void> | undefined;
  const go = (): Promise<void> =>
    (started ??= Promise.resolve()
      .then(build)
      .then(() => undefined));
  builders.set(host, go);
  const button = host.querySelector('button[data-open-modal]');
  const intent = (): void => void go();
  for (const type of ['pointerenter', 'pointerdown', 'focus', 'touchstart'])
    button?.addEventListener(type, intent, { once: true, passive: true });
}

/** Instead of focusing the search box when the dialog opens: build the UI if it is not there yet, then focus it. */
export function focusSearchWhenBuilt(host: HTMLElement): void {
  const now = host.querySelector('input');
  if (now) {
    now.focus();
    return;
  }
  void builders
    .get(host)?.()
    .then(() => {
      if (host.querySelector('dialog')?.open) host.querySelector('input')?.focus();
    });
}
