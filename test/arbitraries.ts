/**
 * fast-check arbitraries over a model's declared inputs: numbers drawn within each field's bounds (the
 * ends included, and spread over orders of magnitude), on top of a base input. Shared by the contract's
 * property test and the case studies' claims test.
 */
import fc from 'fast-check';
import type { Model } from '../models/model.ts';
import { inputJsonSchema } from '../models/problems.ts';

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
  acquisitions: 5_000,
  clients: 100,
  runs: 3,
  duration: 600,
  items: 1e12,
};

export function numberField(
  s: Json,
  name: string,
  caps: Readonly<Record<string, number>> = fieldCaps,
): fc.Arbitrary<number> | undefined {
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type !== 'number' && type !== 'integer') return undefined;
  const lo =
    s.minimum ??
    (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + Math.max(1e-9, Math.abs(s.exclusiveMinimum) * 1e-9) : -1e9);
  let hi =
    s.maximum ??
    (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - Math.max(1e-9, Math.abs(s.exclusiveMaximum) * 1e-9) : 1e9);
  const cap = caps[name];
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

export function topLevel(m: Model): Record<string, Json> {
  const root = inputJsonSchema(m.input) as Json;
  return root.properties ?? {};
}

/**
 * An arbitrary input: `base` (the example) with some of its top-level numeric fields redrawn within their bounds;
 * `caps`, upper bounds for this model's fields on top of the shared ones (a simulation whose cost grows with them).
 */
export function inRangeInput(
  m: Model,
  base: Readonly<Record<string, unknown>> = m.example as Record<string, unknown>,
  caps: Readonly<Record<string, number>> = {},
): fc.Arbitrary<Record<string, unknown>> | undefined {
  const fields: Record<string, fc.Arbitrary<number>> = {};
  const allCaps = { ...fieldCaps, ...caps };
  for (const [name, s] of Object.entries(topLevel(m))) {
    const node = s.anyOf?.find((x) => x.type !== 'null') ?? s;
    const arb = numberField(node, name, allCaps);
    if (arb) fields[name] = arb;
  }
  if (Object.keys(fields).length === 0) return undefined;
  return fc.record(fields, { requiredKeys: [] }).map((drawn) => ({ ...base, ...drawn }));
}
