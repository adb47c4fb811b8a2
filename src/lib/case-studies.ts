/**
 * Every case study's module (case-studies/<slug>.ts), found by Vite's glob at build time and in tests,
 * collected into what it declares (src/lib/case-study.ts). Node scripts outside Vite (capacity-diff)
 * import the same files by path.
 */
import { collectCaseStudy, type CaseStudy } from './case-study.ts';

const modules = import.meta.glob<Record<string, unknown>>('../../case-studies/[!_]*.ts', { eager: true });

export const caseStudies: readonly CaseStudy[] = Object.entries(modules).map(([path, exports]) =>
  collectCaseStudy(/([^/]+)\.ts$/.exec(path)?.[1] ?? path, exports),
);

export function caseStudyBySlug(slug: string): CaseStudy | undefined {
  return caseStudies.find((c) => c.slug === slug);
}
