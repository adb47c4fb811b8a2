/**
 * Benchmarks with budgets (`npm run bench`): how long the models the browser recomputes on every
 * keystroke take, measured as the median of many runs after a warm-up. A benchmark, not a test: run by
 * CI after the tests, failing when a budget is exceeded, and printing figures to compare over time.
 */
import { evaluate } from '../models/evaluate.ts';
import { getModel } from '../models/registry.ts';

interface Case {
  readonly name: string;
  readonly model: string;
  readonly input: unknown;
  /** median budget, milliseconds */
  readonly budgetMs: number;
}

const cases: readonly Case[] = [
  { name: 'rate-limit-compare, case-study defaults (75 requests, 6 algorithms)', model: 'rate-limit-compare', input: {}, budgetMs: 5 },
  { name: 'rate-limiter-capacity, defaults (with growth series)', model: 'rate-limiter-capacity', input: {}, budgetMs: 1 },
  { name: 'gcra, 10 000 requests', model: 'gcra', input: { maxBurst: 15, countPerPeriod: 30, period: 60, requests: Array.from({ length: 10_000 }, (_, i) => ({ time: i * 0.5 })) }, budgetMs: 50 },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

let failed = 0;
console.log('benchmark'.padEnd(72), 'median ms'.padStart(10), 'budget ms'.padStart(10));
for (const c of cases) {
  const model = getModel(c.model);
  if (!model) throw new Error(`bench: unknown model ${c.model}`);
  for (let i = 0; i < 20; i++) evaluate(model, c.input);
  const times: number[] = [];
  const until = performance.now() + 400;
  while (times.length < 25 || (performance.now() < until && times.length < 2000)) {
    const t0 = performance.now();
    evaluate(model, c.input);
    times.push(performance.now() - t0);
  }
  const m = median(times);
  const ok = m <= c.budgetMs;
  if (!ok) failed++;
  console.log(c.name.padEnd(72), m.toFixed(3).padStart(10), String(c.budgetMs).padStart(10), ok ? '' : '  OVER BUDGET');
}
if (failed) {
  console.error(`bench: ${failed} benchmark(s) over budget`);
  process.exit(1);
}
