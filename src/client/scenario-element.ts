/**
 * <lb-scenario>: the eager part of a panel, kept tiny. It waits for the reader's first edit (or a
 * scenario in the URL) before it loads the runtime: the models, zod and, for charts, Plot.
 */
type Runtime = typeof import('./scenario-runtime.ts');

let runtime: Promise<Runtime> | undefined;

/** Loads the runtime once; a failed load (offline, say) is reported beside the panel and retried on the next edit. */
function loadRuntime(el: HTMLElement): Promise<Runtime | undefined> {
  runtime ??= import('./scenario-runtime.ts');
  return runtime.catch(() => {
    runtime = undefined;
    const status = el.querySelector('.lb-status');
    if (status) status.textContent = 'Could not load the calculator; check your connection and edit a value to try again.';
    return undefined;
  });
}

class LbScenario extends HTMLElement {
  #timer: number | undefined;

  connectedCallback(): void {
    const form = this.querySelector('form');
    if (!form) return;
    const fieldOf = (e: Event) => (e.target as HTMLInputElement | null)?.name;
    form.addEventListener('input', (e) => this.#schedule(fieldOf(e)));
    form.addEventListener('change', (e) => this.#schedule(fieldOf(e)));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#schedule(undefined, 0);
    });
    form.addEventListener('reset', () => {
      // An edit still waiting for its debounce (a 'change' fired by the blur as the reader clicks reset) must
      // not run after the reset: it would record the page's own values as that edit's step and overwrite it.
      window.clearTimeout(this.#timer);
      // the form resets its fields after this event; recompute from the restored values
      setTimeout(() => void loadRuntime(this).then((r) => r?.reset(this)), 0);
    });
    if (this.#inUrl()) void loadRuntime(this).then((r) => r?.fromUrl(this));
    // Back and forward step through the reader's edits: the panel follows the URL it returns to.
    window.addEventListener('popstate', () => {
      if (this.#inUrl() || this.#touched) void loadRuntime(this).then((r) => r?.fromUrl(this));
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

  #schedule(field: string | undefined, delay = 120): void {
    this.#touched = true;
    window.clearTimeout(this.#timer);
    this.#timer = window.setTimeout(() => void loadRuntime(this).then((r) => r?.update(this, field)), delay);
  }
}

if (!customElements.get('lb-scenario')) customElements.define('lb-scenario', LbScenario);
