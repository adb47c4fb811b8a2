/**
 * Input fields and rules that several models declare the same way, so that they read and refuse alike.
 */
import { z } from 'zod';

/** The largest seed: models/random.ts reads a seed's low 32 bits, so every unsigned 32-bit integer is a distinct stream. */
export const MAX_SEED = 4_294_967_295;

/** A simulation's seed (default 1): the same seed gives the same answer, on every machine. */
export function seedField(description = 'Seed of the random streams (same seed, same answer)') {
  return z.number().int().min(0).max(MAX_SEED).default(1).meta({ unit: 'count', description });
}

/** Inside a schema's superRefine: an issue on `path` when `list` names an item twice. Returns whether it did. */
export function refuseRepeats(list: readonly string[], path: string, what: string, ctx: z.RefinementCtx): boolean {
  const twice = list.find((s, i) => list.indexOf(s) !== i);
  if (twice === undefined) return false;
  ctx.addIssue({ code: 'custom', path: [path], message: `must list each ${what} at most once (got "${twice}" twice)` });
  return true;
}
