/**
 * The build-time rendering of a chart: the static SVG a page ships (two widths, so a phone gets one
 * that fits before the browser redraws) and the data table beside it. <Chart> renders through this,
 * and so does the chart snapshot test (test/site/chart-snapshots.test.ts), so the committed snapshots
 * are exactly what the build puts in the page.
 */
import { parseHTML } from 'linkedom';
import type { ChartModule, ChartTable } from './chart.ts';
import { charts, isChartName } from './registry.ts';

/** The widths of the two static renderings: a wide screen's content column, and a phone. */
export const staticWidths = { wide: 720, narrow: 360 } as const;

export interface StaticChart {
  /** outerHTML of the chart at each static width */
  readonly wide: string;
  readonly narrow: string;
  readonly table: ChartTable;
}

export async function renderStaticChart(chart: string, output: unknown): Promise<StaticChart> {
  if (!isChartName(chart)) {
    throw new Error(`<Chart chart="${chart}">: no such chart; known charts: ${Object.keys(charts).join(', ')}`);
  }
  const mod = (await charts[chart]()) as unknown as ChartModule<unknown>;
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  return {
    wide: mod.render(output, { width: staticWidths.wide, document }).outerHTML,
    narrow: mod.render(output, { width: staticWidths.narrow, document }).outerHTML,
    table: mod.table(output),
  };
}
