/**
 * Content tests over every case study: the frontmatter schema's messages, the required sections in
 * order, and that every scenario a page declares uses a model the frontmatter lists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'astro/zod';
import { caseStudyFields, requireCaseStudyFields } from '../../src/lib/frontmatter.ts';
import { sectionProblems } from '../../src/lib/sections.ts';
import { modelIds } from '../../models/registry.ts';

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
  models: [modelIds[0]],
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
      'domain: domain is required on a case study: one of rate-limiting, payments, ledgers, marketplaces, notifications, messaging, storage, search',
    );
    expect(got.map((m) => m.split(':')[0])).toEqual(['description', 'domain', 'difficulty', 'tags', 'models', 'lastReviewed']);
  });

  it('rejects an unknown model id and lists the known ones', () => {
    const got = messages({ ...valid, models: ['erlang-z'] });
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/"erlang-z" is not a model id; known ids: .*sliding-window-counter/);
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
  const listed = [...frontmatterOf(text).matchAll(/^models:\s*\[([^\]]*)\]/gm)].flatMap((m) =>
    (m[1] ?? '').split(',').map((s) => s.trim()),
  );

  it('has every required section, in order', () => {
    const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1] ?? '');
    expect(sectionProblems(headings)).toEqual([]);
  });

  it('declares scenarios only of models its frontmatter lists, and lists only known models', () => {
    const used = [...text.matchAll(/scenario\(\s*'[^']+'\s*,\s*'([^']+)'/g)].map((m) => m[1]);
    for (const id of used) expect(listed, `scenario model "${id}" must be listed in the frontmatter's models`).toContain(id);
    for (const id of listed) expect(modelIds, `frontmatter lists unknown model "${id}"`).toContain(id);
  });
});
