/**
 * The build-time rendering of a chart binding: the static SVG a page ships (two widths, so a phone gets
 * one that fits before the browser redraws) and the data table beside it. <Chart> renders through this,
 * and so does the chart snapshot test (test/site/chart-snapshots.test.ts), so the committed snapshots
 * are exactly what the build puts in the page. Each rendering is compacted (src/lib/compact-svg.ts).
 */
import { parseHTML } from 'linkedom';
import { chartData, type ChartTable } from './chart.ts';
import { compactChartHtml } from './compact-svg.ts';
import type { ChartBinding } from './case-study.ts';

import { staticWidths } from './static-widths.ts';

export { staticWidths };

export interface StaticChart {
  /** outerHTML of the chart at each static width */
  readonly wide: string;
  readonly narrow: string;
  readonly table: ChartTable;
}

export function renderStaticChart(binding: ChartBinding): StaticChart {
  const { chart, scenario: s } = binding;
  const data = chartData(chart, s.model, s.resolved, s.output as never);
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  return {
    wide: compactChartHtml(chart.render(data, { width: staticWidths.wide, document }).outerHTML),
    narrow: compactChartHtml(chart.render(data, { width: staticWidths.narrow, document }).outerHTML),
    table: chart.table(data),
  };
}
