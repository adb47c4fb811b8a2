/**
 * The latency-numbers lab in its short mode: labs/latency-numbers.c compiles with the system's cc and times
 * what it says. Its figures vary with the machine and its load, so the test checks what holds on any
 * machine: each is a positive number of nanoseconds, and the memory hierarchy is ordered (an L1 hit is
 * cheaper than an L2 hit, which is cheaper than a DRAM reference; 1 MB from memory costs more than one
 * reference). Needs a C compiler; without one it fails naming cc, it does not skip.
 */
import { describe, expect, it } from 'vitest';
import { FIGURES, measureLatencies, SHORT } from '../../labs/latency-numbers.ts';

describe('labs/latency-numbers.c on this machine', () => {
  it('times every figure, and the memory hierarchy comes out in order', () => {
    const f = measureLatencies(SHORT.runs, SHORT.scale);
    for (const k of FIGURES) expect(f[k], k).toBeGreaterThan(0);
    expect(f.l1Reference).toBeLessThan(f.l2Reference);
    expect(f.l2Reference).toBeLessThan(f.memoryReference);
    expect(f.memoryReference).toBeLessThan(f.read1MBFromMemory);
  }, 120_000);
});
