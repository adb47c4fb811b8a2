// Which runs the page sends to the worker (src/client/run-costs.ts): a cheap model slowed once (its first,
// unoptimised run, or a busy machine) must not wait for the worker at every edit; a simulation must.
import { describe, expect, it } from 'vitest';
import { COLD_MS, FirstRuns, HEAVY_MS, RunCosts, SPIKE_MS } from '../../src/client/run-costs.ts';

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

  it('once warm runs are known, the cheapest of the last three decides, unless one of them took over a frame', () => {
    const c = new RunCosts();
    c.observe('m', 200, true); // cold, far over: heavy until a warm run is known
    c.observe('m', 10, false); // over HEAVY_MS, under a frame
    expect(c.heavy('m')).toBe(true);
    c.observe('m', 0.4, false); // its real cost
    expect(c.heavy('m')).toBe(false);
    c.observe('m', 10, false); // slowed by the machine, twice, under a frame: the cheapest still decides
    c.observe('m', 10, false);
    expect(c.heavy('m')).toBe(false);
    c.observe('m', 10, false); // three slow runs in a row
    expect(c.heavy('m')).toBe(true);
  });

  it('sends a model to the worker as soon as one of its last three runs took over a frame (its cost follows its inputs)', () => {
    const c = new RunCosts();
    // Typing "4000" → "400" → "4000" in a simulation's field: 60 ms, 0.5 ms, 60 ms (marketplace's oversell
    // simulation ran on the main thread at full cost after each cheap run, under the cheapest-of-three rule).
    c.observe('sim', 60, false);
    expect(c.heavy('sim')).toBe(true);
    c.observe('sim', 0.5, false);
    expect(c.heavy('sim')).toBe(true); // 60 ms is among the last three
    c.observe('sim', 0.5, false);
    c.observe('sim', 0.5, false);
    expect(c.heavy('sim')).toBe(false); // cheap three times in a row: back to the main thread
    c.observe('sim', SPIKE_MS, false); // at the line: stays
    expect(c.heavy('sim')).toBe(false);
    c.observe('sim', SPIKE_MS + 0.01, false);
    expect(c.heavy('sim')).toBe(true);
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
