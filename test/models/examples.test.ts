/**
 * The worked examples are true: every registered model declares the outputs its doc comment's worked
 * example states (`exampleStates`), each literal is one the doc comment writes, and the model computes it
 * today (to the decimals the literal is written with). A model corrected without its doc comment, or a doc
 * comment edited without its model, fails here, and the model's page (which shows both) fails to build.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Model, StatedValue } from '../../models/model.ts';
import { models } from '../../models/registry.ts';
import { modelDoc, numbersIn, proseStates } from '../../src/lib/model-docs.ts';
import { decimalsOf, exampleProblems, holds, statedRows } from '../../src/lib/worked-example.ts';

const MODELS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'models');

async function sourceOfEachModel(): Promise<Map<Model, string>> {
  const registered = new Set(models);
  const out = new Map<Model, string>();
  for (const area of readdirSync(MODELS, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const f of readdirSync(join(MODELS, area.name)).filter((n) => n.endsWith('.ts') && n !== 'index.ts')) {
      const file = join(MODELS, area.name, f);
      const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      for (const v of Object.values(mod)) if (registered.has(v as Model)) out.set(v as Model, readFileSync(file, 'utf8'));
    }
  }
  return out;
}

describe('every model’s worked example states what the model computes', async () => {
  const sources = await sourceOfEachModel();

  it.each(models.map((m) => [m.id, m] as const))('%s: its stated outputs are what it computes today', (_id, m) => {
    expect(exampleProblems(m)).toEqual([]);
  });

  it.each(models.map((m) => [m.id, m] as const))('%s: each stated literal is written in its doc comment’s example', (id, m) => {
    const doc = modelDoc(sources.get(m) ?? '');
    const prose = doc.example.map((p) => p.text).join(' ');
    expect(prose, `${id}: its doc comment has no paragraph starting "Example"`).not.toBe('');
    const unwritten = Object.entries(m.exampleStates as Record<string, StatedValue>)
      .filter(([, v]) => !proseStates(prose, v))
      .map(([path, v]) => `${path} = ${JSON.stringify(v)}`);
    expect(unwritten, `${id}: stated in exampleStates but not in the doc comment's worked example`).toEqual([]);
  });
});

describe('how a stated literal is compared', () => {
  it('holds to the decimals written: 1258.7 for 1258.68…, not for 1258.76', () => {
    // Independent derivation: 1258.68 rounds to 1258.7 (|1258.68 − 1258.7| = 0.02 <= 0.05); 1258.76 rounds to 1258.8.
    expect(holds(1258.7, 1258.68)).toBe(true);
    expect(holds(1258.7, 1258.76)).toBe(false);
    expect(holds(18, 18.4)).toBe(true);
    expect(holds(18, 18.6)).toBe(false);
    expect(holds(0.998001, 0.9980014)).toBe(true);
    expect(holds(0.998001, 0.998002)).toBe(false);
  });

  it('counts decimals from the shortest form of the literal', () => {
    expect(decimalsOf(0.0000433)).toBe(7);
    expect(decimalsOf(2.628e15)).toBe(0);
    expect(decimalsOf(63_040.464)).toBe(3);
    expect(decimalsOf(-1)).toBe(0);
  });

  it('compares yes/no and words exactly, and never holds for a missing output', () => {
    expect(holds(true, true)).toBe(true);
    expect(holds('producers', 'consumers')).toBe(false);
    expect(holds(0, undefined)).toBe(false);
    expect(holds(0, null)).toBe(false);
  });

  it('reads numbers as a doc comment writes them, in base units too', () => {
    expect(numbersIn('63 040.464 s a year')).toContain(63_040.464);
    expect(numbersIn('peakLinkUtilization 53.3 %')).toContain(0.533);
    expect(numbersIn('0.447 ms')).toContain(0.000447);
    expect(numbersIn('2.628 × 10^15 B and 10^8 B/s')).toEqual([2.628e15, 1e8]);
    expect(numbersIn('retryAfter −1')).toContain(-1);
    expect(proseStates('W = 50 ms', 0.05)).toBe(true);
    expect(proseStates('W = 50 ms', 0.5)).toBe(false);
  });

  it('finds a wrong literal in a real model: availability with a 30-day month', () => {
    const m = models.find((x) => x.id === 'availability');
    if (!m) throw new Error('availability is not registered');
    // Google SRE book, Appendix A "Availability Table" (https://sre.google/sre-book/availability-table/) uses
    // 30-day months; two 99.9 % components in series are down 0.001999 × 30 × 86 400 = 5181.408 s in such a month,
    // but the model's month is a year / 12: 0.001999 × 365 × 86 400 / 12 = 5253.372 s.
    const wrong = { ...m, exampleStates: { ...m.exampleStates, downtimePerMonth: 5181.408 } } as Model;
    expect(statedRows(wrong).find((r) => r.path === 'downtimePerMonth')?.holds).toBe(false);
    expect(exampleProblems(wrong)).toEqual([
      'availability: the worked example states downtimePerMonth = 5181.408, the model computes 5253.372000000004',
    ]);
  });
});
