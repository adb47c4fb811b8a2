/**
 * <lb-drills>: the eager part of the estimation drills, kept tiny. The page already shows a drill (drawn at build
 * with seed 1); the interface (./drills-ui.ts: drawing, grading, progress) loads when the drills come near the
 * viewport, when the reader acts on them, or at once when a link names a drill or the reader has answered before
 * (progress to show). Events that arrive before it has loaded are handed to it once it has: nothing the reader
 * does is lost, and the form never submits to the server.
 */
type Ui = import('./drills-ui.ts').DrillsUi;

const PROGRESS_KEY = 'loadbearing:drills:v1'; // the same key as src/lib/drill-progress.ts (kept out of this chunk)

class LbDrills extends HTMLElement {
  #ui: Promise<Ui | undefined> | undefined;

  #load(): Promise<Ui | undefined> {
    this.#ui ??= import('./drills-ui.ts').then(
      ({ DrillsUi }) => new DrillsUi(this),
      () => {
        this.#ui = undefined; // offline: retried on the next action
        const error = this.querySelector<HTMLElement>('.lb-drill-error');
        if (error) {
          error.textContent = 'Could not load the drills; check your connection and try again.';
          error.hidden = false;
        }
        return undefined;
      },
    );
    return this.#ui;
  }

  #then(action: (ui: Ui) => unknown): void {
    void this.#load().then((ui) => ui && action(ui));
  }

  connectedCallback(): void {
    this.querySelector('form')?.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#then((ui) => ui.check());
    });
    this.addEventListener('click', (e) => {
      const target = (e.target as Element | null)?.closest('button');
      if (!target || target.type === 'submit') return;
      if (target.classList.contains('lb-drill-next') || target.classList.contains('lb-drill-skip')) {
        this.#then((ui) => ui.next(true));
      } else if (target.classList.contains('lb-drill-reset')) {
        this.#then((ui) => ui.reset());
      }
    });
    this.querySelector('.lb-drill-filter')?.addEventListener('change', () => this.#then((ui) => ui.next(false)));
    this.querySelector('.lb-drill-answer')?.addEventListener('focus', () => this.#then((ui) => ui.preload()));

    let returning = false;
    try {
      returning = localStorage.getItem(PROGRESS_KEY) !== null;
    } catch {
      /* storage blocked: no progress to show */
    }
    if (returning || new URLSearchParams(location.search).has('drill') || !('IntersectionObserver' in window)) {
      void this.#load();
      return;
    }
    const seen = new IntersectionObserver(
      (entries) => {
        if (entries.some((x) => x.isIntersecting)) {
          seen.disconnect();
          void this.#load();
        }
      },
      { rootMargin: '600px 0px' },
    );
    seen.observe(this);
  }
}

if (!customElements.get('lb-drills')) customElements.define('lb-drills', LbDrills);
