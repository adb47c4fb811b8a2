/**
 * Benchmarks of the queueing models (see case.ts for the shape of a case). Every name holds "erlang" or
 * "queueing" so `npm run bench -- erlang` picks the Erlang ones. The budgets: Erlang C at
 * 100 000 servers under 1 ms; the fewest servers for 10 000 Erlangs under 5 ms. Each case is measured
 * beside the simplest correct alternative, run in the same process on the same inputs.
 */
import { evaluate } from '../../models/evaluate.ts';
import { erlangB, erlangBLoad, erlangC, erlangCServers } from '../../models/queueing/erlang.ts';
import { queueingModels } from '../../models/queueing/index.ts';
import { mmcServers } from '../../models/queueing/mmc-servers.ts';
import type { BenchCase } from './case.ts';

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; about 1e-15 relative), for the log-space baseline. */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let s = LANCZOS[0] ?? 0;
  for (let i = 1; i < LANCZOS.length; i++) s += (LANCZOS[i] ?? 0) / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/**
 * Erlang C the direct way, in log space: ln a_k = k ln A − ln Γ(k + 1) for every k <= c, summed with
 * log-sum-exp (one pass with a running maximum), then B = a_c / Σ and C = cB/(c − A(1 − B)).
 */
function erlangCLogSpace(a: number, c: number): number {
  const lnA = Math.log(a);
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0; // Σ exp(ln a_k − max)
  let lnLast = 0;
  for (let k = 0; k <= c; k++) {
    const ln = k * lnA - lnGamma(k + 1);
    if (ln > max) {
      sum = sum * Math.exp(max - ln) + 1;
      max = ln;
    } else {
      sum += Math.exp(ln - max);
    }
    lnLast = ln;
  }
  const b = Math.exp(lnLast - max - Math.log(sum));
  return (c * b) / (c - a + a * b);
}

/** The textbook Erlang B recursion from k = 0, with no shortcut. */
function erlangBFromZero(a: number, c: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C from scratch (recursion from 0) for one candidate. */
function erlangCFromZero(a: number, c: number): number {
  const b = erlangBFromZero(a, c);
  return (c * b) / (c - a + a * b);
}

/** Service level P(wait <= t) for c servers at load a, service rate mu. */
function serviceLevel(probWait: number, a: number, c: number, mu: number, t: number): number {
  return 1 - probWait * Math.exp(-(c - a) * mu * t);
}

/** The fewest servers for an 80/20 service level, linear search from ⌊A⌋ + 1, Erlang C from scratch each time. */
function staffLinearFromScratch(a: number, mu: number, t: number, level: number): number {
  for (let c = Math.floor(a) + 1; ; c++) {
    if (serviceLevel(erlangCFromZero(a, c), a, c, mu, t) >= level) return c;
  }
}

const BIG_C = 100_000;
const BIG_A = 95_000; // ρ = 0.95
const STAFF_A = 10_000; // Erlangs
const AHT = 180; // s
const staffing = { arrivalRate: STAFF_A / AHT, serviceRate: 1 / AHT, targetWait: 20, minServiceLevel: 0.8 };

// The alternatives must agree with the models before their times mean anything.
function agree(name: string, x: number, y: number, rel: number): void {
  if (!(Math.abs(x - y) <= rel * Math.abs(y))) throw new Error(`bench: ${name}: ${x} and ${y} disagree`);
}
agree('erlang C, 100 000 servers, log space', erlangCLogSpace(BIG_A, BIG_C), erlangC(BIG_A, BIG_C), 1e-7);
agree('erlang C, 100 000 servers, from zero', erlangCFromZero(BIG_A, BIG_C), erlangC(BIG_A, BIG_C), 1e-9);
agree('erlang staffing', staffLinearFromScratch(STAFF_A, 1 / AHT, 20, 0.8), evaluate(mmcServers, staffing).servers, 0);

/** Largest load at 1 % blocking on a million servers by plain bisection on A in [0, c/(1 − b)], to 1e-13. */
function erlangBLoadBisection(c: number, target: number): number {
  let lo = 0;
  let hi = c / (1 - target);
  while (hi - lo > 1e-13 * hi) {
    const mid = (lo + hi) / 2;
    if (erlangB(mid, c) > target) hi = mid;
    else lo = mid;
  }
  return lo;
}
agree('erlang-b-load bisection', erlangBLoadBisection(1_000_000, 0.01), erlangBLoad(1_000_000, 0.01), 1e-11);

export const queueingCases: readonly BenchCase[] = [
  {
    name: 'erlang C, 100 000 servers at ρ = 0.95 (recursion from the mode)',
    run: () => erlangC(BIG_A, BIG_C),
    budgetMs: 1,
    baseline: { name: 'direct sum in log space with a log-gamma per term', run: () => erlangCLogSpace(BIG_A, BIG_C) },
  },
  {
    name: 'erlang C, 100 000 servers at ρ = 0.95, against the textbook recursion',
    run: () => erlangC(BIG_A, BIG_C),
    budgetMs: 1,
    baseline: { name: 'Erlang B recursion from k = 0 (100 000 steps)', run: () => erlangCFromZero(BIG_A, BIG_C) },
  },
  {
    name: 'erlang staffing: fewest servers for 10 000 Erlangs, 80 % in 20 s (mmc-servers, validate + compute)',
    run: () => evaluate(mmcServers, staffing),
    budgetMs: 5,
    baseline: {
      name: 'linear search from ⌊A⌋ + 1, Erlang C from scratch per candidate',
      run: () => staffLinearFromScratch(STAFF_A, 1 / AHT, 20, 0.8),
    },
  },
  {
    name: 'erlang staffing core: erlangCServers(10 000 Erlangs, C <= 0.2)',
    run: () => erlangCServers(STAFF_A, (_c, p) => p <= 0.2),
    budgetMs: 5,
  },
  {
    name: 'erlang-b-load, 1 000 000 servers at 1 % (safeguarded Newton)',
    run: () => erlangBLoad(1_000_000, 0.01),
    budgetMs: 20,
    baseline: { name: 'bisection on A to the same precision', run: () => erlangBLoadBisection(1_000_000, 0.01) },
  },
  ...queueingModels.map((m): BenchCase => ({
    name: `queueing: ${m.id}, worked example (validate + compute)`,
    run: () => evaluate(m, m.example),
    budgetMs: 1,
  })),
];
