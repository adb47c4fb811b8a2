import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import { mm1 as model, mm1SojournPercentile, mm1WaitPercentile, percentileLevels } from '../../../models/queueing/mm1.ts';
import { expectClose } from '../close.ts';

const PER_MINUTE = 1 / 60; // a rate per minute, in per second
const PER_HOUR = 1 / 3600; // a rate per hour, in per second
const MINUTE = 60; // seconds
const HOUR = 3600; // seconds
const MS = 1e-3; // seconds

function stableOutput(input: { arrivalRate: number; serviceRate: number }) {
  const out = evaluate(model, input);
  if (!out.stable) throw new Error(`expected a stable queue for ${JSON.stringify(input)}`);
  return out;
}

describe('mm1: published worked examples', () => {
  it('matches Kelton et al. exercise 2.6.1: λ = 0.8/min, μ = 1/min gives ρ 0.8, L 4, W 5 min, Wq 4 min, Lq 3.2', () => {
    // Source: reference case MM1-01, worked solution to exercise 2.6.1 of Kelton/Smith/Sturrock "Simio and
    // Simulation" ch. 2 (https://rstudio-pubs-static.s3.amazonaws.com/305152_deb4ef47278a4a20a136768a8293127e.html).
    // The book works in minutes: 0.8/min = 0.8/60 per second, 1 min = 60 s.
    const out = stableOutput({ arrivalRate: 0.8 * PER_MINUTE, serviceRate: 1 * PER_MINUTE });
    expectClose(out.utilization, 0.8); // MM1-01 rho
    expectClose(out.meanInSystem, 4.0); // MM1-01 L
    expectClose(out.meanTimeInSystem, 5.0 * MINUTE); // MM1-01 W_min = 5
    expectClose(out.meanWaitInQueue, 4.0 * MINUTE); // MM1-01 Wq_min = 4
    expectClose(out.meanInQueue, 3.2); // MM1-01 Lq
  });

  it('matches Render/Stair/Hanna’s Golden Muffler Shop: λ = 2/h, μ = 3/h gives Wq = 2/3 h = 40 min', () => {
    // Source: reference case MM1-02, Render, Stair & Hanna, Quantitative Analysis for Management, waiting-line
    // chapter (Golden Muffler Shop, 2 cars/h, 3 installs/h). The book works in hours: 2/h = 2/3600 per second.
    const out = stableOutput({ arrivalRate: 2 * PER_HOUR, serviceRate: 3 * PER_HOUR });
    expectClose(out.utilization, 0.6666666667, 1e-9); // MM1-02 rho (printed to 10 digits)
    expectClose(out.meanInSystem, 2.0); // MM1-02 L
    expectClose(out.meanTimeInSystem, 1.0 * HOUR); // MM1-02 W_h = 1
    expectClose(out.meanInQueue, 1.333333333, 1e-9); // MM1-02 Lq (printed to 10 digits)
    expectClose(out.meanWaitInQueue, 0.6666666667 * HOUR, 1e-9); // MM1-02 Wq_h
    expectClose(out.meanWaitInQueue, 40.0 * MINUTE); // MM1-02 Wq_min = 40, "a 2/3-hour wait"
    expectClose(out.probEmpty, 0.3333333333, 1e-9); // MM1-02 P0
  });

  it('matches the network-design notes’ table (N, T) and their 90th percentiles T·ln 10 and T·ln(10ρ)', () => {
    // Source: lecture notes on M/M/1 for network design, "How about 90th percentile value?" and Example #1 with
    // its table (λ, μ in packets/s → N, T): 100, 200 → 1, 10 ms; 150, 200 → 3, 20 ms; 175, 200 → 7, 40 ms;
    // 1000, 2000 → 1. Formulas printed there: 90th percentile system delay = T ln 10, queueing delay =
    // max{T ln(10ρ), 0}. https://www.coursehero.com/file/9082366/In-generic-terms-the-term-customer-is-used-rather-than-packets/
    const rows = [
      { lambda: 100, mu: 200, n: 1, t: 10 * MS },
      { lambda: 150, mu: 200, n: 3, t: 20 * MS },
      { lambda: 175, mu: 200, n: 7, t: 40 * MS },
    ];
    for (const { lambda, mu, n, t } of rows) {
      const out = stableOutput({ arrivalRate: lambda, serviceRate: mu });
      expectClose(out.meanInSystem, n); // table: N
      expectClose(out.meanTimeInSystem, t); // table: T
      expectClose(out.timeInSystemPercentiles?.p90, t * Math.LN10); // notes: T ln 10
      expectClose(out.waitInQueuePercentiles?.p90, t * Math.log(10 * (lambda / mu))); // notes: T ln(10ρ)
    }
    // The table's last row: scaling both rates by 10 keeps N = 1 (and divides T by 10: 1 ms).
    const scaled = stableOutput({ arrivalRate: 1000, serviceRate: 2000 });
    expectClose(scaled.meanInSystem, 1); // table: N
    expectClose(scaled.meanTimeInSystem, 1 * MS); // 1/(2000 − 1000) s
  });

  it('matches Jain’s Example 31.1 (gateway, 125 packets/s, 2 ms each) and Box 31.1’s percentiles', () => {
    // Source: R. Jain, The Art of Computer Systems Performance Analysis (Wiley 1991), Example 31.1: λ = 125 pps,
    // μ = 1/0.002 = 500 pps; printed: ρ = 0.25, mean number in the gateway 0.33, mean time 2.67 ms (rounded).
    // Box 31.1: 90-percentile of response time = E[r] ln 10 = 2.3 E[r]; q-percentile of waiting time =
    // max(0, (E[w]/ρ) ln(100ρ/(100 − q))), which is 0 "at low traffic intensities".
    const out = stableOutput({ arrivalRate: 125, serviceRate: 1 / 0.002 });
    expectClose(out.utilization, 0.25); // printed ρ
    expectClose(out.meanInSystem, 0.33, 0, 0.005); // printed 0.33: rounded to 2 decimals (exact 1/3)
    expectClose(out.meanTimeInSystem, 2.67 * MS, 0, 0.005 * MS); // printed 2.67 ms: to 0.01 ms (exact 8/3 ms)
    // Box 31.1: 2.3 E[r] ≈ 6.14 ms; 2.3 is ln 10 = 2.3026 to two digits, so 1 % covers both roundings.
    expectClose(out.timeInSystemPercentiles?.p90, 2.3 * 2.67 * MS, 0.01);
    // Exact: E[r] = 8/3 ms, E[w] = ρ E[r] = 2/3 ms.
    expectClose(out.timeInSystemPercentiles?.p90, (8 / 3) * MS * Math.LN10);
    expectClose(out.waitInQueuePercentiles?.p90, (((2 / 3) * MS) / 0.25) * Math.log(10 * 0.25)); // ≈ 2.443 ms
    expect(out.waitInQueuePercentiles?.p50).toBe(0); // 100ρ/(100 − 50) = 0.5 < 1: the log is negative → 0
  });

  it('agrees with Gunther’s rules of thumb: p50 ≈ 2R/3, p90 ≈ 7R/3, p95 ≈ 9R/3 of the mean R', () => {
    // Source: N. Gunther, "Response Time Percentiles for Multi-server Applications", The Pith of Performance,
    // 2013-12-25 (http://perfdynamics.blogspot.com/2013/12/), Guerrilla rules for single-server percentiles;
    // they approximate ln 2 = 0.693, ln 10 = 2.303, ln 20 = 2.996, so they hold to 4 %, 1.5 % and 0.2 %.
    const out = stableOutput({ arrivalRate: 70, serviceRate: 100 });
    const r = out.meanTimeInSystem ?? Number.NaN;
    expectClose(out.timeInSystemPercentiles?.p50, (2 / 3) * r, 0.04);
    expectClose(out.timeInSystemPercentiles?.p90, (7 / 3) * r, 0.015);
    expectClose(out.timeInSystemPercentiles?.p95, (9 / 3) * r, 0.002);
  });
});

describe('mm1: independent derivations and edges', () => {
  it('reports every percentile of λ = 3, μ = 4 (derived by hand: μ − λ = 1/s, ρ = 0.75)', () => {
    // Sojourn: −ln(1 − q)/1 → p50 ln 2, p90 ln 10, p95 ln 20, p99 ln 100, p999 ln 1000 seconds.
    // Wait: 0 for q <= 0.25; else ln(ρ/(1 − q)) → p50 ln 1.5, p90 ln 7.5, p95 ln 15, p99 ln 75, p999 ln 750.
    const out = stableOutput({ arrivalRate: 3, serviceRate: 4 });
    expect(out.timeInSystemPercentiles).toBeDefined();
    const s = out.timeInSystemPercentiles;
    const w = out.waitInQueuePercentiles;
    expectClose(s?.p50, Math.log(2));
    expectClose(s?.p90, Math.log(10));
    expectClose(s?.p95, Math.log(20));
    expectClose(s?.p99, Math.log(100));
    expectClose(s?.p999, Math.log(1000));
    expectClose(w?.p50, Math.log(1.5));
    expectClose(w?.p90, Math.log(7.5));
    expectClose(w?.p95, Math.log(15));
    expectClose(w?.p99, Math.log(75));
    expectClose(w?.p999, Math.log(750));
    expectClose(out.probEmpty, 0.25);
  });

  it('answers an idle server (λ = 0): nobody waits, the time in system is the service time', () => {
    const out = stableOutput({ arrivalRate: 0, serviceRate: 10 });
    expect(out).toMatchObject({ utilization: 0, probEmpty: 1, meanInSystem: 0, meanInQueue: 0, meanWaitInQueue: 0 });
    expectClose(out.meanTimeInSystem, 0.1);
    expect(Object.values(out.waitInQueuePercentiles ?? {})).toEqual([0, 0, 0, 0, 0]);
    expectClose(out.timeInSystemPercentiles?.p50, 0.1 * Math.LN2);
  });

  it('stays finite and stable as ρ → 1 from below, with means growing like 1/(1 − ρ)', () => {
    const mu = 1000;
    const lambda = mu * (1 - 1e-12);
    const out = stableOutput({ arrivalRate: lambda, serviceRate: mu });
    expect(out.stable).toBe(true);
    expectClose(out.meanTimeInSystem, 1 / (mu - lambda)); // ≈ 1e9 s
    expectClose(out.meanInSystem, lambda / (mu - lambda), 1e-9); // ≈ 1e12
    expect(Number.isFinite(out.timeInSystemPercentiles?.p999)).toBe(true);
    // the largest double below μ is still stable
    const edge = evaluate(model, { arrivalRate: 4 - 2 ** -50, serviceRate: 4 });
    expect(edge.stable).toBe(true);
    expect(edge.timeInSystemPercentiles).not.toBeNull();
    expect(JSON.stringify(edge)).not.toMatch(/NaN|Infinity/);
  });

  it('handles tiny and huge rates without overflow', () => {
    const tiny = stableOutput({ arrivalRate: 5e-10, serviceRate: 1e-9 });
    expectClose(tiny.meanTimeInSystem, 2e9); // 1/(1e-9 − 5e-10)
    expectClose(tiny.meanInSystem, 1); // ρ/(1 − ρ) with ρ = 0.5
    const huge = stableOutput({ arrivalRate: 9e11, serviceRate: 1e12 });
    expectClose(huge.meanTimeInSystem, 1e-11); // 1/(1e12 − 9e11)
    expectClose(huge.meanInSystem, 9); // 0.9/0.1
    const extreme = evaluate(model, { arrivalRate: 1e12, serviceRate: 1e-9 });
    expect(extreme.stable).toBe(false);
    expectClose(extreme.utilization, 1e21);
  });

  it('reports an unstable queue (ρ >= 1) as an answer: stable false, a reason, nulls, the highest stable rate', () => {
    for (const arrivalRate of [120, 100]) {
      const out = evaluate(model, { arrivalRate, serviceRate: 100 });
      expect(out.stable).toBe(false);
      expect(out.reason).toMatch(/at or above the service rate 100\/s/);
      expect(out.reason).toMatch(/below 100\/s/);
      expect(out.maxStableArrivalRate).toBe(100);
      expectClose(out.utilization, arrivalRate / 100);
      expect(out).toMatchObject({
        probEmpty: null,
        meanInSystem: null,
        meanInQueue: null,
        meanTimeInSystem: null,
        meanWaitInQueue: null,
        timeInSystemPercentiles: null,
        waitInQueuePercentiles: null,
      });
      expect(JSON.stringify(out)).not.toMatch(/NaN|Infinity/);
    }
    expect(evaluate(model, { arrivalRate: 1, serviceRate: 2 }).reason).toBeNull();
  });

  it('exports helpers that give the same numbers and null when unstable', () => {
    const out = stableOutput({ arrivalRate: 40, serviceRate: 50 });
    for (const [name, q] of Object.entries(percentileLevels)) {
      expect(mm1SojournPercentile(40, 50, q)).toBe(out.timeInSystemPercentiles?.[name as keyof typeof percentileLevels]);
      expect(mm1WaitPercentile(40, 50, q)).toBe(out.waitInQueuePercentiles?.[name as keyof typeof percentileLevels]);
    }
    expect(mm1SojournPercentile(50, 50, 0.99)).toBeNull();
    expect(mm1WaitPercentile(60, 50, 0.99)).toBeNull();
    expect(() => mm1SojournPercentile(1, 2, 1)).toThrow(RangeError);
    expect(() => mm1WaitPercentile(1, 2, Number.NaN)).toThrow(RangeError);
  });
});

describe('mm1: bad input', () => {
  it('names each bad field, its range and the value received', () => {
    const r = check(model, { arrivalRate: -1, serviceRate: 0, extra: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('arrivalRate: must be a number from 0 to 1000000000000 (got -1)');
    expect(lines).toContain('serviceRate: must be a number from 1e-9 to 1000000000000 (got 0)');
    expect(lines.some((l) => l.startsWith('extra: is not an input of this model (inputs: arrivalRate, serviceRate)'))).toBe(true);
  });

  it('rejects NaN, Infinity, text and missing fields', () => {
    const nan = check(model, { arrivalRate: Number.NaN, serviceRate: 1 });
    expect(nan.ok ? '' : nan.problems[0]?.message).toBe('must be a number from 0 to 1000000000000 (got NaN)');
    const inf = check(model, { arrivalRate: 1, serviceRate: Number.POSITIVE_INFINITY });
    expect(inf.ok ? [] : inf.problems.map((p) => p.field)).toEqual(['serviceRate']);
    const text = check(model, { arrivalRate: '5', serviceRate: 10 });
    expect(text.ok ? [] : text.problems.map((p) => p.field)).toEqual(['arrivalRate']);
    const missing = check(model, {});
    expect(missing.ok ? [] : missing.problems.map((p) => p.field)).toEqual(['arrivalRate', 'serviceRate']);
  });

  it('does not mutate its input', () => {
    const input = Object.freeze({ arrivalRate: 3, serviceRate: 4 });
    expect(() => evaluate(model, input)).not.toThrow();
    expect(input).toEqual({ arrivalRate: 3, serviceRate: 4 });
  });
});

/** A stable queue: μ in [1e-3, 1e6] per second, ρ in [0, 0.999]. */
const stableQueue = fc
  .record({
    mu: fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
    rho: fc.double({ min: 0, max: 0.999, noNaN: true }),
  })
  .map(({ mu, rho }) => ({ arrivalRate: rho * mu, serviceRate: mu }));

describe('mm1: properties', () => {
  it("obeys Little's law: L = λW and Lq = λWq", () => {
    fc.assert(
      fc.property(stableQueue, (input) => {
        const out = stableOutput(input);
        expectClose(out.meanInSystem, input.arrivalRate * (out.meanTimeInSystem ?? Number.NaN), 1e-12, 1e-300);
        expectClose(out.meanInQueue, input.arrivalRate * (out.meanWaitInQueue ?? Number.NaN), 1e-12, 1e-300);
        // and the time in system is the wait plus one mean service time
        expectClose(out.meanTimeInSystem, (out.meanWaitInQueue ?? Number.NaN) + 1 / input.serviceRate, 1e-12);
      }),
    );
  });

  it('waits longer as the arrival rate grows (μ fixed), in the mean and at every percentile', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (mu, r1, r2) => {
          const [lo, hi] = r1 <= r2 ? [r1, r2] : [r2, r1];
          const a = stableOutput({ arrivalRate: lo * mu, serviceRate: mu });
          const b = stableOutput({ arrivalRate: hi * mu, serviceRate: mu });
          expect(b.meanWaitInQueue ?? Number.NaN).toBeGreaterThanOrEqual(a.meanWaitInQueue ?? Number.NaN);
          expect(b.meanTimeInSystem ?? Number.NaN).toBeGreaterThanOrEqual(a.meanTimeInSystem ?? Number.NaN);
          for (const k of Object.keys(percentileLevels) as (keyof typeof percentileLevels)[]) {
            expect(b.waitInQueuePercentiles?.[k] ?? Number.NaN).toBeGreaterThanOrEqual(
              a.waitInQueuePercentiles?.[k] ?? Number.NaN,
            );
            expect(b.timeInSystemPercentiles?.[k] ?? Number.NaN).toBeGreaterThanOrEqual(
              a.timeInSystemPercentiles?.[k] ?? Number.NaN,
            );
          }
        },
      ),
    );
  });

  it('has percentiles that increase with q (strictly for the time in system)', () => {
    fc.assert(
      fc.property(
        stableQueue,
        fc.double({ min: 0, max: 0.9999, noNaN: true }),
        fc.double({ min: 0, max: 0.9999, noNaN: true }),
        ({ arrivalRate, serviceRate }, q1, q2) => {
          const [lo, hi] = q1 <= q2 ? [q1, q2] : [q2, q1];
          const w1 = mm1WaitPercentile(arrivalRate, serviceRate, lo) ?? Number.NaN;
          const w2 = mm1WaitPercentile(arrivalRate, serviceRate, hi) ?? Number.NaN;
          expect(w2).toBeGreaterThanOrEqual(w1);
          expect(w1).toBeGreaterThanOrEqual(0);
          const s1 = mm1SojournPercentile(arrivalRate, serviceRate, lo) ?? Number.NaN;
          const s2 = mm1SojournPercentile(arrivalRate, serviceRate, hi) ?? Number.NaN;
          expect(s2).toBeGreaterThanOrEqual(s1);
          if (hi - lo > 1e-9) expect(s2).toBeGreaterThan(s1); // strictly, where doubles can tell them apart
          // a wait never exceeds the time in system at the same quantile
          expect(w1).toBeLessThanOrEqual(s1);
        },
      ),
    );
  });

  it('answers every input in range with finite numbers or null, never NaN or Infinity', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e12, noNaN: true }),
        fc.double({ min: 1e-9, max: 1e12, noNaN: true }),
        (arrivalRate, serviceRate) => {
          const out = evaluate(model, { arrivalRate, serviceRate }); // evaluate throws on a non-finite number
          expect(out.stable).toBe(arrivalRate < serviceRate);
          expect(out.meanTimeInSystem === null).toBe(!out.stable);
        },
      ),
    );
  });
});

describe('mm1: a seeded simulation agrees with the closed form', () => {
  it('Lindley’s recursion over 400 000 customers at ρ = 0.8 matches Wq, W and the p90 time in system within 3 %', () => {
    // Deterministic: mulberry32 with a fixed seed (no wall clock, no Math.random).
    let state = 0x5eed;
    const uniform = (): number => {
      state = (state + 0x6d2b79f5) | 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const exp = (rate: number): number => -Math.log1p(-uniform()) / rate;
    const lambda = 8;
    const mu = 10;
    const n = 400_000;
    const sojourns = new Float64Array(n);
    let wait = 0;
    let waitSum = 0;
    for (let i = 0; i < n; i++) {
      const service = exp(mu);
      sojourns[i] = wait + service;
      waitSum += wait;
      wait = Math.max(0, wait + service - exp(lambda)); // Lindley: W(n+1) = max(0, W(n) + S(n) − A(n+1))
    }
    const out = stableOutput({ arrivalRate: lambda, serviceRate: mu });
    sojourns.sort();
    const meanSojourn = sojourns.reduce((a, b) => a + b, 0) / n;
    expectClose(waitSum / n, out.meanWaitInQueue ?? Number.NaN, 0.03); // 0.4 s
    expectClose(meanSojourn, out.meanTimeInSystem ?? Number.NaN, 0.03); // 0.5 s
    expectClose(sojourns[Math.floor(0.9 * n)], out.timeInSystemPercentiles?.p90 ?? Number.NaN, 0.03); // 0.5 ln 10 s
  });
});
