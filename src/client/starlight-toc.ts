/**
 * Starlight's table of contents element (`<starlight-toc>`, and the base class of `<mobile-starlight-toc>`),
 * as in @astrojs/starlight 0.42's components-internals/TableOfContents/starlight-toc.ts, with one change:
 * the elements it watches are found by walking the page's top-level blocks instead of one selector.
 *
 * Starlight's selector includes `main :where(<headings>, .sl-heading-wrapper) ~ *:not(:has(<headings>))`,
 * which the browser matches right to left: every element of the page walks back over its preceding
 * siblings. A chart's inline SVG holds marks by the thousand in one group, so the walk is quadratic: on
 * the rate-limiting page the query took 20–60 ms (quiet machine, best of seven; up to 250 ms under load),
 * once per table of contents (two on every page), in idle callbacks that Lighthouse's mobile run
 * multiplies into most of the page's Total Blocking Time. The walk below finds the same elements (the
 * headings; the later siblings of a heading or heading wrapper, the children of the content and of main,
 * each unless it holds a heading) in document order, in time proportional to the page: each run of siblings
 * is walked once (the first heading of a parent starts it), each element tested once (whether it holds a
 * heading is known from the headings' ancestors, not by searching its subtree), and the list is kept
 * for the second table of contents. Walking from every heading to the end of its parent, as this file did
 * first, was quadratic again (headings × blocks, each block's subtree searched): 40 ms per table of
 * contents at 4× CPU on the payments page (2026-12-07), two idle tasks Lighthouse's mobile run counted.
 *
 * astro.config.mjs points Starlight's import of its own module here (the plugin `loadbearing-starlight-toc`).
 */

/** Starlight's PAGE_TITLE_ID (@astrojs/starlight/constants): the page title's id, the first entry of the contents. */
const PAGE_TITLE_ID = '_top';

/** The watched elements per heading selector: both tables of contents (the sidebar's and the phone's) watch the same ones. */
const watchedBySelector = new Map<string, HTMLElement[]>();

export class StarlightTOC extends HTMLElement {
  _current = this.querySelector<HTMLAnchorElement>('a[aria-current="true"]');
  minH = parseInt(this.dataset['minH'] || '2', 10);
  maxH = parseInt(this.dataset['maxH'] || '3', 10);

  /** CSS selector string that matches only headings that can appear in the table of contents (`h1#_top,:where(h2,h3)[id]`). */
  protected tocHeadingSelector = `h1#${PAGE_TITLE_ID},:where(${[...Array.from({ length: 1 + this.maxH - this.minH })].map((_, i) => `h${this.minH + i}`).join()})[id]`;

  protected set current(link: HTMLAnchorElement) {
    if (link === this._current) return;
    if (this._current) this._current.removeAttribute('aria-current');
    link.setAttribute('aria-current', 'true');
    this._current = link;
  }

  private onIdle = (cb: IdleRequestCallback) => (window.requestIdleCallback || ((cb) => setTimeout(cb, 1)))(cb);

  constructor() {
    super();
    this.onIdle(() => this.init());
  }

  /** What Starlight's selector list matches, found without its quadratic sibling combinator (once per page). */
  private watched(): HTMLElement[] {
    const sel = this.tocHeadingSelector;
    const known = watchedBySelector.get(sel);
    if (known) return known;
    // The runs of siblings the selectors reach: `main :where(<headings>, .sl-heading-wrapper) ~ *` is every
    // later sibling of the first heading or wrapper in its parent; `main .sl-markdown-content > *` and
    // `main > *` every child. Each element is then tested once for `:not(:has(<headings>))`.
    const runs = new Map<Element, Element | null>();
    for (const start of document.querySelectorAll(`main :where(${sel}, .sl-heading-wrapper)`)) {
      const parent = start.parentElement;
      if (parent && !runs.has(parent)) runs.set(parent, start.nextElementSibling);
    }
    for (const parent of document.querySelectorAll('main .sl-markdown-content, main')) runs.set(parent, parent.firstElementChild);
    const candidates = new Set<Element>();
    for (let el of runs.values()) for (; el; el = el.nextElementSibling) candidates.add(el);
    // `:not(:has(<headings>))` from the headings up, not by searching each candidate's subtree (a chart's
    // thousands of marks each time): every ancestor of a heading holds one.
    const holders = new Set<Element>();
    for (const h of document.querySelectorAll(sel))
      for (let p = h.parentElement; p && !holders.has(p); p = p.parentElement) holders.add(p);
    const found = new Set<Element>(document.querySelectorAll(`main :where(${sel})`));
    for (const el of candidates) if (!el.matches(sel) && !holders.has(el)) found.add(el);
    const list = [...found]
      .filter((el): el is HTMLElement => el instanceof HTMLElement && el.closest('main') !== null)
      .sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    watchedBySelector.set(sel, list);
    return list;
  }

  private init = (): void => {
    /** All the links in the table of contents. */
    const links = [...this.querySelectorAll('a')];

    /** Test if an element is a table-of-contents heading. */
    const isHeading = (el: Element): el is HTMLHeadingElement => el.matches(this.tocHeadingSelector);

    /** Walk up the DOM to find the nearest heading. */
    const getElementHeading = (el: Element | null): HTMLHeadingElement | null => {
      while (el) {
        if (el.matches('.sl-markdown-content, main > *'))
          return document.getElementById(PAGE_TITLE_ID) as HTMLHeadingElement | null;
        if (isHeading(el)) return el;
        const childHeading = el.querySelector<HTMLHeadingElement>(this.tocHeadingSelector);
        if (childHeading) return childHeading;
        let prev = el.previousElementSibling;
        while (prev?.lastElementChild) prev = prev.lastElementChild;
        el = prev ?? el.parentElement;
      }
      return null;
    };

    /** Handle intersections and set the current link to the heading for the current intersection. */
    const setCurrent: IntersectionObserverCallback = (entries) => {
      for (const { isIntersecting, target } of entries) {
        if (!isIntersecting) continue;
        const heading = getElementHeading(target);
        if (!heading) continue;
        const link = links.find((link) => link.hash === '#' + encodeURIComponent(heading.id));
        if (link) {
          this.current = link;
          break;
        }
      }
    };

    const toObserve = this.watched();

    let observer: IntersectionObserver | undefined;
    const observe = () => {
      if (observer) return;
      observer = new IntersectionObserver(setCurrent, { rootMargin: this.getRootMargin() });
      toObserve.forEach((h) => observer!.observe(h));
    };
    observe();

    let timeout: ReturnType<typeof setTimeout>;
    window.addEventListener('resize', () => {
      if (observer) {
        observer.disconnect();
        observer = undefined;
      }
      clearTimeout(timeout);
      timeout = setTimeout(() => this.onIdle(observe), 200);
    });
  };

  private getRootMargin(): `-${number}px 0% ${number}px` {
    /** Start intersections at nav height + 2rem padding. */
    const top =
      (document.querySelector('header')?.getBoundingClientRect().height || 0) +
      (this.querySelector('summary')?.getBoundingClientRect().height || 0) +
      32;
    const bottom = top + 53;
    const height = document.documentElement.clientHeight;
    return `-${top}px 0% ${bottom - height}px`;
  }
}

customElements.define('starlight-toc', StarlightTOC);
