/**
 * Estimation drills: practice at back-of-the-envelope numbers, graded by the case study's own model. A
 * drill draws some of a scenario's inputs from their declared ranges (src/lib/ranges.ts), seeded so a link
 * reproduces it, asks for one output with its unit, and, once the reader has answered, shows the model's
 * answer, the derivation as the model's own intermediate outputs, and a rule of thumb.
 *
 *   export const primariesDrill = estimationDrill('rate-limiting-primaries', limiterRanges, {
 *     title: 'Redis primaries for a rate limiter',
 *     draw: ['peakRequestsPerSecond', 'checksPerRequest'],
 *     question: 'An API peaks at {in.peakRequestsPerSecond|compact} requests a second … How many primaries?',
 *     answer: { output: 'primaries', unit: 'primaries', format: 'integer' },
 *     steps: ['… {out.redisOpsPerSecond|compact} …', '… {out.primaries|integer} primaries.'],
 *     rule: 'One Redis primary runs about 10^5 simple commands a second on one core.',
 *   });
 *
 * Sentences are templates: `{in.<input>}` and `{out.<output path>}` (pick.ts paths), with an optional
 * `|<format>` (src/lib/format.ts; by default from the field's unit). Checked at build: every drawn field
 * has a range and appears in the question, every placeholder exists, the last step states the answer,
 * and fifty seeds evaluate to a positive answer.
 */
import type { AnswerKind } from './estimate-parse.ts';
import { fillTemplate, placeholders, type DrawSpec, type DrillConfig } from './estimation-draw.ts';
import { runDrill } from './estimation-run.ts';
import { formats, type Format } from './format.ts';
import type { Ranges } from './ranges.ts';
import type { Scenario } from './scenario.ts';
import { inputJsonSchema } from '../../models/problems.ts';
import { areaOf } from '../../models/registry.ts';
import { pick } from './pick.ts';

export interface EstimationSpec {
  /** a few words: what is estimated, for what */
  readonly title: string;
  /** the inputs drawn from their ranges, in the order they are drawn */
  readonly draw: readonly string[];
  readonly question: string;
  readonly answer: {
    /** the output estimated (a path) */
    readonly output: string;
    /** its unit in words, shown beside the reader's field: "requests per second", "primaries" */
    readonly unit: string;
    readonly format?: Format;
    /** how the reader may write it (suffixes, $, bytes units); by default from the output's unit */
    readonly kind?: AnswerKind;
  };
  /** the derivation, one sentence a step; the last one states the answer */
  readonly steps: readonly string[];
  /** the rule of thumb that gets there fast */
  readonly rule: string;
}

export interface EstimationDrill {
  readonly kind: 'estimation';
  readonly id: string;
  readonly title: string;
  readonly scenario: Scenario<unknown>;
  readonly ranges: Ranges;
  readonly draws: readonly DrawSpec[];
  readonly question: string;
  readonly steps: readonly string[];
  readonly rule: string;
  readonly answer: DrillConfig['answer'];
}

const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

type Units = Record<string, { unit?: string } | undefined>;

function defaultFormat(unit: string | undefined): Format {
  switch (unit) {
    case 's':
      return 'duration';
    case 'fraction':
      return 'percent';
    case 'B':
      return 'bytes';
    case 'B/s':
      return 'bitrate';
    case 'USD':
      return 'usd';
    default:
      return 'decimal';
  }
}

export function estimationDrill(id: string, r: Ranges, spec: EstimationSpec): EstimationDrill {
  const s = r.scenario;
  const where = `estimation drill "${id}" (scenario "${s.name}", model ${s.modelId})`;
  if (!ID.test(id)) throw new Error(`${where}: an id is kebab-case letters and digits (it appears in links)`);
  if (spec.draw.length === 0) throw new Error(`${where}: draw at least one input from its range`);
  const draws: DrawSpec[] = spec.draw.map((field) => {
    const range = r.ranges[field];
    if (!range) {
      throw new Error(`${where}: "${field}" has no declared range; ranged inputs: ${Object.keys(r.ranges).join(', ') || 'none'}`);
    }
    return { field, low: range.low, high: range.high, scale: range.scale, integer: range.integer };
  });
  const inputUnits = (inputJsonSchema(s.model.input).properties ?? {}) as Units;
  const outputUnits = s.model.outputs as unknown as Units;
  /** Gives every placeholder an explicit format, checking that it leads to a value. */
  const normalize = (template: string, what: string): string =>
    template.replace(/\{(in|out)\.([^}|]+)(?:\|([a-z]+))?\}/g, (_all, from: string, path: string, format?: string) => {
      const root = from === 'in' ? s.resolved : s.output;
      if (pick(root, path) === undefined) {
        throw new Error(`${where}: ${what} names ${from === 'in' ? 'input' : 'output'} "${path}", which the model does not have`);
      }
      if (format !== undefined && !(formats as readonly string[]).includes(format)) {
        throw new Error(`${where}: ${what} formats "${path}" as "${format}"; formats: ${formats.join(', ')}`);
      }
      const top = path.split(/[.[]/)[0] ?? path;
      const f = format ?? defaultFormat((from === 'in' ? inputUnits : outputUnits)[top]?.unit);
      return `{${from}.${path}|${f}}`;
    });
  const question = normalize(spec.question, 'the question');
  const steps = spec.steps.map((t, i) => normalize(t, `step ${i + 1}`));
  const asked = new Set(
    placeholders(question)
      .filter(([from]) => from === 'in')
      .map(([, path]) => path),
  );
  const unsaid = spec.draw.filter((f) => !asked.has(f));
  if (unsaid.length)
    throw new Error(`${where}: the question must state the drawn inputs; it does not mention ${unsaid.join(', ')}`);
  if (placeholders(question).some(([from]) => from === 'out')) {
    throw new Error(`${where}: the question may not show an output (the reader would see the working)`);
  }
  const last = steps.at(-1);
  if (!last || !placeholders(last).some(([from, path]) => from === 'out' && path === spec.answer.output)) {
    throw new Error(`${where}: the last step must state the answer, {out.${spec.answer.output}}`);
  }
  const answerUnit = outputUnits[spec.answer.output.split(/[.[]/)[0] ?? '']?.unit;
  const format = spec.answer.format ?? defaultFormat(answerUnit);
  const kind: AnswerKind =
    spec.answer.kind ??
    (format === 'percent' ? 'percent' : answerUnit === 'B' ? 'bytes' : answerUnit === 'USD' ? 'usd' : 'count');
  // An answer shown in percent must be read in percent: a reader who types "0.075%" for 0.075 % is right.
  if ((format === 'percent') !== (kind === 'percent')) {
    throw new Error(
      `${where}: the answer is shown as ${format} but read as ${kind}; a share shown in percent is read with kind 'percent' (and only such a share)`,
    );
  }
  if (!spec.rule.trim() || !spec.title.trim()) throw new Error(`${where}: give it a title and a rule of thumb`);
  const drill: EstimationDrill = {
    kind: 'estimation',
    id,
    title: spec.title,
    scenario: s,
    ranges: r,
    draws,
    question,
    steps,
    rule: spec.rule,
    answer: { output: spec.answer.output, unit: spec.answer.unit, format, kind },
  };
  // Every draw a reader can get must evaluate: check a spread of seeds now, so no reader meets a broken one.
  const probe = drillConfig(drill, { slug: 'build', title: 'build' });
  for (let seed = 1; seed <= 50; seed++) {
    try {
      runDrill(s.model, probe, seed);
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`, { cause: e });
    }
  }
  // The static sentences at the scenario's own values must fill too.
  fillTemplate(question, s.resolved, s.output);
  return drill;
}

export function isEstimationDrill(v: unknown): v is EstimationDrill {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'estimation' && 'draws' in v;
}

/** What the browser receives for a drill of a case study. */
export function drillConfig(d: EstimationDrill, study: { slug: string; title: string; href?: string }): DrillConfig {
  const drawn = new Set(d.draws.map((x) => x.field));
  const base = Object.fromEntries(Object.entries(d.scenario.resolved).filter(([k]) => !drawn.has(k)));
  const area = areaOf(d.scenario.modelId);
  if (!area) throw new Error(`estimation drill "${d.id}": model ${d.scenario.modelId} is not in any area of models/registry.ts`);
  return {
    id: d.id,
    title: d.title,
    study: study.slug,
    studyTitle: study.title,
    href: study.href ?? `/case-studies/${study.slug}/`,
    scenario: d.scenario.name,
    model: d.scenario.modelId,
    area,
    base,
    draws: d.draws,
    question: d.question,
    steps: d.steps,
    rule: d.rule,
    answer: d.answer,
  };
}
