/**
 * The numbers a case study publishes, as a reader sees them at build time: every input and every output of
 * every scenario its module declares (case-studies/<slug>.ts), each formatted by its unit as the site
 * formats it, and (optionally) every cell of every chart's data table, each evaluated by the site's own
 * code (the module's scenarios, src/lib/format.ts, the chart modules). `npm run capacity-diff`
 * (scripts/capacity-diff.ts) extracts them from two checkouts and diffs them. Nothing parses MDX: the
 * module is the page's source of numbers, so every number the prose can bind is covered.
 *
 * `root` is the checkout to read: its case-studies/ and its own src/ and models/ are used, so an old
 * commit is evaluated with its own models, not today's.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as ChartModule from '../../src/lib/chart.ts';
import type * as CaseStudyModule from '../../src/lib/case-study.ts';
import type * as FormatModule from '../../src/lib/format.ts';
import type * as ModelPageModule from '../../src/lib/model-page.ts';
import type { Scenario } from '../../src/lib/scenario.ts';
import type { Unit } from '../../models/units.ts';

export interface Published {
  readonly caseStudy: string;
  readonly scenario: string;
  /** what is shown: `primaries`, `input peakRequestsPerSecond`, `chart rate-limiter-growth [2×] p99` */
  readonly field: string;
  /** the format, when it distinguishes two renderings of one field */
  readonly as: string;
  /** the text on the page */
  readonly text: string;
  readonly kind: 'value' | 'input' | 'chart-table';
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
  readonly caseStudy: typeof CaseStudyModule;
  readonly chart: typeof ChartModule;
  readonly format: typeof FormatModule;
  readonly modelPage: typeof ModelPageModule;
}

async function importFrom<T>(root: string, path: string): Promise<T> {
  return (await import(pathToFileURL(join(root, path)).href)) as T;
}

export async function loadSiteModules(root: string): Promise<SiteModules> {
  return {
    caseStudy: await importFrom(root, 'src/lib/case-study.ts'),
    chart: await importFrom(root, 'src/lib/chart.ts'),
    format: await importFrom(root, 'src/lib/format.ts'),
    modelPage: await importFrom(root, 'src/lib/model-page.ts'),
  };
}

/** Scalars of a value by path: objects by key, lists by element `id` when they have one, else by index. */
function scalars(value: unknown, path: string, out: [string, unknown][], depth = 0): void {
  if (value === null || typeof value !== 'object') {
    out.push([path, value]);
    return;
  }
  if (depth > 3) return;
  if (Array.isArray(value)) {
    value.forEach((el: unknown, i) => {
      const id = el !== null && typeof el === 'object' && 'id' in el ? String(el.id) : undefined;
      scalars(el, id ? `${path}[id=${id}]` : `${path}.${i}`, out, depth + 1);
    });
    return;
  }
  for (const [k, v] of Object.entries(value)) scalars(v, path ? `${path}.${k}` : k, out, depth + 1);
}

function formatted(site: SiteModules, value: unknown, unit: Unit | undefined): string {
  const { format } = site.modelPage.formatFor(unit ?? 'count');
  return site.format.formatValue(value, format ? { format } : {});
}

function unitOfOutput(s: Scenario<unknown>, path: string): Unit | undefined {
  const top = /^[A-Za-z0-9_]+/.exec(path)?.[0] ?? path;
  return (s.model.outputs as Record<string, { unit: Unit } | undefined>)[top]?.unit;
}

/** The published numbers of one case study's module, evaluated with the given site modules. */
export function publishedOf(
  caseStudy: string,
  exports: Readonly<Record<string, unknown>>,
  site: SiteModules,
  { tables = true }: { tables?: boolean } = {},
): Published[] {
  const study = site.caseStudy.collectCaseStudy(caseStudy, exports);
  const out: Published[] = [];
  for (const s of study.scenarios) {
    const inputs: [string, unknown][] = [];
    scalars(s.resolved, '', inputs);
    for (const [path, v] of inputs) {
      const unit = (s.model.input as { shape?: Record<string, { meta?: () => { unit?: Unit } | undefined }> }).shape?.[
        path
      ]?.meta?.()?.unit;
      out.push({ caseStudy, scenario: s.name, field: `input ${path}`, as: '', text: formatted(site, v, unit), kind: 'input' });
    }
    const outputs: [string, unknown][] = [];
    scalars(s.output, '', outputs);
    for (const [path, v] of outputs) {
      out.push({
        caseStudy,
        scenario: s.name,
        field: path,
        as: '',
        text: formatted(site, v, unitOfOutput(s, path)),
        kind: 'value',
      });
    }
  }
  if (!tables) return out;
  for (const b of study.charts) {
    const data = site.chart.chartData(b.chart, b.scenario.model, b.scenario.resolved, b.scenario.output);
    const table = b.chart.table(data);
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
          scenario: b.scenario.name,
          field: `chart ${b.chart.name} [${rowId}] ${column}`,
          as: '',
          text: cell,
          kind: 'chart-table',
        });
      });
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
    .filter((f) => /^[^_].*\.ts$/.test(f))
    .sort()) {
    const caseStudy = file.replace(/\.ts$/, '');
    try {
      const exports = await importFrom<Record<string, unknown>>(root, join('case-studies', file));
      for (const p of publishedOf(caseStudy, exports, site, options)) values.set(keyOf(p), p);
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
