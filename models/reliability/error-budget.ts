/**
 * Error budget: the unreliability an availability target allows, as time per year and per SLO window, as
 * failed requests per day, and how much of it the service's critical dependencies use up before the
 * service itself fails once.
 *
 *   budget fraction b = 1 − target
 *   budgetPerYear = b × yearDays × 86 400 s          budgetPerWindow = b × windowDays × 86 400 s
 *   allowedErrorsPerDay = b × requestsPerDay          (request-based, "aggregate" availability)
 *   consumedByDependenciesPerYear = (1 − Π depᵢ) × year   (critical dependencies in series, independent)
 *   remainingPerYear = budgetPerYear − consumedByDependenciesPerYear
 *
 * An unachievable target is an answer, not an error: when the dependencies alone use more than the budget
 * (Π depᵢ < target), `achievable` is false, `remainingPerYear` is negative (the overdraft), `reason` says
 * so in words, and `maxAchievableTarget` (= Π depᵢ, what a service that never failed itself would reach)
 * says what target the dependencies allow. This is the "Calculus of Service Availability" argument: a
 * service cannot be more available than the product of its critical dependencies, so they need about one
 * more nine than it does.
 *
 * Assumptions: dependencies are hard (any one down takes the service down), fail independently, and their
 * outages do not overlap the service's own (so the consumption adds to, rather than hides in, the service's
 * failures); time-based budget for the year and window figures, request-based for the error counts.
 *
 * Units: target and dependencies fractions; requestsPerDay requests per day; yearDays and windowDays days;
 * budgets in seconds; allowed errors in requests.
 *
 * References: Google SRE book ch. 3 "Embracing Risk" (https://sre.google/sre-book/embracing-risk/);
 * B. Treynor, M. Dahlin, V. Rau, B. Beyer, "The Calculus of Service Availability", ACM Queue 15(2), 2017
 * (https://queue.acm.org/detail.cfm?id=3096459); The Site Reliability Workbook ch. 2 "Implementing SLOs"
 * (four-week windows, https://sre.google/workbook/implementing-slos/).
 *
 * Example: target 99.99 %, 2 500 000 requests a day, one critical dependency at 99.999 % → budgetPerYear
 * 3 153.6 s (52.56 min), allowedErrorsPerDay 250, consumedByDependenciesPerYear 315.36 s,
 * remainingPerYear 2 838.24 s, achievable.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { DAY, seriesAvailability, seriesUnavailability } from './availability.ts';
import { words } from '../words.ts';

function percent(fraction: number): string {
  return `${words(fraction * 100)} %`;
}

const input = z.strictObject({
  target: z.number().min(0).max(1).meta({ unit: 'fraction', description: 'Availability target (SLO), e.g. 0.9999 for 99.99 %' }),
  requestsPerDay: z
    .number()
    .min(0)
    .max(1e15)
    .optional()
    .meta({ unit: 'count', description: 'Requests served per day, for the request-based budget (failed requests allowed)' }),
  dependencies: z
    .array(z.number().min(0).max(1).meta({ unit: 'fraction', description: 'Availability of one critical dependency' }))
    .max(10_000)
    .default([])
    .meta({ unit: 'list', description: 'Availabilities of the critical (hard) dependencies, as fractions' }),
  yearDays: z
    .number()
    .min(1)
    .max(366)
    .default(365)
    .meta({ unit: 'count', description: 'Days in a year (365; some tables use 365.25)' }),
  windowDays: z
    .number()
    .min(1)
    .max(366)
    .default(28)
    .meta({ unit: 'count', description: 'Length of the SLO window in days (the SRE workbook uses a rolling four weeks: 28)' }),
});

export interface ErrorBudgetOutput {
  readonly budgetFraction: number;
  readonly budgetPerYear: number;
  readonly budgetPerWindow: number;
  readonly allowedErrorsPerDay: number | null;
  readonly allowedErrorsPerWindow: number | null;
  readonly dependencyAvailability: number;
  readonly consumedByDependenciesPerYear: number;
  readonly remainingPerYear: number;
  readonly achievable: boolean;
  readonly maxAchievableTarget: number;
  readonly reason: string | null;
}

export const errorBudget = defineModel({
  id: 'error-budget',
  title: 'Error budget',
  summary: 'The downtime and failed requests an availability target allows, and how much of it critical dependencies consume.',
  input,
  outputs: {
    budgetFraction: { description: '1 − target: the share of time (or of requests) allowed to fail', unit: 'fraction' },
    budgetPerYear: { description: 'Downtime allowed per year: (1 − target) × yearDays days', unit: 's' },
    budgetPerWindow: { description: 'Downtime allowed per SLO window of windowDays days', unit: 's' },
    allowedErrorsPerDay: {
      description: 'Failed requests allowed per day, (1 − target) × requestsPerDay; null without requestsPerDay',
      unit: 'count',
    },
    allowedErrorsPerWindow: {
      description: 'Failed requests allowed per SLO window; null without requestsPerDay',
      unit: 'count',
    },
    dependencyAvailability: { description: 'Π of the critical dependencies’ availabilities (1 with none)', unit: 'fraction' },
    consumedByDependenciesPerYear: {
      description: 'Downtime per year that the dependencies cause on their own: (1 − Π depᵢ) × year',
      unit: 's',
    },
    remainingPerYear: {
      description: 'Budget left for the service’s own failures per year; negative when the dependencies overdraw it',
      unit: 's',
    },
    achievable: { description: 'Whether the dependencies leave any budget (Π depᵢ >= target)', unit: 'boolean' },
    maxAchievableTarget: {
      description: 'The highest target the dependencies allow (Π depᵢ, reached only if the service never fails itself)',
      unit: 'fraction',
    },
    reason: { description: 'Why the target is unachievable, in words; null when it is achievable', unit: 'text' },
  },
  references: [
    {
      title: 'Site Reliability Engineering (Google SRE book), ch. 3 "Embracing Risk"',
      url: 'https://sre.google/sre-book/embracing-risk/',
      note: 'Aggregate availability: 2.5M requests a day at a 99.99 % target may fail 250 (reference case AVAIL-04).',
    },
    {
      title: 'B. Treynor, M. Dahlin, V. Rau, B. Beyer, "The Calculus of Service Availability", ACM Queue 15(2), 2017',
      url: 'https://queue.acm.org/detail.cfm?id=3096459',
      note: 'A service is only as available as its critical dependencies allow; the "rule of the extra 9".',
    },
    {
      title: 'The Site Reliability Workbook, ch. 2 "Implementing SLOs"',
      url: 'https://sre.google/workbook/implementing-slos/',
      note: 'Error budget = 1 − SLO over a rolling four-week window.',
    },
  ],
  example: { target: 0.9999, requestsPerDay: 2_500_000, dependencies: [0.99999] },
  exampleStates: {
    budgetPerYear: 3153.6,
    allowedErrorsPerDay: 250,
    consumedByDependenciesPerYear: 315.36,
    remainingPerYear: 2838.24,
    achievable: true,
  },
  compute({ target, requestsPerDay, dependencies, yearDays, windowDays }): ErrorBudgetOutput {
    const budgetFraction = 1 - target;
    const year = yearDays * DAY;
    const budgetPerYear = budgetFraction * year;
    const dependencyUnavailability = seriesUnavailability(dependencies);
    const dependencyAvailability = seriesAvailability(dependencies);
    const consumedByDependenciesPerYear = dependencyUnavailability * year;
    const achievable = dependencyUnavailability <= budgetFraction;
    return {
      budgetFraction,
      budgetPerYear,
      budgetPerWindow: budgetFraction * windowDays * DAY,
      allowedErrorsPerDay: requestsPerDay === undefined ? null : budgetFraction * requestsPerDay,
      allowedErrorsPerWindow: requestsPerDay === undefined ? null : budgetFraction * requestsPerDay * windowDays,
      dependencyAvailability,
      consumedByDependenciesPerYear,
      remainingPerYear: budgetPerYear - consumedByDependenciesPerYear,
      achievable,
      maxAchievableTarget: dependencyAvailability,
      reason: achievable
        ? null
        : `The critical dependencies together are available ${percent(dependencyAvailability)} of the time, ` +
          `below the target ${percent(target)}: they alone use ${words(consumedByDependenciesPerYear)} s a year ` +
          `of a ${words(budgetPerYear)} s budget. The target is achievable only at or below ` +
          `${percent(dependencyAvailability)}, or with more available (or fewer, or redundant) dependencies.`,
    };
  },
});
