/**
 * Table rows written from their cells' text, leaving alone a table section that already shows them (read
 * from the DOM, so a write by another module counts): a redraw or recompute whose rows are the same adds
 * no nodes and lays nothing out again. Used by the chart tables (chart-runtime.ts), the live figures'
 * tables (live-figures.ts) and the load marker's table (load-marker.ts).
 */

/** Whether a thead, tbody or tr's parent shows exactly these rows of cells. */
export function showsRows(section: Element, rows: readonly (readonly string[])[]): boolean {
  const trs = section.children;
  return (
    trs.length === rows.length &&
    rows.every((r, i) => {
      const cells = trs[i]?.children;
      return cells?.length === r.length && r.every((c, j) => cells[j]?.textContent === c);
    })
  );
}

function td(text: string): HTMLElement {
  return Object.assign(document.createElement('td'), { textContent: text });
}

/** Writes the rows into a thead or tbody, each cell made by `cell` (a <td> by default), unless it shows them already. */
export function writeRows(
  section: Element,
  rows: readonly (readonly string[])[],
  cell: (text: string, column: number) => HTMLElement = td,
): void {
  if (showsRows(section, rows)) return;
  section.replaceChildren(
    ...rows.map((r) => {
      const tr = document.createElement('tr');
      r.forEach((text, i) => tr.append(cell(text, i)));
      return tr;
    }),
  );
}
