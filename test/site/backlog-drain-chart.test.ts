import { describe, expect, it } from 'vitest';
import { evaluate } from '../../models/evaluate.ts';
import type { InputOf, Model } from '../../models/model.ts';
import { backlogDrain } from '../../models/queueing/backlog-drain.ts';
import chart, { backlogCorners, timeUnit } from '../../src/charts/backlog-drain.ts';
import { chartData } from '../../src/lib/chart.ts';

function data(input: InputOf<typeof backlogDrain>) {
  const output = evaluate(backlogDrain, input);
  return chartData(chart, backlogDrain as unknown as Model, input, output);
}

describe('the backlog-drain chart', () => {
  it('draws the fluid queue by its corners: up during the spike, down at the spare capacity, then flat', () => {
    // 10-minute outage at 1 000/s, consumers at 1 500/s: 600 000 queued at 600 s, gone 600 000/500 = 1 200 s later
    const corners = backlogCorners(data(backlogDrain.example));
    expect(corners.map((p) => [p.time, p.backlog, p.at])).toEqual([
      [0, 0, 'spike starts'],
      [600, 600_000, 'spike ends'],
      [1800, 0, 'backlog drained'],
      [1980, 0, 'baseline'],
    ]);
  });

  it('shows a backlog that never drains still growing after the spike, and says so', () => {
    // 100/s over a 50/s service for 60 s: 3 000 queued; after it, 80/s against 50/s adds 30/s for another 60 s
    const d = data({ baselineRate: 80, spikeRate: 100, spikeDuration: 60, serviceRate: 50 });
    expect(backlogCorners(d).map((p) => [p.time, p.backlog, p.at])).toEqual([
      [0, 0, 'spike starts'],
      [60, 3000, 'spike ends'],
      [120, 4800, 'still growing'],
    ]);
    expect(
      chart
        .table(d)
        .rows.at(-1)
        ?.map((c) => c.replace(/\s/gu, ' ')),
    ).toEqual(['2 min', '4,800', 'still growing']);
  });

  it('picks the axis unit from the span shown', () => {
    expect([90, 1980, 20_000, 400_000].map((s) => timeUnit(s).name)).toEqual(['s', 'min', 'h', 'days']);
  });
});
