/**
 * What a played simulation shows at each moment: the frames a reader scrubs through, the running tally up to
 * the playhead, the key frames a reduced-motion reader steps through, and the frame said in words. Pure
 * functions of the model's own output (the evaluation the static chart draws: no second simulation), shared
 * by the player in the browser (src/client/player-runtime.ts) and its tests (test/site/player.test.ts).
 *
 * Time is the simulation's own (seconds of the trace, of the storm, of the queue's run). A frame at time t
 * shows what has happened by t: a rate-limit bucket counts once it has ended, a storm sample once its span
 * has ended, the queue's backlog as sampled at or before t. At the last frame every tally equals the
 * model's totals.
 */
import type { OutputOf } from '../../models/model.ts';
import type { rateLimitCompare } from '../../models/rate-limiting/compare.ts';
import type { ggcSimulation } from '../../models/simulation/ggc-simulation.ts';
import type { reconnectStorm } from '../../models/case-studies/reconnect-storm.ts';
import { formatValue } from './format.ts';

type RateOutput = OutputOf<typeof rateLimitCompare>;
type QueueOutput = OutputOf<typeof ggcSimulation>;
type StormOutput = OutputOf<typeof reconnectStorm>;

/** A moment worth stopping at: where the reduced-motion Play steps, and a mark once the playhead passes it. */
export interface KeyFrame {
  readonly time: number;
  /** a few words: "boundary burst", "spike ends", "jittered clients all back" */
  readonly label: string;
}

export interface Timeline {
  readonly start: number;
  readonly end: number;
  /** the data's own sampling step: the scrubber's step */
  readonly step: number;
  /** key frames in time order, the last at `end` */
  readonly keys: readonly KeyFrame[];
}

/** A horizontal line at a value of the chart's y scale, with its words. */
export interface Guide {
  readonly value: number;
  readonly label: string;
}

/** One row of the running tally under the chart. */
export interface TallyRow {
  readonly label: string;
  readonly cells: readonly string[];
  /** the row says something alarming at this frame (a window over its limit, attempts above capacity) */
  readonly alert: boolean;
}

export interface Frame {
  readonly time: number;
  /** the scrubber's aria-valuetext and the live region's text: the frame in one or two sentences */
  readonly summary: string;
  readonly columns: readonly string[];
  readonly rows: readonly TallyRow[];
  /** a span of time to outline on the chart at this frame (the fixed window's last window), in one facet or across all */
  readonly highlight?: { readonly facet?: string; readonly from: number; readonly to: number; readonly alert: boolean };
  /** moments already passed to mark on the chart with a line and a few words (the storm's queue clearing) */
  readonly marks?: readonly KeyFrame[];
}

/** A playable chart: its timeline and what any moment of it shows, from the scenario's input and output. */
export interface Playable<O> {
  readonly chart: string;
  /** what the tally is, for its caption */
  readonly tallyCaption: string;
  timeline(input: Readonly<Record<string, unknown>>, output: O): Timeline;
  /** horizontal lines the chart draws that must stay readable over the whole run (the accept capacity) */
  guides?(input: Readonly<Record<string, unknown>>, output: O): readonly Guide[];
  frame(input: Readonly<Record<string, unknown>>, output: O, time: number): Frame;
}

/** Scrubber positions: start, start + step, … and the end (monotone, the end always included). */
export function frameTimes(t: Timeline): number[] {
  const times: number[] = [];
  const n = Math.max(1, Math.ceil((t.end - t.start) / t.step - 1e-9));
  for (let i = 0; i < n; i++) times.push(t.start + i * t.step);
  times.push(t.end);
  return times;
}

/** The next key frame strictly after `time` (the first one from before the start; the start again after the end). */
export function nextKey(t: Timeline, time: number): KeyFrame {
  const eps = 1e-9 * Math.max(1, t.end - t.start);
  return t.keys.find((k) => k.time > time + eps) ?? { time: t.start, label: 'start' };
}

/** The previous key frame strictly before `time` (the start when there is none). */
export function previousKey(t: Timeline, time: number): KeyFrame {
  const eps = 1e-9 * Math.max(1, t.end - t.start);
  return [...t.keys].reverse().find((k) => k.time < time - eps) ?? { time: t.start, label: 'start' };
}

/** A moment on the chart's time axis, in seconds as the axis reads (a span of time is a duration: "3.06 min"). */
export function axisTime(time: number): string {
  return `${formatValue(time, { format: 'decimal' })} s`;
}
const at = (time: number): string => `t = ${axisTime(time)}`;
const int = (n: number): string => formatValue(n, { format: 'integer' });
const EPS = 1e-9;

function sortedKeys(keys: KeyFrame[], end: number): KeyFrame[] {
  const out = keys
    .filter((k) => Number.isFinite(k.time) && k.time <= end + EPS)
    .sort((a, b) => a.time - b.time)
    .reduce<KeyFrame[]>((merged, k) => {
      const last = merged.at(-1);
      if (last && k.time - last.time <= EPS) merged[merged.length - 1] = { time: last.time, label: `${last.label}; ${k.label}` };
      else merged.push(k);
      return merged;
    }, []);
  if (!out.length || Math.abs((out.at(-1)?.time ?? -1) - end) > EPS) out.push({ time: end, label: 'end of the run' });
  return out;
}

// ---- Rate limiting: one trace through every algorithm ------------------------------------------------

/**
 * The algorithms that promise at most `limit` per window. The fixed window keeps it only for its own aligned
 * windows, so a span across a boundary can hold up to twice the limit; the buckets (token, GCRA, leaky) admit a
 * full bucket plus what refilled by design, so more than `limit` in a window is no broken promise for them.
 */
const WINDOWED = new Set(['fixed-window', 'sliding-log', 'sliding-window-counter']);

export interface RateTally {
  readonly id: string;
  readonly title: string;
  readonly admitted: number;
  readonly rejected: number;
  /** admitted in the last `recentBuckets` whole buckets (at most a window long); null when a bucket is longer than the window */
  readonly recent: number | null;
  /** rejected in the bucket that ended last */
  readonly rejecting: boolean;
}

/** How many whole buckets fit in one window (0 when a bucket is longer than the window): the span of the "recent" count. */
export function recentBuckets(out: RateOutput): number {
  return Math.floor(out.window / out.bucket + 1e-9);
}

/** Per algorithm, what the buckets ended by `time` admitted and rejected. At the trace's end: the model's totals. */
export function rateTally(out: RateOutput, time: number): RateTally[] {
  const windowBuckets = recentBuckets(out);
  return rateIndex(out).map(({ id, title, ends, admitted, rejected, perBucketRejected }) => {
    const k = countAtMost(ends, time + EPS); // buckets ended by `time`
    const recent = windowBuckets === 0 ? null : (admitted[k] ?? 0) - (admitted[Math.max(0, k - windowBuckets)] ?? 0);
    return {
      id,
      title,
      admitted: admitted[k] ?? 0,
      rejected: rejected[k] ?? 0,
      recent,
      rejecting: k > 0 && (perBucketRejected[k - 1] ?? 0) > 0,
    };
  });
}

/** How many of the ascending `xs` are at most x (binary search). */
function countAtMost(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] ?? Infinity) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface RateIndex {
  readonly id: string;
  readonly title: string;
  /** each bucket's end, ascending */
  readonly ends: number[];
  /** admitted and rejected in the first k buckets, at index k (prefix sums; index 0 is 0) */
  readonly admitted: number[];
  readonly rejected: number[];
  readonly perBucketRejected: number[];
}
/** Per output, its buckets indexed once: a frame then costs a binary search per algorithm, not a pass over the trace. */
const rateIndexes = new WeakMap<RateOutput, RateIndex[]>();
function rateIndex(out: RateOutput): RateIndex[] {
  let index = rateIndexes.get(out);
  if (!index) {
    index = out.algorithms.map((a) => {
      const rows = out.series.filter((d) => d.algorithm === a.id).sort((x, y) => x.time - y.time);
      const admitted = [0];
      const rejected = [0];
      for (const d of rows) {
        admitted.push((admitted.at(-1) ?? 0) + d.admitted);
        rejected.push((rejected.at(-1) ?? 0) + d.rejected);
      }
      return {
        id: a.id,
        title: a.title,
        ends: rows.map((d) => d.time + out.bucket),
        admitted,
        rejected,
        perBucketRejected: rows.map((d) => d.rejected),
      };
    });
    rateIndexes.set(out, index);
  }
  return index;
}

/** The fixed window's worst window-long span of whole buckets: its end, its count, and the boundary inside it. */
export function boundaryBurst(out: RateOutput): { end: number; admitted: number; boundary: number } | null {
  const fixed = out.series.filter((d) => d.algorithm === 'fixed-window').sort((a, b) => a.time - b.time);
  const n = recentBuckets(out);
  if (n === 0) return null;
  let best: { end: number; admitted: number; boundary: number } | null = null;
  for (let i = n - 1; i < fixed.length; i++) {
    const span = fixed.slice(i - n + 1, i + 1);
    const admitted = span.reduce((s, d) => s + d.admitted, 0);
    const start = span[0]?.time ?? 0;
    const end = (fixed[i]?.time ?? 0) + out.bucket;
    if (admitted > out.limit && (!best || admitted > best.admitted)) {
      best = { end, admitted, boundary: Math.ceil(start / out.window - EPS) * out.window };
    }
  }
  return best;
}

export const rateLimitPlayer: Playable<RateOutput> = {
  chart: 'rate-limit-timeline',
  tallyCaption: 'So far, per algorithm: requests admitted and rejected, and admitted in the last window',
  timeline(_input, out) {
    const keys: KeyFrame[] = [];
    const firstReject = out.series.filter((d) => d.rejected > 0).sort((a, b) => a.time - b.time)[0];
    if (firstReject) keys.push({ time: firstReject.time + out.bucket, label: 'first rejection' });
    const burst = boundaryBurst(out);
    if (burst) {
      keys.push({ time: burst.boundary, label: 'a fixed window resets' });
      keys.push({ time: burst.end, label: 'fixed window’s boundary burst' });
    }
    return { start: 0, end: out.duration, step: out.bucket, keys: sortedKeys(keys, out.duration) };
  },
  frame(_input, out, time) {
    const t = Math.min(Math.max(time, 0), out.duration);
    const tally = rateTally(out, t);
    const window = formatValue(recentBuckets(out) * out.bucket, { format: 'duration' });
    const over = tally.filter((r) => r.recent !== null && r.recent > out.limit && WINDOWED.has(r.id));
    const rejecting = tally.filter((r) => r.rejecting).length;
    const burstWords = over
      .map(
        (r) =>
          ` ${r.title} admitted ${int(r.recent ?? 0)} in the last ${window}, over its limit of ${int(out.limit)} per window: a burst across a window boundary.`,
      )
      .join('');
    const total = tally.reduce((s, r) => s + r.admitted + r.rejected, 0) / Math.max(1, tally.length);
    const fixed = tally.find((r) => r.id === 'fixed-window');
    const span = recentBuckets(out) * out.bucket;
    const lastEnd = Math.floor(t / out.bucket + 1e-9) * out.bucket; // the end of the last bucket counted
    return {
      time: t,
      ...(fixed && span > 0 && lastEnd > 0
        ? { highlight: { facet: fixed.title, from: Math.max(0, lastEnd - span), to: lastEnd, alert: over.includes(fixed) } }
        : {}),
      summary: `${at(t)}: ${int(total)} of ${int(out.offered)} requests offered; ${rejecting} of ${tally.length} algorithms rejecting.${burstWords}`,
      columns: ['Algorithm', 'Admitted', 'Rejected', `Admitted, last ${window}`],
      rows: tally.map((r) => ({
        label: r.title,
        cells: [
          int(r.admitted),
          int(r.rejected),
          r.recent === null ? '—' : `${int(r.recent)}${over.includes(r) ? ` > limit ${int(out.limit)}` : ''}`,
        ],
        alert: over.includes(r),
      })),
    };
  },
};

// ---- A queue through a spike --------------------------------------------------------------------------

/** The backlog as sampled at or before `time` (the chart's step-after curve read at the playhead). */
export function backlogAt(out: QueueOutput, time: number): number {
  let b = 0;
  for (const p of out.backlogSeries) {
    if (p.time > time + EPS) break;
    b = p.backlog;
  }
  return b;
}

function queueEnd(out: QueueOutput): number {
  return out.backlogSeries.at(-1)?.time ?? 0;
}

export const queuePlayer: Playable<QueueOutput> = {
  chart: 'queue-backlog',
  tallyCaption: 'At the playhead: customers waiting, and the most so far',
  timeline(_input, out) {
    const end = queueEnd(out);
    const keys: KeyFrame[] = [];
    const max = Math.max(0, ...out.backlogSeries.map((p) => p.backlog));
    const building = out.backlogSeries.find((p) => p.backlog > 0.1 * max && max > 0);
    if (building && out.spikeEnd !== null && building.time < out.spikeEnd)
      keys.push({ time: building.time, label: 'the backlog builds' });
    if (out.spikeEnd !== null) keys.push({ time: out.spikeEnd, label: 'spike ends' });
    const peak = out.backlogSeries.find((p) => p.backlog === max);
    if (peak && max > 0 && (out.spikeEnd === null || Math.abs(peak.time - out.spikeEnd) > (out.seriesStep ?? 0)))
      keys.push({ time: peak.time, label: 'peak backlog' });
    if (out.spikeEnd !== null && out.drainTime !== null) {
      keys.push({ time: out.spikeEnd + out.drainTime / 2, label: 'halfway through the drain' });
      keys.push({ time: out.spikeEnd + out.drainTime, label: 'drained' });
    }
    return { start: 0, end, step: out.seriesStep > 0 ? out.seriesStep : end || 1, keys: sortedKeys(keys, end) };
  },
  frame(_input, out, time) {
    const end = queueEnd(out);
    const t = Math.min(Math.max(time, 0), end);
    const now = backlogAt(out, t);
    let most = 0;
    for (const p of out.backlogSeries) if (p.time <= t + EPS) most = Math.max(most, p.backlog);
    const drained = out.spikeEnd !== null && out.drainTime !== null ? out.spikeEnd + out.drainTime : null;
    const phase =
      out.spikeEnd === null
        ? ''
        : t < out.spikeEnd - EPS
          ? ` The spike runs until ${axisTime(out.spikeEnd)}.`
          : drained !== null && t >= drained - EPS
            ? ` Drained ${formatValue(out.drainTime, { format: 'duration' })} after the spike ended.`
            : drained !== null
              ? ` Draining since the spike ended at ${axisTime(out.spikeEnd)}; drained at ${axisTime(drained)}.`
              : ' The backlog does not drain within the run.';
    return {
      time: t,
      summary: `${at(t)}: ${int(now)} customers waiting (most so far ${int(most)}).${phase}`,
      columns: ['Backlog', 'Customers'],
      rows: [
        { label: 'Waiting now', cells: [int(now)], alert: out.spikeEnd !== null && t >= out.spikeEnd && now > 0 },
        { label: 'Most so far', cells: [int(most)], alert: false },
      ],
    };
  },
};

// ---- The reconnect storm -------------------------------------------------------------------------------

const STORM_NAMES: Record<string, string> = { 'no-jitter': 'No jitter', full: 'Jittered' };

export interface StormTally {
  readonly id: string;
  readonly name: string;
  /** attempts per second in the sample the playhead is in */
  readonly attemptsPerSecond: number;
  /** handshakes attempted and accepted in the samples ended by the playhead */
  readonly attempts: number;
  readonly accepted: number;
  /** from this time on every sample stays within the accept capacity (null: not within the run) */
  readonly clearsAt: number | null;
}

function spans(series: StormOutput['strategies'][number]['series'], end: number): number[] {
  return series.map((p, i) => (series[i + 1]?.time ?? end) - p.time);
}

/** The run's length: what the model ran (its `duration` input), or the last sample's time. */
function stormEnd(input: Readonly<Record<string, unknown>>, out: StormOutput): number {
  const d = input['duration'];
  if (typeof d === 'number') return d;
  return Math.max(0, ...out.strategies.map((s) => s.series.at(-1)?.time ?? 0));
}

/** When the queue of handshakes clears: the start of the first sample after which no sample exceeds capacity. */
export function clearsAt(series: StormOutput['strategies'][number]['series'], capacity: number): number | null {
  let last = -1;
  series.forEach((p, i) => {
    if (p.attemptsPerSecond > capacity * (1 + 1e-9)) last = i;
  });
  if (last === -1) return series[0]?.time ?? 0;
  return series[last + 1]?.time ?? null;
}

/** Per strategy, the storm up to `time`. At the run's end: the model's total attempts and clients back. */
export function stormTally(input: Readonly<Record<string, unknown>>, out: StormOutput, time: number): StormTally[] {
  return stormIndex(input, out).map((x) => {
    const k = countAtMost(x.ends, time + EPS); // samples ended by `time`
    const inSample = k < x.ends.length && (x.starts[k] ?? Infinity) <= time + EPS;
    return {
      id: x.id,
      name: x.name,
      attemptsPerSecond: inSample ? (x.rates[k] ?? 0) : 0,
      attempts: x.attempts[k] ?? 0,
      accepted: x.accepted[k] ?? 0,
      clearsAt: x.clearsAt,
    };
  });
}

interface StormIndex {
  readonly id: string;
  readonly name: string;
  readonly starts: number[];
  readonly ends: number[];
  readonly rates: number[];
  /** attempts and accepted handshakes in the first k samples, at index k */
  readonly attempts: number[];
  readonly accepted: number[];
  readonly clearsAt: number | null;
}
const stormIndexes = new WeakMap<StormOutput, { key: string; index: StormIndex[] }>();
function stormIndex(input: Readonly<Record<string, unknown>>, out: StormOutput): StormIndex[] {
  const end = stormEnd(input, out);
  const capacity = Number(input['acceptCapacity']);
  const key = `${end}/${capacity}`;
  const had = stormIndexes.get(out);
  if (had?.key === key) return had.index;
  const index = out.strategies.map((s) => {
    const w = spans(s.series, end);
    const attempts = [0];
    const accepted = [0];
    s.series.forEach((p, i) => {
      attempts.push((attempts.at(-1) ?? 0) + p.attemptsPerSecond * (w[i] ?? 0));
      accepted.push((accepted.at(-1) ?? 0) + p.acceptedPerSecond * (w[i] ?? 0));
    });
    return {
      id: s.id,
      name: STORM_NAMES[s.id] ?? s.id,
      starts: s.series.map((p) => p.time),
      ends: s.series.map((p, i) => p.time + (w[i] ?? 0)),
      rates: s.series.map((p) => p.attemptsPerSecond),
      attempts,
      accepted,
      clearsAt: clearsAt(s.series, capacity),
    };
  });
  stormIndexes.set(out, { key, index });
  return index;
}

export const stormPlayer: Playable<StormOutput> = {
  chart: 'notifications-reconnect',
  tallyCaption:
    'At the playhead, per strategy: attempts per second against the accept capacity (the dashed line, kept in view over the whole run), and clients back so far',
  guides(input) {
    const capacity = Number(input['acceptCapacity']);
    return [{ value: capacity, label: `accept capacity ${formatValue(capacity, { format: 'compact' })}/s` }];
  },
  timeline(input, out) {
    const end = stormEnd(input, out);
    const capacity = Number(input['acceptCapacity']);
    const keys: KeyFrame[] = [{ time: out.strategies[0]?.series[1]?.time ?? 0, label: 'the first wave' }];
    for (const s of out.strategies) {
      const name = (STORM_NAMES[s.id] ?? s.id).toLowerCase();
      const clear = clearsAt(s.series, capacity);
      if (clear !== null && clear > 0) keys.push({ time: clear, label: `${name}: attempts stay within capacity` });
      // at the end of the sample in which the last client got back: the tally (whole samples) then says 100 %
      if (s.allBack !== null) {
        const back = s.allBack;
        const i = s.series.findIndex((p, j) => (s.series[j + 1]?.time ?? end) >= back - EPS && p.time <= back + EPS);
        const time = i >= 0 ? (s.series[i + 1]?.time ?? end) : back;
        keys.push({ time, label: `${name}: every client back (the last at ${axisTime(back)})` });
      }
    }
    const step = out.strategies[0]?.series[1]?.time ?? end;
    return { start: 0, end, step: step > 0 ? step : end || 1, keys: sortedKeys(keys, end) };
  },
  frame(input, out, time) {
    const end = stormEnd(input, out);
    const t = Math.min(Math.max(time, 0), end);
    const capacity = Number(input['acceptCapacity']);
    const clients = out.clientsSimulated * out.weight;
    const tally = stormTally(input, out, t);
    const words = tally.map((r) => {
      const rate = `${formatValue(r.attemptsPerSecond, { format: 'compact' })} attempts/s`;
      const vs =
        r.attemptsPerSecond > capacity
          ? `${formatValue(r.attemptsPerSecond / capacity, { format: 'decimal' })}× capacity`
          : 'within capacity';
      // Since the last wave above capacity: no attempt is refused any more, which is not everyone back (those
      // still out are waiting out their backoff), so the share still out is said beside it.
      const since = r.clearsAt !== null && t >= r.clearsAt && r.clearsAt > 0 ? ` since ${axisTime(r.clearsAt)}` : '';
      const stillOut =
        clients - r.accepted > 1e-9 * clients
          ? `, ${formatValue(1 - r.accepted / clients, { format: 'percent' })} still out`
          : '';
      return `${r.name.toLowerCase()} ${rate} (${vs}${since}), ${formatValue(r.accepted / clients, { format: 'percent' })} back${stillOut}`;
    });
    const marks = tally.flatMap((r) => {
      const first = out.strategies.find((x) => x.id === r.id)?.series[0]?.time ?? 0;
      return r.clearsAt !== null && r.clearsAt > first && t >= r.clearsAt
        ? [{ time: r.clearsAt, label: `${r.name.toLowerCase()}: attempts within capacity` }]
        : [];
    });
    return {
      time: t,
      ...(marks.length ? { marks } : {}),
      summary: `${at(t)} after the drop: ${words.join('; ')}. Capacity ${formatValue(capacity, { format: 'compact' })}/s.`,
      columns: ['Strategy', 'Attempts/s now', 'Back so far', 'Within capacity from'],
      rows: tally.map((r) => ({
        label: r.name,
        cells: [
          `${formatValue(r.attemptsPerSecond, { format: 'compact' })}${r.attemptsPerSecond > capacity ? ` (${formatValue(r.attemptsPerSecond / capacity, { format: 'decimal' })}×)` : ''}`,
          formatValue(r.accepted / clients, { format: 'percent' }),
          r.clearsAt === null
            ? 'not within the run'
            : r.clearsAt <= (out.strategies.find((x) => x.id === r.id)?.series[0]?.time ?? 0)
              ? 'never above capacity'
              : t >= r.clearsAt
                ? `at ${axisTime(r.clearsAt)}`
                : '…',
        ],
        alert: r.attemptsPerSecond > capacity,
      })),
    };
  },
};

/** The playable charts, by chart name. */
export const playables: Readonly<Record<string, Playable<never>>> = {
  [rateLimitPlayer.chart]: rateLimitPlayer,
  [queuePlayer.chart]: queuePlayer,
  [stormPlayer.chart]: stormPlayer,
};

export function playableOf(chart: string): Playable<unknown> | undefined {
  return Object.hasOwn(playables, chart) ? playables[chart] : undefined;
}
