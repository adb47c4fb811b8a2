/**
 * The reconnect storm (model `reconnect-storm`): handshake attempts per second over time after a gateway drops
 * its clients, with no jitter and with a jittered first attempt and full-jitter retries, against what the
 * servers can accept (dashed).
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import type { OutputOf } from '../../models/model.ts';
import type { reconnectStorm } from '../../models/case-studies/reconnect-storm.ts';
import { formatValue } from '../lib/chart-units.ts';
import { baseStyle, type ChartContext, type ChartData, type ChartModule, type ChartTable } from '../lib/chart.ts';

type Output = OutputOf<typeof reconnectStorm>;

const NAMES: Record<string, string> = { 'no-jitter': 'no jitter', full: 'jittered' };

function points(out: Output) {
  return out.strategies.flatMap((s) =>
    s.series.map((p) => ({
      strategy: NAMES[s.id] ?? s.id,
      time: p.time,
      attempts: p.attemptsPerSecond,
      accepted: p.acceptedPerSecond,
    })),
  );
}

/** 0, the capacity, and 3×, 10×, 30×… the capacity up to the peak: ticks that do not crowd on a symlog axis. */
function yTicks(capacity: number, peak: number): number[] {
  const ticks = [0, capacity];
  for (let k = 1; ticks.length < 8; k++) {
    const t = capacity * (k % 2 === 1 ? 3 : 10) * 10 ** Math.floor((k - 1) / 2);
    if (t > peak * 1.05) break;
    ticks.push(t);
  }
  return ticks;
}

export function render({ input, output: out }: ChartData<Output>, { width, document }: ChartContext): Element {
  const capacity = input['acceptCapacity'] as number;
  const data = points(out);
  return plot({
    ...(document ? { document } : {}),
    width,
    height: 300,
    marginLeft: 64,
    marginRight: 24,
    marginTop: 28,
    marginBottom: 44,
    style: baseStyle,
    x: { label: 'seconds after the drop →', grid: true, labelOffset: 38 },
    // Linear up to the capacity, logarithmic above it: the jittered line near capacity stays readable next to a
    // synchronised storm tens of times higher.
    y: {
      type: 'symlog',
      constant: capacity,
      label: '↑ handshake attempts per second',
      grid: true,
      ticks: yTicks(capacity, Math.max(capacity, ...data.map((d) => d.attempts))),
      tickFormat: (d: number) => formatValue(d, { format: 'compact' }),
    },
    color: { domain: ['no jitter', 'jittered'], range: ['var(--lb-reject)', 'var(--lb-c1)'], legend: true },
    marks: [
      Plot.ruleY([capacity], { stroke: 'currentColor', strokeOpacity: 0.7, strokeDasharray: '5 4' }),
      Plot.lineY(data, { x: 'time', y: 'attempts', stroke: 'strategy', strokeWidth: 1.8, curve: 'step-after' }),
      // over the lines, with a halo of the page's colour: the no-jitter waves cross it (illegible in dark, review13 C2)
      Plot.text([capacity], {
        y: (d: number) => d,
        frameAnchor: 'right',
        dy: -8,
        textAnchor: 'end',
        text: () => `accept capacity ${formatValue(capacity, { format: 'compact' })}/s`,
        fill: 'currentColor',
        stroke: 'var(--sl-color-bg, white)',
        strokeWidth: 4,
        paintOrder: 'stroke',
      }),
    ],
  });
}

export function table({ output: out }: ChartData<Output>): ChartTable {
  return {
    columns: [
      'Strategy',
      'Peak attempts/s',
      '× capacity',
      'Attempts per client',
      'Back within the run',
      '50 % back',
      '99 % back',
      'All back',
    ],
    rows: out.strategies.map((s) => [
      NAMES[s.id] ?? s.id,
      formatValue(s.peakAttemptRate, { format: 'integer', quantity: 'rate' }),
      formatValue(s.peakToCapacity),
      formatValue(s.attemptsPerClient),
      formatValue(s.reconnectedShare, { format: 'percent' }),
      s.p50 === null ? 'not within the run' : formatValue(s.p50, { format: 'duration' }),
      s.p99 === null ? 'not within the run' : formatValue(s.p99, { format: 'duration' }),
      s.allBack === null ? 'not within the run' : formatValue(s.allBack, { format: 'duration' }),
    ]),
  };
}

export default {
  name: 'notifications-reconnect',
  model: 'reconnect-storm',
  units: {
    x: { quantity: 'duration', words: 'seconds' },
    y: { quantity: 'rate', words: 'per second' },
    columns: { 'Peak attempts/s': { quantity: 'rate', words: '/s' } },
  },
  words: {
    label:
      'Handshake attempts per second after a gateway drops its clients, without jitter and with jitter, against the accept capacity.',
    caption:
      'Without jitter every client retries on the same schedule and the waves stay synchronised far above capacity; with jitter the attempts stay near it and everyone is back soon after the minimum drain time.',
  },
  render,
  table,
} satisfies ChartModule<Output>;
