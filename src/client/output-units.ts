/**
 * The reader's choice of units for results, applied in the browser (src/lib/output-units.ts says which
 * numbers follow it and how they are written). The choice comes from the link (`?units=rate:min,size:si`),
 * else from this browser's storage, else the page's own; a change is stored, recorded in the link (which
 * never changes what a value means) and applied to every number on the page that states its unit. Every
 * panel's menus show the same choice. Loaded with the runtime.
 */
import type { FormatOptions } from '../lib/format.ts';
import { formatOptionsOf, formatWithUnits, outputUnitsText, parseOutputUnits, type OutputUnits } from '../lib/output-units.ts';

const STORE = 'lb-units';

function stored(): string | null {
  try {
    return localStorage.getItem(STORE);
  } catch {
    return null; // storage refused (a private window, a policy): the link and the page's own choice remain
  }
}

let chosen: OutputUnits = parseOutputUnits(new URLSearchParams(location.search).get('units') ?? stored());

/** The reader's choice now (charts and tables draw in it: src/lib/chart-units.ts). */
export function chosenUnits(): OutputUnits {
  return chosen;
}

/** A number as the reader's choice writes it (the page's own formatting when the choice is the page's). */
export function formatShown(value: unknown, options: FormatOptions): string {
  return formatWithUnits(value, options, chosen);
}

/** Set every panel's menus that exist (a panel builds its menus when first opened: later.ts) to the choice. */
export function showUnitChoice(): void {
  for (const menu of document.querySelectorAll<HTMLSelectElement>('.lb-out-units select[data-lb-out]')) {
    const key = menu.dataset['lbOut'] as keyof OutputUnits;
    if (menu.value !== chosen[key]) menu.value = chosen[key];
  }
}

/** Rewrite every number that states its unit, set every panel's menus, and record the choice in the link. */
export function applyOutputUnits(): void {
  showUnitChoice();
  for (const node of document.querySelectorAll<HTMLElement>('.lb-value[data-lb-v]')) {
    node.textContent = formatShown(Number(node.dataset['lbV']), formatOptionsOf(node.dataset));
  }
  const url = new URL(location.href);
  const text = outputUnitsText(chosen);
  if (text) url.searchParams.set('units', text);
  else url.searchParams.delete('units');
  if (url.href !== location.href) history.replaceState(history.state, '', url);
}

/** The reader changed one of a panel's result-unit menus. */
export function outputUnitChosen(menu: EventTarget | null): void {
  if (!(menu instanceof HTMLSelectElement) || !menu.dataset['lbOut']) return;
  chosen = parseOutputUnits(outputUnitsText({ ...chosen, [menu.dataset['lbOut']]: menu.value }) || undefined);
  try {
    const text = outputUnitsText(chosen);
    if (text) localStorage.setItem(STORE, text);
    else localStorage.removeItem(STORE);
  } catch {
    // not remembered; the link still records it
  }
  applyOutputUnits();
}
