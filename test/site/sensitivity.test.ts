/**
 * The helpers of issue 13's bands, tornado and what-breaks-first (src/lib/bands.ts, sensitivity.ts,
 * breaks-first.ts), each checked on an M/M/1 queue (model `mmc` with one server) against its closed forms,
 * which are independent of the code under test: time in system W = 1/(μ − λ) for λ < μ, none otherwise
 * (Kleinrock, Queueing Systems vol. 1, §3.2); utilisation ρ = λ/(cμ), so a load multiple m saturates the
 * servers at m = cμ/λ; the mean number in system L = ρ/(1 − ρ) reaches a limit N at ρ = N/(N + 1).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mmc } from '../../models/queueing/mmc.ts';
import { seededRandom } from '../../models/random.ts';
import { BAND_SAMPLES, BAND_SEED, bands, percentile } from '../../src/lib/bands.ts';
import { breaksFirst, growthCurve, MAX_MULTIPLE } from '../../src/lib/breaks-first.ts';
import { ranges } from '../../src/lib/ranges.ts';
import { follow, scenario } from '../../src/lib/scenario.ts';
import { sensitivity, shortLabel } from '../../src/lib/sensitivity.ts';
import { formatInput } from '../../src/lib/figure-words.ts';

const queue = scenario('queue', mmc, { arrivalRate: 0.5, serviceRate: 1, servers: 1 });

describe('percentile (nearest rank)', () => {
  it('gives the k-th smallest of 100 values at k %, the only value of one, and null of none', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([5, 50, 95, 100].map((p) => percentile(hundred, p))).toEqual([5, 50, 95, 100]);
    expect(percentile([7], 5)).toBe(7);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('bands', () => {
  const r = ranges(queue, {
    arrivalRate: { low: 0.1, high: 1.5, scale: 'linear', why: 'A test: from a tenth busy to past saturation.' },
  });
  const b = bands(r, [{ output: 'meanTimeInSystem', label: 'time in system', format: 'duration' }]);
  const band = b.bands[0];

  it('counts the draws with no steady state (λ ≥ μ) and takes percentiles of the rest, as an independent replay says', () => {
    // The same draws replayed by hand: λ = 0.1 + 1.4u with u from seededRandom(BAND_SEED); W = 1/(1 − λ).
    const u = seededRandom(BAND_SEED);
    const lambdas = Array.from({ length: BAND_SAMPLES }, () => 0.1 + u() * 1.4);
    const stable = lambdas.filter((l) => l < 1).map((l) => 1 / (1 - l));
    stable.sort((a, c) => a - c);
    const nth = (p: number) => stable[Math.ceil((p / 100) * stable.length) - 1] ?? NaN;
    expect(band?.unstable).toBe(BAND_SAMPLES - stable.length);
    // about (1.5 − 1) / 1.4 = 36 % of the draws are unstable
    expect((band?.unstable ?? 0) / BAND_SAMPLES).toBeGreaterThan(0.3);
    expect((band?.unstable ?? 0) / BAND_SAMPLES).toBeLessThan(0.42);
    expect(band?.counted).toBe(stable.length);
    expect(band?.p5).toBeCloseTo(nth(5), 12);
    expect(band?.p50).toBeCloseTo(nth(50), 12);
    expect(band?.p95).toBeCloseTo(nth(95), 12);
    expect(band?.likely).toBe(2); // 1/(1 − 0.5)
    expect(band?.invalid).toBe(0);
  });

  it('is reproducible: the same seed gives the same band, another seed another', () => {
    const again = bands(r, [{ output: 'meanTimeInSystem', label: 'time in system', format: 'duration' }]);
    expect(again.bands).toEqual(b.bands);
    const other = bands(r, [{ output: 'meanTimeInSystem', label: 'time in system', format: 'duration' }], { seed: 7 });
    expect(other.bands[0]?.p50).not.toBe(band?.p50);
  });

  it('never reports NaN, and orders p5 ≤ p50 ≤ p95', () => {
    for (const x of [band?.p5, band?.p50, band?.p95]) expect(Number.isFinite(x)).toBe(true);
    expect(band?.p5 ?? 0).toBeLessThanOrEqual(band?.p50 ?? 0);
    expect(band?.p50 ?? 0).toBeLessThanOrEqual(band?.p95 ?? 0);
  });

  it('fails the build on an output the model does not have', () => {
    expect(() => bands(r, [{ output: 'nope', label: 'x', format: 'decimal' }])).toThrow(/no output "nope"/);
  });
});

describe('sensitivity', () => {
  const r = ranges(queue, {
    arrivalRate: { low: 0.4, high: 0.6, why: 'A test: a narrow band of arrivals.' },
    serviceRate: { low: 0.7, high: 2, why: 'A test: a wide band of service rates.' },
  });
  const s = sensitivity(r, { output: 'meanTimeInSystem', label: 'time in system', format: 'duration' });

  it('swings each input alone, the other at its likely value, and sorts by swing (closed form W = 1/(μ − λ))', () => {
    // μ from 0.7 to 2 at λ = 0.5: W from 1/0.2 = 5 to 1/1.5 = 0.667, swing 4.333
    // λ from 0.4 to 0.6 at μ = 1: W from 1/0.6 = 1.667 to 1/0.4 = 2.5, swing 0.833
    expect(s.bars.map((b) => b.field)).toEqual(['serviceRate', 'arrivalRate']);
    expect(s.bars[0]?.atLow).toBeCloseTo(5, 12);
    expect(s.bars[0]?.atHigh).toBeCloseTo(1 / 1.5, 12);
    expect(s.bars[0]?.swing).toBeCloseTo(5 - 1 / 1.5, 12);
    expect(s.bars[1]?.atLow).toBeCloseTo(1 / 0.6, 12);
    expect(s.bars[1]?.atHigh).toBeCloseTo(2.5, 12);
    expect(s.likely).toBe(2);
  });

  it('shortens a description to its first aside for sentences and axes', () => {
    expect(shortLabel('Rate limits evaluated per request, on average (per-tenant + per-endpoint = 2)')).toBe(
      'Rate limits evaluated per request',
    );
    expect(shortLabel('Live rate-limit keys: tenants × limits')).toBe('Live rate-limit keys');
    expect(shortLabel('Mean arrival rate λ (Poisson arrivals)')).toBe('Mean arrival rate λ');
    expect(shortLabel('(odd)')).toBe('(odd)');
  });

  it('puts an input whose end has no steady state first, with no swing', () => {
    const wide = ranges(queue, {
      arrivalRate: { low: 0.1, high: 1.2, why: 'A test: up to past saturation.' },
      serviceRate: { low: 0.7, high: 2, why: 'A test: a wide band of service rates.' },
    });
    const t = sensitivity(wide, { output: 'meanTimeInSystem', label: 'time in system', format: 'duration' });
    expect(t.bars[0]?.field).toBe('arrivalRate');
    expect(t.bars[0]?.atHigh).toBeNull();
    expect(t.bars[0]?.swing).toBeNull();
  });

  it('orders the bars by swing, largest first, for any ranges (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.45, noNaN: true }), fc.double({ min: 1.05, max: 5, noNaN: true }), (lo, hi) => {
        const x = ranges(queue, {
          arrivalRate: { low: lo, high: 0.5, why: 'A property test range.' },
          serviceRate: { low: 1, high: hi, why: 'A property test range.' },
        });
        const swings = sensitivity(x, { output: 'meanTimeInSystem', label: 'W', format: 'duration' }).bars.map(
          (b) => b.swing ?? Infinity,
        );
        expect(swings[0]).toBeGreaterThanOrEqual(swings[1] ?? 0);
      }),
      { numRuns: 40 },
    );
  });
});

describe('choices and premises (review S1)', () => {
  // λ is the reader's choice (how busy the business is), μ the uncertain premise.
  const mixed = ranges(queue, {
    arrivalRate: { low: 0.1, high: 0.9, why: 'A test: the size of the business.', kind: 'choice' },
    serviceRate: { low: 0.7, high: 2, why: 'A test: an uncertain service rate.' },
  });

  it('tornadoes rank premises only and say which choices they hold at the page’s value', () => {
    const t = sensitivity(mixed, { output: 'meanTimeInSystem', label: 'W', format: 'duration' });
    expect(t.bars.map((b) => b.field)).toEqual(['serviceRate']);
    expect(t.held).toEqual(['arrivalRate']);
    // λ held at 0.5: W from 1/(0.7 − 0.5) = 5 to 1/(2 − 0.5) = 0.667
    expect(t.bars[0]?.atLow).toBeCloseTo(5, 12);
    expect(t.bars[0]?.atHigh).toBeCloseTo(1 / 1.5, 12);
  });

  it('bands draw premises only, with the choices at the scenario’s values: an independent replay agrees', () => {
    const b = bands(mixed, [{ output: 'meanTimeInSystem', label: 'W', format: 'duration' }]);
    expect(Object.keys(b.ranges.ranges)).toEqual(['serviceRate']);
    expect(b.held).toEqual(['arrivalRate']);
    // 2 ÷ 0.7 < 10, so μ is drawn uniformly: μ = 0.7 + 1.3u; λ = 0.5 always; W = 1/(μ − 0.5)
    const u = seededRandom(BAND_SEED);
    const w = Array.from({ length: BAND_SAMPLES }, () => 1 / (0.7 + u() * 1.3 - 0.5)).sort((a, c) => a - c);
    expect(b.bands[0]?.p50).toBeCloseTo(w[Math.ceil(0.5 * w.length) - 1] ?? NaN, 12);
    expect(b.bands[0]?.unstable).toBe(0); // λ never passes μ: the choice did not vary
  });

  it('a range with no kind is a premise (backward compatible); all choices and nothing to vary fails the build', () => {
    const old = ranges(queue, { arrivalRate: { low: 0.1, high: 0.9, why: 'A test: declared before kinds.' } });
    expect(old.ranges['arrivalRate']?.kind).toBe('premise');
    expect(sensitivity(old, { output: 'meanTimeInSystem', label: 'W', format: 'duration' }).bars).toHaveLength(1);
    const onlyChoices = ranges(queue, { arrivalRate: { low: 0.1, high: 0.9, why: 'A test: a choice.', kind: 'choice' } });
    expect(() => bands(onlyChoices, [{ output: 'meanTimeInSystem', label: 'W', format: 'duration' }])).toThrow(
      /bands of scenario "[^"]+": its ranges declare no premise \(every range is a choice: arrivalRate\)/,
    );
    expect(() => sensitivity(onlyChoices, { output: 'meanTimeInSystem', label: 'W', format: 'duration' })).toThrow(
      /sensitivity of meanTimeInSystem of scenario "[^"]+": its ranges declare no premise/,
    );
  });
});

describe('tornado input values', () => {
  it('show a price under ten cents to three significant digits, not rounded to a cent', () => {
    expect(formatInput({ inputFormat: 'usd' }, 0.006)).toBe('$0.006');
    expect(formatInput({ inputFormat: 'usd' }, 0.0083)).toBe('$0.0083');
    expect(formatInput({ inputFormat: 'usd' }, 2.5)).toBe('$2.50');
    expect(formatInput({ inputFormat: 'percent' }, 0.015)).toBe('1.5%');
  });
});

describe('breaksFirst', () => {
  const servers = (q: typeof queue) =>
    breaksFirst(q, {
      load: ['arrivalRate'],
      checks: [
        { id: 'servers', name: 'the servers', use: { output: 'utilization' }, limit: 1 },
        { id: 'backlog', name: 'a 1000-deep backlog', use: { output: 'meanInSystem' }, limit: 1000 },
        { id: 'never', name: 'something load does not touch', use: { input: 'serviceRate' }, limit: 10 },
      ],
    });

  it('finds each component’s multiple by bisection, as the closed forms give it', () => {
    const b = servers(queue);
    // ρ = 0.5 today: the servers saturate at m = cμ/λ = 2
    const byId = Object.fromEntries(b.order.map((o) => [o.check.id, o]));
    // L = ρ/(1 − ρ) reaches 1000 at ρ = 1000/1001, m = 2 × 1000/1001 = 1.998002
    expect(byId['backlog']?.multiple).toBeCloseTo((2 * 1000) / 1001, 7);
    expect(byId['servers']?.multiple).toBeCloseTo(2, 7);
    expect(byId['never']?.multiple).toBeNull();
    expect(b.first?.check.id).toBe('backlog');
    expect(b.order.map((o) => o.check.id)).toEqual(['backlog', 'servers', 'never']);
    expect(b.upTo).toBe(MAX_MULTIPLE);
  });

  it('agrees with cμ/λ for any queue, names the minimum first, and its utilisations grow with load (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 50, noNaN: true }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.integer({ min: 1, max: 20 }),
        (lambda, mu, c) => {
          const q = scenario('q', mmc, { arrivalRate: lambda, serviceRate: mu, servers: c });
          const b = servers(q);
          const sat = b.order.find((o) => o.check.id === 'servers')?.multiple;
          const want = (c * mu) / lambda;
          if (want <= MAX_MULTIPLE && want >= 1e-3) expect((sat ?? NaN) / want).toBeCloseTo(1, 7);
          const found = b.order.map((o) => o.multiple).filter((m): m is number => m !== null);
          expect(b.first?.multiple ?? null).toBe(found.length > 0 ? Math.min(...found) : null);
          expect(found).toEqual([...found].sort((x, y) => x - y));
          const curve = growthCurve(b, [0.1, 0.3, 1, 3, 10]).map((p) => p.utilizations[0] ?? Infinity);
          for (let i = 1; i < curve.length; i++) expect(curve[i]).toBeGreaterThanOrEqual(curve[i - 1] ?? 0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('fails the build on a load input the model does not have', () => {
    expect(() => breaksFirst(queue, { load: ['nope'], checks: [] })).toThrow(/load input "nope"/);
  });
});

describe('breaksFirst across scenarios (also)', () => {
  // The scaled queue: λ = 0.5, μ = 1, so its offered load λ/μ = 0.5 m at multiple m.
  const front = scenario('front', mmc, { arrivalRate: 0.5, serviceRate: 1, servers: 1 });
  // Follows it: λ = 2 × offered load = m, μ = 4, so ρ = m / 4 and it saturates at m = 4.
  const back = scenario('back', mmc, { arrivalRate: follow(front, 'offeredLoad', { times: 2 }), serviceRate: 4, servers: 1 });
  // Follows it twice: λ = m and μ = 8 × 0.5 m = 4m, so ρ = 1/4 at every m; with μ held at today's 4, ρ = m / 4.
  const both = scenario('both', mmc, {
    arrivalRate: follow(front, 'offeredLoad', { times: 2 }),
    serviceRate: follow(front, 'offeredLoad', { times: 8 }),
    servers: 1,
  });
  // Grows with the same load by hand: λ = 3m, μ = 10, so it saturates at m = 10/3.
  const side = scenario('side', mmc, { arrivalRate: 3, serviceRate: 10, servers: 1 });
  // Follows `side`, which grows only where it is in also: λ = 30 × its offered load 0.3 = 9 (× m if side grows), μ = 30.
  const after = scenario('after', mmc, { arrivalRate: follow(side, 'offeredLoad', { times: 30 }), serviceRate: 30, servers: 1 });
  const util = (name: string) => ({ id: name, name, use: { scenario: name, output: 'utilization' }, limit: 1 });
  const at = (b: ReturnType<typeof breaksFirst>, id: string) => b.order.find((o) => o.check.id === id)?.multiple ?? null;

  it('reads a follower of the scaled scenario at each multiple, and holds a followed input at today’s value', () => {
    const b = breaksFirst(front, {
      load: ['arrivalRate'],
      also: [{ scenario: back }, { scenario: both }],
      checks: [util('back'), util('both')],
    });
    expect(at(b, 'back')).toBeCloseTo(4, 7);
    expect(at(b, 'both')).toBeNull();
    expect(b.order.find((o) => o.check.id === 'both')?.today).toBeCloseTo(0.25, 12);
    const held = breaksFirst(front, {
      load: ['arrivalRate'],
      also: [{ scenario: both, hold: ['serviceRate'] }],
      checks: [util('both')],
    });
    expect(at(held, 'both')).toBeCloseTo(4, 7);
  });

  it('scales another scenario’s own load inputs, and carries that to its followers in also', () => {
    const b = breaksFirst(front, {
      load: ['arrivalRate'],
      also: [{ scenario: side, load: ['arrivalRate'] }, { scenario: after }],
      checks: [{ id: 'front', name: 'front', use: { output: 'utilization' }, limit: 1 }, util('side'), util('after')],
    });
    // front saturates at μ/λ = 2, side at 10/3, after at 30/9 = 10/3
    expect(b.order.map((o) => o.check.id)).toEqual(['front', 'side', 'after']);
    expect(at(b, 'front')).toBeCloseTo(2, 7);
    expect(at(b, 'side')).toBeCloseTo(10 / 3, 7);
    expect(at(b, 'after')).toBeCloseTo(10 / 3, 7);
    // a follower whose source does not grow keeps today's value: ρ = 9/30 at every multiple
    const still = breaksFirst(front, { load: ['arrivalRate'], also: [{ scenario: after }], checks: [util('after')] });
    expect(at(still, 'after')).toBeNull();
    expect(still.order[0]?.today).toBeCloseTo(0.3, 12);
  });

  it('narrows the multiples to those every scenario read accepts (mmc takes λ up to 1e12)', () => {
    const big = scenario('big', mmc, { arrivalRate: 1e10, serviceRate: 1e11, servers: 1 });
    const b = breaksFirst(front, {
      load: ['arrivalRate'],
      also: [{ scenario: big, load: ['arrivalRate'] }],
      checks: [util('big')],
    });
    // λ = 1e10 m reaches the schema's 1e12 at m = 100; ρ = m / 10 saturates at 10 within it
    expect(b.upTo / 100).toBeCloseTo(1, 5);
    expect(at(b, 'big')).toBeCloseTo(10, 7);
  });

  it('validates another scenario at each multiple but computes it only where a check reads an output', () => {
    let calls = 0;
    const counted = {
      ...side,
      model: {
        ...side.model,
        compute: (v: never) => {
          calls++;
          return side.model.compute(v);
        },
      },
    } as typeof side;
    // λ = 3m against a limit of 10: saturates at 10/3 with the model never run
    const onInputs = breaksFirst(front, {
      load: ['arrivalRate'],
      also: [{ scenario: counted, load: ['arrivalRate'] }],
      checks: [{ id: 'side', name: 'side', use: { scenario: 'side', input: 'arrivalRate' }, limit: 10 }],
    });
    expect(at(onInputs, 'side')).toBeCloseTo(10 / 3, 7);
    expect(calls).toBe(0);
    breaksFirst(front, { load: ['arrivalRate'], also: [{ scenario: counted, load: ['arrivalRate'] }], checks: [util('side')] });
    expect(calls).toBeGreaterThan(0);
  });

  it('returns its spec as data (also by name, the scenarios in others), and recomputes from it with the others', () => {
    const b = breaksFirst(front, {
      load: ['arrivalRate'],
      also: [{ scenario: side, load: ['arrivalRate'] }, { scenario: after }],
      checks: [util('side'), util('after')],
    });
    const data = JSON.parse(JSON.stringify(b.spec)) as typeof b.spec;
    expect(data.also?.map((a) => a.scenario)).toEqual(['side', 'after']);
    expect(b.others.map((o) => o.name)).toEqual(['side', 'after']);
    const again = breaksFirst(front, data, b.others);
    expect(again.order.map((o) => [o.check.id, o.multiple])).toEqual(b.order.map((o) => [o.check.id, o.multiple]));
    expect(growthCurve(b, [1, 2])).toEqual(growthCurve(again, [1, 2]));
    expect(() => breaksFirst(front, data)).toThrow(/also names scenario "side", which is not among the others given/);
  });

  it('fails the build on a scenario not in also, a held input that follows nothing, and a scaled input that follows', () => {
    expect(() => breaksFirst(front, { load: ['arrivalRate'], checks: [util('back')] })).toThrow(
      /reads scenario "back", which is not in also/,
    );
    expect(() =>
      breaksFirst(front, { load: ['arrivalRate'], also: [{ scenario: side, hold: ['serviceRate'] }], checks: [] }),
    ).toThrow(/held input "serviceRate" follows no scenario/);
    expect(() =>
      breaksFirst(front, { load: ['arrivalRate'], also: [{ scenario: back, load: ['arrivalRate'] }], checks: [] }),
    ).toThrow(/load input "arrivalRate" follows another scenario/);
  });
});
