/**
 * What breaks first as load grows: the remote check's p50 and p99 latency against the load multiplier,
 * with the primaries sized for today's peak. Flat, then a wall at saturation; past it, no steady state.
 */
import * as Plot from '@observablehq/plot';
import type { OutputOf } from '../../models/model.ts';
import type { rateLimiterCapacity } from '../../models/capacity/rate-limiter.ts';
import { formatValue } from '../lib/format.ts';
import { baseStyle, type ChartContext, type ChartModule, type ChartTable } from './chart.ts';

type Output = OutputOf<typeof rateLimiterCapacity>;

export function render(out: Output, { width, document }: ChartContext): Element {
  const stable = out.growth.filter((g) => g.checkLatencyP99 !== null);
  const rows = stable.flatMap((g) => [
    { x: g.loadMultiplier, ms: (g.checkLatencyP50 ?? 0) * 1e3, q: 'p50' },
    { x: g.loadMultiplier, ms: (g.checkLatencyP99 ?? 0) * 1e3, q: 'p99' },
  ]);
  const xMax = Math.max(...out.growth.map((g) => g.loadMultiplier));
  return Plot.plot({
    ...(document ? { document } : {}),
    width,
    height: 300,
    marginLeft: 48,
    marginRight: 24,
    marginTop: 28,
    marginBottom: 44,
    style: baseStyle,
    x: { label: 'load, × today’s peak →', domain: [0, xMax], grid: true, labelOffset: 38 },
    y: { label: '↑ remote check latency (ms)', grid: true, nice: true, zero: true },
    color: { domain: ['p50', 'p99'], range: ['var(--lb-c1)', 'var(--lb-c2)'], legend: true },
    marks: [
      Plot.rectX([out.headroomToSaturation], { x1: (d: number) => d, x2: xMax, fill: 'var(--lb-reject)', fillOpacity: 0.12 }),
      Plot.ruleX([out.headroomToSaturation], { stroke: 'var(--lb-reject)', strokeWidth: 1.5, strokeDasharray: '4 3' }),
      Plot.text([out.headroomToSaturation], {
        x: (d: number) => d,
        frameAnchor: 'top',
        dx: 6,
        dy: -14,
        textAnchor: 'start',
        text: (d: number) => `saturated from ${formatValue(d)}×: no steady state`,
        fill: 'currentColor',
      }),
      Plot.ruleX([1], { stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '2 3' }),
      Plot.line(rows, { x: 'x', y: 'ms', stroke: 'q', strokeWidth: 2, curve: 'monotone-x' }),
      Plot.dot(rows, { x: 'x', y: 'ms', fill: 'q', r: 3.5 }),
      Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.4 }),
    ],
  });
}

export function table(out: Output): ChartTable {
  return {
    columns: ['Load', 'Requests/s', 'Utilization per primary', 'p50', 'p99'],
    rows: out.growth.map((g) => [
      `${formatValue(g.loadMultiplier)}×`,
      formatValue(g.requestsPerSecond, { format: 'integer' }),
      formatValue(g.utilizationPerPrimary, { format: 'percent' }),
      g.checkLatencyP50 === null ? 'saturated' : formatValue(g.checkLatencyP50, { format: 'duration' }),
      g.checkLatencyP99 === null ? 'saturated' : formatValue(g.checkLatencyP99, { format: 'duration' }),
    ]),
  };
}

export default { render, table } satisfies ChartModule<Output>;
