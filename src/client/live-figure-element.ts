/**
 * The eager part of the live figures (<Bands>, <Tornado>, <BreaksFirst>), kept tiny: turns on the load
 * markers (load-marker.ts, which need no model) and the panels' "range…" controls, and when the scenario runtime shows a scenario anew
 * (`lb:scenario`, sent on the reader's edits, links, resets and followers) for which the page has a live
 * figure, loads live-figures.ts, which recomputes the figures in a worker and redraws them. Nothing here
 * runs a model or loads Plot.
 */
import type { ScenarioShown } from './scenario-runtime.ts';
import { enableMarkers } from './load-marker.ts';

type Runtime = typeof import('./live-figures.ts');
let runtime: Promise<Runtime> | undefined;

/** The latest inputs and outputs shown for every scenario (a what-breaks-first check may read another scenario). */
const latest = new Map<string, ScenarioShown>();

function onShown(e: Event): void {
  const d = (e as CustomEvent<ScenarioShown>).detail;
  if (!d) return;
  latest.set(d.name, d);
  const name = CSS.escape(d.name);
  if (!document.querySelector(`figure.lb-live:is([data-lb-scenario="${name}"], [data-lb-also~="${name}"])`)) return;
  runtime ??= import('./live-figures.ts');
  runtime.then(
    (r) => r.follow(d, latest),
    () => {
      runtime = undefined; // offline: the next edit tries again
    },
  );
}

/** Open the panels' "range…" controls of every scenario with live bands or a tornado (a range feeds only those). */
function showRangeControls(): void {
  const names = new Set(
    [...document.querySelectorAll<HTMLElement>('figure.lb-live:is([data-lb-live="bands"], [data-lb-live="tornado"])')].map(
      (f) => f.dataset['lbScenario'] ?? '',
    ),
  );
  for (const name of names) {
    for (const d of document.querySelectorAll<HTMLElement>(
      `lb-scenario[data-lb-scenario="${CSS.escape(name)}"] details.lb-range`,
    )) {
      d.hidden = false;
    }
  }
}

function start(): void {
  enableMarkers();
  showRangeControls();
}

const flag = '__lbLiveFigures';
const w = window as unknown as Record<string, boolean>;
if (!w[flag]) {
  w[flag] = true;
  document.addEventListener('lb:scenario', onShown);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}
