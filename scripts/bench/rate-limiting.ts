/** Benchmarks of the rate-limiting models the browser recomputes on every keystroke. */
import { evaluate } from '../../models/evaluate.ts';
import { gcra } from '../../models/rate-limiting/gcra.ts';
import { rateLimitCompare } from '../../models/rate-limiting/compare.ts';
import { rateLimiterCapacity } from '../../models/case-studies/rate-limiter.ts';
import type { BenchCase } from './case.ts';

const gcraRequests = Array.from({ length: 10_000 }, (_, i) => ({ time: i * 0.5 }));

export const rateLimitingCases: readonly BenchCase[] = [
  {
    name: 'rate-limit-compare, case-study defaults (75 requests, 6 algorithms)',
    run: () => evaluate(rateLimitCompare, {}),
    budgetMs: 5,
  },
  {
    name: 'rate-limiter-capacity, defaults',
    run: () => evaluate(rateLimiterCapacity, {}),
    budgetMs: 1,
  },
  {
    name: 'gcra, 10 000 requests',
    run: () => evaluate(gcra, { maxBurst: 15, countPerPeriod: 30, period: 60, requests: gcraRequests }),
    budgetMs: 50,
    events: gcraRequests.length,
  },
];
