import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import { mm1 } from '../../../models/queueing/mm1.ts';
import { ggcSimulation as model, MAX_SERIES_POINTS, spikeEndOf } from '../../../models/simulation/ggc-simulation.ts';
import { simulationModels } from '../../../models/simulation/index.ts';
import { expectClose } from '../close.ts';

function problems(raw: unknown): string[] {
  const r = check(model, raw);
  if (r.ok) throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
  return r.problems.map((p) => `${p.field}: ${p.message}`);
}

describe('ggc-simulation: the worked example (a flash sale)', () => {
  it('is registered, and its example builds and drains the fluid backlog: ≈ 18 000 waiting, ≈ 180 s to drain', () => {
    expect(simulationModels).toContain(model);
    const out = evaluate(model, model.example);
    // Fluid picture (the doc comment), derived by hand: (500 − 200)/s × 60 s = 18 000 at the spike's end (t = 120 s),
    // draining at 200 − 100 = 100/s: 180 s. 70 000 customers is small enough that randomness shows (±3 %).
    expect(out.spikeEnd).toBe(120);
    expectClose(out.backlogAtSpikeEnd, 18_000, 0.02);
    expectClose(out.drainTime, 180, 0.03);
    expectClose(out.maxBacklog, 18_000, 0.02);
    expect(out.stable).toBe(true);
    expectClose(out.nominalUtilization, 0.5);
    expectClose(out.peakUtilization, 2.5);
    expect(out.meanWaitInQueueInterval).toBeNull(); // no steady state to estimate under a schedule
    // The literal figures quoted in the doc comment (seed 1): a regression check that the text and the
    // code agree, not an independent source.
    expect(out.backlogAtSpikeEnd).toBe(18_052);
    expectClose(out.drainTime, 183.69, 0, 0.005);
    expect(out.maxBacklog).toBe(18_054);
    expectClose(out.meanWaitInQueue, 31.55, 0, 0.005);
    expectClose(out.waitInQueuePercentiles.p99, 89.85, 0, 0.005);
    expectClose(out.probWait, 0.71, 0, 0.005);
    expect(out.events).toBe(140_000);
    // the series starts empty, peaks near the spike's end, and is back to 0 well after the drain
    expect(out.backlogSeries).toHaveLength(201);
    expect(out.backlogSeries[0]).toEqual({ time: 0, backlog: 0 });
    const peak = out.backlogSeries.reduce((a, p) => (p.backlog > a.backlog ? p : a));
    expectClose(peak.time, 120, 0, out.seriesStep);
    expect(out.backlogSeries.at(-1)?.backlog).toBe(0);
  });
});

describe('ggc-simulation: agrees with closed forms', () => {
  it('an M/M/1 (λ = 0.8/min, μ = 1/min, Kelton et al. 2.6.1) matches mm1’s Wq = 4 min within its interval', () => {
    // Source: reference case MM1-01, a worked solution to Kelton/Smith/Sturrock's exercise 2.6.1 ("For an M/M/1 queue
    // with mean interarrival time 1.25 minutes and mean service time 1 minute, find all five of …"), RPubs,
    // https://rstudio-pubs-static.s3.amazonaws.com/305152_deb4ef47278a4a20a136768a8293127e.html: "W_q = 4 minutes".
    const exact = evaluate(mm1, { arrivalRate: 0.8 / 60, serviceRate: 1 / 60 });
    const out = evaluate(model, { arrivalRate: 0.8 / 60, meanServiceTime: 60, customers: 400_000, seed: 11 });
    const ci = out.meanWaitInQueueInterval;
    expect(ci).not.toBeNull();
    const wq = exact.meanWaitInQueue ?? Number.NaN; // 240 s
    expect((ci?.halfWidth ?? Infinity) / wq).toBeLessThan(0.08);
    expectClose(out.meanWaitInQueue, wq, 0, 3 * (ci?.halfWidth ?? 0));
    expect(ci?.low).toBeLessThan(out.meanWaitInQueue);
    expect(ci?.high).toBeGreaterThan(out.meanWaitInQueue);
    expectClose(out.timeInSystemPercentiles.p90, exact.timeInSystemPercentiles?.p90 ?? Number.NaN, 0.05); // 300 s × ln 10
    expect(out.customersMeasured).toBe(360_000); // a tenth is the default warm-up
  });

  it('renewal arrivals: an E2/M/1 matches GI/M/1 theory, Wq = σ/(μ(1 − σ)) with σ = A*(μ(1 − σ))', () => {
    // Independent derivation from GI/M/1 theory (as in Kleinrock, Queueing Systems I, §6.4; not re-read here): an
    // arrival finds the server busy with probability σ, the root in (0, 1) of σ = A*(μ − μσ), A* the Laplace transform
    // of the interarrival time; Erlang-2 interarrivals of mean 1/λ have A*(s) = (2λ/(2λ + s))², and Wq = σ/(μ(1 − σ)).
    // Solved below by fixed-point iteration, with no simulator code.
    const lambda = 0.8;
    const mu = 1;
    let sigma = 0.5;
    for (let i = 0; i < 200; i++) sigma = ((2 * lambda) / (2 * lambda + mu * (1 - sigma))) ** 2;
    const wq = sigma / (mu * (1 - sigma));
    const out = evaluate(model, {
      arrivalProcess: 'renewal',
      arrivalRate: lambda,
      arrivalScv: 0.5,
      arrivalDistribution: 'gamma',
      meanServiceTime: 1 / mu,
      customers: 400_000,
      seed: 12,
    });
    const hw = out.meanWaitInQueueInterval?.halfWidth ?? Infinity;
    expect(hw / wq).toBeLessThan(0.06);
    expectClose(out.meanWaitInQueue, wq, 0, 3 * hw);
    expectClose(out.probWait, sigma, 0, 0.01);
  });

  it('a D/M/1 (deterministic arrivals) matches GI/M/1 theory with A*(s) = e^{−s/λ}', () => {
    // Independent derivation, GI/M/1 as above with deterministic interarrivals 1/λ: σ = e^{−μ(1 − σ)/λ}, solved by
    // fixed-point iteration below, and Wq = σ/(μ(1 − σ)) with μ = 1.
    const lambda = 0.7;
    let sigma = 0.5;
    for (let i = 0; i < 500; i++) sigma = Math.exp(-(1 - sigma) / lambda);
    const out = evaluate(model, {
      arrivalProcess: 'deterministic',
      arrivalRate: lambda,
      meanServiceTime: 1,
      customers: 300_000,
      seed: 13,
    });
    const wq = sigma / (1 - sigma);
    const hw = out.meanWaitInQueueInterval?.halfWidth ?? Infinity;
    expect(hw / wq).toBeLessThan(0.06);
    expectClose(out.meanWaitInQueue, wq, 0, 3 * hw);
  });
});

describe('ggc-simulation: unstable and edge inputs are answers, not errors', () => {
  it('flags an overloaded queue (ρ >= 1): stable false, a reason with the fix, null intervals, finite figures', () => {
    const out = evaluate(model, { arrivalRate: 10, servers: 3, meanServiceTime: 0.5, customers: 20_000 });
    expect(out.stable).toBe(false);
    expect(out.reason).toMatch(/offered load 5 erlangs/);
    expect(out.reason).toMatch(/at least 6 servers/);
    expect(out.reason).toMatch(/below 6\/s/);
    expect(out.minStableServers).toBe(6);
    expect(out.maxStableArrivalRate).toBe(6);
    expectClose(out.nominalUtilization, 5 / 3);
    expect(out.meanWaitInQueueInterval).toBeNull();
    expect(out.meanTimeInSystemInterval).toBeNull();
    expectClose(out.throughput, 6, 0.03); // the servers run flat out
    expect(JSON.stringify(out)).not.toMatch(/NaN|Infinity/);
    // exactly at ρ = 1 is unstable too
    expect(evaluate(model, { arrivalRate: 2, meanServiceTime: 0.5, customers: 1000 }).stable).toBe(false);
  });

  it('flags a schedule whose last rate overloads the servers, and one that only spikes is stable', () => {
    const spikeOnly = evaluate(model, {
      arrivalProcess: 'piecewise',
      rateSchedule: [
        { duration: 10, rate: 5 },
        { duration: 10, rate: 30 },
        { duration: 1, rate: 5 },
      ],
      servers: 2,
      meanServiceTime: 0.2,
      customers: 20_000,
    });
    expect(spikeOnly.stable).toBe(true);
    expectClose(spikeOnly.peakUtilization, 3);
    expect(spikeOnly.spikeEnd).toBe(20);
    expect(spikeOnly.drainTime).not.toBeNull();
    const endsHigh = evaluate(model, {
      arrivalProcess: 'piecewise',
      rateSchedule: [
        { duration: 10, rate: 5 },
        { duration: 1, rate: 30 },
      ],
      servers: 2,
      meanServiceTime: 0.2,
      customers: 5_000,
    });
    expect(endsHigh.stable).toBe(false);
    expect(endsHigh.reason).toMatch(/last scheduled rate 30\/s/);
    expect(endsHigh.spikeEnd).toBeNull(); // the highest rate is the last: no spike to drain from
    expect(endsHigh.drainTime).toBeNull();
  });

  it('finds a spike only where a piece before the last runs above the last rate', () => {
    expect(
      spikeEndOf([
        { duration: 5, rate: 1 },
        { duration: 3, rate: 9 },
        { duration: 2, rate: 9 },
        { duration: 1, rate: 2 },
      ]),
    ).toBe(8);
    expect(
      spikeEndOf([
        { duration: 5, rate: 1 },
        { duration: 1, rate: 2 },
      ]),
    ).toBeNull();
    expect(spikeEndOf([{ duration: 5, rate: 3 }])).toBeNull();
  });

  it('samples the backlog at a given step, up to the last arrival and at most 10 001 times', () => {
    const out = evaluate(model, { arrivalRate: 100, meanServiceTime: 0.009, customers: 10_000, seriesStep: 0.5 });
    const last = out.backlogSeries.at(-1)?.time ?? Number.NaN;
    expect(out.seriesStep).toBe(0.5);
    expect(out.backlogSeries[1]?.time).toBe(0.5);
    expect(last).toBeLessThanOrEqual(out.simulatedTime);
    expectClose(last, 100, 0, 5); // 10 000 arrivals at 100/s: the last near 100 s
    const fine = evaluate(model, { arrivalRate: 100, meanServiceTime: 0.009, customers: 10_000, seriesStep: 1e-4 });
    expect(fine.backlogSeries).toHaveLength(MAX_SERIES_POINTS);
    const few = evaluate(model, { arrivalRate: 100, meanServiceTime: 0.009, customers: 10_000, seriesPoints: 5 });
    expect(few.backlogSeries).toHaveLength(5);
  });

  it('runs ten customers, and nobody waits when arrivals are a billion seconds apart', () => {
    const out = evaluate(model, { arrivalRate: 1, meanServiceTime: 1, customers: 10, warmup: 0, batches: 10 });
    expect(out.customersMeasured).toBe(10);
    expect(
      evaluate(model, { arrivalRate: 1e-9, meanServiceTime: 1e-9, customers: 10, warmup: 0, batches: 10 }).meanWaitInQueue,
    ).toBe(0);
  });

  it('gives the same answer for the same input and another for another seed, without mutating its input', () => {
    const input = Object.freeze({
      arrivalRate: 5,
      servers: 2,
      serviceDistribution: 'lognormal',
      meanServiceTime: 0.3,
      serviceScv: 2,
      customers: 5000,
    } as const);
    const a = evaluate(model, input);
    const b = evaluate(model, input);
    expect(b).toEqual(a);
    expect(evaluate(model, { ...input, seed: 2 }).meanWaitInQueue).not.toBe(a.meanWaitInQueue);
    expect(input).toEqual({
      arrivalRate: 5,
      servers: 2,
      serviceDistribution: 'lognormal',
      meanServiceTime: 0.3,
      serviceScv: 2,
      customers: 5000,
    });
  });
});

describe('ggc-simulation: bad input', () => {
  it('names each bad field, its range and the value received', () => {
    const lines = problems({ arrivalRate: -1, meanServiceTime: 0, customers: 3_000_000, seed: 1.5, servers: 0, extra: 1 });
    expect(lines).toContain('arrivalRate: must be a number from 1e-9 to 1000000000 (got -1)');
    expect(lines).toContain('meanServiceTime: must be a number from 1e-9 to 1000000000 (got 0)');
    expect(lines).toContain('customers: must be an integer from 1 to 2000000 (got 3000000)');
    expect(lines).toContain('seed: must be an integer from 0 to 4294967295 (got 1.5)');
    expect(lines).toContain('servers: must be an integer from 1 to 10000 (got 0)');
    expect(lines.some((l) => l.startsWith('extra: is not an input of this model'))).toBe(true);
    expect(problems({})).toEqual(['meanServiceTime: is required: a number from 1e-9 to 1000000000']);
  });

  it('states the rules across fields against the field to change', () => {
    expect(problems({ meanServiceTime: 1 })).toEqual([
      'arrivalRate: is required when arrivalProcess is "poisson": a number from 1e-9 to 1000000000',
    ]);
    expect(problems({ arrivalRate: 1, meanServiceTime: 1, serviceScv: 2 })).toEqual([
      'serviceScv: does not apply to exponential service times (SCV 1)',
    ]);
    expect(problems({ arrivalRate: 1, meanServiceTime: 1, serviceDistribution: 'lognormal' })).toEqual([
      'serviceScv: is required for lognormal times: a number from 0 to 100',
    ]);
    expect(problems({ arrivalRate: 1, meanServiceTime: 1, serviceDistribution: 'hyperexponential', serviceScv: 1 })).toEqual([
      'serviceScv: must be > 1 for hyperexponential times (got 1)',
    ]);
    expect(problems({ arrivalRate: 1, meanServiceTime: 1, serviceDistribution: 'uniform', serviceScv: 0.5 })[0]).toMatch(
      /^serviceScv: must be at most 1\/3/,
    );
    expect(problems({ arrivalRate: 1, meanServiceTime: 1, serviceDistribution: 'erlang' })).toEqual([
      'servicePhases: is required for erlang service times: an integer from 1 to 1000',
    ]);
    expect(problems({ arrivalRate: 1, meanServiceTime: 1, servicePhases: 3 })[0]).toMatch(
      /^servicePhases: is used only when serviceDistribution is "erlang"/,
    );
    expect(problems({ arrivalProcess: 'renewal', arrivalRate: 1, meanServiceTime: 1 })).toEqual([
      'arrivalScv: is required for gamma times: a number from 0 to 100',
    ]);
    expect(problems({ arrivalRate: 1, arrivalScv: 2, meanServiceTime: 1 })[0]).toMatch(
      /^arrivalScv: is used only when arrivalProcess is "renewal"/,
    );
    expect(problems({ arrivalProcess: 'piecewise', meanServiceTime: 1 })[0]).toMatch(/^rateSchedule: is required/);
    expect(problems({ arrivalProcess: 'piecewise', rateSchedule: [{ duration: 1, rate: 0 }], meanServiceTime: 1 })).toEqual([
      'rateSchedule: must end with a rate > 0: the last rate holds after the schedule',
    ]);
    expect(
      problems({ arrivalProcess: 'piecewise', rateSchedule: [{ duration: 1, rate: 1 }], arrivalRate: 1, meanServiceTime: 1 })[0],
    ).toMatch(/^arrivalRate: is not used/);
    expect(problems({ arrivalRate: 1, rateSchedule: [{ duration: 1, rate: 1 }], meanServiceTime: 1 })[0]).toMatch(
      /^rateSchedule: is used only/,
    );
    expect(problems({ arrivalRate: 1, meanServiceTime: 1, customers: 100, warmup: 95 })).toEqual([
      'warmup: must leave at least batches (20) customers to measure: at most 80 with 100 customers (got 95)',
    ]);
  });

  it('checks each piece of a rate schedule', () => {
    const lines = problems({
      arrivalProcess: 'piecewise',
      rateSchedule: [
        { duration: 0, rate: 1 },
        { duration: 1, rate: -2 },
      ],
      meanServiceTime: 1,
    });
    expect(lines).toContain('rateSchedule.0.duration: must be a number > 0 and <= 1000000000 (got 0)');
    expect(lines).toContain('rateSchedule.1.rate: must be a number from 0 to 1000000000 (got -2)');
  });

  it('rejects NaN, Infinity and text', () => {
    expect(problems({ arrivalRate: Number.NaN, meanServiceTime: 1 })).toEqual([
      'arrivalRate: must be a number from 1e-9 to 1000000000 (got NaN)',
    ]);
    expect(problems({ arrivalRate: 1, meanServiceTime: Number.POSITIVE_INFINITY }).map((l) => l.split(':')[0])).toEqual([
      'meanServiceTime',
    ]);
    expect(problems({ arrivalRate: '5', meanServiceTime: 1 }).map((l) => l.split(':')[0])).toEqual(['arrivalRate']);
  });
});

describe('ggc-simulation: properties', () => {
  const families = fc.constantFrom('exponential', 'deterministic', 'lognormal', 'gamma', 'erlang', 'hyperexponential', 'uniform');
  it('answers every valid input with finite numbers or null, and its figures hang together', () => {
    fc.assert(
      fc.property(
        fc.record({
          family: families,
          servers: fc.integer({ min: 1, max: 50 }),
          rho: fc.double({ min: 0.01, max: 2, noNaN: true }),
          meanServiceTime: fc.double({ min: 1e-6, max: 1e4, noNaN: true }),
          scv: fc.double({ min: 0.01, max: 1 / 3, noNaN: true }),
          customers: fc.integer({ min: 20, max: 3000 }),
          seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        }),
        ({ family, servers, rho, meanServiceTime, scv, customers, seed }) => {
          const shape =
            family === 'lognormal' || family === 'gamma' || family === 'uniform'
              ? { serviceScv: scv }
              : family === 'hyperexponential'
                ? { serviceScv: 1 + 10 * scv }
                : family === 'erlang'
                  ? { servicePhases: 3 }
                  : {};
          const out = evaluate(model, {
            arrivalRate: (rho * servers) / meanServiceTime,
            servers,
            serviceDistribution: family,
            meanServiceTime,
            ...shape,
            customers,
            warmup: 0,
            batches: 10,
            seed,
          }); // evaluate throws on NaN or Infinity
          expect(out.stable).toBe(rho < 1);
          expect(out.meanWaitInQueue).toBeGreaterThanOrEqual(0);
          expect(out.meanTimeInSystem).toBeGreaterThanOrEqual(out.meanWaitInQueue);
          expect(out.waitInQueuePercentiles.p50).toBeLessThanOrEqual(out.waitInQueuePercentiles.p999);
          expect(out.utilization).toBeLessThanOrEqual(1 + 1e-9);
          expect(out.maxBacklog).toBeLessThanOrEqual(customers);
          for (const p of out.backlogSeries) expect(p.backlog).toBeLessThanOrEqual(out.maxBacklog);
        },
      ),
      { numRuns: 80 },
    );
  });
});
