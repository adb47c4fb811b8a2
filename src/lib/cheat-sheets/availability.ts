/**
 * Availability nines and the downtime each allows, computed by the `availability` model (one component,
 * "series" of one: its own availability) for a 365-day year. The model's month is a year / 12
 * (30.42 days: model-contract.md fixes it); the Google SRE book's table uses 30-day months, so its monthly
 * figures are 1.4 % lower, and the table says both. The error budget column comes from the `error-budget`
 * model: the failed requests a day the target allows at a million requests a day.
 */
import { evaluate } from '../../../models/evaluate.ts';
import { availability } from '../../../models/reliability/availability.ts';
import { DAY } from '../../../models/reliability/availability.ts';
import { errorBudget } from '../../../models/reliability/error-budget.ts';

export const NINES = [0.9, 0.95, 0.99, 0.995, 0.999, 0.9995, 0.9999, 0.99999, 0.999999] as const;

/** The request volume the error-budget column is stated at. */
export const REQUESTS_PER_DAY = 1_000_000;

export interface NinesRow {
  readonly availability: number;
  /** "three nines" for 0.999; undefined for the in-between targets */
  readonly nines: number | undefined;
  readonly perYear: number;
  /** a year / 12 (the model's month) */
  readonly perMonth: number;
  /** 30 days, the SRE book's month, for comparison */
  readonly perThirtyDays: number;
  readonly perWeek: number;
  readonly perDay: number;
  readonly allowedErrorsPerDay: number;
}

/** How many nines a target has when it is all nines (0.999 → 3), else undefined. */
export function ninesOf(a: number): number | undefined {
  const n = -Math.log10(1 - a);
  return Math.abs(n - Math.round(n)) < 1e-9 ? Math.round(n) : undefined;
}

export function ninesTable(): NinesRow[] {
  return NINES.map((a) => {
    const d = evaluate(availability, { availabilities: [a], topology: 'series' });
    const budget = evaluate(errorBudget, { target: a, requestsPerDay: REQUESTS_PER_DAY });
    return {
      availability: a,
      nines: ninesOf(a),
      perYear: d.downtimePerYear,
      perMonth: d.downtimePerMonth,
      perThirtyDays: d.unavailability * 30 * DAY,
      perWeek: d.downtimePerWeek,
      perDay: d.downtimePerDay,
      allowedErrorsPerDay: budget.allowedErrorsPerDay ?? 0,
    };
  });
}

/** Composition: the same two 99.9 % components in series and in parallel (the model's example and its mirror). */
export function composition(): { series: number; parallel: number; seriesPerYear: number; parallelPerYear: number } {
  const s = evaluate(availability, { availabilities: [0.999, 0.999], topology: 'series' });
  const p = evaluate(availability, { availabilities: [0.999, 0.999], topology: 'parallel' });
  return {
    series: s.availability,
    parallel: p.availability,
    seriesPerYear: s.downtimePerYear,
    parallelPerYear: p.downtimePerYear,
  };
}
