/**
 * The gate against an untested model: every registered model lives in models/<area>/<name>.ts and has a
 * test file test/models/<area>/<name>.test.ts that imports that file and states the provenance of at least
 * three expected values beside its assertions (the house rule: each model pinned to three published values,
 * each with its source). A model can't be merged with no test or a test without provenance.
 *
 * What counts as provenance is deliberately narrow: a reader must be able to open the document, or follow the
 * derivation. A citation is one comment block (consecutive comment lines, with the `it(` or `describe(` title
 * just above them) that does one of these:
 * - names a web document by title and address: an http(s) URL (not a placeholder host such as example.com)
 *   and a quoted title ("…" or “…”) in the same block;
 * - names a book or paper with a place in it: a chapter, section (§), table, page, equation, figure, appendix,
 *   example or exercise with its number, and the work itself (its quoted title, an edition, a volume, a DOI,
 *   an ISBN or an RFC number);
 * - says "independent derivation" (or "independently derived", "derived by hand", "hand derivation", "worked
 *   out by hand") and shows it: numbers with an operator or a relation (=, ≈, <, ×, ·, ^, Σ, …).
 * "Source:", "published", a bare year, an author's name or "same paper" alone do not count: they name nothing a
 * reader can open. A block counts once however many lines it spans, and at least one of a file's three must be a
 * published document, not a derivation: a model checked only against its own arithmetic is not yet tested.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Model } from '../../models/model.ts';
import { models } from '../../models/registry.ts';
import { citations, provenanceOf } from '../../src/lib/citations.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MODELS = join(ROOT, 'models');

function modelFiles(): string[] {
  return readdirSync(MODELS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(MODELS, d.name))
        .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
        .map((f) => join(MODELS, d.name, f)),
    );
}

/** Which file defines each registered model (by identity of the exported object). */
async function fileOfEachModel(): Promise<Map<Model, string>> {
  const registered = new Set(models);
  const out = new Map<Model, string>();
  for (const file of modelFiles()) {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const value of Object.values(mod)) if (registered.has(value as Model)) out.set(value as Model, file);
  }
  return out;
}

describe('every registered model is tested against published values', async () => {
  const files = await fileOfEachModel();

  it('is defined in a file of its area', () => {
    const orphans = models.filter((m) => !files.has(m)).map((m) => m.id);
    expect(orphans, 'models not exported from any models/<area>/<name>.ts').toEqual([]);
  });

  it.each(models.map((m) => [m.id, m] as const))('%s has its own test file citing at least three sources', (id, m) => {
    const file = files.get(m);
    if (!file) return expect.fail(`${id}: not found in any models/<area>/<name>.ts`);
    const area = basename(dirname(file));
    const name = basename(file, '.ts');
    const testFile = join(ROOT, 'test', 'models', area, `${name}.test.ts`);
    const where = relative(ROOT, testFile);
    if (!existsSync(testFile)) {
      return expect.fail(
        `${id} (${relative(ROOT, file)}) has no test: create ${where} with at least three published values, each with its source ` +
          'in a comment beside the assertion (npm run new:model scaffolds one).',
      );
    }
    const text = readFileSync(testFile, 'utf8');
    expect(text.includes(`models/${area}/${name}.ts`), `${where} does not import ../../../models/${area}/${name}.ts`).toBe(true);
    const found = citations(text);
    expect(
      found.length,
      `${where} states the provenance of ${found.length} value(s)${found.length ? ` (lines ${found.map((c) => c.line).join(', ')})` : ''}; ` +
        'a model needs at least three, each beside its assertion: a document by title and address (a quoted title and an ' +
        'http(s) URL), a book or paper with its chapter, section, table, page or equation, or an "independent derivation" ' +
        'that is shown (see the comment at the top of test/models/tested.test.ts)',
    ).toBeGreaterThanOrEqual(3);
    expect(
      found.some((c) => c.kind !== 'derivation'),
      `${where} derives all its expected values itself; at least one must be a published value whose document is named ` +
        '(a quoted title with an http(s) URL, or a book or paper with its chapter, section, table, page or equation)',
    ).toBe(true);
  });
});

describe('what the gate counts as provenance', () => {
  it('counts a titled address, a located book or paper, and a derivation that is shown', () => {
    expect(provenanceOf(' Source: Wikipedia, "Little\'s law", https://en.wikipedia.org/wiki/Little%27s_law')).toBe('document');
    expect(provenanceOf(' Source: A. S. Tanenbaum, Computer Networks (4th ed., ch. 5): "about 11 msec"')).toBe('book-or-paper');
    expect(provenanceOf(' Dean & Barroso, "The Tail at Scale", CACM 56(2), p. 75')).toBe('book-or-paper');
    expect(provenanceOf(' Independent derivation: 1 − 0.99^100 = 0.634')).toBe('derivation');
  });

  it('does not count what a reader cannot open or follow', () => {
    expect(provenanceOf(' Source: the same paper, published 2013')).toBeNull(); // no document named
    expect(provenanceOf(' as transcribed at https://example-a.com/answer/19777779: "if you touch one"')).toBeNull(); // placeholder
    expect(provenanceOf(' Source: "Design Pastebin" (chiraghasija.cc/designs/pastebin)')).toBeNull(); // no address scheme
    expect(provenanceOf(' https://erlang.com/reply/32934/')).toBeNull(); // an address without a title
    expect(provenanceOf(' Table 3 of the usual tables')).toBeNull(); // a place in no named work
    expect(provenanceOf(' Independent derivation (mpmath, forty digits)')).toBeNull(); // said, not shown
  });

  it('counts one block once, however many lines it spans, and a title with the comment under it', () => {
    const file = [
      "  it('matches the paper (p. 75)', () => {",
      '    // Source: Dean & Barroso, "The Tail at Scale",',
      '    // https://doi.org/10.1145/2408776.2408794',
      '    expect(1).toBe(1);',
      '    // Independent derivation: 2 × 3 = 6',
      '    expect(6).toBe(6);',
      '  });',
    ].join('\n');
    expect(citations(file).map((c) => [c.line, c.kind])).toEqual([
      [1, 'document'],
      [5, 'derivation'],
    ]);
  });
});
