/**
 * The numbers a case study publishes, as a reader sees them at build time: every `<Value>` binding,
 * every panel field's starting value and (optionally) every cell of every chart's data table, each
 * evaluated and formatted by the site's own code (src/lib/scenario.ts, src/lib/format.ts,
 * src/lib/panel-fields.ts, the chart modules). `npm run capacity-diff` (scripts/capacity-diff.ts)
 * extracts them from two checkouts and diffs them.
 *
 * `root` is the checkout to read: its case-studies/ and its own src/ and models/ are used, so an old
 * commit is evaluated with its own models, not today's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChartModule } from '../../src/charts/chart.ts';
import type * as FormatModule from '../../src/lib/format.ts';
import type * as PanelModule from '../../src/lib/panel-fields.ts';
import type * as ScenarioModule from '../../src/lib/scenario.ts';
import { attributeValue, parseCaseStudy, scenarioVariable } from './case-study-source.ts';

export interface Published {
  readonly caseStudy: string;
  readonly scenario: string;
  /** what is shown: `primaries`, `input peakRequestsPerSecond`, `panel networkRoundTrip`, `chart rate-limiter-growth [2×] p99` */
  readonly field: string;
  /** the format options, when they distinguish two bindings of one field (`percent`, `unit ms`) */
  readonly as: string;
  /** the text on the page */
  readonly text: string;
  readonly kind: 'value' | 'panel' | 'chart-table';
}

export interface Extraction {
  /** by key (see keyOf) */
  readonly values: ReadonlyMap<string, Published>;
  /** case studies that could not be evaluated in this checkout, with why */
  readonly errors: ReadonlyMap<string, string>;
}

export function keyOf(p: Pick<Published, 'caseStudy' | 'scenario' | 'field' | 'as'>): string {
  return [p.caseStudy, p.scenario, p.field, p.as].join('\u0000');
}

export interface SiteModules {
  scenario: typeof ScenarioModule;
  format: typeof FormatModule;
  panel: typeof PanelModule | undefined;
  charts: Record<string, () => Promise<unknown>> | undefined;
}

async function importFrom<T>(root: string, path: string, optional = false): Promise<T | undefined> {
  try {
    return (await import(pathToFileURL(join(root, path)).href)) as T;
  } catch (e) {
    if (optional) return undefined;
    throw e;
  }
}

export async function loadSiteModules(root: string): Promise<SiteModules> {
  const scenario = await importFrom<typeof ScenarioModule>(root, 'src/lib/scenario.ts');
  const format = await importFrom<typeof FormatModule>(root, 'src/lib/format.ts');
  if (!scenario || !format) throw new Error(`${root}: no src/lib/scenario.ts or src/lib/format.ts`);
  const panel = await importFrom<typeof PanelModule>(root, 'src/lib/panel-fields.ts', true);
  const registry = await importFrom<{ charts: Record<string, () => Promise<unknown>> }>(root, 'src/charts/registry.ts', true);
  return { scenario, format, panel, charts: registry?.charts };
}

function describeFormat(attrs: { format?: unknown; unit?: unknown; digits?: unknown }): string {
  const parts: string[] = [];
  if (typeof attrs.format === 'string') parts.push(attrs.format);
  if (typeof attrs.unit === 'string') parts.push(`unit ${attrs.unit}`);
  if (typeof attrs.digits === 'number') parts.push(`${attrs.digits} digits`);
  return parts.join(', ');
}

/** The published numbers of one case study's source, evaluated with the given site modules. */
export async function publishedOf(
  caseStudy: string,
  text: string,
  site: SiteModules,
  { tables = true }: { tables?: boolean } = {},
): Promise<Published[]> {
  const source = parseCaseStudy(text);
  const byVariable = new Map(
    source.scenarios.map((s) => [s.variable, site.scenario.scenario(s.name, s.modelId, { ...s.inputs })] as const),
  );
  const out: Published[] = [];
  for (const use of source.components) {
    const variable = scenarioVariable(use);
    const s = byVariable.get(variable);
    if (!s) throw new Error(`line ${use.line}: <${use.component} of={${variable}}>: no scenario is bound to "${variable}"`);
    if (use.component === 'Value') {
      const field = attributeValue(use, 'field');
      const input = attributeValue(use, 'input');
      const options = {
        format: attributeValue(use, 'format'),
        unit: attributeValue(use, 'unit'),
        digits: attributeValue(use, 'digits'),
      };
      const path = (field ?? input) as string;
      const value = site.scenario.valueAt(s, path, input === undefined ? 'output' : 'input');
      const shown = site.format.formatValue(value, options as FormatModule.FormatOptions);
      out.push({
        caseStudy,
        scenario: s.name,
        field: input === undefined ? path : `input ${path}`,
        as: describeFormat(options),
        text: shown,
        kind: 'value',
      });
    } else if (use.component === 'Panel' && site.panel) {
      const choices = attributeValue(use, 'fields') as PanelModule.FieldChoice[];
      for (const f of site.panel.panelFields(s, choices)) {
        const text = f.unitLabel ? `${f.value} ${f.unitLabel}` : f.value;
        out.push({ caseStudy, scenario: s.name, field: `panel ${f.name}`, as: '', text, kind: 'panel' });
      }
    } else if (use.component === 'Chart' && tables && site.charts) {
      const chart = attributeValue(use, 'chart') as string;
      const load = site.charts[chart];
      if (!load) throw new Error(`line ${use.line}: <Chart chart="${chart}">: no such chart`);
      const mod = (await load()) as ChartModule<unknown>;
      const table = mod.table(s.output);
      const seen = new Map<string, number>();
      for (const row of table.rows) {
        const label = row[0] ?? '';
        const n = (seen.get(label) ?? 0) + 1;
        seen.set(label, n);
        const rowId = n > 1 ? `${label} #${n}` : label;
        row.slice(1).forEach((cell, c) => {
          const column = table.columns[c + 1] ?? `column ${c + 2}`;
          out.push({
            caseStudy,
            scenario: s.name,
            field: `chart ${chart} [${rowId}] ${column}`,
            as: '',
            text: cell,
            kind: 'chart-table',
          });
        });
      }
    }
  }
  return out;
}

/** Every published number of every case study in the checkout at `root`. */
export async function extractPublished(root: string, options: { tables?: boolean } = {}): Promise<Extraction> {
  const site = await loadSiteModules(root);
  const dir = join(root, 'case-studies');
  const values = new Map<string, Published>();
  const errors = new Map<string, string>();
  for (const file of readdirSync(dir)
    .filter((f) => /^[^_].*\.mdx?$/.test(f))
    .sort()) {
    const caseStudy = file.replace(/\.mdx?$/, '');
    try {
      for (const p of await publishedOf(caseStudy, readFileSync(join(dir, file), 'utf8'), site, options)) values.set(keyOf(p), p);
    } catch (e) {
      errors.set(caseStudy, e instanceof Error ? e.message : String(e));
    }
  }
  return { values, errors };
}

export interface Change {
  readonly before: Published;
  readonly after: Published;
}

export interface PublishedDiff {
  readonly changed: readonly Change[];
  readonly added: readonly Published[];
  readonly removed: readonly Published[];
  /** bindings present on both sides */
  readonly compared: number;
}

/** What changed between two extractions: same key with another text, keys only after, keys only before. */
export function diffPublished(before: ReadonlyMap<string, Published>, after: ReadonlyMap<string, Published>): PublishedDiff {
  const changed: Change[] = [];
  const added: Published[] = [];
  const removed: Published[] = [];
  let compared = 0;
  for (const [key, b] of before) {
    const a = after.get(key);
    if (!a) removed.push(b);
    else {
      compared++;
      if (a.text !== b.text) changed.push({ before: b, after: a });
    }
  }
  for (const [key, a] of after) if (!before.has(key)) added.push(a);
  return { changed, added, removed, compared };
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\u00a0/g, ' ');
}

function fieldLabel(p: Published): string {
  return p.as ? `${p.field} (${p.as})` : p.field;
}

/** Chart-table changes folded into one row per chart: "12 of 60 cells changed". */
function foldTables(diff: PublishedDiff, after: ReadonlyMap<string, Published> | undefined): PublishedDiff {
  const chartOf = (p: Published) => /^chart (\S+) /.exec(p.field)?.[1] ?? p.field;
  const groups = new Map<string, { sample: Published; changed: number }>();
  const changed: Change[] = [];
  for (const c of diff.changed) {
    if (c.before.kind !== 'chart-table') {
      changed.push(c);
      continue;
    }
    const id = keyOf({ ...c.before, field: chartOf(c.before), as: '' });
    const g = groups.get(id) ?? { sample: c.before, changed: 0 };
    g.changed++;
    groups.set(id, g);
  }
  for (const { sample, changed: n } of groups.values()) {
    const chart = chartOf(sample);
    const cells = after
      ? [...after.values()].filter(
          (p) =>
            p.kind === 'chart-table' &&
            p.caseStudy === sample.caseStudy &&
            p.scenario === sample.scenario &&
            chartOf(p) === chart,
        ).length
      : 0;
    const row = { ...sample, field: `chart ${chart} (data table)`, as: '' };
    changed.push({
      before: { ...row, text: '…' },
      after: { ...row, text: `${n}${cells ? ` of ${cells}` : ''} cells changed (--tables lists them)` },
    });
  }
  const other = (p: Published) => p.kind !== 'chart-table';
  return { ...diff, changed, added: diff.added.filter(other), removed: diff.removed.filter(other) };
}

/**
 * The diff as Markdown tables (readable in a terminal, pasteable into a pull request). Without
 * `tables`, chart data-table cells are summarised as one row per chart; `after` lets that row count
 * the chart's cells.
 */
export function formatDiff(
  full: PublishedDiff,
  { tables = false, after }: { tables?: boolean; after?: ReadonlyMap<string, Published> } = {},
): string {
  const diff = tables ? full : foldTables(full, after);
  const lines: string[] = [];
  if (diff.changed.length > 0) {
    lines.push('Changed:', '', '| case study | scenario | field | before | after |', '| --- | --- | --- | --- | --- |');
    for (const { before: b, after: a } of diff.changed) {
      lines.push(`| ${cell(b.caseStudy)} | ${cell(b.scenario)} | ${cell(fieldLabel(b))} | ${cell(b.text)} | ${cell(a.text)} |`);
    }
    lines.push('');
  }
  for (const [title, list] of [
    ['Added', diff.added],
    ['Removed', diff.removed],
  ] as const) {
    if (list.length === 0) continue;
    lines.push(`${title}:`, '', '| case study | scenario | field | value |', '| --- | --- | --- | --- |');
    for (const p of list) lines.push(`| ${cell(p.caseStudy)} | ${cell(p.scenario)} | ${cell(fieldLabel(p))} | ${cell(p.text)} |`);
    lines.push('');
  }
  const hidden = full.added.length + full.removed.length - diff.added.length - diff.removed.length;
  lines.push(
    `${full.compared} published numbers on both sides: ${full.changed.length} changed, ${full.added.length} added, ${full.removed.length} removed` +
      (hidden > 0 ? ` (${hidden} of the added/removed are chart data-table cells; --tables lists them).` : '.'),
  );
  return lines.join('\n');
}
