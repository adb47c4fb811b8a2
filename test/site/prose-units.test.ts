/**
 * Units of the results reach the prose (issue 13): a rate or a cost that says its own time
 * (`<Value … per="second" noun="requests" />`, src/lib/per.ts) is rewritten with its words under every
 * choice of the reader, to the same quantity; and every case-study page is read under every choice: no
 * "NaN", no time said twice ("requests a second a second", "/s per second"), no "$$", and no number of a
 * rate or a monthly cost left in the sentence's unit (it would keep "a second" while its neighbours moved to
 * "a minute", and the sentence would lie).
 *
 * Definitions: a minute is 60 s, a day 86 400 s; a year of money is 12 of the model's months (the cost
 * model's month is AWS's 730 h: 12 × 730 h = 8 760 h = 365 days).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inputJsonSchema } from '../../models/problems.ts';
import { formatValue, type Format, type FormatOptions } from '../../src/lib/format.ts';
import { formatWithUnits, OUTPUT_UNIT_MENUS, PAGE_UNITS, type OutputUnits } from '../../src/lib/output-units.ts';
import { convertPer, isPer, nounFor, perKind, pers, SINGULAR, type Per, type PerTime } from '../../src/lib/per.ts';
import { valueAt, type Scenario } from '../../src/lib/scenario.ts';

/** Every combination of the reader's choices (4 × 2 × 3 × 3 = 72). */
const everyChoice: OutputUnits[] = OUTPUT_UNIT_MENUS.rate.flatMap(([rate]) =>
  OUTPUT_UNIT_MENUS.size.flatMap(([size]) =>
    OUTPUT_UNIT_MENUS.duration.flatMap(([duration]) =>
      OUTPUT_UNIT_MENUS.money.map(([money]) => ({ rate, size, duration, money })),
    ),
  ),
);

/** Reads a number back from the words it is written with ("288 million", "12,400", "$1.22 million"). */
function readBack(text: string): number {
  const m = /^(−)?\$?([\d,.]+)(?: (million|billion|trillion))?/.exec(text);
  if (!m) throw new Error(`no number in "${text}"`);
  const scale = { million: 1e6, billion: 1e9, trillion: 1e12 }[m[3] ?? ''] ?? 1;
  return (m[1] ? -1 : 1) * Number((m[2] ?? '').replaceAll(',', '')) * scale;
}

const secondsIn: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86_400 };

describe('a rate or a cost that says its own time', () => {
  it('is written with its words, in the page’s unit by default', () => {
    expect(formatValue(4_800_000, { format: 'compact', per: 'second', noun: 'requests' })).toBe('4.8 million requests a second');
    expect(formatValue(12_400, { format: 'integer', per: '/s' })).toBe('12,400\u00a0/s');
    expect(formatValue(12_400, { format: 'integer', per: '/s', noun: 'rows' })).toBe('12,400 rows/s');
    expect(formatValue(402_000, { format: 'usd', per: 'month' })).toBe('$402,000 a month');
    expect(formatValue(0.3, { format: 'decimal', per: 'day', noun: 'times' })).toBe('0.3 times a day');
    // a per-second quota said per minute, as its provider publishes it: 10 000/s = 600 000 a minute
    expect(formatValue(10_000, { format: 'integer', per: 'minute', over: 'second', noun: 'messages' })).toBe(
      '600,000 messages a minute',
    );
    // a missing value keeps its words, so the sentence still reads
    expect(formatValue(null, { format: 'integer', per: 'second', noun: 'requests' })).toBe('— requests a second');
  });

  it('follows the reader’s choice: the same quantity per minute, per day, per year', () => {
    const u = (text: Partial<OutputUnits>): OutputUnits => ({ ...PAGE_UNITS, ...text });
    const rps = { format: 'compact', per: 'second', noun: 'requests' } as const;
    // 4.8 million a second × 60 = 288 million a minute; × 86 400 = 414.72 billion a day
    expect(formatWithUnits(4_800_000, rps, u({ rate: 'min' }))).toBe('288 million requests a minute');
    expect(formatWithUnits(4_800_000, rps, u({ rate: 'day' }))).toBe('415 billion requests a day');
    expect(formatWithUnits(4_800_000, rps, u({ rate: 's' }))).toBe('4.8 million requests a second');
    // a table's symbol stays a symbol: 12 400 /s = 744 000 /min
    expect(formatWithUnits(12_400, { format: 'integer', per: '/s' }, u({ rate: 'min' }))).toBe('744,000\u00a0/min');
    // a count a day, per second: 1.2 billion a day ÷ 86 400 = 13 889 a second
    expect(formatWithUnits(1.2e9, { format: 'compact', per: 'day', noun: 'requests' }, u({ rate: 's' }))).toBe(
      '13,889 requests a second',
    );
    // money: $402 000 a month × 12 = $4.82 million a year; $500 million a year ÷ 12 = $41.7 million a month
    expect(formatWithUnits(402_000, { format: 'usd', per: 'month' }, u({ money: 'year' }))).toBe('$4.82 million a year');
    expect(formatWithUnits(500e6, { format: 'usd', per: 'year' }, u({ money: 'month' }))).toBe('$41.7 million a month');
    expect(formatWithUnits(2803.2, { format: 'usd', per: 'month' }, u({ money: 'year' }))).toBe('$33,638 a year');
    // the rate choice leaves money alone and the money choice leaves rates alone
    expect(formatWithUnits(402_000, { format: 'usd', per: 'month' }, u({ rate: 'day' }))).toBe('$402,000 a month');
    expect(formatWithUnits(12_400, { format: 'integer', per: 'second' }, u({ money: 'year' }))).toBe('12,400 a second');
    // the quota said per minute reads per second when the reader asks for seconds
    expect(
      formatWithUnits(10_000, { format: 'integer', per: 'minute', over: 'second', noun: 'messages' }, u({ rate: 's' })),
    ).toBe('10,000 messages a second');
  });

  it('with the page’s choice, reads exactly as the build wrote it (fast-check)', () => {
    const options = fc.constantFrom<FormatOptions>(
      { format: 'integer', per: 'second', noun: 'requests' },
      { format: 'compact', per: 'day' },
      { format: 'decimal', per: '/s' },
      { format: 'usd', per: 'month' },
      { format: 'usd', per: 'year' },
      { format: 'integer', per: 'minute', over: 'second' },
    );
    fc.assert(
      fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), options, (v, o) => {
        expect(formatWithUnits(v, o, PAGE_UNITS)).toBe(formatValue(v, o));
      }),
    );
  });

  it('reads back, in every unit of every choice, to the same base value (fast-check)', () => {
    // The text is rounded to 3 significant digits (integers below a million in full), so it reads back to the
    // base value within half a unit of its last digit: 0.5 % relative at most.
    const pers: Per[] = ['second', '/s', 'minute', 'day', 'month', 'year'];
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e13, noNaN: true }),
        fc.constantFrom(...pers),
        fc.constantFrom(...everyChoice),
        (v, per, u) => {
          const money = per === 'month' || per === 'year';
          const options: FormatOptions = money ? { format: 'usd', per } : { format: 'compact', per, noun: 'calls' };
          const text = formatWithUnits(v, options, u);
          expect(text).not.toMatch(/NaN|Infinity|undefined/);
          const said = /(?:a|an) (second|minute|hour|day|month|year)$|\/(s|min|h|day)$/.exec(text);
          expect(said, text).not.toBeNull();
          const time = (said?.[1] ?? { s: 'second', min: 'minute', h: 'hour', day: 'day' }[said?.[2] ?? 's']) as PerTime;
          const back = convertPer(readBack(text), time, pers_time(per));
          // money is written to the cent below $10 000: half a cent off at most
          const slack = Math.max(0.005 * v, money ? convertPer(0.005, time, pers_time(per)) : 0);
          expect(Math.abs(back - v), `${v} ${per} → ${text}`).toBeLessThanOrEqual(slack * (1 + 1e-9));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('converts by the definitions: 60 s a minute, 86 400 s a day, 12 months a year', () => {
    expect(convertPer(2, 'second', 'minute')).toBe(120);
    expect(convertPer(86_400, 'day', 'second')).toBe(1);
    expect(convertPer(1, 'hour', 'day')).toBe(24);
    expect(convertPer(100, 'month', 'year')).toBe(1200);
    expect(convertPer(1200, 'year', 'month')).toBe(100);
    expect(() => convertPer(1, 'second', 'month')).toThrow(/cannot count/);
    for (const [a, sa] of Object.entries(secondsIn)) {
      for (const [b, sb] of Object.entries(secondsIn)) {
        expect(convertPer(1, a as PerTime, b as PerTime)).toBeCloseTo(sb / sa, 12);
      }
    }
  });
});

describe('a number that reads 1 takes the singular', () => {
  it('says "1 request a second", and the plural for every other number as written', () => {
    const rps = { format: 'integer', per: 'second', noun: 'requests' } as const;
    expect(formatValue(1, rps)).toBe('1 request a second');
    expect(formatValue(0.9996, { ...rps, format: 'compact' })).toBe('1 request a second'); // written "1"
    expect(formatValue(0, rps)).toBe('0 requests a second'); // English: zero takes the plural
    expect(formatValue(1.5, { ...rps, format: 'decimal' })).toBe('1.5 requests a second');
    expect(formatValue(0.5, { ...rps, format: 'decimal' })).toBe('0.5 requests a second');
    expect(formatValue(1_000_000, { ...rps, format: 'compact' })).toBe('1 million requests a second');
    expect(formatValue(null, rps)).toBe('— requests a second');
    expect(formatValue(1, { format: 'integer', per: '/s', noun: 'rows' })).toBe('1 row/s');
    expect(formatValue(1, { format: 'integer', per: 'day', noun: 'broadcast pushes' })).toBe('1 broadcast push a day');
    // converted to the reader's time: 1/60 a second is 1 a minute
    expect(formatWithUnits(1 / 60, rps, { ...PAGE_UNITS, rate: 'min' })).toBe('1 request a minute');
    expect(formatWithUnits(1, rps, { ...PAGE_UNITS, rate: 'min' })).toBe('60 requests a minute');
    // a per-second quota said per minute: 1/60 a second is written "1 … a minute"
    expect(formatValue(1 / 60, { format: 'integer', per: 'minute', over: 'second', noun: 'messages' })).toBe(
      '1 message a minute',
    );
    expect(nounFor('unknown things', '1')).toBe('unknown things'); // no declared singular: kept (the pages' test forbids it)
  });
});

function pers_time(p: Per): PerTime {
  return pers[p].time;
}

// ————— the pages, read under every choice —————

const dir = join(import.meta.dirname, '..', '..', 'case-studies');
const slugs = readdirSync(dir)
  .filter((f) => /^[^_].*\.mdx$/.test(f))
  .map((f) => f.replace(/\.mdx$/, ''));

interface Bound {
  readonly line: number;
  readonly tag: string;
  readonly scenario: Scenario;
  readonly path: string;
  readonly from: 'input' | 'output';
  readonly options: FormatOptions;
  readonly before: string;
  readonly after: string;
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}=(?:"([^"]*)"|\\{([^}]*)\\})`).exec(tag);

/** Every <Value> on a page, with the scenario it is bound to and the words around it (tags stripped). */
async function boundValues(slug: string): Promise<Bound[]> {
  const page = readFileSync(join(dir, `${slug}.mdx`), 'utf8');
  const study = (await import(`../../case-studies/${slug}.ts`)) as Record<string, unknown>;
  const out: Bound[] = [];
  const words = (s: string) =>
    s
      .replace(/<Value(?:[^>"]|"[^"]*")*?\/>/g, '0')
      .replace(/<[^>]*>/g, '')
      .replace(/\s+/g, ' ');
  for (const m of page.matchAll(/<Value((?:[^>"]|"[^"]*")*?)\/>/g)) {
    const tag = m[0];
    const of = attr(tag, 'of')?.[2]?.replace(/^study\./, '') ?? '';
    const scenario = study[of] as Scenario | undefined;
    if (!scenario) throw new Error(`${slug}: <Value of={${of}}> is not an export of the module`);
    const field = attr(tag, 'field')?.[1];
    const input = attr(tag, 'input')?.[1];
    // a path computed in the page (`field={`steps.${i}.time`}` in a loop over a trace): not a rate, not read here
    if (field === undefined && input === undefined) continue;
    const per = attr(tag, 'per')?.[1];
    const digits = attr(tag, 'digits')?.[2];
    out.push({
      line: page.slice(0, m.index).split('\n').length,
      tag,
      scenario,
      path: field ?? input ?? '',
      from: input ? 'input' : 'output',
      options: {
        format: attr(tag, 'format')?.[1] as Format | undefined,
        unit: attr(tag, 'unit')?.[1] as FormatOptions['unit'],
        digits: digits ? Number(digits) : undefined,
        per: isPer(per) ? per : undefined,
        noun: attr(tag, 'noun')?.[1],
        over: attr(tag, 'over')?.[1] as PerTime | undefined,
      },
      before: words(page.slice(Math.max(0, m.index - 40), m.index)),
      after: words(page.slice(m.index + tag.length, m.index + tag.length + 60)),
    });
  }
  return out;
}

/** The model's unit of a bound value: an input's schema unit, or a top-level output's declared unit. */
function unitOf(b: Bound): string | undefined {
  if (b.from === 'input') {
    const props = (inputJsonSchema(b.scenario.model.input).properties ?? {}) as Record<string, { unit?: string }>;
    return props[b.path]?.unit;
  }
  const outputs = b.scenario.model.outputs as Record<string, { unit?: string } | undefined>;
  return /^\w+$/.test(b.path) ? outputs[b.path]?.unit : undefined;
}

const TIME_SAID = /^\s*(?:[a-z]+ ){0,2}?(?:\/(?:s|min|h|day|month|year)\b|(?:a|an|per) (?:second|minute|hour|day|month|year)\b)/;

/**
 * Numbers of a rate left in their sentence's unit on purpose, each with why. Matched against the words before
 * the number and its path: `Payments a day | ⟨paymentsPerDay⟩`.
 */
const NOT_A_RATE_TO_MOVE: readonly RegExp[] = [
  // calls per Redis CPU-second: a cost of CPU time, not a rate over the clock ("a minute" would be false)
  /⟨opsPerPrimary⟩$/,
  // payments' derivation table: the rows are the steps year → day → second ("÷ 365", "÷ 86 400"), each named by
  // its unit; written in one chosen unit they would repeat each other and the steps would not show
  /\| Payments a (?:day|second, on average) \| ⟨paymentsPer(?:Day|Second)⟩$/,
  /\| Payments a day, average merchant \| ⟨paymentsPerMerchantPerDay⟩$/,
  // the rows in one day's settlement file: a count in a file, not a rate
  /a day's file has ⟨reconciliationRowsPerDay⟩$/,
];

describe.each(slugs)('%s: every sentence under every choice of units', { timeout: 60_000 }, (slug) => {
  it('has no NaN, no time said twice, no "$$", and follows the choice with its words', async () => {
    const bound = await boundValues(slug);
    expect(bound.length).toBeGreaterThan(50);
    for (const b of bound) {
      const value = valueAt(b.scenario, b.path, b.from);
      const where = `${slug}.mdx:${b.line} ${b.tag}`;
      for (const u of everyChoice) {
        const text = formatWithUnits(value, b.options, u);
        expect(text, where).not.toMatch(/NaN|Infinity|undefined|\[object/);
        if (b.options.per) {
          expect(`${text}${b.after}`, where).not.toMatch(
            /(?:second|minute|hour|day|month|year|\/s|\/min|\/day)\s+(?:a|an|per) (?:second|minute|hour|day|month|year)\b/,
          );
          expect(b.after, where).not.toMatch(TIME_SAID);
          expect(b.before, where).not.toMatch(/\$\s*$/);
        }
      }
    }
  });

  it('writes each counted noun in the singular exactly when its number reads 1, under every choice', async () => {
    const counted = (await boundValues(slug)).filter((b) => b.options.noun !== undefined);
    for (const b of counted) {
      const noun = b.options.noun ?? '';
      const where = `${slug}.mdx:${b.line} ${b.tag}`;
      expect(SINGULAR[noun], `${where}: declare the singular of "${noun}" in src/lib/per.ts SINGULAR`).toBeDefined();
      if (b.options.per !== undefined) continue;
      // a count without a time ("3 replicas"): the noun follows the number, singular exactly when it reads 1
      const singular = SINGULAR[noun] ?? '';
      const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const said = new RegExp(`^(.*) (${esc(noun)}|${esc(singular)})$`);
      for (const v of [valueAt(b.scenario, b.path, b.from), 1, 2]) {
        const text = formatValue(v, b.options);
        const m = said.exec(text);
        expect(m, `${where}: "${text}"`).not.toBeNull();
        const one = /^[−-]?1$/.test(m?.[1] ?? '');
        expect(m?.[2], `${where}: "${text}"`).toBe(one ? singular : noun);
        if (v === 1) expect(one, `${where}: "${text}" should read 1`).toBe(true);
      }
    }
    const bound = counted.filter((b) => b.options.per !== undefined);
    for (const b of bound) {
      const noun = b.options.noun ?? '';
      const where = `${slug}.mdx:${b.line} ${b.tag}`;
      const per = b.options.per as Per;
      const own = b.options.over ?? pers[per].time;
      const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const said = new RegExp(`^(.*?) (${esc(noun)}|${esc(SINGULAR[noun] ?? '')})(?=\\/| |$)`);
      for (const u of everyChoice) {
        const time: PerTime =
          perKind(per) === 'money' || u.rate === 'auto'
            ? pers[per].time
            : ({ s: 'second', min: 'minute', day: 'day' } as const)[u.rate];
        // the page's value, and the value this choice writes as "1" (1 of the chosen time, in the model's own)
        for (const v of [valueAt(b.scenario, b.path, b.from), convertPer(1, time, own)]) {
          const text = formatWithUnits(v, b.options, u);
          const m = said.exec(text);
          expect(m, `${where}: "${text}"`).not.toBeNull();
          const one = /^[−-]?1$/.test(m?.[1] ?? '');
          expect(m?.[2], `${where}: "${text}"`).toBe(one ? SINGULAR[noun] : noun);
          if (v !== valueAt(b.scenario, b.path, b.from)) expect(one, `${where}: "${text}" should read 1`).toBe(true);
        }
      }
    }
  });

  it('lets no rate (a model value per second) or monthly cost keep a unit written in its sentence', async () => {
    const bound = await boundValues(slug);
    const left = bound.filter((b) => {
      if (b.options.per || b.options.unit || NOT_A_RATE_TO_MOVE.some((r) => r.test(`${b.before.trimEnd()} ⟨${b.path}⟩`)))
        return false;
      // a format that writes its own unit (a byte rate in Mbit/s, a duration, a share) is not in the sentence's
      if (['bitrate', 'bytes', 'duration', 'percent', 'boolean'].includes(b.options.format ?? '')) return false;
      const unit = unitOf(b);
      const named = /PerSecond$|Rate$|PerDay$|PerMonth$|UsdPerMonth$/.test(b.path.replace(/^.*\./, ''));
      return unit === '1/s' || (named && unit !== 'fraction' && unit !== 's' && unit !== 'B');
    });
    expect(left.map((b) => `${slug}.mdx:${b.line} ${b.tag} …${b.after}`)).toEqual([]);
  });
});
