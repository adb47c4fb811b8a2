/**
 * The inputs a panel shows, derived from the model's schema (the JSON Schema the CLI prints): label,
 * unit, range and current value, in the unit the reader sees. Build time only.
 */
import { describeConstraint, inputJsonSchema } from '../../models/problems.ts';
import { getModel } from '../../models/registry.ts';
import { displayUnits, toDisplay, unitChoices, unitMenuLabel, type DisplayUnit } from './display-units.ts';
import { formatValue, readableNumbers } from './format.ts';
import type { Ranges } from './ranges.ts';
import type { Scenario } from './scenario.ts';
import type { SliderSpan } from './slider.ts';

export type FieldChoice = string | { readonly name: string; readonly unit?: DisplayUnit; readonly label?: string };

export interface PanelField {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly kind: 'integer' | 'number' | 'boolean' | 'enum';
  readonly options?: readonly string[];
  /** display unit when the reader sees another unit than the model's (ms for seconds, % for fractions) */
  readonly unit?: DisplayUnit;
  /** the model's unit for the field (`s`, `fraction`, …): what a link's explicit unit must convert to */
  readonly baseUnit: string;
  /** an input the model may go without (no default): left blank, it is left out */
  readonly optional: boolean;
  readonly unitLabel: string;
  /** the scenario's value, in display units, as text */
  readonly value: string;
  /** e.g. "an integer from 1 to 1000000", in display units, exact: the error messages' contract */
  readonly allowed: string;
  /** the same for the hint under the field, when it differs: bounds rounded inward to 3 significant digits
   * (`hintBounds`); absent when `allowed` reads well already (most fields: the config stays small) */
  readonly hint?: string;
  /** the hint writes each bound with its own unit ("from 1 µs to 60 min"): nothing is said after it */
  readonly hintSaysUnit?: true;
  /** the units a reader may choose (two or more), each with the default and the range restated in it */
  readonly units?: readonly UnitOption[];
  /** a slider's span in base units, when the field's range is natural (declared, or the schema's finite bounds) */
  readonly slider?: SliderSpan;
}

export interface UnitOption {
  readonly unit: DisplayUnit;
  /** in the menu: `ms`, `/day`, `KiB (IEC, 1024s)` */
  readonly menu: string;
  /** beside the value: `ms`, `/day`, `KiB` */
  readonly label: string;
  readonly allowed: string;
  readonly hint?: string;
  readonly hintSaysUnit?: true;
  /** the scenario's value in this unit, as text */
  readonly value: string;
}

/**
 * A slider's natural span: the module's declared range, or the schema's bounds when both are finite and
 * sensible (positive and at most a million-fold apart, a fraction within 0–1, or a small count); none otherwise
 * (a seed, a count up to 10^9: a slider there would be all jumps).
 */
function sliderSpan(
  schema: FieldSchema,
  kind: PanelField['kind'],
  declared: Ranges['ranges'][string] | undefined,
): SliderSpan | undefined {
  if (kind !== 'number' && kind !== 'integer') return undefined;
  const integer = kind === 'integer';
  if (declared) {
    const scale = declared.high / declared.low > 20 && declared.low > 0 ? 'log' : 'linear';
    return { low: declared.low, high: declared.high, scale, integer: integer || declared.integer };
  }
  const low = schema.minimum ?? schema.exclusiveMinimum;
  const high = schema.maximum ?? schema.exclusiveMaximum;
  if (low === undefined || high === undefined || !(high > low) || high >= Number.MAX_SAFE_INTEGER) return undefined;
  if (schema.exclusiveMinimum !== undefined || schema.exclusiveMaximum !== undefined) return undefined;
  if (low > 0 && high / low <= 1e6) return { low, high, scale: high / low > 20 ? 'log' : 'linear', integer };
  if (schema.unit === 'fraction' && low >= 0 && high <= 1) return { low, high, scale: 'linear', integer };
  if (integer && high - low <= 100) return { low, high, scale: 'linear', integer };
  return undefined;
}

interface FieldSchema {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
  description?: string;
  unit?: string;
  title?: string;
}

const baseUnitLabels: Record<string, string> = {
  '1/s': '/s',
  s: 's',
  B: 'B',
  'B/s': 'B/s',
  erlang: 'Erl',
  count: '',
  fraction: '',
  ratio: '',
};

/**
 * Bounds for the hint under a field, readable in any unit: a fractional bound with more than 4 significant
 * digits (a range in KiB of a schema in bytes: 0.0009765625 to 976.5625) is rounded to 3, inward (a minimum up, a
 * maximum down: 0.000977 to 976), so every number the hint shows is accepted. The error message keeps the
 * exact bounds (`allowed`): it is what the check enforces, and a value between 976 and 976.5625 KiB is
 * accepted although the hint stops at 976.
 */
export function hintBounds(schema: FieldSchema): FieldSchema {
  const out: FieldSchema = { ...schema };
  const round = (v: number, up: boolean) => {
    if (Number.isInteger(v) || Number(v.toPrecision(4)) === v) return v;
    const step = 10 ** (Math.floor(Math.log10(Math.abs(v))) - 2);
    const r = Number(((up ? Math.ceil(v / step) : Math.floor(v / step)) * step).toPrecision(3));
    return up ? (r < v ? Number((r + step).toPrecision(3)) : r) : r > v ? Number((r - step).toPrecision(3)) : r;
  };
  for (const k of ['minimum', 'exclusiveMinimum'] as const) {
    const v = schema[k];
    if (v !== undefined && Math.abs(v) < Number.MAX_SAFE_INTEGER) out[k] = round(v, true);
  }
  for (const k of ['maximum', 'exclusiveMaximum'] as const) {
    const v = schema[k];
    if (v !== undefined && Math.abs(v) < Number.MAX_SAFE_INTEGER) out[k] = round(v, false);
  }
  return out;
}

/**
 * `{ hint }` when the hint's words differ from the exact ones, else nothing. A duration whose bounds would
 * need powers of ten in the unit shown (10^-6 to 3600 s) is hinted with each bound in a unit of its own,
 * "from 1 µs to 60 min", as the page writes durations (`hintSaysUnit`: no unit label after it).
 */
function hintOf(schema: FieldSchema, unit: DisplayUnit | undefined): { hint?: string; hintSaysUnit?: true } {
  const exact = readableNumbers(describeConstraint(scaled(schema, unit)));
  const hint = readableNumbers(describeConstraint(hintBounds(scaled(schema, unit))));
  if (schema.unit === 's' && hint.includes('^')) {
    const words = describeConstraint(schema).replace(/\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi, (n) =>
      formatValue(Number(n), { format: 'duration' }),
    );
    return { hint: words, hintSaysUnit: true };
  }
  return hint === exact ? {} : { hint };
}

function scaled(schema: FieldSchema, unit: DisplayUnit | undefined): FieldSchema {
  if (!unit) return schema;
  const f = (v: number | undefined) =>
    v === undefined || v >= Number.MAX_SAFE_INTEGER ? v : Number(toDisplay(v, unit).toPrecision(12));
  const out: FieldSchema = { ...schema };
  for (const k of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const) {
    const v = f(schema[k]);
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

function textOf(v: unknown): string {
  if (typeof v === 'number') return String(Number(v.toPrecision(12)));
  if (v === undefined || v === null) return '';
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  // Unreachable: panelFields admits only number, boolean and choice (string enum) inputs.
  throw new Error(`panel: an input value of type ${typeof v} cannot be shown in a form field`);
}

/** Whether a number reads in a few digits: 200, 0.5, 12.25 (not 0.0555555555556). */
function short(v: number): boolean {
  return Math.abs(Number(v.toPrecision(6)) - v) <= 1e-12 * Math.abs(v);
}

/**
 * A display unit in which a rate or a duration the page gives reads in a few digits, when the base unit
 * does not: 100 calls per half hour is 200 /h, not 0.0555555555556 /s; 0.0005 s is 0.5 ms.
 */
function readableUnit(v: number, base: string | undefined): DisplayUnit | undefined {
  if (short(v)) return undefined;
  const candidates: readonly DisplayUnit[] = base === '1/s' ? ['/min', '/h'] : base === 's' ? ['ms', 'µs'] : [];
  return candidates.find((u) => short(toDisplay(v, u)));
}

export function panelFields(s: Scenario, choices: readonly FieldChoice[], declared?: Ranges): PanelField[] {
  const model = getModel(s.modelId);
  if (!model) throw new Error(`panel for scenario "${s.name}": unknown model ${s.modelId}`);
  const json = inputJsonSchema(model.input) as { properties?: Record<string, FieldSchema>; required?: string[] };
  const props = json.properties ?? {};
  const required = new Set(json.required ?? []);
  return choices.map((choice) => {
    const {
      name,
      unit: asked,
      label,
    } = typeof choice === 'string' ? { name: choice, unit: undefined, label: undefined } : choice;
    const schema = props[name];
    if (!schema) {
      throw new Error(
        `panel for scenario "${s.name}": model ${s.modelId} has no input "${name}"; its inputs: ${Object.keys(props).join(', ')}`,
      );
    }
    const kind: PanelField['kind'] = schema.enum
      ? 'enum'
      : schema.type === 'integer'
        ? 'integer'
        : schema.type === 'boolean'
          ? 'boolean'
          : 'number';
    if (kind === 'number' || kind === 'integer') {
      if (schema.type !== 'number' && schema.type !== 'integer')
        throw new Error(`panel for scenario "${s.name}": input "${name}" is not a number, a boolean or a choice`);
    }
    const raw = s.inputs[name] ?? schema.default;
    const unit =
      asked ?? (schema.unit === 'fraction' ? '%' : typeof raw === 'number' ? readableUnit(raw, schema.unit) : undefined);
    if (unit && displayUnits[unit].base !== schema.unit) {
      throw new Error(`panel for scenario "${s.name}": input "${name}" is in ${schema.unit}; it cannot be shown in ${unit}`);
    }
    if (unit && kind === 'integer')
      throw new Error(`panel for scenario "${s.name}": integer input "${name}" cannot take a display unit`);
    const value = typeof raw === 'number' ? textOf(toDisplay(raw, unit)) : textOf(raw);
    const description = schema.description ?? name;
    const choicesOf = kind === 'number' ? unitChoices(schema.unit) : [];
    const units: UnitOption[] = choicesOf.map((u) => ({
      unit: u,
      menu: unitMenuLabel(u),
      label: displayUnits[u].label,
      allowed: readableNumbers(describeConstraint(scaled(schema, u))),
      ...hintOf(schema, u),
      value: typeof raw === 'number' ? textOf(toDisplay(raw, u)) : textOf(raw),
    }));
    const slider = sliderSpan(schema, kind, declared?.ranges[name]);
    return {
      name,
      label: label ?? description,
      description,
      kind,
      ...(schema.enum ? { options: schema.enum.map(String) } : {}),
      ...(unit ? { unit } : {}),
      baseUnit: schema.unit ?? '',
      optional: !required.has(name) && schema.default === undefined,
      unitLabel: unit ? displayUnits[unit].label : (baseUnitLabels[schema.unit ?? ''] ?? ''),
      value,
      allowed: readableNumbers(describeConstraint(scaled(schema, unit))),
      ...hintOf(schema, unit),
      ...(units.length > 1 ? { units } : {}),
      ...(slider ? { slider } : {}),
    };
  });
}
