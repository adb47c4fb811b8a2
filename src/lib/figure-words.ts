/**
 * The words of the bands, tornado and what-breaks-first figures, from their data (src/lib/live-figures.ts):
 * the sentence bound to the result, the caption's "computed at", the chart's text alternative and the
 * tables. The components write them at build time and the browser writes them again after a recompute, by
 * calling these same functions (one code path). A sentence is a list of parts, a strong part being the
 * figure's answer, so the component renders <strong> and the browser builds the same elements. The load
 * marker's words are in marker-words.ts (eager, apart from these). Durations and sizes are written in the
 * reader's units of results (`u`, the page's by default: what the build writes); a headline whose label says
 * its time ("the bill a month") keeps it, as its words do.
 */
import { formatValue, type Format } from './format.ts';
import type { At, BandsData, BreaksData, InputWords, TornadoData } from './live-figures.ts';
import { formatWithUnits, PAGE_UNITS, type OutputUnits } from './output-units.ts';

export type Part = string | { readonly strong: string };

const capital = (t: string) => t.replace(/^./, (c) => c.toUpperCase());
/** A name or label inside a sentence: its first letter in lower case, unless it starts with an abbreviation ("SMS price", "FCM's quota"). */
export const lower = (t: string) => (/^[A-Z]{2}/.test(t) ? t : t.replace(/^./, (c) => c.toLowerCase()));
const list = (xs: readonly string[]) => (xs.length < 2 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1) ?? ''}`);

/**
 * An input's value at a bar's end, as its format reads, except a price under ten cents, which cents would round
 * away ($0.006 and $0.0083 both read "$0.01"): it gets three significant digits ("$0.0083").
 */
export function formatInput(b: { readonly inputFormat: Format }, v: number, u: OutputUnits = PAGE_UNITS): string {
  if (b.inputFormat === 'usd' && v !== 0 && Math.abs(v) < 0.1) return `$${formatValue(v, { format: 'decimal' })}`;
  return formatWithUnits(v, { format: b.inputFormat }, u);
}

/** The ranged choices a figure held at the scenario's values (the size of the business, a design setting), in a sentence. */
function heldWords(held: readonly string[], verb: 'stay' | 'are held'): string {
  if (held.length === 0) return '';
  const many = held.length > 1;
  const what = verb === 'stay' ? (many ? 'they stay' : 'it stays') : many ? 'they are held' : 'it is held';
  return `${capital(list(held.map(lower)))} ${many ? 'are choices' : 'is a choice'} you make, not an uncertainty, so ${what} at the panel’s ${many ? 'values' : 'value'}: edit the panel to size for yours. `;
}

/** Parts as plain text (a text alternative, a test's expectation). */
export function plain(parts: readonly Part[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : p.strong)).join('');
}

/** "at the page’s values" or "at your values (… changed from the page’s)", naming at most three inputs. */
export function atWords(at: At, words: Readonly<Record<string, InputWords>>): string {
  const mine = at.readerRanges.length
    ? `, with your range${at.readerRanges.length > 1 ? 's' : ''} for ${at.readerRanges.map((f) => lower(words[f]?.short ?? f)).join(' and ')}`
    : '';
  if (at.changed.length === 0) return `at the page’s values${mine}`;
  const shown = at.changed
    .slice(0, 3)
    .map((c) => `${lower(c.short)} ${formatValue(c.value, { format: words[c.field]?.format ?? 'compact' })}`);
  const more = at.changed.length > 3 ? ` and ${at.changed.length - 3} more` : '';
  return `at your values (${shown.join(', ')}${more})${mine}`;
}

// ---- Bands ------------------------------------------------------------------------------------------

function bandValue(v: number | null, b: BandsData['bands'][number], u: OutputUnits): string {
  return v === null ? 'none' : formatWithUnits(v, { format: b.headline.format }, u);
}

/**
 * How many significant figures a band's 5th and 95th percentiles support at `samples` draws. Each rests on the
 * 5 % of draws in its tail, k = 0.05 n of them; between seeds the nearest rank moves by about √(n × 0.05 × 0.95)
 * ≈ √k, a share 1 ÷ √k of the tail, and the end moves with it. With at least 100 draws in a tail (n ≥ 2 000) that is a tenth
 * or less, and two figures mean something (at the usual 5 000, 250 in a tail: about 6 %); with fewer, one figure
 * only (200 draws leave 10 in a tail, about 30 %: the locking page's lease band, whose ends moved that much
 * between seeds, review S3).
 */
export function bandFigures(samples: number): 1 | 2 {
  return 0.05 * samples >= 100 ? 2 : 1;
}

/** A percentile of a Monte Carlo, to the significant figures its draw count supports (bandFigures: two at 5 000, one at 200). */
function bandPercentile(v: number | null, b: BandsData['bands'][number], d: BandsData, u: OutputUnits): string {
  return bandValue(v === null ? null : Number(v.toPrecision(bandFigures(d.samples))), b, u);
}

export function bandsHasUnstable(d: BandsData): boolean {
  return d.bands.some((b) => b.unstable > 0);
}

export function bandsColumns(d: BandsData): string[] {
  return ['Output', 'Value', '5th pct.', 'Median', '95th pct.', ...(bandsHasUnstable(d) ? ['No steady state'] : [])];
}

/** One row per headline output: its name (a row header), then the values. */
export function bandsRows(d: BandsData, u: OutputUnits = PAGE_UNITS): string[][] {
  const unstable = bandsHasUnstable(d);
  return d.bands.map((b) => [
    capital(b.headline.label),
    bandValue(b.likely, b, u),
    bandPercentile(b.p5, b, d, u),
    bandPercentile(b.p50, b, d, u),
    bandPercentile(b.p95, b, d, u),
    ...(unstable ? [`${b.unstable} of ${d.samples}`] : []),
  ]);
}

export function bandsSentence(d: BandsData, u: OutputUnits = PAGE_UNITS): Part[] {
  const first = d.bands[0];
  const count = d.ranges.length;
  const parts: Part[] = [];
  if (first) {
    const where = d.at.changed.length ? 'your values' : 'the page’s values';
    const lead = `Drawing ${count === 1 ? 'the uncertain premise' : `each of the ${count} uncertain premises`} anywhere in its range (the ranges are in the assumptions table), the others at ${where}, nine draws in ten put ${first.headline.label} `;
    const low = bandPercentile(first.p5, first, d, u);
    const high = bandPercentile(first.p95, first, d, u);
    // a band whose ends read the same (a whole count the premises seldom move) is said as one value, not "between 55 and 55"
    if (low === high) parts.push(lead, 'at ', { strong: low }, `, against ${bandValue(first.likely, first, u)} at ${where}. `);
    else
      parts.push(
        lead,
        'between ',
        { strong: low },
        ' and ',
        { strong: high },
        `, against ${bandValue(first.likely, first, u)} at ${where}. `,
      );
    parts.push(heldWords(d.held, 'stay'));
  }
  const noSteady = d.bands.filter((b) => b.unstable > 0);
  if (noSteady.length > 0) {
    parts.push(
      `In ${noSteady.map((b) => `${b.unstable} of the ${d.samples} draws ${b.headline.label} has no steady state`).join('; ')}. `,
    );
  }
  return parts;
}

export function bandsCaption(d: BandsData, words: Parameters<typeof atWords>[1]): string {
  const n = d.samples.toLocaleString('en-US');
  const digits =
    bandFigures(d.samples) === 2
      ? 'percentiles to two significant figures'
      : `percentiles to one significant figure: rough, since ${n} draws leave ${Math.round(0.05 * d.samples)} in each tail`;
  return `A seeded Monte Carlo (${n} draws, seed ${d.seed}; ${digits}) ${atWords(d.at, words)}; it follows your edits to the panel.`;
}

// ---- Tornado ----------------------------------------------------------------------------------------

function tornadoOut(d: TornadoData, v: number | null, u: OutputUnits): string {
  return v === null ? 'no steady state' : formatWithUnits(v, { format: d.headline.format }, u);
}

export function tornadoSentence(d: TornadoData, u: OutputUnits = PAGE_UNITS): Part[] {
  const [top, next] = d.bars;
  if (!top) return [];
  const where = d.at.changed.length ? 'your values' : 'the page’s values';
  const inp = (b: { readonly inputFormat: Format }, v: number) => formatInput(b, v, u);
  // the widest swing is none: no input moves the output, and "moves it most" would name one at random
  if (top.swing === 0)
    return [
      `No uncertain input moves ${d.headline.label} at ${where}: it stays at ${tornadoOut(d, d.likely, u)} across every range.`,
    ];
  const parts: Part[] = [
    'Of the uncertain inputs, ',
    { strong: lower(top.short) },
    ` moves ${d.headline.label} most: from ${tornadoOut(d, top.atLow, u)} at its low (${inp(top, top.low)}) to ${tornadoOut(d, top.atHigh, u)} at its high (${inp(top, top.high)}), against ${tornadoOut(d, d.likely, u)} at ${where}.`,
  ];
  if (next && (next.swing === null || next.swing > 0)) {
    parts.push(` Next comes ${lower(next.short)} (${tornadoOut(d, next.atLow, u)} to ${tornadoOut(d, next.atHigh, u)}).`);
  }
  const still = d.bars.filter((b) => b !== top && b.swing === 0);
  if (still.length > 0) {
    parts.push(` ${capital(list(still.map((b) => lower(b.short))))} ${still.length > 1 ? 'do' : 'does'} not move it at all.`);
  }
  return parts;
}

export function tornadoCaption(d: TornadoData, words: Parameters<typeof atWords>[1]): string {
  return `Each uncertain premise swung from the low to the high of its range, every other input ${atWords(d.at, words)}; the widest swing on top. ${heldWords(d.held, 'are held')}It follows your edits to the panel.`;
}

// ---- What breaks first ------------------------------------------------------------------------------

const times = (m: number) => `${formatValue(m, { format: 'decimal' })}×`;

export function breaksSentence(d: BreaksData): Part[] {
  const first = d.order.find((o) => o.id === d.firstId && o.multiple !== null);
  const rest = d.order.filter((o) => o !== first);
  const never = rest.filter((o) => o.multiple === null);
  const later = rest.filter((o) => o.multiple !== null);
  const same = (m: number | null) =>
    m !== null && first?.multiple != null && Math.abs(m - first.multiple) <= 1e-6 * first.multiple;
  // the search starts at d.from: a component already past 100 % there saturates at some smaller multiple, not at it
  const atFloor = (m: number | null) => m !== null && m <= d.from * (1 + 1e-9);
  const at = (m: number) => (atFloor(m) ? `below ${times(d.from)}` : `at ${times(m)}`);
  const parts: Part[] = [];
  if (first && first.multiple !== null) {
    parts.push(`Scaling the ${d.load} with everything built for today held fixed, `, { strong: first.name }, ' ');
    if (atFloor(first.multiple))
      parts.push('is already saturated today: it reaches 100 % below ', { strong: times(d.from) }, ` today’s ${d.load}`);
    else if (first.multiple < 1)
      parts.push('is already saturated today: it reaches 100 % at ', { strong: times(first.multiple) }, ` today’s ${d.load}`);
    else parts.push('saturates first, at ', { strong: times(first.multiple) }, ` today’s ${d.load}`);
    if (later.length > 0) {
      parts.push(
        `; then ${later.map((o) => `${o.name} ${atFloor(o.multiple) ? at(o.multiple ?? 0) : same(o.multiple) ? 'at the same multiple' : at(o.multiple ?? 0)}`).join(', then ')}`,
      );
    }
    parts.push('.');
  } else {
    parts.push(`Nothing saturates below ${times(d.upTo)} today’s ${d.load}.`);
  }
  if (never.length > 0) {
    parts.push(
      ` ${capital(never.map((o) => o.name).join(' and '))} ${never.length > 1 ? 'do' : 'does'} not saturate below ${times(d.upTo)}.`,
    );
  }
  return parts;
}

export function breaksCaption(d: BreaksData, words: Parameters<typeof atWords>[1]): string {
  return `Each component’s utilisation as the ${d.load} grows; it saturates at the line (100 %), and the dot marks the first. Found by bisection on the model ${atWords(d.at, words)}; it follows your edits to the panel. Drag the marker (or focus it and use the arrow keys) to read every component at another load.`;
}

/** The chart's text alternative. */
export function breaksLabel(d: BreaksData): string {
  return `Utilisation of each component against a multiple of today’s ${d.load}. ${d.order
    .map(
      (o) =>
        `${o.name}: ${o.today === null ? 'no steady state' : formatValue(o.today, { format: 'percent' })} today, saturates at ${o.multiple === null ? `not below ${times(d.upTo)}` : times(o.multiple)}`,
    )
    .join('; ')}.`;
}

export function tornadoLabel(d: TornadoData, u: OutputUnits = PAGE_UNITS): string {
  return `Tornado chart: ${d.headline.label} as each uncertain input swings across its range. ${d.bars
    .map((b) => `${b.label}: ${tornadoOut(d, b.atLow, u)} at its low, ${tornadoOut(d, b.atHigh, u)} at its high`)
    .join('; ')}.`;
}
