/**
 * Backlog and drain time through a spike or an outage: a fluid (deterministic-rate) queue. Items arrive at
 * `baselineRate` per second, then at `spikeRate` for `spikeDuration` seconds, then at `baselineRate` again;
 * consumers complete `serviceRate` items per second, `serviceRateDuringSpike` while the spike lasts (0 for an
 * outage of the consumers). Starting from an empty queue:
 *
 *   peakBacklog    = max(0, (spikeRate − serviceRateDuringSpike) × spikeDuration)   items, when the spike ends
 *   drainTime      = peakBacklog / (serviceRate − baselineRate)                     s after the spike ends
 *   recoveredAfter = spikeDuration + drainTime                                      s after the spike starts
 *   maxWait        = the longest wait of any item that arrives during the spike, in FIFO order
 *
 * The spare capacity serviceRate − baselineRate, not serviceRate, is what drains the backlog: new arrivals
 * keep coming while it drains. When serviceRate <= baselineRate the queue never drains (`stable` false,
 * `drainTime` and `recoveredAfter` null); the backlog and the spike's worst wait still exist and are reported.
 *
 * maxWait: an item arriving at time t in the spike (0 <= t <= D) finds Q(t) = (λs − μs)·t items ahead of it
 * and is served once the consumers have completed them (FIFO: later arrivals, at any rate, queue behind it
 * and do not delay it). The consumers run at μs until D and at μ after, so the wait is Q(t)/μs if that ends
 * by D, else (D − t) + (Q(t) − μs·(D − t))/μ. Piecewise linear in t, it peaks either at the item served
 * exactly at D (t* = μs·D/λs, wait D − t* = D·(1 − μs/λs)) or at the last item of the spike (wait
 * peakBacklog/μ): maxWait = max(D·(1 − μs/λs), peakBacklog/μ) when λs > μs, else 0. An outage (μs = 0) makes
 * the first item of the spike wait the whole outage, D, which peakBacklog/μ alone would miss when μ > λs.
 *
 * Assumptions: rates are constant within each phase (a fluid model: it ignores the random queueing that an
 * M/M/c adds on top, which matters near saturation, not for a backlog of thousands); the queue is empty
 * when the spike starts (the baseline is below capacity); nothing is dropped, expires or is retried (a
 * retry storm raises spikeRate — see retry-amplification); FIFO service.
 *
 * Units: rates per second, durations in seconds, backlog in items.
 *
 * References: the contract v2 (../shared/docs/model-contract.md); "Clearing a manufacturing backlog",
 * Mathematics Stack Exchange (https://math.stackexchange.com/questions/154051): a backlog B shrinks by Y − X a
 * day, so it clears in B/(Y − X) days; Kafka consumer lag grows at (produce rate − consume rate) (duckkit.dev,
 * "Kafka Consumer Lag: How to Calculate Time-to-Overflow", https://duckkit.dev/blog/kafka-consumer-lag-time-to-overflow).
 *
 * Example: 1 000/s baseline, a 10-minute outage of the consumers (spikeRate 1 000/s, serviceRateDuringSpike
 * 0), consumers that complete 1 500/s → peakBacklog 600 000 items, drainTime 1 200 s, recoveredAfter 1 800 s,
 * maxWait 600 s (the first item waits out the outage; the last one, 600 000/1 500 = 400 s).
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';

const rate = (description: string) => z.number().min(0).max(1e12).meta({ unit: '1/s', description });

const input = z.strictObject({
  baselineRate: rate('Arrivals per second outside the spike'),
  spikeRate: rate('Arrivals per second during the spike (the baseline rate again for an outage of the consumers)'),
  spikeDuration: z.number().min(0).max(1e9).meta({ unit: 's', description: 'How long the spike (or the outage) lasts' }),
  serviceRate: z
    .number()
    .gt(0)
    .max(1e12)
    .meta({ unit: '1/s', description: 'Items per second the consumers complete outside the spike' }),
  serviceRateDuringSpike: rate(
    'Items per second the consumers complete during the spike: the service rate unless degraded, 0 for an outage',
  ).optional(),
});

export interface BacklogDrainOutput {
  readonly peakBacklog: number;
  readonly drainTime: number | null;
  readonly recoveredAfter: number | null;
  readonly maxWait: number;
  readonly stable: boolean;
  readonly reason: string | null;
}

/** The fluid queue's figures (see the doc comment); `serviceRateDuringSpike` defaults to `serviceRate`. */
export function backlogThroughSpike(
  baselineRate: number,
  spikeRate: number,
  spikeDuration: number,
  serviceRate: number,
  serviceRateDuringSpike: number = serviceRate,
): BacklogDrainOutput {
  const D = spikeDuration;
  const growth = spikeRate - serviceRateDuringSpike;
  const peakBacklog = growth > 0 ? growth * D : 0;
  const maxWait = growth > 0 ? Math.max(D * (1 - serviceRateDuringSpike / spikeRate), peakBacklog / serviceRate) : 0;
  const spare = serviceRate - baselineRate;
  if (spare <= 0) {
    return {
      peakBacklog,
      drainTime: null,
      recoveredAfter: null,
      maxWait,
      stable: false,
      reason:
        `the consumers complete ${serviceRate}/s but ${baselineRate}/s arrive outside the spike: ` +
        'with no spare capacity the backlog never drains (raise serviceRate above baselineRate)',
    };
  }
  const drainTime = peakBacklog / spare;
  return { peakBacklog, drainTime, recoveredAfter: D + drainTime, maxWait, stable: true, reason: null };
}

export const backlogDrain = defineModel({
  id: 'backlog-drain',
  title: 'Backlog and drain time through a spike or an outage',
  summary:
    'A fluid queue through a spike or an outage: the backlog it leaves, how long the spare capacity takes to drain it, and the longest wait.',
  input,
  outputs: {
    peakBacklog: {
      description: 'Items queued when the spike ends: max(0, (spikeRate − serviceRateDuringSpike) × spikeDuration)',
      unit: 'count',
    },
    drainTime: {
      description:
        'Seconds from the end of the spike until the backlog is gone, at serviceRate − baselineRate; null if it never drains',
      unit: 's',
    },
    recoveredAfter: {
      description:
        'Seconds from the start of the spike until the backlog is gone: spikeDuration + drainTime; null if it never drains',
      unit: 's',
    },
    maxWait: {
      description: 'The longest time any item that arrives during the spike waits, in FIFO order',
      unit: 's',
    },
    stable: { description: 'Whether the backlog drains: serviceRate > baselineRate', unit: 'boolean' },
    reason: { description: 'Why the backlog never drains, in words; null when it does', unit: 'text' },
  },
  references: [
    {
      title: 'Loadbearing model contract v2, "backlog-drain"',
      note: 'Fixes the fields and the formulas for peakBacklog, drainTime and recoveredAfter.',
    },
    {
      title: '"Clearing a manufacturing backlog", Mathematics Stack Exchange (2012)',
      url: 'https://math.stackexchange.com/questions/154051',
      note: 'B(t+1) = B(t) − Y + X: a backlog clears in B/(Y − X), only when the stage downstream is faster.',
    },
    {
      title: 'duckkit.dev, "Kafka Consumer Lag: How to Calculate Time-to-Overflow Before the Incident" (2026)',
      url: 'https://duckkit.dev/blog/kafka-consumer-lag-time-to-overflow',
      note: 'Lag grows linearly at (incoming rate − group throughput) while consumers cannot keep up.',
    },
  ],
  example: { baselineRate: 1000, spikeRate: 1000, spikeDuration: 600, serviceRate: 1500, serviceRateDuringSpike: 0 },
  exampleStates: { peakBacklog: 600_000, drainTime: 1200, recoveredAfter: 1800, maxWait: 600 },
  compute({ baselineRate, spikeRate, spikeDuration, serviceRate, serviceRateDuringSpike }): BacklogDrainOutput {
    return backlogThroughSpike(baselineRate, spikeRate, spikeDuration, serviceRate, serviceRateDuringSpike);
  },
});
