/**
 * A link to a page of this site, under Astro's `base` (`/` for the loadbearing.dev domain, `/<repo>/` on a
 * GitHub Pages project site): `sitePath('/models/mm1/')`. Every internal href written in a component goes
 * through here, so a deploy under a sub-path keeps its links.
 */
export function sitePath(path: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/+$/, '');
  return `${base}${path.startsWith('/') ? path : `/${path}`}`;
}
