/**
 * The latency-numbers lab: the figures of "latency numbers every programmer should know" that this machine
 * can time by itself (an L1 and an L2 hit, a DRAM reference, an uncontended mutex, a syscall, reading 1 MB
 * from memory, a 4 KiB random read from its disk), measured by a small C program (labs/latency-numbers.c,
 * compiled here with the system's cc) so that no runtime sits between the clock and the operation. The
 * cheat sheet of latency numbers shows them beside the published lists, with this machine and this date.
 *
 * CPU-bound figures are the thread's CPU time per operation (preemption by other work on a shared machine
 * is not counted); the disk figure is wall-clock time. Each is the median of `runs` runs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LABS_DIR, type Lab, type LabContext, type LabOutput } from './lib/lab.ts';
import { labFlags } from './lib/flags.ts';

/** Nanoseconds per operation, as the C program prints them. */
export interface LatencyFigures {
  readonly l1Reference: number;
  readonly l2Reference: number;
  readonly memoryReference: number;
  readonly mutexLockUnlock: number;
  readonly syscall: number;
  readonly read1MBFromMemory: number;
  readonly diskRandomRead4K: number;
}

export const FIGURES: readonly (keyof LatencyFigures)[] = [
  'l1Reference',
  'l2Reference',
  'memoryReference',
  'mutexLockUnlock',
  'syscall',
  'read1MBFromMemory',
  'diskRandomRead4K',
];

export const FULL = { runs: 7, scale: 1 } as const;
export const SHORT = { runs: 3, scale: 0.1 } as const;

function compilerVersion(): string {
  return execFileSync('cc', ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? 'cc';
}

/** Compiles labs/latency-numbers.c (-O2) into a temporary directory and runs it; the disk test's file lives there too. */
export function measureLatencies(runs: number, scale: number): LatencyFigures {
  const dir = mkdtempSync(join(tmpdir(), 'lb-latency-'));
  try {
    const bin = join(dir, 'latency-numbers');
    execFileSync('cc', ['-O2', '-o', bin, join(LABS_DIR, 'latency-numbers.c'), '-lpthread'], { stdio: 'pipe' });
    // The disk file goes next to the repository (a disk-backed filesystem), not in a tmpfs /tmp, where O_DIRECT fails.
    const file = join(LABS_DIR, '..', '.tmp', `latency-disk-${process.pid}.bin`);
    execFileSync('mkdir', ['-p', join(LABS_DIR, '..', '.tmp')]);
    const out = execFileSync(bin, [String(runs), String(scale), file], { encoding: 'utf8', timeout: 600_000 });
    const figures = JSON.parse(out) as Record<string, unknown>;
    for (const k of FIGURES) {
      const v = figures[k];
      if (typeof v !== 'number' || !(v > 0))
        throw new Error(`latency-numbers: ${k} came out ${String(v)}: the measurement failed`);
    }
    return figures as unknown as LatencyFigures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function options(context: LabContext): { runs: number; scale: number } {
  const base = context.mode === 'full' ? FULL : SHORT;
  const f = labFlags('latency-numbers', context.args, ['runs', 'scale']);
  return { runs: f.int('runs', base.runs, 1, 1000), scale: f.number('scale', base.scale, 0.001, 100) };
}

export const latencyNumbers: Lab = {
  name: 'latency-numbers',
  summary: 'L1, L2 and DRAM references, a mutex, a syscall, 1 MB from memory and a 4 KiB disk read, timed on this machine',
  servers: [],
  options: [
    `--runs N     runs of each measurement; the median is reported (full ${FULL.runs}, short ${SHORT.runs})`,
    `--scale S    iterations per run relative to the full run (full ${FULL.scale}, short ${SHORT.scale})`,
  ],
  run(context): Promise<LabOutput> {
    const o = options(context);
    context.log(`compiling labs/latency-numbers.c and running it: ${o.runs} runs, scale ${o.scale}`);
    const figures = measureLatencies(o.runs, o.scale);
    return Promise.resolve({
      parameters: { ...o, clock: 'thread CPU time (disk: wall clock)', source: 'labs/latency-numbers.c' },
      versions: { cc: compilerVersion() },
      summary: { nanoseconds: figures },
      raw: { nanoseconds: figures },
      report: FIGURES.map((k) => `${k}: ${figures[k]} ns`),
    });
  },
};
