import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { poolLittle as model } from '../../../models/capacity/pool-little.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

const MS = 1e-3; // seconds

describe('pool-little: published values', () => {
  it('matches reference case LITTLE-03: in-flight requests = throughput × latency', () => {
    // Source: reference case LITTLE-03, SystemOverflow "Little's Law and the Latency-Concurrency-Throughput Triangle",
    // https://www.systemoverflow.com/learn/design-fundamentals/scalability-fundamentals/littles-law-and-the-latency-concurrency-throughput-triangle:
    // "API serves 10,000 RPS with 50ms latency. Concurrency = 10,000 × 0.05 = 500", "Latency jumps 50ms to 200ms. To
    // maintain 10,000 RPS, concurrency must rise to 2,000", "Target: 20,000 RPS at 100ms p95. Required concurrency =
    // 20,000 × 0.1 = 2,000"; and S. S. Thakuri's glossary (the case's second source, not re-read here): 200 × 250 ms =
    // 50. Latencies converted from ms to s.
    const cases = [
      { rate: 10_000, ms: 50, inFlight: 500 },
      { rate: 10_000, ms: 200, inFlight: 2000 },
      { rate: 20_000, ms: 100, inFlight: 2000 },
      { rate: 200, ms: 250, inFlight: 50 },
    ];
    for (const c of cases) {
      const out = evaluate(model, { arrivalRate: c.rate, holdTime: c.ms * MS, targetUtilization: 1 });
      expectClose(out.meanBusyConnections, c.inFlight, 1e-12); // LITTLE-03 in_flight
      expect(out.poolSize).toBe(c.inFlight); // at 100 % the pool is exactly L
    }
  });

  it('matches Wikipedia’s Little’s-law example read as a pool: 50/s for 0.2 s keeps 10 busy', () => {
    // Source: reference case LITTLE-01, Wikipedia "Little's law", https://en.wikipedia.org/wiki/Little%27s_law (read in
    // copies of the article's text), "Finding response time": "an average of ten jobs in the system … a mean throughput
    // of 50 per second. The mean response time is calculated as 0.2 seconds = 10 / 50 per second"; read the other way, 50 requests/s each holding a connection 0.2 s keep 10 connections busy.
    const out = evaluate(model, { arrivalRate: 50, holdTime: 0.2, targetUtilization: 1 });
    expectClose(out.meanBusyConnections, 10);
    expect(out.poolSize).toBe(10);
  });

  it('flags a load that needs more connections than the database can use (HikariCP’s 4-core rule: 9)', () => {
    // Sources: HikariCP wiki "About Pool Sizing", https://github.com/brettwooldridge/HikariCP/wiki/About-Pool-Sizing
    // (4 cores, 1 spindle → 9; see test/models/capacity/connection-pool.test.ts for how it was read); the load side is an independent derivation:
    // 1000 requests/s holding a connection 20 ms keep 20 busy, more than twice what the database runs in parallel.
    const out = evaluate(model, {
      arrivalRate: 1000,
      holdTime: 20 * MS,
      targetUtilization: 1,
      databaseCores: 4,
      effectiveSpindles: 1,
    });
    expect(out.hardwareRuleConnections).toBe(9);
    expect(out.exceedsHardwareRule).toBe(true);
    expectClose(out.loadToHardwareRatio, 20 / 9);
  });
});

describe('pool-little: the worked example and edges, derived by hand', () => {
  it('sizes the doc comment’s example: 500 busy → 625 at 0.8, saturating at 12 500/s, 15.6 × a 16-core rule of 32', () => {
    const out = evaluate(model, model.example);
    expect(out).toMatchObject({ poolSize: 625, hardwareRuleConnections: 32, exceedsHardwareRule: true });
    expectClose(out.meanBusyConnections, 500);
    expectClose(out.utilization, 0.8);
    expectClose(out.maxArrivalRate, 12_500);
    expectClose(out.loadToHardwareRatio, 15.625);
  });

  it('keeps one connection for no load, and nulls without databaseCores', () => {
    const out = evaluate(model, { arrivalRate: 0, holdTime: 0.01 });
    expect(out).toMatchObject({
      meanBusyConnections: 0,
      poolSize: 1,
      utilization: 0,
      hardwareRuleConnections: null,
      exceedsHardwareRule: null,
      loadToHardwareRatio: null,
    });
    expectClose(out.maxArrivalRate, 100);
  });

  it('names each bad field, its range and the value received', () => {
    const r = check(model, { arrivalRate: -1, holdTime: 0, targetUtilization: 0, databaseCores: 0.5 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('arrivalRate: must be a number from 0 to 1000000000 (got -1)');
    expect(lines).toContain('holdTime: must be a number from 0.000001 to 3600 (got 0)');
    expect(lines).toContain('targetUtilization: must be a number from 0.01 to 1 (got 0)');
    expect(lines).toContain('databaseCores: must be an integer from 1 to 100000 (got 0.5)');
  });

  it('does not mutate its input', () => {
    const input = deepFreeze({ arrivalRate: 100, holdTime: 0.1, targetUtilization: 0.5 });
    expect(evaluate(model, input).poolSize).toBe(20);
    expect(input).toEqual({ arrivalRate: 100, holdTime: 0.1, targetUtilization: 0.5 });
  });
});

describe('pool-little: properties', () => {
  const anyInput = fc.record({
    arrivalRate: fc.double({ min: 0, max: 1e6, noNaN: true }),
    holdTime: fc.double({ min: 1e-6, max: 60, noNaN: true }),
    targetUtilization: fc.double({ min: 0.01, max: 1, noNaN: true }),
  });

  it('holds the mean busy connections at or below the target, with the fewest connections that do', () => {
    fc.assert(
      fc.property(anyInput, (v) => {
        const out = evaluate(model, v);
        expect(out.poolSize * v.targetUtilization).toBeGreaterThanOrEqual(out.meanBusyConnections);
        if (out.poolSize > 1) expect((out.poolSize - 1) * v.targetUtilization).toBeLessThan(out.meanBusyConnections);
        expect(out.utilization).toBeLessThanOrEqual(v.targetUtilization * (1 + 1e-12));
        // Little's law read back: the saturating rate × hold time is the pool.
        expectClose(out.maxArrivalRate * v.holdTime, out.poolSize, 1e-12);
      }),
    );
  });

  it('never needs a smaller pool for more load or longer holds', () => {
    fc.assert(
      fc.property(anyInput, fc.double({ min: 1, max: 10, noNaN: true }), (v, k) => {
        const a = evaluate(model, v);
        expect(evaluate(model, { ...v, arrivalRate: v.arrivalRate * k }).poolSize).toBeGreaterThanOrEqual(a.poolSize);
        expect(evaluate(model, { ...v, holdTime: Math.min(3600, v.holdTime * k) }).poolSize).toBeGreaterThanOrEqual(a.poolSize);
      }),
    );
  });
});
