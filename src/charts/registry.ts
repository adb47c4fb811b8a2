/**
 * Every chart, by name. Loaded lazily: at build time by <Chart>, in the browser on the reader's first
 * edit, so Plot never weighs on a page's first load.
 */
import type { ChartModule } from './chart.ts';

type Loader = () => Promise<ChartModule<never>>;

export const charts = {
  'rate-limit-timeline': () => import('./rate-limit-timeline.ts').then((m) => m.default),
  'rate-limit-window-max': () => import('./rate-limit-window-max.ts').then((m) => m.default),
  'rate-limiter-growth': () => import('./rate-limiter-growth.ts').then((m) => m.default),
  'queue-backlog': () => import('./queue-backlog.ts').then((m) => m.default),
} satisfies Record<string, Loader>;

export type ChartName = keyof typeof charts;

export function isChartName(name: string): name is ChartName {
  return Object.hasOwn(charts, name);
}
