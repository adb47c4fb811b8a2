import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import { errorBudget as model } from '../../../models/reliability/error-budget.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

const MINUTE = 60; // seconds
const HOUR = 3600; // seconds
const DAY = 86_400; // seconds

describe('error-budget: published values', () => {
  it('allows 250 failed requests a day at 99.99 % of 2.5M requests (SRE book, "Embracing Risk")', () => {
    // Source: reference case AVAIL-04, Google SRE book ch. 3 (https://sre.google/sre-book/embracing-risk/):
    // paraphrased: a system serving 2.5M requests a day with a daily target of 99.99 % can serve up to 250
    // errors and still meet it.
    const out = evaluate(model, { target: 0.9999, requestsPerDay: 2_500_000 });
    expectClose(out.allowedErrorsPerDay, 250, 1e-9, 1e-6); // AVAIL-04 allowed_errors_per_day
  });

  it('allows 8.76 hours a year at 99.9 % and 52.56 minutes at 99.99 % (SRE book Appendix A)', () => {
    // Source: SRE book Appendix A "Availability Table" (https://sre.google/sre-book/availability-table/):
    // 99.9 % → 8.76 hours per year; 99.99 % → 52.6 minutes (52.56 unrounded, as Azure's table prints it).
    expectClose(evaluate(model, { target: 0.999 }).budgetPerYear / HOUR, 8.76, 1e-9);
    expectClose(evaluate(model, { target: 0.9999 }).budgetPerYear / MINUTE, 52.56, 1e-9);
  });

  it('allows 43.2 minutes over 30 days at 99.9 % (Google Cloud CRE life lessons)', () => {
    // Source: Google Cloud blog, "Available . . . or not? That is the question - CRE life lessons"
    // (https://cloud.google.com/blog/products/gcp/available-or-not-that-is-the-question-cre-life-lessons):
    // "given a fixed period of time (e.g., 30 days, 43200 minutes) and an availability target of 99.9% …
    // the system must not be down for more than 43.2 minutes over the 30 days … the error budget".
    const out = evaluate(model, { target: 0.999, windowDays: 30 });
    expectClose(out.budgetPerWindow / MINUTE, 43.2, 1e-9);
  });

  it('allows 40.32 minutes per four-week window at 99.9 % (independent derivation for the workbook’s window)', () => {
    // The SRE workbook ("Implementing SLOs") recommends a rolling four-week window; 0.001 × 28 × 1440 min =
    // 40.32 min, derived here, not read in the workbook. 28 days is the default window.
    expectClose(evaluate(model, { target: 0.999 }).budgetPerWindow / MINUTE, 40.32, 1e-9);
  });
});

describe('error-budget: dependencies (The Calculus of Service Availability)', () => {
  it('leaves most of a 99.99 % budget when the critical dependencies have one more nine (the rule of the extra 9)', () => {
    // Treynor et al., ACM Queue 2017 (https://queue.acm.org/detail.cfm?id=3096459): critical dependencies
    // should offer one more 9 than the service. Derived: three at 99.999 % use 1 − 0.99999³ ≈ 0.003 % of
    // the 0.01 % budget, i.e. 30 % of it (946.1 s of a 3 153.6 s budget a year).
    const out = evaluate(model, { target: 0.9999, dependencies: [0.99999, 0.99999, 0.99999] });
    expect(out.achievable).toBe(true);
    expect(out.reason).toBeNull();
    expectClose(out.consumedByDependenciesPerYear, (1 - 0.99999 ** 3) * 365 * DAY, 1e-9);
    expectClose(out.consumedByDependenciesPerYear / out.budgetPerYear, 0.29999, 1e-4);
    expectClose(out.remainingPerYear, out.budgetPerYear - out.consumedByDependenciesPerYear, 1e-12);
    expectClose(out.maxAchievableTarget, 0.99999 ** 3, 1e-12);
  });

  it('reports an unachievable target as an answer: negative remainder, a reason, the highest possible target', () => {
    // Derived: 99.99 % on top of two 99.99 % dependencies cannot be met: they alone are down
    // 1 − 0.9999² = 0.019999 % of the time, about twice the budget.
    const out = evaluate(model, { target: 0.9999, dependencies: [0.9999, 0.9999] });
    expect(out.achievable).toBe(false);
    expect(out.remainingPerYear).toBeLessThan(0);
    expectClose(out.remainingPerYear, -(1 - 0.9999 ** 2 - (1 - 0.9999)) * 365 * DAY, 1e-6);
    expectClose(out.maxAchievableTarget, 0.99980001, 1e-12);
    expect(out.reason).toMatch(/available 99\.98 % of the time, below the target 99\.99 %/);
    expect(out.reason).toMatch(/only at or below 99\.98 %/);
    expect(JSON.stringify(out)).not.toMatch(/NaN|Infinity/);
  });

  it('is exactly achievable when the dependencies use the whole budget', () => {
    const out = evaluate(model, { target: 0.999, dependencies: [0.999] });
    expect(out.achievable).toBe(true);
    expectClose(out.remainingPerYear, 0, 0, 1e-6);
  });
});

describe('error-budget: edges', () => {
  it('has no request-based figures without requestsPerDay, and no dependency use without dependencies', () => {
    const out = evaluate(model, { target: 0.99 });
    expect(out.allowedErrorsPerDay).toBeNull();
    expect(out.allowedErrorsPerWindow).toBeNull();
    expect(out.dependencyAvailability).toBe(1);
    expect(Object.is(out.consumedByDependenciesPerYear, 0)).toBe(true);
    expect(out.remainingPerYear).toBe(out.budgetPerYear);
  });

  it('has a zero budget at a 100 % target, which any imperfect dependency overdraws', () => {
    expect(evaluate(model, { target: 1 }).budgetPerYear).toBe(0);
    expect(evaluate(model, { target: 1 }).achievable).toBe(true);
    const over = evaluate(model, { target: 1, dependencies: [0.99999] });
    expect(over.achievable).toBe(false);
    expect(over.remainingPerYear).toBeLessThan(0);
  });

  it('scales the window and the error counts by windowDays and yearDays', () => {
    const out = evaluate(model, { target: 0.995, requestsPerDay: 1000, windowDays: 7, yearDays: 365.25 });
    expectClose(out.allowedErrorsPerDay, 5, 1e-9);
    expectClose(out.allowedErrorsPerWindow, 35, 1e-9);
    expectClose(out.budgetPerWindow, 0.005 * 7 * DAY, 1e-9);
    expectClose(out.budgetPerYear, 0.005 * 365.25 * DAY, 1e-9);
  });
});

describe('error-budget: bad input', () => {
  it('names each bad field, its constraint and the value received', () => {
    const r = check(model, { target: 2, dependencies: [1.5], requestsPerDay: -1 });
    const lines = r.ok ? [] : r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toEqual([
      'target: must be a number from 0 to 1 (got 2)',
      'requestsPerDay: must be a number from 0 to 1000000000000000 (got -1)',
      'dependencies.0: must be a number from 0 to 1 (got 1.5)',
    ]);
    const missing = check(model, {});
    expect(missing.ok ? [] : missing.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'target: is required: a number from 0 to 1',
    ]);
  });

  it('does not mutate its input, and its example is valid', () => {
    const input = deepFreeze({ target: 0.9999, requestsPerDay: 1e6, dependencies: [0.99999, 0.9999] });
    expect(() => evaluate(model, input)).not.toThrow();
    expect(input.dependencies).toEqual([0.99999, 0.9999]);
    expect(check(model, model.example).ok).toBe(true);
  });
});

const fraction = fc.double({ min: 0, max: 1, noNaN: true });

describe('error-budget: properties', () => {
  it('achievable exactly when the dependencies’ product reaches the target, with a budget that sums', () => {
    fc.assert(
      fc.property(fraction, fc.array(fraction, { maxLength: 8 }), (target, dependencies) => {
        const out = evaluate(model, { target, dependencies });
        expect(out.achievable).toBe(out.remainingPerYear >= 0);
        expect(out.reason === null).toBe(out.achievable);
        expectClose(out.remainingPerYear + out.consumedByDependenciesPerYear, out.budgetPerYear, 1e-9, 1e-6);
        expect(out.budgetPerYear).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('shrinks as the target rises and as dependencies are added', () => {
    fc.assert(
      fc.property(fraction, fraction, fc.array(fraction, { maxLength: 5 }), fraction, (t1, t2, deps, extra) => {
        const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
        expect(evaluate(model, { target: hi }).budgetPerYear).toBeLessThanOrEqual(evaluate(model, { target: lo }).budgetPerYear);
        const before = evaluate(model, { target: lo, dependencies: deps }).remainingPerYear;
        const after = evaluate(model, { target: lo, dependencies: [...deps, extra] }).remainingPerYear;
        expect(after).toBeLessThanOrEqual(before + 1e-6);
      }),
    );
  });
});
