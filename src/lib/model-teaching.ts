/**
 * What a model's page teaches beyond its inputs and outputs, gathered at build time from the files that
 * already say it, so no page is written by hand and none can drift:
 *   - the doc comment (models/<area>/<file>.ts): what it computes and why, formulas, assumptions and
 *     limits, and the worked example (src/lib/model-docs.ts);
 *   - the worked example's stated results beside what the model computes today (src/lib/worked-example.ts);
 *     a result that does not hold stops the build;
 *   - the published values it is tested against: the citations the source gate counts in its test file
 *     (test/models/<area>/<file>.test.ts, src/lib/citations.ts);
 *   - the case studies that use it, with the sections where their scenarios of it appear.
 */
import type { Model } from '../../models/model.ts';
import GithubSlugger from 'github-slugger';
import { caseStudies } from './case-studies.ts';
import { citations, type CitationBlock, type Provenance } from './citations.ts';
import { modelDoc, type ModelDoc } from './model-docs.ts';
import { exampleProblems, statedRows, type StatedRow } from './worked-example.ts';

const modelSources = import.meta.glob<string>('../../models/*/*.ts', { query: '?raw', import: 'default', eager: true });
const testSources = import.meta.glob<string>('../../test/models/*/*.test.ts', { query: '?raw', import: 'default', eager: true });
const pageSources = import.meta.glob<string>('../../case-studies/[!_]*.mdx', { query: '?raw', import: 'default', eager: true });

export interface Citation extends CitationBlock {
  readonly kind: Provenance;
}

export interface SectionLink {
  readonly heading: string;
  readonly href: string;
}

export interface CaseStudyUse {
  readonly slug: string;
  readonly title: string;
  readonly href: string;
  /** the scenarios of this model on that page */
  readonly scenarios: readonly string[];
  /** the sections (h2, h3) where those scenarios' numbers, panels or charts appear, in page order */
  readonly sections: readonly SectionLink[];
}

export interface Teaching {
  /** models/<area>/<file>.ts */
  readonly file: string;
  readonly doc: ModelDoc;
  readonly stated: readonly StatedRow[];
  /** test/models/<area>/<file>.test.ts */
  readonly testFile: string;
  readonly citations: readonly Citation[];
  readonly usedBy: readonly CaseStudyUse[];
}

/** The model file that defines this id (ids are unique; a file may define close variants). */
function fileOf(model: Model): [string, string] {
  const hit = Object.entries(modelSources).find(([, text]) => text.includes(`id: '${model.id}',`));
  if (!hit) throw new Error(`model ${model.id}: no file under models/ defines id '${model.id}'`);
  return [hit[0].replace(/^\.\.\/\.\.\//, ''), hit[1]];
}

/** The h2/h3 headings of an MDX page, each with the id Starlight gives it, and the line it starts. */
export function headingsOf(mdx: string): { line: number; depth: number; text: string; slug: string }[] {
  const slugger = new GithubSlugger();
  let inFence = false;
  const out: { line: number; depth: number; text: string; slug: string }[] = [];
  mdx.split('\n').forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const m = inFence ? null : /^(#{2,3})\s+(.+?)\s*$/.exec(line);
    if (!m) return;
    const text = (m[2] ?? '').replace(/`/g, '');
    out.push({ line: i, depth: (m[1] ?? '').length, text, slug: slugger.slug(text) });
  });
  return out;
}

/** The sections of a page in which any of these scenarios is bound (`of={name}` or `of={study.name}`). */
export function sectionsUsing(mdx: string, scenarioNames: readonly string[], pageHref: string): SectionLink[] {
  const headings = headingsOf(mdx);
  const lines = mdx.split('\n');
  const seen = new Set<string>();
  const out: SectionLink[] = [];
  const binds = new RegExp(`of=\\{(?:study\\.)?(?:${scenarioNames.join('|')})\\}`);
  lines.forEach((line, i) => {
    if (scenarioNames.length === 0 || !binds.test(line)) return;
    const h = headings.filter((x) => x.line < i).at(-1);
    if (!h || seen.has(h.slug)) return;
    seen.add(h.slug);
    out.push({ heading: h.text, href: `${pageHref}#${h.slug}` });
  });
  return out;
}

function titleOf(mdx: string, slug: string): string {
  const m = /^title:\s*(.+)$/m.exec(mdx);
  return (m?.[1] ?? slug).trim().replace(/^"(.*)"$/, '$1');
}

export function teachingOf(model: Model): Teaching {
  const [file, source] = fileOf(model);
  const problems = exampleProblems(model);
  if (problems.length > 0) throw new Error(`the worked example is wrong:\n${problems.join('\n')}`);
  const testFile = file.replace(/^models\//, 'test/models/').replace(/\.ts$/, '.test.ts');
  const testSource = testSources[`../../${testFile}`] ?? '';
  const usedBy = caseStudies
    .filter((c) => c.models.includes(model))
    .map((c) => {
      const mdx = pageSources[`../../case-studies/${c.slug}.mdx`] ?? '';
      const href = `/case-studies/${c.slug}/`;
      const scenarios = c.scenarios.filter((s) => s.model === model).map((s) => s.name);
      return { slug: c.slug, title: titleOf(mdx, c.slug), href, scenarios, sections: sectionsUsing(mdx, scenarios, href) };
    });
  return {
    file,
    doc: modelDoc(source),
    stated: statedRows(model),
    testFile,
    citations: citations(testSource),
    usedBy,
  };
}
