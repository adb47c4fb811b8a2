/**
 * A module worker that computes for several targets (a chart box, a live figure, a scenario), each with at
 * most one request in the worker and the newest one waiting behind it: a job for a target the worker is busy
 * with replaces the one waiting, so a burst of edits costs one run in the worker, not one per edit. Used by
 * chart-runtime.ts (heavy sweeps), live-figures.ts (bands, tornado, what breaks first) and
 * scenario-runtime.ts (heavy models).
 *
 * The caller makes the Worker (Vite bundles a worker from `new Worker(new URL(…), import.meta.url)` written
 * in the caller's own module) and says what a job's request is and what to do with an answer. When an answer
 * comes, the job waiting for the same target (if any) is sent first, then the answer is handed over with it,
 * so the caller can drop an answer a newer job has overtaken.
 */

/** Why a job did not run in the worker. */
export type NotRun = 'no worker' | 'not sent' | 'worker stopped';

export interface WorkerQueueHooks<K, J, A> {
  /** the target a job computes for */
  target(job: J): K;
  /** the message that asks the worker for a job (`id` comes back in its answer) */
  request(job: J, id: number): unknown;
  /** a job went to the worker */
  sent(job: J): void;
  /** the worker answered a job; `next` is the newer job for the same target, already sent */
  answered(job: J, answer: A, next: J | undefined): void;
  /** a job could not run in the worker: none could be made, its values could not be sent, or the worker stopped */
  failed(job: J, why: NotRun): void;
  /** a job waiting will not be sent: a newer one for its target took its place (`by`), or it was dropped */
  superseded?(job: J, by: J | undefined): void;
}

export class WorkerQueue<K, J, A extends { readonly id: number }> {
  private worker: Worker | null | undefined;
  private nextId = 1;
  private readonly inFlight = new Map<number, J>();
  private readonly busyWith = new Map<K, J>();
  private readonly waiting = new Map<K, J>();

  private readonly make: () => Worker;
  private readonly hooks: WorkerQueueHooks<K, J, A>;

  constructor(make: () => Worker, hooks: WorkerQueueHooks<K, J, A>) {
    this.make = make;
    this.hooks = hooks;
  }

  /** The worker, made on first use; undefined when this browser cannot make one (or it stopped). */
  available(): boolean {
    if (this.worker === undefined) {
      try {
        this.worker = this.make();
        this.worker.onmessage = (m: MessageEvent<A>) => this.answer(m.data);
        this.worker.onerror = () => this.stopped();
      } catch {
        this.worker = null;
      }
    }
    return this.worker !== null;
  }

  /** Whether the worker holds a job for the target. */
  busy(target: K): boolean {
    return this.busyWith.has(target);
  }

  /** Sends the job, or (when the worker holds one for the same target) keeps it as the one waiting. */
  submit(job: J): 'sent' | 'waiting' {
    const target = this.hooks.target(job);
    if (this.busyWith.has(target)) {
      const old = this.waiting.get(target);
      this.waiting.set(target, job);
      if (old !== undefined) this.hooks.superseded?.(old, job);
      return 'waiting';
    }
    this.send(job);
    return 'sent';
  }

  /** Forgets the job waiting for the target (a newer result was computed elsewhere). */
  drop(target: K): void {
    const old = this.waiting.get(target);
    this.waiting.delete(target);
    if (old !== undefined) this.hooks.superseded?.(old, undefined);
  }

  private send(job: J): void {
    if (!this.available() || !this.worker) return this.hooks.failed(job, 'no worker');
    const id = this.nextId++;
    try {
      this.worker.postMessage(this.hooks.request(job, id));
    } catch {
      return this.hooks.failed(job, 'not sent'); // a value the structured clone cannot copy
    }
    this.inFlight.set(id, job);
    this.busyWith.set(this.hooks.target(job), job);
    this.hooks.sent(job);
  }

  private answer(a: A): void {
    const job = this.inFlight.get(a.id);
    if (job === undefined) return;
    this.inFlight.delete(a.id);
    const target = this.hooks.target(job);
    this.busyWith.delete(target);
    const next = this.waiting.get(target);
    this.waiting.delete(target);
    if (next !== undefined) this.send(next);
    this.hooks.answered(job, a, next);
  }

  /** The worker failed: what it held, then what waited behind it (newest last), goes back to the caller. */
  private stopped(): void {
    this.worker = null;
    const jobs = [...this.inFlight.values(), ...this.waiting.values()];
    this.inFlight.clear();
    this.busyWith.clear();
    this.waiting.clear();
    for (const job of jobs) this.hooks.failed(job, 'worker stopped');
  }
}
