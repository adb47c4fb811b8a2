/**
 * Arrival processes for the queue simulator, each a clock that returns the next arrival time (seconds
 * from 0, non-decreasing). The first arrival comes one interarrival time after time 0.
 *
 * - poisson: exponential interarrivals with the given rate (per second).
 * - deterministic: one arrival every 1/rate seconds, at exactly n/rate (no accumulated rounding).
 * - renewal: independent interarrivals from any distribution of ./distributions.ts; its mean is 1/rate.
 * - piecewise: a Poisson process whose rate is constant on consecutive pieces ({ duration, rate }); after
 *   the last piece its rate holds for ever. Two exact generators:
 *   - inversion (per piece): draw E ~ Exp(1) and spend it as cumulative intensity, rate × time, across
 *     pieces: the arrival falls where the integral of the rate since the previous arrival reaches E
 *     (Çinlar's time change; Law, Simulation Modeling and Analysis, §8.6.2). One exponential per arrival.
 *   - thinning (Lewis & Shedler 1979): candidates from a Poisson process at the highest rate λmax, each
 *     kept with probability λ(t)/λmax. About λmax/λ(t) exponentials per arrival.
 *
 * Example: the flash sale `{ kind: 'piecewise', pieces: [{ duration: 60, rate: 1000 }, { duration: 60,
 * rate: 5000 }, { duration: 1, rate: 1000 }] }` gives about 60 000 arrivals in [0, 60 s), 300 000 in
 * [60 s, 120 s), then 1 000 a second for as long as the run lasts.
 */
import { exponential, type Random } from '../random.ts';
import { checkDistribution, makeSampler, type Distribution } from './distributions.ts';

export interface RatePiece {
  /** seconds */
  readonly duration: number;
  /** arrivals per second during this piece */
  readonly rate: number;
}

export type ArrivalProcess =
  | { readonly kind: 'poisson'; readonly rate: number }
  | { readonly kind: 'deterministic'; readonly rate: number }
  | { readonly kind: 'renewal'; readonly interarrival: Distribution }
  | { readonly kind: 'piecewise'; readonly pieces: readonly RatePiece[]; readonly method: 'inversion' | 'thinning' };

/** Returns the next arrival time (seconds). */
export type ArrivalClock = () => number;

/** Throws RangeError when the process cannot run (non-positive rate, a schedule ending at rate 0, …). */
export function checkArrivals(p: ArrivalProcess): void {
  switch (p.kind) {
    case 'poisson':
    case 'deterministic':
      if (!(p.rate > 0 && Number.isFinite(p.rate))) throw new RangeError(`${p.kind}: rate must be > 0 (got ${p.rate})`);
      return;
    case 'renewal':
      checkDistribution(p.interarrival);
      return;
    case 'piecewise': {
      if (p.pieces.length === 0) throw new RangeError('piecewise: at least one piece is needed');
      for (const [i, piece] of p.pieces.entries()) {
        if (!(piece.duration > 0 && Number.isFinite(piece.duration))) {
          throw new RangeError(`piecewise: piece ${i} duration must be > 0 (got ${piece.duration})`);
        }
        if (!(piece.rate >= 0 && Number.isFinite(piece.rate)))
          throw new RangeError(`piecewise: piece ${i} rate must be >= 0 (got ${piece.rate})`);
      }
      const last = p.pieces[p.pieces.length - 1]?.rate ?? 0;
      if (!(last > 0))
        throw new RangeError('piecewise: the last piece (whose rate holds after the schedule) must have a rate > 0');
      return;
    }
  }
}

/** The long-run arrival rate (per second): for a schedule, the last piece's, which holds for ever. */
export function longRunRate(p: ArrivalProcess): number {
  switch (p.kind) {
    case 'poisson':
    case 'deterministic':
      return p.rate;
    case 'renewal':
      return 1 / p.interarrival.mean;
    case 'piecewise':
      return p.pieces[p.pieces.length - 1]?.rate ?? 0;
  }
}

/** The highest arrival rate the process ever runs at (per second). */
export function peakRate(p: ArrivalProcess): number {
  if (p.kind !== 'piecewise') return longRunRate(p);
  let max = 0;
  for (const piece of p.pieces) if (piece.rate > max) max = piece.rate;
  return max;
}

/** The SCV of the interarrival times (1 for Poisson and for a piecewise Poisson process). */
export function arrivalScv(p: ArrivalProcess): number {
  switch (p.kind) {
    case 'poisson':
    case 'piecewise':
      return 1;
    case 'deterministic':
      return 0;
    case 'renewal':
      switch (p.interarrival.kind) {
        case 'exponential':
          return 1;
        case 'deterministic':
          return 0;
        case 'erlang':
          return 1 / p.interarrival.phases;
        case 'lognormal':
        case 'gamma':
        case 'hyperexponential':
        case 'uniform':
          return p.interarrival.scv;
      }
  }
}

function piecewiseInversion(pieces: readonly RatePiece[], random: Random): ArrivalClock {
  const n = pieces.length;
  const ends = new Float64Array(n);
  const rates = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += pieces[i]?.duration ?? 0;
    ends[i] = acc;
    rates[i] = pieces[i]?.rate ?? 0;
  }
  const last = n - 1;
  let i = 0;
  const now = new Float64Array(1); // the clock; a typed array, so updating it allocates nothing
  return () => {
    let e = exponential(random, 1); // cumulative intensity to spend before the next arrival
    let t = now[0] ?? 0;
    for (;;) {
      const r = rates[i] ?? 0;
      if (i === last) {
        t += e / r;
        break;
      }
      const end = ends[i] ?? 0;
      const room = (end - t) * r; // intensity left in this piece
      if (e < room) {
        t += e / r; // r > 0 here, since room > e >= 0
        if (t >= end) t = end; // rounding can land on the boundary, never past it
        break;
      }
      e -= room;
      t = end;
      i++;
    }
    now[0] = t;
    return t;
  };
}

function piecewiseThinning(pieces: readonly RatePiece[], random: Random): ArrivalClock {
  const n = pieces.length;
  const ends = new Float64Array(n);
  const rates = new Float64Array(n);
  let acc = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    acc += pieces[i]?.duration ?? 0;
    ends[i] = acc;
    const r = pieces[i]?.rate ?? 0;
    rates[i] = r;
    if (r > max) max = r;
  }
  ends[n - 1] = Number.POSITIVE_INFINITY; // the last rate holds for ever
  let i = 0;
  const now = new Float64Array(1);
  return () => {
    let t = now[0] ?? 0;
    for (;;) {
      t += exponential(random, max);
      while (t >= (ends[i] ?? 0)) i++;
      const r = rates[i] ?? 0;
      if (r === max || random() * max < r) break;
    }
    now[0] = t;
    return t;
  };
}

/** The clock of an arrival process, reading uniforms from `random`. Throws RangeError on a bad process. */
export function makeArrivalClock(p: ArrivalProcess, random: Random): ArrivalClock {
  checkArrivals(p);
  switch (p.kind) {
    case 'poisson': {
      const mean = 1 / p.rate;
      const now = new Float64Array(1); // the clock; a typed array, so updating it allocates nothing
      return () => (now[0] = (now[0] ?? 0) - mean * Math.log1p(-random()));
    }
    case 'deterministic': {
      const rate = p.rate;
      let k = 0;
      return () => ++k / rate;
    }
    case 'renewal': {
      const next = makeSampler(p.interarrival, random);
      const now = new Float64Array(1);
      return () => (now[0] = (now[0] ?? 0) + next());
    }
    case 'piecewise':
      return p.method === 'thinning' ? piecewiseThinning(p.pieces, random) : piecewiseInversion(p.pieces, random);
  }
}
