/**
 * Conversions for back-of-the-envelope work, computed by the capacity models: a volume per day as a rate per
 * second (`traffic`), a sustained rate as bytes per month (`bandwidth`, whose month is a year / 12), a stream of
 * records as storage per year (`storage-growth`), and the lengths of a day, a month and a year in seconds with
 * the round numbers people use for them and how far off each is.
 */
import { evaluate } from '../../../models/evaluate.ts';
import { bandwidth, SECONDS_PER_MONTH } from '../../../models/capacity/bandwidth.ts';
import { storageGrowth } from '../../../models/capacity/storage-growth.ts';
import { traffic } from '../../../models/capacity/traffic.ts';
import { DAY } from '../../../models/reliability/availability.ts';

export const YEAR = 365 * DAY;

export interface PerDayRow {
  readonly perDay: number;
  readonly perSecond: number;
  /** at a peak of twice the average, the usual first guess */
  readonly peakPerSecond: number;
}

export const VOLUMES = [1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10] as const;

export function perDayTable(): PerDayRow[] {
  return VOLUMES.map((v) => {
    const o = evaluate(traffic, { dailyActiveUsers: v, requestsPerUserPerDay: 1, peakToAverage: 2 });
    return { perDay: o.perDay, perSecond: o.averagePerSecond, peakPerSecond: o.peakPerSecond };
  });
}

export interface SpanRow {
  readonly span: string;
  readonly seconds: number;
  readonly roundNumber: number;
  readonly roundWords: string;
  /** (roundNumber − seconds) / seconds */
  readonly error: number;
}

export function spansTable(): SpanRow[] {
  const rows = [
    { span: 'an hour', seconds: 3600, roundNumber: 3600, roundWords: '3 600 (exact)' },
    { span: 'a day', seconds: DAY, roundNumber: 1e5, roundWords: '10^5' },
    { span: 'a month (a year / 12)', seconds: SECONDS_PER_MONTH, roundNumber: 2.5e6, roundWords: '2.5 × 10^6' },
    { span: 'a year (365 days)', seconds: YEAR, roundNumber: Math.PI * 1e7, roundWords: 'π × 10^7' },
  ];
  return rows.map((r) => ({ ...r, error: (r.roundNumber - r.seconds) / r.seconds }));
}

export interface RateRow {
  readonly bytesPerSecond: number;
  readonly words: string;
  readonly bytesPerMonth: number;
  readonly bitsPerSecond: number;
}

/** A sustained rate, as egress, for a month (the bandwidth model's egressBytesPerMonth). */
export function rateTable(): RateRow[] {
  const rates = [
    { bytesPerSecond: 1e3, words: '1 kB/s' },
    { bytesPerSecond: 1e6, words: '1 MB/s' },
    { bytesPerSecond: 1e9 / 8, words: '1 Gbit/s' },
    { bytesPerSecond: 1e10 / 8, words: '10 Gbit/s' },
  ];
  return rates.map((r) => {
    const o = evaluate(bandwidth, { requestsPerSecond: 1, requestBytes: 0, responseBytes: r.bytesPerSecond, peakToAverage: 1 });
    return { ...r, bytesPerMonth: o.egressBytesPerMonth, bitsPerSecond: o.egressBitsPerSecond };
  });
}

export interface StorageRow {
  readonly itemsPerDay: number;
  readonly bytesPerItem: number;
  readonly words: string;
  readonly bytesPerYear: number;
}

/** Records kept a year, raw (no replicas, no indexes): storage-growth's rawBytesTotal over one year. */
export function storageTable(): StorageRow[] {
  const cases = [
    { itemsPerDay: 1e6, bytesPerItem: 1e3, words: 'a million 1 kB rows a day' },
    { itemsPerDay: 1e8, bytesPerItem: 100, words: '100 million 100-byte events a day' },
    { itemsPerDay: 1e6, bytesPerItem: 1e6, words: 'a million 1 MB photos a day' },
  ];
  return cases.map((c) => {
    const o = evaluate(storageGrowth, { itemsPerSecond: c.itemsPerDay / DAY, bytesPerItem: c.bytesPerItem, years: 1 });
    return { ...c, bytesPerYear: o.rawBytesTotal };
  });
}
