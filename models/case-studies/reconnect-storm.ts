/**
 * The reconnect storm after a WebSocket gateway crashes or is deployed: N clients lose their connection at
 * once and come back to servers that accept at most `acceptCapacity` handshakes per second (TLS, token check,
 * registry write). A seeded simulation, in steps of 0.1 s, compares clients that retry on a fixed exponential
 * schedule with no jitter against clients that spread their first attempt over a window and retry with full
 * jitter (the strategies of the backoff-jitter model, reused from it).
 *
 *   each client notices the drop at U(0, detectionSpread)
 *   no-jitter:  attempt at once; after its n-th failure, wait min(cap, base × multiplier^n)
 *   full:       attempt after U(0, firstWindow); after its n-th failure, wait U(0, min(cap, base × multiplier^n))
 *   a client gives up after maxAttempts failed attempts (it shows itself offline)
 *   each step of 0.1 s: the servers accept up to acceptCapacity × 0.1 of the attempts in it, each attempt
 *   with the same chance (accepted / attempts); a refused attempt fails at once (a fast 503: the best case)
 *   fluid bound: nobody can finish before clients / acceptCapacity seconds (the minimum drain time)
 *
 * Large N: the simulation follows at most `sampleClients` clients (and at most 500 000 / maxAttempts, so that one
 * strategy never simulates more than 500 000 attempts), each standing for clients / (clients followed)
 * real ones (rates are scaled back up), so a storm of millions runs on a keystroke; the sample's own
 * randomness is the price, and it shrinks as sampleClients grows. Below sampleClients every client is simulated.
 *
 * Not modelled: goodput collapse (a server past its capacity often accepts fewer than its capacity, as
 * handshakes time out after using CPU), handshake timeouts longer than a step, load balancer placement.
 * Both make the unjittered storm worse than shown.
 *
 * Units: seconds, per second, counts. Deterministic: models/random.ts, seeded per (seed, strategy).
 *
 * References: M. Brooker, “Exponential Backoff And Jitter”, AWS Architecture Blog, 2015; the model
 * backoff-jitter (its backoffPolicy); the model websocket-fleet (the same storm as a fluid estimate).
 *
 * Example: 100 000 clients, 5 000 handshakes/s, detection over 1 s, base 0.5 s, cap 30 s, a 30 s first
 * window, 300 s, seed 1: no one can finish before 20 s; without jitter the first second brings about 100 000
 * attempts/s (20 × capacity) and the retries return in waves; with full jitter attempts peak near
 * 100 000 / 30 ≈ 3 333/s plus retries, within capacity, and every client is back in about 31 s.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { seededRandom } from '../random.ts';
import { backoffPolicy } from '../reliability/backoff-jitter.ts';
import { seedField } from '../fields.ts';

const STEP = 0.1;
/** Most attempts one strategy may simulate: clients followed × maxAttempts stays within it, so a run fits a keystroke. */
const ATTEMPT_BUDGET = 500_000;

export const stormStrategies = ['no-jitter', 'full'] as const;
export type StormStrategy = (typeof stormStrategies)[number];

const input = z.strictObject({
  clients: z
    .number()
    .min(1)
    .max(100_000_000)
    .default(100_000)
    .meta({ unit: 'count', description: 'Clients whose connections dropped at once (rounded to a whole number)' }),
  acceptCapacity: z.number().min(1).max(1e9).default(5_000).meta({
    unit: '1/s',
    description: 'Handshakes per second the servers they reconnect to can accept in total (TLS, auth, registry write)',
    empirical: true,
  }),
  detectionSpread: z
    .number()
    .min(0)
    .max(600)
    .default(1)
    .meta({ unit: 's', description: 'Clients notice the drop uniformly within this time (closed socket, missed heartbeat)' }),
  firstWindow: z
    .number()
    .min(0)
    .max(3600)
    .default(30)
    .meta({ unit: 's', description: 'With jitter: the first attempt comes at a uniform random time within this window' }),
  base: z
    .number()
    .min(0.001)
    .max(600)
    .default(0.5)
    .meta({ unit: 's', description: 'Backoff base: the wait before retry n is min(cap, base × multiplier^n)' }),
  multiplier: z.number().min(1).max(10).default(2).meta({ unit: 'ratio', description: 'Backoff growth per retry' }),
  cap: z.number().min(0.001).max(3600).default(30).meta({ unit: 's', description: 'Longest wait between retries' }),
  maxAttempts: z.number().int().min(1).max(1000).default(50).meta({
    unit: 'count',
    description: 'Attempts after which a client gives up and shows itself offline (Socket.IO’s reconnectionAttempts)',
  }),
  duration: z.number().min(1).max(3600).default(300).meta({ unit: 's', description: 'How long to simulate after the drop' }),
  sampleClients: z.number().int().min(100).max(200_000).default(10_000).meta({
    unit: 'count',
    description: 'Most clients simulated one by one (also at most 500 000 / maxAttempts); above it each stands for several',
  }),
  seed: seedField('Random seed'),
});

export interface StormPoint {
  readonly time: number;
  readonly attemptsPerSecond: number;
  readonly acceptedPerSecond: number;
}

export interface StormResult {
  readonly id: StormStrategy;
  readonly peakAttemptRate: number;
  readonly peakToCapacity: number;
  readonly totalAttempts: number;
  readonly attemptsPerClient: number;
  readonly reconnectedShare: number;
  readonly gaveUpShare: number;
  readonly p50: number | null;
  readonly p99: number | null;
  readonly allBack: number | null;
  readonly series: readonly StormPoint[];
}

export interface ReconnectStormOutput {
  readonly clientsSimulated: number;
  readonly weight: number;
  readonly minDrainTime: number;
  readonly strategies: readonly StormResult[];
  readonly jitterSpeedup: number | null;
}

function quantile(sorted: Float64Array, q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] ?? 0;
}

interface SimParams {
  readonly n: number;
  readonly weight: number;
  readonly capacityPerStep: number;
  readonly steps: number;
}

function simulate(strategy: StormStrategy, v: z.output<typeof input>, p: SimParams): StormResult {
  const random = seededRandom((v.seed + (strategy === 'full' ? 0x9e3779b9 : 0x85ebca6b)) >>> 0);
  const backoff = { base: v.base, cap: v.cap, multiplier: v.multiplier };
  const policy = backoffPolicy(strategy, backoff, random);
  // Each step's attempts as a linked list of clients in the order they were scheduled (head, tail, next): no
  // allocation per step, and a client is in at most one list (its one pending attempt).
  const head = new Int32Array(p.steps).fill(-1);
  const tail = new Int32Array(p.steps).fill(-1);
  const count = new Int32Array(p.steps);
  const next = new Int32Array(p.n).fill(-1);
  const failures = new Int32Array(p.n);
  let pending = 0;
  const schedule = (c: number, t: number) => {
    const b = Math.floor(t / STEP + 1e-9);
    if (b >= p.steps) return;
    next[c] = -1;
    const last = tail[b] ?? -1;
    if (last < 0) head[b] = c;
    else next[last] = c;
    tail[b] = c;
    count[b] = (count[b] ?? 0) + 1;
    pending++;
  };
  for (let c = 0; c < p.n; c++) {
    const noticed = random() * v.detectionSpread;
    schedule(c, strategy === 'full' ? noticed + random() * v.firstWindow : noticed);
  }
  const attempts = new Float64Array(p.steps);
  const accepted = new Float64Array(p.steps);
  const doneAt = new Float64Array(p.n);
  let done = 0;
  let gaveUp = 0;
  let total = 0;
  for (let b = 0; b < p.steps && pending > 0; b++) {
    const here = count[b] ?? 0;
    if (here === 0) continue;
    const offered = here * p.weight;
    const chance = offered <= p.capacityPerStep ? 1 : p.capacityPerStep / offered;
    attempts[b] = here;
    total += here;
    pending -= here;
    const end = (b + 1) * STEP;
    let ok = 0;
    for (let c = head[b] ?? -1; c >= 0;) {
      const following = next[c] ?? -1;
      if (chance >= 1 || random() < chance) {
        ok++;
        doneAt[done++] = end;
      } else {
        const n = (failures[c] ?? 0) + 1;
        failures[c] = n;
        if (n < v.maxAttempts) schedule(c, end + policy(n));
        else gaveUp++;
      }
      c = following;
    }
    accepted[b] = ok;
  }
  const sorted = doneAt.slice(0, done).sort();
  const share = sorted.length / p.n;
  // the series, in steps of about a 150th of the run (whole steps of 0.1 s), as rates per second
  const group = Math.max(1, Math.round(p.steps / 150));
  const series: StormPoint[] = [];
  let peak = 0;
  for (let b = 0; b < p.steps; b++) peak = Math.max(peak, ((attempts[b] ?? 0) * p.weight) / STEP);
  for (let g = 0; g * group < p.steps; g++) {
    let a = 0;
    let ok = 0;
    const last = Math.min(p.steps, (g + 1) * group);
    for (let b = g * group; b < last; b++) {
      a += attempts[b] ?? 0;
      ok += accepted[b] ?? 0;
    }
    const span = (last - g * group) * STEP;
    series.push({ time: g * group * STEP, attemptsPerSecond: (a * p.weight) / span, acceptedPerSecond: (ok * p.weight) / span });
  }
  const capacity = p.capacityPerStep / STEP;
  return {
    id: strategy,
    peakAttemptRate: peak,
    peakToCapacity: peak / capacity,
    totalAttempts: total * p.weight,
    attemptsPerClient: total / p.n,
    reconnectedShare: share,
    gaveUpShare: gaveUp / p.n,
    p50: share >= 0.5 ? quantile(sorted, 0.5) : null,
    p99: share >= 0.99 ? quantile(sorted, 0.99) : null,
    allBack: share >= 1 ? quantile(sorted, 1) : null,
    series,
  };
}

export const reconnectStorm = defineModel({
  id: 'reconnect-storm',
  title: 'Reconnect storm: handshakes after a gateway crash, with and without jitter',
  summary:
    'Seeded simulation of clients reconnecting after a WebSocket gateway drops them, against the servers’ handshake capacity: fixed exponential backoff versus a jittered first attempt and full-jitter retries.',
  input,
  outputs: {
    clientsSimulated: { description: 'Clients simulated one by one (at most sampleClients)', unit: 'count' },
    weight: { description: 'Real clients each simulated client stands for', unit: 'ratio' },
    minDrainTime: { description: 'Clients ÷ accept capacity: nobody can finish sooner', unit: 's' },
    strategies: {
      description:
        'Per strategy: peak attempts per second and its ratio to capacity, attempts, share back within the run, share that gave up, time until 50 %, 99 % and all are back (null if not within the run), and the series over time',
      unit: 'list',
      columns: { peakAttemptRate: '1/s', p50: 's', p99: 's', allBack: 's' },
    },
    jitterSpeedup: {
      description: 'Time until 99 % are back without jitter ÷ with it; null when either does not get there within the run',
      unit: 'ratio',
    },
  },
  references: [
    {
      title: 'M. Brooker, “Exponential Backoff And Jitter”, AWS Architecture Blog, 2015',
      url: 'https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/',
      note: 'Full jitter: sleep = random_between(0, min(cap, base × 2^attempt)).',
    },
    {
      title: 'Model backoff-jitter, this site',
      note: 'The backoff policies (no-jitter and full) are that model’s, reused.',
    },
    {
      title: 'Model websocket-fleet, this site',
      note: 'The fluid estimate of the same storm: reconnects / spread against the connect capacity.',
    },
  ],
  example: { clients: 100_000, acceptCapacity: 5_000, seed: 1 },
  exampleStates: { minDrainTime: 20, 'strategies[id=full].allBack': 31 },
  compute(v): ReconnectStormOutput {
    const clients = Math.round(v.clients);
    const n = Math.max(1, Math.min(clients, v.sampleClients, Math.floor(ATTEMPT_BUDGET / v.maxAttempts)));
    const weight = clients / n;
    const steps = Math.max(1, Math.round(v.duration / STEP));
    const p: SimParams = { n, weight, capacityPerStep: v.acceptCapacity * STEP, steps };
    const strategies = stormStrategies.map((s) => simulate(s, v, p));
    const [none, full] = strategies;
    return {
      clientsSimulated: n,
      weight,
      minDrainTime: clients / v.acceptCapacity,
      strategies,
      jitterSpeedup: none?.p99 != null && full?.p99 != null && full.p99 > 0 ? none.p99 / full.p99 : null,
    };
  },
});
