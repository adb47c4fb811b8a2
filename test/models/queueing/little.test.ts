import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import { little as model } from '../../../models/queueing/little.ts';
import { mm1 } from '../../../models/queueing/mm1.ts';
import { mmc } from '../../../models/queueing/mmc.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

const PER_HOUR = 1 / 3600; // a rate per hour, in per second
const MINUTE = 60; // seconds
const MS = 1e-3; // seconds

describe('little: published values', () => {
  it('finds Wikipedia’s response time: 9 queued + 1 in service at 50/s → 0.2 s', () => {
    // Source: reference case LITTLE-01, Wikipedia "Little's law", Applications: finding response time
    // (https://en.wikipedia.org/wiki/Little%27s_law): L = 9 + 1 = 10 jobs, λ = 50 per second, W = L/λ = 0.2 s.
    const out = evaluate(model, { arrivalRate: 50, meanInSystem: 9 + 1 });
    expectClose(out.meanTimeInSystem, 0.2, 1e-12);
    expect(out.solvedFor).toBe('meanTimeInSystem');
    expect(out.meanInSystem).toBe(10);
  });

  it('sizes concurrency as throughput × latency: 500, 2000, 2000 and 50 in flight', () => {
    // Source: reference case LITTLE-03 (SystemOverflow, "Little's Law and the Latency-Concurrency-Throughput
    // Triangle", https://www.systemoverflow.com/learn/design-fundamentals/scalability-fundamentals/littles-law-and-the-latency-concurrency-throughput-triangle:
    // "10,000 × 0.05 = 500", "Latency jumps 50ms to 200ms … concurrency must rise to 2,000", "20,000 × 0.1 = 2,000";
    // S. S. Thakuri, glossary "Little's Law", not re-read here: 200 at 250 ms). Latencies in milliseconds, converted to
    // seconds.
    const rows = [
      [10_000, 50, 500],
      [10_000, 200, 2000],
      [20_000, 100, 2000],
      [200, 250, 50],
    ] as const;
    for (const [rps, ms, inFlight] of rows) {
      const out = evaluate(model, { arrivalRate: rps, meanTimeInSystem: ms * MS });
      expectClose(out.meanInSystem, inFlight, 1e-12);
      expect(out.solvedFor).toBe('meanInSystem');
    }
  });

  it('converts units before multiplying: 10 per hour staying 5 minutes is 0.833 inside, not 50', () => {
    // Source: reference case LITTLE-03's note, a Q&A answer that computes "10/hour × 5 minutes = 50 customers"
    // (a unit error; the correct L = 10 × 5/60 = 0.833).
    const out = evaluate(model, { arrivalRate: 10 * PER_HOUR, meanTimeInSystem: 5 * MINUTE });
    expectClose(out.meanInSystem, 10 * (5 / 60), 1e-12);
    expect(Math.abs(out.meanInSystem - 50)).toBeGreaterThan(49);
  });

  it('finds the throughput from the other two (Kelton’s M/M/1: L = 4, W = 5 min → 0.8 per minute)', () => {
    // Source: reference case MM1-01, a worked solution to Kelton/Smith/Sturrock's exercise 2.6.1 ("For an M/M/1 queue
    // with mean interarrival time 1.25 minutes and mean service time 1 minute, find all five of …"), RPubs,
    // https://rstudio-pubs-static.s3.amazonaws.com/305152_deb4ef47278a4a20a136768a8293127e.html: "λ = 0.8 entities /
    // minute … L = ρ/(1 − ρ) = 0.8/(1 − 0.8) = 4 entities … W = L / λ = 4 entities / 0.8 entities / minute = 5
    // minutes"; read backwards, L = 4 and W = 5 min give λ = 0.8 per minute.
    const out = evaluate(model, { meanInSystem: 4, meanTimeInSystem: 5 * MINUTE });
    expectClose(out.arrivalRate, 0.8 / MINUTE, 1e-12);
    expect(out.solvedFor).toBe('arrivalRate');
  });
});

describe('little: the rule and its edges', () => {
  it('asks for exactly two of the three, as a rule in words', () => {
    for (const input of [{}, { arrivalRate: 1 }, { arrivalRate: 1, meanTimeInSystem: 2, meanInSystem: 2 }]) {
      const r = check(model, input);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]?.kind).toBe('rule');
      expect(r.problems[0]?.message).toMatch(/^give exactly two of arrivalRate, meanTimeInSystem, meanInSystem \(got \d/);
    }
    const one = check(model, { meanInSystem: 3 });
    expect(one.ok ? '' : one.problems[0]?.message).toBe(
      'give exactly two of arrivalRate, meanTimeInSystem, meanInSystem (got 1: meanInSystem)',
    );
  });

  it('names the divisor when it is zero or so small that the answer leaves its range', () => {
    const zero = check(model, { arrivalRate: 0, meanInSystem: 3 });
    expect(zero.ok ? [] : zero.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'arrivalRate: must be > 0 to derive meanTimeInSystem (it divides meanInSystem) (got 0)',
    ]);
    const tiny = check(model, { meanTimeInSystem: 1e-300, meanInSystem: 2 });
    expect(tiny.ok ? [] : tiny.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'meanTimeInSystem: is too small: meanInSystem / meanTimeInSystem gives arrivalRate = 2e+300/s, above the 1000000000000/s the model allows (got 1e-300)',
    ]);
    // nothing in a system nobody enters is fine: L = 0·W
    expect(evaluate(model, { arrivalRate: 0, meanTimeInSystem: 7 }).meanInSystem).toBe(0);
    expect(evaluate(model, { meanInSystem: 0, meanTimeInSystem: 7 }).arrivalRate).toBe(0);
  });

  it('names out-of-range fields with their range and rejects unknown ones', () => {
    const r = check(model, { arrivalRate: -1, meanTimeInSystem: Number.POSITIVE_INFINITY, items: 3 });
    const lines = r.ok ? [] : r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('arrivalRate: must be a number from 0 to 1000000000000 (got -1)');
    expect(lines).toContain('meanTimeInSystem: must be a number from 0 to 1000000000000 (got Infinity)');
    expect(lines.some((l) => l.startsWith('items: is not an input of this model'))).toBe(true);
  });

  it('does not mutate its input', () => {
    const input = deepFreeze({ arrivalRate: 50, meanInSystem: 10 });
    expect(() => evaluate(model, input)).not.toThrow();
    expect(input).toEqual({ arrivalRate: 50, meanInSystem: 10 });
  });
});

describe('little: properties', () => {
  const positive = fc.double({ min: 1e-6, max: 1e6, noNaN: true });

  it('round-trips: any two give a third from which each of the two is recovered', () => {
    fc.assert(
      fc.property(positive, positive, (lambda, w) => {
        const { meanInSystem } = evaluate(model, { arrivalRate: lambda, meanTimeInSystem: w });
        expectClose(evaluate(model, { meanInSystem, meanTimeInSystem: w }).arrivalRate, lambda, 1e-12);
        expectClose(evaluate(model, { meanInSystem, arrivalRate: lambda }).meanTimeInSystem, w, 1e-12);
      }),
    );
  });

  it('holds for the queue models: L from (λ, W) of mm1 and mmc is their own L', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.integer({ min: 1, max: 50 }),
        (mu, rho, c) => {
          const one = evaluate(mm1, { arrivalRate: rho * mu, serviceRate: mu });
          const fromOne = evaluate(model, { arrivalRate: rho * mu, meanTimeInSystem: one.meanTimeInSystem ?? 0 });
          expectClose(fromOne.meanInSystem, one.meanInSystem ?? Number.NaN, 1e-12);
          const many = evaluate(mmc, { arrivalRate: rho * c * mu, serviceRate: mu, servers: c });
          const fromMany = evaluate(model, { arrivalRate: rho * c * mu, meanTimeInSystem: many.meanTimeInSystem ?? 0 });
          expectClose(fromMany.meanInSystem, many.meanInSystem ?? Number.NaN, 1e-12);
        },
      ),
    );
  });
});
