/**
 * The bands, tornado and what-breaks-first figures as plain data, computed one way at build time and in the
 * browser. At build the components (<Bands>, <Tornado>, <BreaksFirst>) turn the module's result into data
 * with `bandsData` / `tornadoData` / `breaksData` and embed a `FigureConfig` (JSON) saying how to compute it
 * again; in the browser a module worker (src/client/live-figures-worker.ts) runs `computeFigure` with that
 * config at the reader's values each time the scenario is shown anew (`lb:scenario`), through the same
 * `bands` / `sensitivity` / `breaksFirst` calls and the same seed, so the default page and a recompute at
 * the defaults are the same numbers. The words (src/lib/figure-words.ts) and the charts are drawn from the
 * data alone, so no model is needed on the main thread.
 *
 * Ranges at the reader's values: a declared range is a width around the page's value. When the reader
 * moves that input, the range moves with it (a log range keeps its ratios, low ÷ likely and high ÷ likely;
 * a linear one its offsets), clipped to what the model accepts; a range the reader gives (low / high
 * around the panel's value, src/lib/reader-ranges.ts) replaces the declared one for that input.
 */
import type { Model } from '../../models/model.ts';
import { inputJsonSchema } from '../../models/problems.ts';
import { bands, type Band, type Bands, type Headline } from './bands.ts';
import { breaksFirst, growthCurve, type BreaksFirst, type GrowthSpec } from './breaks-first.ts';
import type { Format } from './format.ts';
import { chartMultiples, markerMultiples } from './load-multiples.ts';
import type { Range, RangeScale, Ranges } from './ranges.ts';
import type { Scenario } from './scenario.ts';
import { describeInput, sensitivity, type Bar, type Sensitivity } from './sensitivity.ts';

/** How an input is named and its values written in a figure's words. */
export interface InputWords {
  readonly short: string;
  readonly format: Format;
}

interface Common {
  /** the scenario whose `lb:scenario` events the figure follows */
  readonly scenario: string;
  readonly model: string;
  /** the model's area (models/<area>/), for the worker to load it */
  readonly area: string;
  /** the page's inputs (every input the model computed from): what "your values" are compared with */
  readonly page: Readonly<Record<string, unknown>>;
  /** words for the inputs the reader may change */
  readonly words: Readonly<Record<string, InputWords>>;
}
export interface BandsConfig extends Common {
  readonly kind: 'bands';
  readonly ranges: Readonly<Record<string, Range>>;
  readonly headlines: readonly Headline[];
  readonly samples: number;
  readonly seed: number;
}
export interface TornadoConfig extends Common {
  readonly kind: 'tornado';
  readonly ranges: Readonly<Record<string, Range>>;
  readonly headline: Headline;
}
/** Another scenario a what-breaks-first check reads (GrowthSpec.also): what the worker needs to rebuild it. */
export interface OtherConfig {
  readonly name: string;
  readonly model: string;
  readonly area: string;
  /** its inputs on the page, used until the reader's edits show others */
  readonly page: Readonly<Record<string, unknown>>;
  readonly links: Scenario['links'];
}
export interface BreaksConfig extends Common {
  readonly kind: 'breaks-first';
  readonly spec: GrowthSpec;
  /** the scenarios the spec's `also` names (none for most) */
  readonly others: readonly OtherConfig[];
  /** what the load is, in words that finish "× today's …" */
  readonly load: string;
}
export type FigureConfig = BandsConfig | TornadoConfig | BreaksConfig;

/** A range the reader gave for an input (base units): the likely value is the panel's. */
export interface ReaderRange {
  readonly low: number;
  readonly high: number;
}

/** Where a figure was computed: the inputs that differ from the page's, and the inputs with the reader's ranges. */
export interface At {
  readonly changed: readonly { readonly field: string; readonly short: string; readonly value: number }[];
  readonly readerRanges: readonly string[];
}

export interface RangeUsed {
  readonly field: string;
  readonly low: number;
  readonly high: number;
  /** the reader's, not the declared one (moved or not) */
  readonly reader: boolean;
}

/** What the bands and the tornado both say besides their numbers: the choices they held, and where they were computed. */
interface RangedData {
  /** the short names of the ranged choices held at the scenario's values */
  readonly held: readonly string[];
  readonly at: At;
}
export interface BandsData extends RangedData {
  readonly kind: 'bands';
  readonly bands: readonly Band[];
  readonly samples: number;
  readonly seed: number;
  readonly ranges: readonly RangeUsed[];
}
export interface TornadoData extends RangedData {
  readonly kind: 'tornado';
  readonly headline: Headline;
  readonly likely: number;
  readonly bars: readonly Bar[];
}
export interface Curve {
  readonly multiple: number;
  readonly utilizations: readonly (number | null)[];
}
export interface BreaksData {
  readonly kind: 'breaks-first';
  readonly load: string;
  readonly checks: readonly { readonly id: string; readonly name: string }[];
  readonly from: number;
  readonly upTo: number;
  readonly order: readonly {
    readonly id: string;
    readonly name: string;
    readonly today: number | null;
    readonly multiple: number | null;
  }[];
  readonly firstId: string | null;
  /** the chart's grid (src/charts/breaks-first.ts multiples) */
  readonly curve: readonly Curve[];
  /** where the load marker can stand: round multiples across the chart, 1 among them */
  readonly steps: readonly Curve[];
  readonly at: At;
}
export type FigureData = BandsData | TornadoData | BreaksData;

const NO_AT: At = { changed: [], readerRanges: [] };

/** The words for every number input of a model (schema description up to its first aside, and format). */
export function inputWords(model: Model, page: Readonly<Record<string, unknown>>): Record<string, InputWords> {
  const out: Record<string, InputWords> = {};
  for (const [field, v] of Object.entries(page)) {
    if (typeof v !== 'number') continue;
    const d = describeInput(model, field);
    out[field] = { short: d.short, format: d.inputFormat };
  }
  return out;
}

function common(s: Scenario<unknown>, area: string): Common {
  return { scenario: s.name, model: s.modelId, area, page: s.resolved, words: inputWords(s.model, s.resolved) };
}

export function bandsConfig(b: Bands, area: string): BandsConfig {
  return {
    kind: 'bands',
    ...common(b.scenario, area),
    ranges: b.declared.ranges,
    headlines: b.bands.map((x) => x.headline),
    samples: b.samples,
    seed: b.seed,
  };
}

export function tornadoConfig(s: Sensitivity, area: string): TornadoConfig {
  return { kind: 'tornado', ...common(s.scenario, area), ranges: s.ranges.ranges, headline: s.headline };
}

/** The other scenarios of a result (`others`, where breaksFirst reads scenarios besides the scaled one). */
function othersOf(b: BreaksFirst): readonly Scenario<unknown>[] {
  return (b as { others?: readonly Scenario<unknown>[] }).others ?? [];
}

export function breaksConfig(
  b: BreaksFirst,
  load: string,
  area: string,
  areaOf: (model: string) => string = () => area,
): BreaksConfig {
  const others = othersOf(b).map((o) => ({
    name: o.name,
    model: o.modelId,
    area: areaOf(o.modelId),
    page: o.resolved,
    links: o.links,
  }));
  return { kind: 'breaks-first', ...common(b.scenario, area), spec: b.spec, others, load };
}

/** breaksFirst with the other scenarios its spec names (a third argument where breaks-first.ts takes one). */
const breaksWith: (s: Scenario<unknown>, spec: GrowthSpec, others?: readonly Scenario<unknown>[]) => BreaksFirst = breaksFirst;

/** The ranges a figure drew from: its premises (a choice is held at the scenario's value, not drawn). */
function rangesUsed(r: Ranges, reader: ReadonlySet<string>): RangeUsed[] {
  return Object.entries(r.ranges)
    .filter(([, x]) => x.kind === 'premise')
    .map(([field, x]) => ({ field, low: x.low, high: x.high, reader: reader.has(field) }));
}

/** The held choices (by their short names) and `at` of a bands or tornado result. */
function rangedData(r: { readonly scenario: Scenario<unknown>; readonly held: readonly string[] }, at: At): RangedData {
  return { held: r.held.map((f) => describeInput(r.scenario.model, f).short), at };
}

export function bandsData(b: Bands, at: At = NO_AT): BandsData {
  const ranges = rangesUsed(b.ranges, new Set(at.readerRanges));
  return { kind: 'bands', ...rangedData(b, at), bands: b.bands, samples: b.samples, seed: b.seed, ranges };
}

export function tornadoData(s: Sensitivity, at: At = NO_AT): TornadoData {
  return { kind: 'tornado', ...rangedData(s, at), headline: s.headline, likely: s.likely, bars: s.bars };
}

export function breaksData(b: BreaksFirst, load: string, at: At = NO_AT): BreaksData {
  const order = b.order.map((o) => ({ id: o.check.id, name: o.check.name, today: o.today, multiple: o.multiple }));
  const grid = chartMultiples({ order, upTo: b.upTo });
  const lo = grid[0] ?? 0.1;
  const hi = grid[grid.length - 1] ?? 10;
  return {
    kind: 'breaks-first',
    load,
    checks: b.spec.checks.map((c) => ({ id: c.id, name: c.name })),
    from: b.from,
    upTo: b.upTo,
    order,
    firstId: b.first?.check.id ?? null,
    curve: growthCurve(b, grid),
    steps: growthCurve(b, markerMultiples(Math.max(lo, b.from), Math.min(hi, b.upTo))),
    at,
  };
}

/** A scenario at the reader's values, as the worker has them (no links: the inputs are already resolved). */
export function liveScenario(
  name: string,
  model: Model,
  input: Readonly<Record<string, unknown>>,
  output: Readonly<Record<string, unknown>>,
): Scenario<unknown> {
  return {
    name,
    model,
    modelId: model.id,
    inputs: input,
    resolved: input,
    output: output,
    derived: [],
    links: [],
    followers: [],
  };
}

type Bound = { minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number };

/** A declared range moved to the reader's value of its input (ratios on a log range, offsets on a linear one), clipped to the schema. */
export function moveRange(range: Range, value: number, bound: Bound = {}): Range {
  if (value === range.likely) return range;
  const log = range.scale === 'log' && value > 0 && range.likely > 0;
  let low = log ? range.low * (value / range.likely) : range.low + (value - range.likely);
  let high = log ? range.high * (value / range.likely) : range.high + (value - range.likely);
  const min = bound.minimum ?? (bound.exclusiveMinimum !== undefined ? bound.exclusiveMinimum + 1e-9 : -Infinity);
  const max = bound.maximum ?? (bound.exclusiveMaximum !== undefined ? bound.exclusiveMaximum - 1e-9 : Infinity);
  low = Math.min(value, Math.max(min, low));
  high = Math.max(value, Math.min(max, high));
  if (range.integer) {
    low = Math.ceil(low - 1e-9);
    high = Math.floor(high + 1e-9);
  }
  const scale: RangeScale = range.scale === 'log' && low > 0 ? 'log' : 'linear';
  return { ...range, low, high, likely: value, scale };
}

/** A range the reader gave, as the draws take it: log when it spans a factor of ten or more, as declared ranges default. */
export function readerRange(r: ReaderRange, value: number, integer: boolean): Range {
  return {
    low: r.low,
    high: r.high,
    likely: value,
    why: 'your range',
    scale: r.low > 0 && r.high / r.low >= 10 ? 'log' : 'linear',
    integer,
    // a range the reader gives is an uncertainty they want drawn, even on an input the page holds as a choice
    kind: 'premise',
  };
}

/** The ranges at the reader's values: each declared range moved to the reader's value, or the reader's own. */
export function rangesAt(
  s: Scenario<unknown>,
  declared: Readonly<Record<string, Range>>,
  reader: Readonly<Record<string, ReaderRange>> = {},
): Ranges {
  const props = (inputJsonSchema(s.model.input).properties ?? {}) as Record<string, Bound & { type?: unknown }>;
  const out: Record<string, Range> = {};
  for (const [field, range] of Object.entries(declared)) {
    const value = s.resolved[field];
    if (typeof value !== 'number') continue;
    const mine = reader[field];
    out[field] = mine ? readerRange(mine, value, range.integer) : moveRange(range, value, props[field]);
  }
  // A range the reader gave for an input the page left unranged joins the draws too.
  for (const [field, mine] of Object.entries(reader)) {
    const value = s.resolved[field];
    if (field in out || typeof value !== 'number') continue;
    out[field] = readerRange(mine, value, props[field]?.type === 'integer');
  }
  return { scenario: s, ranges: out };
}

/** Which inputs differ from the page's, and which ranges are the reader's. */
export function atOf(
  config: Pick<Common, 'page' | 'words'>,
  input: Readonly<Record<string, unknown>>,
  reader: Readonly<Record<string, ReaderRange>> = {},
  ranged: readonly string[] = [],
): At {
  const changed = Object.entries(config.words).flatMap(([field, w]) => {
    const v = input[field];
    return typeof v === 'number' && v !== config.page[field] ? [{ field, short: w.short, value: v }] : [];
  });
  return { changed, readerRanges: Object.keys(reader).filter((f) => ranged.includes(f) || typeof input[f] === 'number') };
}

/** Another scenario as the worker has it: its model, and its inputs as the page now shows them. */
export interface OtherNow {
  readonly config: OtherConfig;
  readonly model: Model;
  readonly input: Readonly<Record<string, unknown>>;
}

/**
 * A figure at the reader's values: what the worker runs, with the config the component embedded. A
 * what-breaks-first check that reads other scenarios gets them rebuilt from `others` (their links kept, so
 * breaksFirst recomputes what follows the scaled scenario at each multiple).
 */
export function computeFigure(
  config: FigureConfig,
  model: Model,
  input: Readonly<Record<string, unknown>>,
  output: Readonly<Record<string, unknown>>,
  reader: Readonly<Record<string, ReaderRange>> = {},
  others: readonly OtherNow[] = [],
): FigureData {
  const s = liveScenario(config.scenario, model, input, output);
  if (config.kind === 'breaks-first') {
    const rebuilt = others.map((o) => ({ ...liveScenario(o.config.name, o.model, o.input, {}), links: o.config.links }));
    return breaksData(breaksWith(s, config.spec, rebuilt), config.load, atOf(config, input));
  }
  const r = rangesAt(s, config.ranges, reader);
  const at = atOf(config, input, reader, Object.keys(config.ranges));
  if (config.kind === 'bands') return bandsData(bands(r, config.headlines, { samples: config.samples, seed: config.seed }), at);
  return tornadoData(sensitivity(r, config.headline), at);
}
