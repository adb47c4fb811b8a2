// Which runs the page sends to the worker (src/client/run-costs.ts): a cheap model slowed once (its first,
// unoptimised run, or a busy machine) must not wait for the worker at every edit; a simulation must.
import { describe, expect, it } from 'vitest';
import { COLD_MS, FirstRuns, HEAVY_MS, RunCosts } from '../../src/client/run-costs.ts';

describe('RunCosts', () => {
  it('knows nothing of a key it has not seen: it runs on the main thread (which measures it)', () => {
    expect(new RunCosts().heavy('m')).toBe(false);
  });

  it('judges a first run only when it is far over the line', () => {
    const c = new RunCosts();
    c.observe('slow-start', COLD_MS - 1, true);
    expect(c.heavy('slow-start')).toBe(false);
    c.observe('sim', COLD_MS + 1, true);
    expect(c.heavy('sim')).toBe(true);
  });

  it('once warm runs are known, the cheapest of the last three decides', () => {
    const c = new RunCosts();
    c.observe('m', 200, true); // cold, far over: heavy until a warm run is known
    c.observe('m', 30, false); // preempted
    expect(c.heavy('m')).toBe(true);
    c.observe('m', 0.4, false); // its real cost
    expect(c.heavy('m')).toBe(false);
    c.observe('m', 25, false); // the reader made it heavy (more customers to simulate)
    c.observe('m', 25, false);
    expect(c.heavy('m')).toBe(false); // 0.4 is still among the last three
    c.observe('m', 25, false); // three slow runs in a row
    expect(c.heavy('m')).toBe(true);
  });

  it('puts the line at HEAVY_MS exactly (a run at the line stays on the main thread)', () => {
    const c = new RunCosts();
    c.observe('m', HEAVY_MS, false);
    expect(c.heavy('m')).toBe(false);
    c.observe('n', HEAVY_MS + 0.01, false);
    expect(c.heavy('n')).toBe(true);
  });
});

describe('FirstRuns', () => {
  it('says first once per key', () => {
    const f = new FirstRuns();
    expect([f.first('a'), f.first('a'), f.first('b'), f.first('a')]).toEqual([true, false, true, false]);
  });
});
