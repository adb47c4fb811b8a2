/**
 * Output analysis for the simulator: sample percentiles by selection (no full sort), and a confidence
 * interval for a steady-state mean by the method of non-overlapping batch means.
 *
 * Percentiles are nearest-rank: the q-percentile of n values is the k-th smallest with k = ⌈q·n⌉ (at
 * least 1), the smallest value with at least a share q of the sample at or below it. It is found by
 * Floyd–Rivest selection (1975), in place, O(n) on average; successive percentiles in increasing order
 * each search only the part above the previous one.
 *
 * Batch means (Law, Simulation Modeling and Analysis, 5th ed., §9.5.3): the n observations, in order, are
 * cut into B batches of m = n/B; when m is large the batch means are nearly independent and nearly normal,
 * so Ȳ ± t(B − 1, 0.975)·s/√B, with s the standard deviation of the batch means, covers the steady-state
 * mean about 95 % of the time. Correlated observations (queue waits) make the naive s/√n far too narrow;
 * batching is the remedy.
 *
 * Example: `batchMeansInterval(Float64Array.of(1, 2, 3, 4), 2)` has batches 1.5 and 3.5, mean 2.5,
 * s = √2, and half-width t(1, 0.975)·√2/√2 = 12.706.
 */

/**
 * t(df, 0.975) for df = 1 … 10 (index df), to the digits of R's qt(0.975, df); df 1 is tan(0.475π) and
 * df 2 is 0.95·√(2/(1 − 0.95²)), in closed form.
 */
const T975_TABLE: readonly (number | undefined)[] = [
  undefined,
  12.706204736174707,
  4.302652729749464,
  3.182446305284263,
  2.776445105197799,
  2.570581835636314,
  2.446911851144969,
  2.364624251592785,
  2.306004135204166,
  2.262157162798205,
  2.228138851986274,
];

/** The 97.5 % quantile of the standard normal distribution. */
const Z975 = 1.959963984540054;

/**
 * The 97.5 % quantile of Student's t distribution with `df` degrees of freedom (two-sided 95 %). For
 * integer df up to 10, the tabulated value; above, the Cornish–Fisher expansion in 1/df of Abramowitz &
 * Stegun 26.7.5 (to four terms), whose error falls from 5e-6 at df 11 to 3e-7 at df 19 and below after.
 */
export function studentT975(df: number): number {
  if (!(df >= 1)) throw new RangeError(`degrees of freedom must be >= 1 (got ${df})`);
  const tabulated = T975_TABLE[df];
  if (tabulated !== undefined) return tabulated;
  const z = Z975;
  const z2 = z * z;
  const z3 = z2 * z;
  const z5 = z3 * z2;
  const z7 = z5 * z2;
  const z9 = z7 * z2;
  const g1 = (z3 + z) / 4;
  const g2 = (5 * z5 + 16 * z3 + 3 * z) / 96;
  const g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384;
  const g4 = (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i] ?? 0;
  a[i] = a[j] ?? 0;
  a[j] = t;
}

/**
 * Rearranges a[lo..hi] (inclusive) so that a[k] is the value a sort would put there, everything before it
 * is <= it and everything after >= it. Floyd & Rivest's SELECT (CACM 18(3), 1975, Algorithm 489): on a
 * long range it first selects within a small sample around where k should fall, so that the pivot lands
 * close to k and one partition pass does almost all the work (about n + min(k, n − k) comparisons).
 */
export function selectInPlace(a: Float64Array, k: number, lo = 0, hi = a.length - 1): void {
  let left = lo;
  let right = hi;
  while (right > left) {
    if (right - left > 600) {
      const n = right - left + 1;
      const i = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (i < n / 2 ? -1 : 1);
      const sampleLeft = Math.max(left, Math.floor(k - (i * s) / n + sd));
      const sampleRight = Math.min(right, Math.floor(k + ((n - i) * s) / n + sd));
      selectInPlace(a, k, sampleLeft, sampleRight);
    }
    // partition a[left..right] around t = a[k], with sentinels at both ends
    const t = a[k] ?? 0;
    let i = left;
    let j = right;
    swap(a, left, k);
    if ((a[right] ?? 0) > t) swap(a, left, right);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while ((a[i] ?? 0) < t) i++;
      while ((a[j] ?? 0) > t) j--;
    }
    if (a[left] === t) swap(a, left, j);
    else {
      j++;
      swap(a, j, right);
    }
    // a[j] = t now sits in its sorted place; keep the side that holds k
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

/** The zero-based index of the nearest-rank q-percentile in n sorted values. */
export function nearestRankIndex(q: number, n: number): number {
  return Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
}

/**
 * Nearest-rank percentiles of `values` at each of `qs` (in [0, 1], any order), by selection. Reorders
 * `values` (pass a scratch copy). Returns NaN for each q when `values` is empty.
 */
export function percentilesInPlace(values: Float64Array, qs: readonly number[]): number[] {
  const n = values.length;
  const order = qs.map((q, i) => ({ q, i })).sort((a, b) => a.q - b.q);
  const out = new Array<number>(qs.length).fill(Number.NaN);
  if (n === 0) return out;
  let lo = 0;
  for (const { q, i } of order) {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be in [0, 1] (got ${q})`);
    const k = nearestRankIndex(q, n);
    selectInPlace(values, k, lo, n - 1);
    out[i] = values[k] ?? Number.NaN;
    lo = k;
  }
  return out;
}

export interface MeanInterval {
  readonly mean: number;
  /** half-width of the two-sided 95 % interval */
  readonly halfWidth: number;
  readonly low: number;
  readonly high: number;
  readonly batches: number;
  readonly batchSize: number;
}

/**
 * The batch-means 95 % confidence interval for the mean of values[from .. from + batches·m), with
 * m = ⌊(values.length − from)/batches⌋ (the last values that do not fill a batch are not used).
 */
export function batchMeansInterval(values: Float64Array, batches: number, from = 0): MeanInterval {
  if (!(Number.isInteger(batches) && batches >= 2)) throw new RangeError(`batches must be an integer >= 2 (got ${batches})`);
  const m = Math.floor((values.length - from) / batches);
  if (m < 1) throw new RangeError(`need at least ${batches} values for ${batches} batches (got ${values.length - from})`);
  const means = new Float64Array(batches);
  let total = 0;
  for (let b = 0; b < batches; b++) {
    let s = 0;
    const start = from + b * m;
    for (let k = start; k < start + m; k++) s += values[k] ?? 0;
    means[b] = s / m;
    total += s;
  }
  const mean = total / (batches * m);
  let ss = 0;
  for (let b = 0; b < batches; b++) {
    const d = (means[b] ?? 0) - mean;
    ss += d * d;
  }
  const sd = Math.sqrt(ss / (batches - 1));
  const halfWidth = (studentT975(batches - 1) * sd) / Math.sqrt(batches);
  return { mean, halfWidth, low: mean - halfWidth, high: mean + halfWidth, batches, batchSize: m };
}
