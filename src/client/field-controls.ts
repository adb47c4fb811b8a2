/**
 * The controls beside a panel's fields, driven from the lazily loaded runtime (the static HTML holds only
 * their markup): the unit menu (the value converts, its range and messages restate in the new unit, the
 * link records the unit explicitly), the slider (a drag or an arrow key sets the field as typing would)
 * and the marks of a scenario link (the fields whose values differ from the page's, said in words).
 * Each function is small and called from one place in scenario-runtime.ts.
 */
import { fromDisplay, identityUnit, toDisplay, type DisplayUnit } from '../lib/display-units.ts';
import { formatValue } from '../lib/format.ts';
import { sliderPosition, sliderValue, type SliderSpan } from '../lib/slider.ts';

interface UnitOption {
  unit: DisplayUnit;
  label: string;
  allowed: string;
  hint?: string | undefined;
  /** the hint writes its bounds with their units: no unit label after it */
  hintSaysUnit?: true | undefined;
  value: string;
}

/** What these controls read and change of a panel field's config (scenario-runtime.ts FieldConfig). */
export interface ControlledField {
  name: string;
  kind: 'integer' | 'number' | 'boolean' | 'enum';
  unit?: DisplayUnit | undefined;
  baseUnit: string;
  unitLabel: string;
  allowed: string;
  /** the hint's words: `allowed` with readable bounds (src/lib/panel-fields.ts hintBounds) */
  hint?: string | undefined;
  /** the hint writes its bounds with their units: no unit label after it */
  hintSaysUnit?: true | undefined;
  value: string;
  units?: UnitOption[] | undefined;
  slider?: SliderSpan | undefined;
}

type Shown = Pick<ControlledField, 'unit' | 'unitLabel' | 'allowed' | 'hint' | 'hintSaysUnit' | 'value'>;
/** Each field's config as the page built it, kept on the first unit change (reset goes back to it). */
const originals = new WeakMap<ControlledField, Shown>();

function box<T extends Element>(el: HTMLElement, selector: string): T | null {
  return el.querySelector<T>(selector);
}

/** Controls by name, looked up once per panel (they are never replaced): edits run this on every keystroke. */
const controls = new WeakMap<HTMLElement, Map<string, Element | null>>();
function named<T extends Element>(el: HTMLElement, name: string): T | null {
  let byName = controls.get(el);
  if (!byName) controls.set(el, (byName = new Map<string, Element | null>()));
  if (!byName.has(name)) byName.set(name, box<T>(el, `[name="${CSS.escape(name)}"]`));
  return byName.get(name) as T | null;
}

/** The hint under a field: "From 0.1 to 10,000 ms". */
function writeHint(el: HTMLElement, f: ControlledField): void {
  const field = box<HTMLElement>(el, `.lb-field[data-field="${CSS.escape(f.name)}"]`);
  const hint = field?.querySelector('.lb-hint');
  if (!hint) return;
  const words = (f.hint ?? f.allowed).replace(/^an? /, '').replace(/^./, (c) => c.toUpperCase());
  hint.textContent = `${words}${f.unitLabel && !f.hintSaysUnit ? ` ${f.unitLabel}` : ''}`;
}

function currentUnit(f: ControlledField): DisplayUnit | undefined {
  return f.unit ?? identityUnit(f.baseUnit);
}

/** Text of a number a reader typed (thousands separators allowed), or undefined when it is not one yet. */
function typedNumber(text: string): number | undefined {
  const t = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text.trim()) ? text.replace(/,/g, '') : text.replace(/[_\s]/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** Show field `f` in `unit`: the typed value converts (same quantity), the hint and messages restate. */
export function setUnit(el: HTMLElement, f: ControlledField, unit: DisplayUnit): void {
  const option = f.units?.find((u) => u.unit === unit);
  if (!option || unit === currentUnit(f)) return;
  if (!originals.has(f))
    originals.set(f, {
      unit: f.unit,
      unitLabel: f.unitLabel,
      allowed: f.allowed,
      hint: f.hint,
      hintSaysUnit: f.hintSaysUnit,
      value: f.value,
    });
  const input = named<HTMLInputElement>(el, f.name);
  const n = input ? typedNumber(input.value) : undefined;
  if (input && n !== undefined) input.value = String(Number(toDisplay(fromDisplay(n, f.unit), unit).toPrecision(12)));
  f.unit = unit;
  f.unitLabel = option.label;
  f.allowed = option.allowed;
  f.hint = option.hint;
  f.hintSaysUnit = option.hintSaysUnit;
  f.value = option.value;
  const menu = named<HTMLSelectElement>(el, `${f.name}.unit`);
  if (menu && menu.value !== unit) menu.value = unit;
  writeHint(el, f);
}

/**
 * Fields whose unit menu shows another unit than the field's config: the reader chose one. Judged from the
 * menus' state, not from which event came last, so a choice folded into another edit (or made while the
 * runtime loaded) is never lost: the label beside a value and the unit it is read in cannot disagree.
 */
export function unitsChosen(el: HTMLElement, fields: readonly ControlledField[]): void {
  for (const f of fields) {
    if (!f.units) continue;
    const menu = named<HTMLSelectElement>(el, `${f.name}.unit`);
    if (menu && menu.value !== currentUnit(f)) setUnit(el, f, menu.value as DisplayUnit);
  }
}

/** After the form's reset (its menus are back to the page's units): the configs and hints follow. */
export function restoreUnits(el: HTMLElement, fields: readonly ControlledField[]): void {
  for (const f of fields) {
    const o = originals.get(f);
    if (!o) continue;
    Object.assign(f, o);
    originals.delete(f);
    const menu = named<HTMLSelectElement>(el, `${f.name}.unit`);
    const unit = currentUnit(f);
    if (menu && unit) menu.value = unit;
    writeHint(el, f);
  }
}

/** A link's value with an explicit unit the field offers (`1200/min`): show the field in that unit. */
export function unitFromLink(el: HTMLElement, f: ControlledField, raw: string): void {
  const suffix = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?\s*(\S.*)$/i.exec(raw.trim())?.[1];
  const unit = suffix === 'us' || suffix === 'μs' ? 'µs' : suffix;
  const option = f.units?.find((u) => u.unit === unit);
  if (option) setUnit(el, f, option.unit);
}

/** The reader moved the slider named `<field>.slider`: its value goes into the field, as if typed. */
export function sliderMoved(el: HTMLElement, fields: readonly ControlledField[], control: string | undefined): void {
  if (!control?.endsWith('.slider')) return;
  const f = fields.find((x) => `${x.name}.slider` === control);
  const slider = f && named<HTMLInputElement>(el, control);
  const input = f && named<HTMLInputElement>(el, f.name);
  if (!f?.slider || !slider || !input) return;
  const v = sliderValue(f.slider, Number(slider.value), f.unit);
  input.value = String(Number(toDisplay(v, f.unit).toPrecision(12)));
}

/** The value and unit each slider was last placed at: an edit leaves the sliders of the other fields alone. */
const placed = new WeakMap<HTMLInputElement, string>();

/** Put every slider at its field's (valid) value and say the value in words; the one being moved stays. */
export function placeSliders(
  el: HTMLElement,
  fields: readonly ControlledField[],
  input: Readonly<Record<string, unknown>>,
  control: string | undefined,
): void {
  for (const f of fields) {
    if (!f.slider) continue;
    const slider = named<HTMLInputElement>(el, `${f.name}.slider`);
    const v = input[f.name];
    if (!slider || typeof v !== 'number') continue;
    const moved = control === `${f.name}.slider`;
    // A slider whose value and unit are those it shows, and that the reader is not moving, needs nothing.
    const key = `${v} ${f.unit ?? ''} ${moved ? '' : slider.value}`;
    if (placed.get(slider) === key) continue;
    if (!moved) slider.value = String(sliderPosition(f.slider, v));
    slider.setAttribute(
      'aria-valuetext',
      formatValue(v, { unit: currentUnit(f), format: f.kind === 'integer' ? 'integer' : 'decimal' }),
    );
    placed.set(slider, `${v} ${f.unit ?? ''} ${moved ? '' : slider.value}`);
  }
}

/** Whether a link's value (base units) differs from the page's own for field `f`. */
export function differsFromPage(f: ControlledField, value: unknown): boolean {
  const o = originals.get(f) ?? f;
  if (typeof value !== 'number') return String(value) !== o.value;
  if (o.value === '') return true;
  const own = fromDisplay(Number(o.value), o.unit);
  return Math.abs(value - own) > 1e-9 * Math.max(Math.abs(value), Math.abs(own));
}

/**
 * Mark the fields a link set to other values than the page's (a border and the words "from the link" in
 * the label, so not by colour alone), and say so above the fields with a way back to the page's values.
 * An empty list clears the marks.
 */
export function markFromLink(el: HTMLElement, names: readonly string[]): void {
  for (const field of el.querySelectorAll<HTMLElement>('.lb-field')) {
    const on = names.includes(field.dataset['field'] ?? '');
    field.classList.toggle('lb-from-link', on);
    const label = field.querySelector('label');
    const badge = label?.querySelector('.lb-link-badge');
    if (on && label && !badge) {
      label.append(
        ' ',
        Object.assign(document.createElement('span'), { className: 'lb-link-badge', textContent: 'from the link' }),
      );
    } else if (!on && badge) {
      badge.previousSibling?.remove();
      badge.remove();
    }
  }
  let note = box<HTMLElement>(el, '.lb-link-note');
  if (!names.length) {
    note?.remove();
    return;
  }
  if (!note) {
    note = Object.assign(document.createElement('p'), { className: 'lb-panel-note lb-link-note' });
    box(el, '.lb-panel-head')?.append(note);
  }
  const labels = names.map((n) => {
    const label = box<HTMLLabelElement>(el, `.lb-field[data-field="${CSS.escape(n)}"] label`);
    return (label?.firstChild?.textContent ?? n).trim();
  });
  const back = Object.assign(document.createElement('button'), {
    type: 'button',
    className: 'lb-link-back',
    textContent: 'Back to the page’s values',
  });
  back.addEventListener('click', () => el.querySelector('form')?.reset());
  note.replaceChildren(`${names.length} ${names.length === 1 ? 'input' : 'inputs'} from the link: ${labels.join(', ')}. `, back);
}

/** Panels whose link values could not all be used, by scenario: the panel's title and how many values. */
const troubled = new Map<string, { title: string; count: number }>();

/**
 * Say at the top of the page that a link's values could not all be used, naming each panel with a link to it:
 * the panel's own message says which and why, but on a phone the panel can be screens below the first one, and a
 * reader who opened a shared link would otherwise read the page's values as the sender's. `count` 0 clears the panel.
 */
export function notePageLink(el: HTMLElement, scenario: string, count: number): void {
  const title = el.querySelector(`#${CSS.escape(`lb-${scenario}-title`)}`)?.textContent?.trim() ?? scenario;
  if (count > 0) troubled.set(scenario, { title, count });
  else troubled.delete(scenario);
  let note = document.querySelector<HTMLElement>('.lb-link-page-note');
  if (troubled.size === 0) {
    note?.remove();
    return;
  }
  if (!note) {
    note = Object.assign(document.createElement('p'), { className: 'not-content lb-link-page-note' });
    note.setAttribute('role', 'status');
    document.querySelector('.sl-markdown-content')?.prepend(note);
  }
  const parts: (string | Node)[] = [
    'The link’s values could not all be used; the case study’s own are shown in their place, in ',
  ];
  [...troubled].forEach(([name, t], i) => {
    if (i > 0) parts.push(i === troubled.size - 1 ? ' and ' : ', ');
    parts.push(Object.assign(document.createElement('a'), { href: `#lb-${name}-title`, textContent: t.title }));
    parts.push(` (${t.count} ${t.count === 1 ? 'value' : 'values'})`);
  });
  parts.push('. Each panel says why.');
  note.replaceChildren(...parts);
}
