/**
 * Availability of components composed in series (every one must be up: hard dependencies in a request
 * path) or in parallel (any one suffices: redundant replicas with perfect failover), and the downtime
 * that availability allows per year, month, week and day.
 *
 *   series     A = Π aᵢ                 unavailability U = 1 − Π (1 − uᵢ), computed as −expm1(Σ log1p(−uᵢ))
 *   parallel   U = Π uᵢ  (uᵢ = 1 − aᵢ)   A = 1 − U
 *   downtime per period = U × period, with year = yearDays × 86 400 s, month = year / 12,
 *   week = 7 × 86 400 s, day = 86 400 s
 *
 * The series unavailability is computed from the components' unavailabilities rather than as 1 − Π aᵢ,
 * which cancels: for five components at 99.9999 % the subtraction keeps only about 10 of 16 digits.
 *
 * Assumptions: components fail independently (correlated failures, such as a shared power feed, a bad
 * deploy everywhere, or a region outage, make a parallel composition far worse than the product says);
 * failover in a parallel composition is instant and never fails; time-based availability.
 *
 * Traps: the month here is a year / 12 (30.42 days), as the contract fixes; the SRE book's availability
 * table uses 30-day months (99.9 % → 43.2 minutes, here 43.8) and 90-day quarters. Some calculators use
 * 365.25-day years (pass yearDays 365.25).
 *
 * Units: availabilities and the answer fractions in [0, 1]; yearDays in days; downtimes in seconds.
 *
 * References: Google SRE book, Appendix A "Availability Table" and ch. 3 "Embracing Risk"
 * (https://sre.google/sre-book/availability-table/); AWS Well-Architected Reliability Pillar,
 * "Availability" (https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/availability.html);
 * System Design Primer, "Availability in numbers" (reference case AVAIL-02).
 *
 * Example: two 99.9 % components in series → availability 0.998001, unavailability 0.001999; downtime
 * 63 040.464 s a year (17.5 h), 5 253.372 s a month, 1 208.9952 s a week, 172.7136 s a day. In parallel:
 * availability 0.999999, 31.536 s a year.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';

export const DAY = 86_400; // seconds
export const WEEK = 7 * DAY; // seconds

/** Unavailability of components in series, 1 − Π aᵢ, without cancellation when every aᵢ is near 1. */
export function seriesUnavailability(availabilities: readonly number[]): number {
  let logUp = 0;
  for (const a of availabilities) {
    if (a <= 0) return 1;
    logUp += Math.log1p(-(1 - a));
  }
  return 0 - Math.expm1(logUp); // 0 − …: no −0 when every component is always up
}

/** Unavailability of redundant components, Π (1 − aᵢ): down only when every one is down. */
export function parallelUnavailability(availabilities: readonly number[]): number {
  let down = 1;
  for (const a of availabilities) down *= 1 - a;
  return down;
}

/** Π aᵢ, the availability of components in series. */
export function seriesAvailability(availabilities: readonly number[]): number {
  let up = 1;
  for (const a of availabilities) up *= a;
  return up;
}

export interface Downtime {
  readonly downtimePerYear: number;
  readonly downtimePerMonth: number;
  readonly downtimePerWeek: number;
  readonly downtimePerDay: number;
}

/** The downtime (seconds) an unavailability allows per year (yearDays days), month (year/12), week and day. */
export function downtimeOf(unavailability: number, yearDays: number): Downtime {
  const year = unavailability * yearDays * DAY;
  return {
    downtimePerYear: year,
    downtimePerMonth: year / 12,
    downtimePerWeek: unavailability * WEEK,
    downtimePerDay: unavailability * DAY,
  };
}

const input = z.strictObject({
  availabilities: z
    .array(z.number().min(0).max(1).meta({ unit: 'fraction', description: 'Availability of one component (0.999 for 99.9 %)' }))
    .min(1)
    .max(10_000)
    .meta({ unit: 'list', description: 'Availability of each component, as fractions' }),
  topology: z.enum(['series', 'parallel']).meta({
    unit: 'text',
    description: '"series": all must be up (hard dependencies); "parallel": any one suffices (redundant replicas)',
  }),
  yearDays: z
    .number()
    .min(1)
    .max(366)
    .default(365)
    .meta({ unit: 'count', description: 'Days in a year for the downtime figures (365; some tables use 365.25)' }),
});

export interface AvailabilityOutput extends Downtime {
  readonly availability: number;
  readonly unavailability: number;
}

export const availability = defineModel({
  id: 'availability',
  title: 'Availability in series and in parallel',
  summary: 'Composes component availabilities in series or in parallel and converts the result to allowed downtime.',
  input,
  outputs: {
    availability: { description: 'Availability of the composition: Π aᵢ in series, 1 − Π(1 − aᵢ) in parallel', unit: 'fraction' },
    unavailability: { description: '1 − availability, computed without cancellation', unit: 'fraction' },
    downtimePerYear: { description: 'Downtime allowed per year of yearDays days', unit: 's' },
    downtimePerMonth: { description: 'Downtime allowed per month, taken as a year / 12 (not 30 days)', unit: 's' },
    downtimePerWeek: { description: 'Downtime allowed per 7-day week', unit: 's' },
    downtimePerDay: { description: 'Downtime allowed per 24-hour day', unit: 's' },
  },
  references: [
    {
      title: 'B. Beyer et al. (eds.), Site Reliability Engineering, O’Reilly 2016, Appendix A "Availability Table"',
      url: 'https://sre.google/sre-book/availability-table/',
      note: 'Per year, quarter, month, week, day, hour; its month is 30 days and its quarter 90 days.',
    },
    {
      title: 'AWS Well-Architected Framework, Reliability Pillar, "Availability"',
      url: 'https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/availability.html',
      note: 'Hard dependencies multiply availabilities; redundant independent components multiply unavailabilities.',
    },
    {
      title: 'D. Martin, The System Design Primer, "Availability in parallel vs in sequence"',
      url: 'https://github.com/donnemartin/system-design-primer#availability-in-parallel-vs-in-sequence',
      note: 'Two 99.9 % components: 99.8 % in sequence, 99.9999 % in parallel (reference case AVAIL-02).',
    },
  ],
  example: { availabilities: [0.999, 0.999], topology: 'series' },
  exampleStates: {
    availability: 0.998001,
    unavailability: 0.001999,
    downtimePerYear: 63_040.464,
    downtimePerMonth: 5253.372,
    downtimePerWeek: 1208.9952,
    downtimePerDay: 172.7136,
  },
  compute({ availabilities, topology, yearDays }): AvailabilityOutput {
    if (topology === 'series') {
      const unavailability = seriesUnavailability(availabilities);
      return { availability: seriesAvailability(availabilities), unavailability, ...downtimeOf(unavailability, yearDays) };
    }
    const unavailability = parallelUnavailability(availabilities);
    return { availability: 1 - unavailability, unavailability, ...downtimeOf(unavailability, yearDays) };
  },
});
