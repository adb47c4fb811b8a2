/**
 * The shape of a benchmark (`npm run bench`, runner in scripts/bench.ts). Each area lists its cases in
 * scripts/bench/<area>.ts. A case measures the median wall time of one `run()` after a warm-up; it may
 * carry a budget (CI fails above it), a count of events per run (to report and budget a rate), and the
 * simplest correct alternative measured in the same run, so a figure always comes with its comparison.
 */
export interface Baseline {
  /** what the alternative is, in words: "direct sum in log space", "linear search" */
  readonly name: string;
  readonly run: () => unknown;
}

export interface TimeCase {
  readonly kind?: 'time';
  readonly name: string;
  readonly run: () => unknown;
  /** fail when the median of one run exceeds this many milliseconds */
  readonly budgetMs?: number;
  /** events one run processes (simulated events, requests): the runner reports events per second */
  readonly events?: number;
  /** fail when the median rate falls below this many events per second */
  readonly minEventsPerSecond?: number;
  readonly baseline?: Baseline;
}

export interface MemoryCase {
  readonly kind: 'memory';
  readonly name: string;
  /** runs once; the runner reports the heap growth while it runs (after a forced GC before and after) */
  readonly run: () => unknown;
  /** fail when the retained heap of the result exceeds this many bytes */
  readonly maxBytes?: number;
  readonly baseline?: Baseline;
}

export type BenchCase = TimeCase | MemoryCase;
