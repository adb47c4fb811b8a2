/**
 * Ranges the reader gives: a number field of a panel whose scenario has live bands or a tornado opens a
 * "range…" disclosure with a low and a high (RangeControl.astro; the panel's value is the likely one). The
 * scenario runtime hands each recompute's resolved inputs here (`readRanges`): each range is read in the
 * field's display unit, judged by the model's own schema like the field (a message names the field and what
 * it allows) and must hold the field's value (low ≤ likely ≤ high). Good ranges are kept per scenario
 * (`readerRanges`, which the live figures send to their worker in place of the declared range), written to
 * the link (`<scenario>.<field>.range=low..high`, src/lib/scenario-link.ts) and read back from it
 * (`rangesFromUrl`). While the reader types, a half-typed range keeps the last good one and its message
 * waits for the commit, as a field's does.
 */
import { check } from '../../models/evaluate.ts';
import type { Model } from '../../models/model.ts';
import { fromDisplay, toDisplay, type DisplayUnit } from '../lib/display-units.ts';
import { lower } from '../lib/figure-words.ts';
import type { ReaderRange } from '../lib/live-figures.ts';
import { linkRange, parseLinkRange, RANGE_SUFFIX } from '../lib/scenario-link.ts';
import { openLater } from './later.ts';

/** What this module needs of a panel field's config (scenario-runtime.ts FieldConfig). */
export interface RangeField {
  readonly name: string;
  readonly kind: string;
  readonly unit?: DisplayUnit | undefined;
  readonly baseUnit: string;
  readonly unitLabel: string;
  readonly allowed: string;
}

const kept = new Map<string, Record<string, ReaderRange>>();
/** Display units of the kept ranges, for the link. */
const units = new Map<string, Record<string, DisplayUnit | undefined>>();

/** The reader's good ranges for a scenario's inputs (base units). */
export function readerRanges(scenario: string): Record<string, ReaderRange> {
  return { ...(kept.get(scenario) ?? {}) };
}

/** The link's parameters for a scenario's ranges: `[<scenario>.<field>.range, low..high]`. */
export function rangeParams(scenario: string): [string, string][] {
  const u = units.get(scenario) ?? {};
  return Object.entries(kept.get(scenario) ?? {}).map(([f, r]) => [
    `${scenario}.${f}${RANGE_SUFFIX}`,
    linkRange(r.low, r.high, u[f]),
  ]);
}

function inputs(el: HTMLElement, scenario: string, field: string): [HTMLInputElement | null, HTMLInputElement | null] {
  const q = (end: string) => el.querySelector<HTMLInputElement>(`[name="${CSS.escape(`${field}${RANGE_SUFFIX}.${end}`)}"]`);
  void scenario;
  return [q('low'), q('high')];
}

function number(text: string, unit: DisplayUnit | undefined): number | undefined {
  const t = text.trim().replace(/[_\s,]/g, '');
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? (unit ? fromDisplay(n, unit) : n) : undefined;
}

function labelOf(el: HTMLElement, scenario: string, field: string): string {
  return el.querySelector(`label[for="${CSS.escape(`lb-${scenario}-${field}`)}"]`)?.textContent?.trim() ?? field;
}

function showMessage(el: HTMLElement, scenario: string, field: string, message: string | undefined): void {
  const box = el.querySelector<HTMLElement>(`#${CSS.escape(`lb-${scenario}-${field}-range-error`)}`);
  // Written only when they change: an edit's frame should not restyle a panel that looks the same.
  for (const input of inputs(el, scenario, field)) {
    if (message) input?.setAttribute('aria-invalid', 'true');
    else if (input?.hasAttribute('aria-invalid')) input.removeAttribute('aria-invalid');
  }
  if (box) {
    if (box.textContent !== (message ?? '')) box.textContent = message ?? '';
    if (box.hidden !== !message) box.hidden = !message;
  }
  const details = box?.closest('details');
  if (details && message) details.open = true;
}

/** The unit each range's boxes were last read in (the panel's unit menu may change the field's). */
const boxUnits = new WeakMap<HTMLInputElement, DisplayUnit | undefined>();

/** When the reader chose another unit for the field, the range's boxes convert with it (same quantity) and say so. */
function followUnit(lowBox: HTMLInputElement, highBox: HTMLInputElement, f: RangeField): void {
  const was = boxUnits.has(lowBox) ? boxUnits.get(lowBox) : f.unit;
  if (was !== f.unit) {
    for (const box of [lowBox, highBox]) {
      const n = number(box.value, was);
      if (n !== undefined) box.value = String(Number(toDisplay(n, f.unit).toPrecision(12)));
    }
  }
  for (const label of lowBox.closest('.lb-range-fields')?.querySelectorAll('.lb-unit') ?? [])
    if (label.textContent !== f.unitLabel) label.textContent = f.unitLabel;
  boxUnits.set(lowBox, f.unit);
}

/**
 * Read every range of the panel against the inputs just computed. `live` (the reader is typing): a range
 * that is not good keeps the last good one and shows no message yet. Returns whether every range is good.
 */
export function readRanges(
  el: HTMLElement,
  scenario: string,
  fields: readonly RangeField[],
  model: Model,
  input: Readonly<Record<string, unknown>>,
  live: boolean,
): boolean {
  const mine = { ...(kept.get(scenario) ?? {}) };
  const myUnits = { ...(units.get(scenario) ?? {}) };
  let good = true;
  for (const f of fields) {
    if (f.kind !== 'number' && f.kind !== 'integer') continue;
    const [lowBox, highBox] = inputs(el, scenario, f.name);
    if (!lowBox || !highBox) continue;
    followUnit(lowBox, highBox, f);
    const [lowText, highText] = [lowBox.value.trim(), highBox.value.trim()];
    if (lowText === '' && highText === '') {
      delete mine[f.name];
      showMessage(el, scenario, f.name, undefined);
      continue;
    }
    const label = lower(labelOf(el, scenario, f.name)); // inside a sentence: "The range of a flash sale's …"
    const unitText = f.unitLabel ? ` ${f.unitLabel}` : '';
    const low = number(lowText, f.unit);
    const high = number(highText, f.unit);
    const value = input[f.name];
    let message: string | undefined;
    if (low === undefined || high === undefined) {
      message = `The range of ${label}: give a low and a high, each ${f.allowed}${unitText}.`;
    } else {
      for (const [end, v] of [
        ['low', low],
        ['high', high],
      ] as const) {
        const r = check(model, { ...input, [f.name]: v });
        if (!r.ok && !message) message = `The range of ${label}: its ${end} must be ${f.allowed}${unitText}.`;
      }
      if (!message && low > high) {
        const [l, h] = [low, high].map((v) => Number(toDisplay(v, f.unit).toPrecision(12)));
        message = `The range of ${label}: its low, ${l}${unitText}, is above its high, ${h}${unitText}.`;
      }
      if (!message && typeof value === 'number' && !(low <= value && value <= high)) {
        const shown = Number(toDisplay(value, f.unit).toPrecision(12));
        message = `The range of ${label} must hold its value, ${shown}${unitText}: low ≤ ${shown} ≤ high.`;
      }
    }
    if (message || low === undefined || high === undefined) {
      good = false;
      if (!live) {
        delete mine[f.name];
        showMessage(el, scenario, f.name, message);
      }
      continue;
    }
    mine[f.name] = { low, high };
    myUnits[f.name] = f.unit;
    showMessage(el, scenario, f.name, undefined);
  }
  kept.set(scenario, mine);
  units.set(scenario, myUnits);
  return good;
}

/** Fill the panel's range fields from the link (`<scenario>.<field>.range=low..high`); returns the keys it used and their problems. */
export function rangesFromUrl(
  el: HTMLElement,
  scenario: string,
  fields: readonly RangeField[],
  params: URLSearchParams,
): { used: Set<string>; problems: { field: string; message: string }[] } {
  const used = new Set<string>();
  const problems: { field: string; message: string }[] = [];
  kept.delete(scenario);
  for (const f of fields) {
    const key = `${scenario}.${f.name}${RANGE_SUFFIX}`;
    const raw = params.get(key);
    // Boxes not yet built (later.ts) hold no range: built only when the link gives this field one.
    const details = el.querySelector<HTMLDetailsElement>(`.lb-field[data-field="${CSS.escape(f.name)}"] > details.lb-range`);
    if (details && raw !== null) openLater(details);
    const [lowBox, highBox] = inputs(el, scenario, f.name);
    if (!lowBox || !highBox) continue; // not built, or not a number field (then its key is unknown to the link)
    lowBox.value = '';
    highBox.value = '';
    if (raw === null) continue;
    used.add(key);
    const r = parseLinkRange(raw, f);
    if (!r.ok) {
      // The link's text goes into the fields as it is: the recompute judges it and says what is wrong.
      problems.push({ field: f.name, message: `the link's range ${r.message}` });
      const cut = raw.indexOf('..');
      lowBox.value = (cut < 0 ? raw : raw.slice(0, cut)).slice(0, 40);
      highBox.value = cut < 0 ? '' : raw.slice(cut + 2, cut + 42);
      if (details) details.open = true;
      continue;
    }
    const text = (v: number) => String(Number(toDisplay(v, f.unit).toPrecision(12)));
    lowBox.value = text(r.low);
    highBox.value = text(r.high);
    if (details) details.open = true;
  }
  return { used, problems };
}
