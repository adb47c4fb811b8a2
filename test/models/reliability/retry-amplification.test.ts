import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, evaluate } from '../../../models/evaluate.ts';
import { retryAmplification as model } from '../../../models/reliability/retry-amplification.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

/** The trap, made explicit: sources speak of retries; the model takes attempts = retries + 1. */
const attemptsFromRetries = (retries: number): number => retries + 1;

describe('retry-amplification: published values', () => {
  it('gives 64 attempts for 3 layers that each issue 3 retries (Google SRE book, 4³)', () => {
    // Source: SRE book ch. 22 "Addressing Cascading Failures" (reference case RETRY-01,
    // https://sre.google/sre-book/addressing-cascading-failures/): backend, frontend and JavaScript layers
    // each issue 3 retries, i.e. 4 attempts, so one user action becomes 4³ = 64 attempts on the database.
    const out = evaluate(model, { layers: 3, attemptsPerLayer: attemptsFromRetries(3) });
    expect(out.amplification).toBe(64);
    expect(out.retriesPerLayer).toBe(3);
  });

  it('gives 243 for a five-deep stack making 3 tries per layer (Amazon Builders’ Library, 3⁵)', () => {
    // Source: M. Brooker, "Timeouts, retries, and backoff with jitter", Amazon Builders' Library,
    // https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/ (read in copies of the
    // article's text; reference case RETRY-02): a five-deep stack with "three retries at each layer", so that "load on the
    // database will increase 243x" ("first three tries, then nine tries"). The text says retries but multiplies
    // by 3 per layer: its three are tries (attempts), so attemptsPerLayer = 3.
    expect(evaluate(model, { layers: 5, attemptsPerLayer: 3 }).amplification).toBe(243);
  });

  it('gives 1024, not 243, when the same stack makes 3 retries (4 attempts) per layer (RETRY-02 note)', () => {
    // Source: reference case RETRY-02 note, recomputed under Google's convention: 4⁵ = 1024. The trap:
    // passing the retry count as attempts silently divides the answer by 4.2 here.
    expect(evaluate(model, { layers: 5, attemptsPerLayer: attemptsFromRetries(3) }).amplification).toBe(1024);
    expect(evaluate(model, { layers: 5, attemptsPerLayer: 3 }).amplification).not.toBe(1024);
  });

  it('grows 4, 16, 64 layer by layer with 3 retries each (TinyFish, "retry amplification" table)', () => {
    // Source: https://current.tinyfish.ai/tinyfish/issue/10/practitioners-corner/article/7268: frontend
    // 3 retries → 4 attempts; API gateway × 4 → 16; backend × 4 → 64 ("one failed authentication becomes 64
    // database attempts"). Their "cumulative total" column is our amplification per depth.
    expect([1, 2, 3].map((layers) => evaluate(model, { layers, attemptsPerLayer: 4 }).amplification)).toEqual([4, 16, 64]);
    // and the calls made at all layers together (derived): 4 + 16 + 64
    expect(evaluate(model, { layers: 3, attemptsPerLayer: 4 }).totalCalls).toBe(84);
  });
});

describe('retry-amplification: edges', () => {
  it('does not amplify without retries: one attempt per layer is one call per layer', () => {
    const out = evaluate(model, { layers: 7, attemptsPerLayer: 1 });
    expect(out).toEqual({ amplification: 1, retriesPerLayer: 0, totalCalls: 7 });
  });

  it('stays finite at the largest inputs (100 attempts over 100 layers = 1e200)', () => {
    const out = evaluate(model, { layers: 100, attemptsPerLayer: 100 });
    expectClose(out.amplification, 1e200, 1e-12);
    expectClose(out.totalCalls, (100 * (100 ** 100 - 1)) / 99, 1e-12); // geometric series
  });

  it('names bad fields with their ranges', () => {
    const r = check(model, { layers: 0, attemptsPerLayer: 1.5 });
    const lines = r.ok ? [] : r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toEqual([
      'layers: must be an integer from 1 to 100 (got 0)',
      'attemptsPerLayer: must be an integer from 1 to 100 (got 1.5)',
    ]);
    const missing = check(model, { layers: 3 });
    expect(missing.ok ? [] : missing.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'attemptsPerLayer: is required: an integer from 1 to 100',
    ]);
  });

  it('does not mutate its input, and its example is valid', () => {
    const input = deepFreeze({ layers: 3, attemptsPerLayer: 4 });
    expect(evaluate(model, input).amplification).toBe(64);
    expect(check(model, model.example).ok).toBe(true);
  });
});

const layers = fc.integer({ min: 1, max: 50 });
const attempts = fc.integer({ min: 1, max: 100 });

describe('retry-amplification: properties', () => {
  it('is multiplicative: stacking two stacks multiplies their amplifications', () => {
    fc.assert(
      fc.property(layers, layers, attempts, (l1, l2, a) => {
        const amp = (l: number): number => evaluate(model, { layers: l, attemptsPerLayer: a }).amplification;
        expectClose(amp(l1 + l2), amp(l1) * amp(l2), 1e-12);
      }),
    );
  });

  it('grows with attempts and with layers, and totalCalls is the geometric series', () => {
    fc.assert(
      fc.property(layers, attempts, (l, a) => {
        const out = evaluate(model, { layers: l, attemptsPerLayer: a });
        if (a < 100)
          expect(evaluate(model, { layers: l, attemptsPerLayer: a + 1 }).amplification).toBeGreaterThan(out.amplification);
        expect(evaluate(model, { layers: l + 1, attemptsPerLayer: a }).amplification).toBeGreaterThanOrEqual(out.amplification);
        expectClose(out.totalCalls, a === 1 ? l : (a * (a ** l - 1)) / (a - 1), 1e-12);
        expect(out.totalCalls).toBeGreaterThanOrEqual(out.amplification);
      }),
    );
  });
});
