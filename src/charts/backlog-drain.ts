/**
 * The backlog of a fluid queue through a spike or an outage (model `backlog-drain`): it grows at
 * spikeRate − serviceRateDuringSpike while the spike lasts, then shrinks at the spare capacity
 * serviceRate − baselineRate until it is gone. Piecewise linear, so three points draw it exactly; the chart
 * adds a stretch after recovery (a tenth of the time shown) so that "back to zero" is visible, and when the
 * backlog never drains it draws its growth after the spike over as long again as the spike, labelled.
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import type { OutputOf } from '../../models/model.ts';
import type { backlogDrain } from '../../models/queueing/backlog-drain.ts';
import { formatValue } from '../lib/chart-units.ts';
import { baseStyle, type ChartContext, type ChartData, type ChartModule, type ChartTable } from '../lib/chart.ts';

type Output = OutputOf<typeof backlogDrain>;

interface Point {
  readonly time: number;
  readonly backlog: number;
  readonly at: string;
}

/** The corners of the backlog curve, with what happens at each. */
export function backlogCorners({ input, output }: ChartData<Output>): Point[] {
  const D = input['spikeDuration'] as number;
  const baseline = input['baselineRate'] as number;
  const service = input['serviceRate'] as number;
  const points: Point[] = [
    { time: 0, backlog: 0, at: 'spike starts' },
    { time: D, backlog: output.peakBacklog, at: 'spike ends' },
  ];
  if (output.recoveredAfter !== null) {
    if (output.peakBacklog > 0) points.push({ time: output.recoveredAfter, backlog: 0, at: 'backlog drained' });
    const tail = Math.max(output.recoveredAfter * 0.1, 1e-9);
    points.push({ time: output.recoveredAfter + tail, backlog: 0, at: 'baseline' });
  } else {
    // never drains: it keeps growing at baselineRate − serviceRate after the spike
    const later = Math.max(D, 1e-9);
    points.push({ time: D + later, backlog: output.peakBacklog + (baseline - service) * later, at: 'still growing' });
  }
  return points;
}

/** The time unit that keeps the axis's numbers short: seconds, minutes, hours or days. */
export function timeUnit(span: number): { readonly name: string; readonly seconds: number } {
  if (span <= 180) return { name: 's', seconds: 1 };
  if (span <= 3 * 3600) return { name: 'min', seconds: 60 };
  if (span <= 3 * 86_400) return { name: 'h', seconds: 3600 };
  return { name: 'days', seconds: 86_400 };
}

export function render(data: ChartData<Output>, { width, document }: ChartContext): Element {
  const points = backlogCorners(data);
  const unit = timeUnit(points[points.length - 1]?.time ?? 0);
  const inUnit = (t: number): number => t / unit.seconds;
  const out = data.output;
  const D = data.input['spikeDuration'] as number;
  const marks: Plot.Markish[] = [
    Plot.areaY(points, { x: (p: Point) => inUnit(p.time), y: 'backlog', fill: 'var(--lb-c1)', fillOpacity: 0.18 }),
    Plot.lineY(points, { x: (p: Point) => inUnit(p.time), y: 'backlog', stroke: 'var(--lb-c1)', strokeWidth: 2 }),
    Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.4 }),
    Plot.ruleX([inUnit(D)], { stroke: 'var(--lb-reject)', strokeWidth: 1.5, strokeDasharray: '4 3' }),
    Plot.text([inUnit(D)], {
      x: (d: number) => d,
      frameAnchor: 'top',
      dy: -14,
      textAnchor: 'middle',
      text: () => 'spike ends',
      fill: 'currentColor',
    }),
  ];
  const drained = out.recoveredAfter;
  if (drained !== null && out.peakBacklog > 0) {
    marks.push(
      Plot.ruleX([inUnit(drained)], { stroke: 'var(--lb-c2)', strokeWidth: 1.5, strokeDasharray: '2 3' }),
      Plot.text([inUnit(drained)], {
        x: (d: number) => d,
        frameAnchor: 'bottom',
        dy: -8,
        textAnchor: 'end',
        dx: -4,
        text: () => `drained ${formatValue(out.drainTime, { format: 'duration' })} later`,
        fill: 'currentColor',
      }),
    );
  }
  if (drained === null) {
    const last = points[points.length - 1] as Point;
    marks.push(
      Plot.text([last], {
        x: (p: Point) => inUnit(p.time),
        y: 'backlog',
        textAnchor: 'end',
        dy: -10,
        text: () => 'never drains',
        fill: 'var(--lb-reject)',
      }),
    );
  }
  return plot({
    ...(document ? { document } : {}),
    width,
    height: 280,
    marginLeft: 64,
    marginRight: 24,
    marginTop: 28,
    marginBottom: 44,
    style: baseStyle,
    x: { label: `time since the spike started (${unit.name}) →`, grid: true, labelOffset: 38 },
    y: {
      label: '↑ items queued',
      grid: true,
      nice: true,
      zero: true,
      tickFormat: (v: number) => formatValue(v, { format: 'compact' }),
    },
    marks,
  });
}

export function table(data: ChartData<Output>): ChartTable {
  return {
    columns: ['Time since the spike started', 'Items queued', 'Moment'],
    rows: backlogCorners(data).map((p) => [
      formatValue(p.time, { format: 'duration' }),
      formatValue(p.backlog, { format: 'integer' }),
      p.at,
    ]),
  };
}

export default {
  name: 'backlog-drain',
  model: 'backlog-drain',
  words: {
    label: 'Items queued over time through a spike or an outage: growing while it lasts, then draining at the spare capacity.',
    caption:
      'The backlog grows while arrivals outpace the consumers and shrinks afterwards only as fast as the spare capacity (service rate minus baseline arrivals) allows; the dashed lines mark the end of the spike and the moment the backlog is gone.',
  },
  render,
  table,
} satisfies ChartModule<Output>;
