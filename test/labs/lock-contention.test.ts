/**
 * The lock-contention lab in its short mode, against a real redis-server (started and stopped here): the lock
 * stays exclusive, the measured rate respects the bound that exclusivity implies, and the `lock-contention`
 * model, given the round trip, hold and timer lateness measured in the same run, predicts the measured
 * figures within stated tolerances and in the same order. Needs redis-server (scripts/env.sh's lb_servers
 * installs it); without it this fails with the install hint, it does not skip.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAll } from '../../labs/lib/servers.ts';
import { runLockContention, SHORT, type ContentionCell, type ContentionResult } from '../../labs/lock-contention.ts';

afterAll(stopAll);

describe('lock-contention, short mode (real redis-server, 2 and 8 clients, three strategies)', () => {
  let result: ContentionResult;
  const cell = (clients: number, strategy: string): ContentionCell => {
    const c = result.cells.find((x) => x.clients === clients && x.strategy === strategy);
    if (!c) throw new Error(`no cell ${clients}/${strategy}`);
    return c;
  };
  beforeAll(async () => {
    result = await runLockContention(SHORT);
  }, 120_000);

  it('measures every cell, every acquisition, with one holder at a time', () => {
    expect(result.cells.map((c) => `${c.clients}/${c.strategy}`)).toEqual([
      '2/fixed',
      '2/exponential',
      '2/full-jitter',
      '8/fixed',
      '8/exponential',
      '8/full-jitter',
    ]);
    for (const r of result.runs) {
      expect(r.maxHolders).toBe(1);
      expect(r.acquisitions).toBe(r.clients * r.acquisitionsPerClient);
      expect(r.attemptsPerAcquisition).toBeGreaterThanOrEqual(1);
    }
    expect(result.quietRoundTripMs.p50).toBeGreaterThan(0);
  });

  it('never passes more than one hold per hold time: rate × mean hold ≤ 1 (exclusivity), lock idle ≥ 0', () => {
    // Independent derivation: while one client holds the lock nobody else does, so the holds laid end to end
    // fit in the run: acquisitions × mean hold ≤ run time, i.e. rate ≤ 1/hold (e.g. 1/(10 ms) = 100 per second).
    for (const r of result.runs) {
      expect(r.acquisitionsPerSecond * (r.holdMs / 1000)).toBeLessThanOrEqual(1);
      expect(r.idleFraction).toBeGreaterThanOrEqual(0);
    }
  });

  it('agrees with the model: acquisitions per second within −40 %/+40 %, attempts per acquisition within a factor of 2', () => {
    // Tolerances: one short run per cell (64 acquisitions) against the model's mean of 10 seeded runs. On this
    // shared 2-core machine (load 6–11) a dozen short runs gave rate ratios from 0.75 to 1.28 (exponential backoff at 8 clients
    // the lowest: a few long idle gaps, when every waiter sleeps near the cap, decide its rate, and the model's
    // clients keep an exact schedule that real timers do not) and attempt ratios from 0.72 to 1.55. A model
    // that forgot the round trip, the hold or the waits would miss by far more.
    for (const c of result.cells) {
      expect(c.ratio.acquisitionsPerSecond, `${c.clients}/${c.strategy}`).toBeGreaterThan(0.6);
      expect(c.ratio.acquisitionsPerSecond, `${c.clients}/${c.strategy}`).toBeLessThan(1.4);
      expect(c.ratio.attemptsPerAcquisition, `${c.clients}/${c.strategy}`).toBeGreaterThan(0.5);
      expect(c.ratio.attemptsPerAcquisition, `${c.clients}/${c.strategy}`).toBeLessThan(2);
    }
  });

  it('orders the strategies as the model does at 8 clients: fixed wastes the most attempts, by far', () => {
    for (const side of ['measured', 'model'] as const) {
      const fixed = cell(8, 'fixed')[side].attemptsPerAcquisition;
      expect(fixed).toBeGreaterThan(2 * cell(8, 'exponential')[side].attemptsPerAcquisition);
      expect(fixed).toBeGreaterThan(2 * cell(8, 'full-jitter')[side].attemptsPerAcquisition);
    }
  });

  it('wastes more attempts with more clients, measured and modelled', () => {
    for (const strategy of ['fixed', 'exponential', 'full-jitter']) {
      expect(cell(8, strategy).measured.attemptsPerAcquisition).toBeGreaterThan(
        cell(2, strategy).measured.attemptsPerAcquisition,
      );
      expect(cell(8, strategy).model.attemptsPerAcquisition).toBeGreaterThan(cell(2, strategy).model.attemptsPerAcquisition);
    }
  });
});
