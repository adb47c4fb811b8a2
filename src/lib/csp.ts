/**
 * The site's Content-Security-Policy, given to Astro's built-in CSP (`security.csp` in astro.config.mjs),
 * which writes it into every page as `<meta http-equiv="content-security-policy">` together with the
 * hashes of the scripts and styles Astro itself bundles or inlines.
 *
 * What Astro cannot hash, because it never processes it, is listed here by hash:
 *   - Starlight's `<script is:inline>` snippets (theme provider, search shortcut, sidebar scroll
 *     restore, theme pickers);
 *   - the `<style>` element Observable Plot writes into every chart's SVG (at build time, and again
 *     when the browser redraws a chart).
 * When Starlight or Plot change one of these, the page's inline code no longer matches: the site check
 * (test/browser/site-check.ts, run by npm test) names the page, the element and the hash to add here,
 * and the browser tests report the CSP violation.
 *
 * Policy, and why:
 *   - scripts: 'self' (bundled files) and hashes only; no 'unsafe-inline', no 'unsafe-eval'.
 *     'wasm-unsafe-eval' lets Pagefind (search) compile its WebAssembly; it does not allow eval().
 *   - styles: <style> and <link rel=stylesheet> by 'self' and hashes (style-src-elem). Inline `style`
 *     attributes are allowed ('unsafe-inline' on style-src-attr only): Starlight writes them into its
 *     markup (`style="--sl-icon-size: 1em"`, the table of contents' `--depth`, the language select's
 *     width) and Plot into every static chart SVG; they are CSS declarations on one element, which
 *     cannot run script or load anything the other directives do not allow.
 *   - everything else from the site's own origin; images also as data: URLs (the Mermaid diagrams are
 *     inline SVG images); no plugins; <base> and form targets pinned to the site.
 *   - frame-ancestors is not set: browsers ignore it in a <meta> policy (a host can send it as a header).
 */
import type { AstroUserConfig } from 'astro';

type CspConfig = Exclude<NonNullable<NonNullable<AstroUserConfig['security']>['csp']>, boolean>;

/** Starlight 0.42.4's inline scripts (after Astro's meta tag, so they need a hash to run). */
export const STARLIGHT_SCRIPT_HASHES = [
  // ThemeProvider.astro: window.StarlightThemeProvider = (() => { … })()
  'sha256-VWo5Wp4aqSj6nSgMpeAp9cKieaoIfwFUAunAVugI5gA=',
  // Search.astro: the Ctrl/Cmd+K shortcut label
  'sha256-f/zAUE74ucc3JYp4r4QQvkJofoQdkOIhHYK+jeZ6eko=',
  // ThemeSelect.astro: StarlightThemeProvider.updatePickers();
  'sha256-GkZBRnvSuhtx/cvzvukVkX2JJZW+DdPlVr7BX8Tefqo=',
  // SidebarPersister.astro: restore the sidebar's scroll position (wide screens)
  'sha256-wX2yOADeV+NMngflD5uYi3vl50SHC4sfM1EmylVjlX4=',
  // SidebarPersister.astro: restore the sidebar's scroll position
  'sha256-7eCV4jtsr4t4knb3c4FCRPeu7GGZeOUGE3XvWix0XOQ=',
] as const;

/** Observable Plot 0.6.17's <style> elements: the plot's own, and its swatches legend's. */
export const PLOT_STYLE_HASHES = [
  'sha256-jSYQUrW7J0b3jPqhZP9C2Xh1PyJKHKXd4s0fpGGKrww=',
  'sha256-rCZUQsEQJf1DmnfnMZmlj08XC7qbIZySA6bEtitbQ00=',
] as const;

export const csp: CspConfig = {
  algorithm: 'SHA-256',
  directives: [
    "default-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ],
  scriptDirective: {
    resources: ["'self'", "'wasm-unsafe-eval'"],
    hashes: [...STARLIGHT_SCRIPT_HASHES],
  },
  styleDirective: {
    resources: [
      { resource: "'self'", kind: 'element' },
      { resource: "'unsafe-inline'", kind: 'attribute' },
    ],
    hashes: PLOT_STYLE_HASHES.map((hash) => ({ hash, kind: 'element' as const })),
  },
};
