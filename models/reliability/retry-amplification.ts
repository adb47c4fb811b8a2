/**
 * Retry amplification: when every layer of a call stack retries a failing call, the attempts multiply.
 * With `layers` layers each making up to `attemptsPerLayer` attempts (the first try plus its retries), a
 * request that fails all the way down reaches the bottom layer
 *
 *   amplification = attemptsPerLayer ^ layers
 *
 * times, and the stack as a whole makes totalCalls = a + a² + … + a^L calls (a at the top layer's callee,
 * a² one layer further down, …). This is the worst case: the bottom layer (a database, say) fails every
 * attempt, which is exactly when the extra load hurts most.
 *
 * Trap: the base is attempts, not retries. "Three retries" is four attempts: Google's SRE book counts a
 * three-layer stack with 3 retries each as 4³ = 64 attempts. Amazon's Builders' Library writes "three
 * retries at each layer" of a five-deep stack but multiplies by 3 per layer (3⁵ = 243): its three are tries.
 * Pass attemptsPerLayer = retries + 1 (4⁵ = 1024 for three real retries at five layers).
 *
 * Assumptions: every layer retries the same number of times, each attempt of a layer calls the whole
 * layer below again, and nothing (a retry budget, a circuit breaker, a deadline) stops the cascade.
 *
 * Units: counts.
 *
 * References: Google SRE book ch. 22 "Addressing Cascading Failures"
 * (https://sre.google/sre-book/addressing-cascading-failures/); M. Brooker, "Timeouts, retries, and backoff
 * with jitter", Amazon Builders' Library (https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/).
 *
 * Example: 3 layers, 4 attempts per layer (3 retries) → amplification 64, totalCalls 84.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';

const input = z.strictObject({
  layers: z
    .number()
    .int()
    .min(1)
    .max(100)
    .meta({ unit: 'count', description: 'Layers of the call stack that each retry (frontend, backend, …)' }),
  attemptsPerLayer: z
    .number()
    .int()
    .min(1)
    .max(100)
    .meta({ unit: 'count', description: 'Attempts each layer makes per call it receives: 1 + retries (3 retries = 4 attempts)' }),
});

export interface RetryAmplificationOutput {
  readonly amplification: number;
  readonly retriesPerLayer: number;
  readonly totalCalls: number;
}

export const retryAmplification = defineModel({
  id: 'retry-amplification',
  title: 'Retry amplification',
  summary: 'How retries at every layer of a call stack multiply the load on the bottom layer when it fails.',
  input,
  outputs: {
    amplification: {
      description: 'Attempts reaching the bottom layer per original request when every attempt fails: attemptsPerLayer^layers',
      unit: 'count',
    },
    retriesPerLayer: { description: 'attemptsPerLayer − 1, for reading the input back as retries', unit: 'count' },
    totalCalls: { description: 'Calls made at all layers together: a + a² + … + a^layers', unit: 'count' },
  },
  references: [
    {
      title: 'Site Reliability Engineering (Google SRE book), ch. 22 "Addressing Cascading Failures"',
      url: 'https://sre.google/sre-book/addressing-cascading-failures/',
      note: 'Backend, frontend and JavaScript layers each issue 3 retries (4 attempts): 4³ = 64 (reference case RETRY-01).',
    },
    {
      title: 'M. Brooker, "Timeouts, retries, and backoff with jitter", Amazon Builders’ Library',
      url: 'https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/',
      note: 'A five-deep stack with "three retries at each layer": load on the database grows 243× = 3⁵, i.e. 3 tries per layer (reference case RETRY-02).',
    },
  ],
  example: { layers: 3, attemptsPerLayer: 4 },
  exampleStates: { amplification: 64, totalCalls: 84 },
  compute({ layers, attemptsPerLayer }): RetryAmplificationOutput {
    const a = attemptsPerLayer;
    // Geometric series a(a^L − 1)/(a − 1); L·1 when a = 1. Summed directly: at most 100 terms.
    let totalCalls = 0;
    let calls = 1;
    for (let layer = 0; layer < layers; layer++) {
      calls *= a;
      totalCalls += calls;
    }
    return { amplification: a ** layers, retriesPerLayer: a - 1, totalCalls };
  },
});
