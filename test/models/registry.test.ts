/**
 * Every registered model honours the contract's shape (../shared/docs/model-contract.md): a unique
 * kebab-case id, words for people, references, and an input schema whose every field states its unit
 * and meaning, so that forms, the command line and error messages can be generated from it.
 */
import { describe, expect, it } from 'vitest';
import type { OutputField } from '../../models/model.ts';
import { inputJsonSchema } from '../../models/problems.ts';
import { models, modelIds } from '../../models/registry.ts';
import { units } from '../../models/units.ts';

type Field = { unit?: string; description?: string; type?: string; items?: Field; properties?: Record<string, Field> };

function fieldsWithoutUnit(schema: Field, path = ''): string[] {
  const missing: string[] = [];
  for (const [name, f] of Object.entries(schema.properties ?? {})) {
    const at = path ? `${path}.${name}` : name;
    if (!f.unit || !Object.hasOwn(units, f.unit) || !f.description) missing.push(at);
    if (f.items?.properties) missing.push(...fieldsWithoutUnit(f.items, `${at}[]`));
  }
  return missing;
}

describe('the model registry', () => {
  it('has unique kebab-case ids', () => {
    expect(new Set(modelIds).size).toBe(modelIds.length);
    for (const id of modelIds) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(models.map((m) => [m.id, m] as const))('%s describes itself, its inputs and its outputs', (_id, m) => {
    expect(m.title.length).toBeGreaterThan(3);
    expect(m.summary.length).toBeGreaterThan(20);
    expect(m.references.length).toBeGreaterThan(0);
    const schema = inputJsonSchema(m.input) as Field;
    expect(schema.type).toBe('object');
    expect(fieldsWithoutUnit(schema), 'input fields without a known unit or a description').toEqual([]);
    for (const [name, o] of Object.entries(m.outputs as Record<string, OutputField>)) {
      expect(Object.hasOwn(units, o.unit), `output ${name} has unknown unit ${o.unit}`).toBe(true);
      expect(o.description.length, `output ${name} needs a description`).toBeGreaterThan(5);
    }
  });

  // `columns` (an addition after contract v2: models/model.ts) names the unit of keys of a list's elements:
  // only on list outputs, only known units, and only keys the model's answer has (a misspelt key would
  // silently leave a column in the model's units while the reader chose others).
  it.each(models.map((m) => [m.id, m] as const))('%s declares list columns that exist, in known units', async (_id, m) => {
    const { evaluate } = await import('../../models/evaluate.ts');
    const out = evaluate(m, m.example) as Record<string, unknown>;
    for (const [name, o] of Object.entries(m.outputs as Record<string, OutputField>)) {
      if (!o.columns) continue;
      expect(o.unit, `output ${name} declares columns but is not a list`).toBe('list');
      const list = out[name];
      expect(Array.isArray(list), `output ${name} declares columns: its example answer must be a list`).toBe(true);
      const keys = new Set((list as object[]).flatMap((x) => (x && typeof x === 'object' ? Object.keys(x) : [])));
      for (const [key, c] of Object.entries(o.columns)) {
        const unit = typeof c === 'string' ? c : c.unit;
        expect(Object.hasOwn(units, unit) && unit !== 'list', `${name}.${key} has unknown unit ${unit}`).toBe(true);
        expect(keys.has(key), `${name} declares column ${key}, which its elements do not have`).toBe(true);
      }
    }
  });

  // A key whose name says it carries a unit (a time, a rate, bytes, dollars) is declared in `columns`, or the
  // model page's list table would keep it in the model's units while the reader chose others. Exceptions, each
  // not in a base unit the site converts: counts a year or a day by name (paymentsPerYear, writesPerDay,
  // extraReadsPerDay), a fee rate and a probability (effectiveRate: ratio; probWait: fraction).
  const NOT_A_UNIT_COLUMN = new Set(['paymentsPerYear', 'effectiveRate', 'probWait', 'writesPerDay', 'extraReadsPerDay']);
  // Money by name too (amount, balance: ledger-journal's lines, whose model counts in cents inside and answers USD).
  const SAYS_A_UNIT =
    /(?:PerSecond|PerDay|PerMonth|PerYear|Time|Wait|Delay|Duration|Bytes|Bandwidth|Rate|Latency|After|usd|Usd|Price|Fee|Amount|Balance)$|^(?:time|usd|wait|delay|duration|latency|bytes|price|fee|amount|balance)$/;
  it.each(models.map((m) => [m.id, m] as const))('%s declares every list column whose name says a unit', async (_id, m) => {
    const { evaluate } = await import('../../models/evaluate.ts');
    const out = evaluate(m, m.example) as Record<string, unknown>;
    for (const [name, o] of Object.entries(m.outputs as Record<string, OutputField>)) {
      const list = out[name];
      if (o.unit !== 'list' || !Array.isArray(list)) continue;
      const keys = new Set((list as unknown[]).flatMap((x) => (x && typeof x === 'object' ? Object.keys(x) : [])));
      const undeclared = [...keys].filter((k) => SAYS_A_UNIT.test(k) && !NOT_A_UNIT_COLUMN.has(k) && !o.columns?.[k]);
      expect(undeclared, `${name}: declare these in the output's columns (models/model.ts)`).toEqual([]);
    }
  });

  it('answers a non-object input with a problem, never an exception', async () => {
    const { check } = await import('../../models/evaluate.ts');
    for (const m of models) {
      for (const bad of [null, 42, 'x', [], undefined]) {
        const r = check(m, bad);
        expect(r.ok, `${m.id} accepted ${JSON.stringify(bad)}`).toBe(false);
      }
    }
  });
});
