import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import { anySlowProbability, fanoutTail as model } from '../../../models/reliability/fanout-tail.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

const slow = (fanout: number, slowProbability: number): number =>
  evaluate(model, { fanout, slowProbability }).requestSlowProbability;

/**
 * J. Dean and L. A. Barroso, "The Tail at Scale", Communications of the ACM 56(2):74–80, 2013,
 * https://doi.org/10.1145/2408776.2408794, p. 75, section "Component-Level Variability Amplified By Scale" (read in
 * a text extraction of the CACM PDF; reference case TAIL-01 of the shared published-cases.json cites the same page).
 */
describe('fanout-tail: published values', () => {
  it('makes 63 % of requests slow at fan-out 100 when each server is slow 1 time in 100 (The Tail at Scale, p. 75)', () => {
    // Source: Dean & Barroso, "The Tail at Scale", CACM 56(2) 2013, p. 75, https://doi.org/10.1145/2408776.2408794:
    // "If a user request must collect responses from 100 such servers in parallel, then 63% of user requests will
    // take more than one second", each server having "a 99th-percentile latency of one second"; the paper's figure
    // "Probability of one-second service-level response time as the system scales …" marks the point at 0.63.
    // The paper rounds to two digits (tolerance 0.005); the exact 1 − 0.99^100 is 0.6339676587 (TAIL-01).
    expectClose(slow(100, 0.01), 0.63, 0, 0.005); // published, rounded
    expectClose(slow(100, 0.01), 0.6339676587, 1e-9); // TAIL-01 p_request_slow
  });

  it('makes almost one request in five slow at 2,000 servers slow 1 time in 10,000 (The Tail at Scale, p. 75)', () => {
    // Source: Dean & Barroso, "The Tail at Scale", CACM 56(2) 2013, p. 75, https://doi.org/10.1145/2408776.2408794:
    // "Even for services with only one in 10,000 requests experiencing more than one-second latencies at the
    // single-server level, a service with 2,000 such servers will see almost one in five user requests taking more
    // than one second"; the same figure marks that point at 0.18.
    const p = slow(2000, 1e-4);
    expect(p).toBeLessThan(0.2); // "almost one in five"
    expectClose(p, 0.18, 0, 0.005); // the figure's 0.18
    // Independent derivation: 1 − (1 − 1e-4)^2000 = 0.1812774347344685, in Python both as −expm1(2000 × log1p(−1e-4))
    // and exactly with fractions.Fraction, rounded to a double.
    expectClose(p, 0.1812774347344685, 1e-12);
  });

  it('is the server’s own rate when a request touches one server: one request in 100 is slow (The Tail at Scale, p. 75)', () => {
    // Source: Dean & Barroso, "The Tail at Scale", CACM 56(2) 2013, p. 75, https://doi.org/10.1145/2408776.2408794:
    // "If a user request is handled on just one such server, one user request in 100 will be slow (one second)."
    expect(slow(1, 0.01)).toBe(0.01);
  });

  it('gives 9.6 % for 10 dependencies at 1 % each (thuongduong.com, "Tail latency kills systems")', () => {
    // Source: https://thuongduong.com/blogs/redis/tail-latency-kills-systems.html: "With 10 dependencies:
    // 0.99^10 ≈ 0.904, ≈ 9.6% chance of slow overall response" (and 4.9 % for 5).
    expectClose(slow(10, 0.01), 0.096, 0, 0.0005);
    expectClose(slow(5, 0.01), 0.049, 0, 0.0005);
  });
});

describe('fanout-tail: edges and precision', () => {
  it('answers 0 (not −0) when no server is ever slow, and 1 when every server always is', () => {
    expect(Object.is(slow(100, 0), 0)).toBe(true);
    expect(slow(1, 1)).toBe(1);
    expect(slow(1e9, 1)).toBe(1);
  });

  it('keeps full precision for tiny p where (1 − p)^n cancels', () => {
    // 1 − (1 − 1e-12)^1e6 = 1 − e^{1e6·ln(1 − 1e-12)} = 1e-6 − 5e-13 + … (series, derived by hand)
    expectClose(slow(1e6, 1e-12), 1e-6 - 0.5e-12 + 1e-18 / 6 + 0.5e-18, 1e-12);
    // the naive formula is off in the fifth digit here
    const naive = 1 - (1 - 1e-12) ** 1e6;
    expect(Math.abs(naive / 1e-6 - 1)).toBeGreaterThan(1e-6);
    // and below 1.1e-16 the naive form returns exactly 0, the model does not
    expectClose(slow(10, 1e-17), 1e-16, 1e-12);
    expect(1 - (1 - 1e-17) ** 10).toBe(0);
  });

  it('approaches 1 − 1/e when n·p = 1 at huge n', () => {
    // n·ln(1 − p) = −1 − p/2 − … with p = 1e-9: 1 − e^{−1 − 5e-10} (derived)
    expectClose(slow(1e9, 1e-9), -Math.expm1(-1 - 5e-10), 1e-12);
  });
});

describe('fanout-tail: bad input', () => {
  it('names each bad field, its range and the value received', () => {
    const r = check(model, { fanout: 0, slowProbability: 1.5, extra: true });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('fanout: must be an integer from 1 to 1000000000 (got 0)');
    expect(lines).toContain('slowProbability: must be a number from 0 to 1 (got 1.5)');
    expect(lines).toContain('extra: is not an input of this model (inputs: fanout, slowProbability)');
  });

  it('rejects a fractional fan-out, NaN and missing fields', () => {
    const frac = check(model, { fanout: 2.5, slowProbability: 0.1 });
    expect(frac.ok ? '' : frac.problems[0]?.message).toBe('must be an integer from 1 to 1000000000 (got 2.5)');
    const nan = check(model, { fanout: 10, slowProbability: Number.NaN });
    expect(nan.ok ? '' : nan.problems[0]?.message).toBe('must be a number from 0 to 1 (got NaN)');
    const missing = check(model, {});
    expect(missing.ok ? [] : missing.problems.map((p) => p.field)).toEqual(['fanout', 'slowProbability']);
  });

  it('does not mutate its input, and its example is valid', () => {
    const input = deepFreeze({ fanout: 100, slowProbability: 0.01 });
    expect(() => evaluate(model, input)).not.toThrow();
    expect(check(model, model.example).ok).toBe(true);
  });
});

const probability = fc.double({ min: 0, max: 1, noNaN: true });
const fanout = fc.integer({ min: 1, max: 1_000_000 });

describe('fanout-tail: properties', () => {
  it('stays in [0, 1] and is at least the single-server probability', () => {
    fc.assert(
      fc.property(fanout, probability, (n, p) => {
        const q = slow(n, p);
        expect(q).toBeGreaterThanOrEqual(0);
        expect(q).toBeLessThanOrEqual(1);
        expect(q).toBeGreaterThanOrEqual(p * (1 - 1e-12));
      }),
    );
  });

  it('grows with the fan-out and with the per-server probability', () => {
    fc.assert(
      fc.property(fanout, fanout, probability, probability, (n1, n2, p1, p2) => {
        const [nLo, nHi] = n1 <= n2 ? [n1, n2] : [n2, n1];
        const [pLo, pHi] = p1 <= p2 ? [p1, p2] : [p2, p1];
        expect(slow(nHi, pLo)).toBeGreaterThanOrEqual(slow(nLo, pLo));
        expect(slow(nLo, pHi)).toBeGreaterThanOrEqual(slow(nLo, pLo));
      }),
    );
  });

  it('composes: fanning out to n + m servers is fanning out to two independent groups', () => {
    fc.assert(
      fc.property(fanout, fanout, fc.double({ min: 1e-12, max: 0.5, noNaN: true }), (n, m, p) => {
        const both = 1 - (1 - anySlowProbability(n, p)) * (1 - anySlowProbability(m, p));
        expectClose(anySlowProbability(n + m, p), both, 1e-9, 1e-15);
      }),
    );
  });
});
