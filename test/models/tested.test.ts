/**
 * The gate against an untested model: every registered model lives in models/<area>/<name>.ts and has a
 * test file test/models/<area>/<name>.test.ts that imports that file and cites at least three published
 * sources beside its assertions (the house rule: each model pinned to three published values, each with
 * its source). A model can't be merged with no test or a test without provenance.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Model } from '../../models/model.ts';
import { models } from '../../models/registry.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MODELS = join(ROOT, 'models');

/**
 * A comment or test title that says where an expected value comes from: a source (a URL, a book's table,
 * page, chapter, section or example, a dated publication, "et al.") or an independent derivation, the two
 * kinds of provenance the house accepts.
 */
const CITATION =
  /(\/\/|\*|\bit\(|\bdescribe\().*(\bsources?\b|\bpublished\b|https?:\/\/|\btable \d|\bp\. ?\d|\bch\. ?\d|§ ?\d|\bexample \d|\bexercise \d|\bet al\.|\b(19|20)\d\d\b|independent(ly)? derive|independent derivation|derived by hand|worked out by hand)/i;

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
    const citations = text.split('\n').filter((line) => CITATION.test(line)).length;
    expect(
      citations,
      `${where} states the provenance of ${citations} value(s); a model needs at least three, each a published source or an independent derivation named beside the assertion`,
    ).toBeGreaterThanOrEqual(3);
  });
});
