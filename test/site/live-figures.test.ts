/**
 * The live bands, tornado and what-breaks-first figures (src/lib/live-figures.ts, figure-words.ts): what the
 * browser's worker computes at the reader's values, and the words both the build and the browser write.
 *
 * - At the page's values, `computeFigure` (the worker's one call) gives the build's data number for number,
 *   on every case study: the default page and a recompute at the defaults cannot differ.
 * - At other values it gives what a direct call of `bands` / `sensitivity` / `breaksFirst` gives with the
 *   ranges moved by hand (a log range keeps low ÷ likely and high ÷ likely), and what breaks first agrees
 *   with the limiter model's own closed form (headroomToSaturation) at the new peak.
 * - The words are checked against the data they are written from.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as distributedLocking from '../../case-studies/distributed-locking.ts';
import * as marketplace from '../../case-studies/marketplace.ts';
import * as notifications from '../../case-studies/notifications.ts';
import * as payments from '../../case-studies/payments.ts';
import * as rateLimiting from '../../case-studies/rate-limiting.ts';
import { check } from '../../models/evaluate.ts';
import { getModel } from '../../models/registry.ts';
import { bands, isBands, type Bands } from '../../src/lib/bands.ts';
import { isBreaksFirst, type BreaksFirst } from '../../src/lib/breaks-first.ts';
import {
  atWords,
  bandFigures,
  bandsCaption,
  bandsRows,
  bandsSentence,
  breaksSentence,
  plain,
  tornadoSentence,
} from '../../src/lib/figure-words.ts';
import {
  bandsConfig,
  bandsData,
  breaksConfig,
  breaksData,
  computeFigure,
  moveRange,
  rangesAt,
  tornadoConfig,
  tornadoData,
  type BandsData,
  type BreaksData,
  type TornadoData,
} from '../../src/lib/live-figures.ts';
import tornadoChart from '../../src/charts/tornado.ts';
import { inUnits } from '../../src/lib/chart-units.ts';
import { formatValue } from '../../src/lib/format.ts';
import { PAGE_UNITS } from '../../src/lib/output-units.ts';
import { chartMultiples, markerMultiples } from '../../src/lib/load-multiples.ts';
import { breaksRows, markerSentence, markerText, todayStep } from '../../src/lib/marker-words.ts';
import type { Range } from '../../src/lib/ranges.ts';
import { isSensitivity, sensitivity, type Sensitivity } from '../../src/lib/sensitivity.ts';

const modules = { marketplace, notifications, payments, rateLimiting } as Record<string, Record<string, unknown>>;

describe('a recompute at the page’s values is the build’s figure', () => {
  for (const [slug, mod] of Object.entries(modules)) {
    for (const [name, v] of Object.entries(mod)) {
      if (isBands(v)) {
        it(`${slug} ${name}`, () => {
          const b: Bands = v;
          const again = computeFigure(bandsConfig(b, 'x'), b.scenario.model, b.scenario.resolved, b.scenario.output);
          expect(again).toEqual(bandsData(b));
        });
      } else if (isSensitivity(v)) {
        it(`${slug} ${name}`, () => {
          const s: Sensitivity = v;
          const again = computeFigure(tornadoConfig(s, 'x'), s.scenario.model, s.scenario.resolved, s.scenario.output);
          expect(again).toEqual(tornadoData(s));
        });
      } else if (isBreaksFirst(v)) {
        it(`${slug} ${name}`, () => {
          const b: BreaksFirst = v;
          const config = breaksConfig(b, 'load', 'x');
          // Scenarios a check reads besides the scaled one (GrowthSpec.also), as the worker rebuilds them.
          const others = config.others.map((o) => {
            const model = getModel(o.model);
            if (!model) throw new Error(`no model ${o.model}`);
            return { config: o, model, input: o.page };
          });
          const again = computeFigure(config, b.scenario.model, b.scenario.resolved, b.scenario.output, {}, others);
          expect(again).toEqual(breaksData(b, 'load'));
        });
      }
    }
  }
});

describe('at the reader’s values (rate limiting, the peak doubled)', () => {
  const { limiter, limiterRanges, limiterBands, primariesSensitivity, limiterGrowth } = rateLimiting;
  const peak = (limiter.resolved as { peakRequestsPerSecond: number }).peakRequestsPerSecond;
  const input = { ...limiter.resolved, peakRequestsPerSecond: 2 * peak };
  const r = check(limiter.model, input);
  if (!r.ok) throw new Error('the doubled peak is refused');
  const output = r.output as Record<string, unknown>;
  const declared = limiterRanges.ranges['peakRequestsPerSecond'] as Range;

  it('moves the peak’s declared log range by the same factor (written out by hand)', () => {
    const moved = rangesAt({ ...limiter, resolved: input, output }, limiterRanges.ranges).ranges['peakRequestsPerSecond'];
    expect(declared.scale).toBe('log');
    expect(moved?.low).toBeCloseTo(2 * declared.low, 6);
    expect(moved?.high).toBeCloseTo(2 * declared.high, 6);
    expect(moved?.likely).toBe(2 * peak);
  });

  it('the tornado is sensitivity() at the reader’s values: the peak (a choice) is held at 2 ×, a premise swings around it', () => {
    const t = computeFigure(tornadoConfig(primariesSensitivity, 'x'), limiter.model, input, output) as TornadoData;
    expect(t.bars.find((b) => b.field === 'peakRequestsPerSecond')).toBeUndefined();
    expect(t.held).toContain('Peak API requests per second at the edge');
    const ops = limiterRanges.ranges['opsPerPrimary'] as Range;
    const bar = t.bars.find((b) => b.field === 'opsPerPrimary');
    const at = (v: number) => {
      const x = check(limiter.model, { ...input, opsPerPrimary: v });
      return x.ok ? (x.output as { primaries: number }).primaries : null;
    };
    expect(bar?.atLow).toBe(at(ops.low));
    expect(bar?.atHigh).toBe(at(ops.high));
    expect(t.likely).toBe(output['primaries']);
    expect(t.likely).not.toBe(primariesSensitivity.likely);
    expect(t.at.changed.map((c) => c.field)).toEqual(['peakRequestsPerSecond']);
  });

  it('the bands are bands() at the moved ranges with the build’s seed, and differ from the page’s', () => {
    const live = computeFigure(bandsConfig(limiterBands, 'x'), limiter.model, input, output) as BandsData;
    const s = { ...limiter, resolved: input, inputs: input, output } as never;
    const direct = bands(
      rangesAt(s, limiterRanges.ranges),
      limiterBands.bands.map((b) => b.headline),
    );
    expect(live.bands).toEqual(direct.bands);
    expect(live.bands[0]?.p95).not.toBe(limiterBands.bands[0]?.p95);
  });

  it('what breaks first: the CPU saturates at the model’s headroomToSaturation at the new peak', () => {
    const live = computeFigure(breaksConfig(limiterGrowth, 'peak', 'x'), limiter.model, input, output) as BreaksData;
    const cpu = live.order.find((o) => o.id === 'cpu')?.multiple ?? NaN;
    expect(Math.abs(cpu - (output['headroomToSaturation'] as number))).toBeLessThan(1e-8 * cpu);
    expect(live.firstId).toBe('cpu');
  });

  it('a range the reader gives replaces the declared one for that input', () => {
    const t = computeFigure(tornadoConfig(primariesSensitivity, 'x'), limiter.model, input, output, {
      peakRequestsPerSecond: { low: peak, high: 4 * peak },
    }) as TornadoData;
    const bar = t.bars.find((b) => b.field === 'peakRequestsPerSecond');
    expect([bar?.low, bar?.high]).toEqual([peak, 4 * peak]);
    expect(t.at.readerRanges).toEqual(['peakRequestsPerSecond']);
    const direct = sensitivity(
      {
        scenario: { ...limiter, resolved: input, output },
        ranges: {
          ...rangesAt({ ...limiter, resolved: input, output }, limiterRanges.ranges).ranges,
          // a range the reader gives is drawn even on an input the page holds as a choice
          peakRequestsPerSecond: {
            ...declared,
            low: peak,
            high: 4 * peak,
            likely: 2 * peak,
            why: 'your range',
            scale: 'linear',
            kind: 'premise',
          },
        },
      },
      primariesSensitivity.headline,
    );
    expect(t.bars).toEqual(direct.bars);
  });
});

describe('moveRange', () => {
  const log: Range = { low: 10, high: 1000, likely: 100, why: 'test', scale: 'log', integer: false, kind: 'premise' };
  const lin: Range = { low: 0.5, high: 0.9, likely: 0.7, why: 'test', scale: 'linear', integer: false, kind: 'premise' };
  it('keeps a log range’s ratios and a linear range’s offsets, and holds the reader’s value', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), (v) => {
        const m = moveRange(log, v);
        expect(m.low / v).toBeCloseTo(0.1, 9);
        expect(m.high / v).toBeCloseTo(10, 9);
        expect(m.low <= v && v <= m.high).toBe(true);
      }),
    );
    const m = moveRange(lin, 0.6);
    expect([m.low, m.high]).toEqual([0.4, 0.8].map((x) => expect.closeTo(x, 12) as unknown as number));
  });
  it('clips to what the model allows, the value always inside', () => {
    const m = moveRange(lin, 0.95, { minimum: 0, maximum: 1 });
    expect(m.high).toBe(1);
    expect(m.low).toBeCloseTo(0.75, 12);
    expect(moveRange(log, 100)).toBe(log);
  });
});

describe('the words', () => {
  const { limiterBands, primariesSensitivity, limiterGrowth } = rateLimiting;
  it('the bands sentence states the first output’s 5th and 95th percentiles and the page’s value, and the rows each band', () => {
    const d = bandsData(limiterBands);
    const [first] = limiterBands.bands;
    const text = plain(bandsSentence(d));
    expect(text).toContain(
      `put the Redis primaries between ${first?.p5} and ${first?.p95}, against ${first?.likely} at the page’s values`,
    );
    expect(bandsRows(d)[0]?.slice(0, 5)).toEqual([
      'The Redis primaries',
      ...[first?.likely, first?.p5, first?.p50, first?.p95].map(String),
    ]);
  });
  it('durations and sizes follow the reader’s units of results; counts and labelled money keep their words', () => {
    const d = bandsData(limiterBands);
    const p99 = limiterBands.bands[1];
    if (!p99?.p5 || !p99.likely || !p99.p95) throw new Error('the p99 band has numbers');
    const page = bandsRows(d)[1];
    const inSeconds = bandsRows(d, { ...PAGE_UNITS, duration: 's' })[1];
    const inMs = bandsRows(d, { ...PAGE_UNITS, duration: 'ms' })[1];
    // The page writes a sub-millisecond p99 in µs (its own unit); seconds and milliseconds are the reader's choices.
    expect(page?.[1]).toMatch(/µs$/);
    expect(inSeconds?.[1]).toBe(formatValue(p99.likely, { unit: 's' }));
    expect(inMs?.[1]).toBe(formatValue(p99.likely, { unit: 'ms' }));
    // the 5th percentile at two significant figures (5 000 draws), in ms
    expect(inMs?.[2]).toBe(formatValue(Number(p99.p5.toPrecision(2)), { unit: 'ms' }));
    // the primaries (a count) and the cost a month (its label says its time) are written as on the page
    expect(bandsRows(d, { ...PAGE_UNITS, duration: 's', money: 'year', rate: 'min' })[0]).toEqual(bandsRows(d)[0]);
    expect(bandsRows(d, { ...PAGE_UNITS, money: 'year' })[2]).toEqual(bandsRows(d)[2]);
    // the tornado of the p99 says its three values in the chosen unit too
    const t = tornadoData(rateLimiting.latencySensitivity);
    const said = plain(tornadoSentence(t, { ...PAGE_UNITS, duration: 'ms' }));
    expect(said).toContain(`against ${formatValue(t.likely ?? 0, { unit: 'ms' })} at the page’s values`);
    expect(plain(tornadoSentence(t))).toContain(
      `against ${formatValue(t.likely ?? 0, { format: 'duration' })} at the page’s values`,
    );
    // and its table's "Range" column writes a duration input's low and high in the chosen unit, as its outputs
    const rtt = t.bars.find((b) => b.inputFormat === 'duration');
    if (!rtt) throw new Error('the p99 tornado swings a duration input');
    const row = (u: typeof PAGE_UNITS) => inUnits(u, undefined, () => tornadoChart.table(t)).rows.find((r) => r[0] === rtt.short);
    expect(row({ ...PAGE_UNITS, duration: 's' })?.[1]).toBe(
      `${formatValue(rtt.low, { unit: 's' })} to ${formatValue(rtt.high, { unit: 's' })}`,
    );
    expect(row({ ...PAGE_UNITS, duration: 'ms' })?.[1]).toBe(
      `${formatValue(rtt.low, { unit: 'ms' })} to ${formatValue(rtt.high, { unit: 'ms' })}`,
    );
    expect(row(PAGE_UNITS)?.[1]).toBe(
      `${formatValue(rtt.low, { format: 'duration' })} to ${formatValue(rtt.high, { format: 'duration' })}`,
    );
    expect(row(PAGE_UNITS)).toEqual(tornadoChart.table(t).rows.find((r) => r[0] === rtt.short));
  });
  it('a band shows the significant figures its draws support: two with 100 draws in a tail, one below', () => {
    // a tail holds 0.05 n draws; its nearest rank moves by about √(0.05 n) between seeds: ≤ 10 % from 100 draws up
    expect([200, 1999, 2000, 5000].map(bandFigures)).toEqual([1, 1, 2, 2]);
    expect(bandsCaption(bandsData(limiterBands), {})).toContain('5,000 draws, seed 13; percentiles to two significant figures)');
  });
  it('the tornado sentence names the widest swing and says the inputs that do not move it', () => {
    const d = tornadoData(primariesSensitivity);
    const text = plain(tornadoSentence(d));
    const [top] = primariesSensitivity.bars;
    expect(
      text.startsWith(
        `Of the uncertain inputs, ${top?.short.replace(/^./, (c) => c.toLowerCase())} moves the Redis primaries most`,
      ),
    ).toBe(true);
    for (const still of primariesSensitivity.bars.filter((b) => b.swing === 0))
      expect(text.toLowerCase()).toContain(still.short.toLowerCase());
    expect(text).toMatch(/do(es)? not move it at all\.$/);
  });
  it('lists three inputs that do not move a tornado’s output as a list, not “A and B and C”', () => {
    // the marketplace's storage: only the image size moves it; the flash multiple, the pages a session and the
    // server's capacity are three zero bars
    const { storageSensitivity } = marketplace;
    const still = storageSensitivity.bars.filter((b) => b.swing === 0).map((b) => b.short.replace(/^./, (c) => c.toLowerCase()));
    expect(still).toHaveLength(3);
    const text = plain(tornadoSentence(tornadoData(storageSensitivity)));
    const [a, b, c] = still;
    expect(text.endsWith(` ${a?.replace(/^./, (x) => x.toUpperCase())}, ${b} and ${c} do not move it at all.`)).toBe(true);
  });
  it('a tornado where no input moves the output says so, not that the first bar “moves it most” (review 13b A12)', () => {
    // the locking page with one worker: nobody waits, so a lapsed lease hands the lock to no one and the closed form
    // gives 0 overlaps a day at every end of every range (pauses, their length, their spread, the round trip)
    const s = distributedLocking.overlapSensitivity;
    const input = { ...s.scenario.resolved, clients: 1 };
    const r = check(s.scenario.model, input);
    if (!r.ok) throw new Error('one worker is a valid lease panel');
    const d = computeFigure(
      tornadoConfig(s, 'x'),
      s.scenario.model,
      r.input as Record<string, unknown>,
      r.output as Record<string, unknown>,
    );
    if (d.kind !== 'tornado') throw new Error('a tornado');
    expect(d.bars.every((b) => b.swing === 0)).toBe(true);
    expect(plain(tornadoSentence(d))).toBe(
      'No uncertain input moves the overlaps a day at your values: it stays at 0 across every range.',
    );
    // at the page's values the widest bar still moves it (1 % of holders pausing, 8 workers)
    expect(plain(tornadoSentence(tornadoData(s)))).toMatch(/^Of the uncertain inputs, .* moves the overlaps a day most/);
  });
  it('what breaks first: a component past 100 % at the smallest multiple searched reads “below” it (review 13b A14)', () => {
    // the locking page at 10^12 acquisitions wanted a second: the lock passes 76.3 a second (7.6e-11×) and the Redis
    // primary's CPU about 30 000 (3e-8×), both far below the search's floor, which the page used to print as the answer
    const b = distributedLocking.lockGrowth;
    const s = b.scenario;
    const r = check(s.model, { ...s.resolved, arrivalRate: 1e12 });
    if (!r.ok) throw new Error('10^12 a second is a valid demand');
    const d = computeFigure(
      breaksConfig(b, 'demand for the lock', 'x'),
      s.model,
      r.input as Record<string, unknown>,
      r.output as Record<string, unknown>,
    );
    if (d.kind !== 'breaks-first') throw new Error('a breaks-first figure');
    expect(d.order.every((o) => o.multiple === d.from)).toBe(true);
    const floor = formatValue(d.from, { format: 'decimal' });
    expect(plain(breaksSentence(d))).toBe(
      `Scaling the demand for the lock with everything built for today held fixed, the lock itself is already saturated today: it reaches 100 % below ${floor}× today’s demand for the lock; then the Redis primary’s CPU below ${floor}×.`,
    );
    // at the page's 20 a second the multiple is found, not floored: 76.3 / 20 = 3.81
    expect(plain(breaksSentence(breaksData(b, 'demand for the lock')))).toMatch(/saturates first, at 3\.\d+× today’s demand/);
  });
  it('what breaks first: the sentence names the first and its multiple; the marker at 1× reads today’s utilisations', () => {
    const d = breaksData(limiterGrowth, 'peak');
    const text = plain(breaksSentence(d));
    expect(text).toContain(`the Redis primaries’ CPU saturates first, at 2.02× today’s peak`);
    const i = todayStep(d);
    expect(d.steps[i]?.multiple).toBe(1);
    const cpuToday = limiterGrowth.order.find((o) => o.check.id === 'cpu')?.today ?? NaN;
    const memToday = limiterGrowth.order.find((o) => o.check.id === 'memory')?.today ?? NaN;
    expect(markerText(d, i)).toBe(
      `1× today’s peak: the Redis primaries’ CPU at ${formatValue(cpuToday, { format: 'percent' })}, the primaries’ memory, to its fill target at ${formatValue(memToday, { format: 'percent' })}`,
    );
    expect(markerSentence(d, i)).toMatch(/nothing is saturated\.$/);
    const past = d.steps.findIndex((s) => s.multiple >= 2.5);
    expect(markerSentence(d, past)).toMatch(/the Redis primaries’ CPU is saturated\.$/);
    expect(breaksRows(d, past)[0]?.[2]).toMatch(/^1\d\d%$/);
  });
  it('says where the figure was computed', () => {
    const words = { peakRequestsPerSecond: { short: 'Peak requests a second', format: 'compact' as const } };
    expect(atWords({ changed: [], readerRanges: [] }, words)).toBe('at the page’s values');
    expect(
      atWords(
        {
          changed: [{ field: 'peakRequestsPerSecond', short: 'Peak requests a second', value: 2e6 }],
          readerRanges: ['peakRequestsPerSecond'],
        },
        words,
      ),
    ).toBe('at your values (peak requests a second 2 million), with your range for peak requests a second');
  });
});

describe('load multiples', () => {
  it('the marker’s stops are round, sorted, within the chart and include 1', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 0.9, noNaN: true }), fc.double({ min: 1.1, max: 1e3, noNaN: true }), (lo, hi) => {
        const m = markerMultiples(lo, hi);
        expect(m).toContain(1);
        expect([...m].sort((a, b) => a - b)).toEqual(m);
        for (const x of m) if (x !== 1) expect(x >= lo * (1 - 1e-9) && x <= hi * (1 + 1e-9)).toBe(true);
      }),
    );
    expect(markerMultiples(0.9, 3)).toEqual([1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3]);
  });
  it('the chart’s grid reaches a tenth of the first saturation and twice the last', () => {
    const g = chartMultiples({ order: [{ multiple: 0.5 }, { multiple: 40 }, { multiple: null }], upTo: 1000 });
    expect(g[0]).toBeCloseTo(0.05, 9);
    expect(g[g.length - 1]).toBe(80);
    expect(g).toContain(1);
  });
});
