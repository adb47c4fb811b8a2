/**
 * Benchmarks with budgets (`npm run bench`, which runs `node --expose-gc scripts/bench.ts`): the median
 * wall time of many runs after a warm-up, on one core, for every case listed in scripts/bench/<area>.ts.
 * Each figure is printed beside the simplest correct alternative measured in the same run, when the case
 * names one. A benchmark, not a test: CI runs it after the tests and fails when a budget is exceeded.
 *
 *   npm run bench                 every case
 *   npm run bench -- erlang       only the cases whose name contains "erlang"
 *   npm run bench -- edits        only the edits in the browser (scripts/bench/edits.ts; needs a build)
 *   npm run bench -- player       only the played simulations' frames (scripts/bench/player.ts; needs a build)
 *
 * After the model cases, scripts/bench/edits.ts times readers' edits on every case study of the built
 * site in headless Chromium (from the input event to the frame that shows it) and checks its budget, then
 * scripts/bench/player.ts what an animation frame of each played simulation costs, against its own.
 */
import type { BenchCase, MemoryCase, TimeCase } from './bench/case.ts';
import { runEditBench } from './bench/edits.ts';
import { runPlayerBench } from './bench/player.ts';
import { marketplaceCases } from './bench/marketplace.ts';
import { notificationsCases } from './bench/notifications.ts';
import { paymentsCases } from './bench/payments.ts';
import { capacityCases } from './bench/capacity.ts';
import { queueingCases } from './bench/queueing.ts';
import { rateLimitingCases } from './bench/rate-limiting.ts';
import { reliabilityCases } from './bench/reliability.ts';
import { simulationCases } from './bench/simulation.ts';

const cases: readonly BenchCase[] = [
  ...rateLimitingCases,
  ...queueingCases,
  ...reliabilityCases,
  ...capacityCases,
  ...simulationCases,
  ...paymentsCases,
  ...marketplaceCases,
  ...notificationsCases,
];

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** Median milliseconds of one call: a warm-up, then runs until both 25 samples and ~0.5 s are had. */
function timeIt(run: () => unknown): number {
  const warmUntil = performance.now() + 100;
  for (let i = 0; i < 5 || performance.now() < warmUntil; i++) run();
  const times: number[] = [];
  const until = performance.now() + 500;
  while (times.length < 25 || (performance.now() < until && times.length < 5000)) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Heap bytes the result of one run retains (forced GC before and after; the result is kept alive). */
function heapOf(run: () => unknown): number {
  if (!gc) throw new Error('bench: memory cases need node --expose-gc (npm run bench passes it)');
  gc();
  const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const kept = run();
  gc();
  const after = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  if (kept === Symbol.for('never')) console.log(''); // keeps `kept` alive until after the second reading
  return Math.max(0, after - before);
}

function ms(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toFixed(4);
}
function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
function rate(perSecond: number): string {
  return perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)} M/s` : `${(perSecond / 1e3).toFixed(1)} k/s`;
}

const filter = process.argv[2]?.toLowerCase();
let failed = 0;
const rows: string[][] = [['benchmark', 'median', 'budget', 'simplest alternative (same run)']];

function runTime(c: TimeCase): void {
  const m = timeIt(c.run);
  const problems: string[] = [];
  if (c.budgetMs !== undefined && m > c.budgetMs) problems.push(`over budget: ${ms(m)} ms > ${c.budgetMs} ms`);
  const perSecond = c.events ? (c.events / m) * 1000 : undefined;
  if (c.minEventsPerSecond !== undefined && perSecond !== undefined && perSecond < c.minEventsPerSecond) {
    problems.push(`too slow: ${rate(perSecond)} < ${rate(c.minEventsPerSecond)}`);
  }
  const budget = [
    c.budgetMs !== undefined ? `<= ${c.budgetMs} ms` : '',
    c.minEventsPerSecond !== undefined ? `>= ${rate(c.minEventsPerSecond)}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  let alt = '';
  if (c.baseline) {
    const b = timeIt(c.baseline.run);
    const ratio = b / m;
    alt = `${c.baseline.name}: ${ms(b)} ms (${ratio >= 1 ? `${ratio.toFixed(1)}× the time` : `${(1 / ratio).toFixed(0)}× faster`})`;
  }
  const figure = `${ms(m)} ms${perSecond !== undefined ? ` (${rate(perSecond)})` : ''}`;
  rows.push([c.name, figure, budget || '—', alt || '—']);
  for (const p of problems) console.error(`bench: ${c.name}: ${p}`);
  failed += problems.length;
}

function runMemory(c: MemoryCase): void {
  const bytes = heapOf(c.run);
  const over = c.maxBytes !== undefined && bytes > c.maxBytes;
  let alt = '';
  if (c.baseline) {
    const b = heapOf(c.baseline.run);
    alt = `${c.baseline.name}: ${mib(b)}`;
  }
  rows.push([c.name, mib(bytes), c.maxBytes !== undefined ? `<= ${mib(c.maxBytes)}` : '—', alt || '—']);
  if (over) {
    console.error(`bench: ${c.name}: over budget: ${mib(bytes)} > ${mib(c.maxBytes ?? 0)}`);
    failed++;
  }
}

for (const c of cases) {
  if (filter && !c.name.toLowerCase().includes(filter)) continue;
  if (c.kind === 'memory') runMemory(c);
  else runTime(c);
}

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows)
  console.log(
    r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
console.log(`\nnode ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
if (!filter || 'edits in the browser'.includes(filter)) {
  console.log('\nEdits in the browser (scripts/bench/edits.ts):');
  failed += await runEditBench();
}
if (!filter || 'player in the browser'.includes(filter)) {
  console.log('\nPlayed simulations in the browser (scripts/bench/player.ts):');
  failed += await runPlayerBench();
}
if (failed) {
  console.error(`bench: ${failed} budget(s) missed`);
  process.exit(1);
}
