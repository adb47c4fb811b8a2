import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { notificationFanout as model } from '../../../models/case-studies/notification-fanout.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { expectClose } from '../close.ts';

describe('notification-fanout: published values', () => {
  it('4.6k tweets a second to about 75 followers each become 345k timeline writes a second', () => {
    // M. Kleppmann, "Designing Data-Intensive Applications", O'Reilly 2017, chapter 1, "Describing Load" (Twitter):
    // "on average, a tweet is delivered to about 75 followers, so 4.6k tweets per second become 345k writes per
    // second to the home timeline caches".
    const out = evaluate(model, { audience: 75, itemsPerDay: 4_600 * 86_400 });
    expectClose((out.strategies[0]?.writesPerDay ?? NaN) / 86_400, 345_000);
  });

  it('an account with 50 million followers means 50 million timeline writes per post on write', () => {
    // M. Turaç, "Scale Wars #5 — Twitter: The Fan-out Pattern", dev.to
    // (https://dev.to/turacthethinker/scale-wars-5-twitter-the-fan-out-pattern-and-the-architecture-behind-140-characters-bpg):
    // "If Lady Gaga tweets, 50 million timelines need to be updated".
    const out = evaluate(model, { audience: 50_000_000, itemsPerDay: 1 });
    expect(out.strategies.find((s) => s.id === 'write')?.writesPerDay).toBe(50_000_000);
    expect(out.strategies.find((s) => s.id === 'read')?.writesPerDay).toBe(1);
  });

  it('the hybrid excepts very large audiences from fan-out on write, as Twitter did for celebrities', () => {
    // M. Kleppmann, "Designing Data-Intensive Applications", chapter 1: "Most users’ tweets continue to be fanned out
    // to home timelines at the time when they are posted, but a small number of users with a very large number of
    // followers (i.e., celebrities) are excepted from this fan-out." Independent derivation of the threshold:
    // 50 000 rows/s × 1 s = 50 000 recipients.
    const small = evaluate(model, { audience: 75 });
    const celebrity = evaluate(model, { audience: 50_000_000 });
    expect(small.hybridUses).toBe('write');
    expect(celebrity.hybridUses).toBe('read');
    expect(celebrity.hybridThreshold).toBe(50_000);
  });
});

describe('notification-fanout: the case study’s defaults, derived by hand', () => {
  const out = evaluate(model, {});
  it('a broadcast to 50 million: 250 million units on write, 50 million on read; 1 000 s to write every inbox', () => {
    // independent derivation: write 5 × 1 × 5e7 = 2.5e8; read 5 × 1 + 5e7 × 0.2 × 5 = 50 000 005; storage on write
    // 5e7 × 90 × 400 = 1.8e12 B; on read 90 × 400 + 5e7 × 50 = 2 500 036 000 B; 5e7 / 5e4 = 1 000 s;
    // crossover: 0.2 × 5 × 5e7 / (5 × (5e7 − 1)) = 0.2000000040 items a day; audience 5 / (5 − 1) = 1.25
    expectClose(out.strategies[0]?.work ?? NaN, 2.5e8);
    expectClose(out.strategies[1]?.work ?? NaN, 50_000_005);
    expectClose(out.strategies[0]?.storageBytes ?? NaN, 1.8e12);
    expectClose(out.strategies[1]?.storageBytes ?? NaN, 2_500_036_000);
    expectClose(out.fanoutTime, 1000);
    expectClose(out.crossoverItemsPerDay ?? NaN, (0.2 * 5 * 5e7) / (5 * (5e7 - 1)));
    expectClose(out.crossoverAudience ?? NaN, 1.25);
    expect(out.cheaper).toBe('read');
  });
});

describe('notification-fanout: properties', () => {
  const arb = fc.record({
    audience: fc.integer({ min: 2, max: 1e9 }),
    itemsPerDay: fc.double({ min: 0.001, max: 1e4, noNaN: true }),
    openShare: fc.double({ min: 0, max: 1, noNaN: true }),
    opensPerDay: fc.double({ min: 0, max: 100, noNaN: true }),
    writeCost: fc.double({ min: 0.01, max: 100, noNaN: true }),
  });
  it('on read is cheaper exactly when the source posts more than the crossover rate', () => {
    fc.assert(
      fc.property(arb, (v) => {
        const out = evaluate(model, v);
        const x = out.crossoverItemsPerDay ?? NaN;
        if (Math.abs(v.itemsPerDay - x) < 1e-9 * Math.max(1, x)) return; // a tie either way
        expect(out.cheaper === 'read').toBe(v.itemsPerDay > x);
      }),
    );
  });
  it('on write costs audience × the writes of on read', () => {
    fc.assert(
      fc.property(arb, (v) => {
        const out = evaluate(model, v);
        expectClose(out.strategies[0]?.writesPerDay ?? NaN, (out.strategies[1]?.writesPerDay ?? NaN) * v.audience, 1e-12);
      }),
    );
  });
  it('rejects an audience of 0, naming the field', () => {
    const r = check(model, { audience: 0 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]?.field).toBe('audience');
  });
});
