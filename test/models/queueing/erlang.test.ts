import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  erlangB,
  erlangBLoad,
  erlangBServers,
  erlangC,
  erlangCFromB,
  erlangCServers,
  erlangStart,
  minServersForStability,
} from '../../../models/queueing/erlang.ts';
import { expectClose } from '../close.ts';

/** The textbook recursion from k = 0, with no shortcut: the reference the fast version must agree with. */
function erlangBFromZero(a: number, c: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** An independent method: the direct sum Σ A^k/k! in log space (log-sum-exp), each term from ln k!. */
function erlangBLogSpace(a: number, c: number): number {
  let lnTerm = 0; // ln(A^0/0!)
  let max = 0;
  const lnTerms: number[] = [0];
  for (let k = 1; k <= c; k++) {
    lnTerm += Math.log(a) - Math.log(k);
    lnTerms.push(lnTerm);
    if (lnTerm > max) max = lnTerm;
  }
  const sum = lnTerms.reduce((s, x) => s + Math.exp(x - max), 0);
  return Math.exp(lnTerm - max - Math.log(sum));
}

describe('erlangB and erlangC: published values', () => {
  it('matches reference case ERLB-02: B(10, 15), B(10, 14), B(2, 5), B(5, 10), B(1, 1)', () => {
    // Source: reference case ERLB-02 (kind "recomputed": exact values by the recursion; the rounded
    // checkpoints 3.65 %, 5.68 %, 3.67 %, 1.84 % are those of standard Erlang B tables, e.g. P. Dordal's
    // notes, https://pld.cs.luc.edu/courses/346/sum15/mnotes/erlang.html). Tolerance 1e-8 relative, as listed.
    expectClose(erlangB(10, 15), 0.03649694547, 1e-8);
    expectClose(erlangB(10, 14), 0.05681914339, 1e-8);
    expectClose(erlangB(2, 5), 0.03669724771, 1e-8);
    expectClose(erlangB(5, 10), 0.01838457034, 1e-8);
    expectClose(erlangB(1, 1), 0.5);
    // and the tables' rounded percentages
    expectClose(erlangB(10, 15) * 100, 3.65, 0, 0.005);
    expectClose(erlangB(10, 14) * 100, 5.68, 0, 0.005);
  });

  it('matches the Call Centre Helper worked example: C(10, 14) = 0.1741319335950498', () => {
    // Source: reference case MMC-01 (Call Centre Helper "Erlang C Formula – Made Simple", reproduced by the
    // pyworkforce README, waiting_probability 0.1741319335950498, and CRAN ErlangC, 0.1741319).
    expectClose(erlangC(10, 14), 0.1741319335950498, 1e-12);
    // CRAN ErlangC's calculate_agents() prints its first step, 11 agents: wait_probability 0.6821182.
    expectClose(erlangC(10, 11), 0.6821182, 0, 5e-8);
  });

  it('agrees with 40-digit values at large A and c (independent derivation: mpmath gammainc)', () => {
    // Independent derivation, not a published table: B = A^c e^{−A} / Γ(c + 1, A) with mpmath 1.3.0 at
    // mp.dps = 40 (the upper incomplete gamma, no recursion), and C = cB/(c − A(1 − B)); rounded to 17 digits.
    const cases = [
      { a: 9000, c: 10_000, b: 2.0916197944192897e-26, cc: 2.0916197944192898e-25 },
      { a: 99_000, c: 100_000, b: 8.2257755985042225e-6, cc: 0.00082190823741079544 },
      { a: 9900, c: 10_000, b: 0.0028581267388565865, cc: 0.22277692886414824 },
      { a: 995_000, c: 1_000_000, b: 1.4258222583020131e-9, cc: 2.8516437074825495e-7 },
      { a: 100_000, c: 100_300, b: 0.00096929215327796255, cc: 0.24493032817826826 },
    ];
    for (const { a, c, b, cc } of cases) {
      expectClose(erlangB(a, c), b, 1e-12);
      expectClose(erlangC(a, c), cc, 1e-12);
    }
    // at and beyond c = A (Erlang B only: Erlang C needs A < c)
    expectClose(erlangB(10_000, 10_000), 0.0079365632488056712, 1e-12);
    expectClose(erlangB(1e6, 1e6), 0.00079746030685556098, 1e-12);
    expectClose(erlangB(1.01e6, 1e6), 0.0099980937550678012, 1e-12);
  });

  it('underflows to exactly 0 where the true value is below a double (A = 1e5, c = 1e6: about 4e-609139)', () => {
    // mpmath: B(1e5, 1e6) = 4.311e-609139, C = 4.790e-609139; a double holds nothing below 5e-324.
    expect(erlangB(1e5, 1e6)).toBe(0);
    expect(erlangC(1e5, 1e6)).toBe(0);
    expect(erlangB(1, 1000)).toBe(0); // 1/1000! ≈ 2.5e-2568
  });
});

describe('erlangB and erlangC: edges', () => {
  it('answers the trivial loads and server counts exactly', () => {
    expect(erlangB(0, 5)).toBe(0);
    expect(erlangB(7, 0)).toBe(1);
    expect(erlangB(0, 0)).toBe(1);
    expect(erlangC(0, 3)).toBe(0);
    expectClose(erlangB(3, 1), 0.75); // A/(1 + A)
    expectClose(erlangC(0.5, 1), 0.5); // C(A, 1) = ρ for M/M/1
  });

  it('returns 1 for Erlang C at and above A = c (no steady state: every arrival waits)', () => {
    expect(erlangC(5, 5)).toBe(1);
    expect(erlangC(50, 5)).toBe(1);
    expect(erlangCFromB(0.3, 6, 5)).toBe(1);
  });

  it('rejects loads and server counts a formula cannot take', () => {
    expect(() => erlangB(-1, 3)).toThrow(RangeError);
    expect(() => erlangB(Number.NaN, 3)).toThrow(/offeredLoad must be a finite number >= 0 \(got NaN\)/);
    expect(() => erlangB(Number.POSITIVE_INFINITY, 3)).toThrow(RangeError);
    expect(() => erlangB(2, 2.5)).toThrow(/servers must be an integer >= 0 \(got 2.5\)/);
    expect(() => erlangC(2, 0)).toThrow(/servers must be an integer >= 1 \(got 0\)/);
    expect(() => erlangBServers(2, 0)).toThrow(/maxBlocking must be in \(0, 1\) \(got 0\)/);
    expect(() => erlangBLoad(3, 1)).toThrow(RangeError);
  });

  it('starts its recursion 12 standard deviations below the mode, never below 0', () => {
    expect(erlangStart(10, 15)).toBe(0);
    expect(erlangStart(10_000, 10_000)).toBe(10_000 - 1200 - 12);
    expect(erlangStart(1e9, 100)).toBe(0); // m = c = 100: 100 − 120 − 12 < 0
    expect(erlangStart(1e6, 1e6)).toBe(1e6 - 12_000 - 12);
  });

  it('gives the fewest servers for stability as ⌊A⌋ + 1', () => {
    expect(minServersForStability(0)).toBe(1);
    expect(minServersForStability(10)).toBe(11);
    expect(minServersForStability(9.99)).toBe(10);
  });
});

describe('erlangB and erlangC: properties', () => {
  const loadAndServers = fc
    .record({ c: fc.integer({ min: 1, max: 3000 }), x: fc.double({ min: 0, max: 2, noNaN: true }) })
    .map(({ c, x }) => ({ c, a: x * c }));

  it('agrees with the recursion from k = 0 (the shortcut loses nothing) and with the log-space sum', () => {
    fc.assert(
      fc.property(loadAndServers, ({ a, c }) => {
        const fast = erlangB(a, c);
        const full = erlangBFromZero(a, c);
        if (full < 1e-280) return; // both underflow towards 0 differently below ~1e-300
        expectClose(fast, full, 1e-12);
        if (a > 0) expectClose(fast, erlangBLogSpace(a, c), 1e-9);
      }),
    );
  });

  it('has Erlang C >= Erlang B at the same load and servers (strictly, for any load doubles can tell apart)', () => {
    fc.assert(
      fc.property(loadAndServers, ({ a, c }) => {
        if (!(a < c)) return;
        const b = erlangB(a, c);
        const cc = erlangC(a, c);
        expect(cc).toBeGreaterThanOrEqual(b);
        expect(cc).toBeLessThanOrEqual(1);
        if (a > 1e-6 && b > 1e-300) expect(cc).toBeGreaterThan(b); // C/B = c/(c − A(1 − B)) rounds to 1 for tiny A
      }),
    );
  });

  it('blocks more as the load grows and less as servers are added', () => {
    fc.assert(
      fc.property(loadAndServers, fc.double({ min: 0, max: 1, noNaN: true }), ({ a, c }, extra) => {
        expect(erlangB(a + extra * a, c)).toBeGreaterThanOrEqual(erlangB(a, c));
        expect(erlangB(a, c + 1)).toBeLessThanOrEqual(erlangB(a, c));
      }),
    );
  });

  it('finds the fewest servers: the answer meets the target and one fewer does not', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 20_000, noNaN: true }),
        fc.double({ min: 1e-6, max: 0.5, noNaN: true }),
        (a, target) => {
          const { servers, blockingProbability } = erlangBServers(a, target);
          expect(blockingProbability).toBeLessThanOrEqual(target);
          expectClose(blockingProbability, erlangB(a, servers), 1e-11);
          if (servers > 1) expect(erlangB(a, servers - 1)).toBeGreaterThan(target);
          const delay = erlangCServers(a, (_c, p) => p <= target);
          expect(delay.probWait).toBeLessThanOrEqual(target);
          expectClose(delay.probWait, erlangC(a, delay.servers), 1e-11);
          if (delay.servers - 1 > a) expect(erlangC(a, delay.servers - 1)).toBeGreaterThan(target);
          expect(delay.servers).toBeGreaterThanOrEqual(servers); // C >= B, so waiting needs at least as many
        },
      ),
      { numRuns: 60 },
    );
  });

  it('inverts Erlang B in the load: B(erlangBLoad(c, b), c) = b', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 1e-9, max: 0.999, noNaN: true }), (c, target) => {
        const a = erlangBLoad(c, target);
        expectClose(erlangB(a, c), target, 1e-11);
      }),
      { numRuns: 60 },
    );
  });

  it('stops a search that would need more servers than allowed', () => {
    expect(() => erlangBServers(1000, 0.01, 500)).toThrow(/more than 500 servers/);
    expect(() => erlangCServers(1000, () => false, 1100)).toThrow(/more than 1100 servers/);
    expect(() => erlangCServers(2000, () => true, 1100)).toThrow(/more than 1100 servers/);
  });
});
