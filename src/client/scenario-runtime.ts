/**
 * The live part of a scenario, loaded on the reader's first edit: reads the panel's fields, validates
 * them with the model's own schema, recomputes with the model's own function, then updates every bound
 * number and chart of the scenario and records the scenario in the URL. A bad value gets a message
 * beside its field and the last good numbers and charts stay.
 */
import './zod-jitless.ts'; // before any schema parses: no eval probe under the CSP
import { check } from '../../models/evaluate.ts';
import type { Problem } from '../../models/problems.ts';
import { fromDisplay, type DisplayUnit } from '../lib/display-units.ts';
import { formatValue, type Format } from '../lib/format.ts';
import { pick } from '../lib/pick.ts';
import { redrawCharts } from './chart-runtime.ts';
import { loadModel } from './models.ts';

interface FieldConfig {
  name: string;
  kind: 'integer' | 'number' | 'boolean' | 'enum';
  unit?: DisplayUnit;
  unitLabel: string;
  allowed: string;
  value: string;
}
interface Config {
  model: string;
  /** the model's area (models/<area>/), from which the model is loaded */
  area: string;
  inputs: Record<string, unknown>;
  fields: FieldConfig[];
}

const configs = new WeakMap<HTMLElement, Config>();

function configOf(el: HTMLElement): Config {
  let c = configs.get(el);
  if (!c) {
    const json = el.querySelector('script[type="application/json"]')?.textContent ?? '{}';
    c = JSON.parse(json) as Config;
    configs.set(el, c);
  }
  return c;
}

function control(el: HTMLElement, name: string): HTMLInputElement | HTMLSelectElement | null {
  return el.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${CSS.escape(name)}"]`);
}

/** Text typed by a reader → the value handed to the schema (which judges it). */
function parseField(f: FieldConfig, input: HTMLInputElement | HTMLSelectElement): unknown {
  if (f.kind === 'boolean') return (input as HTMLInputElement).checked;
  if (f.kind === 'enum') return input.value;
  const typed = input.value.trim();
  // Thousands separators are allowed ("500,000", "500 000", "500_000"); a decimal comma ("0,5") is not
  // guessed at: it stays text, and the schema's message explains what is expected.
  const text = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(typed) ? typed.replace(/,/g, '') : typed.replace(/[_\s]/g, '');
  if (text === '') return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return input.value.trim();
  return f.unit ? fromDisplay(n, f.unit) : n;
}

function showProblems(el: HTMLElement, cfg: Config, problems: readonly Problem[], typed: Record<string, string>): void {
  const byField = new Map<string, string>();
  const other: string[] = [];
  for (const p of problems) {
    const top = p.field.split('.')[0] ?? '';
    const f = cfg.fields.find((x) => x.name === top);
    if (!f) {
      other.push(p.field ? `${p.field}: ${p.message}` : p.message);
      continue;
    }
    // Messages built from the schema are restated in the unit the reader sees; rules keep their words.
    const unitText = f.unitLabel ? ` ${f.unitLabel}` : '';
    const message =
      typed[f.name] === ''
        ? `Enter ${f.allowed}${unitText}.`
        : p.kind === 'range' || p.kind === 'required'
          ? `Must be ${f.allowed}${unitText}${typed[f.name] ? ` (got ${JSON.stringify(typed[f.name])})` : ''}.`
          : `${p.message.charAt(0).toUpperCase()}${p.message.slice(1)}.`;
    if (!byField.has(f.name)) byField.set(f.name, message);
  }
  for (const f of cfg.fields) {
    const input = control(el, f.name);
    const box = el.querySelector<HTMLElement>(`#${CSS.escape(`lb-${el.dataset['lbScenario']}-${f.name}`)}-error`);
    const message = byField.get(f.name);
    if (message) input?.setAttribute('aria-invalid', 'true');
    else input?.removeAttribute('aria-invalid');
    if (box) {
      box.textContent = message ?? '';
      box.hidden = !message;
    }
  }
  const status = el.querySelector<HTMLElement>('.lb-status');
  if (status) {
    status.textContent = problems.length
      ? `${other.length ? `${other.join(' ')} ` : ''}Showing the last valid result until the highlighted ${byField.size === 1 ? 'value is' : 'values are'} fixed.`
      : '';
    status.classList.toggle('lb-status-error', problems.length > 0);
  }
}

function applyOutput(name: string, input: Record<string, unknown>, output: Record<string, unknown>): void {
  for (const node of document.querySelectorAll<HTMLElement>(`.lb-value[data-lb-scenario="${CSS.escape(name)}"]`)) {
    const d = node.dataset;
    const value = d['lbInput'] ? pick(input, d['lbInput']) : pick(output, d['lbField'] ?? '');
    node.textContent = formatValue(value, {
      format: d['lbFormat'] as Format | undefined,
      unit: d['lbUnit'] as DisplayUnit | undefined,
      digits: d['lbDigits'] ? Number(d['lbDigits']) : undefined,
    });
  }
  void redrawCharts(name, output);
}

/** The URL holds exactly the fields that differ from the page's values (anything else of this scenario goes). */
function writeUrl(name: string, cfg: Config, typed: Record<string, string>): void {
  const url = new URL(location.href);
  for (const key of [...url.searchParams.keys()]) if (key.startsWith(`${name}.`)) url.searchParams.delete(key);
  for (const f of cfg.fields) {
    const key = `${name}.${f.name}`;
    const v = typed[f.name];
    if (v !== undefined && v !== f.value) url.searchParams.set(key, v);
  }
  history.replaceState(history.state, '', url);
}

/** Recompute from the panel's current fields. */
export async function update(el: HTMLElement): Promise<void> {
  const cfg = configOf(el);
  const name = el.dataset['lbScenario'] ?? '';
  let model;
  try {
    model = await loadModel(cfg.area, cfg.model);
  } catch {
    const status = el.querySelector('.lb-status');
    if (status) status.textContent = 'Could not load the calculator; check your connection and edit a value to try again.';
    return;
  }
  if (!model) return;
  const raw: Record<string, unknown> = { ...cfg.inputs };
  const typed: Record<string, string> = {};
  // A blank field is a problem of its own: computing with the model's default instead would show
  // numbers the reader never typed.
  const blank: Problem[] = [];
  for (const f of cfg.fields) {
    const input = control(el, f.name);
    if (!input) continue;
    typed[f.name] = f.kind === 'boolean' ? String((input as HTMLInputElement).checked) : input.value.trim();
    const v = parseField(f, input);
    if (v === undefined) blank.push({ field: f.name, message: 'is required', kind: 'required' });
    else raw[f.name] = v;
  }
  writeUrl(name, cfg, typed);
  const result = check(model, raw);
  if (!result.ok || blank.length) {
    showProblems(el, cfg, [...blank, ...(result.ok ? [] : result.problems)], typed);
    return;
  }
  showProblems(el, cfg, [], typed);
  applyOutput(name, result.input as Record<string, unknown>, result.output as Record<string, unknown>);
}

/** Fill the panel from `?<scenario>.<field>=value` parameters, then recompute. */
export async function fromUrl(el: HTMLElement): Promise<void> {
  const cfg = configOf(el);
  const name = el.dataset['lbScenario'] ?? '';
  const params = new URLSearchParams(location.search);
  const unknown: string[] = [];
  for (const [key, value] of params) {
    if (!key.startsWith(`${name}.`)) continue;
    const field = key.slice(name.length + 1);
    const f = cfg.fields.find((x) => x.name === field);
    const input = f && control(el, field);
    if (!f || !input) {
      unknown.push(field);
      continue;
    }
    if (f.kind === 'boolean') (input as HTMLInputElement).checked = value === 'true';
    else input.value = value.slice(0, 64);
  }
  await update(el);
  if (unknown.length) {
    const status = el.querySelector<HTMLElement>('.lb-status');
    if (status) {
      status.textContent =
        `${status.textContent ?? ''} Ignored ${unknown.map((u) => `"${u}"`).join(', ')} in the link: not an input of this panel (inputs: ${cfg.fields.map((f) => f.name).join(', ')}).`.trim();
    }
  }
}

/** After the form's reset: back to the page's own numbers, and a clean URL. */
export function reset(el: HTMLElement): Promise<void> {
  return update(el);
}
