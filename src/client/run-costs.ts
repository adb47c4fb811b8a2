/**
 * How long a model run (or a chart's sweep) takes, as the page has measured it: what decides whether it
 * runs on the main thread or in the worker (sweep-worker.ts). A run's first time in a thread is slow for
 * reasons of its own (code not yet optimised), and any run can be slowed by other work on the machine: a
 * cheap model judged heavy from one such run would wait for the worker at every edit. So the first run
 * only counts when it is far over the line (COLD_MS), and afterwards the cheapest of the last three runs
 * decides: noise only ever adds time. Except that a model's cost follows its inputs: a keystroke that
 * shortens a value (Backspace on "4000") makes a simulation cheap for one run, and the cheapest of three
 * then kept it on the main thread for the next two, at full cost (a CPU profile of typing on marketplace,
 * 2026-12-07: the oversell simulation, 118 ms of main thread over 60 keystrokes). So any of the last three
 * warm runs over a frame (SPIKE_MS) sends the next run to the worker: a cheap model slowed once by a busy
 * machine pays a worker round trip for at most three runs, a simulation never holds a keystroke twice.
 */

/** Heavier than this (milliseconds, the cheapest of the last three warm runs): run in the worker. */
export const HEAVY_MS = 4;
/** A first run (cold) heavier than this sends the next run to the worker before any warm run is known. */
export const COLD_MS = 16;
/** Any of the last three warm runs heavier than this (a frame) sends the next run to the worker. */
export const SPIKE_MS = 16;

export class RunCosts {
  readonly #cold = new Map<string, number>();
  readonly #warm = new Map<string, number[]>();

  /** Records a run of `key` that took `ms`; `cold` for the first run of it in its thread. */
  observe(key: string, ms: number, cold: boolean): void {
    if (cold) {
      this.#cold.set(key, ms);
      return;
    }
    const runs = this.#warm.get(key) ?? [];
    runs.push(ms);
    if (runs.length > 3) runs.shift();
    this.#warm.set(key, runs);
  }

  /** Whether `key` should run in the worker. */
  heavy(key: string): boolean {
    const warm = this.#warm.get(key);
    if (warm?.length) return Math.min(...warm) > HEAVY_MS || Math.max(...warm) > SPIKE_MS;
    return (this.#cold.get(key) ?? 0) > COLD_MS;
  }
}

/** Tracks which keys have run in this thread (the first run of each is cold). */
export class FirstRuns {
  readonly #seen = new Set<string>();
  /** true the first time it is asked about `key` */
  first(key: string): boolean {
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    return true;
  }
}
