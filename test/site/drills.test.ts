/**
 * Ranges on premises and the estimation drills built on them: the validation of a declared range, the
 * seeded draws (reproducible, within the range, rounded for people), and every case study's drills, whose
 * answers are recomputed here independently from the drawn inputs (the arithmetic in each comment) and
 * whose last step states the answer as the model computes it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rateLimiterCapacity } from '../../models/case-studies/rate-limiter.ts';
import { caseStudies } from '../../src/lib/case-studies.ts';
import { readFileSync } from 'node:fs';
import { emptyProgress, parseProgress, progressWords, PROGRESS_KEY, recordGrade } from '../../src/lib/drill-progress.ts';
import {
  drawInputs,
  fillTemplate,
  parseSeed,
  placeholders,
  roundForPeople,
  type DrillConfig,
} from '../../src/lib/estimation-draw.ts';
import { drillConfig, estimationDrill, type EstimationDrill } from '../../src/lib/estimation.ts';
import { runDrill } from '../../src/lib/estimation-run.ts';
import { formatValue } from '../../src/lib/format.ts';
import { gradeEstimate } from '../../src/lib/estimate-grade.ts';
import { parseEstimate } from '../../src/lib/estimate-parse.ts';
import { ranges } from '../../src/lib/ranges.ts';
import { scenario } from '../../src/lib/scenario.ts';

const tier = scenario('tier', rateLimiterCapacity, { peakRequestsPerSecond: 500_000, checksPerRequest: 2 });
const why = 'A choice of business: wide on purpose.';

describe('ranges', () => {
  it('keeps a valid range with its reason, scale and whether it is whole', () => {
    const r = ranges(tier, {
      peakRequestsPerSecond: { low: 10_000, high: 5_000_000, why },
      checksPerRequest: { low: 1, high: 4, why },
      replicasPerPrimary: { low: 0, high: 2, why },
    });
    expect(r.ranges['peakRequestsPerSecond']).toEqual({
      low: 10_000,
      high: 5_000_000,
      likely: 500_000,
      why,
      scale: 'log',
      integer: false,
      kind: 'premise', // the default: a range declared without a kind stays in the bands and the tornado
    });
    expect(r.ranges['checksPerRequest']?.scale).toBe('linear'); // 4 ÷ 1 < 10
    expect(r.ranges['replicasPerPrimary']?.integer).toBe(true); // an .int() field
  });

  it('names the scenario, the field and what the model allows when a bound is outside its schema', () => {
    expect(() => ranges(tier, { peakRequestsPerSecond: { low: 10_000, high: 1e11, why } })).toThrow(
      'ranges of scenario "tier" (model rate-limiter-capacity): "peakRequestsPerSecond" high 100000000000 is not a valid input: rate-limiter-capacity allows a number from 1 to 10000000000',
    );
    expect(() => ranges(tier, { checksPerRequest: { low: 0, high: 3, why } })).toThrow(
      /"checksPerRequest" low 0 is not a valid input: rate-limiter-capacity allows a number from 0.01 to 100/,
    );
  });

  it('refuses a range without the likely value, upside down, without a reason, or on an unknown field', () => {
    expect(() => ranges(tier, { peakRequestsPerSecond: { low: 1e6, high: 5e6, why } })).toThrow(
      /"peakRequestsPerSecond" is 500000 in the scenario, outside its range 1000000 to 5000000/,
    );
    expect(() => ranges(tier, { peakRequestsPerSecond: { low: 5e6, high: 1e4, why } })).toThrow(/low < high/);
    expect(() => ranges(tier, { peakRequestsPerSecond: { low: 1e4, high: 5e6, why: ' ' } })).toThrow(
      /reason for its range’s width/,
    );
    expect(() => ranges(tier, { nope: { low: 1, high: 2, why } } as never)).toThrow(/the model has no input "nope"/);
  });

  it('refuses a range on an input that follows another scenario', async () => {
    const { failover } = await import('../../case-studies/rate-limiting.ts');
    expect(() => ranges(failover, { nodes: { low: 3, high: 300, why } })).toThrow(
      /"nodes" follows limiter\.nodesPerCluster; give the range to the input it comes from/,
    );
  });
});

describe('draws', () => {
  it('rounds to two significant digits, whole numbers where the field is whole', () => {
    expect(roundForPeople(123_456, false)).toBe(120_000);
    expect(roundForPeople(0.3456, false)).toBe(0.35);
    expect(roundForPeople(0.04749, false)).toBe(0.047);
    expect(roundForPeople(7.06, false)).toBe(7.1);
    expect(roundForPeople(7.06, true)).toBe(7);
    expect(roundForPeople(0.2, true)).toBe(1);
    expect(roundForPeople(96_500, false)).toBe(97_000);
  });

  it('reads a seed from a link only when it is one', () => {
    expect(parseSeed('42')).toBe(42);
    expect(parseSeed('2147483647')).toBe(2_147_483_647);
    for (const bad of [null, '', '0', '-1', '1.5', 'abc', '2147483648', '99999999999']) expect(parseSeed(bad)).toBeUndefined();
  });

  const spec = [
    { field: 'a', low: 20_000, high: 5_000_000, scale: 'log', integer: false },
    { field: 'b', low: 1, high: 4, scale: 'linear', integer: false },
    { field: 'c', low: 1, high: 12, scale: 'log', integer: true },
    { field: 'd', low: 0.3, high: 0.7, scale: 'linear', integer: false },
    // bounds that are not round (the lab's spread of ops per primary): a draw rounded past an edge lands on a
    // round number inside (29 000 or 61 000), not on 28 207 (review M4)
    { field: 'e', low: 28_207, high: 61_465, scale: 'linear', integer: false },
    { field: 'f', low: 0.0117, high: 0.0193, scale: 'linear', integer: false },
  ] as const;

  it('are reproducible from the seed and stay within their ranges, as values a person can work with', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const drawn = drawInputs(spec, seed);
        expect(drawInputs(spec, seed)).toEqual(drawn);
        for (const d of spec) {
          const v = drawn[d.field] ?? Number.NaN;
          expect(v).toBeGreaterThanOrEqual(d.low);
          expect(v).toBeLessThanOrEqual(d.high);
          expect(roundForPeople(v, d.integer)).toBe(v); // already as round as it gets
          if (d.integer) expect(Number.isInteger(v)).toBe(true);
        }
      }),
    );
  });

  it('round a draw past an edge inward to a round number, not to the bound (review M4)', () => {
    // raw draws in [28 207, 28 500) round to 28 000, below the range: they become 29 000 (2.5 % of draws here)
    const edge = [{ field: 'e', low: 28_207, high: 40_000, scale: 'linear', integer: false }] as const;
    const values = Array.from({ length: 2000 }, (_, i) => drawInputs(edge, i + 1)['e']);
    expect(values).not.toContain(28_207);
    expect(values).toContain(29_000);
    // too narrow for a round number inside: the exact bound stays
    expect(drawInputs([{ field: 'n', low: 28_207, high: 28_300, scale: 'linear', integer: false }], 1)['n']).toBe(28_207);
  });

  it('spread a log range over its orders of magnitude', () => {
    const draws = Array.from({ length: 2000 }, (_, i) => drawInputs(spec, i + 1)['a'] ?? 0);
    // log-uniform on [2e4, 5e6]: P(a < 2e5) = ln(10) / ln(250) = 0.417
    const below = draws.filter((a) => a < 200_000).length / draws.length;
    expect(below).toBeGreaterThan(0.37);
    expect(below).toBeLessThan(0.46);
  });
});

const all: { slug: string; drill: EstimationDrill; config: DrillConfig }[] = caseStudies.flatMap((s) =>
  s.estimations.map((drill) => ({ slug: s.slug, drill, config: drillConfig(drill, { slug: s.slug, title: s.slug }) })),
);

type In = Record<string, number>;
const ceil = (x: number) => Math.ceil(x - 1e-9);

/**
 * Each drill's answer recomputed from its inputs without the model, the arithmetic in the comment. The
 * drills page and each case study offer exactly these; a new drill needs its line here.
 */
const independent: Record<string, (i: In, o: Readonly<Record<string, unknown>>) => number> = {
  // primaries = max(⌈peak × checks / (opsPerPrimary × target)⌉, ⌈keys × bytes / (maxmemory × fill)⌉, 3): a Redis
  // Cluster has at least 3 primaries
  'rate-limiting-primaries': (i) =>
    Math.max(
      ceil(
        (i['peakRequestsPerSecond']! * i['checksPerRequest']! * (1 - i['localShare']!) * i['redisOpsPerCheck']!) /
          (i['opsPerPrimary']! * i['targetUtilization']!),
      ),
      ceil((i['activeKeys']! * i['bytesPerKey']!) / (i['usableMemoryPerPrimary']! * i['memoryFillTarget']!)),
      3,
    ),
  // memory = keys × bytes per key
  'rate-limiting-memory': (i) => i['activeKeys']! * i['bytesPerKey']!,
  // payments a second at the campaign = volume ÷ Σ share × ticket ÷ (365 × 86 400) × multiple
  'payments-campaign-peak': (i) => {
    const ticket = ['card', 'debit', 'wallet', 'ach', 'bnpl'].reduce((t, m) => t + i[`${m}Share`]! * i[`${m}Ticket`]!, 0);
    return (i['annualVolume']! / ticket / (365 * 86_400)) * i['campaignMultiple']!;
  },
  // fees a month = Σ payments_m × fee_m ÷ 12, fee_m = rate × ticket + fixed (ACH capped)
  'payments-fees': (i) => {
    const ms = ['card', 'debit', 'wallet', 'ach', 'bnpl'];
    const ticket = ms.reduce((t, m) => t + i[`${m}Share`]! * i[`${m}Ticket`]!, 0);
    const payments = i['annualVolume']! / ticket;
    const fee = (m: string) => {
      const f = i[`${m}FeeRate`]! * i[`${m}Ticket`]! + i[`${m}FixedFee`]!;
      return m === 'ach' ? Math.min(f, i['achFeeCap']!) : f;
    };
    return ms.reduce((t, m) => t + payments * i[`${m}Share`]! * fee(m), 0) / 12;
  },
  // ledger bytes = payments a year × years × lines a payment × bytes a line × (1 + index overhead) × copies; the lines
  // a payment come from the model's lifecycle (pinned in test/site/payments.test.ts), the rest is arithmetic here
  'payments-ledger-storage': (i, o) => {
    const ticket = ['card', 'debit', 'wallet', 'ach', 'bnpl'].reduce((t, m) => t + i[`${m}Share`]! * i[`${m}Ticket`]!, 0);
    const lines = o['ledgerLinesPerPayment'] as number;
    return (
      (i['annualVolume']! / ticket) *
      i['years']! *
      lines *
      i['bytesPerLedgerLine']! *
      (1 + i['indexOverhead']!) *
      i['replicationFactor']!
    );
  },
  // flash = (DAU × sessions × pages × calls + orders × calls per checkout) × eveningShare ÷ (hours × 3600) × multiplier
  'marketplace-flash-peak': (i) =>
    (((i['dailyActiveUsers']! * i['sessionsPerUser']! * i['pagesPerSession']! * i['callsPerPage']! +
      i['ordersPerDay']! * i['callsPerCheckout']!) *
      i['eveningShare']!) /
      (i['eveningHours']! * 3600)) *
    i['flashMultiplier']!,
  // servers = ⌈flash ÷ (capacity × target)⌉
  'marketplace-api-servers': (i) => {
    const flash =
      (((i['dailyActiveUsers']! * i['sessionsPerUser']! * i['pagesPerSession']! * i['callsPerPage']! +
        i['ordersPerDay']! * i['callsPerCheckout']!) *
        i['eveningShare']!) /
        (i['eveningHours']! * 3600)) *
      i['flashMultiplier']!;
    return ceil(flash / (i['perServerCapacity']! * i['targetUtilization']!));
  },
  // images = products × images × bytes
  'marketplace-image-storage': (i) => i['products']! * i['imagesPerProduct']! * i['imageBytes']!,
  // peak = DAU × per user ÷ 86 400 × peak-to-average
  'notifications-peak': (i) => ((i['dailyActiveUsers']! * i['notificationsPerUserPerDay']!) / 86_400) * i['peakToAverage']!,
  // gateways = max(⌈connections ÷ cap⌉, ⌈connections × memory ÷ (node memory × usable)⌉, 1) + spare
  'notifications-gateways': (i) =>
    Math.max(
      ceil(i['concurrentConnections']! / i['maxConnectionsPerNode']!),
      ceil((i['concurrentConnections']! * i['memoryPerConnection']!) / (i['nodeMemory']! * i['usableMemoryFraction']!)),
      1,
    ) + i['spareNodes']!,
  // bill = DAU × per user × days × (email share × email price + sms share × segments × (price + carrier fee) + push share × push price)
  'notifications-bill': (i) =>
    i['dailyActiveUsers']! *
    i['notificationsPerUserPerDay']! *
    i['daysInMonth']! *
    (i['inAppShare']! * i['inAppPrice']! +
      i['pushShare']! * i['pushPrice']! +
      i['emailShare']! * i['emailPrice']! +
      i['smsShare']! * i['smsSegments']! * (i['smsPricePerSegment']! + i['smsCarrierFeePerSegment']!)),
  // share = pause probability × e^(−(lease − 2 × round trip − work) ÷ mean pause) (exponential pauses)
  'locking-overlap-odds': (i) =>
    i['pauseProbability']! * Math.exp(-(i['lease']! - 2 * i['roundTrip']! - i['work']!) / i['pauseMean']!),
  // ceiling = 1 ÷ (hold + round trip)
  'locking-lock-ceiling': (i) => 1 / (i['hold']! + i['roundTrip']!),
};

describe('every case study’s estimation drills', () => {
  it('exist on every case study, with ids unique across the site', () => {
    for (const s of caseStudies) expect(s.estimations.length, s.slug).toBeGreaterThanOrEqual(2);
    const ids = all.map((d) => d.config.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(independent).sort()).toEqual([...ids].sort());
  });

  it('draw only inputs whose ranges sit beside their provenance', () => {
    for (const s of caseStudies) {
      for (const d of s.estimations) {
        for (const x of d.draws) {
          expect(
            s.assumptions.some((a) => a.scenario === d.scenario && x.field in a.fields),
            `${d.id}: ${x.field}`,
          ).toBe(true);
        }
      }
    }
  });

  it.each(all.map((d) => [d.config.id, d] as const))(
    '%s: the model’s answer matches the arithmetic, and the steps lead to it',
    (_id, { drill, config }) => {
      const check = independent[config.id];
      if (!check) throw new Error(`no independent derivation for ${config.id}`);
      for (let seed = 1; seed <= 60; seed++) {
        const run = runDrill(drill.scenario.model, config, seed);
        expect(runDrill(drill.scenario.model, config, seed)).toEqual(run); // reproducible
        for (const d of config.draws) {
          expect(run.drawn[d.field]).toBeGreaterThanOrEqual(d.low);
          expect(run.drawn[d.field]).toBeLessThanOrEqual(d.high);
          expect(run.input[d.field]).toBe(run.drawn[d.field]);
        }
        expect(run.answer / check(run.input as In, run.output), `seed ${seed}`).toBeCloseTo(1, 9);
        // The question states every drawn value, and the last step states the answer as the model computed it.
        for (const d of config.draws) {
          const shown = placeholders(config.question).find(([from, path]) => from === 'in' && path === d.field);
          expect(shown, d.field).toBeDefined();
        }
        expect(run.steps.at(-1)).toContain(formatValue(run.answer, { format: config.answer.format }));
        for (const text of [run.question, ...run.steps]) expect(text).not.toMatch(/NaN|undefined|\{(in|out)\./);
      }
    },
  );

  it('fail the build with a message naming the drill when declared wrongly', async () => {
    const { limiterRanges } = await import('../../case-studies/rate-limiting.ts');
    const base = {
      title: 'Primaries',
      draw: ['peakRequestsPerSecond'],
      question: 'At {in.peakRequestsPerSecond} requests a second, how many primaries?',
      answer: { output: 'primaries', unit: 'primaries' },
      steps: ['{out.primaries} primaries.'],
      rule: 'Divide and round up.',
    };
    expect(() => estimationDrill('ok-drill', limiterRanges, base)).not.toThrow();
    expect(() => estimationDrill('Bad Id', limiterRanges, base)).toThrow(/kebab-case/);
    expect(() => estimationDrill('x', limiterRanges, { ...base, draw: ['replicasPerPrimary'] })).toThrow(
      /"replicasPerPrimary" has no declared range; ranged inputs: peakRequestsPerSecond/,
    );
    expect(() => estimationDrill('x', limiterRanges, { ...base, question: 'How many primaries?' })).toThrow(
      /the question must state the drawn inputs; it does not mention peakRequestsPerSecond/,
    );
    expect(() => estimationDrill('x', limiterRanges, { ...base, steps: ['{out.replicas} replicas.'] })).toThrow(
      /the last step must state the answer, \{out.primaries\}/,
    );
    expect(() => estimationDrill('x', limiterRanges, { ...base, steps: ['{out.primarys} primaries.'] })).toThrow(
      /step 1 names output "primarys", which the model does not have/,
    );
    expect(() => estimationDrill('x', limiterRanges, { ...base, question: `${base.question} {out.primaries}` })).toThrow(
      /the question may not show an output/,
    );
  });

  it('read a share shown in percent as percent, and refuse to read a percent answer as a count (review B1)', async () => {
    const { pauseOddsDrill, pauseOddsRanges } = await import('../../case-studies/distributed-locking.ts');
    expect(pauseOddsDrill.answer).toMatchObject({ format: 'percent', kind: 'percent' });
    // Seed 1 draws a lease of 1.1 s and a mean pause of 420 ms (the review's draw): the share is
    // 1 % × e^−((1.1 − 2 × 0.0005 − 0.01) ÷ 0.42) = 0.01 × e^−2.5929 = 7.4806e-4, i.e. 0.0748 %.
    const config = drillConfig(pauseOddsDrill, { slug: 'distributed-locking', title: 'Distributed locking' });
    const run = runDrill(pauseOddsDrill.scenario.model, config, 1);
    expect(run.drawn).toEqual({ lease: 1.1, pauseMean: 0.42 });
    expect(run.answer).toBeCloseTo(0.01 * Math.exp(-(1.1 - 0.001 - 0.01) / 0.42), 12);
    for (const typed of ['0.075%', '0.075 %', '0.075']) {
      const parsed = parseEstimate(typed, config.answer.kind);
      if (!parsed.ok) throw new Error(parsed.message);
      expect(gradeEstimate(parsed.value, run.answer).grade, typed).toBe('good');
    }
    // Declaring a percent answer read as a count (or a count read as percent) fails the build.
    const spec = {
      title: 'Overlap odds',
      draw: ['lease', 'pauseMean'],
      question: 'Lease {in.lease}, mean pause {in.pauseMean}: what share overlaps?',
      answer: { output: 'predictedOverlapShare', unit: 'of acquisitions', format: 'percent' as const },
      steps: ['{out.predictedOverlapShare|percent}.'],
      rule: 'e^−x.',
    };
    expect(() => estimationDrill('x', pauseOddsRanges, { ...spec, answer: { ...spec.answer, kind: 'count' } })).toThrow(
      /shown as percent but read as count/,
    );
    expect(() => estimationDrill('x', pauseOddsRanges, spec)).not.toThrow();
  });

  it('fill their sentences with the formats they ask for', () => {
    expect(fillTemplate('{in.a|compact} and {out.b.c|percent}', { a: 2_500_000 }, { b: { c: 0.25 } })).toBe(
      '2.5 million and 25%',
    );
  });
});

describe('progress', () => {
  it('counts answers by grade, and the streak of answers within 2×', () => {
    let p = emptyProgress;
    for (const g of ['good', 'good', 'order', 'good', 'good', 'good', 'off'] as const) p = recordGrade(p, g);
    expect(p).toEqual({ answered: 7, good: 5, order: 1, off: 1, streak: 0, best: 3 });
    expect(progressWords(p)).toBe('7 answered: 5 within 2×, 1 within 10×, 1 off. Streak 0 (best 3).');
    expect(progressWords(emptyProgress)).toBe('No drills answered yet in this browser.');
  });

  it('is stored under the key the eager element checks for a returning reader', () => {
    expect(readFileSync('src/client/drills-element.ts', 'utf8')).toContain(`const PROGRESS_KEY = '${PROGRESS_KEY}';`);
  });

  it('reads back what it stored, and treats anything else as no progress', () => {
    const p = recordGrade(recordGrade(emptyProgress, 'good'), 'order');
    expect(parseProgress(JSON.stringify(p))).toEqual(p);
    for (const bad of [
      null,
      '',
      '{',
      '[]',
      '{"answered":1}',
      JSON.stringify({ ...p, good: -1 }),
      JSON.stringify({ ...p, answered: 9 }),
    ]) {
      expect(parseProgress(bad)).toEqual(emptyProgress);
    }
  });
});
