/**
 * <lb-scenario>: the eager part of a panel, kept tiny. It loads the runtime (the models, zod and, for
 * charts, Plot) when the reader shows intent (a pointer over the panel, focus in it), when the panel
 * comes near the screen and the browser is idle, on the first edit, or for a scenario in the URL.
 *
 * Once the runtime is there, every `input` event recomputes at once: the first edit of a frame runs in
 * the event's own task, later ones in that frame are folded into one recompute in the next animation
 * frame. A value the model rejects while the reader types (`1e`, `-`, empty) keeps the last good result
 * and shows its message only when the field is committed (change, Enter) or the reader pauses
 * (ERROR_PAUSE_MS). The runtime keeps each burst of edits to one field one step of the browser's history.
 *
 * When an edit's numbers, claims and charts are in the DOM the panel dispatches `lb-updated` (bubbling;
 * detail: `since`, the timeStamp of the oldest input event it folds in, and `inFrame`, whether it ran in
 * an animation frame's callbacks): scripts/bench/edits.ts times edits with it.
 */
import { buildOnOpen } from './later.ts';
import { restoreAfterReload } from './url-rescue.ts';

type Runtime = typeof import('./scenario-runtime.ts');

// A reload right after an edit gets the edit's link back before any panel reads it (url-rescue.ts).
restoreAfterReload();

/** How long a rejected value may sit in a field, untouched, before its message is shown. */
const ERROR_PAUSE_MS = 700;

let runtime: Promise<Runtime> | undefined;
let loadedRuntime: Runtime | undefined;

/** Loads the runtime once; a failed load (offline, say) is reported beside the panel and retried on the next edit. */
function loadRuntime(el?: HTMLElement): Promise<Runtime | undefined> {
  runtime ??= import('./scenario-runtime.ts').then((r) => (loadedRuntime = r));
  return runtime.catch(() => {
    runtime = undefined;
    const status = el?.querySelector('.lb-status');
    if (status) status.textContent = 'Could not load the calculator; check your connection and edit a value to try again.';
    return undefined;
  });
}

/** Fetch what an edit of this panel needs (runtime, model area, chart modules) without computing anything. */
function prefetch(el: HTMLElement): void {
  void loadRuntime().then((r) => r?.prefetch(el));
}

/**
 * When a panel comes near the screen (the reader scrolled to it), prefetch for it once the browser is
 * idle. Not at load: evaluating the runtime, Plot and a model area is 100–300 ms of main thread on a
 * phone, which would block a reader who has not reached a panel (and Lighthouse counts it).
 */
let near: IntersectionObserver | undefined;
function prefetchWhenNear(el: HTMLElement): void {
  if (typeof IntersectionObserver !== 'function') return;
  near ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const panel = entry.target as HTMLElement;
        near?.unobserve(panel);
        if (typeof requestIdleCallback === 'function') requestIdleCallback(() => prefetch(panel), { timeout: 2000 });
        else setTimeout(() => prefetch(panel), 200);
      }
    },
    { rootMargin: '100px 0px' },
  );
  near.observe(el);
}

/** Whether the link or this browser asks for other units of results than the page's (applied once per page). */
let unitsAsked = false;
function otherUnits(): boolean {
  if (new URLSearchParams(location.search).has('units')) return true;
  try {
    return !!localStorage.getItem('lb-units');
  } catch {
    return false;
  }
}

class LbScenario extends HTMLElement {
  /** The field of the edit waiting to be recomputed (null: none waiting; undefined: not one field). */
  #field: string | undefined | null = null;
  /** timeStamp of the oldest input event waiting. */
  #since: number | undefined;
  /** Whether the edit waiting is committed (change, Enter): its problems are shown at once. */
  #commit = false;
  /** A recompute ran since the last animation frame: further edits wait for the next one. */
  #frameBusy = false;
  #running = false;
  /** Numbers the recomputes: a commit's, which may wait for the worker, never releases a later one's `#running`. */
  #runs = 0;
  #errorTimer: number | undefined;

  connectedCallback(): void {
    const form = this.querySelector('form');
    if (!form) return;
    const fieldOf = (e: Event) => (e.target as HTMLInputElement | null)?.name;
    form.addEventListener('input', (e) => this.#edit(fieldOf(e), false, e.timeStamp));
    form.addEventListener('change', (e) => this.#edit(fieldOf(e), true));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#edit(undefined, true);
    });
    form.addEventListener('reset', () => {
      // An edit still waiting (a 'change' fired by the blur as the reader clicks reset) must not run after
      // the reset: it would record the page's own values as that edit's step and overwrite it.
      this.#field = null;
      this.#since = undefined;
      window.clearTimeout(this.#errorTimer);
      // the form resets its fields after this event; recompute from the restored values
      setTimeout(() => void loadRuntime(this).then((r) => r?.reset(this)), 0);
    });
    // Take it away (copy the link, copy as Markdown, print): src/client/takeaway.ts, loaded with the runtime.
    form.addEventListener('click', (e) => {
      const action = (e.target as Element | null)?.closest<HTMLElement>('[data-lb-take]')?.dataset['lbTake'];
      if (action) void loadRuntime(this).then((r) => r?.takeaway(this, action));
    });
    const intent = () => prefetch(this);
    this.addEventListener('pointerenter', intent, { once: true });
    this.addEventListener('focusin', intent, { once: true });
    prefetchWhenNear(this);
    if (this.#inUrl()) void loadRuntime(this).then((r) => r?.fromUrl(this));
    // "range…" boxes and the results' unit menus are built when first opened (later.ts); the menus then
    // show the reader's choice, which the runtime holds.
    buildOnOpen(this, 'details.lb-range');
    buildOnOpen(this, 'details.lb-out-units', () => void loadRuntime(this).then((r) => r?.showUnitChoice()));
    // The results' units (a page-wide choice, outside the form: not a value of the scenario).
    this.querySelector('.lb-out-units')?.addEventListener('change', (e) => {
      void loadRuntime(this).then((r) => r?.outputUnitChosen(e.target));
    });
    if (!unitsAsked && otherUnits()) {
      unitsAsked = true;
      const apply = () => void loadRuntime(this).then((r) => r?.applyOutputUnits());
      if (typeof requestIdleCallback === 'function') requestIdleCallback(apply, { timeout: 2000 });
      else setTimeout(apply, 200);
    }
    // Back and forward step through the reader's edits: the panel follows the URL it returns to.
    window.addEventListener('popstate', () => {
      if (this.#inUrl() || this.#touched) {
        this.#field = null;
        window.clearTimeout(this.#errorTimer);
        void loadRuntime(this).then((r) => r?.fromUrl(this));
      }
    });
  }

  /** Whether the reader has edited this panel (or a link filled it) since the page loaded. */
  #touched = false;

  #inUrl(): boolean {
    const name = this.dataset['lbScenario'];
    const inUrl = !!name && [...new URLSearchParams(location.search).keys()].some((k) => k.startsWith(`${name}.`));
    this.#touched ||= inUrl;
    return inUrl;
  }

  #edit(field: string | undefined, commit: boolean, at?: number): void {
    this.#touched = true;
    window.clearTimeout(this.#errorTimer);
    // Edits folded into one recompute are the last edited field's step (two fields in one frame are rare).
    this.#field = field;
    this.#since ??= at;
    this.#commit ||= commit;
    if (!loadedRuntime) {
      void loadRuntime(this).then(() => this.#run(false));
      return;
    }
    if (this.#frameBusy || this.#running) return; // folded into the next frame's recompute
    this.#run(false);
  }

  /** Recompute what is waiting now, then keep the frame: later edits wait for the next one. */
  #run(inFrame: boolean): void {
    const r = loadedRuntime;
    if (!r || this.#field === null || this.#running) return;
    const field = this.#field;
    const since = this.#since;
    const commit = this.#commit;
    this.#field = null;
    this.#since = undefined;
    this.#commit = false;
    const run = ++this.#runs;
    // A committed edit's heavy model answers from the worker (tens of ms later): the main thread is free
    // meanwhile, so the reader's next edit need not wait for it (the runtime shows the newest answer only).
    this.#running = !commit;
    this.#frameBusy = true;
    requestAnimationFrame(() => {
      this.#frameBusy = false;
      if (!this.#running) this.#run(true);
    });
    const t0 = performance.now();
    void r.update(this, field, true, !commit).then(
      (ok) => {
        if (run === this.#runs) this.#running = false;
        performance.measure('lb:update', { start: t0, end: performance.now() });
        this.dispatchEvent(new CustomEvent('lb-updated', { bubbles: true, detail: { since, inFrame } }));
        // A rejected value's message waits for a pause (or the commit) unless a newer edit came.
        if (!ok && this.#field === null) {
          this.#errorTimer = window.setTimeout(() => {
            this.#field = field;
            this.#commit = true;
            this.#run(false);
          }, ERROR_PAUSE_MS);
        }
        if (!this.#frameBusy) this.#run(inFrame);
      },
      () => {
        if (run === this.#runs) this.#running = false;
      },
    );
  }
}

if (!customElements.get('lb-scenario')) customElements.define('lb-scenario', LbScenario);
