/**
 * A seeded simulation of a flash sale's races on one product's stock: `concurrency` checkout workers serve
 * `buyers` one after another, each trying to reserve one unit of `stock`, and the simulator counts the units
 * sold beyond the stock (oversold) for seven ways of doing it. Two are unsafe and oversell; five never do.
 *
 * Every operation on a store (a read, a write, a lock call) takes effect `roundTrip` × (1 ± jitter) after it
 * is issued (uniform), and the worker goes on at once. Between a read and the write that depends on it, a
 * worker pauses for `pauseDuration` with probability `pauseProbability` (a stop-the-world GC, a VM stall).
 *   read-then-write      read stock; if ≥ 1, write stock = read − 1 (no lock): a lost update oversells
 *   lease-lock           acquire a lock with a lease (SET NX PX), read, write, release; the lease lapses
 *                        after `lease` even if the holder is still working (paused), so two holders overlap
 *   conditional-update   one atomic "decrement if ≥ 1" on the row
 *   select-for-update    a database row lock held to the commit: no lease, a paused holder keeps it
 *   optimistic-version   read stock and version; write only if the version is unchanged, else retry
 *   fencing-token        the lease lock, but every access to the row carries the lock's token and the row
 *                        refuses a token older than the newest it has seen (read and write); refused: retry
 *   redis-counter        one atomic script call: decrement if ≥ 1
 *
 *   oversold = units sold − stock, when positive (sales counted by the buyers who were told "reserved").
 *
 * A buyer whose optimistic write or fenced access is refused tries again, at most `maxAttempts` times in
 * all (a lease shorter than a reservation refuses every fenced access: without that cap nobody would finish).
 * Each evaluation simulates at most EVENT_BUDGET (1.5 M) events, shared over its strategies and runs; a run cut
 * short is counted in `truncatedRuns` (its counts are those so far: a floor).
 * A run ends when every buyer has an answer, or earlier once the stock is 0 and no worker holds a read of a
 * positive stock that it may still write (every later buyer would be refused). `runs` runs use seeds
 * seed, seed + 1, …; the answer gives the mean and the largest oversell over them. Deterministic: the same
 * input gives the same output everywhere (models/random.ts).
 *
 * Why the safe ones are safe, independently of the simulator: the atomic ones decrement only when the
 * stock is ≥ 1 in one step; under a row lock or a fence, no other accepted access to the row falls between a
 * worker's read and its write; an optimistic write succeeds only if no write happened since its read.
 *
 * Units: seconds; counts.
 *
 * Example (defaults: 100 units, 10 000 buyers, 64 workers, 0.5 ms ± 50 %, a 30 ms lease, 1 % of workers
 * pausing 50 ms, 4 runs from seed 1): read-then-write oversells 8 546.75 units on average (at most 9 101), the
 * lease lock 12.75 (at most 22), the five safe ones 0.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { seededRandom, type Random } from '../random.ts';
import { seedField } from '../fields.ts';

export const oversellStrategies = [
  'read-then-write',
  'lease-lock',
  'conditional-update',
  'select-for-update',
  'optimistic-version',
  'fencing-token',
  'redis-counter',
] as const;
export type OversellStrategy = (typeof oversellStrategies)[number];

const names: Record<OversellStrategy, string> = {
  'read-then-write': 'Read, then write (no lock)',
  'lease-lock': 'Lock with a lease, no fence',
  'conditional-update': 'Conditional UPDATE',
  'select-for-update': 'SELECT … FOR UPDATE',
  'optimistic-version': 'Optimistic version check',
  'fencing-token': 'Lease lock + fencing token',
  'redis-counter': 'Redis atomic counter',
};

/** The most simulated work one evaluation may ask for (a browser recomputes it on each keystroke). */
export const MAX_WORK = 80_000;

const input = z
  .strictObject({
    stock: z.number().int().min(1).max(10_000).default(100).meta({ unit: 'count', description: 'Units on sale' }),
    buyers: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(10_000)
      .meta({ unit: 'count', description: 'Buyers trying to reserve one unit each' }),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(2_000)
      .default(64)
      .meta({ unit: 'count', description: 'Checkout workers running reservations at the same time' }),
    roundTrip: z
      .number()
      .min(1e-6)
      .max(1)
      .default(0.0005)
      .meta({ unit: 's', description: 'Mean time from issuing an operation to its taking effect', empirical: true }),
    jitter: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .meta({ unit: 'fraction', description: 'Each operation’s time varies uniformly by ± this share of the mean' }),
    lease: z
      .number()
      .min(1e-6)
      .max(3600)
      .default(0.03)
      .meta({ unit: 's', description: 'Lease (time to live) of the lock for the lease-lock and fencing strategies' }),
    pauseProbability: z
      .number()
      .min(0)
      .max(1)
      .default(0.01)
      .meta({ unit: 'fraction', description: 'Chance that a worker pauses between its read and its write', empirical: true }),
    pauseDuration: z
      .number()
      .min(0)
      .max(3600)
      .default(0.05)
      .meta({ unit: 's', description: 'How long such a pause lasts (a GC pause, a VM stall)', empirical: true }),
    maxAttempts: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(20)
      .meta({ unit: 'count', description: 'Attempts a buyer makes before giving up (optimistic and fencing retries)' }),
    runs: z.number().int().min(1).max(200).default(4).meta({ unit: 'count', description: 'Runs, each with its own seed' }),
    seed: seedField('Seed of the first run'),
  })
  .superRefine((v, ctx) => {
    // Events grow with the buyers (each is answered) and, for the optimistic strategy, with stock × concurrency
    // (each success can make every other in-flight try fail once).
    const work = v.runs * (v.buyers + v.stock * v.concurrency);
    if (work > MAX_WORK) {
      ctx.addIssue({
        code: 'custom',
        path: ['runs'],
        input: v.runs,
        message: `runs × (buyers + stock × concurrency) must be at most ${MAX_WORK.toLocaleString('en-US')} so the simulation stays quick in a browser (got ${work.toLocaleString('en-US')}): fewer runs, buyers, units or workers`,
      });
    }
  });

type Input = z.output<typeof input>;

export interface OversellResult {
  readonly id: OversellStrategy;
  readonly name: string;
  readonly oversoldMean: number;
  readonly oversoldMax: number;
  readonly runsOversold: number;
  readonly soldMean: number;
  readonly retriesMean: number;
  readonly truncatedRuns: number;
}

export interface OversellOutput {
  readonly strategies: readonly OversellResult[];
  readonly unsafeOversold: number;
  readonly safeOversold: number;
}

/** A binary min-heap of events ordered by (time, sequence). */
class Events {
  private t: number[] = [];
  private q: number[] = [];
  private w: number[] = [];
  private k: number[] = [];
  private seq = 0;
  get size(): number {
    return this.t.length;
  }
  private less(i: number, j: number): boolean {
    return (
      (this.t[i] as number) < (this.t[j] as number) || (this.t[i] === this.t[j] && (this.q[i] as number) < (this.q[j] as number))
    );
  }
  private swap(i: number, j: number): void {
    const { t, q, w, k } = this;
    const t0 = t[i] as number;
    t[i] = t[j] as number;
    t[j] = t0;
    const q0 = q[i] as number;
    q[i] = q[j] as number;
    q[j] = q0;
    const w0 = w[i] as number;
    w[i] = w[j] as number;
    w[j] = w0;
    const k0 = k[i] as number;
    k[i] = k[j] as number;
    k[j] = k0;
  }
  push(time: number, worker: number, kind: number): void {
    this.t.push(time);
    this.q.push(this.seq++);
    this.w.push(worker);
    this.k.push(kind);
    let i = this.t.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  pop(): { time: number; worker: number; kind: number } {
    const top = { time: this.t[0] as number, worker: this.w[0] as number, kind: this.k[0] as number };
    const last = this.t.length - 1;
    this.swap(0, last);
    this.t.pop();
    this.q.pop();
    this.w.pop();
    this.k.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.t.length && this.less(l, m)) m = l;
      if (r < this.t.length && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
}

// Event kinds
const START = 0; // a worker starts a buyer's attempt (acquire a lock, or read, or the atomic op)
const GRANTED = 1; // a lock has been granted to the worker: it reads
const WRITE = 2; // the worker's write lands
const RELEASE = 3; // the worker's release / commit lands
const EXPIRE = 4; // a lease lapses (worker = the grant number)
const READ = 5; // a lock-free read lands

interface RunResult {
  sold: number;
  retries: number;
  /** true when the run hit its event budget before every buyer had an answer */
  truncated: boolean;
}

/** Events one evaluation may simulate in all, shared out over its strategies and runs. */
export const EVENT_BUDGET = 1_500_000;

/** One run of one strategy. */
export function simulateSale(strategy: OversellStrategy, v: Input, random: Random, maxEvents = Infinity): RunResult {
  const lat = () => v.roundTrip * (1 + v.jitter * (2 * random() - 1));
  const pause = () => (random() < v.pauseProbability ? v.pauseDuration : 0);
  const ev = new Events();
  const c = Math.min(v.concurrency, v.buyers);
  let stock = v.stock;
  let version = 0;
  let sold = 0;
  let retries = 0;
  let nextBuyer = 0;
  let pendingWriters = 0;
  // lock state (lease-lock, fencing-token, select-for-update)
  let holder = -1;
  let grant = 0; // the current grant's number = its fencing token
  const waiting: number[] = [];
  let waitHead = 0;
  let highestToken = 0;
  const observed = new Float64Array(c);
  const observedVersion = new Float64Array(c);
  const token = new Float64Array(c);
  const attempts = new Uint32Array(c);
  const usesLock = strategy === 'lease-lock' || strategy === 'fencing-token' || strategy === 'select-for-update';
  const leased = strategy !== 'select-for-update';

  const next = (w: number, now: number) => {
    if (nextBuyer >= v.buyers) return;
    nextBuyer++;
    attempts[w] = 1;
    ev.push(now, w, START);
  };
  const grantTo = (w: number, now: number) => {
    holder = w;
    grant++;
    token[w] = grant;
    if (leased) ev.push(now + v.lease, grant, EXPIRE);
    ev.push(now + lat(), w, GRANTED);
  };
  const releaseLock = (now: number) => {
    holder = -1;
    if (waitHead < waiting.length) grantTo(waiting[waitHead++] as number, now);
  };
  const retry = (w: number, now: number) => {
    if ((attempts[w] as number) >= v.maxAttempts) {
      next(w, now); // this buyer gives up (told to try again later): not a sale
      return;
    }
    attempts[w] = (attempts[w] as number) + 1;
    retries++;
    ev.push(now, w, START);
  };

  for (let w = 0; w < c; w++) next(w, 0);

  let events = 0;
  let truncated = false;
  while (ev.size > 0) {
    if (stock <= 0 && pendingWriters === 0) break; // every later buyer would be refused
    if (++events > maxEvents) {
      truncated = true;
      break;
    }
    const { time: now, worker: w, kind } = ev.pop();
    switch (kind) {
      case START:
        if (strategy === 'conditional-update' || strategy === 'redis-counter') {
          ev.push(now + lat(), w, WRITE);
        } else if (usesLock) {
          // the acquire request reaches the lock after one latency: modelled as joining the queue now
          if (holder === -1) grantTo(w, now);
          else waiting.push(w);
        } else {
          ev.push(now + lat(), w, READ);
        }
        break;
      case READ: // read-then-write and optimistic-version
      case GRANTED: {
        if (kind === GRANTED && strategy === 'fencing-token') {
          if ((token[w] as number) < highestToken) {
            // the row refuses a stale token: give the lock back if still ours, and try again
            if (holder === w && token[w] === grant) releaseLock(now);
            retry(w, now);
            break;
          }
          highestToken = token[w] as number;
        }
        observed[w] = stock;
        observedVersion[w] = version;
        if (stock < 1) {
          // sold out: refused; release the lock if held, take the next buyer
          if (usesLock && holder === w && token[w] === grant) ev.push(now + lat(), w, RELEASE);
          else next(w, now);
          break;
        }
        pendingWriters++;
        ev.push(now + pause() + lat(), w, WRITE);
        break;
      }
      case WRITE: {
        if (strategy === 'conditional-update' || strategy === 'redis-counter') {
          if (stock >= 1) {
            stock--;
            sold++;
          }
          next(w, now);
          break;
        }
        pendingWriters--;
        if (strategy === 'optimistic-version') {
          if (version !== observedVersion[w]) {
            retry(w, now);
            break;
          }
          stock = (observed[w] as number) - 1;
          version++;
          sold++;
          next(w, now);
          break;
        }
        if (strategy === 'fencing-token') {
          if ((token[w] as number) < highestToken) {
            if (holder === w && token[w] === grant) releaseLock(now);
            retry(w, now);
            break;
          }
          highestToken = token[w] as number;
        }
        stock = (observed[w] as number) - 1; // the write the worker computed from its read
        version++;
        sold++;
        if (usesLock) ev.push(now + lat(), w, RELEASE);
        else next(w, now);
        break;
      }
      case RELEASE:
        // DEL only if the lock is still ours (compare the token); a lapsed lease has already passed it on
        if (holder === w && token[w] === grant) releaseLock(now);
        next(w, now);
        break;
      case EXPIRE:
        if (w === grant && holder !== -1) releaseLock(now); // the lease of the current grant lapses
        break;
    }
  }
  return { sold, retries, truncated };
}

export const oversellSimulation = defineModel({
  id: 'oversell-simulation',
  title: 'Flash sale: who oversells, simulated',
  summary:
    'A seeded simulation of concurrent reservations of one product’s stock, counting units sold beyond it for read-then-write, a lapsing lease lock, and five safe strategies.',
  input,
  outputs: {
    strategies: {
      description:
        'Per strategy: id, name, oversoldMean, oversoldMax, runsOversold, soldMean, retriesMean, truncatedRuns (runs cut at the event budget before every buyer had an answer)',
      unit: 'list',
    },
    unsafeOversold: { description: 'Mean units oversold by the two unsafe strategies together', unit: 'count' },
    safeOversold: { description: 'Largest oversell of any safe strategy in any run (0 when they hold)', unit: 'count' },
  },
  references: [
    {
      title: 'M. Kleppmann, “How to do distributed locking”, 2016',
      url: 'https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html',
      note: 'A client paused past its lock’s lease writes while another holds the lock; fencing tokens make the storage refuse it.',
    },
    {
      title: 'Redis documentation, “Distributed Locks with Redis”',
      url: 'https://redis.io/docs/latest/develop/clients/patterns/distributed-locks/',
      note: 'SET key value NX PX ttl to acquire; release only if the value is still ours.',
    },
    {
      title: 'PostgreSQL documentation, 13.2.1 “Read Committed Isolation Level”',
      url: 'https://www.postgresql.org/docs/current/transaction-iso.html#XACT-READ-COMMITTED',
      note: 'A concurrent UPDATE waits for the row lock and re-evaluates its WHERE clause on the updated row: the conditional update is atomic.',
    },
  ],
  example: {},
  exampleStates: {
    'strategies[id=read-then-write].oversoldMean': 8546.75,
    'strategies[id=read-then-write].oversoldMax': 9101,
    'strategies[id=lease-lock].oversoldMean': 12.75,
    'strategies[id=lease-lock].oversoldMax': 22,
    safeOversold: 0,
  },
  compute(v): OversellOutput {
    const strategies = oversellStrategies.map((id): OversellResult => {
      let soldSum = 0;
      let overSum = 0;
      let overMax = 0;
      let runsOversold = 0;
      let retrySum = 0;
      let truncatedRuns = 0;
      for (let r = 0; r < v.runs; r++) {
        const { sold, retries, truncated } = simulateSale(
          id,
          v,
          seededRandom(v.seed + r),
          Math.floor(EVENT_BUDGET / (oversellStrategies.length * v.runs)),
        );
        if (truncated) truncatedRuns++;
        const over = Math.max(0, sold - v.stock);
        soldSum += sold;
        overSum += over;
        retrySum += retries;
        overMax = Math.max(overMax, over);
        if (over > 0) runsOversold++;
      }
      return {
        id,
        name: names[id],
        oversoldMean: overSum / v.runs,
        oversoldMax: overMax,
        runsOversold,
        soldMean: soldSum / v.runs,
        retriesMean: retrySum / v.runs,
        truncatedRuns,
      };
    });
    const unsafe = strategies.filter((s) => s.id === 'read-then-write' || s.id === 'lease-lock');
    const safe = strategies.filter((s) => s.id !== 'read-then-write' && s.id !== 'lease-lock');
    return {
      strategies,
      unsafeOversold: unsafe.reduce((a, s) => a + s.oversoldMean, 0),
      safeOversold: Math.max(...safe.map((s) => s.oversoldMax)),
    };
  },
});
