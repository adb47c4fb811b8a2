/**
 * A reload right after an edit reproduces it. The runtime (scenario-runtime.ts) writes an edit's URL at idle,
 * a little after the edit; a reload in between has already taken the address it reloads when the page hears
 * of it (writing the URL in `pagehide` or `beforeunload` does not change what Chromium reloads). So the
 * runtime keeps that URL in session storage as the page goes away, and the reloaded page, before any panel
 * reads its link, puts it back in the address bar. Only for a reload of the same page; used once.
 */
const KEY = 'lb-url-pending';

/** The runtime, as the page goes away with a URL it had not written in time. */
export function keepForReload(href: string): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ path: location.pathname, href }));
  } catch {
    // no storage (a private mode that refuses it): the URL written in pagehide is all there is
  }
}

/** The eager panel element, before any panel reads the URL. */
export function restoreAfterReload(): void {
  let kept: string | null;
  try {
    kept = sessionStorage.getItem(KEY);
    if (kept !== null) sessionStorage.removeItem(KEY);
  } catch {
    return;
  }
  if (kept === null) return;
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (nav?.type !== 'reload') return;
  try {
    const { path, href } = JSON.parse(kept) as { path?: unknown; href?: unknown };
    if (typeof href !== 'string' || path !== location.pathname) return;
    const url = new URL(href, location.href);
    if (url.origin === location.origin && url.pathname === location.pathname && url.href !== location.href)
      history.replaceState(history.state, '', url);
  } catch {
    // not ours, or not readable: the page's own URL stands
  }
}
