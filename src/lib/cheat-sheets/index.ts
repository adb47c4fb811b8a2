/** The cheat sheets, in the order the sidebar and /cheat-sheets/ list them. */
export const cheatSheets = [
  {
    slug: 'latency',
    title: 'Latency numbers, dated',
    description:
      'From an L1 hit to a transatlantic round trip: Dean’s 2009 list, the 2012 list, newer sources and this machine, each figure with its source and date.',
  },
  {
    slug: 'powers-of-two',
    title: 'Powers of two, SI and IEC',
    description: 'KB against KiB to EB against EiB, exact, with how far apart they drift and the integer limits worth knowing.',
  },
  {
    slug: 'availability',
    title: 'Availability nines and downtime',
    description:
      'Downtime per year, month, week and day for each availability target, and the errors a day it allows, from the availability and error-budget models.',
  },
  {
    slug: 'queueing',
    title: 'Queueing rules of thumb',
    description:
      'The knee of the utilisation curve, what pooling buys, square-root staffing against Erlang C, and Little’s law, each computed by the queueing models.',
  },
  {
    slug: 'conversions',
    title: 'Back-of-the-envelope conversions',
    description:
      'Per day to per second, a sustained rate to bytes a month, records to storage a year, and the round numbers for a day, a month and a year.',
  },
] as const;

export type CheatSheetSlug = (typeof cheatSheets)[number]['slug'];

/** Seconds in the unit that reads best for a latency: ns below a µs, then µs, ms, s. */
export function formatLatency(seconds: number): string {
  const abs = Math.abs(seconds);
  const [v, unit] =
    abs < 1e-6 ? [seconds * 1e9, 'ns'] : abs < 1e-3 ? [seconds * 1e6, 'µs'] : abs < 1 ? [seconds * 1e3, 'ms'] : [seconds, 's'];
  return `${sig(v)} ${unit}`;
}

/** Up to three significant digits, grouped: 0.5, 1.1, 42.3, 153, 1,200. */
export function sig(n: number, digits = 3): string {
  if (n === 0) return '0';
  const places = Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(n))));
  return Number(n.toFixed(Math.min(places, 12))).toLocaleString('en-US', { maximumFractionDigits: Math.min(places, 12) });
}

/** A ratio now / then in words: "8× faster", "2.2× slower", "about the same" (within 10 %). */
export function movedWords(ratio: number): string {
  if (ratio > 0.9 && ratio < 1.1) return 'about the same';
  return ratio < 1 ? `${sig(1 / ratio, 2)}× faster` : `${sig(ratio, 2)}× slower`;
}
