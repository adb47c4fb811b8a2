import { describe, expect, it } from 'vitest';
import { evaluate } from '../../models/evaluate.ts';
import type { Model } from '../../models/model.ts';
import { getModel } from '../../models/registry.ts';
import { cliExample, inputRows, outputRows } from '../../src/lib/model-page.ts';

function registered(id: string): Model {
  const m = getModel(id);
  if (!m) throw new Error(`no model ${id}`);
  return m;
}
const mm1 = registered('mm1');
const tokenBucket = registered('token-bucket');

describe('model pages are derived from the model', () => {
  it('lists mm1’s inputs with unit, range and required-ness from its schema', () => {
    expect(inputRows(mm1)).toEqual([
      {
        name: 'arrivalRate',
        unit: 'per second',
        allowed: 'a number from 0 to 1,000,000,000,000',
        defaultText: undefined,
        description: 'Mean arrival rate λ (Poisson arrivals)',
        editable: true,
      },
      {
        name: 'serviceRate',
        unit: 'per second',
        allowed: 'a number from 10^-9 to 1,000,000,000,000',
        defaultText: undefined,
        description: 'Mean service rate μ of the one server (exponential service times, mean 1/μ)',
        editable: true,
      },
    ]);
  });

  it('shows an object of numbers part by part, and marks a list (drawn as a table)', () => {
    const rows = outputRows(mm1, evaluate(mm1, mm1.example) as Record<string, unknown>);
    const p = rows.find((r) => r.path === 'timeInSystemPercentiles');
    expect(p?.parts?.map((x) => x.path)).toEqual(['p50', 'p90', 'p95', 'p99', 'p999'].map((k) => `timeInSystemPercentiles.${k}`));
    expect(p?.format).toBe('duration');
    // ρ = λ/μ exceeds 1 when the queue is unstable: a ratio, written as a decimal, not a percentage.
    expect(rows.find((r) => r.path === 'utilization')?.format).toBe('decimal');
    expect(rows.find((r) => r.path === 'probEmpty')?.format).toBe('percent');
    expect(rows.find((r) => r.path === 'maxStableArrivalRate')?.suffix).toBe('/s');
    const tb = outputRows(tokenBucket, evaluate(tokenBucket, tokenBucket.example) as Record<string, unknown>);
    expect(tb.find((r) => r.path === 'perArrival')?.isList).toBe(true);
    const arrivals = inputRows(tokenBucket).find((r) => r.name === 'arrivals');
    expect(arrivals?.editable).toBe(false);
    expect(inputRows(tokenBucket).find((r) => r.name === 'startFull')?.defaultText).toBe('true');
  });

  it('gives the command that reproduces the example', () => {
    expect(cliExample(mm1)).toBe(`npx loadbearing run mm1 --input '{"arrivalRate":80,"serviceRate":100}'`);
  });
});
