/**
 * The scaffolds: `npm run new:case-study <slug>` writes a page that passes the frontmatter schema, the
 * section template and the scenario checks, and whose bound numbers evaluate; `npm run new:model
 * <area>/<id>` writes a model that honours the contract and a test whose three published-value tests
 * fail (and only those) until the contributor fills them in. Both refuse bad or taken names.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'astro/zod';
import type { Model } from '../../models/model.ts';
import { inputJsonSchema } from '../../models/problems.ts';
import { modelIds } from '../../models/registry.ts';
import { units } from '../../models/units.ts';
import { caseStudyFields, domains, requireCaseStudyFields } from '../../src/lib/frontmatter.ts';
import { sectionProblems } from '../../src/lib/sections.ts';
import { loadSiteModules, publishedOf } from '../../scripts/lib/published.ts';
import { caseStudyModuleText, caseStudyText, checkSlug, newCaseStudy } from '../../scripts/new-case-study.ts';
import { newModel, parseModelName } from '../../scripts/new-model.ts';

const repo = join(import.meta.dirname, '../..');
const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lb-scaffold-'));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** The frontmatter as YAML reads it, for the forms the template writes: `key: value`, `[a, b]`, "json string". */
function frontmatter(text: string): Record<string, unknown> {
  const block = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
  const data: Record<string, unknown> = {};
  for (const line of block.split('\n')) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const m = /^(\w+): (.*)$/.exec(line);
    if (!m) throw new Error(`frontmatter line not in the template's simple form: ${line}`);
    const raw = m[2] as string;
    data[m[1] as string] = raw.startsWith('[')
      ? raw
          .slice(1, -1)
          .split(',')
          .map((s) => s.trim())
      : raw.startsWith('"')
        ? (JSON.parse(raw) as string)
        : raw;
  }
  return data;
}

/** Node running a script the way task.sh does, without the parent test run's VITEST variables. */
function run(bin: string, args: string[], cwd = repo) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && !['NODE_ENV', 'TEST', 'FORCE_COLOR'].includes(k)),
  );
  return spawnSync(bin, args, { cwd, env: { ...env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 60_000 });
}

describe('new:case-study', () => {
  const text = caseStudyText('payments-ledger', { date: '2026-11-01' });

  it('writes every frontmatter field the schema requires, and the schema accepts them', () => {
    const data = frontmatter(text);
    expect(Object.keys(data)).toEqual(['title', 'description', 'domain', 'difficulty', 'tags', 'lastReviewed']);
    expect(data['title']).toBe('Payments ledger');
    const r = caseStudyFields.superRefine(requireCaseStudyFields).safeParse(data);
    expect(r.success ? [] : r.error.issues.map((i) => i.message)).toEqual([]);
    expect(caseStudyFields).toBeInstanceOf(z.ZodObject);
  });

  it('has every required section, in order', () => {
    const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1] ?? '');
    expect(sectionProblems(headings)).toEqual([]);
  });

  it('writes a module with one scenario of a registered model and its premises; the page imports it and binds it with <Value>', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'case-studies'));
    // The module imports ../models and ../src: give the temporary checkout the repository's own.
    for (const d of ['models', 'src', 'node_modules']) symlinkSync(join(repo, d), join(dir, d), 'dir');
    newCaseStudy('payments-ledger', { root: dir, date: '2026-11-01' });
    const exports = (await import(pathToFileURL(join(dir, 'case-studies', 'payments-ledger.ts')).href)) as Record<
      string,
      unknown
    >;
    const site = await loadSiteModules(repo);
    const study = site.caseStudy.collectCaseStudy('payments-ledger', exports);
    expect(study.models.map((m) => m.id)).toEqual(['mm1']);
    expect(modelIds).toContain('mm1');
    expect(study.assumptions.map((a) => Object.keys(a.fields))).toEqual([['arrivalRate', 'serviceRate']]);
    expect(text).toContain("from './payments-ledger.ts'");
    expect(text).toMatch(/<Value of=\{service\} field="utilization"/);
    expect(caseStudyModuleText('payments-ledger')).not.toContain('{{');
    const shown = publishedOf('payments-ledger', exports, site).filter((p) => p.kind === 'value');
    // M/M/1 with λ = 800/s and μ = 1000/s, derived by hand: ρ = 0.8, W = 1/(μ − λ) = 5 ms, p99 of the
    // (exponential) time in system = ln(100)/(μ − λ) = 23.0 ms.
    const text2 = (f: string) => shown.find((p) => p.field === f)?.text;
    expect(text2('utilization')).toBe('0.8'); // a ratio: an unstable queue's exceeds 1
    expect(text2('meanTimeInSystem')).toBe('5\u00a0ms');
    expect(text2('timeInSystemPercentiles.p99')).toBe('23\u00a0ms');
  });

  it('keeps a title with a colon and quotes one YAML string', () => {
    const data = frontmatter(caseStudyText('ledger', { title: 'Ledgers: "exactly once"', date: '2026-11-01' }));
    expect(data['title']).toBe('Ledgers: "exactly once"');
  });

  it('writes the page once, then refuses the taken slug', () => {
    const root = tempDir();
    const path = newCaseStudy('order-book', { root, date: '2026-11-01' });
    expect(readFileSync(path, 'utf8')).toBe(caseStudyText('order-book', { date: '2026-11-01' }));
    expect(() => newCaseStudy('order-book', { root })).toThrow(
      'case-studies/order-book.mdx already exists: pick another slug, or edit that page',
    );
  });

  it.each(['Bad Slug', 'ab', '-lead', 'trail-', 'double--hyphen', '_partial', 'ünïcode', 'a/b'])(
    'refuses the slug %j',
    (slug) => {
      expect(() => checkSlug(slug, tempDir())).toThrow(/is not a usable slug: it becomes the URL .*\(kebab-case\)/);
    },
  );

  it('refuses a description the schema would reject, with the schema’s message', () => {
    expect(() => caseStudyText('ledger', { description: 'Too short.' })).toThrow(/^description must be at least 50 characters/);
  });

  it('refuses an unknown domain, naming the allowed ones', () => {
    expect(() => caseStudyText('ledger', { domain: 'crypto' })).toThrow(
      /--domain must be one of: rate-limiting, payments, .* \(got "crypto"\)/,
    );
  });

  it('exits 2 with the message on the command line', () => {
    const bad = run(process.execPath, ['scripts/new-case-study.ts', 'Bad Slug']);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^new:case-study: "Bad Slug" is not a usable slug/);
    const taken = run(process.execPath, ['scripts/new-case-study.ts', 'rate-limiting']);
    expect(taken.status).toBe(2);
    expect(taken.stderr).toBe(
      'new:case-study: case-studies/rate-limiting.mdx already exists: pick another slug, or edit that page\n',
    );
  });
});

describe('new:model', () => {
  it.each([
    [undefined, /^name the model: npm run new:model <area>\/<id>/],
    ['cache-offload', /^"cache-offload" is not <area>\/<id>/],
    ['capacity/Cache', /^the id "Cache" must be kebab-case/],
    ['Capacity/cache', /^the area "Capacity" must be kebab-case/],
    ['queueing/mm1', /^a model with the id "mm1" is already registered/],
  ])('refuses %j', (arg, message) => {
    expect(() => parseModelName(arg)).toThrow(message);
  });

  it('refuses a file that exists, even for an unregistered id', () => {
    const root = tempDir();
    newModel('capacity/scaffold-probe', { root });
    expect(() => newModel('capacity/scaffold-probe', { root })).toThrow('models/capacity/scaffold-probe.ts already exists');
  });

  // A checkout-shaped temporary folder: the scaffold's files, the model contract's files and the test
  // helper linked from this checkout, and this checkout's packages.
  const root = tempDir();
  mkdirSync(join(root, 'models'), { recursive: true });
  mkdirSync(join(root, 'test/models'), { recursive: true });
  for (const f of ['model', 'evaluate', 'problems', 'units'])
    symlinkSync(join(repo, `models/${f}.ts`), join(root, `models/${f}.ts`));
  symlinkSync(join(repo, 'test/models/close.ts'), join(root, 'test/models/close.ts'));
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
  const { files } = newModel('capacity/scaffold-probe', { root });

  it('writes a model that honours the contract: units and bounds on every input, described outputs, references, a valid example', async () => {
    expect(files).toEqual(['models/capacity/scaffold-probe.ts', 'test/models/capacity/scaffold-probe.test.ts']);
    const mod = (await import(pathToFileURL(join(root, files[0] as string)).href)) as Record<string, Model>;
    const model = mod['scaffoldProbe'] as Model;
    expect(model.id).toBe('scaffold-probe');
    const schema = inputJsonSchema(model.input) as {
      properties: Record<string, { unit?: string; description?: string; maximum?: number }>;
    };
    for (const [name, f] of Object.entries(schema.properties)) {
      expect(Object.hasOwn(units, f.unit ?? ''), `${name} has a known unit`).toBe(true);
      expect(f.description, `${name} has a description`).toBeTruthy();
      expect(f.maximum, `${name} has an upper bound`).toBeTypeOf('number');
    }
    expect(model.references.length).toBeGreaterThan(0);
    const { check } = await import('../../models/evaluate.ts');
    const r = check(model, model.example);
    expect(r.ok && r.output).toEqual({ offeredLoad: 5 });
  });

  it('writes a test that fails on exactly its three unfilled published values and passes the rest', () => {
    const r = run(join(repo, 'node_modules/.bin/vitest'), ['run', '--root', root], root);
    const out = r.stdout + r.stderr;
    expect(r.status, out).toBe(1);
    expect(out).toMatch(/Tests\s+3 failed \| 5 passed \(8\)/);
    for (const n of [1, 2, 3])
      expect(out).toContain(
        `published value ${n} of 3 is not filled in: replace publishedValue(…) with the number your source publishes`,
      );
  }, 60_000);
});

describe('the case-study proposal form', () => {
  it('offers exactly the domains the frontmatter schema accepts', () => {
    const form = readFileSync(join(repo, '.github/ISSUE_TEMPLATE/case-study-proposal.yml'), 'utf8');
    const options = /^\s+options: \[([^\]]*)\]$/m
      .exec(form)?.[1]
      ?.split(',')
      .map((o) => o.trim());
    expect(options).toEqual([...domains]);
  });
});
