/**
 * Backend calls per expiry of a hot key's copy against the request rate (model `cache-stampede`), one line
 * per strategy: no protection grows as 1 + λδ, XFetch without a lock levels off near e^(1/β), and request
 * coalescing and a stale-while-revalidate lease stay at 1. The chart samples; the model computes: it sweeps
 * `requestRate` over powers of ten plus the input's own rate, every other input as given. Both axes log.
 */
import * as Plot from '@observablehq/plot';
import { plot } from '../lib/chart-plot.ts';
import type { OutputOf } from '../../models/model.ts';
import type { cacheStampede } from '../../models/reliability/cache-stampede.ts';
import { formatValue } from '../lib/chart-units.ts';
import { baseStyle, type ChartContext, type ChartData, type ChartModule, type ChartTable } from '../lib/chart.ts';
import { logTicks, shortCount } from './cache-sensitivity.ts';

type Output = OutputOf<typeof cacheStampede>;

const GRID = [0.1, 1, 10, 100, 1000, 10_000, 100_000, 1_000_000] as const;

/** Powers of ten plus the input's own request rate (when positive), sorted, each once. */
export function requestRates(own: number): number[] {
  return [...GRID, ...(own > 0 ? [own] : [])].filter((r, i, all) => all.indexOf(r) === i).sort((a, b) => a - b);
}

const STRATEGIES = [
  { key: 'noProtectionCallsPerExpiry', name: 'no protection', color: 'var(--lb-reject)' },
  { key: 'xfetchCallsPerExpiry', name: 'XFetch (no lock)', color: 'var(--lb-c2)' },
  { key: 'coalescingCallsPerExpiry', name: 'coalescing or lease', color: 'var(--lb-c1)' },
] as const;

interface Row {
  readonly rate: number;
  readonly own: boolean;
  readonly strategy: string;
  readonly color: string;
  readonly calls: number;
}

function ownOf(input: Readonly<Record<string, unknown>>): number {
  return input['requestRate'] as number;
}

function rows({ input, sweep }: ChartData<Output>): Row[] {
  const own = ownOf(input);
  return sweep.flatMap((p) => {
    const o = p.output;
    if (o === null) return [];
    return STRATEGIES.map((s) => ({ rate: p.x, own: p.x === own, strategy: s.name, color: s.color, calls: o[s.key] }));
  });
}

export function render(data: ChartData<Output>, { width, document }: ChartContext): Element {
  const all = rows(data);
  const own = ownOf(data.input);
  const hi = Math.max(10, ...all.map((r) => r.calls));
  const ends = STRATEGIES.map((s) => all.filter((r) => r.strategy === s.name).at(-1)).filter((r): r is Row => r !== undefined);
  return plot({
    ...(document ? { document } : {}),
    width,
    height: 300,
    marginLeft: 56,
    marginRight: 24,
    marginTop: 24,
    marginBottom: 40,
    style: baseStyle,
    x: {
      type: 'log',
      label: 'requests per second on the key, all nodes (log scale) →',
      grid: true,
      ticks: [...GRID],
      tickFormat: shortCount,
    },
    y: {
      type: 'log',
      domain: [0.8, hi * 1.3],
      label: '↑ backend calls per expiry of a copy (log scale)',
      grid: true,
      ticks: logTicks(1, hi),
      tickFormat: shortCount,
    },
    color: { domain: STRATEGIES.map((s) => s.name), range: STRATEGIES.map((s) => s.color), legend: false },
    marks: [
      ...(own > 0 ? [Plot.ruleX([own], { stroke: 'currentColor', strokeOpacity: 0.5, strokeDasharray: '2 3' })] : []),
      Plot.line(all, { x: 'rate', y: 'calls', z: 'strategy', stroke: 'color', strokeWidth: 2 }),
      Plot.dot(all, { x: 'rate', y: 'calls', fill: 'color', r: 3 }),
      Plot.dot(
        all.filter((r) => r.own),
        { x: 'rate', y: 'calls', r: 6, fill: 'none', stroke: 'currentColor', strokeWidth: 1.5 },
      ),
      Plot.text(ends, { x: 'rate', y: 'calls', text: 'strategy', textAnchor: 'end', dy: -8, fill: 'currentColor' }),
    ],
  });
}

export function table(data: ChartData<Output>): ChartTable {
  const byRate = new Map<number, Output>();
  for (const p of data.sweep) if (p.output !== null) byRate.set(p.x, p.output);
  const own = ownOf(data.input);
  return {
    columns: ['Requests/s', 'No protection', 'XFetch (no lock)', 'Coalescing', 'Stale-while-revalidate'],
    rows: [...byRate].map(([rate, o]) => [
      rate === own ? `${formatValue(rate, { quantity: 'rate' })} (this input)` : formatValue(rate, { quantity: 'rate' }),
      formatValue(o.noProtectionCallsPerExpiry),
      formatValue(o.xfetchCallsPerExpiry),
      formatValue(o.coalescingCallsPerExpiry),
      formatValue(o.staleWhileRevalidateCallsPerExpiry),
    ]),
  };
}

export default {
  name: 'stampede-calls',
  model: 'cache-stampede',
  units: { x: { quantity: 'rate', words: 'per second' }, columns: { 'Requests/s': { quantity: 'rate', words: '/s' } } },
  sweep: (input) => ({ field: 'requestRate', values: requestRates(ownOf(input)) }),
  words: {
    label:
      'Backend calls per expiry of a hot key against its request rate, for no protection, XFetch, and coalescing or a stale-while-revalidate lease.',
    caption:
      'No protection sends one call plus one for every request that arrives during the recompute, so it grows with the rate; XFetch without a lock levels off near e ≈ 2.7 calls at β = 1; coalescing and a lease send one. The dotted line and ringed points are the input’s own rate.',
  },
  render,
  table,
} satisfies ChartModule<Output>;
