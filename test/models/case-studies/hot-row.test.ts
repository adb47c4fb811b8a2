import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hotRow as model, type StrategyId } from '../../../models/case-studies/hot-row.ts';
import { evaluate } from '../../../models/evaluate.ts';
import { mg1 } from '../../../models/queueing/mg1.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

const pick = (out: ReturnType<typeof run>, id: StrategyId) => {
  const s = out.strategies.find((x) => x.id === id);
  if (!s) throw new Error(id);
  return s;
};
const run = (input: Parameters<typeof evaluate<typeof model.input, ReturnType<typeof model.compute>>>[1]) =>
  evaluate(model, input);

describe('hot-row: published values', () => {
  it('waits as Menascé, Almeida and Dowdy’s M/G/1 Example 11.8: 80/s, 9 ms, cs² 1/9 → Wq 0.0129 s', () => {
    // Source: D. Menascé, V. Almeida, L. Dowdy, Performance by Design (Prentice Hall 2004), §11.7, Example 11.8
    // (https://flylib.com/books/en/2.871.1.123/1/): "the average waiting time would be 0.0129 sec according to the
    // M/G/1 result". A conditional UPDATE whose hold is 9 ms (statement 0, flush 9 ms) at 80 attempts a second.
    const out = run({ demand: 80, statementTime: 0, commitFlush: 0.009, holdScv: 1 / 9 });
    expectClose(pick(out, 'conditional-update').meanWait ?? NaN, 0.0129, 0, 0.00005); // printed to 4 decimals
  });

  it('waits as the car wash of an M/D/1 queue: 6 per hour, a constant 6 minutes → Wq 4.5 min', () => {
    // Source: Q&A worked answer for the M/D/1 car wash (https://qammunity.org/5141475/?show=5141476): Lq = 0.45,
    // so Wq = 0.45 / (6/h) = 4.5 min. A hold of 360 s is outside the model's per-field range of 10 s, so the case is
    // scaled by 1/100 (6/h × 100 and 3.6 s): the same ρ = 0.6, and Wq scales with the hold: 2.7 s = 4.5 min / 100.
    const out = run({ demand: (6 / 3600) * 100, statementTime: 0, commitFlush: 3.6, holdScv: 0 });
    expectClose(pick(out, 'conditional-update').meanWait ?? NaN, 2.7, 1e-9);
  });

  it('holds the row lock to the end of the transaction: the bound is 1 / hold, as the PostgreSQL manual implies', () => {
    // Source: PostgreSQL documentation, 13.3.2 "Row-Level Locks",
    // https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-ROWS: "FOR UPDATE causes the rows retrieved
    // by the SELECT statement to be locked as though for update. This prevents them from being locked, modified or
    // deleted by other transactions until the current transaction ends." One lock, held for the hold time, admits at
    // most 1/hold transactions a second (derived by hand): 3 × 0.5 + 3 × 0.1 + 1 + 1 = 3.8 ms → 263.16/s.
    const out = run({});
    expectClose(pick(out, 'select-for-update').holdTime, 0.0038, 1e-12);
    expectClose(pick(out, 'select-for-update').maxThroughput, 1 / 0.0038, 1e-12);
  });
});

describe('hot-row: the case study’s defaults, derived by hand', () => {
  const out = run({});
  it('holds 1.3 ms, 3.8 ms, 1.7 ms, 2.1 ms and one script call; bounds 769, 263, 588, 476 and 53 050 a second', () => {
    // derived by hand: UPDATE + 2 INSERTs in one statement, (1 + 2) s + 0 R + f = 0.3 + 1; R + 2s + f = 0.5 + 0.2 + 1;
    // r + R + s + f = 0.5 + 0.5 + 0.1 + 1; 1 / 53 050 s
    expectClose(pick(out, 'conditional-update').holdTime, 0.0013, 1e-12);
    expectClose(pick(out, 'optimistic-version').holdTime, 0.0017, 1e-12);
    expectClose(pick(out, 'redis-lock-fencing').holdTime, 0.0021, 1e-12);
    expectClose(pick(out, 'redis-counter').maxThroughput, 53_050, 1e-9);
    expectClose(out.fastestDatabaseBound, 1 / 0.0013, 1e-12);
    expectClose(out.conditionalBound, 1 / 0.0013, 1e-12);
  });
  it('round trips after the UPDATE and a synchronous standby lengthen the conditional hold', () => {
    // derived by hand: statements one by one, ½R + 2 (R + s) + ½R + s + f = 3R + 3s + f = 1.5 + 0.3 + 1 = 2.8 ms;
    // a synchronous standby adds c to every database commit: 1.3 + 1.5 = 2.8 ms, SELECT … FOR UPDATE 3.8 + 1.5
    expectClose(pick(run({ roundTripsAfterUpdate: 3 }), 'conditional-update').holdTime, 0.0028, 1e-12);
    const sync = run({ commitReplication: 0.0015 });
    expectClose(pick(sync, 'conditional-update').holdTime, 0.0028, 1e-12);
    expectClose(pick(sync, 'select-for-update').holdTime, 0.0053, 1e-12);
    expect(pick(sync, 'redis-counter').holdTime).toBe(pick(out, 'redis-counter').holdTime);
  });
  it('sells the stock out in stock / min(demand, bound): the lock matters only that long', () => {
    // derived by hand: 100 units at 200/s (below 769/s) = 0.5 s; at 5 000/s, 100 / 769.23 = 0.13 s; lock busy 0.13 s
    expectClose(out.sellOutTime ?? NaN, 0.5, 1e-12);
    expectClose(run({ demand: 5000 }).sellOutTime ?? NaN, 0.13, 1e-12);
    expectClose(out.lockBusyTime, 0.13, 1e-12);
    expect(run({ demand: 0 }).sellOutTime).toBeNull();
    // the admitted list is the same model at admissionRate
    expect(run({ admissionRate: 300 }).admitted).toEqual(run({ demand: 300, admissionRate: 300 }).strategies);
  });
  it('refuses a hold of zero (statementTime + commitFlush = 0) instead of clamping it', () => {
    expect(() => run({ statementTime: 0, commitFlush: 0 })).toThrow(/commitFlush/);
  });
  it('at 200/s: SELECT … FOR UPDATE is 76 % busy and a buyer waits 9.025 ms for the lock', () => {
    // derived by hand: ρ = 200 × 0.0038 = 0.76; W = 0.76 × 1.5 / (2 × 0.24) × 0.0038 = 0.009025 s;
    // sessions held = 200 × (0.009025 + 0.0038) = 2.565 (Little's law)
    const s = pick(out, 'select-for-update');
    expectClose(s.utilization, 0.76, 1e-12);
    expectClose(s.meanWait ?? NaN, 0.009025, 1e-12);
    expectClose(s.connections ?? NaN, 2.565, 1e-12);
  });
  it('optimistic tries cost e^(x W) attempts per success: e^(200 × 0.0017) = 1.405', () => {
    // derived by hand: a try fails when one of the Poisson commits at 200/s lands in its 1.7 ms window
    expectClose(pick(out, 'optimistic-version').attemptsPerSuccess ?? NaN, Math.exp(0.34), 1e-12);
  });
});

describe('hot-row: properties and bad input', () => {
  it('agrees with the mg1 model for every strategy, and never passes its bound', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2000, noNaN: true }), fc.double({ min: 0, max: 4, noNaN: true }), (demand, scv) => {
        const out = run({ demand, holdScv: scv });
        for (const s of out.strategies) {
          expect(s.throughput).toBeLessThanOrEqual(s.maxThroughput * (1 + 1e-12));
          const q = evaluate(mg1, { arrivalRate: demand, meanServiceTime: s.holdTime, serviceScv: scv });
          if (q.stable) expectClose(s.meanWait ?? NaN, q.meanWaitInQueue ?? NaN, 1e-9);
          else expect(s.meanWait).toBeNull();
          expect(s.stable).toBe(q.stable);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reports a saturated lock with a reason and nulls, not Infinity', () => {
    const s = pick(run({ demand: 1000 }), 'select-for-update');
    expect(s.stable).toBe(false);
    expect(s.meanWait).toBeNull();
    expect(s.connections).toBeNull();
    expect(s.reason).toMatch(/bound/);
    expectClose(s.throughput, 1 / 0.0038, 1e-12);
  });

  it('wait grows with demand', () => {
    const a = pick(run({ demand: 100 }), 'conditional-update').meanWait ?? NaN;
    const b = pick(run({ demand: 700 }), 'conditional-update').meanWait ?? NaN;
    expect(b).toBeGreaterThan(a);
  });

  it('does not mutate its input', () => {
    expect(() => run(deepFreeze({ demand: 10 }))).not.toThrow();
  });
});
