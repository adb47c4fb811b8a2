import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import { mmc } from '../../../models/queueing/mmc.ts';
import { mmcServers as model } from '../../../models/queueing/mmc-servers.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

const PER_HOUR = 1 / 3600; // a rate per hour, in per second
const HOUR = 3600; // seconds

describe('mmc-servers: published staffing answers', () => {
  it('staffs the Call Centre Helper example with 14 agents for 80 % in 20 s (13 give 79.56 %)', () => {
    // Source: reference case MMC-01 (Call Centre Helper worked example; pyworkforce 0.1.0 README, "Common tools for
    // workforce management, schedule and optimization problems", https://pypi.org/project/pyworkforce/0.1.0/:
    // raw_positions 14; CRAN ErlangC README, https://stat.ethz.ch/CRAN/web/packages/ErlangC/readme/README.html: calculate_agents() $agents 14): 100 calls per 30 min, 180 s handling, 80 % within 20 s.
    // The case's note: "N = 13 gives SL 0.7956". Units: 100/1800 calls per second, μ = 1/180 per second.
    const input = { arrivalRate: 100 / 1800, serviceRate: 1 / 180, targetWait: 20, minServiceLevel: 0.8 };
    const out = evaluate(model, input);
    expect(out.servers).toBe(14); // raw_agents_required
    expectClose(out.serviceLevel, 0.8883500191794669, 1e-12); // service_level at 14
    expectClose(out.probWait, 0.1741319335950498, 1e-12); // P_wait at 14
    expectClose(out.utilization, 0.7142857142857143, 1e-12); // occupancy
    const thirteen = evaluate(mmc, {
      arrivalRate: input.arrivalRate,
      serviceRate: input.serviceRate,
      servers: 13,
      targetWait: 20,
    });
    expectClose(thirteen.serviceLevel, 0.7956, 0, 5e-5); // printed to 4 digits; short of 0.8
    // Shrinkage is applied after Erlang C, outside the model: ceil(14 / (1 − 0.3)) = 20 (agents_after_shrinkage).
    expect(Math.ceil(out.servers / (1 - 0.3))).toBe(20);
  });

  it('starts at the first stable count: CRAN ErlangC’s 11 agents at 10 Erlangs give only 38.96 %', () => {
    // Source: CRAN ErlangC 0.1.0 README ("This package provides a set of functions to solve Erlang-C model."),
    // https://stat.ethz.ch/CRAN/web/packages/ErlangC/readme/README.html, calculate_agents() $process row 1: service_level 0.3896138 at the
    // first count it tries (11 agents = ⌊10⌋ + 1). A target at or below it is met by 11 agents.
    const base = { arrivalRate: 100 / 1800, serviceRate: 1 / 180, targetWait: 20 };
    expect(evaluate(model, { ...base, minServiceLevel: 0.3896 }).servers).toBe(11);
    expect(evaluate(model, { ...base, minServiceLevel: 0.3897 }).servers).toBe(12);
  });

  it('staffs Render’s information desk (20/h, 30/h each) with 2 for a 1/6 chance of waiting, 3 for 5 %', () => {
    // Source: reference case MMC-07 (Render/Stair/Hanna 10e Instructor's Manual, Alternative Example 14.3):
    // with 2 employees P_wait = 0.1666666667. One employee gives C = ρ = 2/3 (M/M/1), so a 1/6 target needs 2.
    // Three employees: C(2/3, 3) = 0.0325 (independent derivation by hand from P0 = 0.5122 …), below 5 %.
    const base = { arrivalRate: 20 * PER_HOUR, serviceRate: 30 * PER_HOUR };
    const two = evaluate(model, { ...base, maxProbWait: 0.1666666667 });
    expect(two.servers).toBe(2);
    expectClose(two.probWait, 1 / 6, 1e-12);
    expectClose(two.meanWaitInQueue, 0.25 * 60, 1e-12); // Wq_min = 0.25
    expect(evaluate(model, { ...base, maxProbWait: 0.05 }).servers).toBe(3);
  });

  it('staffs Jensen’s M/M/2 (5/h, 3/h each): 2 servers keep the mean wait at 0.758 h, P(wait) 0.758', () => {
    // Source: P. Jensen, ORMM queue problem "finite_infinite" ("The data below shows results for two different queuing
    // systems"), http://www.me.utexas.edu/~jensen/ORMM/problems/units/queue/question/finite_infinite.html, Queue 1
    // (M/M/2): Mean Time in Queue 0.758 h;
    // with cμ − λ = 1/h, Wq = C hours, so P(wait) = 0.758 too (25/33 exactly). Two is also the fewest stable count.
    const out = evaluate(model, { arrivalRate: 5 * PER_HOUR, serviceRate: 3 * PER_HOUR, maxProbWait: 0.76 });
    expect(out.servers).toBe(2);
    expectClose(out.meanWaitInQueue, 0.758 * HOUR, 0, 0.0005 * HOUR);
    expect(evaluate(model, { arrivalRate: 5 * PER_HOUR, serviceRate: 3 * PER_HOUR, maxProbWait: 0.75 }).servers).toBe(3);
  });
});

describe('mmc-servers: edges', () => {
  it('meets both targets when both are given (the stricter decides)', () => {
    const base = { arrivalRate: 100 / 1800, serviceRate: 1 / 180 };
    const level = evaluate(model, { ...base, targetWait: 20, minServiceLevel: 0.8 }).servers; // 14
    const wait = evaluate(model, { ...base, maxProbWait: 0.05 }).servers;
    const both = evaluate(model, { ...base, maxProbWait: 0.05, targetWait: 20, minServiceLevel: 0.8 });
    expect(both.servers).toBe(Math.max(level, wait));
    expect(both.probWait).toBeLessThanOrEqual(0.05);
    expect(both.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect('serviceLevel' in evaluate(model, { ...base, maxProbWait: 0.05 })).toBe(false);
  });

  it('needs one server for no traffic, and stays within range for the largest load and strictest targets', () => {
    expect(evaluate(model, { arrivalRate: 0, serviceRate: 1, maxProbWait: 0.01 })).toMatchObject({ servers: 1, probWait: 0 });
    const big = evaluate(model, {
      arrivalRate: 500_000,
      serviceRate: 1,
      maxProbWait: 1e-12,
      targetWait: 0,
      minServiceLevel: 1 - 1e-12,
    });
    expect(big.servers).toBeGreaterThan(500_000);
    expect(big.servers).toBeLessThan(510_000);
    expect(JSON.stringify(big)).not.toMatch(/NaN|Infinity/);
  });

  it('explains a missing or half-given target, and a load beyond its range, as rules in words', () => {
    const none = check(model, { arrivalRate: 1, serviceRate: 1 });
    expect(none.ok ? [] : none.problems.map((p) => `${p.field}|${p.kind}|${p.message}`)).toEqual([
      '|rule|give a target: maxProbWait, or targetWait with minServiceLevel, or both (got neither)',
    ]);
    const half = check(model, { arrivalRate: 1, serviceRate: 1, minServiceLevel: 0.8 });
    expect(half.ok ? [] : half.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'targetWait: is required with minServiceLevel: a service level is a share answered within a time (got nothing)',
    ]);
    const huge = check(model, { arrivalRate: 1e6, serviceRate: 1, maxProbWait: 0.1 });
    expect(huge.ok ? [] : huge.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'arrivalRate: arrivalRate / serviceRate (the offered load) must be at most 500000 Erlangs (got 1000000)',
    ]);
  });

  it('names bad targets with their ranges', () => {
    const r = check(model, { arrivalRate: 1, serviceRate: 1, maxProbWait: 0, targetWait: -1, minServiceLevel: 1 });
    const lines = r.ok ? [] : r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('maxProbWait: must be a number >= 1e-12 and < 1 (got 0)');
    expect(lines).toContain('targetWait: must be a number from 0 to 1000000000 (got -1)');
    expect(lines).toContain('minServiceLevel: must be a number from 0 to 0.999999999999 (got 1)');
  });

  it('does not mutate its input', () => {
    const input = deepFreeze({ arrivalRate: 1, serviceRate: 0.2, maxProbWait: 0.2 });
    expect(() => evaluate(model, input)).not.toThrow();
    expect(input).toEqual({ arrivalRate: 1, serviceRate: 0.2, maxProbWait: 0.2 });
  });
});

describe('mmc-servers: properties', () => {
  const load = fc.double({ min: 0.01, max: 5000, noNaN: true });

  it('is minimal: its answer meets every target and one server fewer misses one (or is unstable)', () => {
    fc.assert(
      fc.property(
        load,
        fc.double({ min: 1e-6, max: 0.99, noNaN: true }),
        fc.double({ min: 0, max: 600, noNaN: true }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.boolean(),
        (a, maxProbWait, targetWait, minServiceLevel, useWait) => {
          const serviceRate = 1 / 180;
          const targets = useWait ? { maxProbWait } : { targetWait, minServiceLevel };
          const out = evaluate(model, { arrivalRate: a * serviceRate, serviceRate, ...targets });
          const at = (servers: number) => evaluate(mmc, { arrivalRate: a * serviceRate, serviceRate, servers, targetWait });
          const meets = (o: ReturnType<typeof at>) =>
            o.stable && (useWait ? (o.probWait ?? 1) <= maxProbWait : (o.serviceLevel ?? 0) >= minServiceLevel);
          expect(meets(at(out.servers))).toBe(true);
          if (out.servers > 1) expect(meets(at(out.servers - 1))).toBe(false);
          expect(out.servers).toBeGreaterThan(a);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('never needs fewer servers for more traffic or a stricter target', () => {
    fc.assert(
      fc.property(load, fc.double({ min: 1e-6, max: 0.9, noNaN: true }), (a, target) => {
        const at = (x: number, p: number) => evaluate(model, { arrivalRate: x, serviceRate: 1, maxProbWait: p }).servers;
        expect(at(a * 1.1, target)).toBeGreaterThanOrEqual(at(a, target));
        expect(at(a, target / 2)).toBeGreaterThanOrEqual(at(a, target));
      }),
      { numRuns: 80 },
    );
  });
});
