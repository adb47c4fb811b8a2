import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { marketplaceTraffic as model } from '../../../models/case-studies/marketplace-traffic.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

const DAY = 86_400; // seconds
const MILLION = 1e6;

describe('marketplace-traffic: published values', () => {
  it('matches Xu’s Twitter estimate: 150 M DAU × 2 tweets → ~3500 QPS, peak 2 × QPS ~7000', () => {
    // Source: A. Xu, System Design Interview – An Insider’s Guide, vol. 1, ch. 2 “Back-of-the-envelope estimation”
    // (2020): "Tweets QPS = 150 million * 2 tweets / 24 hour / 3600 seconds = ~3500; Peek QPS = 2 * QPS = ~7000".
    // Here: 2 calls a day per user, no orders; half the day's calls in 12 h gives peak/average = 0.5 × 24 / 12 = 1,
    // so 6 h gives 2.
    const out = evaluate(model, {
      dailyActiveUsers: 150 * MILLION,
      pagesPerSession: 2,
      callsPerPage: 1,
      ordersPerDay: 0,
      eveningShare: 0.5,
      eveningHours: 6,
    });
    expectClose(out.averagePerSecond, 3500, 0.02); // published ~3500 (exact 3 472.2)
    expectClose(out.eveningPeakPerSecond, 7000, 0.02); // published ~7000 (exact 6 944.4)
    expectClose(out.peakToAverage, 2);
  });

  it('staffs the order workers as Erlang C does: 10 Erlangs, P(wait) ≤ 17.5 % → 14 workers, P(wait) 0.17413', () => {
    // Source: CRAN ErlangC README, https://stat.ethz.ch/CRAN/web/packages/ErlangC/readme/README.html, and the
    // pyworkforce 0.1.0 README, https://pypi.org/project/pyworkforce/0.1.0/ (the Call Centre Helper example):
    // 100 calls per 30 min, 180 s each, 14 agents, P_wait 0.1741319335950498. Here 100/1800 orders a second on
    // average = 4 800 orders a day, 180 s an order, read at the average level.
    const out = evaluate(model, { ordersPerDay: 4_800, orderServiceTime: 180, maxProbWait: 0.175 });
    expectClose(out.average.ordersPerSecond, 100 / 1800);
    expect(out.average.orderWorkers).toBe(14);
    expectClose(out.average.orderWorkerProbWait ?? NaN, 0.1741319335950498, 1e-9);
  });

  it('sends reads × (1 − hit ratio) to the database: the cache-offload rule', () => {
    // Source: the System Design Primer, "Cache", https://github.com/donnemartin/system-design-primer#cache: reads
    // that miss the cache go to the database. Independent derivation at the defaults: product reads at the flash
    // peak = 37 760.42 × 0.5462 = 20 625/s (108 M × 0.55 / 108.75 M of the day's calls × 37 760.42); × 0.05 = 1 031.25/s.
    const out = evaluate(model, {});
    expectClose(out.flash.cacheMisses, 1031.25, 1e-9);
    expectClose(out.flash.databaseReads, 1031.25 + 3000, 1e-9); // + seller tools: 108 M × 0.08 / 108.75 M × 37 760.42
  });
});

describe('marketplace-traffic: the case study’s defaults, derived by hand', () => {
  const out = evaluate(model, {});
  it('108.75 M requests a day, 1 258.68/s on average, 3 776.04/s in the evening, 37 760.42/s in a flash sale', () => {
    // derived by hand: 3 M × 1 × 12 × 3 = 108 M; 150 000 × 5 = 0.75 M; 108.75 M / 86 400 = 1 258.68;
    // × 0.5 × 24 / 4 = × 3 → 3 776.04; × 10 → 37 760.42
    expect(out.requestsPerDay).toBe(108_750_000);
    expectClose(out.averagePerSecond, 108_750_000 / DAY);
    expectClose(out.eveningPeakPerSecond, (3 * 108_750_000) / DAY);
    expectClose(out.flashPeakPerSecond, (30 * 108_750_000) / DAY);
  });
  it('sizes 63 API servers and 27 order workers for the flash peak', () => {
    // derived by hand: ⌈37 760.42 / (1 000 × 0.6)⌉ = ⌈62.93⌉ = 63; orders 150 000 / 86 400 × 30 = 52.08/s × 0.4 s =
    // 20.83 Erlangs: the fewest workers with Erlang C ≤ 0.2 (Erlang C falls with each worker added above 20.83)
    expect(out.flash.apiServers).toBe(63);
    expectClose(out.flash.ordersPerSecond, (150_000 / DAY) * 30);
    expect(out.flash.orderWorkers).toBe(27);
  });
});

describe('marketplace-traffic: properties and bad input', () => {
  it('keeps shares summing to one and per-endpoint peaks summing to the total, at any mix', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
        ),
        fc.integer({ min: 0, max: 10_000_000 }),
        ([a, b, c], orders) => {
          const [x, y, z] = [a, b, c].sort((p, q) => p - q) as [number, number, number];
          const out = evaluate(model, {
            productReadShare: x,
            searchShare: y - x,
            cartShare: z - y,
            sellerToolsShare: 1 - z,
            ordersPerDay: orders,
          });
          expectClose(out.shareSum, 1, 1e-9);
          const sum = out.endpoints.reduce((s, e) => s + e.flash, 0);
          expectClose(sum, out.flashPeakPerSecond, 1e-9);
          for (const level of [out.average, out.evening, out.flash]) {
            expect(level.apiServers * 1000 * 0.6).toBeGreaterThanOrEqual(level.requestsPerSecond * (1 - 1e-9));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses shares that do not add up, and an evening quieter than the average, naming the field', () => {
    const bad = check(model, { productReadShare: 0.9 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.map((p) => p.field)).toContain('productReadShare');
    const quiet = check(model, { eveningShare: 0.1, eveningHours: 4 });
    expect(quiet.ok).toBe(false);
    // 4 evening hours of 24: the evening must carry at least 4 / 24 = 0.167 (16.7 %) of the day's requests. Said in
    // words a panel reader follows (shares in per cent, no field names), and as a fraction for the command line.
    if (!quiet.ok) {
      expect(quiet.problems[0]?.field).toBe('eveningShare');
      expect(quiet.problems[0]?.message).toBe(
        "must be at least 0.167 (16.7 %) for an evening of 4 of the day's 24 hours: the evening cannot be quieter than the day's average (got 0.1, 10 %)",
      );
    }
  });

  it('does not mutate its input', () => {
    const input = deepFreeze({ dailyActiveUsers: 1000 });
    expect(() => evaluate(model, input)).not.toThrow();
  });
});
