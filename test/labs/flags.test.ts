/**
 * Lab flags (labs/lib/flags.ts): what a lab takes from its command line, and the message a bad value gets.
 * No server needed.
 */
import { describe, expect, it } from 'vitest';
import { labFlags } from '../../labs/lib/flags.ts';

const f = (args: string[]) => labFlags('demo', args, ['runs', 'clients', 'hold', 'strategies'], ['quick']);

describe('lab flags', () => {
  it('a flag left out takes the lab’s own value; given, it is read', () => {
    expect(f([]).int('runs', 3, 1, 50)).toBe(3);
    expect(f(['--runs', '7']).int('runs', 3, 1, 50)).toBe(7);
    expect(f(['--clients', '1,8,32']).ints('clients', [2], 1, 200)).toEqual([1, 8, 32]);
    expect(f(['--hold', '12.5']).number('hold', 20, 1, 1000)).toBe(12.5);
    expect(f(['--strategies', 'b,a']).choices('strategies', ['a'], ['a', 'b', 'c'])).toEqual(['b', 'a']);
    expect(f(['--quick']).flag('quick')).toBe(true);
    expect(f([]).flag('quick')).toBe(false);
  });

  it('a bad value is refused with the lab, the flag, the allowed range and what was given', () => {
    expect(() => f(['--runs', '0']).int('runs', 3, 1, 50)).toThrow('demo: --runs must be an integer from 1 to 50 (got "0")');
    expect(() => f(['--runs', '2.5']).int('runs', 3, 1)).toThrow('demo: --runs must be an integer >= 1 (got "2.5")');
    expect(() => f(['--runs', 'abc']).int('runs', 3, 1)).toThrow('must be an integer >= 1');
    expect(() => f(['--clients', '1,,8']).ints('clients', [2], 1, 200)).toThrow(
      'demo: --clients must be an integer from 1 to 200 (got "")',
    );
    expect(() => f(['--hold', 'NaN']).number('hold', 20, 1, 1000)).toThrow(
      'demo: --hold must be a number from 1 to 1000 (got "NaN")',
    );
    expect(() => f(['--hold', '1e9']).number('hold', 20, 1, 1000)).toThrow('from 1 to 1000');
    expect(() => f(['--strategies', 'a,z']).choices('strategies', ['a'], ['a', 'b'])).toThrow(
      'demo: --strategies must be one or more of a, b (got "z")',
    );
  });

  it('an unknown flag is refused, and a lab cannot read a flag it did not declare', () => {
    expect(() => f(['--colour', 'red'])).toThrow(/Unknown option '--colour'/);
    expect(() => f([]).int('seconds', 1, 0)).toThrow('demo: the lab reads --seconds but does not declare it');
  });
});
