import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import { availability as model, seriesUnavailability } from '../../../models/reliability/availability.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

const MINUTE = 60; // seconds
const HOUR = 3600; // seconds
const DAY = 86_400; // seconds

const single = (a: number, yearDays?: number) =>
  evaluate(model, { availabilities: [a], topology: 'series', ...(yearDays === undefined ? {} : { yearDays }) });

describe('availability: published composition examples', () => {
  it('gives 99.8 % in sequence and 99.9999 % in parallel for two 99.9 % components (System Design Primer)', () => {
    // Source: reference case AVAIL-02, D. Martin, The System Design Primer, "Availability in parallel vs in
    // sequence" (https://github.com/donnemartin/system-design-primer#availability-in-parallel-vs-in-sequence).
    const series = evaluate(model, { availabilities: [0.999, 0.999], topology: 'series' });
    const parallel = evaluate(model, { availabilities: [0.999, 0.999], topology: 'parallel' });
    expectClose(series.availability, 0.998001, 1e-12); // AVAIL-02 series
    expectClose(series.availability, 0.998, 0, 0.00005); // "99.8%" as published, rounded
    expectClose(parallel.availability, 0.999999, 1e-12); // AVAIL-02 parallel
  });

  it('multiplies a hard dependency: A (99.9 %) depending on B (99.9 %) is 99.8 % (AWS reliability pillar, as summarised)', () => {
    // Source: AWS Well-Architected Reliability Pillar, availability of hard dependencies, as summarised in
    // "Architecting for Reliability, part 1" (https://medium.com/becloudy/architecting-for-reliability-part-1-concepts-17028343089):
    // "if System A has 99.9% and System B has 99.9% and A depends on B, the availability of aggregate system is
    // 99.9 * 99.9 = 99.8%"; redundancy: "100 minus product of component failure rate".
    const out = evaluate(model, { availabilities: [0.999, 0.999], topology: 'series' });
    expect(Number((out.availability * 100).toFixed(1))).toBe(99.8);
    expectClose(evaluate(model, { availabilities: [0.999, 0.999], topology: 'parallel' }).unavailability, 0.001 * 0.001, 1e-9);
  });

  it('gives 99.84 % for three services at 99.99 %, 99.95 % and 99.9 % in series (CalcBee composite SLA)', () => {
    // Source: https://www.calcbee.com/calculators/tech/reliability/composite-sla-calculator, worked result
    // "99.84% composite availability" for 0.9999 × 0.9995 × 0.999.
    const out = evaluate(model, { availabilities: [0.9999, 0.9995, 0.999], topology: 'series' });
    expectClose(out.availability * 100, 99.84, 0, 0.005);
    expectClose(out.availability, 0.9999 * 0.9995 * 0.999, 1e-12); // the product itself, 0.998400649…
  });
});

describe('availability: published downtime tables (with their conventions)', () => {
  it('allows 52.56 minutes a year at 99.99 % (SRE book Appendix A: "52.6 minutes"; Azure table: 52.56)', () => {
    // Sources: Google SRE book, Appendix A "Availability Table" (https://sre.google/sre-book/availability-table/),
    // 99.99 % row: 52.6 minutes/year, 60.5 seconds/week, 8.64 seconds/day; Azure Architecture Center's
    // availability table as reproduced in https://gist.github.com/lalitkale/5899fae93e56a47524fa8600bf76f848:
    // 52.56 minutes/year. Both use 365-day years.
    const out = single(0.9999);
    expectClose(out.downtimePerYear / MINUTE, 52.56, 1e-9); // Azure, unrounded
    expectClose(out.downtimePerYear / MINUTE, 52.6, 0, 0.05); // SRE book, rounded
    expectClose(out.downtimePerWeek, 60.5, 0, 0.05); // SRE book 60.5 s (exact 60.48)
    expectClose(out.downtimePerDay, 8.64, 1e-9); // SRE book 8.64 s
  });

  it('matches the SRE book’s 99.9 % and 99.999 % rows per year, week and day', () => {
    // Source: SRE book Appendix A: 99.9 % → 8.76 hours/year, 10.1 minutes/week, 1.44 minutes/day;
    // 99.999 % → 5.26 minutes/year, 6.05 seconds/week, 0.87 seconds/day (0.864 unrounded).
    const three = single(0.999);
    expectClose(three.downtimePerYear / HOUR, 8.76, 1e-9);
    expectClose(three.downtimePerWeek / MINUTE, 10.1, 0, 0.05); // three significant digits (10.08)
    expectClose(three.downtimePerDay / MINUTE, 1.44, 1e-9);
    const five = single(0.99999);
    expectClose(five.downtimePerYear / MINUTE, 5.26, 0, 0.005);
    expectClose(five.downtimePerWeek, 6.05, 0, 0.005);
    expectClose(five.downtimePerDay, 0.87, 0, 0.01);
  });

  it('takes a month as a year / 12 (4.38 min at 99.99 %), not the SRE book’s 30 days (4.32 min): the trap', () => {
    // Source of the 30-day figures: SRE book Appendix A, 99.99 % → 4.32 minutes/month and 99.9 % → 43.2
    // minutes/month (= 0.0001 × 30 days and 0.001 × 30 days). The contract fixes month = year / 12, which is
    // what e.g. https://www.systemdesign.guru/topics/reliability-and-availability prints (99.9 % → 43.8 minutes).
    const four = single(0.9999);
    expectClose(four.downtimePerMonth / MINUTE, 4.38, 0, 0.005); // year / 12
    expect(Math.abs(four.downtimePerMonth / MINUTE - 4.32)).toBeGreaterThan(0.05); // not the 30-day month
    expectClose((four.unavailability * 30 * DAY) / MINUTE, 4.32, 1e-9); // the SRE book's figure, by its convention
    expectClose(single(0.999).downtimePerMonth / MINUTE, 43.8, 1e-9);
  });

  it('matches a 365.25-day table when yearDays is 365.25 (99.9 % → 8.77 h/year, 43.83 min/month)', () => {
    // Source: https://gist.github.com/AlexAtkinson/5a544bef8ac727ba971b6c60b48ee8bb, "Availability is measured in
    // nines": 99.9 % → 8.77 h/year, 43.83 m/month, 10.08 m/week, 1.44 m/day; 99.99 % → 52.60 m/year, 4.38 m/month.
    // Its year is 365.25 days (8.766 h), which the default 365 would give as 8.76 h.
    const three = single(0.999, 365.25);
    expectClose(three.downtimePerYear / HOUR, 8.77, 0, 0.005);
    expectClose(three.downtimePerMonth / MINUTE, 43.83, 0, 0.005);
    expectClose(three.downtimePerWeek / MINUTE, 10.08, 1e-9);
    const four = single(0.9999, 365.25);
    expectClose(four.downtimePerYear / MINUTE, 52.6, 0, 0.005);
    expectClose(four.downtimePerMonth / MINUTE, 4.38, 0, 0.005);
  });

  it('matches the AWS reliability pillar’s yearly table, which truncates (99.95 % → "4 hours 22 minutes")', () => {
    // Source: AWS Well-Architected Reliability Pillar, "Availability"
    // (https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/availability.html): 99 % → 3 days
    // 15 hours; 99.9 % → 8 hours 45 minutes; 99.95 % → 4 hours 22 minutes; 99.99 % → 52 minutes; 99.999 % → 5
    // minutes. Those are the exact figures (3 d 15.6 h, 8 h 45.6 min, 4 h 22.8 min, 52.56 min, 5.256 min) cut
    // down to whole units, not rounded.
    const hm = (a: number): [number, number] => {
      const minutes = single(a).downtimePerYear / MINUTE;
      return [Math.floor(minutes / 60), Math.floor(minutes % 60)];
    };
    const two = single(0.99).downtimePerYear;
    expect([Math.floor(two / DAY), Math.floor((two % DAY) / HOUR)]).toEqual([3, 15]);
    expect(hm(0.999)).toEqual([8, 45]);
    expect(hm(0.9995)).toEqual([4, 22]);
    expect(Math.floor(single(0.9999).downtimePerYear / MINUTE)).toBe(52);
    expect(Math.floor(single(0.99999).downtimePerYear / MINUTE)).toBe(5);
  });
});

describe('availability: edges and precision', () => {
  it('keeps the unavailability of near-perfect components in series without cancellation', () => {
    // five components at 1 − 1e-9: U = 1 − (1 − 1e-9)^5 = 5e-9 − 1e-17 + … (derived by hand)
    const out = evaluate(model, { availabilities: Array<number>(5).fill(1 - 1e-9), topology: 'series' });
    expectClose(out.unavailability, 5e-9 - 1e-17, 1e-7); // 1e-9 itself is only representable to ~1e-7 as 1 − a
    expectClose(out.downtimePerYear, out.unavailability * 365 * DAY, 1e-12);
  });

  it('answers a component that is never up (0) and one that is always up (1)', () => {
    expect(evaluate(model, { availabilities: [0.999, 0], topology: 'series' })).toMatchObject({
      availability: 0,
      unavailability: 1,
    });
    expect(evaluate(model, { availabilities: [0.5, 1], topology: 'parallel' })).toMatchObject({
      availability: 1,
      unavailability: 0,
    });
    expect(evaluate(model, { availabilities: [1, 1], topology: 'series' }).downtimePerYear).toBe(0);
    // ten thousand replicas at 50 %: the unavailability underflows to 0, never NaN
    expect(evaluate(model, { availabilities: Array<number>(10_000).fill(0.5), topology: 'parallel' }).availability).toBe(1);
  });

  it('has a month of exactly a twelfth of the year and a week of 7 days', () => {
    const out = single(0.995, 365);
    expect(out.downtimePerMonth).toBe(out.downtimePerYear / 12);
    expectClose(out.downtimePerWeek, 7 * out.downtimePerDay, 1e-15);
    expectClose(out.downtimePerYear, 365 * out.downtimePerDay, 1e-15);
  });
});

describe('availability: bad input', () => {
  it('names each bad field, its constraint and the value received', () => {
    const r = check(model, { availabilities: [1.2, 0.5], topology: 'ring', yearDays: 0 });
    const lines = r.ok ? [] : r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('availabilities.0: must be a number from 0 to 1 (got 1.2)');
    expect(lines).toContain('topology: must be one of "series", "parallel" (got "ring")');
    expect(lines).toContain('yearDays: must be a number from 1 to 366 (got 0)');
  });

  it('rejects an empty list and a percentage given where a fraction belongs', () => {
    const empty = check(model, { availabilities: [], topology: 'series' });
    expect(empty.ok ? '' : empty.problems[0]?.message).toBe('must be a list of 1 to 10000 items (got a list of 0)');
    const percent = check(model, { availabilities: [99.9], topology: 'series' });
    expect(percent.ok ? '' : `${percent.problems[0]?.field}: ${percent.problems[0]?.message}`).toBe(
      'availabilities.0: must be a number from 0 to 1 (got 99.9)',
    );
  });

  it('does not mutate its input, and its example is valid', () => {
    const input = deepFreeze({ availabilities: [0.999, 0.99], topology: 'parallel' as const });
    expect(() => evaluate(model, input)).not.toThrow();
    expect(input.availabilities).toEqual([0.999, 0.99]);
    expect(check(model, model.example).ok).toBe(true);
  });
});

const components = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 });

describe('availability: properties', () => {
  it('in series is at most the weakest component; in parallel at least the strongest', () => {
    fc.assert(
      fc.property(components, (as) => {
        const series = evaluate(model, { availabilities: as, topology: 'series' });
        const parallel = evaluate(model, { availabilities: as, topology: 'parallel' });
        // within one rounding of a double near 1 (1 − (1 − 5e-324) is 0, say)
        expect(series.availability).toBeLessThanOrEqual(Math.min(...as) + 1e-15);
        expect(parallel.availability).toBeGreaterThanOrEqual(Math.max(...as) - 1e-15);
        expect(series.availability).toBeLessThanOrEqual(parallel.availability + 1e-15);
        for (const out of [series, parallel]) {
          expectClose(out.availability + out.unavailability, 1, 0, 1e-12);
          expect(out.availability).toBeGreaterThanOrEqual(0);
          expect(out.availability).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('only gets worse in series, and only better in parallel, as components are added', () => {
    fc.assert(
      fc.property(components, fc.double({ min: 0, max: 1, noNaN: true }), (as, extra) => {
        const s = (xs: number[]) => evaluate(model, { availabilities: xs, topology: 'series' }).unavailability;
        const p = (xs: number[]) => evaluate(model, { availabilities: xs, topology: 'parallel' }).unavailability;
        expect(s([...as, extra])).toBeGreaterThanOrEqual(s(as) * (1 - 1e-12) - 1e-15);
        expect(p([...as, extra])).toBeLessThanOrEqual(p(as) * (1 + 1e-12) + 1e-15);
      }),
    );
  });

  it('does not depend on the order of the components', () => {
    fc.assert(
      fc.property(components, (as) => {
        const reversed = [...as].reverse();
        expectClose(seriesUnavailability(reversed), seriesUnavailability(as), 1e-12, 1e-300);
      }),
    );
  });
});
