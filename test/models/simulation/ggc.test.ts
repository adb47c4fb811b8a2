import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../models/evaluate.ts';
import { mm1 } from '../../../models/queueing/mm1.ts';
import type { ArrivalProcess } from '../../../models/simulation/arrivals.ts';
import type { Distribution } from '../../../models/simulation/distributions.ts';
import {
  backlogAt,
  backlogSeries,
  drainTime,
  maxBacklog,
  simulateGgc,
  simulateQueue,
  summarizeGgc,
  type GgcTrace,
} from '../../../models/simulation/ggc.ts';
import { percentilesInPlace, studentT975 } from '../../../models/simulation/stats.ts';
import { expectClose } from '../close.ts';

/**
 * The simulated mean agrees with the closed form within 3 half-widths of its own 95 % batch-means interval
 * (a miss is then a p < 0.003 event for a correct simulator, with the seed fixed so it never flakes), and
 * the interval is narrow enough (`maxRelHalfWidth`) for the check to have power.
 */
function expectWithinInterval(ci: { mean: number; halfWidth: number }, exact: number, maxRelHalfWidth: number): void {
  expect(ci.halfWidth / exact, `half-width ${ci.halfWidth} too wide for ${exact}`).toBeLessThan(maxRelHalfWidth);
  expectClose(ci.mean, exact, 0, 3 * ci.halfWidth);
}

/**
 * A batch-means 95 % interval for a percentile of the wait: the q-percentile of each of `batches`
 * consecutive batches of the measured customers, then their mean ± t·s/√B (Law, §9.5.3, applied to
 * quantiles; with 20 000 customers a batch the batch quantile's bias is far below its spread).
 */
function waitPercentileInterval(trace: GgcTrace, first: number, batches: number, q: number): { mean: number; halfWidth: number } {
  const m = Math.floor((trace.customers - first) / batches);
  const batch = new Float64Array(m);
  const values: number[] = [];
  for (let b = 0; b < batches; b++) {
    for (let k = 0; k < m; k++) {
      const i = first + b * m + k;
      batch[k] = (trace.start[i] ?? 0) - (trace.arrival[i] ?? 0);
    }
    values.push(percentilesInPlace(batch, [q])[0] ?? Number.NaN);
  }
  const mean = values.reduce((a, v) => a + v, 0) / batches;
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (batches - 1));
  return { mean, halfWidth: (studentT975(batches - 1) * sd) / Math.sqrt(batches) };
}

/** Erlang C by the direct sum (fine for c <= 10): P(wait) = (A^c/c!)·c/(c − A) / (Σ_{k<c} A^k/k! + that). */
function erlangC(c: number, a: number): number {
  let term = 1; // A^k/k!
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = (term * c) / (c - a);
  return top / (sum + top);
}

const poisson = (rate: number): ArrivalProcess => ({ kind: 'poisson', rate });
const expService = (mean: number): Distribution => ({ kind: 'exponential', mean });

describe('ggc simulation agrees with closed forms (fixed seeds, within its own confidence interval)', () => {
  it('M/M/1 at ρ = 0.7 matches mm1: Wq = 2.333 s, W = 3.333 s, and the time-in-system percentiles', () => {
    // Closed form: models/queueing/mm1.ts (Jain 1991, Box 31.1): λ = 0.7/s, μ = 1/s.
    const exact = evaluate(mm1, { arrivalRate: 0.7, serviceRate: 1 });
    const { summary } = simulateQueue({
      arrivals: poisson(0.7),
      service: expService(1),
      servers: 1,
      customers: 600_000,
      seed: 20240601,
      warmup: 10_000,
      batches: 20,
    });
    expectWithinInterval(summary.waitInQueueInterval, exact.meanWaitInQueue ?? Number.NaN, 0.05);
    expectWithinInterval(summary.timeInSystemInterval, exact.meanTimeInSystem ?? Number.NaN, 0.05);
    // The sojourn of a FCFS M/M/1 is exponential with rate μ − λ: p90 = ln 10/(μ − λ) = 7.675 s.
    expectClose(summary.timeInSystemPercentiles.p90, Math.LN10 / (1 - 0.7), 0.03);
    const s = exact.timeInSystemPercentiles;
    expectClose(summary.timeInSystemPercentiles.p50, s?.p50 ?? Number.NaN, 0.03);
    expectClose(summary.timeInSystemPercentiles.p95, s?.p95 ?? Number.NaN, 0.03);
    expectClose(summary.timeInSystemPercentiles.p99, s?.p99 ?? Number.NaN, 0.05);
    expectClose(summary.timeInSystemPercentiles.p999, s?.p999 ?? Number.NaN, 0.1);
    // Waits: 0 up to the 1 − ρ = 0.3 quantile, then ln(ρ/(1 − q))/(μ − λ).
    const w = exact.waitInQueuePercentiles;
    expectClose(summary.waitInQueuePercentiles.p50, w?.p50 ?? Number.NaN, 0.04);
    expectClose(summary.waitInQueuePercentiles.p90, w?.p90 ?? Number.NaN, 0.03);
    expectClose(summary.waitInQueuePercentiles.p99, w?.p99 ?? Number.NaN, 0.05);
    expectClose(summary.probWait, 0.7, 0, 0.01); // P(wait > 0) = ρ
    expectClose(summary.utilization, 0.7, 0.01);
    expectClose(summary.throughput, 0.7, 0.01);
  });

  it('M/D/1 matches Pollaczek–Khinchine: the car wash (6 cars/h, 6 min each) waits 4.5 min, Lq = 0.45', () => {
    // Published: reference case MD1-02 (/work/shared/reference/published-cases.json), Q&A worked answer
    // "automatic car wash" (https://qammunity.org/5141475/?show=5141476): ρ = 0.6, Lq = 0.45, Wq = 4.5 min.
    // Independent derivation: Wq = ρ/(2μ(1 − ρ)) = 0.6 × 360 s / (2 × 0.4) = 270 s.
    const lambda = 6 / 3600;
    const service = 360;
    const rho = lambda * service;
    const wq = rho / (2 * (1 / service) * (1 - rho));
    expectClose(wq, 4.5 * 60); // the published figure, from the formula
    const { summary } = simulateQueue({
      arrivals: poisson(lambda),
      service: { kind: 'deterministic', mean: service },
      servers: 1,
      customers: 300_000,
      seed: 7,
      warmup: 5_000,
      batches: 20,
    });
    expectWithinInterval(summary.waitInQueueInterval, wq, 0.04);
    expectWithinInterval(summary.timeInSystemInterval, wq + service, 0.02);
    expectClose(lambda * summary.meanWaitInQueue, 0.45, 0.04); // Lq = λWq (Little)
  });

  const mg1Cases: readonly [string, Distribution & { scv: number }, number, number][] = [
    ['Erlang-2 (SCV 0.5)', { kind: 'gamma', mean: 0.5, scv: 0.5 }, 1.6, 0.04],
    ['hyperexponential (SCV 4)', { kind: 'hyperexponential', mean: 0.5, scv: 4 }, 1.2, 0.06],
    ['uniform on [0, 2m] (SCV 1/3)', { kind: 'uniform', mean: 0.5, scv: 1 / 3 }, 1.5, 0.04],
  ];
  it.each(mg1Cases)(
    'M/G/1 with %s service matches Pollaczek–Khinchine Wq = ρE[S](1 + SCV)/(2(1 − ρ))',
    (_name, service, lambda, maxHw) => {
      const scv = service.scv;
      const rho = lambda * service.mean;
      const wq = (rho * service.mean * (1 + scv)) / (2 * (1 - rho));
      const { summary } = simulateQueue({
        arrivals: poisson(lambda),
        service,
        servers: 1,
        customers: 400_000,
        seed: 99,
        warmup: 10_000,
        batches: 25,
      });
      expectWithinInterval(summary.waitInQueueInterval, wq, maxHw);
    },
  );

  it.each([
    [5, 4, 1, 0.06],
    [10, 8.5, 1, 0.1],
    [2, 1.5, 1, 0.06],
  ])(
    'M/M/%i with λ = %f, μ = %f matches Erlang C: P(wait), Wq = C/(cμ − λ), and the wait percentiles',
    (c, lambda, mu, maxHw) => {
      // Independent derivation (the direct sum above; models/queueing/erlang.ts is not used).
      const C = erlangC(c, lambda / mu);
      const slack = c * mu - lambda;
      const wq = C / slack;
      const { trace, summary } = simulateQueue({
        arrivals: poisson(lambda),
        service: expService(1 / mu),
        servers: c,
        customers: 400_000,
        seed: 31 * c,
        warmup: 10_000,
        batches: 20,
      });
      expectWithinInterval(summary.waitInQueueInterval, wq, maxHw);
      expectWithinInterval(summary.timeInSystemInterval, wq + 1 / mu, maxHw / 2);
      expectClose(summary.probWait, C, 0, 0.015);
      // P(Wq > t) = C e^{−(cμ − λ)t}: the q-percentile is ln(C/(1 − q))/(cμ − λ) for q > 1 − C.
      expect(summary.waitInQueuePercentiles.p90).toBeGreaterThan(0);
      for (const q of [0.9, 0.99]) {
        expectWithinInterval(
          waitPercentileInterval(trace, summary.firstMeasured, 20, q),
          Math.log(C / (1 - q)) / slack,
          1.5 * maxHw,
        );
      }
      expectClose(summary.utilization, lambda / (c * mu), 0.01);
    },
  );

  it('the batch-means interval covers the M/M/1 mean wait about 95 % of the time (40 seeds)', () => {
    // 40 independent runs of 40 000 customers at ρ = 0.6 (exact Wq = 0.6/0.4 = 1.5 s), 20 batches of about
    // 1 900 customers each: with well-behaved batches about 2 of 40 intervals miss (binomial sd 1.4). More
    // than 7 misses would mean intervals too narrow to trust (p < 0.001 for a true 95 % interval).
    let misses = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { summary } = simulateQueue({
        arrivals: poisson(0.6),
        service: expService(1),
        servers: 1,
        customers: 40_000,
        seed,
        warmup: 2000,
        batches: 20,
      });
      const ci = summary.waitInQueueInterval;
      if (!(ci.low <= 1.5 && 1.5 <= ci.high)) misses++;
    }
    expect(misses).toBeLessThanOrEqual(7);
  });

  it('D/D/1, overloaded: customer k waits exactly k(S − 1/λ)', () => {
    // Arrivals at (k + 1)/λ with λ = 4/s, each served 0.3 s: the server is never idle, start(k) = 0.25 + 0.3k,
    // so wait(k) = 0.3k − 0.25k = 0.05k.
    const trace = simulateGgc({
      arrivals: { kind: 'deterministic', rate: 4 },
      service: { kind: 'deterministic', mean: 0.3 },
      servers: 1,
      customers: 1000,
      seed: 1,
    });
    for (let k = 0; k < 1000; k++) expectClose((trace.start[k] ?? 0) - (trace.arrival[k] ?? 0), 0.05 * k, 1e-9, 1e-9);
  });

  it('D/D/c, underloaded: nobody waits and the backlog is never above 0', () => {
    const { trace, summary } = simulateQueue({
      arrivals: { kind: 'deterministic', rate: 10 },
      service: { kind: 'deterministic', mean: 0.29 },
      servers: 3,
      customers: 10_000,
      seed: 1,
      warmup: 0,
      batches: 10,
    });
    expect(summary.meanWaitInQueue).toBe(0);
    expect(summary.probWait).toBe(0);
    expect(maxBacklog(trace)).toBe(0);
    expectClose(summary.utilization, (10 * 0.29) / 3, 1e-3);
  });
});

/** A naive O(c) Kiefer–Wolfowitz: each customer takes the earliest-free server found by a linear scan. */
function naiveStarts(trace: GgcTrace): Float64Array {
  const free = new Float64Array(trace.servers);
  const starts = new Float64Array(trace.customers);
  for (let k = 0; k < trace.customers; k++) {
    let m = 0;
    for (let i = 1; i < free.length; i++) if ((free[i] ?? 0) < (free[m] ?? 0)) m = i;
    const a = trace.arrival[k] ?? 0;
    const s = (trace.departure[k] ?? 0) - (trace.start[k] ?? 0);
    const b = Math.max(a, free[m] ?? 0);
    starts[k] = b;
    free[m] = b + s;
  }
  return starts;
}

const distributionArb: fc.Arbitrary<Distribution> = fc.oneof(
  fc.double({ min: 0.1, max: 2, noNaN: true }).map((mean): Distribution => ({ kind: 'exponential', mean })),
  fc.double({ min: 0.1, max: 2, noNaN: true }).map((mean): Distribution => ({ kind: 'deterministic', mean })),
  fc
    .record({ mean: fc.double({ min: 0.1, max: 2, noNaN: true }), scv: fc.double({ min: 0.05, max: 4, noNaN: true }) })
    .map(({ mean, scv }): Distribution => ({ kind: 'lognormal', mean, scv })),
  fc
    .record({ mean: fc.double({ min: 0.1, max: 2, noNaN: true }), scv: fc.double({ min: 0.05, max: 4, noNaN: true }) })
    .map(({ mean, scv }): Distribution => ({ kind: 'gamma', mean, scv })),
  fc
    .record({ mean: fc.double({ min: 0.1, max: 2, noNaN: true }), scv: fc.double({ min: 1.01, max: 4, noNaN: true }) })
    .map(({ mean, scv }): Distribution => ({ kind: 'hyperexponential', mean, scv })),
  fc
    .record({ mean: fc.double({ min: 0.1, max: 2, noNaN: true }), scv: fc.double({ min: 0, max: 1 / 3, noNaN: true }) })
    .map(({ mean, scv }): Distribution => ({ kind: 'uniform', mean, scv })),
);

/** A queue of c servers at utilization ρ with the given service distribution (Poisson or renewal arrivals). */
const queueArb = fc
  .record({
    servers: fc.integer({ min: 1, max: 12 }),
    rho: fc.double({ min: 0.05, max: 1.3, noNaN: true }),
    service: distributionArb,
    arrivalScv: fc.oneof(fc.constant(1), fc.double({ min: 0.1, max: 3, noNaN: true })),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  })
  .map(({ servers, rho, service, arrivalScv, seed }) => {
    const rate = (rho * servers) / service.mean;
    const arrivals: ArrivalProcess =
      arrivalScv === 1 ? poisson(rate) : { kind: 'renewal', interarrival: { kind: 'gamma', mean: 1 / rate, scv: arrivalScv } };
    return { arrivals, service, servers, seed, rho };
  });

describe('ggc simulation: FCFS and Lindley invariants (properties)', () => {
  it('starts after arrival, departs after start, starts in arrival order, never overlaps on a server', () => {
    fc.assert(
      fc.property(queueArb, (q) => {
        const t = simulateGgc({ ...q, customers: 2000, recordServers: true });
        const lastDeparture = new Float64Array(q.servers);
        let prevStart = 0;
        const broken: string[] = []; // the first broken rule, with the customer; one expect at the end (fast)
        for (let k = 0; k < t.customers && broken.length === 0; k++) {
          const a = t.arrival[k] ?? Number.NaN;
          const b = t.start[k] ?? Number.NaN;
          const d = t.departure[k] ?? Number.NaN;
          const srv = t.server?.[k] ?? -1;
          if (!Number.isFinite(d)) broken.push(`${k}: departure ${d} is not finite`);
          if (!(b >= a)) broken.push(`${k}: wait < 0 (start ${b}, arrival ${a})`);
          if (!(d >= b)) broken.push(`${k}: service < 0 (departure ${d}, start ${b})`);
          if (!(b >= prevStart)) broken.push(`${k}: starts before customer ${k - 1} (FCFS)`);
          if (!(srv >= 0 && srv < q.servers)) broken.push(`${k}: server ${srv} out of range`);
          else if (!(b >= (lastDeparture[srv] ?? Number.NaN))) broken.push(`${k}: server ${srv} still busy`);
          lastDeparture[srv] = d; // so each server's departures are in order
          prevStart = b;
        }
        expect(broken).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('with one server, every wait is Lindley’s W(n+1) = max(0, W(n) + S(n) − A(n+1))', () => {
    fc.assert(
      fc.property(queueArb, (q) => {
        const t = simulateGgc({ ...q, servers: 1, customers: 2000 });
        let w = 0;
        let worst = 0; // the largest gap to Lindley's recursion, relative to the clock's magnitude
        for (let k = 0; k < t.customers; k++) {
          if (k > 0) {
            const s = (t.departure[k - 1] ?? 0) - (t.start[k - 1] ?? 0);
            const gap = (t.arrival[k] ?? 0) - (t.arrival[k - 1] ?? 0);
            w = Math.max(0, w + s - gap);
          }
          const err = Math.abs((t.start[k] ?? 0) - (t.arrival[k] ?? 0) - w) / Math.max(1, t.departure[k] ?? 1);
          if (err > worst) worst = err;
        }
        expect(worst).toBeLessThan(1e-9);
      }),
      { numRuns: 40 },
    );
  });

  it('with c servers, the heap gives the same starts as a linear scan for the earliest-free server', () => {
    fc.assert(
      fc.property(queueArb, (q) => {
        const t = simulateGgc({ ...q, customers: 2000 });
        expect(naiveStarts(t)).toEqual(t.start);
      }),
      { numRuns: 40 },
    );
  });

  it('one more server never lengthens anybody’s wait, with the same random stream (common random numbers)', () => {
    fc.assert(
      fc.property(queueArb, (q) => {
        const few = simulateGgc({ ...q, customers: 2000 });
        const more = simulateGgc({ ...q, servers: q.servers + 1, customers: 2000 });
        expect(more.arrival).toEqual(few.arrival); // the same customers…
        let sumFew = 0;
        let sumMore = 0;
        let longer = 0;
        for (let k = 0; k < 2000; k++) {
          const a = few.arrival[k] ?? 0;
          const wFew = (few.start[k] ?? 0) - a;
          const wMore = (more.start[k] ?? 0) - a;
          if (wMore > wFew) longer++; // …each waits no longer
          sumFew += wFew;
          sumMore += wMore;
        }
        expect(longer).toBe(0);
        expect(sumMore).toBeLessThanOrEqual(sumFew);
      }),
      { numRuns: 60 },
    );
  });

  it('serves as fast as customers arrive when stable: throughput ≈ λ and utilization ≈ ρ, within 6 %', () => {
    fc.assert(
      fc.property(
        queueArb.filter((q) => q.rho <= 0.8),
        (q) => {
          const { summary } = simulateQueue({ ...q, customers: 30_000, warmup: 1000, batches: 20 });
          const rate =
            q.arrivals.kind === 'poisson'
              ? q.arrivals.rate
              : q.arrivals.kind === 'renewal'
                ? 1 / q.arrivals.interarrival.mean
                : Number.NaN;
          expectClose(summary.throughput, rate, 0.06);
          expectClose(summary.utilization, q.rho, 0.06);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('serves at full speed when overloaded: throughput ≈ c/E[S], utilization ≈ 1', () => {
    const { summary } = simulateQueue({
      arrivals: poisson(12),
      service: expService(0.5),
      servers: 4,
      customers: 50_000,
      seed: 3,
      warmup: 0,
      batches: 10,
    });
    expectClose(summary.throughput, 8, 0.02);
    expectClose(summary.utilization, 1, 0.01);
    expect(summary.probWait).toBeGreaterThan(0.99);
  });
});

describe('ggc simulation: backlog', () => {
  it('samples the number waiting as a brute-force count, and the maximum bounds every sample', () => {
    fc.assert(
      fc.property(queueArb, (q) => {
        const t = simulateGgc({ ...q, customers: 1500 });
        const horizon = t.arrival[t.customers - 1] ?? 0;
        const series = backlogSeries(t, horizon / 50, 51);
        const max = maxBacklog(t);
        series.values.forEach((v, k) => {
          const time = k * series.step;
          let arrived = 0;
          let started = 0;
          for (let i = 0; i < t.customers; i++) {
            if ((t.arrival[i] ?? 0) <= time) arrived++;
            if ((t.start[i] ?? 0) <= time) started++;
          }
          expect(v).toBe(arrived - started);
          expect(backlogAt(t, time)).toBe(v);
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(max);
        });
        // the maximum is reached just after some arrival
        let best = 0;
        for (let i = 0; i < t.customers; i++) best = Math.max(best, backlogAt(t, t.arrival[i] ?? 0));
        expect(max).toBe(best);
      }),
      { numRuns: 30 },
    );
  });

  it.each(['inversion', 'thinning'] as const)(
    'a spike (100/s → 500/s for 60 s → 100/s, capacity 125/s) builds and drains the fluid backlog, by %s',
    (method) => {
      // Fluid picture: the spike adds (500 − 125) × 60 = 22 500 waiting; afterwards the queue drains at
      // 125 − 100 = 25/s, in 900 s. Random fluctuations over that horizon are about √(2 × 100 × 900) ≈ 420
      // customers (2 %), so 6 % tolerances hold the simulation to the fluid limit without flaking.
      const arrivals: ArrivalProcess = {
        kind: 'piecewise',
        pieces: [
          { duration: 30, rate: 100 },
          { duration: 60, rate: 500 },
          { duration: 30, rate: 100 },
        ],
        method,
      };
      const trace = simulateGgc({ arrivals, service: expService(0.08), servers: 10, customers: 150_000, seed: 5 });
      const drain = drainTime(trace, 90);
      expectClose(drain.backlogAtFrom, 22_500, 0.06);
      expectClose(drain.drainTime, 900, 0.06);
      expectClose(maxBacklog(trace), 22_500, 0.06);
      // drained means drained: the backlog is 0 at that moment and was above 0 just before
      const at = 90 + (drain.drainTime ?? Number.NaN);
      expect(backlogAt(trace, at)).toBe(0);
      expect(backlogAt(trace, at - 1e-9)).toBeGreaterThan(0);
      // before the spike the queue at ρ = 0.8 holds a handful, nothing like the spike's
      expect(backlogAt(trace, 29)).toBeLessThan(100);
    },
  );

  it('reports a drain time of 0 when the backlog is already at the threshold, and null when it never drains', () => {
    const calm = simulateGgc({ arrivals: poisson(1), service: expService(0.1), servers: 1, customers: 1000, seed: 2 });
    const t0 = calm.arrival[500] ?? 0;
    expect(drainTime(calm, t0, 1000).drainTime).toBe(0);
    // overloaded for ever: the backlog only grows, so it does not drain while arrivals keep coming
    const over = simulateGgc({ arrivals: poisson(2), service: expService(1), servers: 1, customers: 5000, seed: 2 });
    const d = drainTime(over, 100);
    expect(d.backlogAtFrom).toBeGreaterThan(50);
    expect(d.drainTime).toBeNull();
  });
});

describe('ggc simulation: determinism and arguments', () => {
  const config = {
    arrivals: poisson(3),
    service: { kind: 'lognormal', mean: 0.3, scv: 2 } as Distribution,
    servers: 2,
    customers: 5000,
  };

  it('gives identical runs for the same seed and different runs for another', () => {
    const a = simulateGgc({ ...config, seed: 42 });
    const b = simulateGgc({ ...config, seed: 42 });
    const c = simulateGgc({ ...config, seed: 43 });
    expect(b.arrival).toEqual(a.arrival);
    expect(b.departure).toEqual(a.departure);
    expect(c.arrival).not.toEqual(a.arrival);
    expect(summarizeGgc(a, { warmup: 100, batches: 20 })).toEqual(summarizeGgc(b, { warmup: 100, batches: 20 }));
  });

  it('counts two events a customer', () => {
    expect(simulateGgc({ ...config, seed: 1 }).events).toBe(10_000);
  });

  it('measures whole batches after the warm-up, dropping fewer than one batch more', () => {
    const t = simulateGgc({ ...config, seed: 1 });
    const s = summarizeGgc(t, { warmup: 1000, batches: 30 }); // 4000 / 30 = 133 a batch, 3990 measured
    expect(s.customersMeasured).toBe(3990);
    expect(s.firstMeasured).toBe(1010);
    expect(s.waitInQueueInterval.batchSize).toBe(133);
  });

  it('rejects impossible arguments with a RangeError', () => {
    expect(() => simulateGgc({ ...config, servers: 0, seed: 1 })).toThrow(RangeError);
    expect(() => simulateGgc({ ...config, customers: 1.5, seed: 1 })).toThrow(RangeError);
    const t = simulateGgc({ ...config, customers: 50, seed: 1 });
    expect(() => summarizeGgc(t, { warmup: 45, batches: 10 })).toThrow(RangeError);
    expect(() => backlogSeries(t, 0, 10)).toThrow(RangeError);
  });
});
