/**
 * The played simulations (src/lib/player.ts): every frame is drawn from the model's own output, so at the last
 * frame each tally must equal the totals the model reports, frames and key frames run forward in time, and a
 * tally never goes backwards. Checked at the pages' scenarios and, by property, over other inputs of the models.
 */
import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import * as rateLimiting from '../../case-studies/rate-limiting.ts';
import * as notifications from '../../case-studies/notifications.ts';
import { evaluate } from '../../models/evaluate.ts';
import { rateLimitCompare } from '../../models/rate-limiting/compare.ts';
import { reconnectStorm } from '../../models/case-studies/reconnect-storm.ts';
import { ggcSimulation } from '../../models/simulation/ggc-simulation.ts';
import type { OutputOf } from '../../models/model.ts';
import { chartData } from '../../src/lib/chart.ts';
import { formatValue } from '../../src/lib/format.ts';
import { plotGeometry, xOf } from '../../src/lib/player-geometry.ts';
import {
  backlogAt,
  boundaryBurst,
  frameTimes,
  nextKey,
  playableOf,
  previousKey,
  queuePlayer,
  rateLimitPlayer,
  rateTally,
  stormPlayer,
  stormTally,
  type Timeline,
} from '../../src/lib/player.ts';

type RateOutput = OutputOf<typeof rateLimitCompare>;
type StormOutput = OutputOf<typeof reconnectStorm>;
type QueueOutput = OutputOf<typeof ggcSimulation>;

function expectTimeline(t: Timeline): void {
  const times = frameTimes(t);
  expect(times[0]).toBe(t.start);
  expect(times.at(-1)).toBe(t.end);
  for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1] as number);
  for (let i = 1; i < t.keys.length; i++) expect(t.keys[i]?.time).toBeGreaterThan(t.keys[i - 1]?.time as number);
  for (const k of t.keys) {
    expect(k.time).toBeGreaterThanOrEqual(t.start);
    expect(k.time).toBeLessThanOrEqual(t.end);
  }
  expect(t.keys.at(-1)?.time).toBe(t.end);
}

describe('rate-limit trace', () => {
  const s = rateLimiting.timeline.scenario;
  const out = s.output as RateOutput;

  it('is the chart the page draws, and playable', () => {
    expect(rateLimiting.timeline.chart.name).toBe(rateLimitPlayer.chart);
    expect(playableOf('rate-limit-timeline')).toBe(rateLimitPlayer);
    expect(playableOf('rate-limit-window-max')).toBeUndefined();
  });

  it('tallies at the last frame equal the model’s totals per algorithm', () => {
    const tally = rateTally(out, rateLimitPlayer.timeline(s.resolved, out).end);
    expect(tally.map((r) => [r.id, r.admitted, r.rejected])).toEqual(out.algorithms.map((a) => [a.id, a.admitted, a.rejected]));
    // the page's trace: 75 requests (the steady 0.5/s for 60 s = 30, plus bursts of 10, 10 and 25), each admitted or rejected
    for (const r of tally) expect(r.admitted + r.rejected).toBe(75);
  });

  it('shows the fixed window’s boundary burst as the playhead crosses it', () => {
    // Bursts of 10 at 9.5 s and 10 more at 10 s, limit 10 per 10 s: the fixed window admits the first 10 in its
    // window [0, 10) (plus the steady requests before them, hence some of the burst rejected) and a fresh 10 at
    // 10 s, as its counter resets. The span ending at 11 s holds 19 admitted: the model's own
    // maxAdmittedInAnyWindow for the fixed window (19), nearly twice the limit.
    const burst = boundaryBurst(out);
    const fixed = out.algorithms.find((a) => a.id === 'fixed-window');
    expect(burst).toEqual({ end: 11, admitted: 19, boundary: 10 });
    expect(burst?.admitted).toBe(fixed?.maxAdmittedInAnyWindow);
    const before = rateLimitPlayer.frame(s.resolved, out, 10);
    const after = rateLimitPlayer.frame(s.resolved, out, 11);
    expect(before.rows.find((r) => r.label === 'Fixed window')?.alert).toBe(false);
    expect(after.rows.find((r) => r.label === 'Fixed window')?.alert).toBe(true);
    expect(after.summary).toMatch(/Fixed window admitted 19 in the last 10\ss, over its limit of 10 per window/);
    // the sliding algorithms never exceed the limit in any window, so they are never flagged
    for (const t of frameTimes(rateLimitPlayer.timeline(s.resolved, out))) {
      const f = rateLimitPlayer.frame(s.resolved, out, t);
      expect(f.rows.filter((r) => r.label.startsWith('Sliding')).every((r) => !r.alert)).toBe(true);
    }
    expect(rateLimitPlayer.timeline(s.resolved, out).keys.map((k) => k.time)).toEqual([10, 11, 60]);
  });

  it('frames are monotone in time and tallies never decrease, for any trace the model accepts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.constantFrom(0.5, 1, 2),
        (limit, window, rate, bucket) => {
          const o: RateOutput = evaluate(rateLimitCompare, { limit, window, baseRate: rate, duration: 60, bucket });
          const t = rateLimitPlayer.timeline({}, o);
          expectTimeline(t);
          let last = rateTally(o, t.start);
          for (const time of frameTimes(t)) {
            const now = rateTally(o, time);
            now.forEach((row, i) => {
              expect(row.admitted).toBeGreaterThanOrEqual(last[i]?.admitted ?? 0);
              expect(row.rejected).toBeGreaterThanOrEqual(last[i]?.rejected ?? 0);
            });
            last = now;
          }
          expect(last.map((x) => [x.admitted, x.rejected])).toEqual(o.algorithms.map((a) => [a.admitted, a.rejected]));
          const burst = boundaryBurst(o);
          const fixed = o.algorithms.find((a) => a.id === 'fixed-window');
          if (burst) expect(burst.admitted).toBeLessThanOrEqual(fixed?.maxAdmittedInAnyWindow ?? 0);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('reconnect storm', () => {
  const s = notifications.stormChart.scenario;
  const out = s.output as StormOutput;
  const clients = out.clientsSimulated * out.weight;

  it('tallies at the last frame equal the model’s attempts and clients back', () => {
    const t = stormPlayer.timeline(s.resolved, out);
    expectTimeline(t);
    const tally = stormTally(s.resolved, out, t.end);
    for (const [i, strat] of out.strategies.entries()) {
      expect(tally[i]?.attempts).toBeCloseTo(strat.totalAttempts, 3);
      expect((tally[i]?.accepted ?? 0) / clients).toBeCloseTo(strat.reconnectedShare, 9);
    }
  });

  it('marks when the handshake queue clears and when every client is back', () => {
    const t = stormPlayer.timeline(s.resolved, out);
    const full = out.strategies.find((x) => x.id === 'full');
    // the page's jittered clients: all back at 31 s (the model's allBack); unjittered waves stay above capacity for minutes
    expect(full?.allBack).toBe(31);
    // the key moment is the end of the 2 s sample [30, 32) that holds it: whole samples are tallied, so there 100 % are back
    const key = t.keys.find((k) => k.label.startsWith('jittered: every client back'));
    expect(key?.time).toBe(32);
    expect(key?.label).toMatch(/the last at 31\ss/);
    expect(stormTally(s.resolved, out, 32).find((r) => r.id === 'full')?.accepted).toBeCloseTo(clients, 6);
    const cleared = stormTally(s.resolved, out, t.end).find((r) => r.id === 'no-jitter')?.clearsAt ?? 0;
    expect(cleared).toBeGreaterThan(60);
    const noJitter = out.strategies.find((x) => x.id === 'no-jitter');
    for (const p of noJitter?.series ?? [])
      if (p.time >= cleared) expect(p.attemptsPerSecond).toBeLessThanOrEqual(Number(s.resolved['acceptCapacity']));
    // the moment it clears is marked on the chart once the playhead has passed it, not before
    expect(stormPlayer.frame(s.resolved, out, cleared - 2).marks).toBeUndefined();
    expect(stormPlayer.frame(s.resolved, out, cleared).marks).toEqual([
      { time: cleared, label: 'no jitter: attempts within capacity' },
    ]);
    // at the end (review 13, A14): no "queue cleared" beside a share still out; attempts within capacity since the last
    // wave above it, and the share still out said: 100 % − the share back
    const last = stormPlayer.frame(s.resolved, out, t.end);
    const back = out.strategies.find((x) => x.id === 'no-jitter')?.reconnectedShare ?? 1;
    expect(back).toBeLessThan(1);
    expect(last.summary).not.toMatch(/queue cleared/);
    expect(last.summary).toMatch(
      /no jitter 0 attempts\/s \(within capacity since \d+(\.\d+)?\s?(s|min)\), [\d.]+% back, [\d.]+% still out/,
    );
    expect(last.summary).toContain(`${formatValue(1 - back, { format: 'percent' })} still out`);
    const f = stormPlayer.frame(s.resolved, out, 2);
    expect(f.rows[0]?.alert).toBe(true); // the synchronised first wave is far above capacity
    expect(f.summary).toMatch(/^t = 2\ss after the drop: no jitter .* attempts\/s \(\d+(\.\d+)?× capacity\)/);
  });

  it('clients back never decrease over the run', () => {
    const t = stormPlayer.timeline(s.resolved, out);
    let last = 0;
    for (const time of frameTimes(t)) {
      const back = stormTally(s.resolved, out, time).reduce((a, r) => a + r.accepted, 0);
      expect(back).toBeGreaterThanOrEqual(last - 1e-6);
      last = back;
    }
  });
});

describe('queue through a spike', () => {
  const input = ggcSimulation.example as Record<string, unknown>;
  const out: QueueOutput = evaluate(ggcSimulation, input);

  it('reads the chart’s step curve at the playhead and marks the spike’s end and the drain', () => {
    const t = queuePlayer.timeline(input, out);
    expectTimeline(t);
    for (const p of out.backlogSeries) expect(backlogAt(out, p.time)).toBe(p.backlog);
    // the model's example: spike 60–120 s, drained 183.69 s after it (its doc comment)
    expect(out.spikeEnd).toBe(120);
    const keys = t.keys.map((k) => k.time);
    expect(keys).toContain(120);
    expect(keys).toContain(120 + (out.drainTime ?? NaN));
    const last = queuePlayer.frame(input, out, t.end);
    // the most waiting as the chart samples it (every seriesStep), at most the model's exact maxBacklog
    const sampledMax = Math.max(...out.backlogSeries.map((p) => p.backlog));
    expect(sampledMax).toBeLessThanOrEqual(out.maxBacklog);
    expect(last.rows[1]?.cells[0]).toBe(new Intl.NumberFormat('en-US').format(sampledMax));
    expect(queuePlayer.frame(input, out, 200).summary).toMatch(/Draining since the spike ended at 120\ss/);
  });
});

describe('key frames', () => {
  it('step forward to the next and back to the previous, wrapping to the start after the end', () => {
    const t: Timeline = {
      start: 0,
      end: 10,
      step: 1,
      keys: [
        { time: 3, label: 'a' },
        { time: 10, label: 'end' },
      ],
    };
    expect(nextKey(t, 0).time).toBe(3);
    expect(nextKey(t, 3).time).toBe(10);
    expect(nextKey(t, 10).time).toBe(0);
    expect(previousKey(t, 10).time).toBe(3);
    expect(previousKey(t, 3).time).toBe(0);
  });
});

describe('plot geometry', () => {
  it('reads the time axis, the plotting area and the facets from the chart the page draws', () => {
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const b = rateLimiting.timeline;
    const data = chartData(b.chart, b.scenario.model, b.scenario.resolved, b.scenario.output as never);
    const g = plotGeometry(b.chart.render(data, { width: 720, document }), 720);
    // the chart's own options (src/charts/rate-limit-timeline.ts): x over [0, duration], margins 40 and 8,
    // top margin 26, bottom 44, six facets of 84 px rows: height 6 × 84 + 56 = 560
    expect(g?.domain).toEqual([0, 60]);
    expect(g?.range).toEqual([40, 712]);
    expect(g?.height).toBe(560);
    expect(g?.top).toBe(26);
    expect(g?.bottom).toBe(560 - 44);
    expect(g?.facets?.map((f) => f.name)).toEqual((b.scenario.output as RateOutput).algorithms.map((a) => a.title));
    expect(xOf(g!, 30)).toBe(376);
    expect(xOf(g!, 90)).toBe(712); // clamped to the axis
    // the storm's accept capacity line, by the chart's symlog y scale: 275 000/s, within the plotting area
    const st = notifications.stormChart;
    const sd = chartData(st.chart, st.scenario.model, st.scenario.resolved, st.scenario.output as never);
    const sg = plotGeometry(st.chart.render(sd, { width: 720, document }), 720, [275_000]);
    const y = sg?.ys?.[0] ?? NaN;
    expect(y).toBeGreaterThan(sg?.top ?? Infinity);
    expect(y).toBeLessThan(sg?.bottom ?? -Infinity);
  });
});
