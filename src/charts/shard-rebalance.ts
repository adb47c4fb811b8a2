/**
 * What a shard change costs and what the ring leaves uneven (model `consistent-hashing`), against the
 * number of virtual nodes per shard. Top: the share of keys that move, modulo placement against the ring
 * (expected, and on the seeded ring). Bottom: the most and least loaded shard's share over the mean share on
 * the seeded ring, with the expected band 1 ± CV (CV = √((m − 1)/(m·v + 1)) ≈ 1/√v). The chart samples;
 * the model computes: it sweeps `virtualNodes` over a fixed grid plus the input's own value, every other
 * input as given, and drops the points the ring's size limit rules out. Virtual nodes on a log axis.
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import type { OutputOf } from '../../models/model.ts';
import { MAX_RING_POINTS, type consistentHashing } from '../../models/capacity/consistent-hashing.ts';
import { formatValue } from '../lib/chart-units.ts';
import { baseStyle, type ChartContext, type ChartData, type ChartModule, type ChartTable } from '../lib/chart.ts';

type Output = OutputOf<typeof consistentHashing>;

const GRID = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000] as const;

/** The grid plus the input's own virtual nodes, sorted, each once, within the ring's size limit. */
export function virtualNodeGrid(own: number, biggerShardCount: number): number[] {
  const limit = Math.max(1, Math.floor(MAX_RING_POINTS / Math.max(1, biggerShardCount)));
  return [...GRID.filter((v) => v <= limit), own].filter((v, i, all) => all.indexOf(v) === i).sort((a, b) => a - b);
}

interface Row {
  readonly v: number;
  readonly own: boolean;
  readonly modulo: number;
  readonly ring: number;
  readonly ringSimulated: number;
  readonly maxToMean: number;
  readonly minToMean: number;
  readonly cv: number;
}

function ownOf(input: Readonly<Record<string, unknown>>): number {
  return (input['virtualNodes'] as number | undefined) ?? 100;
}

function rows({ input, sweep }: ChartData<Output>): Row[] {
  const own = ownOf(input);
  return sweep.flatMap((p) =>
    p.output === null
      ? []
      : [
          {
            v: p.x,
            own: p.x === own,
            modulo: p.output.moduloMovedFraction,
            ring: p.output.ringMovedFraction,
            ringSimulated: p.output.ringMovedFractionSimulated,
            maxToMean: p.output.ringMaxToMean,
            minToMean: p.output.ringMinToMean,
            cv: p.output.ringExpectedShareCv,
          },
        ],
  );
}

const pct = (x: number) => formatValue(x, { format: 'percent' });

export function render(data: ChartData<Output>, { width, document }: ChartContext): Element {
  const all = rows(data);
  const own = ownOf(data.input);
  const layout = { ...(document ? { document } : {}), width, marginLeft: 56, marginRight: 24, style: baseStyle };
  const x = {
    type: 'log' as const,
    domain: [Math.min(...all.map((r) => r.v)), Math.max(...all.map((r) => r.v))],
    grid: true,
    tickFormat: (d: number) => formatValue(d),
    // Narrow: powers of ten only, or the labels run into each other.
    ticks: GRID.filter((v) => v <= Math.max(1, ...all.map((r) => r.v)) && (width >= 520 || Number.isInteger(Math.log10(v)))),
  };
  const ownRule = Plot.ruleX([own], { stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '2 3' });
  const series = (y: keyof Row, stroke: string, dash?: string): Plot.Markish[] => [
    Plot.line(all, { x: 'v', y, stroke, strokeWidth: 2, ...(dash ? { strokeDasharray: dash } : {}) }),
    Plot.dot(all, { x: 'v', y, r: 3, fill: stroke }),
  ];
  const labelAt = (y: number, text: string, fill: string) =>
    Plot.text([y], {
      y: (d: number) => d,
      frameAnchor: 'right',
      textAnchor: 'end',
      lineAnchor: 'bottom',
      dy: -4,
      text: () => text,
      fill,
    });
  const last = all[all.length - 1];
  const first = all[0];
  const moved = plot({
    ...layout,
    height: 220,
    marginTop: 24,
    marginBottom: 28,
    x: { ...x, label: null },
    y: { domain: [0, 1], tickFormat: pct, label: '↑ keys that move', grid: true },
    marks: [
      ownRule,
      ...series('modulo', 'var(--lb-reject)'),
      ...series('ring', 'var(--lb-c1)', '4 3'),
      ...series('ringSimulated', 'var(--lb-c1)'),
      ...(last
        ? [
            labelAt(last.modulo, `modulo: ${pct(last.modulo)}`, 'currentColor'),
            labelAt(Math.max(last.ring, last.ringSimulated), `ring: ${pct(last.ring)} expected`, 'currentColor'),
          ]
        : []),
    ],
  });
  const hi = Math.max(1.05, ...all.map((r) => Math.max(r.maxToMean, 1 + r.cv)));
  const lo = Math.min(0.95, ...all.map((r) => Math.min(r.minToMean, Math.max(0, 1 - r.cv))));
  const load = plot({
    ...layout,
    height: 240,
    marginTop: 16,
    marginBottom: 40,
    x: { ...x, label: 'virtual nodes per shard (log scale) →' },
    y: { domain: [lo, hi], label: '↑ shard share / mean share', grid: true, tickFormat: (d: number) => `${formatValue(d)}×` },
    marks: [
      Plot.areaY(all, {
        x: 'v',
        y1: (r: Row) => Math.max(0, 1 - r.cv),
        y2: (r: Row) => 1 + r.cv,
        fill: 'var(--lb-c2)',
        fillOpacity: 0.15,
      }),
      Plot.ruleY([1], { stroke: 'currentColor', strokeOpacity: 0.4 }),
      ownRule,
      ...series('maxToMean', 'var(--lb-c2)'),
      ...series('minToMean', 'var(--lb-c3)'),
      // Labelled at the fewest virtual nodes, where the two lines are furthest apart.
      ...(first
        ? [
            Plot.text([first], {
              x: 'v',
              y: 'maxToMean',
              text: () => 'most loaded',
              textAnchor: 'start',
              dx: 8,
              fill: 'currentColor',
            }),
            Plot.text([first], {
              x: 'v',
              y: 'minToMean',
              text: () => 'least loaded',
              textAnchor: 'start',
              dx: 8,
              fill: 'currentColor',
            }),
          ]
        : []),
    ],
  });
  const box = (document ?? globalThis.document).createElement('div');
  box.append(moved, load);
  return box;
}

export function table(data: ChartData<Output>): ChartTable {
  return {
    columns: [
      'Virtual nodes per shard',
      'Moved, modulo',
      'Moved, ring (expected)',
      'Moved, seeded ring',
      'Most loaded / mean',
      'Least loaded / mean',
      'Expected CV',
    ],
    rows: rows(data).map((r) => [
      r.own ? `${formatValue(r.v)} (this input)` : formatValue(r.v),
      pct(r.modulo),
      pct(r.ring),
      pct(r.ringSimulated),
      `${formatValue(r.maxToMean)}×`,
      `${formatValue(r.minToMean)}×`,
      pct(r.cv),
    ]),
  };
}

export default {
  name: 'shard-rebalance',
  model: 'consistent-hashing',
  sweep: (input) => {
    const n = input['shards'] as number;
    const added = (input['added'] as number | undefined) ?? 1;
    return { field: 'virtualNodes', values: virtualNodeGrid(ownOf(input), Math.max(n, n + added)) };
  },
  words: {
    label:
      'Share of keys that move when shards are added, modulo placement against a consistent-hash ring, and the most and least loaded shard over the mean, against virtual nodes per shard.',
    caption:
      'Top: modulo placement moves nearly every key whatever the virtual nodes; the ring moves the new shards’ share (dashed: expected, solid: this seeded ring). Bottom: on the seeded ring, the most and least loaded shard against the mean; the band is 1 ± the expected CV, about 1/√v. The dotted line is the input’s own virtual nodes.',
  },
  render,
  table,
} satisfies ChartModule<Output>;
