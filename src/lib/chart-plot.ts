/**
 * Plot.plot for chart modules, with the scales a chart declares in `units` converted to the reader's
 * units of results (src/lib/chart-units.ts). With the page's choice it is Plot.plot itself.
 */
import * as Plot from '@observablehq/plot';
import { plotOptionsIn, type ChartUnits } from './chart-units.ts';

/** `units`: this figure's axes when they differ from the module's declaration (a chart of two figures). */
export function plot(options: Plot.PlotOptions, units?: ChartUnits): ReturnType<typeof Plot.plot> {
  const o = options as Readonly<Record<string, unknown>>;
  return Plot.plot(units ? plotOptionsIn(o, units) : plotOptionsIn(o));
}
