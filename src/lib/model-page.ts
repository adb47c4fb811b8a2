/**
 * What a model's reference page shows (/models/<id>/), derived from the model itself so the page cannot
 * drift from the code: its inputs (unit, allowed range, default, meaning), which of them a reader can edit
 * in a panel, and its outputs with the format their unit calls for. Build time only.
 */
import type { Model } from '../../models/model.ts';
import { describeConstraint, inputJsonSchema } from '../../models/problems.ts';
import type { Unit } from '../../models/units.ts';
import { readableNumbers, type Format } from './format.ts';

interface FieldSchema {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  description?: string;
  unit?: string;
  anyOf?: FieldSchema[];
  items?: FieldSchema;
  minimum?: number;
  maximum?: number;
}

export interface InputRow {
  readonly name: string;
  readonly unit: string;
  readonly allowed: string;
  /** the default as JSON, or undefined when the field is required */
  readonly defaultText: string | undefined;
  readonly description: string;
  /** a number, a yes/no or a choice: the page's panel can edit it */
  readonly editable: boolean;
}

export interface OutputRow {
  /** a path for <Value>: `utilization`, `timeInSystemPercentiles.p99` */
  readonly path: string;
  readonly description: string;
  readonly unit: Unit;
  /** how the value is written; undefined for lists, shown by their length only */
  readonly format: Format | undefined;
  /** a label after the number for units the format does not state (per second, Erlangs, US dollars) */
  readonly suffix: string;
  readonly isList: boolean;
  /** for a field holding an object of numbers (percentiles): its parts, each with its own path */
  readonly parts?: readonly { readonly key: string; readonly path: string }[];
}

const unitWords: Readonly<Record<string, string>> = {
  s: 'seconds',
  '1/s': 'per second',
  B: 'bytes',
  'B/s': 'bytes per second',
  fraction: 'fraction (shown as %)',
  ratio: 'ratio',
  count: '',
  erlang: 'Erlangs',
  USD: 'US dollars',
  boolean: 'yes or no',
  text: 'text',
  list: 'list',
};

export function unitWord(unit: string | undefined): string {
  return unit === undefined ? '' : (unitWords[unit] ?? unit);
}

export function formatFor(unit: Unit): { format: Format | undefined; suffix: string } {
  switch (unit) {
    case 's':
      return { format: 'duration', suffix: '' };
    case 'fraction':
      return { format: 'percent', suffix: '' };
    case 'B':
      return { format: 'bytes', suffix: '' };
    case 'B/s':
      return { format: 'bitrate', suffix: '' };
    case 'boolean':
      return { format: 'boolean', suffix: '' };
    case '1/s':
      return { format: 'decimal', suffix: '/s' };
    case 'erlang':
      return { format: 'decimal', suffix: 'Erl' };
    case 'USD':
      return { format: 'decimal', suffix: 'USD' };
    case 'count':
    case 'ratio':
    case 'text':
      return { format: 'decimal', suffix: '' };
    case 'list':
      return { format: undefined, suffix: '' };
  }
}

function plain(s: FieldSchema): FieldSchema {
  return s.anyOf?.find((x) => x.type !== 'null') ?? s;
}

export function inputRows(model: Model): InputRow[] {
  const props = (inputJsonSchema(model.input).properties ?? {}) as Record<string, FieldSchema>;
  const required = new Set((inputJsonSchema(model.input) as { required?: string[] }).required ?? []);
  return Object.entries(props).map(([name, raw]) => {
    const s = plain(raw);
    const type = Array.isArray(s.type) ? s.type[0] : s.type;
    const editable = s.enum !== undefined || type === 'number' || type === 'integer' || type === 'boolean';
    return {
      name,
      unit: unitWord(raw.unit ?? s.unit),
      allowed: readableNumbers(describeConstraint(s)),
      defaultText: required.has(name) || raw.default === undefined ? undefined : JSON.stringify(raw.default),
      description: raw.description ?? s.description ?? name,
      editable,
    };
  });
}

/**
 * The outputs, one row each: a field holding an object of numbers (percentiles) lists its parts, as read
 * from the example's answer.
 */
export function outputRows(model: Model, exampleOutput: Readonly<Record<string, unknown>>): OutputRow[] {
  const rows: OutputRow[] = [];
  for (const [name, o] of Object.entries(model.outputs as Record<string, { description: string; unit: Unit }>)) {
    const value = exampleOutput[name];
    const isList = Array.isArray(value) || o.unit === 'list';
    if (!isList && value !== null && typeof value === 'object') {
      const parts = Object.entries(value)
        .filter(([, v]) => v === null || typeof v !== 'object')
        .map(([key]) => ({ key, path: `${name}.${key}` }));
      rows.push({ path: name, description: o.description, unit: o.unit, ...formatFor(o.unit), isList: false, parts });
      continue;
    }
    rows.push({
      path: name,
      description: o.description,
      unit: o.unit,
      ...(isList ? { format: undefined, suffix: '' } : formatFor(o.unit)),
      isList,
    });
  }
  return rows;
}

/** The command that reproduces the page's example from a terminal. */
export function cliExample(model: Model): string {
  return `npx loadbearing run ${model.id} --input '${JSON.stringify(model.example)}'`;
}
