/**
 * A model output that is a list (gcra's `results`, token-bucket's `perArrival`, a simulation's series),
 * as a table a reader can scan: one column per key of its elements (or one column of values), each cell
 * formatted as the site formats numbers, at most `max` rows. The same function renders it at build time
 * (src/components/ListTable.astro) and redraws it in the browser after an edit or a change of the reader's
 * units, so the two cannot differ.
 *
 * A column the model declares (`columns` on the output: models/model.ts) says its unit in its header and
 * is written in the reader's units of results (src/lib/output-units.ts): durations in s (the model's own)
 * or all in ms, rates per second, minute or day, sizes in the IEC or SI unit that suits the column's
 * largest value; byte rates and dollars are labelled, not converted. One unit per column, said once in the
 * header, so the cells stay numbers a reader compares down the column. A declared sentinel (gcra's
 * `retryAfter` −1 when allowed) and null are written as they are, never converted.
 */
import type { ListColumn, ListColumns } from '../../models/model.ts';
import { displayUnits, toDisplay, type DisplayUnit } from './display-units.ts';
import { formatValue } from './format.ts';
import { PAGE_UNITS, type OutputUnits } from './output-units.ts';

export interface ListTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** elements in the list (rows shows at most `max` of them) */
  readonly total: number;
  /** each declared column's key → the unit its header names and its cells are written in */
  readonly units: Readonly<Record<string, string>>;
  /** the key of each column ('' for the row number) */
  readonly keys: readonly string[];
  /** per row, per column: a declared column's value as the model gave it (JSON), so the browser can write it
   * again in other units without running the model; undefined for every other cell */
  readonly raw: readonly (readonly (string | undefined)[])[];
}

const IEC: readonly DisplayUnit[] = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
const SI: readonly DisplayUnit[] = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

function unitOf(c: ListColumn): string {
  return typeof c === 'string' ? c : c.unit;
}

/** Every finite number in a cell's value (a number, or an object of numbers such as `wait: { p50, p99 }`). */
function numbersIn(v: unknown, sentinel: number | undefined): number[] {
  if (typeof v === 'number') return Number.isFinite(v) && v !== sentinel ? [v] : [];
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return Object.values(v).flatMap((x) => numbersIn(x, sentinel));
  return [];
}

/**
 * The display unit of a declared column under the reader's choice (undefined: the column is written as the
 * model gives it, with `label` in its header): `values` are the column's numbers in the rows shown.
 */
export function columnUnit(
  c: ListColumn,
  values: readonly number[],
  u: OutputUnits,
): { readonly unit?: DisplayUnit; readonly label?: string } {
  switch (unitOf(c)) {
    case 's':
      return { unit: u.duration === 'ms' ? 'ms' : 's' };
    case '1/s':
      return { unit: u.rate === 'min' ? '/min' : u.rate === 'day' ? '/day' : '/s' };
    case 'B': {
      const steps = u.size === 'si' ? SI : IEC;
      const top = Math.max(0, ...values.map(Math.abs));
      // the largest unit in which the column's largest value is at least 1
      const unit = [...steps].reverse().find((s) => toDisplay(top, s) >= 1) ?? 'B';
      return { unit };
    }
    case 'B/s':
      return { label: 'B/s' };
    case 'USD':
      return { label: 'USD' };
    default:
      return {};
  }
}

function cell(v: unknown, unit?: DisplayUnit, sentinel?: number): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return formatValue(unit && v !== sentinel && Number.isFinite(v) ? toDisplay(v, unit) : v);
  if (typeof v === 'boolean') return formatValue(v);
  if (typeof v === 'string') return v.length > 40 ? `${v.slice(0, 40)}…` : v;
  if (Array.isArray(v)) return `a list of ${v.length}`;
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${k} ${cell(x, unit, sentinel)}`)
    .join(', ');
}

export function listTable(list: unknown, max = 50, declared: ListColumns = {}, u: OutputUnits = PAGE_UNITS): ListTable {
  if (!Array.isArray(list))
    return { columns: ['value'], rows: [[cell(list)]], total: 1, units: {}, keys: ['value'], raw: [[undefined]] };
  const objects = list.length > 0 && list.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x));
  const keys = objects ? [...new Set(list.flatMap((x) => Object.keys(x as object)))] : ['value'];
  const shown = list.slice(0, max);
  const valueOf = (x: unknown, key: string): unknown => (objects ? (x as Record<string, unknown>)[key] : x);
  const units: Record<string, string> = {};
  const plan = keys.map((key) => {
    const c = Object.hasOwn(declared, key) ? declared[key] : undefined;
    if (c === undefined) return { key, head: key, declared: false };
    const sentinel = typeof c === 'string' ? undefined : c.sentinel;
    const { unit, label } = columnUnit(
      c,
      shown.flatMap((x) => numbersIn(valueOf(x, key), sentinel)),
      u,
    );
    const name = unit ? displayUnits[unit].label : label;
    if (name) units[key] = name;
    return { key, head: name ? `${key} (${name})` : key, declared: Boolean(name), unit, sentinel };
  });
  const rows = shown.map((x: unknown, i) => [
    String(i + 1),
    ...plan.map(({ key, unit, sentinel }) => cell(valueOf(x, key), unit, sentinel)),
  ]);
  const raw = shown.map((x: unknown) => [
    undefined,
    ...plan.map(({ key, declared: d }) => {
      const v = valueOf(x, key);
      return d && v !== undefined ? JSON.stringify(v) : undefined;
    }),
  ]);
  return { columns: ['#', ...plan.map((p) => p.head)], rows, total: list.length, units, keys: ['', ...keys], raw };
}
