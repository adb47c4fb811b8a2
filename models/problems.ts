/**
 * Turns zod issues into the contract's one-line problems: `servers: must be an integer >= 1 (got 0)`.
 *
 * The constraint is described from the field's JSON Schema (the same one the CLI prints), so a message
 * always states the whole allowed range, not only the check that failed first.
 */
import { z } from 'zod';

export interface Problem {
  /** dotted path of the field, e.g. `arrivals.3.time`; empty for the whole input */
  readonly field: string;
  /** what is allowed and what was received */
  readonly message: string;
  /**
   * `range`: the value is outside what the field's schema allows (the message is built from the schema);
   * `required`: missing; `unknown`: not an input of the model; `rule`: a rule across fields, in its own words.
   */
  readonly kind: 'range' | 'required' | 'unknown' | 'rule';
}

type JsonSchema = {
  type?: string | string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  additionalProperties?: unknown;
};

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'boolean' || typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function') {
    return String(value);
  }
  return 'a value'; // unreachable: typeof has no other answer
}

function at(schema: JsonSchema | undefined, path: readonly PropertyKey[]): JsonSchema | undefined {
  let node = schema;
  for (const key of path) {
    if (!node) return undefined;
    if (node.anyOf) node = node.anyOf.find((s) => s.type !== 'null') ?? node;
    node = typeof key === 'number' ? node.items : node.properties?.[String(key)];
  }
  if (node?.anyOf) node = node.anyOf.find((s) => s.type !== 'null') ?? node;
  return node;
}

function range(s: JsonSchema, noun = ''): string {
  // zod writes ±MAX_SAFE_INTEGER as the bounds of every .int() without its own: not a limit worth stating.
  const hasMin = s.minimum !== undefined && s.minimum !== -MAX_SAFE;
  const lo = s.exclusiveMinimum !== undefined ? `> ${s.exclusiveMinimum}` : hasMin ? `>= ${s.minimum}` : '';
  const hasMax = s.maximum !== undefined && s.maximum !== MAX_SAFE;
  const hi = s.exclusiveMaximum !== undefined ? `< ${s.exclusiveMaximum}` : hasMax ? `<= ${s.maximum}` : '';
  if (hasMin && hasMax) return `${noun} from ${s.minimum} to ${s.maximum}`.trim();
  return [noun, [lo, hi].filter(Boolean).join(' and ')].filter(Boolean).join(' ');
}

/** Words for what a field allows, from its JSON Schema: `an integer >= 1`, `a number from 0 to 1`. */
export function describeConstraint(s: JsonSchema | undefined): string {
  if (!s) return 'a valid value';
  if (s.enum) return `one of ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'integer') return range(s, 'an integer');
  if (type === 'number') return range(s, 'a number');
  if (type === 'boolean') return 'true or false';
  if (type === 'string') return 'text';
  if (type === 'array') {
    if (s.minItems !== undefined && s.maxItems !== undefined) return `a list of ${s.minItems} to ${s.maxItems} items`;
    if (s.minItems !== undefined) return `a list of at least ${s.minItems} item${s.minItems === 1 ? '' : 's'}`;
    if (s.maxItems !== undefined) return `a list of at most ${s.maxItems} items`;
    return 'a list';
  }
  if (type === 'object') return 'an object';
  return 'a valid value';
}

const schemaCache = new WeakMap<z.ZodType, JsonSchema>();

/** The JSON Schema of a model's input (cached): what `loadbearing describe` prints and forms are built from. */
export function inputJsonSchema(schema: z.ZodType): JsonSchema & Record<string, unknown> {
  let js = schemaCache.get(schema);
  if (!js) {
    js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    schemaCache.set(schema, js);
  }
  return js;
}

export function problemsFromIssues(schema: z.ZodType, issues: readonly z.core.$ZodIssue[]): Problem[] {
  const root = inputJsonSchema(schema);
  const out: Problem[] = [];
  for (const issue of issues) {
    const field = issue.path.map(String).join('.');
    const received = 'input' in issue ? issue.input : undefined;
    const got =
      issue.code === 'invalid_type' && 'received' in issue && typeof issue.received === 'string'
        ? issue.received
        : show(received);
    if (issue.code === 'unrecognized_keys') {
      const allowed = Object.keys(at(root, issue.path)?.properties ?? {});
      for (const key of issue.keys) {
        out.push({
          field: [...issue.path.map(String), key].join('.'),
          message: `is not an input of this model (inputs: ${allowed.join(', ')})`,
          kind: 'unknown',
        });
      }
      continue;
    }
    if (issue.code === 'custom') {
      out.push({ field, message: issue.message, kind: 'rule' });
      continue;
    }
    if (issue.code === 'invalid_type' && received === undefined && !('received' in issue && issue.received)) {
      const expected = describeConstraint(at(root, issue.path));
      out.push({
        field,
        message: field ? `is required: ${expected}` : `must be ${expected} (got nothing)`,
        kind: 'required',
      });
      continue;
    }
    out.push({ field, message: `must be ${describeConstraint(at(root, issue.path))} (got ${got})`, kind: 'range' });
  }
  return out;
}

/** One line per problem, as the command line prints them. */
export function formatProblem(p: Problem): string {
  return p.field ? `${p.field}: ${p.message}` : p.message;
}
