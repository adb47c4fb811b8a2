import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import { backlogDrain as model } from '../../../models/queueing/backlog-drain.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

const DAY = 86_400; // seconds
const perDay = (n: number): number => n / DAY; // a rate per day, in per second

/**
 * An independent check of the fluid queue, written without the model's closed forms: step the queue
 * forward in time in small slices, keep the cumulative arrivals A(t) and completions S(t), and read
 * each item's FIFO wait off the two curves (the item numbered n = A(t) leaves when S reaches n).
 */
function stepped(
  baseline: number,
  spike: number,
  duration: number,
  service: number,
  serviceDuring: number,
  dt: number,
  horizon: number,
): { peak: number; drainedAt: number | null; maxWait: number } {
  let q = 0;
  let arrived = 0;
  let done = 0;
  let peak = 0;
  let drainedAt: number | null = null;
  const spikeArrivals: { t: number; n: number }[] = [];
  const completions: { t: number; n: number }[] = [{ t: 0, n: 0 }];
  for (let t = 0; t < horizon - dt / 2; t += dt) {
    const inSpike = t < duration - dt / 2;
    const lambda = inSpike ? spike : baseline;
    const mu = inSpike ? serviceDuring : service;
    const served = Math.min(q + lambda * dt, mu * dt);
    arrived += lambda * dt;
    done += served;
    q = q + lambda * dt - served;
    if (inSpike) spikeArrivals.push({ t: t + dt, n: arrived });
    completions.push({ t: t + dt, n: done });
    if (Math.abs(t + dt - duration) < dt / 2) peak = q;
    if (!inSpike && drainedAt === null && q <= 1e-9 * (spike + baseline + 1)) drainedAt = t + dt;
  }
  let maxWait = 0;
  let j = 0;
  for (const a of spikeArrivals) {
    while (j < completions.length - 1 && (completions[j]?.n ?? 0) < a.n - 1e-9 * a.n) j++;
    maxWait = Math.max(maxWait, (completions[j]?.t ?? 0) - a.t);
  }
  return { peak, drainedAt, maxWait };
}

describe('backlog-drain: published values', () => {
  it('clears a backlog B in B/(Y − X): 1 000 units at 150 a day out, 100 a day in → 20 days', () => {
    // Source: "Clearing a manufacturing backlog", Mathematics Stack Exchange, accepted answer
    // (https://math.stackexchange.com/questions/154051): B(t+1) = B(t) − Y + X, so B(t) = B(0) − t·(Y − X) and the
    // backlog is gone after B(0)/(Y − X) days, finite only when X < Y. With B = 1 000, Y = 150, X = 100: 1 000/50 = 20.
    // The backlog is built by a 10-day stop of the downstream stage (1 000 = 100/day × 10 days).
    const out = evaluate(model, {
      baselineRate: perDay(100),
      spikeRate: perDay(100),
      spikeDuration: 10 * DAY,
      serviceRate: perDay(150),
      serviceRateDuringSpike: 0,
    });
    expectClose(out.peakBacklog, 1000, 1e-12);
    expectClose(out.drainTime, 20 * DAY, 1e-12);
    expectClose(out.recoveredAfter, 30 * DAY, 1e-12);
    // The question's own infinite series says the same: B/Y · Σ (X/Y)^k = B/Y · 1/(1 − X/Y) = B/(Y − X) days.
    let series = 0;
    for (let k = 0; k < 200; k++) series += (1000 / 150) * (100 / 150) ** k;
    expectClose(out.drainTime, series * DAY, 1e-9);
  });

  it('never clears when the stage downstream is not faster (X >= Y): unstable, drain time null', () => {
    // Source: the same answer (https://math.stackexchange.com/questions/154051), "Clearing a manufacturing
    // backlog": the number of days is finite "only if X is less than Y".
    const out = evaluate(model, {
      baselineRate: 150,
      spikeRate: 150,
      spikeDuration: 10,
      serviceRate: 150,
      serviceRateDuringSpike: 0,
    });
    expect(out.stable).toBe(false);
    expect(out.drainTime).toBeNull();
    expect(out.recoveredAfter).toBeNull();
    expect(out.reason).toMatch(/never drains/);
    // the backlog and the spike's worst wait still exist and are reported (contract v2)
    expect(out.peakBacklog).toBe(1500);
    expect(out.maxWait).toBe(10);
  });

  it('grows the lag linearly at (incoming − throughput): 2 000/s in, 1 500/s consumed, 10 minutes → 300 000 behind', () => {
    // Source: duckkit.dev, "Kafka Consumer Lag: How to Calculate Time-to-Overflow Before the Incident"
    // (https://duckkit.dev/blog/kafka-consumer-lag-time-to-overflow): lag_growth_rate = incoming rate − group
    // throughput; "if this formula returns a positive number, lag grows linearly". 500/s × 600 s = 300 000.
    const out = evaluate(model, { baselineRate: 1000, spikeRate: 2000, spikeDuration: 600, serviceRate: 1500 });
    expect(out.peakBacklog).toBe(300_000);
    // Independent derivation: after the spike the spare capacity is 1 500 − 1 000 = 500/s, so 300 000/500 = 600 s.
    expectClose(out.drainTime, 600, 1e-12);
    // the last item of the spike waits 300 000/1 500 = 200 s; the item served exactly at the end of the spike
    // arrived at t* = 1 500·600/2 000 = 450 s and waited 150 s: the larger is 200 s.
    expectClose(out.maxWait, 200, 1e-12);
  });
});

describe('backlog-drain: the worked example and the waits', () => {
  it('gives the doc comment’s outage: 600 000 queued, drained 1 200 s later, worst wait 600 s', () => {
    // Independent derivation: 1 000/s × 600 s = 600 000 items; spare 1 500 − 1 000 = 500/s → 600 000/500 = 1 200 s;
    // recovered 600 + 1 200 = 1 800 s; the first item of the outage waits all 600 s, the last 600 000/1 500 = 400 s.
    const out = evaluate(model, model.example);
    expect(out).toEqual({
      peakBacklog: 600_000,
      drainTime: 1200,
      recoveredAfter: 1800,
      maxWait: 600,
      stable: true,
      reason: null,
    });
  });

  it('leaves no backlog when the consumers keep up with the spike: recovered when the spike ends', () => {
    const out = evaluate(model, { baselineRate: 10, spikeRate: 90, spikeDuration: 30, serviceRate: 100 });
    expect(out).toEqual({ peakBacklog: 0, drainTime: 0, recoveredAfter: 30, maxWait: 0, stable: true, reason: null });
  });

  it('defaults serviceRateDuringSpike to serviceRate (contract v2)', () => {
    const a = evaluate(model, { baselineRate: 10, spikeRate: 300, spikeDuration: 20, serviceRate: 100 });
    const b = evaluate(model, {
      baselineRate: 10,
      spikeRate: 300,
      spikeDuration: 20,
      serviceRate: 100,
      serviceRateDuringSpike: 100,
    });
    expect(a).toEqual(b);
    expect(a.peakBacklog).toBe(4000); // (300 − 100) × 20
  });

  it('agrees with a queue stepped forward in time (peak, drain and the worst FIFO wait)', () => {
    // Independent derivation: stepped() above integrates the queue in 0.01 s slices and reads each item's wait off
    // the cumulative curves, with no closed form; rows cover an outage, a degraded spike and a plain spike.
    const rows = [
      [5, 5, 10, 8, 0],
      [5, 20, 10, 8, 4],
      [2, 30, 6, 10, 10],
      [1, 3, 10, 12, 2.5],
    ] as const;
    for (const [l0, ls, d, mu, mus] of rows) {
      const out = evaluate(model, {
        baselineRate: l0,
        spikeRate: ls,
        spikeDuration: d,
        serviceRate: mu,
        serviceRateDuringSpike: mus,
      });
      const sim = stepped(l0, ls, d, mu, mus, 0.01, d + (out.drainTime ?? 0) + 5);
      expectClose(sim.peak, out.peakBacklog, 1e-6, 1e-6);
      expectClose(sim.drainedAt ?? -1, out.recoveredAfter ?? 0, 0, 0.02);
      expectClose(sim.maxWait, out.maxWait, 0, 0.02);
    }
  });
});

describe('backlog-drain: properties', () => {
  const rates = fc.double({ min: 0, max: 1e6, noNaN: true });
  const positive = fc.double({ min: 1e-3, max: 1e6, noNaN: true });
  const duration = fc.double({ min: 0, max: 1e6, noNaN: true });

  it('recoveredAfter = spikeDuration + drainTime, drains at the spare capacity, and nothing is negative or non-finite', () => {
    fc.assert(
      fc.property(rates, rates, duration, positive, rates, (l0, ls, d, mu, mus) => {
        const out = evaluate(model, {
          baselineRate: l0,
          spikeRate: ls,
          spikeDuration: d,
          serviceRate: mu,
          serviceRateDuringSpike: mus,
        });
        expect(out.peakBacklog).toBeGreaterThanOrEqual(0);
        expect(out.maxWait).toBeGreaterThanOrEqual(0);
        expect(Number.isFinite(out.maxWait)).toBe(true);
        expectClose(out.peakBacklog, Math.max(0, (ls - mus) * d), 1e-12, 1e-9);
        if (mu > l0) {
          expect(out.stable).toBe(true);
          expectClose(out.recoveredAfter, d + (out.drainTime ?? Number.NaN), 1e-12, 1e-9);
          expectClose((out.drainTime ?? 0) * (mu - l0), out.peakBacklog, 1e-9, 1e-6);
        } else {
          expect([out.stable, out.drainTime, out.recoveredAfter]).toEqual([false, null, null]);
        }
      }),
    );
  });

  it('waits longer and drains later as the outage grows; waits no longer than the outage plus the last item’s drain', () => {
    fc.assert(
      fc.property(positive, positive, positive, fc.double({ min: 1.01, max: 100, noNaN: true }), (l0, d1, extra, headroom) => {
        const mu = l0 * headroom;
        const a = evaluate(model, {
          baselineRate: l0,
          spikeRate: l0,
          spikeDuration: d1,
          serviceRate: mu,
          serviceRateDuringSpike: 0,
        });
        const b = evaluate(model, {
          baselineRate: l0,
          spikeRate: l0,
          spikeDuration: d1 + extra,
          serviceRate: mu,
          serviceRateDuringSpike: 0,
        });
        expect(b.peakBacklog).toBeGreaterThanOrEqual(a.peakBacklog);
        expect(b.drainTime ?? 0).toBeGreaterThanOrEqual(a.drainTime ?? 0);
        expect(b.maxWait).toBeGreaterThanOrEqual(a.maxWait);
        // an outage: the first item waits it out, the last waits for the whole backlog ahead of it
        expectClose(a.maxWait, Math.max(d1, a.peakBacklog / mu), 1e-12, 1e-9);
      }),
    );
  });
});

describe('backlog-drain: bad input', () => {
  it('names each bad field with its range', () => {
    const r = check(model, {
      baselineRate: -1,
      spikeRate: Number.NaN,
      spikeDuration: -5,
      serviceRate: 0,
      serviceRateDuringSpike: -2,
      extra: 1,
    });
    const lines = r.ok ? [] : r.problems.map((p) => `${p.field}: ${p.message}`);
    for (const field of ['baselineRate', 'spikeRate', 'spikeDuration', 'serviceRate', 'serviceRateDuringSpike']) {
      expect(
        lines.some((l) => l.startsWith(`${field}:`)),
        `${field} in ${lines.join(' | ')}`,
      ).toBe(true);
    }
    expect(lines.find((l) => l.startsWith('serviceRate:'))).toMatch(/> 0/);
    expect(lines.some((l) => l.includes('extra'))).toBe(true);
  });

  it('does not mutate its input', () => {
    const input = deepFreeze({ baselineRate: 1, spikeRate: 4, spikeDuration: 3, serviceRate: 2 });
    expect(() => evaluate(model, input)).not.toThrow();
  });
});
