/**
 * <lb-player>: the eager part of a played simulation (src/components/Player.astro), kept tiny. It shows the
 * controls (they are hidden without JavaScript), maps the reader's keys and clicks to actions, keeps the latest
 * output of its scenario (`lb:scenario`, sent by the panel's runtime after each edit), and loads the player
 * (player-runtime.ts, and with it nothing heavy: the static chart is what it plays over) when the chart comes
 * near the screen and the browser is idle, on intent (pointer over it, focus in it), or on the first action.
 * Nothing plays until the reader presses Play.
 */
type Runtime = typeof import('./player-runtime.ts');
export interface Shown {
  readonly name: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly output: unknown;
}
export type Action = 'toggle' | 'back' | 'forward' | 'seek' | 'seeked' | 'speed';

let runtime: Promise<Runtime> | undefined;
const load = (): Promise<Runtime> => (runtime ??= import('./player-runtime.ts'));

/** The latest output shown for each scenario since the page loaded (an edit before the player loaded counts). */
export const shown = new Map<string, Shown>();
document.addEventListener('lb:scenario', (e) => {
  const d = (e as CustomEvent<Shown>).detail;
  shown.set(d.name, d);
});

let near: IntersectionObserver | undefined;

class LbPlayer extends HTMLElement {
  connectedCallback(): void {
    const controls = this.querySelector<HTMLElement>('.lb-player-controls');
    if (!controls) return;
    controls.hidden = false;
    const act = (action: Action, e?: Event) =>
      void load().then((r) =>
        r.act(
          this,
          action,
          e?.target instanceof HTMLInputElement || e?.target instanceof HTMLSelectElement ? e.target.value : undefined,
        ),
      );
    const actionOf = (t: EventTarget | null) =>
      (t as HTMLElement | null)?.closest<HTMLElement>('[data-lb-action]')?.dataset['lbAction'] as Action | undefined;
    controls.addEventListener('click', (e) => {
      const a = actionOf(e.target);
      if (a === 'toggle' || a === 'back' || a === 'forward') act(a);
    });
    controls.addEventListener('input', (e) => {
      const a = actionOf(e.target);
      if (a === 'seek') act('seek', e);
    });
    controls.addEventListener('change', (e) => {
      const a = actionOf(e.target);
      if (a === 'seek') act('seeked', e);
      if (a === 'speed') act('speed', e);
    });
    // Space and k play and pause from anywhere in the player, except where Space means something else.
    this.addEventListener('keydown', (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const tag = (e.target as HTMLElement).tagName;
      if (e.key === 'k' || (e.key === ' ' && tag !== 'BUTTON' && tag !== 'SELECT')) {
        e.preventDefault();
        act('toggle');
      }
    });
    const attach = () => void load().then((r) => r.attach(this));
    this.addEventListener('pointerenter', attach, { once: true });
    this.addEventListener('focusin', attach, { once: true });
    if (typeof IntersectionObserver === 'function') {
      near ??= new IntersectionObserver(
        (entries) => {
          for (const entry of entries) {
            if (!entry.isIntersecting) continue;
            const el = entry.target as LbPlayer;
            near?.unobserve(el);
            const go = () => void load().then((r) => r.attach(el));
            if (typeof requestIdleCallback === 'function') requestIdleCallback(go, { timeout: 2000 });
            else setTimeout(go, 200);
          }
        },
        { rootMargin: '200px 0px' },
      );
      near.observe(this);
    }
  }
}

if (!customElements.get('lb-player')) customElements.define('lb-player', LbPlayer);
