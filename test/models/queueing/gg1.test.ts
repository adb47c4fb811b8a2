import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import { gg1 as model } from '../../../models/queueing/gg1.ts';
import { mg1 } from '../../../models/queueing/mg1.ts';
import { mm1 } from '../../../models/queueing/mm1.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

const PER_MINUTE = 1 / 60; // a rate per minute, in per second
const MINUTE = 60; // seconds

type Input = { arrivalRate: number; meanServiceTime: number; arrivalScv: number; serviceScv: number };

function stableOutput(input: Input) {
  const out = evaluate(model, input);
  if (!out.stable) throw new Error(`expected a stable queue for ${JSON.stringify(input)}`);
  return out;
}

describe('gg1: published values', () => {
  it('has the utilization factor of the VUT guides: 19× at 95 %, about 70 % less queue at 85 %', () => {
    // Source: SymplProcess, "Kingman's Equation" (https://symplprocess.com/learn/kingmans-equation): "19× Queue
    // Multiplier at 95% Utilization", "~70% Queue Reduction from 95%→85%"; V = (Ca² + Ce²)/2, U = u/(1 − u), T = te.
    // With V = 1 and T = 1 s, Wq is the U factor itself.
    const at = (u: number) => stableOutput({ arrivalRate: u, meanServiceTime: 1, arrivalScv: 1.5, serviceScv: 0.5 });
    expectClose(at(0.95).meanWaitInQueue, 19, 1e-12);
    const reduction = 1 - (at(0.85).meanWaitInQueue ?? Number.NaN) / (at(0.95).meanWaitInQueue ?? Number.NaN);
    expectClose(reduction, 0.7, 0, 0.005); // exact 1 − (0.85/0.15)/19 = 0.7018
  });

  it('reduces to Menascé et al.’s M/G/1 value when arrivals are Poisson (Example 11.8: 0.0129 s)', () => {
    // Source: Menascé, Almeida, Dowdy, Performance by Design, §11.7 Example 11.8 and eq. (11.7.25), whose first
    // factor "becomes one" for Ca = 1, leaving the M/G/1 result 0.0129 s (80 I/Os per second, 9 ms ± 3 ms).
    const poisson = stableOutput({ arrivalRate: 80, meanServiceTime: 0.009, arrivalScv: 1, serviceScv: 1 / 9 });
    expectClose(poisson.meanWaitInQueue, 0.0129, 0, 0.00005);
    // The example's measured arrivals, Ca = 0.025/0.0125 = 2 (ca² = 4). Derived, not read in the source (the
    // printed result of eq. 11.7.26 was not available): ((4 + 1/9)/2) × (0.72/0.28) × 0.009 = 0.04757 s.
    const bursty = stableOutput({ arrivalRate: 80, meanServiceTime: 0.009, arrivalScv: 4, serviceScv: 1 / 9 });
    expectClose(bursty.meanWaitInQueue, ((4 + 1 / 9) / 2) * (0.72 / 0.28) * 0.009, 1e-12);
    expectClose((bursty.meanWaitInQueue ?? 0) / (poisson.meanWaitInQueue ?? 1), (4 + 1 / 9) / (1 + 1 / 9), 1e-12);
  });

  it('is exact for Kelton’s M/M/1 (0.8/min, 1 min): Wq 4 min, W 5 min', () => {
    // Source: reference case MM1-01 (Kelton/Smith/Sturrock, Simio and Simulation, exercise 2.6.1):
    // Kingman's formula with ca² = cs² = 1 is the M/M/1 formula ρ/(1 − ρ)·E[S].
    const out = stableOutput({ arrivalRate: 0.8 * PER_MINUTE, meanServiceTime: 1 * MINUTE, arrivalScv: 1, serviceScv: 1 });
    expectClose(out.meanWaitInQueue, 4 * MINUTE, 1e-12);
    expectClose(out.meanTimeInSystem, 5 * MINUTE, 1e-12);
    expectClose(out.utilization, 0.8, 1e-12);
  });

  it('is exact for the MD1-02 car wash (Poisson arrivals, constant wash): Wq 4.5 min', () => {
    // Source: reference case MD1-02 (Lq = 0.45 published, Wq = 4.5 min recomputed); ca² = 1, cs² = 0.
    const out = stableOutput({ arrivalRate: 6 / 3600, meanServiceTime: 6 * MINUTE, arrivalScv: 1, serviceScv: 0 });
    expectClose(out.meanWaitInQueue, 4.5 * MINUTE, 1e-9);
  });

  it('is not Kingman’s 1962 upper bound λ(σa² + σs²)/(2(1 − ρ)), which some texts give the same name', () => {
    // Trap (independent derivation): for M/M/1 at ρ = 0.5 and E[S] = 1 s the bound is (1/ρ + ρ)/(2(1 − ρ)) = 2.5 s,
    // while the exact wait, and this model, give ρ/(1 − ρ) = 1 s.
    const out = stableOutput({ arrivalRate: 0.5, meanServiceTime: 1, arrivalScv: 1, serviceScv: 1 });
    const lambda = 0.5;
    const bound = (lambda * (1 / lambda ** 2 + 1)) / (2 * (1 - 0.5));
    expectClose(bound, 2.5, 1e-12);
    expectClose(out.meanWaitInQueue, 1, 1e-12);
  });
});

describe('gg1: edges and bad input', () => {
  it('reports an unstable queue with a reason and nulls', () => {
    const out = evaluate(model, { arrivalRate: 2, meanServiceTime: 0.5, arrivalScv: 1, serviceScv: 1 });
    expect(out).toMatchObject({ stable: false, meanWaitInQueue: null, meanTimeInSystem: null, maxStableArrivalRate: 2 });
    expect(out.reason).toMatch(/utilization λ·E\[S\] = 1 is at or above 1/);
  });

  it('has no queue at all for perfectly regular arrivals and service (D/D/1)', () => {
    const out = stableOutput({ arrivalRate: 0.9, meanServiceTime: 1, arrivalScv: 0, serviceScv: 0 });
    expect(out.meanWaitInQueue).toBe(0);
    expect(out.meanTimeInSystem).toBe(1);
  });

  it('names each bad field and does not mutate its input', () => {
    const r = check(model, { arrivalRate: 1, meanServiceTime: 0.5, arrivalScv: 1e5, serviceScv: Number.NaN });
    expect(r.ok ? [] : r.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'arrivalScv: must be a number from 0 to 10000 (got 100000)',
      'serviceScv: must be a number from 0 to 10000 (got NaN)',
    ]);
    const input = deepFreeze({ arrivalRate: 1, meanServiceTime: 0.5, arrivalScv: 2, serviceScv: 0.5 });
    expect(() => evaluate(model, input)).not.toThrow();
  });
});

const stable = fc
  .record({ s: fc.double({ min: 1e-6, max: 1e4, noNaN: true }), rho: fc.double({ min: 0, max: 0.999, noNaN: true }) })
  .map(({ s, rho }) => ({ arrivalRate: rho / s, meanServiceTime: s }));
const scv = fc.double({ min: 0, max: 100, noNaN: true });

describe('gg1: properties', () => {
  it('equals M/M/1 with both SCVs 1 (Kingman is exact there)', () => {
    fc.assert(
      fc.property(stable, ({ arrivalRate, meanServiceTime }) => {
        const out = stableOutput({ arrivalRate, meanServiceTime, arrivalScv: 1, serviceScv: 1 });
        const ref = evaluate(mm1, { arrivalRate, serviceRate: 1 / meanServiceTime });
        if (!ref.stable) return;
        expectClose(out.meanWaitInQueue, ref.meanWaitInQueue ?? Number.NaN, 1e-9, 1e-300);
        expectClose(out.meanTimeInSystem, ref.meanTimeInSystem ?? Number.NaN, 1e-9);
      }),
    );
  });

  it('equals Pollaczek–Khinchine (mg1) with Poisson arrivals, for any service SCV', () => {
    fc.assert(
      fc.property(stable, scv, ({ arrivalRate, meanServiceTime }, cs2) => {
        const out = stableOutput({ arrivalRate, meanServiceTime, arrivalScv: 1, serviceScv: cs2 });
        const ref = evaluate(mg1, { arrivalRate, meanServiceTime, serviceScv: cs2 });
        expectClose(out.meanWaitInQueue, ref.meanWaitInQueue ?? Number.NaN, 1e-12, 1e-300);
      }),
    );
  });

  it('waits longer with more load or more variability, in proportion to (ca² + cs²)/2', () => {
    fc.assert(
      fc.property(stable, scv, scv, ({ arrivalRate, meanServiceTime }, ca2, cs2) => {
        const base = stableOutput({ arrivalRate, meanServiceTime, arrivalScv: ca2, serviceScv: cs2 });
        const unit = stableOutput({ arrivalRate, meanServiceTime, arrivalScv: 1, serviceScv: 1 });
        expectClose(base.meanWaitInQueue, (unit.meanWaitInQueue ?? Number.NaN) * ((ca2 + cs2) / 2), 1e-12, 1e-300);
        const lighter = stableOutput({ arrivalRate: arrivalRate * 0.9, meanServiceTime, arrivalScv: ca2, serviceScv: cs2 });
        expect(lighter.meanWaitInQueue ?? Number.NaN).toBeLessThanOrEqual(base.meanWaitInQueue ?? Number.NaN);
      }),
    );
  });
});
