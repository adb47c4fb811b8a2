/**
 * The build-time rendering of a figure that is not a chart binding (a tornado, a what-breaks-first chart):
 * the same two static widths as <Chart> (src/lib/static-chart.ts), so the same CSS shows the one that fits,
 * compacted the same way (src/lib/compact-svg.ts).
 */
import { parseHTML } from 'linkedom';
import type { ChartContext } from './chart.ts';
import { compactChartHtml } from './compact-svg.ts';
import { staticWidths } from './static-widths.ts';

export function renderStaticFigure<T>(
  render: (data: T, context: ChartContext) => Element,
  data: T,
): { readonly wide: string; readonly narrow: string } {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  return {
    wide: compactChartHtml(render(data, { width: staticWidths.wide, document }).outerHTML),
    narrow: compactChartHtml(render(data, { width: staticWidths.narrow, document }).outerHTML),
  };
}
