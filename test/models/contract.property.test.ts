/**
 * The contract's promises, checked for every registered model at once (../shared/docs/model-contract.md):
 * - its `example` is a valid input, and the answer has exactly the outputs the model declares;
 * - hostile input (NaN, ±Infinity, wrong types, missing and unknown fields, huge magnitudes) is answered
 *   with problems that name the field, never an exception, NaN or Infinity;
 * - any input within the declared bounds is answered (ok, or a cross-field rule in words), and the answer
 *   never holds NaN or Infinity (`check` throws if a model produces one, which fails the property).
 * Model-specific physics is tested as properties in each model's own test file.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../models/evaluate.ts';
import type { Model } from '../../models/model.ts';
import { inputJsonSchema } from '../../models/problems.ts';
import { models } from '../../models/registry.ts';

type Json = {
  type?: string | string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  properties?: Record<string, Json>;
  anyOf?: Json[];
};

/**
 * Upper bounds for the in-range property where a field's full range would make one evaluation slow
 * (a simulation of two million customers is valid, but not a thousand times in a unit test).
 */
const fieldCaps: Readonly<Record<string, number>> = {
  customers: 5_000,
  clients: 100,
  runs: 3,
  duration: 600,
  items: 1e12,
};

function numberField(s: Json, name: string): fc.Arbitrary<number> | undefined {
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type !== 'number' && type !== 'integer') return undefined;
  const lo =
    s.minimum ??
    (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + Math.max(1e-9, Math.abs(s.exclusiveMinimum) * 1e-9) : -1e9);
  let hi =
    s.maximum ??
    (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - Math.max(1e-9, Math.abs(s.exclusiveMaximum) * 1e-9) : 1e9);
  const cap = fieldCaps[name];
  if (cap !== undefined) hi = Math.min(hi, Math.max(lo, cap));
  if (!(hi >= lo)) return undefined;
  if (type === 'integer') {
    const a = Math.ceil(lo);
    const b = Math.floor(Math.min(hi, Number.MAX_SAFE_INTEGER));
    if (b < a) return undefined;
    return fc.oneof(
      fc.constant(a),
      fc.constant(b),
      fc.integer({ min: a, max: Math.min(b, a + 1000) }),
      fc.double({ min: a, max: b, noNaN: true }).map(Math.round),
    );
  }
  const values = [fc.constant(lo), fc.constant(hi), fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true })];
  if (lo > 0) {
    // spread over orders of magnitude, where the trouble usually is
    values.push(
      fc.double({ min: Math.log(lo), max: Math.log(hi), noNaN: true }).map((x) => Math.min(hi, Math.max(lo, Math.exp(x)))),
    );
  }
  return fc.oneof(...values);
}

function topLevel(m: Model): Record<string, Json> {
  const root = inputJsonSchema(m.input) as Json;
  return root.properties ?? {};
}

/** An arbitrary input: the example with some of its top-level numeric fields redrawn within their bounds. */
function inRangeInput(m: Model): fc.Arbitrary<Record<string, unknown>> | undefined {
  const fields: Record<string, fc.Arbitrary<number>> = {};
  for (const [name, s] of Object.entries(topLevel(m))) {
    const node = s.anyOf?.find((x) => x.type !== 'null') ?? s;
    const arb = numberField(node, name);
    if (arb) fields[name] = arb;
  }
  if (Object.keys(fields).length === 0) return undefined;
  const example = m.example as Record<string, unknown>;
  return fc.record(fields, { requiredKeys: [] }).map((drawn) => ({ ...example, ...drawn }));
}

const hostile = fc.oneof(
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e308, -1e308, Number.MIN_VALUE, -1),
  fc.constantFrom('1', '', 'NaN', null, true, [], {}, [1, 2], { a: 1 }),
  fc.double(),
  fc.string(),
);

describe.each(models.map((m) => [m.id, m] as const))('model %s', (_id, m) => {
  it('accepts its own example and answers with exactly the outputs it declares', () => {
    const r = check(m, structuredClone(m.example));
    if (!r.ok) expect.fail(`example rejected: ${r.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    expect(Object.keys(r.output).sort()).toEqual(Object.keys(m.outputs).sort());
  });

  it('answers hostile values in any field with problems naming a field, never an exception', () => {
    const names = Object.keys(topLevel(m));
    fc.assert(
      fc.property(fc.constantFrom(...names, 'notAnInput'), hostile, (field, value) => {
        const input = { ...(m.example as Record<string, unknown>), [field]: value };
        const r = check(m, input);
        if (!r.ok) {
          expect(r.problems.length).toBeGreaterThan(0);
          for (const p of r.problems) {
            expect(p.message.length).toBeGreaterThan(5);
            expect(p.message).not.toMatch(/undefined|\[object/);
          }
        }
      }),
      { numRuns: 150, seed: 20261201 },
    );
  });

  it('reports every missing required field by name', () => {
    const r = check(m, {});
    if (r.ok) return; // every field has a default: an empty input is valid, and that is the answer
    for (const p of r.problems) expect(p.field === '' || Object.hasOwn(topLevel(m), p.field.split('.')[0]!)).toBe(true);
  });

  const arb = inRangeInput(m);
  // Defined only for models with numeric inputs (a test that could not run would be reported as skipped).
  if (arb) {
    it('answers any in-range input without NaN, Infinity or an exception', () => {
      fc.assert(
        fc.property(arb, (input) => {
          const r = check(m, input);
          // in range, so the only problems left are rules across fields, stated in words
          if (!r.ok) for (const p of r.problems) expect(p.kind, `${p.field}: ${p.message}`).toBe('rule');
        }),
        { numRuns: 200, seed: 20261201 },
      );
    });
  }
});
