/**
 * A number in the prose that is "so many a second" (or a minute, a day, a month, a year) and says so itself,
 * so the reader's choice of units (src/lib/output-units.ts) can rewrite the number and its words together
 * without the sentence around it lying (issue 13):
 *   <Value of={traffic} field="flashPeakPerSecond" format="integer" per="second" noun="requests" />
 *     → "12,400 requests a second" (or, per minute, "744,000 requests a minute")
 *   <Value of={limiter} field="checksPerSecond" format="integer" per="/s" />  → "12,400 /s" (in a table)
 *   <Value of={cost} field="usdPerMonth" format="usd" per="month" />  → "$402,000 a month"
 * `per` names the time the model's value is counted over (models compute in per second; a few outputs are
 * per day, a month or a year by name: `requestsPerDay`, `usdPerMonth`) and how the page writes it: in words
 * ("a second") or as a symbol ("/s"). `noun` is the thing counted, said between the number and the time.
 *
 * Conventions: a minute is 60 s, an hour 3 600 s, a day 86 400 s; a year of money is 12 of the model's
 * months (the cost model's month is AWS's 730 hours, 12 of which are 8 760 h = 365 days; the notification
 * bill's month is its own "days in the month" input; the payments platform's month is its year ÷ 12), so
 * "per year" is exactly 12 × "per month" on every page, whichever month a model priced.
 */

/** The time a value is counted over, in words (prose) or as a symbol (tables). */
export const pers = {
  second: { time: 'second', words: 'a second' },
  minute: { time: 'minute', words: 'a minute' },
  hour: { time: 'hour', words: 'an hour' },
  day: { time: 'day', words: 'a day' },
  month: { time: 'month', words: 'a month' },
  year: { time: 'year', words: 'a year' },
  '/s': { time: 'second', symbol: '/s' },
  '/min': { time: 'minute', symbol: '/min' },
  '/h': { time: 'hour', symbol: '/h' },
  '/day': { time: 'day', symbol: '/day' },
  '/month': { time: 'month', symbol: '/month' },
  '/year': { time: 'year', symbol: '/year' },
} as const;

export type Per = keyof typeof pers;
export type PerTime = (typeof pers)[Per]['time'];

export function isPer(p: string | undefined): p is Per {
  return p !== undefined && Object.hasOwn(pers, p);
}

/** Counts over time, in seconds each; money over months (a year is 12 of them). */
const seconds: Partial<Record<PerTime, number>> = { second: 1, minute: 60, hour: 3600, day: 86_400 };
const months: Partial<Record<PerTime, number>> = { month: 1, year: 12 };

/** Whether a value counted over `per` is a count over time (a rate) or money over time. */
export function perKind(per: Per): 'rate' | 'money' {
  return seconds[pers[per].time] !== undefined ? 'rate' : 'money';
}

/** A value counted over `from` as counted over `to` (the same quantity): 2 a second = 120 a minute. */
export function convertPer(value: number, from: PerTime, to: PerTime): number {
  if (from === to) return value;
  const table = seconds[from] !== undefined ? seconds : months;
  const a = table[from];
  const b = table[to];
  if (a === undefined || b === undefined) throw new Error(`cannot count a ${from}'s value over a ${to}`);
  // multiply by the larger span first, so whole factors stay exact (2 a second × 60 = 120 a minute)
  return b >= a ? (value * b) / a : value / (a / b);
}

/** The same writing (words or symbol) for another time: `second` → `minute`, `/s` → `/min`. */
export function perFor(style: Per, time: PerTime): Per {
  const words = 'words' in pers[style];
  const found = (Object.keys(pers) as Per[]).find((p) => pers[p].time === time && 'words' in pers[p] === words);
  if (!found) throw new Error(`no way to write a ${time}`);
  return found;
}

/**
 * The singular of each noun a page counts with (`noun="requests"`), declared here once rather than guessed
 * (stripping an "s" gives "broadcast pushe"); test/site/prose-units.test.ts fails for a page noun missing here.
 */
export const SINGULAR: Readonly<Record<string, string>> = {
  acquisitions: 'acquisition',
  'API servers': 'API server',
  attempts: 'attempt',
  'broadcast pushes': 'broadcast push',
  buyers: 'buyer',
  calls: 'call',
  'captures and refunds': 'capture or refund',
  checkouts: 'checkout',
  clients: 'client',
  commands: 'command',
  'daily buyers': 'daily buyer',
  'database reads': 'database read',
  deliveries: 'delivery',
  frames: 'frame',
  handshakes: 'handshake',
  items: 'item',
  'message parts': 'message part',
  messages: 'message',
  nodes: 'node',
  notifications: 'notification',
  orders: 'order',
  payments: 'payment',
  pings: 'ping',
  primaries: 'primary',
  products: 'product',
  pushes: 'push',
  'read replicas': 'read replica',
  reads: 'read',
  rebuilds: 'rebuild',
  replicas: 'replica',
  requests: 'request',
  reservations: 'reservation',
  rows: 'row',
  'script calls': 'script call',
  servers: 'server',
  shards: 'shard',
  'stale writes': 'stale write',
  tasks: 'task',
  texts: 'text',
  times: 'time',
  units: 'unit',
  'unmatched rows': 'unmatched row',
  updates: 'update',
  users: 'user',
  workers: 'worker',
  writes: 'write',
};

const plural = new Intl.PluralRules('en-US');

/**
 * The noun as the number written before it wants it (English plural rules, Intl.PluralRules, applied to the
 * number as the reader sees it, so 0.9996 written "1" takes the singular): "1 request", "0 requests",
 * "0.5 requests", "1.2 million requests", "— requests". A noun without a declared singular stays as written.
 */
export function nounFor(noun: string | undefined, written: string): string | undefined {
  if (noun === undefined) return undefined;
  const m = /^[−-]?([\d,]+(?:\.\d+)?)$/.exec(written);
  if (!m || plural.select(Number((m[1] ?? '').replaceAll(',', ''))) !== 'one') return noun;
  return SINGULAR[noun] ?? noun;
}

/** The words after a number: " requests a second", " times a day", "\u00a0/s", " requests/s". */
export function perSuffix(per: Per, noun?: string): string {
  const p: { words?: string; symbol?: string } = pers[per];
  if (p.words) return `${noun ? ` ${noun}` : ''} ${p.words}`;
  return noun ? ` ${noun}${p.symbol ?? ''}` : `\u00a0${p.symbol ?? ''}`;
}
