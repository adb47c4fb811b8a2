/**
 * Content tests over every case study: the frontmatter schema's messages, the required sections in
 * order, that every page has its module and reads its numbers from it, and that every empirical input of
 * its scenarios says where it comes from.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'astro/zod';
import { caseStudyFields, requireCaseStudyFields } from '../../src/lib/frontmatter.ts';
import { sectionProblems } from '../../src/lib/sections.ts';
import { caseStudyBySlug } from '../../src/lib/case-studies.ts';
import { inputJsonSchema } from '../../models/problems.ts';

const dir = join(import.meta.dirname, '../../case-studies');
const pages = readdirSync(dir).filter((f) => /^[^_].*\.mdx?$/.test(f));

function frontmatterOf(text: string): string {
  const m = /^---\n([\s\S]*?)\n---/.exec(text);
  return m?.[1] ?? '';
}

const schema = caseStudyFields.superRefine(requireCaseStudyFields);
const valid = {
  description: 'A sentence long enough to summarise a case study for a reader and a search engine.',
  domain: 'rate-limiting',
  difficulty: 'intermediate',
  tags: ['rate-limiting'],
  lastReviewed: '2026-11-01',
};

function messages(data: unknown): string[] {
  const r = schema.safeParse(data);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('case-study frontmatter', () => {
  it('accepts a complete frontmatter', () => {
    expect(messages(valid)).toEqual([]);
  });

  it('names each missing field and what it must hold', () => {
    const got = messages({});
    expect(got).toContain(
      'domain: domain is required on a case study: one of rate-limiting, payments, ledgers, marketplaces, notifications, messaging, storage, search, coordination',
    );
    expect(got.map((m) => m.split(':')[0])).toEqual(['description', 'domain', 'difficulty', 'tags', 'lastReviewed']);
  });

  it('refuses a hand-kept list of models: they are derived from the module', () => {
    const got = messages({ ...valid, models: ['mm1'] });
    expect(got).toEqual(['models: models is derived from the case study’s module (case-studies/<slug>.ts): remove this line']);
  });

  it('rejects a bad domain, a non-kebab tag, a short description and a future review date', () => {
    const future = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const got = messages({
      ...valid,
      domain: 'crypto',
      tags: ['Rate Limiting'],
      description: 'Too short.',
      lastReviewed: future,
    });
    expect(got).toEqual([
      expect.stringMatching(/^description: description must be at least 50 characters/),
      expect.stringMatching(/^domain: domain must be one of: rate-limiting, /),
      'tags.0: each tag must be kebab-case, e.g. "token-bucket"',
      'lastReviewed: lastReviewed cannot be in the future',
    ]);
  });

  it('lets site pages (pageType: page) omit the case-study fields', () => {
    expect(messages({ pageType: 'page' })).toEqual([]);
  });

  it('is a zod object Starlight can merge', () => {
    expect(caseStudyFields).toBeInstanceOf(z.ZodObject);
  });
});

describe('section template', () => {
  it('reports missing and out-of-order sections', () => {
    expect(sectionProblems(['Requirements', 'Architecture', 'Capacity estimation'])).toEqual(
      expect.arrayContaining([
        'the section "## Architecture" must come after the one before it in the template',
        'missing the section "## References"',
      ]),
    );
  });
});

describe.each(pages)('case study %s', (file) => {
  const text = readFileSync(join(dir, file), 'utf8');
  const slug = file.replace(/\.mdx?$/, '');
  const study = caseStudyBySlug(slug);

  it('has every required section, in order', () => {
    const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1] ?? '');
    expect(sectionProblems(headings)).toEqual([]);
  });

  it('has its module beside it, imports its numbers from it, and declares no scenario of its own', () => {
    expect(study, `create case-studies/${slug}.ts (npm run new:case-study scaffolds one)`).toBeDefined();
    expect(text).toContain(`from './${slug}.ts'`);
    expect(text, 'scenarios belong in the module, not the MDX').not.toMatch(/\bscenario\s*\(/);
    expect(frontmatterOf(text)).not.toMatch(/^models:/m);
  });

  it('says where every empirical input of its scenarios comes from', () => {
    // An empirical input (a throughput per node, a latency, a size, a price, a rate cap) is marked so in
    // its model (`.meta({ empirical: true })`); the module must give each such input of each scenario a
    // provenance in its assumptions: a source, a measurement, a derivation or a stated choice. A derived
    // scenario inherits its source's.
    const missing: string[] = [];
    for (const s of study?.scenarios ?? []) {
      const props = (inputJsonSchema(s.model.input).properties ?? {}) as Record<string, { empirical?: boolean }>;
      const owner = s.source ?? s.name;
      const given = new Set(
        (study?.assumptions ?? []).filter((a) => a.scenario.name === owner).flatMap((a) => Object.keys(a.fields)),
      );
      for (const [field, schema] of Object.entries(props)) {
        if (schema.empirical && !given.has(field)) missing.push(`${s.name}.${field}`);
      }
    }
    expect(missing, 'empirical inputs without provenance: add them to an assumptions(...) of the module').toEqual([]);
  });
});
