/**
 * The study sheets declared in case-study modules (src/lib/study-sheet.ts) and the questions on the pages:
 * each declared question is asked exactly once on its page through <Question of={study.sheet} q="…">, every
 * <Question> on a page names a declared question, the capacity chain's values are finite numbers of
 * exported scenarios at the defaults, and studySheet() refuses what would print wrong. The built sheets
 * themselves (numbers as printed, at most two A4 pages) are checked in test/browser/study-sheets.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isScenario } from '../../src/lib/scenario.ts';
import { questionText, sheetOf, stepText, stepValue, studySheet } from '../../src/lib/study-sheet.ts';
import { limiter } from '../../case-studies/rate-limiting.ts';

const modules = import.meta.glob<Record<string, unknown>>('../../case-studies/[!_]*.ts', { eager: true });
const studies = Object.entries(modules).map(([path, exports]) => {
  const slug = /([^/]+)\.ts$/.exec(path)?.[1] ?? path;
  return { slug, exports, sheet: sheetOf(slug, exports) };
});
const dir = join(import.meta.dirname, '../../case-studies');

/** The question ids a page asks, in order: `<Question of={study.sheet} q="replicas">`. */
function askedOn(page: string): string[] {
  return [...page.matchAll(/<Question\s+of=\{study\.sheet\}\s+q="([^"]+)"/g)].map((m) => m[1] ?? '');
}

// The case studies that have questions today; a new case study's sheet is generated either way.
const withSheets = ['rate-limiting', 'payments', 'marketplace', 'notifications', 'distributed-locking'];

it('the case studies with interview questions declare a study sheet', () => {
  for (const slug of withSheets) {
    expect(studies.find((s) => s.slug === slug)?.sheet, `case-studies/${slug}.ts declares no studySheet`).toBeDefined();
  }
});

describe.each(studies.filter((s) => s.sheet !== undefined))('the study sheet of $slug', ({ slug, exports, sheet }) => {
  if (!sheet) return;
  const page = readFileSync(join(dir, `${slug}.mdx`), 'utf8');

  it('asks 6–10 questions, each once on the page, and the page asks no other', () => {
    const declared = Object.keys(sheet.questions);
    expect(declared.length).toBeGreaterThanOrEqual(6);
    expect(declared.length).toBeLessThanOrEqual(10);
    expect(askedOn(page)).toEqual(declared);
  });

  it('gives every question a trade-off and a follow-up with its own answer', () => {
    const blocks = page.split(/<Question\s/).slice(1);
    expect(blocks).toHaveLength(Object.keys(sheet.questions).length);
    for (const block of blocks) {
      const body = block.slice(0, block.indexOf('</Question>'));
      const id = /q="([^"]+)"/.exec(body)?.[1];
      expect(body, `question ${id}: no <TradeOffs>`).toMatch(/<TradeOffs>[\s\S]*\S[\s\S]*<\/TradeOffs>/);
      expect(body, `question ${id}: no <FollowUp ask="…">`).toMatch(/<FollowUp ask="[^"]+\?">\s*\S[\s\S]*?<\/FollowUp>/);
    }
  });

  it('chains finite numbers of the module’s own exported scenarios', () => {
    const scenarios = Object.values(exports).filter(isScenario);
    for (const step of sheet.chain) {
      expect(scenarios, `${step.label}: scenario "${step.of.name}" is not exported`).toContain(step.of);
      const v = stepValue(step);
      expect(typeof v === 'number' && Number.isFinite(v), `${step.label}: ${String(v)}`).toBe(true);
      expect(stepText(step)).not.toMatch(/NaN|Infinity|—/);
    }
    expect(sheet.chain.length).toBeGreaterThanOrEqual(6);
  });

  it('states each decision with the alternative it rejects and why', () => {
    expect(sheet.decisions.length).toBeGreaterThanOrEqual(4);
    for (const d of sheet.decisions)
      for (const part of [d.choice, d.over, d.because]) expect(part.trim().length).toBeGreaterThan(3);
  });
});

describe('studySheet()', () => {
  const base = {
    requirements: { functional: ['a'], nonFunctional: ['b'] },
    decisions: [{ choice: 'x', over: 'y', because: 'z' }],
    questions: { 'hot-key': 'What breaks first?' },
  };

  it('formats a chain step with the site’s one formatter', () => {
    const s = studySheet({ ...base, chain: [{ of: limiter, field: 'primaries', label: 'Primaries', format: 'integer' }] });
    const step = s.chain[0];
    if (!step) throw new Error('no step');
    // 500 000 requests/s × 2 checks ÷ (measured calls per CPU-second × 50 %), rounded up: the limiter's own output.
    expect(stepText(step)).toBe(String(limiter.output.primaries));
  });

  it('refuses a step that names no value of its scenario, naming the scenario and its outputs', () => {
    expect(() => studySheet({ ...base, chain: [{ of: limiter, field: 'primary', label: 'Primaries' }] })).toThrow(
      /scenario "limiter".*has no output "primary"/,
    );
  });

  it('refuses a step with both or neither of field and input', () => {
    expect(() => studySheet({ ...base, chain: [{ of: limiter, label: 'Nothing' }] })).toThrow(/exactly one of field or input/);
    expect(() =>
      studySheet({ ...base, chain: [{ of: limiter, field: 'primaries', input: 'peakRequestsPerSecond', label: 'Both' }] }),
    ).toThrow(/exactly one of field or input/);
  });

  it('refuses a step that is not a number at the defaults', () => {
    expect(() => studySheet({ ...base, chain: [{ of: limiter, field: 'priceTableAsOf', label: 'A date' }] })).toThrow(
      /not a finite number/,
    );
  });

  it('refuses a question id that is not kebab-case, and a question that is not a sentence', () => {
    expect(() => studySheet({ ...base, chain: [], questions: { HotKey: 'What breaks first?' } })).toThrow(/kebab-case/);
    expect(() => studySheet({ ...base, chain: [], questions: { 'hot-key': 'what breaks first' } })).toThrow(/full sentence/);
  });

  it('names the declared questions when a page asks for one that does not exist', () => {
    const s = studySheet({ ...base, chain: [] });
    expect(() => questionText(s, 'hotkey')).toThrow(/no question "hotkey".*hot-key/);
  });

  it('finds at most one sheet in a module', () => {
    const s = studySheet({ ...base, chain: [] });
    expect(sheetOf('x', { a: s, b: 1 })).toBe(s);
    expect(sheetOf('x', { b: 1 })).toBeUndefined();
    expect(() => sheetOf('x', { a: s, b: s })).toThrow(/declares 2 study sheets/);
  });
});
