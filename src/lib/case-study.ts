/**
 * A case study is a typed module beside its MDX page (case-studies/<slug>.ts next to <slug>.mdx): its
 * scenarios (from model objects), chart bindings, computed claims, drills and assumptions with their
 * provenance. The page imports them for its prose; everything else is derived from the module's exports:
 * the models a page uses, the charts it draws, what `capacity-diff` compares, the chart snapshots, and
 * the tests that every case study gets without writing them.
 */
import type { Model } from '../../models/model.ts';
import type { ChartModule } from './chart.ts';
import { isClaim, type Claim } from './claims.ts';
import { isEstimationDrill, type EstimationDrill } from './estimation.ts';
import { isAssumptions, type Assumptions } from './provenance.ts';
import { isRanges, type Ranges } from './ranges.ts';
import { isScenario, type Scenario } from './scenario.ts';
import { linkParams } from './scenario-link.ts';

export interface ChartBinding<O = unknown> {
  readonly scenario: Scenario<O>;
  readonly chart: ChartModule<O>;
  /** what the chart shows, for screen readers (one sentence) */
  readonly label: string;
  /** what to notice, shown under the chart */
  readonly caption: string;
}

/** Binds a chart to a scenario; a chart of another model's output fails the build naming both. */
export function chart<O, I>(
  s: Scenario<O, I>,
  module: ChartModule<O>,
  words: { readonly label: string; readonly caption: string },
): ChartBinding<O> {
  if (module.model !== s.modelId) {
    throw new Error(
      `chart "${module.name}" draws the output of model ${module.model}, but scenario "${s.name}" is of model ${s.modelId}: bind it to a scenario of ${module.model}`,
    );
  }
  return { scenario: s, chart: module, label: words.label, caption: words.caption };
}

export function isChartBinding(v: unknown): v is ChartBinding {
  return typeof v === 'object' && v !== null && 'chart' in v && 'scenario' in v && 'caption' in v;
}

/** A drill: a link that opens the page with a scenario changed, and the question to answer before looking. */
export interface Drill {
  readonly scenario: Scenario<unknown>;
  readonly change: Readonly<Record<string, unknown>>;
  /** the section it lands on */
  readonly anchor: string;
  /** the link's words: what changes */
  readonly title: string;
  /** what to predict before looking */
  readonly question: string;
  /** `?limiter.localShare=0.5#capacity-estimation`: values in base units (see scenario-link.ts) */
  readonly href: string;
}

export function drill<O, I>(
  s: Scenario<O, I>,
  change: Partial<I>,
  where: { anchor: string; title: string; question: string },
): Drill {
  for (const k of Object.keys(change)) {
    if (!(k in s.resolved)) throw new Error(`drill "${where.question}": scenario "${s.name}" has no input "${k}"`);
  }
  const params = linkParams(s.name, change);
  return {
    scenario: s,
    change: change,
    ...where,
    href: `?${params}#${where.anchor}`,
  };
}

export function isDrill(v: unknown): v is Drill {
  return typeof v === 'object' && v !== null && 'href' in v && 'question' in v && 'change' in v;
}

/** Everything a case-study module declares, collected from its exports (nothing is listed twice). */
export interface CaseStudy {
  readonly slug: string;
  readonly scenarios: readonly Scenario<unknown>[];
  readonly charts: readonly ChartBinding[];
  readonly claims: readonly Claim[];
  readonly drills: readonly Drill[];
  readonly assumptions: readonly Assumptions[];
  /** realistic low / high of uncertain inputs (src/lib/ranges.ts) */
  readonly ranges: readonly Ranges[];
  /** estimation drills graded by the models (src/lib/estimation.ts) */
  readonly estimations: readonly EstimationDrill[];
  /** the models its scenarios use, in order of first use */
  readonly models: readonly Model[];
}

export function collectCaseStudy(slug: string, exports: Readonly<Record<string, unknown>>): CaseStudy {
  const values = Object.values(exports);
  const scenarios = values.filter(isScenario);
  const names = new Set<string>();
  for (const s of scenarios) {
    if (names.has(s.name)) throw new Error(`case study ${slug}: two scenarios are named "${s.name}"`);
    names.add(s.name);
  }
  const charts = values.filter(isChartBinding);
  const claims = values.filter(isClaim);
  const drills = values.filter(isDrill);
  const assumptions = values.filter(isAssumptions);
  const ranges = values.filter(isRanges);
  const estimations = values.filter(isEstimationDrill);
  for (const x of [...charts, ...drills, ...assumptions, ...ranges, ...estimations]) {
    if (!scenarios.includes(x.scenario)) {
      throw new Error(`case study ${slug}: "${x.scenario.name}" is used but not exported from the module`);
    }
  }
  for (const c of claims) {
    if (!names.has(c.scenario))
      throw new Error(`case study ${slug}: claim "${c.says}" is about an unexported scenario "${c.scenario}"`);
  }
  // A range sits next to its provenance: the reader sees where the likely value comes from and why the range is this wide.
  for (const r of ranges) {
    for (const field of Object.keys(r.ranges)) {
      if (!assumptions.some((a) => a.scenario === r.scenario && field in a.fields)) {
        throw new Error(
          `case study ${slug}: the range of ${r.scenario.name}.${field} has no provenance: add "${field}" to assumptions(${r.scenario.name}, …)`,
        );
      }
    }
  }
  const ids = new Set<string>();
  for (const e of estimations) {
    if (ids.has(e.id)) throw new Error(`case study ${slug}: two estimation drills have the id "${e.id}"`);
    ids.add(e.id);
  }
  const models = [...new Set(scenarios.map((s) => s.model))];
  return { slug, scenarios, charts, claims, drills, assumptions, ranges, estimations, models };
}
