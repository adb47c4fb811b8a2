/**
 * Where an input's value comes from. Every empirical input of a case study's scenarios (a throughput per
 * node, a latency, a size, a price, a rate cap: fields whose model marks them `empirical` in `.meta()`)
 * carries one of these, declared in the case study's module and shown on its page in one table
 * (<Assumptions>), so a reader can audit every premise a number rests on.
 *
 *   - source:      a published document a reader can open (title, address or book chapter/table, its date)
 *   - measured:    a measurement: what, on which machine, when (and the lab that reproduces it)
 *   - derivation:  worked out here from other sourced facts, with the working
 *   - choice:      a stated business or design choice of the case study, not a fact about the world
 */
import type { Scenario } from './scenario.ts';

export type Provenance =
  | { readonly kind: 'source'; readonly title: string; readonly url?: string; readonly date: string; readonly note?: string }
  | {
      readonly kind: 'measured';
      readonly what: string;
      readonly machine: string;
      readonly date: string;
      /** `npm run lab <name>` reproduces it */
      readonly lab?: string;
      readonly note?: string;
    }
  | { readonly kind: 'derivation'; readonly working: string; readonly note?: string }
  | { readonly kind: 'choice'; readonly why: string };

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

function dated(date: string, what: string): void {
  if (!DATE.test(date)) throw new Error(`${what}: date "${date}" must be written YYYY, YYYY-MM or YYYY-MM-DD`);
}

export function source(s: { title: string; url?: string; date: string; note?: string }): Provenance {
  dated(s.date, `source "${s.title}"`);
  if (!s.url && !/\b(ch(apter)?\.?|section|§|table|p\.|page)\s*\d/i.test(s.title)) {
    throw new Error(`source "${s.title}": give an address, or a book's chapter, section, table or page a reader can open`);
  }
  return { kind: 'source', ...s };
}

export function measured(m: { what: string; machine: string; date: string; lab?: string; note?: string }): Provenance {
  dated(m.date, `measurement "${m.what}"`);
  return { kind: 'measured', ...m };
}

export function derivation(working: string, note?: string): Provenance {
  return note === undefined ? { kind: 'derivation', working } : { kind: 'derivation', working, note };
}

export function choice(why: string): Provenance {
  return { kind: 'choice', why };
}

/** The provenance of one scenario's inputs, by field. */
export interface Assumptions {
  readonly scenario: Scenario<unknown>;
  readonly fields: Readonly<Record<string, Provenance>>;
}

export function assumptions<O, I>(s: Scenario<O, I>, fields: Partial<Record<keyof I & string, Provenance>>): Assumptions {
  const known = Object.keys(s.resolved);
  for (const f of Object.keys(fields)) {
    if (!known.includes(f)) throw new Error(`assumptions of scenario "${s.name}": model ${s.modelId} has no input "${f}"`);
  }
  return { scenario: s, fields: fields as Record<string, Provenance> };
}

export function isAssumptions(v: unknown): v is Assumptions {
  return typeof v === 'object' && v !== null && 'scenario' in v && 'fields' in v && !('chart' in v);
}
