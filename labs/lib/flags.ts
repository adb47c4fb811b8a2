/**
 * A lab's own command-line flags (after its name: `npm run lab inventory -- --clients 1,8`), read with
 * node:util's parseArgs and checked in one place, so every lab refuses a bad value the same way:
 * `inventory: --clients must be an integer from 1 to 200 (got 0)`. An unknown flag is refused by parseArgs
 * (strict). A flag left out takes the lab's own value for the mode (short or full).
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

export interface LabFlags {
  /** `--name N`: an integer in [min, max]. */
  int(name: string, fallback: number, min: number, max?: number): number;
  /** `--name A,B,C`: integers in [min, max]. */
  ints(name: string, fallback: readonly number[], min: number, max?: number): number[];
  /** `--name X`: a finite number in [min, max]. */
  number(name: string, fallback: number, min: number, max?: number): number;
  /** `--name a,b`: each one of `allowed`. */
  choices<T extends string>(name: string, fallback: readonly T[], allowed: readonly T[]): T[];
  /** `--name` with no value: true when given. */
  flag(name: string): boolean;
}

function rangeText(kind: string, min: number, max: number): string {
  return Number.isFinite(max) ? `${kind} from ${min} to ${max}` : `${kind} >= ${min}`;
}

/**
 * Parse `args` for the lab `lab`: `values` names the flags that take a value, `booleans` those that do not.
 * Throws an Error naming the lab, the flag, the allowed values and what was given.
 */
export function labFlags(
  lab: string,
  args: readonly string[],
  values: readonly string[],
  booleans: readonly string[] = [],
): LabFlags {
  const options: ParseArgsOptionsConfig = {};
  for (const n of values) options[n] = { type: 'string' };
  for (const n of booleans) options[n] = { type: 'boolean' };
  const parsed: Record<string, string | boolean | (string | boolean)[] | undefined> = parseArgs({
    args: [...args],
    options,
    strict: true,
  }).values;
  const text = (name: string): string | undefined => {
    if (!values.includes(name)) throw new Error(`${lab}: the lab reads --${name} but does not declare it`);
    const v = parsed[name];
    return typeof v === 'string' ? v : undefined;
  };
  const fail = (name: string, rule: string, got: string): never => {
    throw new Error(`${lab}: --${name} must be ${rule} (got ${JSON.stringify(got.slice(0, 40))})`);
  };
  const integer = (name: string, raw: string, min: number, max: number): number => {
    const n = Number(raw.trim());
    if (raw.trim() === '' || !Number.isInteger(n) || n < min || n > max) fail(name, rangeText('an integer', min, max), raw);
    return n;
  };
  return {
    int(name, fallback, min, max = Infinity) {
      const raw = text(name);
      return raw === undefined ? fallback : integer(name, raw, min, max);
    },
    ints(name, fallback, min, max = Infinity) {
      const raw = text(name);
      if (raw === undefined) return [...fallback];
      return raw.split(',').map((part) => integer(name, part, min, max));
    },
    number(name, fallback, min, max = Infinity) {
      const raw = text(name);
      if (raw === undefined) return fallback;
      const n = Number(raw.trim());
      if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max) fail(name, rangeText('a number', min, max), raw);
      return n;
    },
    choices(name, fallback, allowed) {
      const raw = text(name);
      if (raw === undefined) return [...fallback];
      return raw.split(',').map((part) => {
        const s = part.trim();
        if (!(allowed as readonly string[]).includes(s)) fail(name, `one or more of ${allowed.join(', ')}`, part);
        return s as (typeof allowed)[number];
      });
    },
    flag(name) {
      if (!booleans.includes(name)) throw new Error(`${lab}: the lab reads --${name} but does not declare it`);
      return parsed[name] === true;
    },
  };
}
