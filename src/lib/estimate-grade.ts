/**
 * How an estimate is graded: on a log scale, by the factor between it and the model's answer. Within 2×
 * (either way) is good, within 10× is close (the ballpark; 10× itself is an order of magnitude off, so the words
 * do not call it the right order), beyond is off. Boundaries count as the better grade (exactly 2× is good,
 * exactly 10× is close). The answer must be positive.
 */

export type Grade = 'good' | 'order' | 'off';

export interface Graded {
  readonly grade: Grade;
  /** estimate ÷ answer */
  readonly ratio: number;
  /** max(ratio, 1/ratio): how many times off, ≥ 1 */
  readonly factor: number;
  readonly direction: 'high' | 'low' | 'exact';
}

/** Relative slack so that 2 × 0.1 ÷ 0.1 counts as exactly 2 despite floating point. */
const SLACK = 1e-9;

export function gradeEstimate(estimate: number, answer: number): Graded {
  if (!(estimate > 0) || !(answer > 0) || !Number.isFinite(estimate) || !Number.isFinite(answer)) {
    throw new Error(`gradeEstimate: estimate and answer must be positive finite numbers (got ${estimate} and ${answer})`);
  }
  const ratio = estimate / answer;
  const factor = Math.max(ratio, 1 / ratio);
  const grade: Grade = factor <= 2 * (1 + SLACK) ? 'good' : factor <= 10 * (1 + SLACK) ? 'order' : 'off';
  const direction = Math.abs(ratio - 1) <= SLACK ? 'exact' : ratio > 1 ? 'high' : 'low';
  return { grade, ratio, factor, direction };
}

export const gradeWords: Readonly<Record<Grade, string>> = {
  good: 'Good: within 2×',
  order: 'Close: within 10×',
  off: 'Off: more than 10× away',
};

/** "1.4× too high", "3.2× too low", "exact": the factor to two significant digits (three below 10). */
export function ratioWords(g: Graded): string {
  if (g.direction === 'exact') return 'exact';
  const f = g.factor;
  const shown = f < 10 ? Number(f.toPrecision(2)) : Math.round(f);
  return `${shown.toLocaleString('en-US')}× too ${g.direction}`;
}
