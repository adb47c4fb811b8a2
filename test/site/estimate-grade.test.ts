/** The drills' grader: a log scale, within 2× good, within 10× the right order of magnitude, beyond off. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradeEstimate, ratioWords } from '../../src/lib/estimate-grade.ts';

describe('gradeEstimate', () => {
  it('counts the boundaries 2× and 10× as the better grade, in both directions', () => {
    const answer = 0.1 * 3; // 0.30000000000000004: the boundaries must survive floating point
    expect(gradeEstimate(answer * 2, answer).grade).toBe('good');
    expect(gradeEstimate(answer / 2, answer).grade).toBe('good');
    expect(gradeEstimate(answer * 10, answer).grade).toBe('order');
    expect(gradeEstimate(answer / 10, answer).grade).toBe('order');
    expect(gradeEstimate(6, 3).grade).toBe('good');
    expect(gradeEstimate(1.5, 3).grade).toBe('good');
    expect(gradeEstimate(30, 3).grade).toBe('order');
    expect(gradeEstimate(0.3, 3).grade).toBe('order');
  });

  it('changes grade just past each boundary', () => {
    expect(gradeEstimate(6.01, 3).grade).toBe('order');
    expect(gradeEstimate(1.49, 3).grade).toBe('order');
    expect(gradeEstimate(30.1, 3).grade).toBe('off');
    expect(gradeEstimate(0.299, 3).grade).toBe('off');
  });

  it('reports the ratio, the factor and the direction', () => {
    expect(gradeEstimate(40, 10)).toEqual({ grade: 'order', ratio: 4, factor: 4, direction: 'high' });
    expect(gradeEstimate(2.5, 10)).toEqual({ grade: 'order', ratio: 0.25, factor: 4, direction: 'low' });
    expect(gradeEstimate(10, 10)).toEqual({ grade: 'good', ratio: 1, factor: 1, direction: 'exact' });
    expect(ratioWords(gradeEstimate(14, 10))).toBe('1.4× too high');
    expect(ratioWords(gradeEstimate(10, 32))).toBe('3.2× too low');
    expect(ratioWords(gradeEstimate(1234, 10))).toBe('123× too high');
    expect(ratioWords(gradeEstimate(10, 10))).toBe('exact');
  });

  it('is symmetric on the log scale: a factor too high grades like the same factor too low', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e12, noNaN: true }), fc.double({ min: 1, max: 1e4, noNaN: true }), (answer, f) => {
        const hi = gradeEstimate(answer * f, answer);
        const lo = gradeEstimate(answer / f, answer);
        expect(hi.grade).toBe(lo.grade);
        expect(hi.factor).toBeCloseTo(lo.factor, 6);
      }),
    );
  });

  it('refuses what cannot be a ratio', () => {
    expect(() => gradeEstimate(0, 1)).toThrow(/positive finite/);
    expect(() => gradeEstimate(1, 0)).toThrow(/positive finite/);
    expect(() => gradeEstimate(Number.NaN, 1)).toThrow(/positive finite/);
    expect(() => gradeEstimate(-1, 1)).toThrow(/positive finite/);
  });
});
