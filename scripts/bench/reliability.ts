/**
 * Benchmarks of the reliability models (see case.ts for the shape of a case). The backoff-jitter
 * simulation is the one a reader's keystroke re-runs in the browser; the closed forms are here to catch a
 * numerical method that quietly became slow (a bisection that stopped converging, a sum that loops).
 */
import { evaluate } from '../../models/evaluate.ts';
import { backoffJitter } from '../../models/reliability/backoff-jitter.ts';
import { birthday } from '../../models/reliability/birthday.ts';
import { hedgedRequests } from '../../models/reliability/hedged-requests.ts';
import { retryThrottling } from '../../models/reliability/retry-throttling.ts';
import type { BenchCase } from './case.ts';

/** 100 000 attempt outcomes, one failure in every four (a brownout), for the retry-throttling replay. */
const brownoutOutcomes = Array.from({ length: 100_000 }, (_, i) => (i % 4 === 0 ? 'failure' : 'success'));

/** Writes simulated by one default backoff-jitter evaluation (100 clients, 4 strategies, 10 runs). */
const defaultWrites = evaluate(backoffJitter, {}).results.reduce((sum, r) => sum + r.calls, 0) * 10;

export const reliabilityCases: readonly BenchCase[] = [
  {
    name: 'retry-throttling, the worked example (7 outcomes)',
    run: () => evaluate(retryThrottling, retryThrottling.example),
    budgetMs: 1,
  },
  {
    name: 'retry-throttling, 100 000 outcomes (1 failure in 4), maxTokens 10, tokenRatio 0.1',
    run: () => evaluate(retryThrottling, { maxTokens: 10, tokenRatio: 0.1, outcomes: brownoutOutcomes }),
    // ~28 ms on the shared 2-core box (2026-12-07), most of it zod checking the 100 000-item list; the replay
    // itself (immutable states) takes ~3 ms
    budgetMs: 100,
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
