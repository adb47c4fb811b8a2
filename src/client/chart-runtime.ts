/**
 * Redraws a scenario's charts in the browser with the page's own chart modules, at the width the
 * chart actually has (a ResizeObserver keeps it right afterwards), and refreshes their data tables.
 */
import type { ChartModule } from '../charts/chart.ts';
import { charts, isChartName } from '../charts/registry.ts';

const latest = new WeakMap<HTMLElement, unknown>();
let observer: ResizeObserver | undefined;

async function draw(box: HTMLElement, output: unknown): Promise<void> {
  const name = box.dataset['lbChart'] ?? '';
  if (!isChartName(name)) return;
  const mod = (await charts[name]()) as unknown as ChartModule<unknown>;
  const width = Math.max(280, Math.floor(box.clientWidth));
  const figure = mod.render(output, { width });
  // As in Chart.astro: the box (role="img", labelled) is the image; Plot's markup inside is hidden from AT.
  figure.setAttribute('aria-hidden', 'true');
  box.replaceChildren(figure);
  const tbody = box.closest('figure')?.querySelector('tbody');
  if (tbody) {
    const rows = mod.table(output).rows.map((r) => {
      const tr = document.createElement('tr');
      for (const cell of r) tr.append(Object.assign(document.createElement('td'), { textContent: cell }));
      return tr;
    });
    tbody.replaceChildren(...rows);
  }
  box.dataset['lbWidth'] = String(width);
}

export async function redrawCharts(scenario: string, output: unknown): Promise<void> {
  observer ??= new ResizeObserver((entries) => {
    for (const e of entries) {
      const box = e.target as HTMLElement;
      const out = latest.get(box);
      if (out !== undefined && Math.abs(Math.floor(box.clientWidth) - Number(box.dataset['lbWidth'])) > 8) void draw(box, out);
    }
  });
  const boxes = document.querySelectorAll<HTMLElement>(`.lb-chart-plot[data-lb-scenario="${CSS.escape(scenario)}"]`);
  await Promise.all(
    [...boxes].map((box) => {
      latest.set(box, output);
      observer?.observe(box);
      return draw(box, output);
    }),
  );
}
