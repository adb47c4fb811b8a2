import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { providerQueue as model } from '../../../models/case-studies/provider-queue.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { expectClose } from '../close.ts';

describe('provider-queue: published values', () => {
  it('ten hours of messages on a 1-segment-per-second long code: 36 000 queued, the last waits 10 h', () => {
    // Twilio, error 21611 (https://www.twilio.com/docs/api/errors/21611): "a US long code number can send one message
    // segment per second"; "You have attempted to enqueue more than 10 hours' worth of messages on a single Twilio
    // phone number or sender (based on that number's MPS rate limit)". 36 000 enqueued at once (in 1 ms) at 1/s.
    const out = evaluate(model, { baselineRate: 0, spikeRate: 36_000_000, spikeDuration: 0.001, cap: 1, window: 36_000 });
    expectClose(out.peakBacklog, 35_999.999, 1e-9);
    expectClose(out.maxWait, 35_999.999, 1e-9);
    expect(out.maxWait).toBeLessThanOrEqual(10 * 3600);
  });

  it('86 400 calls queued at 1 per second take 24 hours to place', () => {
    // Twilio, error 22005 "Call Queue Full" (https://twilio.com/docs/api/errors/22005): "At 1 call per second Twilio
    // will reject calls once there are 86400 calls in your queue" — a queue 24 hours deep.
    const out = evaluate(model, { baselineRate: 0, spikeRate: 86_401_000, spikeDuration: 0.001, cap: 1, window: 86_400 });
    expectClose(out.peakBacklog, 86_400.999, 1e-9);
    expectClose(out.drainTime ?? NaN, 86_400.999, 1e-9);
  });

  it('FCM’s default quota is 600 000 messages a minute: 1 200 000 in one minute leave 600 000 for the next', () => {
    // Firebase documentation, "FCM throttling and quotas" (https://firebase.google.com/docs/cloud-messaging/throttling-and-quotas):
    // "The default quota of 600,000 messages per minute"; above it, 429 "until the quota is refilled the next minute".
    const out = evaluate(model, { baselineRate: 0, spikeRate: 20_000, spikeDuration: 60, cap: 600_000 / 60, window: 120 });
    expectClose(out.peakBacklog, 600_000);
    expectClose(out.drainTime ?? NaN, 60);
    expect(out.meetsWindow).toBe(true);
  });
});

describe('provider-queue: the doc comment’s example, derived by hand', () => {
  it('16 250/s against 10 000/s for 1 800 s: 11 250 000 queued, drained in 1 285.7 s; 2FA waits 1 125 s FIFO, 0 with priority', () => {
    // independent derivation: (1 250 + 15 000 − 10 000) × 1 800 = 11 250 000; / (10 000 − 1 250) = 1 285.714 s;
    // max wait = max(1 800 × (1 − 10 000/16 250) = 692.3, 11 250 000 / 10 000 = 1 125) = 1 125 s;
    // the cap for a 1 800 s window: 1 250 + 15 000 × 1 800 / 1 800 = 16 250
    const out = evaluate(model, {});
    expectClose(out.peakBacklog, 11_250_000);
    expectClose(out.drainTime ?? NaN, 11_250_000 / 8_750);
    expectClose(out.spikeDoneAfter ?? NaN, 1800 + 11_250_000 / 8_750);
    expectClose(out.maxWait, 1125);
    expect(out.capCovers).toBe(false);
    expect(out.meetsWindow).toBe(false);
    expectClose(out.capForWindow, 16_250);
    expect(out.transactionalWaitPriority).toBe(0);
    // the p99 wait is below the longest and above the median
    const p = out.waitPercentiles;
    expect(p).not.toBeNull();
    expect(p?.p99 ?? NaN).toBeLessThanOrEqual((out.maxWait ?? NaN) + 1e-9);
    expect(p?.p50 ?? NaN).toBeLessThan(p?.p99 ?? NaN);
  });
  it('with the broadcast halved, the cap covers it: no backlog, done when the broadcast ends', () => {
    const out = evaluate(model, { spikeRate: 7_500 });
    expect(out.capCovers).toBe(true);
    expect(out.peakBacklog).toBe(0);
    expect(out.spikeDoneAfter).toBe(1800);
    expect(out.waitPercentiles).toEqual({ p50: 0, p90: 0, p99: 0 });
  });
});

describe('provider-queue: properties', () => {
  const arb = fc.record({
    baselineRate: fc.double({ min: 0, max: 1e5, noNaN: true }),
    spikeRate: fc.double({ min: 0, max: 1e5, noNaN: true }),
    spikeDuration: fc.double({ min: 0, max: 1e4, noNaN: true }),
    cap: fc.double({ min: 1, max: 1e5, noNaN: true }),
  });
  it('either the cap covers the planned rate (no backlog) or a backlog is shown', () => {
    fc.assert(
      fc.property(arb, (v) => {
        const out = evaluate(model, v);
        if (!out.stable) return;
        if (out.capCovers) expect(out.peakBacklog).toBe(0);
        else if (v.spikeDuration > 0) expect(out.peakBacklog).toBeGreaterThan(0);
        expect(out.transactionalWaitFifo).toBeGreaterThanOrEqual(out.transactionalWaitPriority ?? 0);
      }),
    );
  });
  // Contract v1 (docs/model-contract.md): an unstable queue says `stable: false`, a reason, what would make it
  // stable, and null for the quantities that do not exist. Here: baseline >= cap, spike or not.
  it('a cap at or below the baseline: unstable, with a reason, the cap to exceed, and no invented waits', () => {
    fc.assert(
      fc.property(arb, (v) => {
        const out = evaluate(model, v);
        expect(out.stable).toBe(v.cap > v.baselineRate);
        expect(out.minCap).toBe(v.baselineRate);
        if (out.stable) {
          expect(out.reason).toBeNull();
          expect(out.maxWait).not.toBeNull();
          return;
        }
        expect(out.reason).toMatch(/grows without end/);
        expect(out.peakBacklog).toBeNull();
        expect(out.maxWait).toBeNull();
        expect(out.transactionalWaitFifo).toBeNull();
        expect(out.bulkMaxWaitPriority).toBeNull();
        expect(out.drainTime).toBeNull();
        expect(out.spikeDoneAfter).toBeNull();
        expect(out.waitPercentiles).toBeNull();
        expect(out.meetsWindow).toBe(false);
      }),
    );
  });
  it('an unstable provider (cap at or below the baseline) reports no drain time', () => {
    const out = evaluate(model, { baselineRate: 200, cap: 100, spikeRate: 10, spikeDuration: 10 });
    expect(out.stable).toBe(false);
    expect(out.drainTime).toBeNull();
    expect(out.waitPercentiles).toBeNull();
  });
  // The reviewer's case (review 2026-12-07, S5): 200/s against a cap of 100/s with no spike used to report zero
  // waits. Bulk is 180/s against a bulk cap of 80/s: nobody's wait exists; the 20/s of 2FA codes still fit a lane.
  it('no spike, baseline twice the cap: nulls, a reason, minCap 200, 2FA in a lane waits 0', () => {
    const out = evaluate(model, { baselineRate: 200, cap: 100, spikeRate: 0, spikeDuration: 0 });
    expect(out.stable).toBe(false);
    expect(out.reason).toContain('200');
    expect(out.minCap).toBe(200);
    expect(out.capacity).toBe(100); // the cap, echoed for scenarios that follow it
    expect(out.maxWait).toBeNull();
    expect(out.transactionalWaitFifo).toBeNull();
    expect(out.bulkMaxWaitPriority).toBeNull();
    expect(out.transactionalWaitPriority).toBe(0);
    expect(out.growthToCap).toBe(0.5);
  });
  // growthToCap: the FCM example in the doc comment, 8 750/s planned against 10 000/s → 10 000 / 8 750 = 1.142857.
  it('growthToCap is cap ÷ planned (the doc comment’s halved broadcast: 10 000 / 8 750)', () => {
    const out = evaluate(model, { baselineRate: 1250, spikeRate: 7500, cap: 10_000 });
    expectClose(out.growthToCap, 10_000 / 8_750, 1e-12);
    expect(evaluate(model, { baselineRate: 0, spikeRate: 0 }).growthToCap).toBeNull();
  });
  it('rejects a negative rate, naming the field', () => {
    const r = check(model, { spikeRate: -1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]?.field).toBe('spikeRate');
  });
});
