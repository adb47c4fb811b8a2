import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import { mg1 as model } from '../../../models/queueing/mg1.ts';
import { mm1 } from '../../../models/queueing/mm1.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

const PER_HOUR = 1 / 3600; // a rate per hour, in per second
const MINUTE = 60; // seconds
const HOUR = 3600; // seconds

function stableOutput(input: { arrivalRate: number; meanServiceTime: number; serviceScv: number }) {
  const out = evaluate(model, input);
  if (!out.stable) throw new Error(`expected a stable queue for ${JSON.stringify(input)}`);
  return out;
}

describe('mg1: published worked examples', () => {
  it('matches the car wash of MD1-02: 6 cars/h, a constant 6-minute wash → ρ 0.6, Lq 0.45, Wq 4.5 min', () => {
    // Source: reference case MD1-02, Q&A worked answer (https://qammunity.org/5141475/?show=5141476), Lq = 0.45
    // published; Wq = Lq/λ = 4.5 min recomputed. 6 per hour = 6/3600 per second; 6 min = 360 s; constant: cs² = 0.
    const out = stableOutput({ arrivalRate: 6 * PER_HOUR, meanServiceTime: 6 * MINUTE, serviceScv: 0 });
    expectClose(out.utilization, 0.6, 1e-9); // rho
    expectClose(out.meanInQueue, 0.45, 1e-9); // Lq
    expectClose(out.meanWaitInQueue, 4.5 * MINUTE, 1e-9); // Wq_min
  });

  it('matches a second car-wash answer: λ = 12/h, 4 min constant → Wq 8 min, Lq 1.6; λ = 10/h, 2 min → Wq 0.5 min', () => {
    // Source: Q&A worked answer (mirrored at https://ja3.jsfiddle.net/parte/13796132): "μ = 60/4 = 15 cars/hour,
    // arrival rate is 12 per hour; Wq = λ/(2μ(μ − λ)) = 12/90 = 0.1333 hours or 8 minutes; Lq = 1.6";
    // part c, μ = 30/h, λ = 10/h: "0.0083 hours or 0.5 minutes". (The answer's "Lₙ = Wₙ = λ²/…" is a typo for Lq.)
    const a = stableOutput({ arrivalRate: 12 * PER_HOUR, meanServiceTime: 4 * MINUTE, serviceScv: 0 });
    expectClose(a.meanWaitInQueue, 8 * MINUTE, 1e-9);
    expectClose(a.meanWaitInQueue, 0.1333 * HOUR, 0, 0.00005 * HOUR); // printed to 4 decimals
    expectClose(a.meanInQueue, 1.6, 1e-9);
    const c = stableOutput({ arrivalRate: 10 * PER_HOUR, meanServiceTime: 2 * MINUTE, serviceScv: 0 });
    expectClose(c.meanWaitInQueue, 0.5 * MINUTE, 1e-9);
    expectClose(c.meanWaitInQueue, 0.0083 * HOUR, 0, 0.00005 * HOUR); // printed to 4 decimals (exact 1/120 h)
  });

  it('matches Menascé, Almeida and Dowdy’s Example 11.8 with Poisson arrivals: 80/s, 9 ms ± 3 ms → Wq 0.0129 s', () => {
    // Source: D. Menascé, V. Almeida, L. Dowdy, Performance by Design (Prentice Hall 2004), §11.7, Example 11.8
    // (https://flylib.com/books/en/2.871.1.123/1/): "If Ca were equal to one, the average waiting time would be
    // 0.0129 sec according to the M/G/1 result". Cs = 0.003/0.009 = 1/3, so cs² = 1/9; ρ = 80 × 0.009 = 0.72.
    const out = stableOutput({ arrivalRate: 80, meanServiceTime: 0.009, serviceScv: (0.003 / 0.009) ** 2 });
    expectClose(out.utilization, 0.72, 1e-12);
    expectClose(out.meanWaitInQueue, 0.0129, 0, 0.00005); // printed to 4 decimals
    expectClose(out.meanWaitInQueue, (0.72 * 0.009 * (1 + 1 / 9)) / (2 * 0.28), 1e-12); // exact: 0.0128571… s
  });

  it('matches Render’s Garcia-Golding Recycling: 8 trucks/h, a constant 5 minutes each → Lq 0.667, Wq 5 min', () => {
    // Source: Render/Stair/Hanna, Quantitative Analysis for Management, waiting-lines chapter, Garcia-Golding
    // Recycling (problem text: https://nursingpaperhelp.com/1-tom-jones-the-mechanic-at-golden-muffler-shop-is-able-to-install-new-mufflers-at-an-average-1-answer-below/):
    // "process truckloads at a constant rate of 12 trucks per hour… arrive… at an average rate of 8 per hour".
    // The textbook's answer (Lq = 0.667 trucks, Wq = 1/12 h = 5 min) is recomputed here: only the problem was found.
    const out = stableOutput({ arrivalRate: 8 * PER_HOUR, meanServiceTime: 5 * MINUTE, serviceScv: 0 });
    expectClose(out.meanInQueue, 0.667, 0, 0.0005);
    expectClose(out.meanWaitInQueue, 5 * MINUTE, 1e-9);
    // The problem's cost question, derived: drivers now wait 15 min, so the compactor saves 10 min × $60/h = $10
    // per truck against its $3 per truck.
    expectClose(((15 * MINUTE - (out.meanWaitInQueue ?? Number.NaN)) / HOUR) * 60, 10, 1e-9);
  });
});

describe('mg1: edges', () => {
  it('reports an unstable queue (ρ >= 1) with a reason, nulls and the highest stable rate', () => {
    for (const arrivalRate of [10, 12]) {
      const out = evaluate(model, { arrivalRate, meanServiceTime: 0.1, serviceScv: 2 });
      expect(out.stable).toBe(false);
      expect(out.reason).toMatch(/at or above 1/);
      expect(out.reason).toMatch(/arrival rate below 10\/s/);
      expectClose(out.maxStableArrivalRate, 10);
      expect(out).toMatchObject({ meanWaitInQueue: null, meanTimeInSystem: null, meanInQueue: null, meanInSystem: null });
      expect(JSON.stringify(out)).not.toMatch(/NaN|Infinity/);
    }
  });

  it('answers an idle server and extreme variability without overflow', () => {
    const idle = stableOutput({ arrivalRate: 0, meanServiceTime: 2, serviceScv: 5 });
    expect(idle).toMatchObject({ utilization: 0, meanWaitInQueue: 0, meanInQueue: 0, meanInSystem: 0, meanTimeInSystem: 2 });
    const wild = stableOutput({ arrivalRate: 1e-9 * (1 - 1e-15), meanServiceTime: 1e9, serviceScv: 1e4 });
    expect(JSON.stringify(wild)).not.toMatch(/NaN|Infinity/);
  });

  it('names each bad field, its range and the value received, and does not mutate its input', () => {
    const r = check(model, { arrivalRate: -1, meanServiceTime: 0, serviceScv: -0.5 });
    expect(r.ok ? [] : r.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'arrivalRate: must be a number from 0 to 1000000000000 (got -1)',
      'meanServiceTime: must be a number from 1e-12 to 1000000000 (got 0)',
      'serviceScv: must be a number from 0 to 10000 (got -0.5)',
    ]);
    const input = deepFreeze({ arrivalRate: 1, meanServiceTime: 0.5, serviceScv: 1 });
    expect(() => evaluate(model, input)).not.toThrow();
  });
});

const stable = fc
  .record({ s: fc.double({ min: 1e-6, max: 1e4, noNaN: true }), rho: fc.double({ min: 0, max: 0.999, noNaN: true }) })
  .map(({ s, rho }) => ({ arrivalRate: rho / s, meanServiceTime: s }));

describe('mg1: properties', () => {
  it('equals M/M/1 when service is exponential (cs² = 1)', () => {
    fc.assert(
      fc.property(stable, ({ arrivalRate, meanServiceTime }) => {
        const out = stableOutput({ arrivalRate, meanServiceTime, serviceScv: 1 });
        const ref = evaluate(mm1, { arrivalRate, serviceRate: 1 / meanServiceTime });
        if (!ref.stable) return; // ρ rounds differently only an ulp from 1
        expectClose(out.meanWaitInQueue, ref.meanWaitInQueue ?? Number.NaN, 1e-9, 1e-300);
        expectClose(out.meanTimeInSystem, ref.meanTimeInSystem ?? Number.NaN, 1e-9);
        expectClose(out.meanInSystem, ref.meanInSystem ?? Number.NaN, 1e-9, 1e-300);
      }),
    );
  });

  it("obeys Little's law, and constant service waits exactly half as long as exponential", () => {
    fc.assert(
      fc.property(stable, fc.double({ min: 0, max: 100, noNaN: true }), ({ arrivalRate, meanServiceTime }, scv) => {
        const out = stableOutput({ arrivalRate, meanServiceTime, serviceScv: scv });
        expectClose(out.meanInQueue, arrivalRate * (out.meanWaitInQueue ?? Number.NaN), 1e-12, 1e-300);
        expectClose(out.meanInSystem, arrivalRate * (out.meanTimeInSystem ?? Number.NaN), 1e-12, 1e-300);
        const d = stableOutput({ arrivalRate, meanServiceTime, serviceScv: 0 });
        const m = stableOutput({ arrivalRate, meanServiceTime, serviceScv: 1 });
        expectClose(d.meanWaitInQueue, (m.meanWaitInQueue ?? Number.NaN) / 2, 1e-12, 1e-300);
      }),
    );
  });

  it('waits longer with more load and with more variable service', () => {
    fc.assert(
      fc.property(stable, fc.double({ min: 0, max: 100, noNaN: true }), ({ arrivalRate, meanServiceTime }, scv) => {
        const base = stableOutput({ arrivalRate, meanServiceTime, serviceScv: scv });
        const busier = stableOutput({
          arrivalRate: arrivalRate * 1.0005 > 0.999 / meanServiceTime ? arrivalRate : arrivalRate * 1.0005,
          meanServiceTime,
          serviceScv: scv,
        });
        const wilder = stableOutput({ arrivalRate, meanServiceTime, serviceScv: scv + 1 });
        expect(busier.meanWaitInQueue ?? Number.NaN).toBeGreaterThanOrEqual(base.meanWaitInQueue ?? Number.NaN);
        expect(wilder.meanWaitInQueue ?? Number.NaN).toBeGreaterThanOrEqual(base.meanWaitInQueue ?? Number.NaN);
      }),
    );
  });
});
