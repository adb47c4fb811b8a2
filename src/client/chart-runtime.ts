/**
 * Redraws a scenario's charts in the browser with the page's own chart modules (loaded by name from
 * src/charts/, so a new chart needs no list), and refreshes their data tables. A chart with a sweep runs
 * it with the same model. A chart is redrawn at the width of the static rendering the page showed for
 * it (src/lib/static-chart.ts: 720 px, or 360 px in a box of at most 540 px, the CSS container rule), so
 * the live chart has the static one's geometry and type size: nothing on the page moves when it is
 * redrawn. A ResizeObserver redraws it when the box crosses that rule.
 */
import type { Model } from '../../models/model.ts';
import { chartData, type ChartData, type ChartModule } from '../lib/chart.ts';
import { staticWidths } from '../lib/static-widths.ts';

const modules = import.meta.glob<ChartModule<unknown>>('../charts/*.ts', { import: 'default' });

function loaderOf(name: string): (() => Promise<ChartModule<unknown>>) | undefined {
  const key = `../charts/${name}.ts`;
  return /^[a-z0-9-]+$/.test(name) && Object.hasOwn(modules, key) ? modules[key] : undefined;
}

interface Evaluation {
  readonly model: Model;
  readonly input: Readonly<Record<string, unknown>>;
  readonly output: unknown;
}

const latest = new WeakMap<HTMLElement, Evaluation>();
let observer: ResizeObserver | undefined;

/** The static rendering's width for a box this wide (the rule of .lb-static-narrow in site.css). */
function widthFor(box: HTMLElement): number {
  return box.clientWidth <= 540 ? staticWidths.narrow : staticWidths.wide;
}

async function draw(box: HTMLElement, e: Evaluation): Promise<void> {
  const load = loaderOf(box.dataset['lbChart'] ?? '');
  if (!load) return;
  const mod = await load();
  const data: ChartData<unknown> = chartData(mod, e.model, e.input, e.output);
  const width = widthFor(box);
  const figure = mod.render(data, { width });
  // As in Chart.astro: the box (role="img", labelled) is the image; Plot's markup inside is hidden from AT.
  figure.setAttribute('aria-hidden', 'true');
  box.replaceChildren(figure);
  const tbody = box.closest('figure')?.querySelector('tbody');
  if (tbody) {
    const rows = mod.table(data).rows.map((r) => {
      const tr = document.createElement('tr');
      for (const cell of r) tr.append(Object.assign(document.createElement('td'), { textContent: cell }));
      return tr;
    });
    tbody.replaceChildren(...rows);
  }
  box.dataset['lbWidth'] = String(width);
}

/** Fetch the chart modules (and with them Plot) of every chart on the page, drawing nothing. */
export function prefetchCharts(): void {
  const names = new Set([...document.querySelectorAll<HTMLElement>('.lb-chart-plot')].map((b) => b.dataset['lbChart'] ?? ''));
  for (const name of names) void loaderOf(name)?.().catch(() => undefined);
}

export async function redrawCharts(scenario: string, e: Evaluation): Promise<void> {
  observer ??= new ResizeObserver((entries) => {
    for (const entry of entries) {
      const box = entry.target as HTMLElement;
      const last = latest.get(box);
      if (last !== undefined && widthFor(box) !== Number(box.dataset['lbWidth'])) void draw(box, last);
    }
  });
  const boxes = document.querySelectorAll<HTMLElement>(`.lb-chart-plot[data-lb-scenario="${CSS.escape(scenario)}"]`);
  await Promise.all(
    [...boxes].map((box) => {
      latest.set(box, e);
      observer?.observe(box);
      return draw(box, e);
    }),
  );
}
