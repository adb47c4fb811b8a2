/**
 * One notification provider (APNs, FCM, an email or SMS provider) seen as a queue with a rate cap: the
 * daily peak flows through it, and a broadcast (or a runaway producer) adds `spikeRate` for `spikeDuration`
 * seconds. Whether the cap covers the planned rate, and if not, the backlog, drain time, when the broadcast
 * is done and how long messages wait, in one FIFO queue and with a priority lane for transactional
 * messages (2FA codes, receipts) ahead of the rest. The fluid queue is the backlog-drain model’s (contract v2).
 *
 *   plannedRate      = baselineRate + spikeRate                                    during the spike
 *   capCovers        = cap >= plannedRate
 *   FIFO:      backlog-drain(baselineRate, plannedRate, spikeDuration, cap) → peakBacklog, drainTime, recoveredAfter, maxWait
 *              a message arriving at t waits Q(t) / cap, Q(t) = (plannedRate − cap)·t during the spike, then
 *              Q(D) − (cap − baselineRate)·(t − D) until drained; p50/p90/p99 are those waits weighted by arrivals
 *   priority:  transactional = transactionalShare × baselineRate goes first: it waits 0 while it fits under the cap;
 *              the rest see backlog-drain(baseline − transactional, planned − transactional, D, cap − transactional)
 *   capForWindow     = baselineRate + spikeRate × spikeDuration / window: the cap that delivers the spike within
 *                      `window` of its start while serving the baseline
 *   growthToCap      = cap / plannedRate: how far the planned rate can grow before it meets the cap
 *   unstable         = baselineRate >= cap: the queue grows without end (contract: `stable` false, a `reason`,
 *                      `minCap` = the baseline the cap must exceed); the backlog and the FIFO waits do not exist
 *                      (null); a 2FA code still waits 0 in a priority lane while the transactional part fits
 *
 * Assumptions: a fluid queue (steady rates within each phase); the cap is the only limit (the provider and our
 * senders are otherwise fast enough); nothing expires or is retried; the queue is empty when the spike starts;
 * a strict priority lane (transactional never waits behind bulk).
 *
 * Units: per second, seconds, counts (messages).
 *
 * Example: FCM at its default 600 000 messages a minute (10 000/s), a daily peak of 1 250 push messages/s (10 %
 * transactional), and a broadcast adding 7 500/s for 1 800 s: 8 750/s fits under the cap, nothing queues.
 * With 15 000/s added instead, 16 250/s meets 10 000/s: 11 250 000 messages queue, draining at 8 750/s in
 * 1 285.7 s, so the broadcast is done 3 085.7 s after it starts (a 1 800 s window would need 16 250/s); in one
 * FIFO queue a 2FA code waits up to 11 250 000 / 10 000 = 1 125 s, with a priority lane 0 s.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { backlogThroughSpike } from '../queueing/backlog-drain.ts';

const rate = (description: string, value: number) => z.number().min(0).max(1e9).default(value).meta({ unit: '1/s', description });

const input = z.strictObject({
  baselineRate: rate('Messages per second to this provider at the daily peak, outside the spike', 1250),
  transactionalShare: z
    .number()
    .min(0)
    .max(1)
    .default(0.1)
    .meta({ unit: 'fraction', description: 'Fraction of the baseline that is transactional (2FA codes, receipts)' }),
  spikeRate: rate('Messages per second the spike adds (a broadcast, or a runaway producer)', 15_000),
  spikeDuration: z
    .number()
    .min(0)
    .max(1e7)
    .default(1800)
    .meta({ unit: 's', description: 'How long the spike keeps adding messages' }),
  cap: z.number().min(0.001).max(1e9).default(10_000).meta({
    unit: '1/s',
    description: 'Messages per second the provider accepts from us (its quota or our sender’s limit)',
    empirical: true,
  }),
  window: z
    .number()
    .min(1)
    .max(1e7)
    .default(1800)
    .meta({ unit: 's', description: 'Time from the start of the spike by which it must be delivered' }),
});

export interface WaitPercentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

export interface ProviderQueueOutput {
  readonly plannedRate: number;
  readonly capacity: number;
  readonly utilizationAtPeak: number;
  readonly capCovers: boolean;
  readonly stable: boolean;
  readonly reason: string | null;
  readonly minCap: number;
  readonly growthToCap: number | null;
  readonly peakBacklog: number | null;
  readonly drainTime: number | null;
  readonly spikeDoneAfter: number | null;
  readonly meetsWindow: boolean;
  readonly capForWindow: number;
  readonly maxWait: number | null;
  readonly waitPercentiles: WaitPercentiles | null;
  readonly transactionalWaitFifo: number | null;
  readonly transactionalWaitPriority: number | null;
  readonly bulkMaxWaitPriority: number | null;
}

/**
 * Waits (s) of messages arriving from the start of the spike until the backlog is gone, weighted by arrivals,
 * in a FIFO fluid queue served at `cap`: the p50, p90 and p99 over that episode (0 if nothing queues).
 */
function fifoWaitPercentiles(baseline: number, planned: number, D: number, cap: number, drainTime: number): WaitPercentiles {
  const growth = planned - cap;
  if (!(growth > 0) || D <= 0) return { p50: 0, p90: 0, p99: 0 };
  const spare = cap - baseline;
  const points = 4000;
  const end = D + drainTime;
  const waits: { w: number; weight: number }[] = [];
  let total = 0;
  for (let i = 0; i < points; i++) {
    const t = ((i + 0.5) / points) * end;
    const q = t <= D ? growth * t : Math.max(0, growth * D - spare * (t - D));
    const weight = t <= D ? planned : baseline;
    waits.push({ w: q / cap, weight });
    total += weight;
  }
  waits.sort((a, b) => a.w - b.w);
  const at = (p: number) => {
    let acc = 0;
    for (const x of waits) {
      acc += x.weight;
      if (acc >= p * total) return x.w;
    }
    return waits[waits.length - 1]?.w ?? 0;
  };
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99) };
}

export const providerQueue = defineModel({
  id: 'provider-queue',
  title: 'Notifications: a provider’s rate cap as a queue',
  summary:
    'Whether a provider’s rate cap covers the planned rate and, when a broadcast or spike exceeds it, the backlog, drain time, delivery-wait percentiles, and what a priority lane gives transactional messages.',
  input,
  outputs: {
    plannedRate: { description: 'Messages per second offered during the spike: baseline + spike', unit: '1/s' },
    capacity: {
      description: 'The cap, echoed: another scenario of the same provider under another load can follow it',
      unit: '1/s',
    },
    utilizationAtPeak: { description: 'Baseline ÷ cap: how busy the daily peak keeps the provider', unit: 'ratio' },
    capCovers: { description: 'Whether the cap covers the planned rate (no backlog)', unit: 'boolean' },
    stable: { description: 'Whether the cap exceeds the baseline, so a backlog drains', unit: 'boolean' },
    reason: { description: 'Why the queue grows without end, in words; null when it is stable', unit: 'text' },
    minCap: {
      description: 'What would make it stable: the cap must exceed this rate (the baseline)',
      unit: '1/s',
    },
    growthToCap: {
      description:
        'Cap ÷ planned rate: how far the planned rate can grow before it meets the cap; null with (next to) nothing planned',
      unit: 'ratio',
    },
    peakBacklog: {
      description: 'Messages queued when the spike ends; null when the queue never drains (it grows without end)',
      unit: 'count',
    },
    drainTime: { description: 'Seconds from the end of the spike until the backlog is gone; null if it never drains', unit: 's' },
    spikeDoneAfter: {
      description: 'Seconds from the start of the spike until its last message is sent; null if never',
      unit: 's',
    },
    meetsWindow: { description: 'Whether the spike is delivered within the window', unit: 'boolean' },
    capForWindow: { description: 'The cap that would deliver the spike within the window', unit: '1/s' },
    maxWait: { description: 'Longest wait of a message in one FIFO queue; null when the queue never drains', unit: 's' },
    waitPercentiles: {
      description: 'p50, p90, p99 wait of messages arriving until the backlog is gone, FIFO; null if it never drains',
      unit: 'list',
    },
    transactionalWaitFifo: {
      description: 'Longest wait of a 2FA code queued behind the spike in one FIFO queue; null when the queue never drains',
      unit: 's',
    },
    transactionalWaitPriority: {
      description: 'Longest wait of a 2FA code with a priority lane (0 while it fits under the cap); null if it does not fit',
      unit: 's',
    },
    bulkMaxWaitPriority: {
      description:
        'Longest wait of a bulk message with the priority lane; null if the transactional load fills the cap or the bulk queue never drains',
      unit: 's',
    },
  },
  references: [
    {
      title: 'Model backlog-drain (contract v2), this site',
      note: 'The fluid queue through a spike: peak backlog, drain at the spare capacity, the longest FIFO wait.',
    },
    {
      title: 'Firebase documentation, “FCM throttling and quotas”',
      url: 'https://firebase.google.com/docs/cloud-messaging/throttling-and-quotas',
      note: 'Default 600 000 messages per minute per project; HTTP 429 until the quota refills.',
    },
    {
      title: 'Twilio, error 30001 “Queue overflow”',
      url: 'https://www.twilio.com/docs/api/errors/30001',
      note: 'Twilio queues messages at a sender’s rate (a US long code 1 segment/s, a short code over 100/s) and fails them after a validity period.',
    },
  ],
  example: {},
  exampleStates: {
    peakBacklog: 11_250_000,
    drainTime: 1285.7,
    spikeDoneAfter: 3085.7,
    capForWindow: 16_250,
    maxWait: 1125,
    transactionalWaitFifo: 1125,
    transactionalWaitPriority: 0,
  },
  compute(v): ProviderQueueOutput {
    const planned = v.baselineRate + v.spikeRate;
    const fifo = backlogThroughSpike(v.baselineRate, planned, v.spikeDuration, v.cap);
    const transactional = v.transactionalShare * v.baselineRate;
    const bulkCap = v.cap - transactional;
    const bulk =
      bulkCap > 0 ? backlogThroughSpike(v.baselineRate - transactional, planned - transactional, v.spikeDuration, bulkCap) : null;
    const spikeDoneAfter = fifo.recoveredAfter === null ? null : Math.max(v.spikeDuration, fifo.recoveredAfter);
    const stable = fifo.stable;
    return {
      plannedRate: planned,
      capacity: v.cap,
      utilizationAtPeak: v.baselineRate / v.cap,
      capCovers: v.cap >= planned,
      stable,
      reason: stable
        ? null
        : `the baseline of ${v.baselineRate} messages/s meets or exceeds the cap of ${v.cap}/s, so the queue grows without end, spike or not; the cap must exceed ${v.baselineRate}/s`,
      minCap: v.baselineRate,
      growthToCap: Number.isFinite(v.cap / planned) ? v.cap / planned : null,
      peakBacklog: stable ? fifo.peakBacklog : null,
      drainTime: fifo.drainTime,
      spikeDoneAfter,
      meetsWindow: spikeDoneAfter !== null && spikeDoneAfter <= v.window,
      capForWindow: v.baselineRate + (v.spikeRate * v.spikeDuration) / v.window,
      maxWait: stable ? fifo.maxWait : null,
      waitPercentiles:
        fifo.drainTime === null ? null : fifoWaitPercentiles(v.baselineRate, planned, v.spikeDuration, v.cap, fifo.drainTime),
      transactionalWaitFifo: stable ? fifo.maxWait : null,
      transactionalWaitPriority: transactional < v.cap ? 0 : null,
      bulkMaxWaitPriority: bulk === null || !bulk.stable ? null : bulk.maxWait,
    };
  },
});
