import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import {
  lockLease as model,
  pauseSurvival,
  storageOutcomes,
  type LockLeaseOutput,
} from '../../../models/reliability/lock-lease.ts';
import { formatProblem } from '../../../models/problems.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

const policy = (out: LockLeaseOutput, id: string) => {
  const p = out.policies.find((x) => x.id === id);
  if (!p) throw new Error(`no policy ${id}`);
  return p;
};

/** A timeline by hand: token k's read and write times at index k − 1. */
const timeline = (reads: number[], writes: number[]) => ({ reads: Float64Array.from(reads), writes: Float64Array.from(writes) });

describe('lock-lease: Kleppmann’s fencing example', () => {
  it('a paused holder’s write with token 33 after token 34’s write: accepted unfenced, refused by a fence', () => {
    // M. Kleppmann, "How to do distributed locking", 2016, section "Making the lock safe with fencing",
    // https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html: "Client 1 acquires the lease and
    // gets a token of 33, but then it goes into a long pause and the lease expires. Client 2 acquires the lease,
    // gets a token of 34 ... and then sends its write to the storage service, including the token of 34. Later,
    // client 1 comes back to life and sends its write ... including its token value 33. However, the storage
    // server remembers that it has already processed a write with a higher token number (34), and so it rejects
    // the request with token 33." Here tokens 1 and 2 stand for 33 and 34: token 1 reads at 0.001 s and writes at
    // 10 s (paused); token 2 reads at 1.001 s and writes at 1.02 s.
    const { staleWrites, outcomes } = storageOutcomes(timeline([0.001, 1.001], [10, 1.02]));
    expect(staleWrites).toBe(1);
    expect(outcomes.none).toEqual({ acceptedStaleWrites: 1, rejected: 0, lostUpdates: 1 });
    expect(outcomes['fence-writes']).toEqual({ acceptedStaleWrites: 0, rejected: 1, lostUpdates: 0 });
    expect(outcomes['fence-every-access']).toEqual({ acceptedStaleWrites: 0, rejected: 1, lostUpdates: 0 });
  });

  it('a stale write between the new holder’s read and its write passes a write-only fence and loses an update', () => {
    // Independent derivation: token 1 reads 0 at t = 0.001 and writes 0 + 1 at t = 1.01; token 2 read 0 at
    // t = 1.001 and writes 0 + 1 at t = 1.02. A write-only fence has seen no write above 1 when token 1's write
    // arrives, so it accepts it; token 2's write then also lands: 2 accepted writes, record = 1, 1 update lost.
    // A fence on every access saw token 2 at its read (t = 1.001 < 1.01), so it refuses token 1's write: record 1,
    // 1 accepted write, 0 lost.
    const { staleWrites, outcomes } = storageOutcomes(timeline([0.001, 1.001], [1.01, 1.02]));
    expect(staleWrites).toBe(1);
    expect(outcomes.none).toEqual({ acceptedStaleWrites: 1, rejected: 0, lostUpdates: 1 });
    expect(outcomes['fence-writes']).toEqual({ acceptedStaleWrites: 1, rejected: 0, lostUpdates: 1 });
    expect(outcomes['fence-every-access']).toEqual({ acceptedStaleWrites: 0, rejected: 1, lostUpdates: 0 });
  });

  it('a write that lands before the new holder reads is not stale, and no policy refuses it', () => {
    // Independent derivation: token 1 writes at 1.0005 s, token 2 reads at 1.001 s > 1.0005 s, so token 2 reads
    // token 1's update (record 1) and writes 1 + 1 = 2 = accepted writes: nothing lost, nothing stale.
    const { staleWrites, outcomes } = storageOutcomes(timeline([0.001, 1.001], [1.0005, 1.02]));
    expect(staleWrites).toBe(0);
    for (const o of Object.values(outcomes)) expect(o).toEqual({ acceptedStaleWrites: 0, rejected: 0, lostUpdates: 0 });
  });
});

describe('lock-lease: the lease and the validity time', () => {
  const noPauses = { pauseProbability: 0, acquisitions: 2_000 };

  it('no holder that finishes within its lease ever overlaps (mutual exclusion within the validity time)', () => {
    // Redis documentation, "Distributed Locks with Redis",
    // https://redis.io/docs/latest/develop/clients/patterns/distributed-locks/: the lock validity time "is both the
    // auto release time, and the time the client has in order to perform the operation required before another
    // client may be able to acquire the lock again, without technically violating the mutual exclusion guarantee".
    // Without pauses a holder writes 2 × 0.5 ms + 10 ms = 11 ms after its grant, well inside a 1 s lease.
    const out = evaluate(model, noPauses);
    expect(out.pauses).toBe(0);
    expect(out.overlaps).toBe(0);
    expect(out.staleWrites).toBe(0);
    expect(out.predictedOverlapShare).toBe(0);
    for (const p of out.policies) expect(p.lostUpdates).toBe(0);
  });

  it('without pauses the lock is busy for the unpaused hold plus a round trip per grant', () => {
    // unpausedHold = 2 rt + work = 2 × 0.5 ms + 10 ms = 11 ms (the read and the write, and the work between).
    // Without pauses and with a client always waiting, the lock frees when the release lands, rt/2 after the
    // holder sends it, and the next grant follows at once: the grant reached the server rt/2 before the holder
    // knew. So each grant occupies the lock for unpausedHold + rt = 11.5 ms, and the simulation's mean hold is that.
    const out = evaluate(model, noPauses);
    expectClose(out.unpausedHold, 0.011, 1e-12);
    expectClose(out.meanHold, out.unpausedHold + 0.0005, 1e-9);
  });

  it('a holder whose work outlasts the lease overlaps at every hand-over', () => {
    // Same page: the guarantee is "only limited to a given window of time from the moment the lock is acquired".
    // Independent derivation: a 5 ms lease against 2 × 0.5 ms + 10 ms = 11 ms to the write: every lease lapses
    // first, and with 8 clients someone is always waiting, so each grant but the last hands over early:
    // overlaps = 2 000 − 1 = 1 999; the closed form says 1 (every acquisition).
    const out = evaluate(model, { ...noPauses, lease: 0.005 });
    expect(out.overlaps).toBe(1_999);
    expect(out.predictedOverlapShare).toBe(1);
    expect(out.acceptedWithFencing).toBe(0);
  });

  it('a lock service whose clock runs fast shortens the lease: lease / (1 + drift)', () => {
    // Independent derivation: every holder pauses exactly 0.95 s (deterministic), so its write lands
    // 0.011 + 0.95 = 0.961 s after the grant. A 1 s lease outlives it: no overlap. With the lock service's clock
    // 10 % fast the lease ends after 1 / 1.1 = 0.909 s < 0.961 s: every hand-over overlaps (1 999 of 2 000).
    const paused = { acquisitions: 2_000, pauseProbability: 1, pauseDistribution: 'deterministic', pauseMean: 0.95 } as const;
    const exact = evaluate(model, paused);
    expect(exact.overlaps).toBe(0);
    const fast = evaluate(model, { ...paused, clockDrift: 0.1 });
    expectClose(fast.effectiveLease, 1 / 1.1);
    expect(fast.overlaps).toBe(1_999);
    expect(fast.predictedOverlapShare).toBe(1);
  });
});

describe('lock-lease: the simulation against the closed form', () => {
  it('exponential pauses: overlaps per acquisition ≈ p × exp(−(lease − 2 rt − work) / mean)', () => {
    // Independent derivation: a grant overlaps when its holder's write lands after the lease, i.e. when it pauses
    // (probability p = 0.2) for longer than x = 0.1 − 0.001 − 0.01 = 0.089 s; for exponential pauses of mean 0.05 s,
    // P = 0.2 × e^(−0.089/0.05) = 0.2 × 0.16864 = 0.033729. Over n = 50 000 acquisitions the count is binomial,
    // sd = √(n P (1 − P)) ≈ 40: the simulated count must be within 4 sd of n P ≈ 1 686.
    const p = 0.2;
    const P = p * Math.exp(-(0.1 - 0.001 - 0.01) / 0.05);
    expectClose(P, 0.033729, 1e-4);
    const n = 50_000;
    const out = evaluate(model, {
      acquisitions: n,
      lease: 0.1,
      pauseProbability: p,
      pauseDistribution: 'exponential',
      pauseMean: 0.05,
    });
    expectClose(out.predictedOverlapShare, P, 1e-12);
    const sd = Math.sqrt(n * P * (1 - P));
    expect(Math.abs(out.overlaps - n * P)).toBeLessThan(4 * sd);
    // stale: pause > lease − rt − work = 0.0895 s
    const Ps = p * Math.exp(-(0.1 - 0.0005 - 0.01) / 0.05);
    expect(Math.abs(out.staleWrites - n * Ps)).toBeLessThan(4 * Math.sqrt(n * Ps * (1 - Ps)));
    expect(out.acceptedWithoutFencing).toBe(out.staleWrites);
    expect(out.acceptedWithFencing).toBe(0);
  });

  it('lognormal pauses: half of them outlast the median m / √(1 + scv)', () => {
    // Independent derivation: a lognormal with mean m and SCV s has σ² = ln(1 + s) and μ = ln m − σ²/2, so its
    // median e^μ = m / √(1 + s); P(X > median) = 1/2. For m = 0.2 s, s = 10: median = 0.2 / √11 = 0.060302 s.
    const d = { kind: 'lognormal', mean: 0.2, scv: 10 } as const;
    expectClose(pauseSurvival(d, 0.2 / Math.sqrt(11)), 0.5, 1e-12);
    // and 1.96 σ above the median: Q(1.96) = 0.0249979 (standard normal table)
    const sigma = Math.sqrt(Math.log(11));
    expectClose(pauseSurvival(d, (0.2 / Math.sqrt(11)) * Math.exp(1.96 * sigma)), 0.0249979, 1e-5);
  });

  it('hyperexponential pauses: the tail integrates to the mean (∫ S(x) dx = E[X])', () => {
    // Independent derivation: for a non-negative X, E[X] = ∫₀^∞ P(X > x) dx. Trapezoid rule on [0, 200 s] in
    // 1 ms steps for mean 1 s, SCV 4: the integral must be 1 within 1e-6 (the tail beyond 200 s is below e^−40).
    const d = { kind: 'hyperexponential', mean: 1, scv: 4 } as const;
    const h = 0.001;
    let sum = 0;
    for (let x = 0; x < 200; x += h) sum += ((pauseSurvival(d, x) + pauseSurvival(d, x + h)) / 2) * h;
    expectClose(sum, 1, 1e-6);
  });

  it('pins the doc comment’s worked example', () => {
    const out = evaluate(model, {});
    expect(out.pauses).toBe(501);
    expect(out.overlaps).toBe(23);
    expect(out.staleWrites).toBe(23);
    expectClose(out.predictedOverlapShare, 0.000354, 1e-2);
    expect(out.policies.map((p) => [p.id, p.acceptedStaleWrites, p.lostUpdates])).toEqual([
      ['none', 23, 66],
      ['fence-writes', 1, 1],
      ['fence-every-access', 0, 0],
    ]);
  });
});

describe('lock-lease: properties', () => {
  const inputs = fc.record({
    clients: fc.integer({ min: 1, max: 20 }),
    acquisitions: fc.integer({ min: 1, max: 3_000 }),
    lease: fc.double({ min: 0.001, max: 2, noNaN: true }),
    roundTrip: fc.double({ min: 1e-6, max: 0.01, noNaN: true }),
    work: fc.double({ min: 0, max: 0.05, noNaN: true }),
    pauseProbability: fc.double({ min: 0, max: 1, noNaN: true }),
    pauseDistribution: fc.constantFrom('exponential', 'lognormal', 'hyperexponential', 'deterministic'),
    pauseMean: fc.double({ min: 0.001, max: 2, noNaN: true }),
    pauseScv: fc.double({ min: 1.01, max: 50, noNaN: true }),
    clockDrift: fc.double({ min: 0, max: 0.5, noNaN: true }),
    seed: fc.integer({ min: 0, max: 1_000 }),
  });

  it('a fence on every access accepts no stale write and loses no update, whatever the timing', () => {
    fc.assert(
      fc.property(inputs, (v) => {
        const out = evaluate(model, v);
        const every = policy(out, 'fence-every-access');
        expect(every.acceptedStaleWrites).toBe(0);
        expect(every.lostUpdates).toBe(0);
        expect(every.rejected).toBe(out.staleWrites);
        // no fencing accepts every stale write; a write-only fence accepts at most as many
        expect(policy(out, 'none').acceptedStaleWrites).toBe(out.staleWrites);
        expect(policy(out, 'fence-writes').acceptedStaleWrites).toBeLessThanOrEqual(out.staleWrites);
        expect(out.overlaps).toBeLessThanOrEqual(v.acquisitions - 1 < 0 ? 0 : v.acquisitions - 1);
      }),
      { numRuns: 150 },
    );
  });

  it('no pauses and a lease longer than the work: no overlap, no stale write', () => {
    fc.assert(
      fc.property(inputs, (v) => {
        const lease = 2 * v.roundTrip + v.work + 0.001 + v.lease;
        const out = evaluate(model, { ...v, lease, clockDrift: 0, pauseProbability: 0 });
        expect(out.overlaps).toBe(0);
        expect(out.staleWrites).toBe(0);
        expect(out.predictedOverlapShare).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('one client never overlaps with itself', () => {
    fc.assert(
      fc.property(inputs, (v) => {
        const out = evaluate(model, { ...v, clients: 1 });
        expect(out.overlaps).toBe(0);
        expect(out.staleWrites).toBe(0);
        // and the closed forms agree: with nobody waiting, a lapse hands the lock to no one (the review found
        // { clients: 1, lease: 0.0001 } predicting millions of overlaps a day against 0 simulated)
        expect(out.predictedOverlapShare).toBe(0);
        expect(out.predictedStaleShare).toBe(0);
        expect(out.predictedOverlapsPerDay).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('is deterministic for a seed, and does not mutate its input', () => {
    const input = deepFreeze({ acquisitions: 5_000, lease: 0.2, seed: 7 });
    expect(evaluate(model, input)).toEqual(evaluate(model, input));
  });

  it('a longer lease never raises the closed-form overlap share', () => {
    fc.assert(
      fc.property(inputs, fc.double({ min: 1, max: 10, noNaN: true }), (v, k) => {
        const a = evaluate(model, { ...v, acquisitions: 1 });
        const b = evaluate(model, { ...v, acquisitions: 1, lease: Math.min(3_600, v.lease * k) });
        expect(b.predictedOverlapShare).toBeLessThanOrEqual(a.predictedOverlapShare);
      }),
      { numRuns: 100 },
    );
  });
});

describe('lock-lease: bad input', () => {
  it('names the field and the range', () => {
    const r = check(model, { lease: 0, acquisitions: 0.5 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const text = r.problems.map(formatProblem).join('\n');
      expect(text).toMatch(/lease/);
      expect(text).toMatch(/acquisitions/);
    }
  });

  it('refuses hyperexponential pauses with an SCV of 1 or less, saying why', () => {
    const r = check(model, { pauseDistribution: 'hyperexponential', pauseScv: 0.5 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map(formatProblem).join('\n')).toMatch(/pauseScv.*above 1 for hyperexponential/);
  });
});
