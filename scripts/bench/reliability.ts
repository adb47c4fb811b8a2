/**
 * Benchmarks of the reliability models (see case.ts for the shape of a case). The backoff-jitter
 * simulation is the one a reader's keystroke re-runs in the browser; the closed forms are here to catch a
 * numerical method that quietly became slow (a bisection that stopped converging, a sum that loops).
 */
import { evaluate } from '../../models/evaluate.ts';
import { backoffJitter } from '../../models/reliability/backoff-jitter.ts';
import { birthday } from '../../models/reliability/birthday.ts';
import { cacheStampede } from '../../models/reliability/cache-stampede.ts';
import { breakerAcquire, breakerRecord, breakerStart, circuitBreaker } from '../../models/reliability/circuit-breaker.ts';
import { hedgedRequests } from '../../models/reliability/hedged-requests.ts';
import { retryThrottling } from '../../models/reliability/retry-throttling.ts';
import type { BenchCase } from './case.ts';

/** 100 000 attempt outcomes, one failure in every four (a brownout), for the retry-throttling replay. */
const brownoutOutcomes = Array.from({ length: 100_000 }, (_, i) => (i % 4 === 0 ? 'failure' : 'success'));

/**
 * 100 000 calls at 100 per second for 1000 s, 2 % failing except from 200 s to 600 s, when 60 % fail (a seeded
 * Lehmer generator, so every run replays the same trace): the breaker opens, probes and closes again.
 */
const brownoutCalls = (() => {
  let x = 1;
  const next = () => (x = (x * 48_271) % 2_147_483_647) / 2_147_483_647;
  return Array.from({ length: 100_000 }, (_, i) => {
    const time = i / 100;
    const outcome: 'success' | 'failure' = next() < (time >= 200 && time < 600 ? 0.6 : 0.02) ? 'failure' : 'success';
    return { time, outcome };
  });
})();

/** The same 100 000 calls through the step functions alone, as a simulation drives them. */
function breakerSteps(): number {
  let state = breakerStart({
    failureRateThreshold: 50,
    slidingWindowSize: 100,
    minimumNumberOfCalls: 100,
    waitDurationInOpenState: 60,
    permittedNumberOfCallsInHalfOpenState: 10,
  });
  let rejected = 0;
  for (const { time, outcome } of brownoutCalls) {
    const asked = breakerAcquire(state, time);
    state = asked.state;
    if (asked.permitted) state = breakerRecord(state, time, outcome).state;
    else rejected++;
  }
  return rejected;
}

/** Writes simulated by one default backoff-jitter evaluation (100 clients, 4 strategies, 10 runs). */
const defaultWrites = evaluate(backoffJitter, {}).results.reduce((sum, r) => sum + r.calls, 0) * 10;

export const reliabilityCases: readonly BenchCase[] = [
  {
    // Two Simpson integrals of 1000 intervals for XFetch; the chart re-runs it at nine request rates per keystroke.
    name: 'cache-stampede, the worked example (4 strategies, XFetch integrated numerically)',
    run: () => evaluate(cacheStampede, cacheStampede.example),
    budgetMs: 2,
  },
  {
    name: 'retry-throttling, the worked example (7 outcomes)',
    run: () => evaluate(retryThrottling, retryThrottling.example),
    budgetMs: 1,
  },
  {
    name: 'retry-throttling, 100 000 outcomes (1 failure in 4), maxTokens 10, tokenRatio 0.1',
    run: () => evaluate(retryThrottling, { maxTokens: 10, tokenRatio: 0.1, outcomes: brownoutOutcomes }),
    // 28–66 ms on the shared 2-core box (2026-12-07); the replay itself (immutable states) takes ~3 ms, the rest
    // is zod and evaluate's walk of the 100 000 results for non-finite numbers
    budgetMs: 150,
    events: brownoutOutcomes.length,
  },
  {
    name: 'backoff-jitter, defaults (100 clients, 4 strategies, 10 runs)',
    run: () => evaluate(backoffJitter, {}),
    // ~40 ms on an idle laptop core; the panel recomputes on input, debounced
    budgetMs: 100,
    events: defaultWrites,
  },
  {
    name: 'backoff-jitter, one strategy (full jitter), 100 clients, 10 runs',
    run: () => evaluate(backoffJitter, { strategies: ['full'] }),
    budgetMs: 25,
  },
  {
    name: 'circuit-breaker, the worked example (9 calls)',
    run: () => evaluate(circuitBreaker, circuitBreaker.example),
    budgetMs: 1,
  },
  {
    name: 'circuit-breaker, 100 000 calls (a 400 s brownout), defaults',
    run: () => evaluate(circuitBreaker, { calls: brownoutCalls }),
    // 130–190 ms on the shared 2-core box under load (2026-12-07): compute itself ~5 ms; evaluate's walk of the
    // output for non-finite numbers (firstNonFinite, ~50 ms for 100 000 results) and zod (~30 ms) take the rest
    budgetMs: 300,
    events: brownoutCalls.length,
  },
  {
    name: 'circuit-breaker step functions, the same 100 000 calls (immutable states)',
    run: breakerSteps,
    // 3.5 ms warm on an idle core, 12 ms under load (2026-12-07): 35–120 ns a call, new state objects included
    budgetMs: 30,
    events: brownoutCalls.length,
  },
  {
    name: 'hedged-requests, lognormal, fan-out 1000, p999 (the BigTable case)',
    run: () => evaluate(hedgedRequests, { median: 0.00019, p99: 0.0169, hedgeDelay: 0.01, fanout: 1000, percentile: 0.999 }),
    budgetMs: 5,
  },
  {
    name: 'birthday, space 1e8, items for 99 % (term-by-term regime)',
    run: () => evaluate(birthday, { items: 10_000, space: 1e8, targetProbability: 0.99 }),
    budgetMs: 10,
  },
];
