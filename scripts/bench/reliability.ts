/**
 * Benchmarks of the reliability models (see case.ts for the shape of a case). The backoff-jitter
 * simulation is the one a reader's keystroke re-runs in the browser; the closed forms are here to catch a
 * numerical method that quietly became slow (a bisection that stopped converging, a sum that loops).
 */
import { evaluate } from '../../models/evaluate.ts';
import { backoffJitter } from '../../models/reliability/backoff-jitter.ts';
import { birthday } from '../../models/reliability/birthday.ts';
import { hedgedRequests } from '../../models/reliability/hedged-requests.ts';
import type { BenchCase } from './case.ts';

/** Writes simulated by one default backoff-jitter evaluation (100 clients, 4 strategies, 10 runs). */
const defaultWrites = evaluate(backoffJitter, {}).results.reduce((sum, r) => sum + r.calls, 0) * 10;

export const reliabilityCases: readonly BenchCase[] = [
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
