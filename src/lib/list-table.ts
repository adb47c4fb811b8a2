/**
 * A model output that is a list (gcra's `results`, token-bucket's `perArrival`, a simulation's series),
 * as a table a reader can scan: one column per key of its elements (or one column of values), each cell
 * formatted as the site formats numbers, at most `max` rows. The same function renders it at build time
 * (src/components/ListTable.astro) and redraws it in the browser after an edit, so the two cannot differ.
 */
import { formatValue } from './format.ts';

export interface ListTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** elements in the list (rows shows at most `max` of them) */
  readonly total: number;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number' || typeof v === 'boolean') return formatValue(v);
  if (typeof v === 'string') return v.length > 40 ? `${v.slice(0, 40)}…` : v;
  if (Array.isArray(v)) return `a list of ${v.length}`;
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${k} ${cell(x)}`)
    .join(', ');
}

export function listTable(list: unknown, max = 50): ListTable {
  if (!Array.isArray(list)) return { columns: ['value'], rows: [[cell(list)]], total: 1 };
  const objects = list.length > 0 && list.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x));
  const columns = objects ? [...new Set(list.flatMap((x) => Object.keys(x as object)))] : ['value'];
  const rows = list
    .slice(0, max)
    .map((x: unknown, i) => [
      String(i + 1),
      ...(objects ? columns.map((c) => cell((x as Record<string, unknown>)[c])) : [cell(x)]),
    ]);
  return { columns: ['#', ...columns], rows, total: list.length };
}
