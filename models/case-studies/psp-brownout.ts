/**
 * A PSP brownout, simulated second by second: payments arrive (Poisson), our service calls the PSP to
 * authorize each one, and for a while the PSP fails most calls. Retries stack: the merchant's checkout retries our API (`clientAttempts`), and our service retries the PSP
 * (`serviceAttempts`, exponential backoff). The same arrivals and the same per-attempt luck are run three
 * times, with three policies at our service:
 *   none       every retry goes out: up to clientAttempts × serviceAttempts calls per payment (model
 *              `retry-amplification` gives that ceiling);
 *   throttled  gRPC client retry throttling (gRFC A6, model `retry-throttling`'s step functions): one token
 *              bucket per channel; a failure takes a token, a success gives back tokenRatio, and our service
 *              retries only while the bucket is above half full. The checkout's retries are new calls to our
 *              service, so they are not throttled;
 *   breaker    a Resilience4j count-based circuit breaker (model `circuit-breaker`'s step functions) in front
 *              of the PSP: while it is open, calls fail at once without reaching the PSP and are not retried
 *              by our service (the checkout may still retry our API, and is refused again while it stays open).
 * Reported per policy: calls reaching the PSP in each `bucket` seconds (the chart), totals, the load during
 * the brownout per payment arriving in it (the amplification), the highest load, payments authorized and
 * failed, and for the breaker its transitions. Also, for the breaker, the calls it recorded before the brownout
 * against the calls it must record before it computes a failure rate (Resilience4j's minimumNumberOfCalls, capped
 * at a count-based window's size): it cannot open earlier, however many of them failed, so whether it opens before
 * the brownout when every call fails (a timeout below the PSP's call) depends on the volume.
 *
 * Outcomes: a call at time t fails with probability failureProbability inside [brownoutStart,
 * brownoutStart + brownoutDuration) and baselineFailure outside. A failure is either a timeout (share
 * `timeoutShare`: no answer, nothing saved at the PSP) or an answered 5xx. Idempotency keys, as the page designs
 * them: one key per payment, reused by the checkout's retries (our API saves no response for a PSP failure, so the
 * retry runs again) and passed to the PSP; the PSP saves the first answer for a key, errors included (Stripe:
 * "including 500 errors"). So after an answered 5xx every later call for that payment is answered from the PSP's
 * cache with the same 5xx (a replay: it costs a call, and cannot win the sale); only timeouts get a fresh chance.
 * Every answer (a success, an answered 5xx, a replay) takes `latency`; our service's timer fires at `timeout`. A call
 * whose answer would come at or after the timeout is a timeout (`answersTooLate`): it takes `timeout`, fails, and
 * counts as timed out, not as replayed. At equality the timer wins, the convention of a deadline: Go's
 * context.WithDeadline cancels with DeadlineExceeded when the time left is `<= 0` ("deadline has already passed",
 * src/context/context.go), and a gRPC client returns DEADLINE_EXCEEDED when "No response received before Deadline
 * expires" (gRPC, doc/statuscodes.md), whatever the server did. So at latency >= timeout nothing is
 * authorized: every call fails, on an ordinary day as in the brownout. (The PSP still saves an answered 5xx for the
 * key when we stopped waiting for it; a slow success would be saved too, and its replay would come as late.)
 * The luck of attempt (payment, client try, service try) is one seeded number shared by the three
 * policies (common random numbers), so they differ only by what they send. Outcomes are recorded by the throttle
 * and the breaker when the call ends. Times are continuous; events are processed in time order.
 * One API call takes at most serviceAttempts × timeout + the backoffs (`apiCallWorstCase`), to compare with the
 * checkout's deadline.
 *
 * One service instance: a channel's retry bucket and a breaker live in one process, so a service that takes more
 * payments than one instance carries (`instanceCapacity`, at most 100 a second) runs
 *   instances = ⌈paymentsPerSecond ÷ instanceCapacity⌉
 * instances, each with its own bucket and breaker, behind a balancer that spreads payments evenly; arrivals split
 * at random from a Poisson stream are Poisson streams, so one instance sees paymentsPerSecond ÷ instances
 * (`instanceRate`) and the run simulates that one instance. Every count, the chart's series and the amplification
 * are one instance's; the whole service's calls are about `instances` times its calls (the instances are alike,
 * not in lockstep, so its highest load is not exactly that multiple). At one instance (up to instanceCapacity
 * payments a second) the run is the whole service.
 *
 * The run simulates at most MAX_PAYMENTS payments, to stay fast enough to follow the reader: above
 * MAX_PAYMENTS ÷ duration payments a second at the instance it stops early, after MAX_PAYMENTS ÷ instanceRate seconds
 * rounded down to whole buckets (`simulatedDuration`; at least 200 s at the default 10 s bucket, since instanceRate is
 * at most 100), rather than refusing the inputs.
 * A brownout that runs past that end is counted over the part simulated. (Before, the inputs were refused: a
 * $20 billion platform's flash-sale rate, 98 a second for 600 s, left the page's brownout panel without numbers;
 * the same platform's 295 a second with a flash sale at 30 times was refused outright before instances.)
 *
 * Assumptions: one channel and one breaker per instance (as one process holds them), instances alike and the
 * payments spread evenly; the PSP's failure rate does not depend on the load we send (a brownout caused by others:
 * the load we add is still what makes it worse, and what a PSP's own rate limits see); no jitter on the backoff.
 *
 * Units: seconds, per second, counts. Seeded (models/random.ts): the same inputs give the same run.
 *
 * Example (the page's defaults: 2.45 payments/s, 600 s, a brownout from 60 s for 300 s failing 90 % of calls,
 * 3 checkout attempts × 2 service attempts, seeded): 1 451 payments arrive, 747 of them during the brownout. With
 * no protection the PSP receives 4 636 calls; with retry throttling 2 769; with the breaker 789, because it opens
 * 7.9 s into the brownout. Before the brownout the breaker records 151 calls, past the 100 it needs for a failure
 * rate, but almost none failed, so it stays closed. One API call waits at most 1.9 s. These are the seeded run's results, not published values: the
 * properties they must have are pinned in test/models/case-studies/psp-brownout.test.ts.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { seededRandom } from '../random.ts';
import { breakerAcquire, breakerRecord, breakerStart, type BreakerConfig } from '../reliability/circuit-breaker.ts';
import { thousandths, throttleRecord, throttleStart } from '../reliability/retry-throttling.ts';
import { seedField } from '../fields.ts';

export const policies = ['none', 'throttled', 'breaker'] as const;
export type Policy = (typeof policies)[number];

/** The most payments one run simulates (paymentsPerSecond × duration), to stay within a keystroke. */
export const MAX_PAYMENTS = 20_000;

/** The service instances the payments need: ⌈paymentsPerSecond ÷ instanceCapacity⌉ (at least one). */
export function instancesOf(v: { readonly paymentsPerSecond: number; readonly instanceCapacity: number }): number {
  return Math.max(1, Math.ceil(v.paymentsPerSecond / v.instanceCapacity));
}

/** Payments a second one instance takes: the service's ÷ its instances (at most instanceCapacity). */
export function instanceRateOf(v: { readonly paymentsPerSecond: number; readonly instanceCapacity: number }): number {
  return v.paymentsPerSecond / instancesOf(v);
}

/**
 * The seconds a run simulates: the duration asked, or at high rates MAX_PAYMENTS ÷ paymentsPerSecond rounded down to
 * whole buckets (a last bucket only partly simulated would read as a drop in the chart).
 */
export function simulatedDurationOf(v: {
  readonly paymentsPerSecond: number;
  readonly instanceCapacity: number;
  readonly duration: number;
  readonly bucket: number;
}): number {
  const cut = MAX_PAYMENTS / instanceRateOf(v);
  if (cut >= v.duration) return v.duration;
  return cut >= v.bucket ? Math.floor(cut / v.bucket) * v.bucket : cut;
}

/**
 * Whether the PSP's answers come too late for our timer: an answer takes `latency`, our timer fires at `timeout`,
 * and at equality the timer wins (a deadline reached is a deadline exceeded, as Go's context.WithDeadline decides
 * with `if dur <= 0`; see the top). Then every call times out, whatever the PSP would have said.
 */
export function answersTooLate(v: { readonly latency: number; readonly timeout: number }): boolean {
  return v.latency >= v.timeout;
}

/**
 * Calls the breaker must record before it computes a failure rate: min(minimumNumberOfCalls, slidingWindowSize), as
 * Resilience4j caps the minimum at a count-based window's size (CircuitBreakerMetrics; model `circuit-breaker`).
 */
export function breakerMinimumCallsOf(v: { readonly minimumNumberOfCalls: number; readonly slidingWindowSize: number }): number {
  return Math.min(v.minimumNumberOfCalls, v.slidingWindowSize);
}

const input = z
  .strictObject({
    paymentsPerSecond: z
      .number()
      .gt(0)
      .max(1_000_000)
      .default(2.45)
      .meta({ unit: '1/s', description: 'Payments arriving per second at the service (authorizations)', empirical: true }),
    instanceCapacity: z.number().min(1).max(100).default(100).meta({
      unit: '1/s',
      description:
        'Payments a second one service instance takes; more need more instances, each with its own retry bucket and breaker (the run simulates one)',
    }),
    duration: z.number().min(10).max(7200).default(600).meta({ unit: 's', description: 'Length of the run' }),
    brownoutStart: z.number().min(0).max(7200).default(60).meta({ unit: 's', description: 'When the PSP starts failing' }),
    brownoutDuration: z
      .number()
      .min(0)
      .max(7200)
      .default(300)
      .meta({ unit: 's', description: 'How long it fails', empirical: true }),
    failureProbability: z
      .number()
      .min(0)
      .max(1)
      .default(0.9)
      .meta({ unit: 'fraction', description: 'Share of calls that fail during the brownout', empirical: true }),
    baselineFailure: z
      .number()
      .min(0)
      .max(1)
      .default(0.001)
      .meta({ unit: 'fraction', description: 'Share of calls that fail outside it', empirical: true }),
    latency: z
      .number()
      .min(0.001)
      .max(60)
      .default(0.5)
      .meta({ unit: 's', description: 'Time of a successful PSP call', empirical: true }),
    timeoutShare: z.number().min(0).max(1).default(0.5).meta({
      unit: 'fraction',
      description:
        'Share of failures that are timeouts with no answer (a retry may win); the rest are answered 5xx, replayed to a retry with the same key',
      empirical: true,
    }),
    timeout: z
      .number()
      .min(0.001)
      .max(120)
      .default(0.9)
      .meta({ unit: 's', description: 'Time until our service gives up on a failing call' }),
    clientAttempts: z
      .number()
      .int()
      .min(1)
      .max(10)
      .default(3)
      .meta({ unit: 'count', description: 'Attempts the checkout makes at our API' }),
    serviceAttempts: z
      .number()
      .int()
      .min(1)
      .max(10)
      .default(2)
      .meta({ unit: 'count', description: 'Attempts our service makes at the PSP per API call' }),
    serviceBackoff: z
      .number()
      .min(0)
      .max(60)
      .default(0.1)
      .meta({ unit: 's', description: 'Our service’s first retry delay (doubling after each)' }),
    apiDeadline: z
      .number()
      .min(0.01)
      .max(600)
      .default(2)
      .meta({ unit: 's', description: 'The checkout’s deadline for one API call' }),
    clientRetryDelay: z
      .number()
      .min(0)
      .max(600)
      .default(2)
      .meta({ unit: 's', description: 'The checkout’s delay before retrying our API' }),
    maxTokens: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(10)
      .meta({ unit: 'count', description: 'Retry throttling: bucket size (gRPC retryThrottling.maxTokens)' }),
    tokenRatio: z
      .number()
      .min(0.001)
      .max(1)
      .default(0.1)
      .meta({ unit: 'count', description: 'Retry throttling: tokens a success gives back (at most three decimals)' }),
    failureRateThreshold: z
      .number()
      .gt(0)
      .max(100)
      .default(50)
      .meta({ unit: 'count', description: 'Breaker: failure rate, in percent, that opens it' }),
    slidingWindowSize: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(100)
      .meta({ unit: 'count', description: 'Breaker: calls in its sliding window' }),
    minimumNumberOfCalls: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(100)
      .meta({ unit: 'count', description: 'Breaker: calls before it computes a failure rate' }),
    waitDurationInOpenState: z
      .number()
      .min(0.001)
      .max(3600)
      .default(60)
      .meta({ unit: 's', description: 'Breaker: time open before it lets trial calls through' }),
    permittedNumberOfCallsInHalfOpenState: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(10)
      .meta({ unit: 'count', description: 'Breaker: trial calls when half-open' }),
    bucket: z.number().min(1).max(600).default(10).meta({ unit: 's', description: 'Width of one point of the chart' }),
    seed: seedField('Seed of the random numbers'),
  })
  .superRefine((v, ctx) => {
    if (thousandths(v.tokenRatio) === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['tokenRatio'],
        input: v.tokenRatio,
        message: `must have at most three decimals, as gRPC counts thousandths of a token (got ${v.tokenRatio})`,
      });
    }
    if (thousandths(v.waitDurationInOpenState) === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['waitDurationInOpenState'],
        input: v.waitDurationInOpenState,
        message: `must be a whole number of milliseconds, as Resilience4j keeps a Duration (got ${v.waitDurationInOpenState})`,
      });
    }
    if (v.duration / v.bucket > 2000) {
      ctx.addIssue({
        code: 'custom',
        path: ['bucket'],
        input: v.bucket,
        message: `must give at most 2 000 points: at least duration / 2000 = ${v.duration / 2000} s (got ${v.bucket})`,
      });
    }
  });

type Input = z.output<typeof input>;

export interface PolicyRun {
  readonly policy: Policy;
  readonly pspCalls: number;
  readonly pspCallsDuringBrownout: number;
  /** PSP calls during the brownout per payment arriving in it */
  readonly amplification: number;
  /** the highest load of any bucket, calls per second */
  readonly peakLoad: number;
  readonly authorized: number;
  readonly failed: number;
  /** calls answered from the PSP's idempotency cache with the 5xx it saved for that key */
  readonly replayed: number;
  /** calls that timed out (no answer) */
  readonly timedOut: number;
  readonly rejectedByBreaker: number;
  readonly retriesThrottled: number;
  /** time the breaker first opened (null: never, or not this policy) */
  readonly openedAt: number | null;
  readonly transitions: readonly { readonly time: number; readonly from: string; readonly to: string }[];
}

export interface PspBrownoutOutput {
  /** service instances, ⌈paymentsPerSecond ÷ instanceCapacity⌉: the run is one of them */
  readonly instances: number;
  /** payments a second at the one instance simulated */
  readonly instanceRate: number;
  /** the seconds simulated: the duration, or less where it would pass MAX_PAYMENTS payments */
  readonly simulatedDuration: number;
  readonly payments: number;
  readonly paymentsDuringBrownout: number;
  readonly series: readonly {
    readonly time: number;
    readonly arrivals: number;
    readonly none: number;
    readonly throttled: number;
    readonly breaker: number;
  }[];
  readonly runs: readonly PolicyRun[];
  readonly amplificationCeiling: number;
  readonly apiCallWorstCase: number;
  /** seconds from the brownout's start to the breaker's first opening (null: it never opened at or after it) */
  readonly breakerOpenedAfter: number | null;
  /** 1 if the breaker opened while the PSP was failing, else 0 (a number, so that a claim can always decide it) */
  readonly breakerOpenedInBrownout: number;
  /** 1 if the breaker first opened before the brownout began (on ordinary-day failures, such as timeouts below the PSP's call), else 0 */
  readonly breakerOpenedBeforeBrownout: number;
  /** calls the breaker recorded (ended) before the brownout began */
  readonly breakerCallsBeforeBrownout: number;
  /** calls the breaker must record before it computes a failure rate: min(minimumNumberOfCalls, slidingWindowSize) */
  readonly breakerMinimumCalls: number;
  readonly none: PolicyRun;
  readonly throttled: PolicyRun;
  readonly breaker: PolicyRun;
}

/** A uniform number in [0, 1) for one attempt, the same under every policy. */
function luck(seed: number, payment: number, client: number, service: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(payment + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 15), 0x27d4eb2f) ^ Math.imul(client * 16 + service + 1, 0x165667b1);
  return seededRandom(h >>> 0)();
}

interface Event {
  readonly time: number;
  readonly seq: number;
  readonly kind: 'start' | 'end';
  readonly payment: number;
  readonly client: number;
  readonly service: number;
  readonly failed: boolean;
}

/** A binary min-heap of events by (time, seq). */
class Heap {
  private readonly items: Event[] = [];
  get size(): number {
    return this.items.length;
  }
  private less(a: Event, b: Event): boolean {
    return a.time < b.time || (a.time === b.time && a.seq < b.seq);
  }
  push(e: Event): void {
    const a = this.items;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i] as Event, a[p] as Event)) break;
      [a[i], a[p]] = [a[p] as Event, a[i] as Event];
      i = p;
    }
  }
  pop(): Event {
    const a = this.items;
    const top = a[0] as Event;
    const last = a.pop() as Event;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l] as Event, a[m] as Event)) m = l;
        if (r < a.length && this.less(a[r] as Event, a[m] as Event)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as Event, a[i] as Event];
        i = m;
      }
    }
    return top;
  }
}

function arrivalsOf(v: Input): number[] {
  const random = seededRandom(v.seed);
  const times: number[] = [];
  let t = 0;
  for (;;) {
    t += -Math.log(1 - random()) / instanceRateOf(v);
    if (t >= v.duration) return times;
    times.push(t);
  }
}

function run(
  v: Input,
  policy: Policy,
  arrivals: readonly number[],
  buckets: number,
): { run: PolicyRun; load: number[]; recordedBeforeBrownout: number } {
  const load = new Array<number>(buckets).fill(0);
  const heap = new Heap();
  let seq = 0;
  arrivals.forEach((time, payment) =>
    heap.push({ time, seq: seq++, kind: 'start', payment, client: 1, service: 1, failed: false }),
  );
  const end = v.brownoutStart + v.brownoutDuration;
  const config: BreakerConfig = {
    failureRateThreshold: v.failureRateThreshold,
    slidingWindowSize: v.slidingWindowSize,
    minimumNumberOfCalls: v.minimumNumberOfCalls,
    waitDurationInOpenState: v.waitDurationInOpenState,
    permittedNumberOfCallsInHalfOpenState: v.permittedNumberOfCallsInHalfOpenState,
  };
  let breaker = breakerStart(config);
  let throttle = throttleStart(v.maxTokens, v.tokenRatio);
  const transitions: { time: number; from: string; to: string }[] = [];
  let pspCalls = 0;
  let during = 0;
  let authorized = 0;
  let failed = 0;
  let rejected = 0;
  let throttled = 0;
  let replayed = 0;
  let timedOut = 0;
  /** outcomes the breaker recorded before the brownout began */
  let recordedBeforeBrownout = 0;
  /** payments whose key holds an answered 5xx at the PSP */
  const answered = new Uint8Array(arrivals.length);

  const clientFails = (time: number, e: Event) => {
    if (e.client < v.clientAttempts) {
      heap.push({
        time: time + v.clientRetryDelay,
        seq: seq++,
        kind: 'start',
        payment: e.payment,
        client: e.client + 1,
        service: 1,
        failed: false,
      });
    } else failed++;
  };

  while (heap.size > 0) {
    const e = heap.pop();
    if (e.kind === 'start') {
      if (policy === 'breaker') {
        const a = breakerAcquire(breaker, e.time);
        breaker = a.state;
        if (a.transition) transitions.push({ time: e.time, from: a.transition.from, to: a.transition.to });
        if (!a.permitted) {
          rejected++;
          clientFails(e.time, e);
          continue;
        }
      }
      pspCalls++;
      if (e.time < v.duration) load[Math.min(buckets - 1, Math.floor(e.time / v.bucket))]! += 1;
      const inBrownout = e.time >= v.brownoutStart && e.time < end;
      if (inBrownout) during++;
      // Every answer takes `latency`; our timer fires at `timeout`, first when the two are equal (see the top).
      const tooSlow = answersTooLate(v);
      if (answered[e.payment]) {
        // the PSP replays the 5xx it saved for this key, unless our timer fires first
        if (tooSlow) timedOut++;
        else replayed++;
        heap.push({ ...e, time: e.time + (tooSlow ? v.timeout : v.latency), seq: seq++, kind: 'end', failed: true });
        continue;
      }
      const u = luck(v.seed, e.payment, e.client, e.service);
      const p = inBrownout ? v.failureProbability : v.baselineFailure;
      const fails = u < p;
      const noAnswer = u < p * v.timeoutShare;
      // an answered 5xx is saved at the PSP for the key even when it comes after we stopped waiting for it
      if (fails && !noAnswer) answered[e.payment] = 1;
      const timesOut = noAnswer || tooSlow;
      if (timesOut) timedOut++;
      heap.push({ ...e, time: e.time + (timesOut ? v.timeout : v.latency), seq: seq++, kind: 'end', failed: fails || timesOut });
      continue;
    }
    // a call ends: record it, then retry or give up
    let retryAllowed = true;
    if (policy === 'throttled') {
      const r = throttleRecord(throttle, e.failed ? 'failure' : 'success');
      throttle = r.state;
      retryAllowed = r.retryAllowed;
    } else if (policy === 'breaker') {
      if (e.time < v.brownoutStart) recordedBeforeBrownout++;
      const r = breakerRecord(breaker, e.time, e.failed ? 'failure' : 'success');
      breaker = r.state;
      if (r.transition) transitions.push({ time: e.time, from: r.transition.from, to: r.transition.to });
    }
    if (!e.failed) {
      authorized++;
      continue;
    }
    if (e.service < v.serviceAttempts) {
      if (retryAllowed) {
        const delay = v.serviceBackoff * 2 ** (e.service - 1);
        heap.push({ ...e, time: e.time + delay, seq: seq++, kind: 'start', service: e.service + 1, failed: false });
        continue;
      }
      throttled++;
    }
    clientFails(e.time, e);
  }

  const arriving = arrivals.filter((t) => t >= v.brownoutStart && t < end).length;
  const opened = transitions.find((t) => t.to === 'open');
  return {
    load,
    recordedBeforeBrownout,
    run: {
      policy,
      pspCalls,
      pspCallsDuringBrownout: during,
      amplification: arriving > 0 ? during / arriving : 0,
      peakLoad: Math.max(0, ...load) / v.bucket,
      authorized,
      failed,
      replayed,
      timedOut,
      rejectedByBreaker: rejected,
      retriesThrottled: throttled,
      openedAt: opened ? opened.time : null,
      transitions,
    },
  };
}

export const pspBrownout = defineModel({
  id: 'psp-brownout',
  title: 'PSP brownout: retries, retry throttling and a circuit breaker',
  summary:
    'Simulates the calls a payment service sends to a failing PSP when the checkout and the service both retry, with no protection, with gRPC retry throttling and with a Resilience4j circuit breaker.',
  input,
  outputs: {
    instances: {
      description: 'Service instances the payments need, ⌈paymentsPerSecond ÷ instanceCapacity⌉: the run simulates one',
      unit: 'count',
    },
    instanceRate: { description: 'Payments a second at the one instance simulated', unit: '1/s' },
    simulatedDuration: {
      description: `Seconds simulated: the duration, cut short where the run would pass ${MAX_PAYMENTS.toLocaleString('en-US')} payments`,
      unit: 's',
    },
    payments: { description: 'Payments arriving in the run (at the one instance)', unit: 'count' },
    paymentsDuringBrownout: { description: 'Payments arriving during the brownout (at the one instance)', unit: 'count' },
    series: {
      description: 'Per bucket: payments arriving and PSP calls per second under each policy',
      unit: 'list',
      columns: { time: 's', arrivals: '1/s', none: '1/s', throttled: '1/s', breaker: '1/s' },
    },
    runs: {
      description: 'Per policy: calls, amplification, peak load, authorized, failed, rejected, throttled, breaker transitions',
      unit: 'list',
      columns: { peakLoad: '1/s', openedAt: 's' },
    },
    amplificationCeiling: { description: 'clientAttempts × serviceAttempts: the most calls one payment can make', unit: 'ratio' },
    breakerOpenedAfter: {
      description:
        'Time from the brownout’s start until the breaker first opens: how long a failover it triggers waits (null: never)',
      unit: 's',
    },
    breakerOpenedInBrownout: {
      description: '1 if the breaker opened while the PSP was failing, else 0',
      unit: 'count',
    },
    breakerOpenedBeforeBrownout: {
      description:
        '1 if the breaker first opened before the brownout began (on an ordinary day’s failures, such as a timeout below the PSP’s call), else 0',
      unit: 'count',
    },
    breakerCallsBeforeBrownout: {
      description:
        'Calls the breaker recorded (calls that ended) before the brownout began: it opens before the brownout only if these reach breakerMinimumCalls',
      unit: 'count',
    },
    breakerMinimumCalls: {
      description:
        'Calls the breaker must record before it computes a failure rate: min(minimumNumberOfCalls, slidingWindowSize), as Resilience4j caps it',
      unit: 'count',
    },
    apiCallWorstCase: {
      description: 'The longest one API call can take: serviceAttempts × timeout + the backoffs between them',
      unit: 's',
    },
    none: { description: 'The run with no protection', unit: 'list' },
    throttled: { description: 'The run with gRPC retry throttling', unit: 'list' },
    breaker: { description: 'The run with the circuit breaker', unit: 'list' },
  },
  references: [
    {
      title: 'Stripe documentation, “Idempotent requests” (read 2026-12-07)',
      url: 'https://docs.stripe.com/idempotency',
      note: 'The first result for a key is saved “regardless of whether it succeeds or fails”; later requests with the key return it, “including 500 errors”.',
    },
    {
      title: 'gRFC A6, “gRPC Retry Design”, Throttling Retry Attempts and Hedged RPCs',
      url: 'https://github.com/grpc/proposal/blob/master/A6-client-retries.md',
      note: 'The token bucket: a failure takes 1 token, a success adds tokenRatio; retries only while tokens > maxTokens / 2.',
    },
    {
      title: 'Resilience4j documentation, “CircuitBreaker”',
      url: 'https://resilience4j.readme.io/docs/circuitbreaker',
      note: 'Count-based sliding window, minimumNumberOfCalls, waitDurationInOpenState, half-open trial calls; defaults 50 %, 100, 100, 60 s, 10.',
    },
    {
      title:
        'Resilience4j source, CircuitBreakerMetrics.java (resilience4j/resilience4j, commit 06b25fbd39261376d85344be3b9f95e9de75007c; read 2026-12-07)',
      url: 'https://github.com/resilience4j/resilience4j/blob/06b25fbd39261376d85344be3b9f95e9de75007c/resilience4j-circuitbreaker/src/main/java/io/github/resilience4j/circuitbreaker/internal/CircuitBreakerMetrics.java',
      note: 'COUNT_BASED: minimumNumberOfCalls = Math.min(config minimum, slidingWindowSize); with fewer buffered calls the failure rate is −1 and the breaker stays closed (BELOW_MINIMUM_CALLS_THRESHOLD).',
    },
    {
      title:
        'Go standard library, src/context/context.go, WithDeadline (golang/go, commit 6d66bbc294afc666fa7a9feb8a28e8fd14ccfcc8; read 2026-12-07)',
      url: 'https://github.com/golang/go/blob/6d66bbc294afc666fa7a9feb8a28e8fd14ccfcc8/src/context/context.go',
      note: '`dur := time.Until(d); if dur <= 0 { c.cancel(true, DeadlineExceeded) // deadline has already passed }`: a deadline reached is exceeded, the convention the model takes for an answer at exactly the timeout.',
    },
    {
      title:
        'gRPC, “Status codes and their use in gRPC”, doc/statuscodes.md (grpc/grpc, commit 02760600f45e74e18777dc249ceef165a7f5837a; read 2026-12-07)',
      url: 'https://github.com/grpc/grpc/blob/02760600f45e74e18777dc249ceef165a7f5837a/doc/statuscodes.md',
      note: 'DEADLINE_EXCEEDED when “Deadline expires before server returns status” or “No response received before Deadline expires”: the client gives up at its deadline whatever the server did.',
    },
    {
      title: 'Google, Site Reliability Engineering, ch. 22, “Addressing Cascading Failures”',
      url: 'https://sre.google/sre-book/addressing-cascading-failures/',
      note: 'Retries at several layers multiply load on a struggling backend; limit retries per request and per client.',
    },
  ],
  example: {},
  exampleStates: {
    payments: 1451,
    paymentsDuringBrownout: 747,
    'none.pspCalls': 4636,
    'throttled.pspCalls': 2769,
    'breaker.pspCalls': 789,
    breakerOpenedAfter: 7.9,
    breakerCallsBeforeBrownout: 151,
    breakerMinimumCalls: 100,
    apiCallWorstCase: 1.9,
  },
  compute(asked): PspBrownoutOutput {
    // Past MAX_PAYMENTS the run stops early (see the comment at the top): every count below is over what is simulated.
    const v = { ...asked, duration: simulatedDurationOf(asked) };
    const arrivals = arrivalsOf(v);
    const buckets = Math.max(1, Math.ceil(v.duration / v.bucket));
    const results = policies.map((p) => run(v, p, arrivals, buckets));
    const arrivalsPerBucket = new Array<number>(buckets).fill(0);
    for (const t of arrivals) arrivalsPerBucket[Math.min(buckets - 1, Math.floor(t / v.bucket))]! += 1;
    const series = arrivalsPerBucket.map((a, i) => ({
      time: i * v.bucket,
      arrivals: a / v.bucket,
      none: (results[0]?.load[i] ?? 0) / v.bucket,
      throttled: (results[1]?.load[i] ?? 0) / v.bucket,
      breaker: (results[2]?.load[i] ?? 0) / v.bucket,
    }));
    const runs = results.map((r) => r.run);
    const end = v.brownoutStart + v.brownoutDuration;
    const firstOpen = (runs[2] as PolicyRun).transitions.find((x) => x.to === 'open' && x.time >= v.brownoutStart);
    const openedAfter = firstOpen ? firstOpen.time - v.brownoutStart : null;
    return {
      instances: instancesOf(v),
      instanceRate: instanceRateOf(v),
      simulatedDuration: v.duration,
      payments: arrivals.length,
      paymentsDuringBrownout: arrivals.filter((t) => t >= v.brownoutStart && t < end).length,
      series,
      runs,
      amplificationCeiling: v.clientAttempts * v.serviceAttempts,
      breakerOpenedAfter: openedAfter,
      breakerOpenedInBrownout: openedAfter !== null && openedAfter < v.brownoutDuration ? 1 : 0,
      breakerOpenedBeforeBrownout:
        (runs[2] as PolicyRun).openedAt !== null && (runs[2] as PolicyRun).openedAt! < v.brownoutStart ? 1 : 0,
      breakerCallsBeforeBrownout: (results[2] as { recordedBeforeBrownout: number }).recordedBeforeBrownout,
      breakerMinimumCalls: breakerMinimumCallsOf(v),
      apiCallWorstCase: v.serviceAttempts * v.timeout + v.serviceBackoff * (2 ** (v.serviceAttempts - 1) - 1),
      none: runs[0] as PolicyRun,
      throttled: runs[1] as PolicyRun,
      breaker: runs[2] as PolicyRun,
    };
  },
});
