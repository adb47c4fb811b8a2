import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { axisName } from '../../src/charts/tornado.ts';

// The tornado's input names: whole on one or two lines, cut only when two lines cannot hold them.
describe('axisName', () => {
  it('keeps a name that fits on one line', () => {
    expect(axisName('Mean length of a pause', 26)).toBe('Mean length of a pause');
  });

  it('breaks a longer name at a space onto a second line, losing nothing', () => {
    // 'Chance that a holder pauses' is 27 characters; 26 fit: the first line takes words while they fit.
    expect(axisName('Chance that a holder pauses', 26)).toBe('Chance that a holder\npauses');
  });

  it('cuts only the second line, and says so with an ellipsis', () => {
    const name = 'Squared coefficient of variation of the pause length distribution';
    const shown = axisName(name, 26);
    const [first, second] = shown.split('\n');
    expect(first).toBe('Squared coefficient of');
    expect(second).toMatch(/…$/);
    expect(second!.length).toBe(26);
  });

  it('never gives a line longer than the room, and never more than two lines', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z]{1,14}$/), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 15, max: 40 }),
        (words, chars) => {
          const lines = axisName(words.join(' '), chars).split('\n');
          expect(lines.length).toBeLessThanOrEqual(2);
          for (const line of lines) expect(line.length).toBeLessThanOrEqual(chars);
        },
      ),
    );
  });

  it('keeps every word when two lines hold them', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 1, maxLength: 6 }), (words) => {
        const name = words.join(' ');
        expect(axisName(name, 30).replace('\n', ' ')).toBe(name); // at most 6×9 = 54 characters: fits 2×30 at a space
      }),
    );
  });
});
