// follow(): a scenario of one model taking an input from another scenario's output, so a chain of models
// stays one chain when the reader edits its start (the browser side is covered by the reader test).
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../models/evaluate.ts';
import { little } from '../../models/queueing/little.ts';
import { mm1 } from '../../models/queueing/mm1.ts';
import { derive, follow, linkedInputs, scenario } from '../../src/lib/scenario.ts';

describe('follow()', () => {
  it('takes the output’s value (times a factor) at build time and records the link both ways', () => {
    const queue = scenario('queue', mm1, { arrivalRate: 8, serviceRate: 10 });
    // Independent derivation: M/M/1 with λ = 8, μ = 10 spends 1/(μ − λ) = 0.5 s in the system.
    expect(queue.output.meanTimeInSystem).toBeCloseTo(0.5, 12);
    const inFlight = scenario('inFlight', little, {
      arrivalRate: 8,
      meanTimeInSystem: follow(queue, 'meanTimeInSystem', { times: 2 }),
    });
    expect(inFlight.inputs['meanTimeInSystem']).toBeCloseTo(1, 12);
    expect(inFlight.output.meanInSystem).toBeCloseTo(8, 12); // L = λW = 8 × 1
    expect(inFlight.links).toEqual([{ input: 'meanTimeInSystem', from: 'queue', output: 'meanTimeInSystem', plus: 0, times: 2 }]);
    // shifted, then scaled: (0.5 + 0.25) × 4 = 3 s
    const shifted = scenario('shifted', little, {
      arrivalRate: 2,
      meanTimeInSystem: follow(queue, 'meanTimeInSystem', { plus: 0.25, times: 4 }),
    });
    expect(shifted.inputs['meanTimeInSystem']).toBeCloseTo(3, 12);
    expect(shifted.output.meanInSystem).toBeCloseTo(6, 12); // L = 2 × 3
    expect(queue.followers.map((f) => f.name)).toEqual(['inFlight', 'shifted']);
  });

  it('recomputes a follower from the latest outputs, as the browser does, and keeps its own value when the source has not changed', () => {
    const links = [{ input: 'meanTimeInSystem', from: 'queue', output: 'meanTimeInSystem', plus: 0, times: 1 }];
    const after = evaluate(mm1, { arrivalRate: 9, serviceRate: 10 }) as unknown as Record<string, unknown>;
    expect(linkedInputs({ arrivalRate: 8, meanTimeInSystem: 0.5 }, links, () => after)).toEqual({
      arrivalRate: 8,
      meanTimeInSystem: 1,
    });
    expect(linkedInputs({ arrivalRate: 8, meanTimeInSystem: 0.5 }, links, () => undefined)).toEqual({
      arrivalRate: 8,
      meanTimeInSystem: 0.5,
    });
  });

  it('refuses an output that is not a number, and a derived scenario as the source, naming both', () => {
    const queue = scenario('queue', mm1, { arrivalRate: 12, serviceRate: 10 }); // unstable: the times are null
    expect(() => scenario('inFlight', little, { arrivalRate: 8, meanTimeInSystem: follow(queue, 'meanTimeInSystem') })).toThrow(
      /input "meanTimeInSystem" follows "meanTimeInSystem" of scenario "queue", which is not a number \(null\)/,
    );
    const stable = scenario('stable', mm1, { arrivalRate: 5, serviceRate: 10 });
    const busier = derive('busier', stable, { scale: { arrivalRate: 1.5 } });
    expect(() => follow(busier, 'meanTimeInSystem')).toThrow(/"busier" is derived from "stable"; follow a scenario with a panel/);
  });
});
