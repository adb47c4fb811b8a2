/**
 * Small exact-arithmetic helpers shared by the capacity models.
 *
 * Sizing rounds a ratio up to whole things (nodes, partitions, connections), and a ratio of two
 * doubles can land a hair above an integer it equals on paper: 1.1 / 0.1 is 11.000000000000002, whose
 * ceiling 12 would buy a node nobody needs. `ceilDiv` corrects for that by checking the product.
 */

/**
 * ⌈a / b⌉ for a >= 0 and b > 0, corrected for rounding so that n·b >= a and (n − 1)·b < a.
 * Example: ceilDiv(1.1, 0.1) = 11 (Math.ceil(1.1 / 0.1) is 12); ceilDiv(200, 20) = 10; ceilDiv(0, 5) = 0.
 */
export function ceilDiv(a: number, b: number): number {
  let n = Math.ceil(a / b);
  if (n > 0 && (n - 1) * b >= a) n -= 1;
  if (n * b < a) n += 1;
  return n;
}

/** Seconds in a day: 24 × 3600 = 86 400. */
export const SECONDS_PER_DAY = 86_400;
