/**
 * The list tables of a page (`table.lb-list`, src/components/ListTable.astro) in the browser: drawn again
 * from the model's answer after an edit, and their declared columns written again in the reader's units of
 * results from the values their cells hold (`data-lb-v`, the model's own), so a unit change runs no model.
 * Both go through src/lib/list-table.ts, as the build does.
 */
import type { ListColumns } from '../../models/model.ts';
import { listTable, type ListTable } from '../lib/list-table.ts';
import { chosenUnits } from './output-units.ts';

const declaredOf = new WeakMap<HTMLTableElement, ListColumns>();
/** what each table shows now (rows and headers), so an edit that changes nothing in it touches nothing */
const shown = new WeakMap<HTMLTableElement, string>();

function columnsOf(table: HTMLTableElement): ListColumns {
  let c = declaredOf.get(table);
  if (!c) declaredOf.set(table, (c = JSON.parse(table.dataset['lbColumns'] ?? '{}') as ListColumns));
  return c;
}

function writeHeads(table: HTMLTableElement, t: ListTable): void {
  const row = table.tHead?.rows[0];
  if (!row) return;
  t.columns.forEach((text, j) => {
    const th = row.cells[j];
    if (th && th.textContent !== text) th.textContent = text;
  });
}

/** Draw a list output's table from the model's answer, in the reader's units. */
export function paintList(table: HTMLTableElement, list: unknown): void {
  const t = listTable(list, Number(table.dataset['lbMax'] ?? 50), columnsOf(table), chosenUnits());
  const text = JSON.stringify([t.total, t.columns, t.rows]);
  if (shown.get(table) === text) return;
  shown.set(table, text);
  writeHeads(table, t);
  table.tBodies[0]?.replaceChildren(
    ...t.rows.map((r, i) => {
      const tr = document.createElement('tr');
      r.forEach((c, j) => {
        const td = Object.assign(document.createElement('td'), { textContent: c });
        const raw = t.raw[i]?.[j];
        if (raw !== undefined) td.dataset['lbV'] = raw;
        tr.append(td);
      });
      return tr;
    }),
  );
  const more = table.parentElement?.querySelector<HTMLElement>('.lb-list-more');
  if (more) {
    more.hidden = t.total <= t.rows.length;
    const [shownBox, totalBox] = [more.querySelector('.lb-list-shown'), more.querySelector('.lb-list-total')];
    if (shownBox) shownBox.textContent = String(t.rows.length);
    if (totalBox) totalBox.textContent = String(t.total);
  }
}

/** Every declared column of every list table, written again in the reader's units from its cells' values. */
export function listsInUnits(): void {
  for (const table of document.querySelectorAll<HTMLTableElement>('table.lb-list[data-lb-columns]')) {
    const heads = [...(table.tHead?.rows[0]?.cells ?? [])];
    const keyed = heads.flatMap((th, j) => (th.dataset['lbKey'] ? [[th.dataset['lbKey'], j] as const] : []));
    const rows = [...(table.tBodies[0]?.rows ?? [])];
    const values = rows.map((tr) =>
      Object.fromEntries(
        keyed.flatMap(([k, j]) => {
          const v = tr.cells[j]?.dataset['lbV'];
          return v === undefined ? [] : [[k, JSON.parse(v) as unknown]];
        }),
      ),
    );
    const t = listTable(values, rows.length, columnsOf(table), chosenUnits());
    for (const [k, j] of keyed) {
      const at = t.keys.indexOf(k);
      if (at < 0) continue;
      const th = heads[j];
      if (th) th.textContent = t.columns[at] ?? th.textContent;
      rows.forEach((tr, i) => {
        const td = tr.cells[j];
        const text = t.rows[i]?.[at];
        if (td?.dataset['lbV'] !== undefined && text !== undefined) td.textContent = text;
      });
    }
    shown.delete(table); // the next edit draws it whole
  }
}
