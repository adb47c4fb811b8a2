/**
 * The backlog of a simulated queue over time (model `ggc-simulation`): how many customers wait, sampled at
 * a fixed step, with the end of the spike and the moment the backlog has drained marked. The answer no
 * closed form gives: how long a queue takes to recover after a burst.
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import type { OutputOf } from '../../models/model.ts';
import type { ggcSimulation } from '../../models/simulation/ggc-simulation.ts';
import { formatValue } from '../lib/chart-units.ts';
import { baseStyle, type ChartContext, type ChartData, type ChartModule, type ChartTable } from '../lib/chart.ts';

type Output = OutputOf<typeof ggcSimulation>;

export function render({ output: out }: ChartData<Output>, { width, document }: ChartContext): Element {
  const marks: Plot.Markish[] = [
    Plot.areaY(out.backlogSeries, { x: 'time', y: 'backlog', fill: 'var(--lb-c1)', fillOpacity: 0.18, curve: 'step-after' }),
    Plot.lineY(out.backlogSeries, { x: 'time', y: 'backlog', stroke: 'var(--lb-c1)', strokeWidth: 2, curve: 'step-after' }),
    Plot.ruleY([0], { stroke: 'currentColor', strokeOpacity: 0.4 }),
  ];
  if (out.spikeEnd !== null) {
    marks.push(
      Plot.ruleX([out.spikeEnd], { stroke: 'var(--lb-reject)', strokeWidth: 1.5, strokeDasharray: '4 3' }),
      Plot.text([out.spikeEnd], {
        x: (d: number) => d,
        frameAnchor: 'top',
        dy: -14,
        textAnchor: 'middle',
        text: () => 'spike ends',
        fill: 'currentColor',
      }),
    );
    if (out.drainTime !== null) {
      const drained = out.spikeEnd + out.drainTime;
      // Inside the frame, on two lines beside the rule: on the side where the queue is empty (after it has
      // drained), unless the rule is in the last quarter of the run. One line above the frame ran off the
      // right edge of a phone-width chart (about 145 px of text starting two thirds of the way across).
      const end = out.backlogSeries.at(-1)?.time ?? drained;
      const left = end > 0 && drained > 0.75 * end;
      marks.push(
        Plot.ruleX([drained], { stroke: 'var(--lb-c2)', strokeWidth: 1.5, strokeDasharray: '2 3' }),
        Plot.text([drained], {
          x: (d: number) => d,
          frameAnchor: 'top',
          lineAnchor: 'top',
          dy: 4,
          textAnchor: left ? 'end' : 'start',
          dx: left ? -4 : 4,
          text: () => `drained after\n${formatValue(out.drainTime, { format: 'duration' })}`,
          fill: 'currentColor',
        }),
      );
    }
  }
  return plot({
    ...(document ? { document } : {}),
    width,
    height: 280,
    marginLeft: 56,
    marginRight: 24,
    marginTop: 28,
    marginBottom: 44,
    style: baseStyle,
    x: { label: 'time (s) →', grid: true, labelOffset: 38 },
    y: { label: '↑ customers waiting', grid: true, nice: true, zero: true },
    marks,
  });
}

export function table({ output: out }: ChartData<Output>): ChartTable {
  return {
    columns: ['Time', 'Customers waiting'],
    rows: out.backlogSeries.map((p) => [
      formatValue(p.time, { format: 'duration' }),
      formatValue(p.backlog, { format: 'integer' }),
    ]),
  };
}

export default {
  name: 'queue-backlog',
  model: 'ggc-simulation',
  units: { x: { quantity: 'duration', words: '(s)' } },
  words: {
    label:
      'Customers waiting over time in the simulated queue, with the end of the spike and the moment the backlog drains marked.',
    caption:
      'Customers waiting in queue over the run, sampled at a fixed step. The dashed lines mark where the spike ends and where the backlog has drained: the recovery time that no closed form gives.',
  },
  render,
  table,
} satisfies ChartModule<Output>;
