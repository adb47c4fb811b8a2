/**
 * Model pages teach from the files that already say it: the doc comment, the worked example checked, the
 * test file's citations (as the source gate counts them) and the case studies that use the model, with
 * links to the sections where its scenarios appear.
 */
import { describe, expect, it } from 'vitest';
import type { Model } from '../../models/model.ts';
import { getModel, models } from '../../models/registry.ts';
import { headingsOf, sectionsUsing, teachingOf } from '../../src/lib/model-teaching.ts';

function registered(id: string): Model {
  const m = getModel(id);
  if (!m) throw new Error(`no model ${id}`);
  return m;
}

describe('what a model page teaches', () => {
  it('every model has a doc comment with prose, a worked example that holds, and the citations its gate counts', () => {
    for (const m of models) {
      const t = teachingOf(m);
      expect(t.doc.about.length, `${m.id}: no doc comment prose`).toBeGreaterThan(0);
      expect(t.doc.example.length, `${m.id}: no worked example`).toBeGreaterThan(0);
      expect(
        t.stated.every((r) => r.holds),
        m.id,
      ).toBe(true);
      expect(t.citations.length, `${m.id}: fewer than three citations in ${t.testFile}`).toBeGreaterThanOrEqual(3);
    }
  });

  it('mm1: its formulas stay formulas, and its example states W = 50 ms for 80/s against 100/s', () => {
    const t = teachingOf(registered('mm1'));
    expect(t.file).toBe('models/queueing/mm1.ts');
    expect(
      t.doc.about.flatMap((p) => p.blocks).some((b) => b.kind === 'formula' && b.text.startsWith('probEmpty  P0 = 1 − ρ')),
    ).toBe(true);
    // Independent derivation: W = 1/(μ − λ) = 1/(100 − 80) = 0.05 s.
    expect(t.stated.find((r) => r.path === 'meanTimeInSystem')).toMatchObject({ stated: 0.05, holds: true });
    expect(t.doc.about.some((p) => p.label === 'Units')).toBe(false); // the inputs table says the units
  });

  it('retry-amplification is used by payments and rate-limiting, linked to the sections that bind it', () => {
    const t = teachingOf(registered('retry-amplification'));
    expect(t.usedBy.map((u) => u.slug).sort()).toEqual(['payments', 'rate-limiting']);
    for (const u of t.usedBy) {
      expect(u.scenarios).toEqual(['retries']);
      expect(u.sections.length).toBeGreaterThan(0);
      for (const s of u.sections) expect(s.href).toMatch(new RegExp(`^/case-studies/${u.slug}/#[a-z0-9-]+$`));
    }
  });

  it('a model no case study uses says so with an empty list', () => {
    const unused = models.filter((m) => teachingOf(m).usedBy.length === 0).map((m) => m.id);
    expect(unused).toContain('erlang-b-load');
  });
});

describe('sections of a case study page', () => {
  const mdx = [
    '---',
    'title: x',
    '---',
    'Intro <Value of={a} field="x" />',
    '## Capacity estimation',
    '<Panel',
    '  of={a}',
    '/>',
    '```ts',
    '## not a heading',
    '```',
    '### Deep `code` dive',
    'x <Value of={study.b} field="y" /> and <Value of={ab} field="z" />',
    '## Capacity estimation',
    '<Value of={a} field="x" />',
  ].join('\n');

  it('slugs headings as Starlight does, duplicates numbered, fences skipped', () => {
    expect(headingsOf(mdx).map((h) => h.slug)).toEqual(['capacity-estimation', 'deep-code-dive', 'capacity-estimation-1']);
  });

  it('links each section that binds a scenario once, and none for text before the first heading', () => {
    expect(sectionsUsing(mdx, ['a'], '/p/')).toEqual([
      { heading: 'Capacity estimation', href: '/p/#capacity-estimation' },
      { heading: 'Capacity estimation', href: '/p/#capacity-estimation-1' },
    ]);
    expect(sectionsUsing(mdx, ['b'], '/p/')).toEqual([{ heading: 'Deep code dive', href: '/p/#deep-code-dive' }]);
  });
});
