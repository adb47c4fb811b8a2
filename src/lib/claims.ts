/**
 * Computed claims: a sentence whose truth depends on the numbers ("memory never comes close", "replicas
 * add no write capacity") is bound to a comparison between two of the scenario's values, with the
 * threshold it rests on stated in the claim itself. The page renders a sentence for each outcome
 * (<When claim={…}> and <When claim={…} not>); the browser re-decides after every edit, with this same
 * function, so the sentence shown always agrees with the numbers beside it.
 *
 *   export const memoryIsSmall = claim(limiter, { output: 'memoryPerPrimaryBytes' }, '<', { input: 'maxMemoryPerPrimary' }, { times: 0.1 });
 *
 * reads "memory per primary < 0.1 × the memory a primary may use". A claim is plain data (JSON): it
 * travels to the browser in an attribute.
 */
import { pick } from './pick.ts';
import type { Scenario } from './scenario.ts';

export type Operand = number | { readonly output: string } | { readonly input: string };
export const comparisons = ['<', '<=', '>', '>=', '==', '!='] as const;
export type Comparison = (typeof comparisons)[number];

export interface Claim {
  /** the scenario's name (the browser finds its numbers by it) */
  readonly scenario: string;
  /** the scenario itself, to decide the claim at build time */
  readonly of: Scenario<unknown>;
  readonly left: Operand;
  readonly op: Comparison;
  readonly right: Operand;
  /** the right side is multiplied by this (a threshold: "10 % of …") */
  readonly times: number;
  /** what the claim says when it holds, for the assumptions list and test messages */
  readonly says: string;
}

function operandValue(o: Operand, input: Readonly<Record<string, unknown>>, output: Readonly<Record<string, unknown>>): unknown {
  if (typeof o === 'number') return o;
  return 'output' in o ? pick(output, o.output) : pick(input, o.input);
}

/**
 * Whether the claim holds for these inputs and outputs; undefined when either side is not a finite
 * number (a saturated queue's latency is null: the claim cannot be decided, and no sentence is shown).
 */
export function claimHolds(
  c: Pick<Claim, 'left' | 'op' | 'right' | 'times'>,
  input: Readonly<Record<string, unknown>>,
  output: Readonly<Record<string, unknown>>,
): boolean | undefined {
  const a = operandValue(c.left, input, output);
  const b0 = operandValue(c.right, input, output);
  if (typeof a !== 'number' || typeof b0 !== 'number' || !Number.isFinite(a) || !Number.isFinite(b0)) return undefined;
  const b = b0 * c.times;
  switch (c.op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
}

/** Declares a claim about a scenario; an operand that names no value of the scenario fails the build. */
export function claim(
  s: Scenario<unknown>,
  left: Operand,
  op: Comparison,
  right: Operand,
  options: { times?: number; says: string },
): Claim {
  const c: Claim = { scenario: s.name, of: s, left, op, right, times: options.times ?? 1, says: options.says };
  for (const o of [left, right]) {
    if (typeof o === 'number') continue;
    const v = operandValue(o, s.resolved, s.output);
    if (v === undefined) {
      const where = 'output' in o ? `output "${o.output}"` : `input "${o.input}"`;
      throw new Error(`claim "${options.says}": scenario "${s.name}" (model ${s.modelId}) has no ${where}`);
    }
  }
  if (claimHolds(c, s.resolved, s.output) === undefined) {
    throw new Error(
      `claim "${options.says}": cannot be decided for scenario "${s.name}" at its own inputs (a side is not a number)`,
    );
  }
  return c;
}

export function isClaim(v: unknown): v is Claim {
  return typeof v === 'object' && v !== null && 'op' in v && 'left' in v && 'right' in v && 'says' in v;
}
