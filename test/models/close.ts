/**
 * The one closeness test of the project: |actual − expected| <= abs + rel × |expected|.
 * The absolute part makes expected = 0 workable; the relative part scales with magnitude.
 */
import { expect } from 'vitest';

export function expectClose(actual: number | null | undefined, expected: number, rel = 1e-9, abs = 1e-12): void {
  expect(actual, `expected a number close to ${expected}`).toBeTypeOf('number');
  const a = actual as number;
  const tol = abs + rel * Math.abs(expected);
  if (!(Math.abs(a - expected) <= tol)) {
    expect.fail(`expected ${a} to be within ${tol} of ${expected} (rel ${rel}, abs ${abs})`);
  }
}
