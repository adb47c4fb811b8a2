/**
 * Fan-out tail: a request that waits for every one of `fanout` servers is slow when any of them is slow.
 * With each server slow independently with probability p,
 *
 *   requestSlowProbability = 1 − (1 − p)^n = −expm1(n · log1p(−p))
 *
 * The second form is the one computed: `(1 − p)^n` rounds 1 − p to a double first, so for p = 1e-12 it
 * loses four digits, and for p below 1.1e-16 it returns exactly 0; log1p and expm1 keep full relative
 * precision for tiny p and for huge n (the answer for p = 1e-12, n = 1e6 is 1e-6 to 15 digits).
 *
 * Assumptions: the servers are slow independently of one another (a shared cause, such as a garbage
 * collection on every server at once or a slow network switch in front of all of them, makes the real
 * tail worse); the request is slow exactly when at least one of its servers is.
 *
 * Units: fanout a count of servers; slowProbability and the answer fractions in [0, 1].
 *
 * Reference: J. Dean, L. A. Barroso, "The Tail at Scale", CACM 56(2), 2013, p. 75
 * (https://doi.org/10.1145/2408776.2408794): a server slow (1 s) on 1 request in 100, behind a fan-out of
 * 100, makes 63 % of user requests slow.
 *
 * Example: fanout 100, slowProbability 0.01 → requestSlowProbability 0.6339676587267705.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';

/** P(at least one of n independent servers is slow) = 1 − (1 − p)^n, accurate for tiny p and huge n. */
export function anySlowProbability(fanout: number, slowProbability: number): number {
  if (slowProbability >= 1) return 1;
  return 0 - Math.expm1(fanout * Math.log1p(-slowProbability)); // 0 − …: no −0 when p = 0
}

const input = z.strictObject({
  fanout: z
    .number()
    .int()
    .min(1)
    .max(1e9)
    .meta({ unit: 'count', description: 'Servers a request waits on (it completes when the slowest answers)' }),
  slowProbability: z
    .number()
    .min(0)
    .max(1)
    .meta({ unit: 'fraction', description: 'Probability that one server is slow for one request (e.g. 0.01 at its p99)' }),
});

export interface FanoutTailOutput {
  readonly requestSlowProbability: number;
}

export const fanoutTail = defineModel({
  id: 'fanout-tail',
  title: 'Fan-out tail latency',
  summary: 'How often a request that waits on many servers is slow, when each server is slow now and then.',
  input,
  outputs: {
    requestSlowProbability: {
      description: 'Probability that at least one of the servers is slow, so the whole request is: 1 − (1 − p)^n',
      unit: 'fraction',
    },
  },
  references: [
    {
      title: 'J. Dean, L. A. Barroso, "The Tail at Scale", Communications of the ACM 56(2):74–80, 2013',
      url: 'https://doi.org/10.1145/2408776.2408794',
      note: 'p. 75: 1 in 100 slow per server at fan-out 100 → 63 % of requests slow; 1 in 10,000 at 2,000 servers → almost 1 in 5. Reference case TAIL-01.',
    },
  ],
  example: { fanout: 100, slowProbability: 0.01 },
  exampleStates: { requestSlowProbability: 0.6339676587267705 },
  compute({ fanout, slowProbability }): FanoutTailOutput {
    return { requestSlowProbability: anySlowProbability(fanout, slowProbability) };
  },
});
