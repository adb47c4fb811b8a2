/**
 * A lock with a lease, its holders' pauses, and the storage behind it: a seeded simulation of `clients` clients
 * taking turns at one lease-based lock (Redis `SET key value NX PX lease`) to do a read-modify-write on one
 * record, counting how often two clients believed they held the lock at once, how many writes reached the
 * storage after a newer holder had already touched it (stale writes), and how many of those the storage
 * accepted under three policies: no fencing, fencing tokens checked on writes only (the check as Kleppmann
 * first describes it), and fencing tokens checked on every access, the read included.
 *
 * Why: a lease makes a lock survive a crashed holder, and makes it unsafe against a holder that is merely slow.
 * A process can stop for a GC, a VM steal, a page fault or a network stall after it has the lock and before
 * it writes; if the stop outlives the lease, the lock passes to another client while the first still believes it
 * holds it. Only the storage can then tell the two apart, by the lock's fencing token.
 *
 * The timeline of one acquisition (token k, granted at g; every message takes half a round trip rt):
 *   g              the lock service grants the lock (the client is told at g + rt/2)
 *   g + rt         its read reaches the storage, carrying token k
 *   g + 2rt + work + pause    its write reaches the storage, carrying token k (it computed it from the read);
 *                  the pause is 0 with probability 1 − pauseProbability, else a draw of the pause distribution
 *   + rt           its release (compare-and-delete) reaches the lock service: it deletes the key only if the
 *                  key is still this grant's, so a lapsed lease is never released by its old holder
 *   g + L          the lease lapses, L = lease / (1 + clockDrift): the lock service's clock runs fast by
 *                  clockDrift, so its lease of `lease` seconds ends sooner in real time
 * The lock frees at the earlier of the release and the lapse; it is granted at once to the client that has
 * waited longest (the best case for the lock: how clients wait and retry is the lock-contention model's
 * subject); a client asks again as soon as its release has landed.
 *
 * Counted, over `acquisitions` grants:
 *   overlaps     grants made while the previous holder had not yet written (its lease lapsed first): for a
 *                while two clients believed they held the lock
 *   staleWrites  writes that reached the storage after an access (read or write) with a newer token had
 *   accepted     stale writes the storage accepted, per policy: none accepts every write; fence-writes refuses a
 *                write whose token is below the highest token of an accepted write; fence-every-access refuses
 *                any access whose token is below the highest it has seen on any access (so 0 stale writes
 *                accepted, by construction; the test checks it against the counter instead)
 *   lostUpdates  each accepted write sets the record to (the value its read returned) + 1, so the record ends at
 *                accepted − lostUpdates: updates overwritten by a write that had not seen them
 *
 * Closed forms (with at least one client always waiting, so that a lapse hands the lock on at once; 0 with a
 * single client, who has nobody to hand it to; with few clients and pauses long beside the cycle, a lapse can
 * find nobody waiting and the closed form overstates the simulation):
 *   P(overlap at an acquisition)  = pauseProbability × S(L − 2rt − work)
 *   P(a write is stale)           = pauseProbability × S(L − rt − work)   (the next holder reads at g + L + rt)
 * where S(x) = P(pause > x) (1 for x <= 0): exponential e^(−x/m); lognormal Q((ln x − μ)/σ), σ² = ln(1 + scv),
 * μ = ln m − σ²/2; hyperexponential (balanced means) p·e^(−x/m1) + (1 − p)·e^(−x/m2); deterministic 1 if m > x
 * else 0. The model reports both; the simulation is what the storage policies are counted on.
 *
 * Assumptions: one lock, one record, one lock service that never fails over (Redlock and replication are the
 * page's prose, not this model); pauses fall between the read and the write (the dangerous place: before the
 * read a paused client would read the newer holder's value); a client that pauses is not detected by anyone.
 *
 * Units: seconds; fractions; counts.
 *
 * References: M. Kleppmann, "How to do distributed locking", 2016
 * (https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html): process pauses, leases and
 * fencing tokens; Redis documentation, "Distributed Locks with Redis"
 * (https://redis.io/docs/latest/develop/clients/patterns/distributed-locks/): SET NX PX, the release script,
 * the lock validity time; C. Gray, D. Cheriton, "Leases: an efficient fault-tolerant mechanism for
 * distributed file cache consistency", SOSP 1989: leases and bounded clock drift.
 *
 * Example (defaults: 8 clients, 50 000 acquisitions, a 1 s lease, 0.5 ms round trips, 10 ms of work, 1 % of
 * holders pausing, lognormal pauses of mean 200 ms and SCV 10, no drift, seed 1): 501 pauses, 23 overlaps
 * (0.046 % of acquisitions; the closed form says 0.0354 %), 23 stale writes; accepted: all 23 without fencing
 * (66 updates lost), 1 with the token checked on writes only (1 update lost), 0 with the token checked on
 * every access (0 lost).
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { seededRandom } from '../random.ts';
import { makeSampler, type Distribution } from '../simulation/distributions.ts';
import { logNormalUpper } from './normal.ts';
import { seedField } from '../fields.ts';

export const pauseFamilies = ['exponential', 'lognormal', 'hyperexponential', 'deterministic'] as const;
export type PauseFamily = (typeof pauseFamilies)[number];

export const fencingPolicies = ['none', 'fence-writes', 'fence-every-access'] as const;
export type FencingPolicy = (typeof fencingPolicies)[number];

const policyNames: Record<FencingPolicy, string> = {
  none: 'No fencing',
  'fence-writes': 'Token checked on writes',
  'fence-every-access': 'Token checked on every access',
};

const input = z
  .strictObject({
    clients: z
      .number()
      .int()
      .min(1)
      .max(1_000)
      .default(8)
      .meta({ unit: 'count', description: 'Clients taking turns at the lock, each asking again as soon as it has released it' }),
    acquisitions: z.number().int().min(1).max(50_000).default(50_000).meta({
      unit: 'count',
      description:
        'Grants of the lock simulated (each one read-modify-write of the record); at most 50 000, so that a browser redraws the charts quickly',
    }),
    lease: z
      .number()
      .min(1e-4)
      .max(3_600)
      .default(1)
      .meta({ unit: 's', description: 'Lease of the lock (the PX of SET NX PX): it lapses this long after the grant' }),
    roundTrip: z.number().min(1e-6).max(1).default(0.0005).meta({
      unit: 's',
      description: 'Network round trip between a client and the lock service or the storage',
      empirical: true,
    }),
    work: z
      .number()
      .min(0)
      .max(600)
      .default(0.01)
      .meta({ unit: 's', description: 'Work between the read’s reply and sending the write, without a pause', empirical: true }),
    pauseProbability: z
      .number()
      .min(0)
      .max(1)
      .default(0.01)
      .meta({ unit: 'fraction', description: 'Chance that a holder pauses between its read and its write', empirical: true }),
    pauseDistribution: z
      .enum(pauseFamilies)
      .default('lognormal')
      .meta({ unit: 'text', description: 'Shape of a pause’s length, fitted to pauseMean and pauseScv' }),
    pauseMean: z
      .number()
      .min(1e-6)
      .max(3_600)
      .default(0.2)
      .meta({ unit: 's', description: 'Mean length of a pause (GC, VM steal, page fault, network stall)', empirical: true }),
    pauseScv: z.number().min(0.01).max(100).default(10).meta({
      unit: 'ratio',
      description:
        'Squared coefficient of variation of a pause (variance / mean²) for lognormal and hyperexponential (> 1) pauses; exponential is 1 and deterministic 0 whatever this says',
      empirical: true,
    }),
    clockDrift: z.number().min(0).max(1).default(0).meta({
      unit: 'fraction',
      description: 'How much faster the lock service’s clock runs than real time: the lease ends after lease / (1 + drift)',
    }),
    seed: seedField('Seed of the simulation'),
  })
  .superRefine((v, ctx) => {
    if (v.pauseDistribution === 'hyperexponential' && !(v.pauseScv > 1)) {
      ctx.addIssue({
        code: 'custom',
        path: ['pauseScv'],
        input: v.pauseScv,
        message: `must be above 1 for hyperexponential pauses (got ${v.pauseScv}): use lognormal for less variable pauses`,
      });
    }
  });

type Input = z.output<typeof input>;

export interface PolicyResult {
  readonly id: FencingPolicy;
  readonly name: string;
  /** stale writes the storage accepted */
  readonly acceptedStaleWrites: number;
  /** writes (and reads) the storage refused */
  readonly rejected: number;
  /** accepted writes − the record's final value */
  readonly lostUpdates: number;
}

export interface LockLeaseOutput {
  readonly effectiveLease: number;
  readonly pauses: number;
  readonly overlaps: number;
  readonly overlapShare: number;
  readonly predictedOverlapShare: number;
  readonly staleWrites: number;
  readonly staleShare: number;
  readonly predictedStaleShare: number;
  readonly policies: readonly PolicyResult[];
  readonly acceptedWithoutFencing: number;
  readonly acceptedWithFencing: number;
  readonly meanHold: number;
  readonly unpausedHold: number;
  readonly acquisitionsPerSecond: number;
  readonly predictedOverlapsPerDay: number;
}

/** The pause distribution the inputs describe. */
export function pauseDistributionOf(v: Pick<Input, 'pauseDistribution' | 'pauseMean' | 'pauseScv'>): Distribution {
  switch (v.pauseDistribution) {
    case 'exponential':
    case 'deterministic':
      return { kind: v.pauseDistribution, mean: v.pauseMean };
    case 'lognormal':
    case 'hyperexponential':
      return { kind: v.pauseDistribution, mean: v.pauseMean, scv: v.pauseScv };
  }
}

/** S(x) = P(pause > x) for the distribution: 1 for x <= 0 (a pause is positive). */
export function pauseSurvival(d: Distribution, x: number): number {
  if (x <= 0) return 1;
  switch (d.kind) {
    case 'exponential':
      return Math.exp(-x / d.mean);
    case 'deterministic':
      return d.mean > x ? 1 : 0;
    case 'lognormal': {
      const sigma2 = Math.log1p(d.scv);
      const mu = Math.log(d.mean) - sigma2 / 2;
      return Math.exp(logNormalUpper((Math.log(x) - mu) / Math.sqrt(sigma2)));
    }
    case 'hyperexponential': {
      const p = (1 + Math.sqrt((d.scv - 1) / (d.scv + 1))) / 2;
      return p * Math.exp((-x * 2 * p) / d.mean) + (1 - p) * Math.exp((-x * 2 * (1 - p)) / d.mean);
    }
    default:
      throw new RangeError(`pauseSurvival: no closed form for ${d.kind} pauses`);
  }
}

/** A min-heap of (time, client), ties broken by the order of arrival in it: who has waited longest. */
class Waiting {
  private readonly t: number[] = [];
  private readonly q: number[] = [];
  private readonly c: number[] = [];
  private seq = 0;
  get size(): number {
    return this.t.length;
  }
  private less(i: number, j: number): boolean {
    const ti = this.t[i] as number;
    const tj = this.t[j] as number;
    return ti < tj || (ti === tj && (this.q[i] as number) < (this.q[j] as number));
  }
  private swap(i: number, j: number): void {
    const { t, q, c } = this;
    const t0 = t[i] as number;
    t[i] = t[j] as number;
    t[j] = t0;
    const q0 = q[i] as number;
    q[i] = q[j] as number;
    q[j] = q0;
    const c0 = c[i] as number;
    c[i] = c[j] as number;
    c[j] = c0;
  }
  push(time: number, client: number): void {
    this.t.push(time);
    this.q.push(this.seq++);
    this.c.push(client);
    let i = this.t.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  /** the time of the entry the last pop() took */
  lastTime = 0;
  /** Takes the entry that has waited longest; returns its client (its time in lastTime). */
  pop(): number {
    const t = this.t;
    this.lastTime = t[0] as number;
    const client = this.c[0] as number;
    this.swap(0, t.length - 1);
    t.pop();
    this.q.pop();
    this.c.pop();
    const n = t.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return client;
  }
}

/** The lock's timeline: when each grant's read and write reach the storage (index k − 1 for token k). */
export interface LeaseTimeline {
  readonly reads: Float64Array;
  readonly writes: Float64Array;
  readonly overlaps: number;
  readonly pauses: number;
  readonly meanHold: number;
  /** when the lock was last free: the simulated span */
  readonly span: number;
}

/** The lock's timeline: every grant's read and write as they reach the storage, the overlaps, the pauses. */
export function simulateLease(v: Input): LeaseTimeline {
  const random = seededRandom(v.seed);
  const pause = makeSampler(pauseDistributionOf(v), random);
  const effectiveLease = v.lease / (1 + v.clockDrift);
  const rt = v.roundTrip;
  const waiting = new Waiting();
  for (let c = 0; c < v.clients; c++) waiting.push(0, c);
  const reads = new Float64Array(v.acquisitions);
  const writes = new Float64Array(v.acquisitions);
  let free = 0; // when the lock is next free
  let overlaps = 0;
  let pauses = 0;
  let holdSum = 0;
  let previousWrite = -Infinity; // when the previous holder's write lands: it believes it holds the lock until then
  for (let i = 0; i < v.acquisitions; i++) {
    const client = waiting.pop();
    const g = Math.max(free, waiting.lastTime);
    if (previousWrite > g) overlaps++; // the previous holder's lease lapsed before it wrote, and the lock moved on
    const paused = random() < v.pauseProbability;
    const p = paused ? pause() : 0;
    if (paused) pauses++;
    const write = g + 2 * rt + v.work + p;
    const release = write + rt;
    reads[i] = g + rt;
    writes[i] = write;
    previousWrite = write;
    free = Math.min(release, g + effectiveLease);
    holdSum += free - g;
    waiting.push(release, client);
  }
  return { reads, writes, overlaps, pauses, meanHold: holdSum / v.acquisitions, span: free };
}

interface StorageOutcome {
  readonly acceptedStaleWrites: number;
  readonly rejected: number;
  readonly lostUpdates: number;
}

/** One storage policy's state: 0 no fencing, 1 the token checked on writes, 2 the token checked on every access. */
class Storage {
  value = 0;
  acceptedWrites = 0;
  /** highest token of an access it accepted */
  highestAccepted = 0;
  /** highest token of a write it accepted */
  highestWrite = 0;
  acceptedStale = 0;
  rejected = 0;
  /** the value each token's read returned (−1: refused) */
  readonly seen: Float64Array;
  readonly policy: 0 | 1 | 2;
  constructor(policy: 0 | 1 | 2, n: number) {
    this.policy = policy;
    this.seen = new Float64Array(n).fill(-1);
  }
  read(index: number, token: number): void {
    if (this.policy === 2 && token < this.highestAccepted) {
      this.rejected++;
      return;
    }
    this.seen[index] = this.value;
    if (token > this.highestAccepted) this.highestAccepted = token;
  }
  write(index: number, token: number, stale: boolean): void {
    const seen = this.seen[index] as number;
    if (seen < 0) return; // its read was refused: the client never writes (counted at the read)
    if ((this.policy === 1 && token < this.highestWrite) || (this.policy === 2 && token < this.highestAccepted)) {
      this.rejected++;
      return;
    }
    this.value = seen + 1;
    this.acceptedWrites++;
    if (token > this.highestWrite) this.highestWrite = token;
    if (token > this.highestAccepted) this.highestAccepted = token;
    if (stale) this.acceptedStale++;
  }
}

/**
 * The storage's answers to the timeline's accesses, in the order they arrive (by time; a tie goes to the lower
 * token, and a read before a write), under each policy; and the stale writes (the same under every policy).
 */
export function storageOutcomes(t: Pick<LeaseTimeline, 'reads' | 'writes'>): {
  staleWrites: number;
  outcomes: Record<FencingPolicy, StorageOutcome>;
} {
  const n = t.reads.length;
  // Reads arrive in token order (grants never go back in time). Writes are nearly in order: only a paused write lands
  // after later ones. Scanning from the end, a write no later than every write after it is already in place; the rest
  // (about the paused ones) are sorted on their own and merged back, by (time, token).
  const writes = t.writes;
  const before = (a: number, b: number) => (writes[a] as number) < (writes[b] as number) || (writes[a] === writes[b] && a < b);
  const inPlace: number[] = [];
  const displaced: number[] = [];
  let min = Infinity;
  for (let i = n - 1; i >= 0; i--) {
    const w = writes[i] as number;
    if (w <= min) {
      inPlace.push(i);
      min = w;
    } else displaced.push(i);
  }
  inPlace.reverse();
  displaced.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  const order = new Int32Array(n);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    const x = inPlace[a];
    const y = displaced[b];
    if (y === undefined || (x !== undefined && before(x, y))) {
      order[i] = x as number;
      a++;
    } else {
      order[i] = y;
      b++;
    }
  }
  const states = [new Storage(0, n), new Storage(1, n), new Storage(2, n)];
  let highestSeen = 0; // highest token of any access that has arrived
  let staleWrites = 0;
  let r = 0;
  let w = 0;
  while (w < n) {
    const wi = order[w] as number;
    const wt = t.writes[wi] as number;
    const readFirst = r < n && ((t.reads[r] as number) < wt || ((t.reads[r] as number) === wt && r <= wi));
    if (readFirst) {
      const token = r + 1;
      for (let k = 0; k < 3; k++) (states[k] as Storage).read(r, token);
      if (token > highestSeen) highestSeen = token;
      r++;
      continue;
    }
    const token = wi + 1;
    const stale = token < highestSeen;
    if (stale) staleWrites++;
    if (token > highestSeen) highestSeen = token;
    for (let k = 0; k < 3; k++) (states[k] as Storage).write(wi, token, stale);
    w++;
  }
  const outcome = (st: Storage): StorageOutcome => ({
    acceptedStaleWrites: st.acceptedStale,
    rejected: st.rejected,
    lostUpdates: st.acceptedWrites - st.value,
  });
  const outcomes: Record<FencingPolicy, StorageOutcome> = {
    none: outcome(states[0] as Storage),
    'fence-writes': outcome(states[1] as Storage),
    'fence-every-access': outcome(states[2] as Storage),
  };
  return { staleWrites, outcomes };
}

export const lockLease = defineModel({
  id: 'lock-lease',
  title: 'A lease lock, paused holders and fencing tokens, simulated',
  summary:
    'Seeded simulation of clients sharing a lease lock while some pause between read and write: how often two hold it at once, how many writes are stale, and how many the storage accepts with and without fencing.',
  input,
  outputs: {
    effectiveLease: { description: 'The lease in real time: lease / (1 + clockDrift)', unit: 's' },
    pauses: { description: 'Acquisitions whose holder paused', unit: 'count' },
    overlaps: {
      description:
        'Grants made while the previous holder had not yet written (its lease lapsed first): two clients believed they held the lock',
      unit: 'count',
    },
    overlapShare: { description: 'Overlaps per acquisition, simulated', unit: 'fraction' },
    predictedOverlapShare: {
      description: 'Overlaps per acquisition by the closed form pauseProbability × P(pause > lease − 2 round trips − work)',
      unit: 'fraction',
    },
    staleWrites: {
      description: 'Writes that reached the storage after an access with a newer token had (whatever the storage did with them)',
      unit: 'count',
    },
    staleShare: { description: 'Stale writes per acquisition, simulated', unit: 'fraction' },
    predictedStaleShare: {
      description: 'Stale writes per acquisition by the closed form pauseProbability × P(pause > lease − round trip − work)',
      unit: 'fraction',
    },
    policies: {
      description:
        'Per storage policy (none, fence-writes, fence-every-access): id, name, acceptedStaleWrites, rejected (accesses refused), lostUpdates (accepted writes that the record does not show)',
      unit: 'list',
    },
    acceptedWithoutFencing: { description: 'Stale writes the storage accepted with no fencing', unit: 'count' },
    acceptedWithFencing: {
      description: 'Stale writes the storage accepted with the token checked on every access (0)',
      unit: 'count',
    },
    meanHold: { description: 'Mean time from a grant to the lock’s next being free (release or lapse)', unit: 's' },
    unpausedHold: {
      description:
        'The holder’s time with the lock when it does not pause, from learning it holds it to sending its release: 2 round trips (the read and the write) + work',
      unit: 's',
    },
    acquisitionsPerSecond: {
      description:
        'Grants per second of simulated time: the lock’s throughput with these clients (1 / mean hold when one is always waiting)',
      unit: '1/s',
    },
    predictedOverlapsPerDay: {
      description:
        'Overlaps a day if the lock is taken at that rate all day: predictedOverlapShare × acquisitionsPerSecond × 86 400',
      unit: 'count',
    },
  },
  references: [
    {
      title: 'M. Kleppmann, “How to do distributed locking”, 2016',
      url: 'https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html',
      note: 'A client paused past its lease writes while another holds the lock; a fencing token checked by the storage refuses it.',
    },
    {
      title: 'Redis documentation, “Distributed Locks with Redis”',
      url: 'https://redis.io/docs/latest/develop/clients/patterns/distributed-locks/',
      note: 'SET resource_name my_random_value NX PX 30000; release by a script that deletes the key only if its value is ours.',
    },
    {
      title:
        'C. Gray, D. Cheriton, “Leases: an efficient fault-tolerant mechanism for distributed file cache consistency”, SOSP 1989',
      url: 'http://dl.acm.org/citation.cfm?id=74870',
      note: 'Leases, and the bounded clock drift they rely on (the address the Redis documentation links).',
    },
  ],
  example: {},
  exampleStates: {
    pauses: 501,
    overlaps: 23,
    overlapShare: 0.00046,
    predictedOverlapShare: 0.000354,
    staleWrites: 23,
    'policies[id=none].acceptedStaleWrites': 23,
    'policies[id=none].lostUpdates': 66,
    'policies[id=fence-writes].acceptedStaleWrites': 1,
    'policies[id=fence-writes].lostUpdates': 1,
    'policies[id=fence-every-access].acceptedStaleWrites': 0,
    'policies[id=fence-every-access].lostUpdates': 0,
  },
  compute(v): LockLeaseOutput {
    const d = pauseDistributionOf(v);
    const effectiveLease = v.lease / (1 + v.clockDrift);
    const timeline = simulateLease(v);
    const { overlaps, pauses, meanHold, span } = timeline;
    const acquisitionsPerSecond = v.acquisitions / span;
    const { staleWrites, outcomes } = storageOutcomes(timeline);
    const policies = fencingPolicies.map((id): PolicyResult => ({ id, name: policyNames[id], ...outcomes[id] }));
    const rt = v.roundTrip;
    // Without a pause the write lands 2 rt + work after the grant: a lease shorter than that lapses every time.
    // With one client nobody waits for a lapse, so nothing overlaps and no write is stale.
    const beyond = (x: number): number => (v.clients < 2 ? 0 : x < 0 ? 1 : v.pauseProbability * pauseSurvival(d, x));
    return {
      effectiveLease,
      pauses,
      overlaps,
      overlapShare: overlaps / v.acquisitions,
      predictedOverlapShare: beyond(effectiveLease - 2 * rt - v.work),
      staleWrites,
      staleShare: staleWrites / v.acquisitions,
      predictedStaleShare: beyond(effectiveLease - rt - v.work),
      policies,
      acceptedWithoutFencing: outcomes.none.acceptedStaleWrites,
      acceptedWithFencing: outcomes['fence-every-access'].acceptedStaleWrites,
      meanHold,
      unpausedHold: 2 * rt + v.work,
      acquisitionsPerSecond,
      predictedOverlapsPerDay: beyond(effectiveLease - 2 * rt - v.work) * acquisitionsPerSecond * 86_400,
    };
  },
});
