/**
 * A seeded simulator of the FCFS G/G/c queue: c identical servers, one shared queue served first come
 * first served, an unlimited waiting room, arrivals from ./arrivals.ts and service times from
 * ./distributions.ts.
 *
 * Method: no event list. Under FCFS with identical servers, customer n (in order of arrival) starts on
 * the server that frees up first, so it suffices to keep the c servers' next free times in a binary
 * min-heap: start(n) = max(arrival(n), earliest free time), departure(n) = start(n) + service(n), and that
 * server's free time becomes departure(n). This is the Kiefer–Wolfowitz recursion (1955) for the vector
 * of server workloads, ordered; with c = 1 it is Lindley's (1952) recursion W(n+1) = max(0, W(n) + S(n) −
 * A(n+1)). It is exact, O(log c) a customer, and allocates nothing per customer. Each customer is two
 * events (an arrival and a departure), which is how `events` counts them.
 *
 * Start times are non-decreasing in n (both the arrival times and the heap's minimum are), so the number
 * waiting at time t is Q(t) = #{arrival <= t} − #{start <= t}, and every backlog figure (its maximum, a
 * series at a fixed step, when it drains after a spike) is a merge of two sorted arrays.
 *
 * Random streams: the seed gives one generator (../random.ts) that seeds two more, one for interarrival
 * times and one for service times. Customer n's arrival and service times therefore depend only on the
 * seed and n, never on c: runs that differ only in the number of servers see the same customers (common
 * random numbers), which is what makes "one more server never lengthens a wait" checkable path by path.
 *
 * Memory: three Float64Arrays of arrival, start and departure times (24 B a customer), a fourth, the
 * scratch for percentiles, while summarising (8 B), and optionally an Int32Array of servers (4 B): a
 * one-million-customer run holds 24 MB and peaks at 32 MB.
 *
 * Example: `simulateGgc({ arrivals: { kind: 'poisson', rate: 0.8 }, service: { kind: 'exponential', mean: 1 },
 * servers: 1, customers: 1000, seed: 1 })` returns arrival, start and departure times of 1000 customers of
 * an M/M/1 at ρ = 0.8; `summarizeGgc` of it gives the means, percentiles and backlog.
 */
import { percentileLevels, type Percentiles } from '../queueing/mm1.ts';
import { seededRandom } from '../random.ts';
import { makeArrivalClock, type ArrivalProcess } from './arrivals.ts';
import { makeSampler, type Distribution } from './distributions.ts';
import { batchMeansInterval, percentilesInPlace, type MeanInterval } from './stats.ts';

export interface GgcConfig {
  readonly arrivals: ArrivalProcess;
  readonly service: Distribution;
  /** identical servers, an integer >= 1 */
  readonly servers: number;
  /** customers to simulate, an integer >= 1 */
  readonly customers: number;
  /** integer; only its low 32 bits count */
  readonly seed: number;
  /** also record which server (0 … c − 1) served each customer */
  readonly recordServers?: boolean;
}

export interface GgcTrace {
  readonly servers: number;
  readonly customers: number;
  /** arrivals + departures */
  readonly events: number;
  /** seconds, non-decreasing */
  readonly arrival: Float64Array;
  /** seconds, non-decreasing; start − arrival is the wait in queue */
  readonly start: Float64Array;
  /** seconds; departure − start is the service time */
  readonly departure: Float64Array;
  /** the server of each customer, when asked for */
  readonly server: Int32Array | null;
}

/** Runs the queue: arrival, start and departure times of every customer, in order of arrival. */
export function simulateGgc(config: GgcConfig): GgcTrace {
  const { servers: c, customers: n } = config;
  if (!(Number.isInteger(c) && c >= 1)) throw new RangeError(`servers must be an integer >= 1 (got ${c})`);
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`customers must be an integer >= 1 (got ${n})`);
  const master = seededRandom(config.seed);
  const nextArrival = makeArrivalClock(config.arrivals, seededRandom(Math.floor(master() * 4294967296)));
  const nextService = makeSampler(config.service, seededRandom(Math.floor(master() * 4294967296)));
  const arrival = new Float64Array(n);
  const start = new Float64Array(n);
  const departure = new Float64Array(n);
  const server = config.recordServers ? new Int32Array(n) : null;

  if (c === 1) {
    let free = 0;
    for (let k = 0; k < n; k++) {
      const a = nextArrival();
      const s = nextService();
      const b = a > free ? a : free;
      free = b + s;
      arrival[k] = a;
      start[k] = b;
      departure[k] = free;
    }
    return { servers: c, customers: n, events: 2 * n, arrival, start, departure, server };
  }

  // A binary min-heap of the servers' next free times (all free at 0), with their server ids.
  const heap = new Float64Array(c);
  const ids = new Int32Array(c);
  for (let i = 0; i < c; i++) ids[i] = i;
  for (let k = 0; k < n; k++) {
    const a = nextArrival();
    const s = nextService();
    const earliest = heap[0] ?? 0;
    const b = a > earliest ? a : earliest;
    const d = b + s;
    arrival[k] = a;
    start[k] = b;
    departure[k] = d;
    const id = ids[0] ?? 0;
    if (server) server[k] = id;
    // the root's server is now free at d: sift it down
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= c) break;
      const r = l + 1;
      let m = l;
      let mv = heap[l] ?? 0;
      if (r < c) {
        const rv = heap[r] ?? 0;
        if (rv < mv) {
          m = r;
          mv = rv;
        }
      }
      if (mv >= d) break;
      heap[i] = mv;
      ids[i] = ids[m] ?? 0;
      i = m;
    }
    heap[i] = d;
    ids[i] = id;
  }
  return { servers: c, customers: n, events: 2 * n, arrival, start, departure, server };
}

/** The number waiting in queue (not in service) at time t: #{arrival <= t} − #{start <= t}. */
export function backlogAt(trace: GgcTrace, t: number): number {
  return countAtOrBelow(trace.arrival, t) - countAtOrBelow(trace.start, t);
}

/** #{x <= t} in a non-decreasing array, by binary search. */
function countAtOrBelow(xs: Float64Array, t: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] ?? 0) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The largest number ever waiting in queue during the run (it peaks just after an arrival). */
export function maxBacklog(trace: GgcTrace): number {
  const { arrival, start, customers: n } = trace;
  let j = 0;
  let max = 0;
  for (let k = 0; k < n; k++) {
    const a = arrival[k] ?? 0;
    if (k + 1 < n && arrival[k + 1] === a) continue; // count simultaneous arrivals together
    while (j < n && (start[j] ?? 0) <= a) j++;
    const q = k + 1 - j;
    if (q > max) max = q;
  }
  return max;
}

export interface BacklogSeries {
  /** seconds between samples */
  readonly step: number;
  /** the number waiting at times 0, step, 2·step, … */
  readonly values: Float64Array;
}

/**
 * The number waiting in queue sampled every `step` seconds from 0, `points` samples. Past the last
 * arrival the run has no more customers, so samples there show a drain that the real queue, still
 * receiving arrivals, would not: callers keep the series within the last arrival time.
 */
export function backlogSeries(trace: GgcTrace, step: number, points: number): BacklogSeries {
  if (!(step > 0 && Number.isFinite(step))) throw new RangeError(`step must be > 0 (got ${step})`);
  if (!(Number.isInteger(points) && points >= 1)) throw new RangeError(`points must be an integer >= 1 (got ${points})`);
  const { arrival, start, customers: n } = trace;
  const values = new Float64Array(points);
  let i = 0;
  let j = 0;
  for (let k = 0; k < points; k++) {
    const t = k * step;
    while (i < n && (arrival[i] ?? 0) <= t) i++;
    while (j < n && (start[j] ?? 0) <= t) j++;
    values[k] = i - j;
  }
  return { step, values };
}

export interface Drain {
  /** seconds: when the drain is measured from (the end of the spike) */
  readonly from: number;
  /** number waiting at `from` */
  readonly backlogAtFrom: number;
  /**
   * seconds after `from` until the number waiting first falls to `threshold` or below; 0 when it already
   * is; null when that does not happen before the run's last arrival (the queue had not drained while
   * arrivals were still coming).
   */
  readonly drainTime: number | null;
}

/** How long after time `from` the backlog takes to fall back to `threshold` (customers waiting) or below. */
export function drainTime(trace: GgcTrace, from: number, threshold = 0): Drain {
  const { arrival, start, customers: n } = trace;
  let i = countAtOrBelow(arrival, from);
  let j = countAtOrBelow(start, from);
  const backlogAtFrom = i - j;
  if (backlogAtFrom <= threshold) return { from, backlogAtFrom, drainTime: 0 };
  const lastArrival = arrival[n - 1] ?? 0;
  while (j < n) {
    const s = start[j] ?? 0;
    if (s > lastArrival) break;
    while (j < n && start[j] === s) j++;
    while (i < n && (arrival[i] ?? 0) <= s) i++;
    if (i - j <= threshold) return { from, backlogAtFrom, drainTime: s - from };
  }
  return { from, backlogAtFrom, drainTime: null };
}

export interface GgcSummaryOptions {
  /** customers to discard at the start (the warm-up), an integer >= 0 */
  readonly warmup: number;
  /** batches for the batch-means intervals, an integer >= 2 */
  readonly batches: number;
}

export interface GgcSummary {
  /** index of the first measured customer: the warm-up plus up to batches − 1 that do not fill a batch */
  readonly firstMeasured: number;
  readonly customersMeasured: number;
  /** seconds: the mean wait in queue and its batch-means 95 % interval */
  readonly meanWaitInQueue: number;
  readonly waitInQueueInterval: MeanInterval;
  /** seconds: the mean time in system (wait + service) and its interval */
  readonly meanTimeInSystem: number;
  readonly timeInSystemInterval: MeanInterval;
  /** share of measured customers who waited at all */
  readonly probWait: number;
  readonly waitInQueuePercentiles: Percentiles;
  readonly timeInSystemPercentiles: Percentiles;
  /**
   * busy server-seconds / (c × the window's length), over the window from the first measured customer's
   * arrival to the last arrival (to the last departure if those coincide)
   */
  readonly utilization: number;
  /** departures per second in that window */
  readonly throughput: number;
  /** seconds: the last arrival of the run */
  readonly lastArrival: number;
}

const levelNames = Object.keys(percentileLevels) as (keyof typeof percentileLevels)[];
const levelValues = levelNames.map((k) => percentileLevels[k]);

function asPercentiles(values: readonly number[]): Percentiles {
  const out: Record<string, number> = {};
  levelNames.forEach((k, i) => (out[k] = values[i] ?? Number.NaN));
  return out as Percentiles;
}

/**
 * Statistics of the measured customers: those after the warm-up, less the first few that would not fill
 * a whole batch, so that every mean is exactly the mean of its batch means.
 */
export function summarizeGgc(trace: GgcTrace, options: GgcSummaryOptions): GgcSummary {
  const { arrival, start, departure, customers: n, servers: c } = trace;
  const { warmup, batches } = options;
  if (!(Number.isInteger(warmup) && warmup >= 0)) throw new RangeError(`warmup must be an integer >= 0 (got ${warmup})`);
  if (!(Number.isInteger(batches) && batches >= 2)) throw new RangeError(`batches must be an integer >= 2 (got ${batches})`);
  const batchSize = Math.floor((n - warmup) / batches);
  if (batchSize < 1) {
    throw new RangeError(`need at least ${batches} customers after a warm-up of ${warmup} (got ${n - warmup})`);
  }
  const m = batchSize * batches;
  const first = n - m;
  const scratch = new Float64Array(m);
  let waited = 0;
  for (let k = 0; k < m; k++) {
    const w = (start[first + k] ?? 0) - (arrival[first + k] ?? 0);
    scratch[k] = w;
    if (w > 0) waited++;
  }
  // Time averages over the window [t0, t1] from the first measured arrival to the last arrival: busy
  // server-time and departures inside it, whoever's they are (under overload the servers spend the start
  // of the window on customers from the warm-up).
  const t0 = arrival[first] ?? 0;
  let t1 = arrival[n - 1] ?? 0;
  if (!(t1 > t0)) for (let k = 0; k < n; k++) t1 = Math.max(t1, departure[k] ?? 0);
  let busy = 0;
  let departed = 0;
  for (let k = 0; k < n; k++) {
    const b = start[k] ?? 0;
    const d = departure[k] ?? 0;
    if (d < t0 || b > t1) continue;
    busy += Math.min(d, t1) - Math.max(b, t0);
    if (d <= t1) departed++;
  }
  const waitInterval = batchMeansInterval(scratch, batches);
  const waitPercentiles = asPercentiles(percentilesInPlace(scratch, levelValues));
  for (let k = 0; k < m; k++) scratch[k] = (departure[first + k] ?? 0) - (arrival[first + k] ?? 0);
  const sojournInterval = batchMeansInterval(scratch, batches);
  const sojournPercentiles = asPercentiles(percentilesInPlace(scratch, levelValues));
  const span = t1 - t0;
  return {
    firstMeasured: first,
    customersMeasured: m,
    meanWaitInQueue: waitInterval.mean,
    waitInQueueInterval: waitInterval,
    meanTimeInSystem: sojournInterval.mean,
    timeInSystemInterval: sojournInterval,
    probWait: waited / m,
    waitInQueuePercentiles: waitPercentiles,
    timeInSystemPercentiles: sojournPercentiles,
    utilization: span > 0 ? busy / (c * span) : 0,
    throughput: span > 0 ? departed / span : 0,
    lastArrival: arrival[n - 1] ?? 0,
  };
}

/** Simulates and summarises in one call. */
export function simulateQueue(config: GgcConfig & GgcSummaryOptions): { trace: GgcTrace; summary: GgcSummary } {
  const trace = simulateGgc(config);
  return { trace, summary: summarizeGgc(trace, config) };
}
