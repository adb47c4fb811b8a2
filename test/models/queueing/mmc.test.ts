import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import { mm1 } from '../../../models/queueing/mm1.ts';
import { mmc as model } from '../../../models/queueing/mmc.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

const PER_HOUR = 1 / 3600; // a rate per hour, in per second
const HOUR = 3600; // seconds
const MINUTE = 60; // seconds

type Input = { arrivalRate: number; serviceRate: number; servers: number; targetWait?: number };

function stableOutput(input: Input) {
  const out = evaluate(model, input);
  if (!out.stable) throw new Error(`expected a stable queue for ${JSON.stringify(input)}`);
  return out;
}

describe('mmc: published worked examples', () => {
  it('matches the Call Centre Helper example: 100 calls/30 min, 180 s, 14 agents → C 0.17413, 88.8 % in 20 s, ASA 7.84 s', () => {
    // Source: reference case MMC-01, Call Centre Helper "Erlang C Formula – Made Simple With an Easy Worked
    // Example", reproduced by the pyworkforce 0.1.0 README, https://pypi.org/project/pyworkforce/0.1.0/
    // (waiting_probability 0.1741319335950498, service_level 0.8883500191794669, occupancy 0.7142857142857143), and by
    // the CRAN ErlangC 0.1.0 README, https://stat.ethz.ch/CRAN/web/packages/ErlangC/readme/README.html (average_speed_of_answer
    // "7.83593701177724s", immediate_answer_probability 0.8258681); both re-read, the Call Centre Helper article not. 100 calls per 30 min = 100/1800 per
    // second; 180 s handling = 1/180 per second.
    const out = stableOutput({ arrivalRate: 100 / 1800, serviceRate: 1 / 180, servers: 14, targetWait: 20 });
    expectClose(out.offeredLoad, 10.0, 1e-12); // traffic_erlangs
    expectClose(out.probWait, 0.1741319335950498, 1e-12); // P_wait
    expectClose(out.serviceLevel, 0.8883500191794669, 1e-12); // service_level
    expectClose(out.meanWaitInQueue, 7.83593701177724, 1e-12); // asa_s
    expectClose(1 - (out.probWait ?? Number.NaN), 0.8258681, 0, 5e-8); // immediate_answer (printed to 7 digits)
    expectClose(out.utilization, 0.7142857142857143, 1e-12); // occupancy
  });

  it('matches CRAN ErlangC’s first staffing step: 11 agents at 10 Erlangs wait with 0.6821182, 38.96 % in 20 s', () => {
    // Source: CRAN package ErlangC 0.1.0, README ("This package provides a set of functions to solve Erlang-C model."),
    // calculate_agents() "$process" row 1 (traffic_intensity 10, wait_probability 0.6821182, service_level 0.3896138),
    // https://rdocumentation.org/packages/ErlangC/versions/0.1.0 (also https://stat.ethz.ch/CRAN/web/packages/ErlangC/readme/README.html).
    // The row is the first stable count, ⌊10⌋ + 1 = 11 agents (an inference from the search it prints).
    const out = stableOutput({ arrivalRate: 100 / 1800, serviceRate: 1 / 180, servers: 11, targetWait: 20 });
    expectClose(out.probWait, 0.6821182, 0, 5e-8);
    expectClose(out.serviceLevel, 0.3896138, 0, 5e-8);
  });

  it('matches Render’s mall information desk (M/M/2, 20/h, 30/h each): P0 = 1/2 → L = 3/4, Wq = 15 s', () => {
    // Source: reference case MMC-07, Render/Stair/Hanna, Quantitative Analysis for Management 10e Instructor's
    // Manual ch. 14, Alternative Example 14.3 (https://freebooksummary.com/waiting-line-and-queuing-theory-models).
    // The manual prints P0 = 1/2 and L = 3/4; Lq, W, Wq, P_wait were recomputed exactly (kind "published").
    const out = stableOutput({ arrivalRate: 20 * PER_HOUR, serviceRate: 30 * PER_HOUR, servers: 2 });
    expectClose(out.meanInSystem, 0.75); // L
    expectClose(out.meanInQueue, 0.08333333333, 1e-9); // Lq
    expectClose(out.meanTimeInSystem, 0.0375 * HOUR); // W_h
    expectClose(out.meanTimeInSystem, 2.25 * MINUTE); // W_min
    expectClose(out.meanWaitInQueue, 0.25 * MINUTE); // Wq_min
    expectClose(out.probWait, 0.1666666667, 1e-9); // P_wait
    expectClose(out.utilization, 0.3333333333, 1e-9); // rho
  });

  it('matches Jensen’s M/M/2 table (5/h, 3/h): Wq 0.758 h; its printed W 1.901 and P(0) 0.901 are misprints', () => {
    // Source: P. Jensen, Operations Research Models and Methods (UT Austin), queueing problem "finite_infinite",
    // Queue 1 (M/M/2, arrival rate 5, service rate 3 per hour): Mean Time in Queue 0.758, P(1) 0.152
    // (http://www.me.utexas.edu/~jensen/ORMM/problems/units/queue/question/finite_infinite.html).
    // Trap: the same column prints Mean Time in System 1.901 and P(0) 0.901, but W = Wq + 1/μ = 0.758 + 0.333
    // = 1.091 h and P0 = 1/11 = 0.091 (its P(1) = P0·A = 0.152 agrees only with 0.091): transposed digits.
    const out = stableOutput({ arrivalRate: 5 * PER_HOUR, serviceRate: 3 * PER_HOUR, servers: 2 });
    expectClose(out.meanWaitInQueue, 0.758 * HOUR, 0, 0.0005 * HOUR); // printed to 3 decimals (exact 25/33 h)
    expectClose(out.meanWaitInQueue, (25 / 33) * HOUR); // exact: C = 25/33 and cμ − λ = 1/h
    expectClose(out.meanTimeInSystem, (12 / 11) * HOUR); // 1.0909 h, not the printed 1.901
    expect(Math.abs((out.meanTimeInSystem ?? 0) / HOUR - 1.901)).toBeGreaterThan(0.8);
    expectClose(out.meanInSystem, 5 * (12 / 11)); // L = λW = 60/11 customers
  });
});

describe('mmc: edges', () => {
  it('reports an unstable queue (A >= c) as an answer: stable false, a reason, nulls, and what would fix it', () => {
    for (const arrivalRate of [30, 45]) {
      const out = evaluate(model, { arrivalRate, serviceRate: 10, servers: 3, targetWait: 1 });
      expect(out.stable).toBe(false);
      expect(out.reason).toMatch(/at or above the 3 servers/);
      expect(out.reason).toMatch(new RegExp(`stable with ${Math.floor(arrivalRate / 10) + 1} servers or more`));
      expect(out.reason).toMatch(/arrival rate below 30\/s/);
      expect(out.minServersForStability).toBe(Math.floor(arrivalRate / 10) + 1);
      expect(out.maxStableArrivalRate).toBe(30);
      expectClose(out.utilization, arrivalRate / 30);
      expect(out).toMatchObject({
        probWait: null,
        meanWaitInQueue: null,
        meanTimeInSystem: null,
        meanInQueue: null,
        meanInSystem: null,
        serviceLevel: null,
      });
      expect(JSON.stringify(out)).not.toMatch(/NaN|Infinity/);
    }
  });

  it('reports serviceLevel only when targetWait is given', () => {
    const without = evaluate(model, { arrivalRate: 2, serviceRate: 1, servers: 3 });
    expect('serviceLevel' in without).toBe(false);
    const zero = evaluate(model, { arrivalRate: 2, serviceRate: 1, servers: 3, targetWait: 0 });
    expectClose(zero.serviceLevel, 1 - (zero.probWait ?? Number.NaN)); // answered at once = did not wait
  });

  it('answers an idle system (λ = 0): nobody waits, time in system is the service time', () => {
    const out = stableOutput({ arrivalRate: 0, serviceRate: 4, servers: 2, targetWait: 1 });
    expect(out).toMatchObject({
      offeredLoad: 0,
      probWait: 0,
      meanWaitInQueue: 0,
      meanInQueue: 0,
      meanInSystem: 0,
      serviceLevel: 1,
    });
    expectClose(out.meanTimeInSystem, 0.25);
  });

  it('handles a million servers at 99.9 % utilization in finite, exact numbers', () => {
    // A = 999 000 Erlangs on 10^6 servers; C against a 40-digit value, and Lq against the identity
    // Lq = C·ρ/(1 − ρ) (Gross & Harris §2.3).
    const out = stableOutput({ arrivalRate: 999_000, serviceRate: 1, servers: 1_000_000 });
    const rho = 0.999;
    expectClose(out.probWait, 0.2233033902913441, 1e-12); // independent: mpmath gammainc at 40 digits
    expectClose(out.meanWaitInQueue, 0.2233033902913441 / 1000, 1e-12); // C/(cμ − λ), cμ − λ = 1000/s
    expectClose(out.meanInQueue, ((out.probWait ?? Number.NaN) * rho) / (1 - rho), 1e-9);
    expect(JSON.stringify(out)).not.toMatch(/NaN|Infinity/);
  });

  it('stays stable and finite an ulp below A = c', () => {
    const out = evaluate(model, { arrivalRate: 3 - 2 ** -50, serviceRate: 1, servers: 3, targetWait: 5 });
    expect(out.stable).toBe(true);
    expect(out.probWait).toBeLessThanOrEqual(1);
    expect(JSON.stringify(out)).not.toMatch(/NaN|Infinity/);
  });
});

describe('mmc: bad input', () => {
  it('names each bad field, its range and the value received', () => {
    const r = check(model, { arrivalRate: -1, serviceRate: 0, servers: 0, targetWait: -5, extra: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('arrivalRate: must be a number from 0 to 1000000000000 (got -1)');
    expect(lines).toContain('serviceRate: must be a number from 1e-9 to 1000000000000 (got 0)');
    expect(lines).toContain('servers: must be an integer from 1 to 1000000 (got 0)');
    expect(lines).toContain('targetWait: must be a number from 0 to 1000000000 (got -5)');
    expect(lines.some((l) => l.startsWith('extra: is not an input of this model'))).toBe(true);
  });

  it('rejects fractional servers, NaN, text and missing fields', () => {
    const frac = check(model, { arrivalRate: 1, serviceRate: 1, servers: 2.5 });
    expect(frac.ok ? '' : frac.problems[0]?.message).toBe('must be an integer from 1 to 1000000 (got 2.5)');
    const nan = check(model, { arrivalRate: Number.NaN, serviceRate: 1, servers: 2 });
    expect(nan.ok ? [] : nan.problems.map((p) => p.field)).toEqual(['arrivalRate']);
    const text = check(model, { arrivalRate: 1, serviceRate: 1, servers: '2' });
    expect(text.ok ? [] : text.problems.map((p) => p.field)).toEqual(['servers']);
    const missing = check(model, {});
    expect(missing.ok ? [] : missing.problems.map((p) => p.field)).toEqual(['arrivalRate', 'serviceRate', 'servers']);
  });

  it('does not mutate its input', () => {
    const input = deepFreeze({ arrivalRate: 2, serviceRate: 1, servers: 3, targetWait: 1 });
    expect(() => evaluate(model, input)).not.toThrow();
    expect(input).toEqual({ arrivalRate: 2, serviceRate: 1, servers: 3, targetWait: 1 });
  });
});

/** A stable M/M/c: μ in [1e-3, 1e4] per second, c in [1, 300], ρ in [0, 0.999]. */
const stableQueue = fc
  .record({
    mu: fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
    c: fc.integer({ min: 1, max: 300 }),
    rho: fc.double({ min: 0, max: 0.999, noNaN: true }),
  })
  .map(({ mu, c, rho }) => ({ arrivalRate: rho * c * mu, serviceRate: mu, servers: c }));

describe('mmc: properties', () => {
  it("obeys Little's law: L = λW, Lq = λWq, and W = Wq + 1/μ", () => {
    fc.assert(
      fc.property(stableQueue, (input) => {
        const out = stableOutput(input);
        expectClose(out.meanInSystem, input.arrivalRate * (out.meanTimeInSystem ?? Number.NaN), 1e-12, 1e-300);
        expectClose(out.meanInQueue, input.arrivalRate * (out.meanWaitInQueue ?? Number.NaN), 1e-12, 1e-300);
        expectClose(out.meanTimeInSystem, (out.meanWaitInQueue ?? Number.NaN) + 1 / input.serviceRate, 1e-12);
        // and L − Lq is the mean number in service, the offered load
        expectClose((out.meanInSystem ?? 0) - (out.meanInQueue ?? 0), out.offeredLoad, 1e-9, 1e-9);
      }),
    );
  });

  it('equals M/M/1 with one server', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 0.999, noNaN: true }), (mu, rho) => {
        const input = { arrivalRate: rho * mu, serviceRate: mu };
        const one = stableOutput({ ...input, servers: 1 });
        const ref = evaluate(mm1, input);
        expectClose(one.probWait, ref.utilization, 1e-12, 1e-300); // C(A, 1) = ρ
        expectClose(one.meanWaitInQueue, ref.meanWaitInQueue ?? Number.NaN, 1e-12, 1e-300);
        expectClose(one.meanTimeInSystem, ref.meanTimeInSystem ?? Number.NaN, 1e-12);
        expectClose(one.meanInQueue, ref.meanInQueue ?? Number.NaN, 1e-12, 1e-300);
        expectClose(one.meanInSystem, ref.meanInSystem ?? Number.NaN, 1e-12, 1e-300);
        expect(one.stable).toBe(ref.stable);
      }),
    );
  });

  it('waits longer as the load grows (μ and c fixed), and answers fewer within any target', () => {
    fc.assert(
      fc.property(
        stableQueue,
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        ({ serviceRate, servers }, rho2, t) => {
          const rho1 = rho2 * 0.9;
          const a = stableOutput({ arrivalRate: rho1 * servers * serviceRate, serviceRate, servers, targetWait: t });
          const b = stableOutput({ arrivalRate: rho2 * servers * serviceRate, serviceRate, servers, targetWait: t });
          expect(b.probWait ?? Number.NaN).toBeGreaterThanOrEqual(a.probWait ?? Number.NaN);
          expect(b.meanWaitInQueue ?? Number.NaN).toBeGreaterThanOrEqual(a.meanWaitInQueue ?? Number.NaN);
          expect(b.serviceLevel ?? Number.NaN).toBeLessThanOrEqual((a.serviceLevel ?? Number.NaN) + 1e-15);
        },
      ),
    );
  });

  it('answers more within a longer target, and waits less with more servers', () => {
    fc.assert(
      fc.property(stableQueue, fc.double({ min: 0, max: 1e4, noNaN: true }), (input, t) => {
        const short = stableOutput({ ...input, targetWait: t });
        const long = stableOutput({ ...input, targetWait: 2 * t + 1 });
        expect(long.serviceLevel ?? Number.NaN).toBeGreaterThanOrEqual(short.serviceLevel ?? Number.NaN);
        const more = stableOutput({ ...input, servers: input.servers + 1 });
        expect(more.probWait ?? Number.NaN).toBeLessThanOrEqual(short.probWait ?? Number.NaN);
        expect(more.meanWaitInQueue ?? Number.NaN).toBeLessThanOrEqual(short.meanWaitInQueue ?? Number.NaN);
      }),
    );
  });

  it('is stable exactly when λ < cμ, and never answers NaN or Infinity', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e12, noNaN: true }),
        fc.double({ min: 1e-9, max: 1e12, noNaN: true }),
        fc.integer({ min: 1, max: 2000 }),
        (arrivalRate, serviceRate, servers) => {
          const out = evaluate(model, { arrivalRate, serviceRate, servers, targetWait: 1 });
          expect(out.stable).toBe(arrivalRate / serviceRate < servers);
          expect(out.probWait === null).toBe(!out.stable);
        },
      ),
    );
  });
});
