/**
 * "Take it away", for one panel (the buttons are src/components/Takeaway.astro; scenario-element.ts
 * loads the runtime on a click, which calls `takeaway`):
 *   - link:     copies the address the runtime keeps current (it reopens the reader's scenario);
 *   - markdown: copies the scenario as a Markdown document (src/lib/scenario-markdown.ts);
 *   - print:    fills a one-page sheet (a section at the end of <body>, shown only in print while it is
 *               printed: src/styles/takeaway.css) and opens the browser's print dialog.
 * The panel is recomputed first (nothing recorded), so the numbers are those of its fields as they stand;
 * values in the Markdown and on the sheet are the page's own texts. A refused clipboard gets a selected
 * text box to copy from. Every outcome is said in the row's status (aria-live).
 */
import {
  isChanged,
  isTopLevel,
  outputRow,
  scenarioMarkdown,
  shortLabel,
  suffixFor,
  type Takeaway,
  type TakeawayInput,
  type TakeawayOutput,
  type TakeawaySection,
} from '../lib/scenario-markdown.ts';
import sheetUrl from '../styles/takeaway-print.css?url';
import type { DisplayUnit } from '../lib/display-units.ts';
import type { Format } from '../lib/format.ts';
import { formatFor } from '../lib/model-page.ts';
import type { OutputField } from '../../models/model.ts';
import { loadModel } from './models.ts';

interface Data {
  model: string;
  fields: { name: string; original: unknown; provenance?: string; short?: string }[];
  also: { name: string; model: string; note: string; derived: boolean }[];
}

/** A model's outputs as the take-away writes them: label, format and suffix by output name. */
type Labels = Record<string, { label: string; format?: Format | undefined; suffix: string }>;

/** What the runtime lends: recompute the panel from its fields without recording it. */
export interface Hooks {
  refresh(): Promise<boolean>;
}

interface Shown {
  model: string;
  area: string;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
}

/** The outputs' labels and units of a model the runtime has loaded (its area is already fetched). */
async function labelsOf(model: string, area: string | undefined): Promise<Labels | undefined> {
  const m = area === undefined ? undefined : await loadModel(area, model);
  if (!m) return undefined;
  return Object.fromEntries(
    Object.entries(m.outputs as Readonly<Record<string, OutputField>>).map(([k, o]) => [
      k,
      { label: o.description, ...formatFor(o.unit) },
    ]),
  );
}

let styles: Promise<void> | undefined;

/** The styles of the printed sheet and of the copy box, loaded once (a stylesheet of the site: the CSP allows it). */
function loadStyles(): Promise<void> {
  styles ??= new Promise<void>((done) => {
    const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: sheetUrl });
    link.addEventListener('load', () => done());
    link.addEventListener('error', () => done()); // the sheet then prints with the page's own print styles
    document.head.append(link);
  });
  return styles;
}

function dataOf(el: HTMLElement): Data | undefined {
  const text = el.querySelector('script[type="application/x-lb-takeaway+json"]')?.textContent;
  return text ? (JSON.parse(text) as Data) : undefined;
}

function say(el: HTMLElement, text: string): void {
  const status = el.querySelector<HTMLElement>('.lb-take-status');
  if (!status) return;
  // Emptied first, so the same words said twice are announced twice.
  status.textContent = '';
  window.setTimeout(() => (status.textContent = text), 50);
}

/** Recompute the panel, catching what it shows for each scenario (lb:scenario, values in base units). */
async function recompute(hooks: Hooks): Promise<Map<string, Shown> | undefined> {
  const shown = new Map<string, Shown>();
  const listen = (e: Event) => {
    const d = (e as CustomEvent<{ name: string } & Shown>).detail;
    shown.set(d.name, { model: d.model, area: d.area, input: d.input, output: d.output });
  };
  document.addEventListener('lb:scenario', listen);
  try {
    return (await hooks.refresh()) ? shown : undefined;
  } finally {
    document.removeEventListener('lb:scenario', listen);
  }
}

const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/[ \t\r\n]+/g, ' ').trim();

/** A field's value as the panel shows it, with the unit beside it (a unit label, or a unit the reader picks). */
function shownValue(row: Element, name: string): string {
  const control = row.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${CSS.escape(name)}"]`);
  if (!control) return '';
  if (control instanceof HTMLInputElement && control.type === 'checkbox') return control.checked ? 'yes' : 'no';
  const picker = [...row.querySelectorAll('select')].find((s) => s !== control);
  const unit = picker ? text(picker.selectedOptions[0]) : text(row.querySelector('.lb-unit'));
  return `${control.value.trim()}${unit ? `\u00a0${unit}` : ''}`;
}

/** The outputs of scenario `name` the page shows as numbers (first showing of each), as the page shows them. */
function pageOutputs(name: string, labels: Labels | undefined): TakeawayOutput[] {
  const seen = new Set<string>();
  const out: TakeawayOutput[] = [];
  for (const node of document.querySelectorAll<HTMLElement>(`.lb-value[data-lb-scenario="${CSS.escape(name)}"][data-lb-field]`)) {
    const path = node.dataset['lbField'] ?? '';
    if (seen.has(path)) continue;
    seen.add(path);
    const top = /^[^.[]+/.exec(path)?.[0] ?? path;
    const meta = labels?.[top];
    // a number that says its own time ("requests a second", "a month") carries its unit in its text
    const suffix = node.dataset['lbPer']
      ? ''
      : suffixFor({
          format: node.dataset['lbFormat'] as Format | undefined,
          unit: node.dataset['lbUnit'] as DisplayUnit | undefined,
          suffix: meta?.suffix,
        });
    out.push({ label: meta?.label ?? path, path, value: `${text(node)}${suffix}` });
  }
  return out;
}

/** Outputs of a scenario the page shows no number of: its top-level numbers, formatted by their units. */
function modelOutputs(output: Record<string, unknown>, labels: Labels | undefined): TakeawayOutput[] {
  return Object.entries(labels ?? {})
    .filter(([k]) => typeof output[k] === 'number' || typeof output[k] === 'boolean')
    .map(([k, m]) => outputRow({ path: k, label: m.label, format: m.format, suffix: m.suffix }, output[k]));
}

interface Gathered {
  takeaway: Takeaway;
  data: Data;
  shorts: Map<string, string | undefined>;
}

async function gather(el: HTMLElement, hooks: Hooks): Promise<Gathered | undefined> {
  const data = dataOf(el);
  const name = el.dataset['lbScenario'] ?? '';
  if (!data) return undefined;
  const shown = await recompute(hooks);
  const own = shown?.get(name);
  if (!shown || !own) {
    say(el, 'Fix the highlighted values first: the scenario is taken away as its numbers are shown.');
    return undefined;
  }
  const inputs: TakeawayInput[] = data.fields.map((f) => {
    const row = el.querySelector(`.lb-field[data-field="${CSS.escape(f.name)}"]`);
    return {
      name: f.name,
      label: text(row?.querySelector('label')) || f.name,
      value: row ? shownValue(row, f.name) : '',
      changed: isChanged(own.input[f.name], f.original),
      provenance: f.provenance,
    };
  });
  const sections: TakeawaySection[] = [];
  // A model's area: from the scenario shown with it (a derived scenario shares its source's model).
  const areaOf = (model: string) => [...shown.values()].find((v) => v.model === model)?.area;
  const labels = new Map<string, Labels | undefined>();
  for (const model of new Set([data.model, ...data.also.map((a) => a.model)]))
    labels.set(model, await labelsOf(model, areaOf(model)));
  const mine = pageOutputs(name, labels.get(data.model));
  sections.push({ scenario: name, outputs: mine.length ? mine : modelOutputs(own.output, labels.get(data.model)) });
  for (const a of data.also) {
    // A follower with a panel of its own has inputs of its own: it is taken away from its panel.
    if (document.querySelector(`lb-scenario[data-lb-scenario="${CSS.escape(a.name)}"]`)) continue;
    const outputs = pageOutputs(a.name, labels.get(a.model));
    if (outputs.length) sections.push({ scenario: a.name, note: a.note, outputs });
  }
  const takeaway: Takeaway = {
    page: text(document.querySelector('h1')) || document.title,
    panel: text(el.querySelector('.lb-panel-title')),
    scenario: name,
    model: data.model,
    url: location.href,
    date: new Date().toISOString().slice(0, 10),
    inputs,
    sections,
  };
  return { takeaway, data, shorts: new Map(data.fields.map((f) => [f.name, f.short])) };
}

/** Shows text selected in a box below the buttons, to copy by hand. */
async function fallback(el: HTMLElement, value: string, what: string): Promise<void> {
  await loadStyles();
  const box = document.createElement('div');
  box.className = 'lb-take-fallback';
  const id = `lb-take-${el.dataset['lbScenario'] ?? ''}-text`;
  const label = Object.assign(document.createElement('label'), {
    htmlFor: id,
    textContent: `The browser did not allow copying: ${what} is selected here, copy it yourself.`,
  });
  const area = Object.assign(document.createElement('textarea'), { id, readOnly: true, value, rows: 6 });
  box.append(label, area);
  el.querySelector('.lb-take')?.append(box);
  area.focus();
  area.select();
  area.setSelectionRange(0, value.length); // iOS selects only by range
  area.scrollTop = 0;
  say(el, `Could not copy ${what}: it is selected in a text box below the buttons.`);
}

/**
 * Puts text on the clipboard; when the browser refuses, shows it selected in a box to copy by hand. Text
 * still being computed is handed over as a promise inside the reader's tap (ClipboardItem): Safari allows
 * a clipboard write only while the tap is being handled, and the Markdown waits for the panel's recompute.
 */
async function copy(el: HTMLElement, value: string | Promise<string | undefined>, what: string): Promise<void> {
  el.querySelector('.lb-take-fallback')?.remove();
  const text = Promise.resolve(value);
  try {
    if (typeof value !== 'string' && typeof ClipboardItem === 'function' && typeof navigator.clipboard?.write === 'function') {
      const blob = text.then((t) => {
        if (t === undefined) throw new Error('nothing to copy');
        return new Blob([t], { type: 'text/plain' });
      });
      await navigator.clipboard.write([new ClipboardItem({ 'text/plain': blob })]);
    } else {
      const t = await text;
      if (t === undefined) return;
      await navigator.clipboard.writeText(t);
    }
    say(el, `Copied ${what}.`);
  } catch {
    const t = await text.catch(() => undefined);
    if (t !== undefined) await fallback(el, t, what);
  }
}

function cell(tag: 'td' | 'th', content: string, className?: string): HTMLElement {
  const c = document.createElement(tag);
  c.textContent = content;
  if (className) c.className = className;
  return c;
}

function tableOf(head: readonly string[], rows: readonly (readonly (string | HTMLElement)[])[]): HTMLTableElement {
  const t = document.createElement('table');
  const tr = t.createTHead().insertRow();
  for (const h of head) tr.append(Object.assign(cell('th', h), { scope: 'col' }));
  const body = t.createTBody();
  for (const r of rows) {
    const row = body.insertRow();
    for (const c of r) row.append(typeof c === 'string' ? cell('td', c) : c);
  }
  return t;
}

/** The charts of the scenarios taken away, as drawn now (the live one, or the wide static one). */
function chartsOf(names: readonly string[]): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const box of document.querySelectorAll<HTMLElement>('.lb-chart-plot[data-lb-scenario]')) {
    if (!names.includes(box.dataset['lbScenario'] ?? '')) continue;
    const figure = document.createElement('figure');
    figure.className = 'lb-print-chart';
    const drawn = box.querySelector('.lb-static') ? box.querySelector('.lb-static-wide') : box;
    for (const child of drawn?.children ?? []) figure.append(child.cloneNode(true));
    const caption = text(box.closest('figure')?.querySelector('figcaption')) || box.getAttribute('aria-label') || '';
    figure.append(Object.assign(document.createElement('figcaption'), { textContent: caption }));
    out.push(figure);
  }
  return out;
}

/** At most this many outputs on the printed sheet (two columns): the Markdown has them all. */
const PRINTED_OUTPUTS = 36;
/** At most this many charts on the printed sheet. */
const PRINTED_CHARTS = 2;

function row(label: string, value: string): HTMLElement {
  const r = document.createElement('div');
  r.className = 'lb-print-row';
  r.append(
    Object.assign(document.createElement('span'), { textContent: label }),
    Object.assign(document.createElement('span'), { className: 'lb-print-num', textContent: value }),
  );
  return r;
}

/**
 * The one-page sheet of the reader's scenario: its inputs (changed ones marked), the outputs of the panel's
 * scenario and of those derived from it that the page shows as single numbers (values inside the page's
 * tables, and followers, are in the Markdown), at most PRINTED_CHARTS of their charts as drawn, the link.
 */
function sheetOf({ takeaway: t, data, shorts }: Gathered): HTMLElement {
  const section = document.createElement('section');
  section.className = 'lb-print-scenario';
  const changed = t.inputs.filter((i) => i.changed).length;
  section.append(
    Object.assign(document.createElement('h1'), { textContent: t.page }),
    Object.assign(document.createElement('p'), {
      textContent: `${t.panel}: scenario ${t.scenario} (model ${t.model}), ${changed === 0 ? 'at the case study’s own values' : `${changed} of ${t.inputs.length} inputs changed by the reader (marked ●)`}. Printed ${t.date}.`,
    }),
  );
  const top = document.createElement('div');
  top.className = 'lb-print-columns';
  const inputs = document.createElement('div');
  inputs.append(
    Object.assign(document.createElement('h2'), { textContent: 'Inputs' }),
    tableOf(
      ['Input', 'Value', 'Source'],
      t.inputs.map((i) => [
        `${i.changed ? '● ' : ''}${shortLabel(i.label)}`,
        cell('td', i.value, 'lb-print-num'),
        cell('td', shorts.get(i.name) ?? '—', 'lb-print-source'),
      ]),
    ),
  );
  top.append(inputs);
  const derived = new Set(data.also.filter((a) => a.derived).map((a) => a.name));
  const printed = t.sections.filter((s) => s.scenario === t.scenario || derived.has(s.scenario));
  const charts = chartsOf(printed.map((s) => s.scenario)).slice(0, PRINTED_CHARTS);
  if (charts.length) {
    const box = document.createElement('div');
    box.className = 'lb-print-charts';
    box.append(...charts);
    top.append(box);
  }
  section.append(top);
  const outputs = document.createElement('div');
  outputs.className = 'lb-print-outputs';
  let shown = 0;
  let left = 0;
  for (const s of printed) {
    const rows = s.outputs.filter((o) => isTopLevel(o.path));
    left += s.outputs.length - rows.length;
    const room = rows.slice(0, Math.max(0, PRINTED_OUTPUTS - shown));
    left += rows.length - room.length;
    if (!room.length) continue;
    shown += room.length;
    outputs.append(
      Object.assign(document.createElement('h2'), {
        textContent: s.scenario === t.scenario ? 'Outputs' : `Outputs of ${s.scenario}`,
      }),
      ...room.map((o) => row(shortLabel(o.label), o.value)),
    );
  }
  section.append(outputs);
  const others = t.sections.length - printed.length;
  if (left || others) {
    const more = [left ? `${left} more values` : '', others ? `${others} scenarios that follow this one` : ''].filter(Boolean);
    section.append(
      Object.assign(document.createElement('p'), {
        className: 'lb-print-source',
        textContent: `Not printed: ${more.join(' and ')}; “Copy as Markdown” has them, and the link reopens them.`,
      }),
    );
  }
  section.append(
    Object.assign(document.createElement('p'), { className: 'lb-print-link', textContent: `Reopen this scenario: ${t.url}` }),
  );
  return section;
}

async function print(el: HTMLElement, gathered: Gathered): Promise<void> {
  await loadStyles();
  document.querySelector('body > .lb-print-scenario')?.remove();
  const sheet = sheetOf(gathered);
  document.body.append(sheet);
  const root = document.documentElement;
  root.classList.add('lb-printing-scenario');
  window.addEventListener(
    'afterprint',
    () => {
      root.classList.remove('lb-printing-scenario');
      sheet.remove();
    },
    { once: true },
  );
  say(el, 'Opened the print dialog for this scenario (one page).');
  window.print();
}

/** One of the row's actions, for panel `el`. */
export async function takeaway(el: HTMLElement, action: string, hooks: Hooks): Promise<void> {
  if (action === 'link') return copy(el, location.href, 'the link to this scenario');
  if (action === 'markdown') {
    // No await before copy(): the clipboard write starts within the reader's tap.
    const markdown = gather(el, hooks).then((g) => (g ? scenarioMarkdown(g.takeaway) : undefined));
    return copy(el, markdown, 'this scenario as Markdown');
  }
  const gathered = await gather(el, hooks);
  if (gathered && action === 'print') await print(el, gathered);
}
