/**
 * Benchmarks of the G/G/c simulator (models/simulation/ggc.ts), each beside the simplest correct
 * alternative measured in the same run:
 * - speed, in events (arrivals + departures) per second, against a textbook event-list simulation: a
 *   binary heap of event objects, a FIFO array of waiting customers, a free-server count, and the
 *   percentiles by sorting an array of numbers;
 * - the heap a one-million-customer run keeps, against the same run storing one object per customer.
 * Both alternatives draw from the same seeded generator (models/random.ts) as the simulator.
 */
import { exponential, seededRandom } from '../../models/random.ts';
import { simulateGgc, simulateQueue } from '../../models/simulation/ggc.ts';
import type { BenchCase } from './case.ts';

const LAMBDA = 3.2; // arrivals per second
const MEAN_SERVICE = 1; // seconds
const SERVERS = 4; // ρ = 0.8
const TIME_CUSTOMERS = 500_000;
const MEMORY_CUSTOMERS = 1_000_000;

interface QueueEvent {
  readonly time: number;
  readonly kind: 'arrival' | 'departure';
  readonly customer: number;
}

/** A binary min-heap of event objects by time. */
class EventHeap {
  private readonly items: QueueEvent[] = [];
  get size(): number {
    return this.items.length;
  }
  push(e: QueueEvent): void {
    const a = this.items;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = a[p];
      if (!parent || parent.time <= e.time) break;
      a[i] = parent;
      i = p;
    }
    a[i] = e;
  }
  pop(): QueueEvent | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || !last) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const left = a[l];
      const right = a[r];
      const m = right && left && right.time < left.time ? r : l;
      const child = a[m];
      if (!child || child.time >= last.time) break;
      a[i] = child;
      i = m;
    }
    a[i] = last;
    return top;
  }
}

/** The textbook M/M/c: an event list, a FIFO queue, waits and sojourns collected in arrays of numbers. */
function eventListMmc(lambda: number, meanService: number, servers: number, customers: number, seed: number) {
  const arrivals = seededRandom(seed);
  const services = seededRandom(seed + 1);
  const events = new EventHeap();
  const arrivalTime: number[] = [];
  const waits: number[] = [];
  const sojourns: number[] = [];
  const queue: number[] = [];
  let head = 0;
  let free = servers;
  let arrived = 0;
  let processed = 0;
  const startService = (customer: number, now: number): void => {
    waits[customer] = now - (arrivalTime[customer] ?? now);
    events.push({ time: now + exponential(services, 1 / meanService), kind: 'departure', customer });
  };
  events.push({ time: exponential(arrivals, lambda), kind: 'arrival', customer: 0 });
  while (events.size > 0) {
    const e = events.pop();
    if (!e) break;
    processed++;
    if (e.kind === 'arrival') {
      arrivalTime[e.customer] = e.time;
      arrived++;
      if (arrived < customers) events.push({ time: e.time + exponential(arrivals, lambda), kind: 'arrival', customer: arrived });
      if (free > 0) {
        free--;
        startService(e.customer, e.time);
      } else queue.push(e.customer);
    } else {
      sojourns[e.customer] = e.time - (arrivalTime[e.customer] ?? e.time);
      if (head < queue.length) startService(queue[head++] ?? 0, e.time);
      else free++;
    }
  }
  const sorted = [...sojourns].sort((a, b) => a - b);
  const mean = waits.reduce((a, w) => a + w, 0) / waits.length;
  return { events: processed, meanWait: mean, p99: sorted[Math.ceil(0.99 * sorted.length) - 1] };
}

interface CustomerRecord {
  arrival: number;
  start: number;
  departure: number;
  server: number;
}

/** The same Kiefer–Wolfowitz run, keeping one object per customer instead of typed arrays. */
function objectsPerCustomer(customers: number, seed: number): CustomerRecord[] {
  const arrivals = seededRandom(seed);
  const services = seededRandom(seed + 1);
  const free = new Array<number>(SERVERS).fill(0);
  const out: CustomerRecord[] = [];
  let t = 0;
  for (let k = 0; k < customers; k++) {
    t += exponential(arrivals, LAMBDA);
    let m = 0;
    for (let i = 1; i < SERVERS; i++) if ((free[i] ?? 0) < (free[m] ?? 0)) m = i;
    const start = Math.max(t, free[m] ?? 0);
    const departure = start + exponential(services, 1 / MEAN_SERVICE);
    free[m] = departure;
    out.push({ arrival: t, start, departure, server: m });
  }
  return out;
}

const mmc = {
  arrivals: { kind: 'poisson', rate: LAMBDA },
  service: { kind: 'exponential', mean: MEAN_SERVICE },
  servers: SERVERS,
} as const;

export const simulationCases: readonly BenchCase[] = [
  {
    name: `ggc simulation, M/M/${SERVERS} at ρ = 0.8, ${TIME_CUSTOMERS / 1000}k customers, with percentiles and intervals`,
    run: () => simulateQueue({ ...mmc, customers: TIME_CUSTOMERS, seed: 1, warmup: 10_000, batches: 20 }).summary,
    events: 2 * TIME_CUSTOMERS,
    minEventsPerSecond: 5e6,
    baseline: {
      name: 'event list (binary heap of event objects)',
      run: () => eventListMmc(LAMBDA, MEAN_SERVICE, SERVERS, TIME_CUSTOMERS, 1),
    },
  },
  {
    kind: 'memory',
    name: `ggc simulation, ${MEMORY_CUSTOMERS / 1e6} million customers (arrival, start and departure Float64Arrays)`,
    run: () => simulateGgc({ ...mmc, customers: MEMORY_CUSTOMERS, seed: 1 }),
    maxBytes: 32 * 2 ** 20,
    baseline: {
      name: 'one object per customer',
      run: () => objectsPerCustomer(MEMORY_CUSTOMERS, 1),
    },
  },
];
