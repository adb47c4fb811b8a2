/**
 * The eager part of the live figures (<Bands>, <Tornado>, <BreaksFirst>), kept tiny: turns on the load
 * markers (load-marker.ts, which need no model) and the panels' "range…" controls, and when the scenario runtime shows a scenario anew
 * (`lb:scenario`, sent on the reader's edits, links, resets and followers) for which the page has a live
 * figure, loads live-figures.ts, which recomputes the figures in a worker and redraws them. Nothing here
 * runs a model or loads Plot.
 */
import type { ScenarioShown } from './scenario-runtime.ts';
import { toDisplay, type DisplayUnit } from '../lib/display-units.ts';
import { enableMarkers } from './load-marker.ts';

type Runtime = typeof import('./live-figures.ts');
let runtime: Promise<Runtime> | undefined;

/** The latest inputs and outputs shown for every scenario (a what-breaks-first check may read another scenario). */
const latest = new Map<string, ScenarioShown>();

let names: Set<string> | undefined;

/** The scenarios a live figure follows (its own and those in data-lb-also), found once: the figures are the build's. */
function followed(): Set<string> {
  names ??= new Set(
    [...document.querySelectorAll<HTMLElement>('figure.lb-live')].flatMap((f) =>
      [f.dataset['lbScenario'] ?? '', ...(f.dataset['lbAlso'] ?? '').split(/\s+/)].filter(Boolean),
    ),
  );
  return names;
}

function onShown(e: Event): void {
  const d = (e as CustomEvent<ScenarioShown>).detail;
  if (!d) return;
  latest.set(d.name, d);
  if (!followed().has(d.name)) return;
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
    const panel = document.querySelector<HTMLElement>(`lb-scenario[data-lb-scenario="${CSS.escape(name)}"]`);
    for (const d of panel?.querySelectorAll<HTMLDetailsElement>('details.lb-range') ?? []) {
      d.hidden = false;
      d.addEventListener('toggle', () => declaredHints(name, panel, d), { once: true });
    }
  }
}

/**
 * On first opening a field's "range…": the declared range (or "none declared") as the two boxes' placeholders,
 * in the unit the field shows, so the reader sees what the page draws from before giving their own.
 */
function declaredHints(name: string, panel: HTMLElement | null, d: HTMLDetailsElement): void {
  const [low, high] = [...d.querySelectorAll<HTMLInputElement>('input')];
  const field = low?.name.replace(/\.range\.low$/, '') ?? '';
  const figure = document.querySelector(
    `figure.lb-live[data-lb-live="bands"][data-lb-scenario="${CSS.escape(name)}"] script.lb-live-config`,
  );
  const panelJson = panel?.querySelector(':scope > script[type="application/json"]')?.textContent;
  try {
    const ranges =
      (JSON.parse(figure?.textContent ?? '{}') as { ranges?: Record<string, { low: number; high: number }> }).ranges ?? {};
    const fields = (JSON.parse(panelJson ?? '{}') as { fields?: { name: string; unit?: DisplayUnit }[] }).fields ?? [];
    const unit = fields.find((f) => f.name === field)?.unit;
    const r = ranges[field];
    const text = (v: number) => String(Number(toDisplay(v, unit).toPrecision(6)));
    if (low) low.placeholder = r ? text(r.low) : 'none declared';
    if (high) high.placeholder = r ? text(r.high) : '';
  } catch {
    // no hint: the boxes work without one
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
