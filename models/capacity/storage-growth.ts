/**
 * Storage growth: how many bytes a service accumulates when it keeps what it writes. From the rate of
 * new items, their size and how long they are kept, the raw bytes per day and in all, then what the
 * disks must really hold once every copy (replication) and every index is counted, year by year, with
 * optional growth of the write rate.
 *
 *   rawBytesPerSecond   = itemsPerSecond × bytesPerItem                 (year 1)
 *   rawBytesPerDay      = rawBytesPerSecond × 86 400
 *   year k (k = 1 … years): items/s = itemsPerSecond × (1 + growthPerYear)^(k−1), held for yearDays days
 *   rawBytesTotal       = Σ_k items/s in year k × bytesPerItem × yearDays × 86 400
 *   storedBytesTotal    = rawBytesTotal × (1 + indexOverhead) × replicationFactor
 *   storedBytesPerDay   = rawBytesPerDay × (1 + indexOverhead) × replicationFactor
 *
 * Assumptions, each one a thing to measure rather than believe:
 * - Nothing written is deleted or expires within `years`: retention equals the horizon. (With expiry,
 *   the stored total stops growing after one retention period.)
 * - Growth is a step per year: the write rate is constant within a year and multiplied by
 *   (1 + growthPerYear) at each year's start. Compounding continuously within the year gives a little less.
 * - `indexOverhead` is the size of indexes (and any per-item metadata not in bytesPerItem) as a fraction of
 *   the raw data: 0.3 means indexes add 30 %. It is counted before replication, because every replica
 *   holds its own indexes.
 * - `replicationFactor` counts copies, the original included (3 for a typical quorum store, 1 for an
 *   object store that prices its redundancy into the per-byte rate). The trap: replicas are bytes to buy,
 *   never extra capacity to spread the data over.
 * - No compression, no write amplification from compaction, no free-space reserve; each multiplies the
 *   disks you need and is easy to add by scaling bytesPerItem or indexOverhead.
 *
 * Units: bytes in, bytes out. The model never converts to KB, MB or TB: the site does, and so must a
 * test. The trap this avoids: "1 MB" per item in a book estimate is 10^6 B (decimal, as in Xu's 30 TB a
 * day), while an operating system's "1 MiB" is 2^20 = 1 048 576 B; 55 PB is 48.9 PiB. Rates per second,
 * durations in whole years of `yearDays` days.
 *
 * Example (Alex Xu's Twitter media estimate: 150 million DAU × 2 tweets × 10 % with media = 30 million
 * media items a day of 1 MB = 10^6 B, kept 5 years): itemsPerSecond = 30 000 000 / 86 400 = 347.22/s;
 * rawBytesPerDay = 3 × 10^13 B (30 TB); rawBytesTotal = 30 TB × 365 × 5 = 5.475 × 10^16 B (54.75 PB, the
 * book's ~55 PB); with replicationFactor 3 and indexOverhead 0.1, storedBytesTotal = 1.80675 × 10^17 B.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { SECONDS_PER_DAY } from './arithmetic.ts';

const input = z.strictObject({
  itemsPerSecond: z
    .number()
    .min(0)
    .max(1e9)
    .meta({ unit: '1/s', description: 'New items written per second in the first year, on average (items a day / 86 400)' }),
  bytesPerItem: z
    .number()
    .min(0)
    .max(1e12)
    .meta({ unit: 'B', description: 'Bytes of one item as stored, before indexes and replicas (1 KB = 1000 B; 1 KiB = 1024 B)' }),
  years: z
    .number()
    .int()
    .min(1)
    .max(100)
    .meta({ unit: 'count', description: 'Whole years kept: the horizon, and the retention (nothing expires before it)' }),
  replicationFactor: z
    .number()
    .int()
    .min(1)
    .max(10)
    .default(1)
    .meta({ unit: 'count', description: 'Copies of every byte, the original included (3 for a typical replicated store)' }),
  indexOverhead: z
    .number()
    .min(0)
    .max(1)
    .default(0)
    .meta({ unit: 'fraction', description: 'Indexes and metadata as a fraction of the raw data (0.3: indexes add 30 %)' }),
  growthPerYear: z.number().min(0).max(1).default(0).meta({
    unit: 'fraction',
    description: 'Growth of the write rate from one year to the next (0.5: 50 % more each year; 1: doubling)',
  }),
  yearDays: z
    .number()
    .min(360)
    .max(366)
    .default(365)
    .meta({ unit: 'count', description: 'Days in a year (365; 365.25 for the Julian average)' }),
});

export interface StorageYear {
  readonly year: number;
  readonly itemsPerSecond: number;
  readonly rawBytesThisYear: number;
  readonly rawBytesCumulative: number;
  readonly storedBytesCumulative: number;
}

export interface StorageGrowthOutput {
  readonly rawBytesPerSecond: number;
  readonly rawBytesPerDay: number;
  readonly storedBytesPerDay: number;
  readonly itemsTotal: number;
  readonly rawBytesTotal: number;
  readonly storedBytesTotal: number;
  readonly storageMultiplier: number;
  readonly yearly: readonly StorageYear[];
}

export const storageGrowth = defineModel({
  id: 'storage-growth',
  title: 'Storage growth with replication and indexes',
  summary:
    'Bytes a service accumulates from its write rate and item size over N years, with replicas, indexes and yearly growth.',
  input,
  outputs: {
    rawBytesPerSecond: { description: 'Raw bytes written per second in year 1 (one copy, no indexes)', unit: 'B/s' },
    rawBytesPerDay: {
      description: 'Raw bytes written per day in year 1 (one copy, no indexes; decimal TB = 10^12 B)',
      unit: 'B',
    },
    storedBytesPerDay: {
      description: 'Bytes added to disks per day in year 1: raw × (1 + index overhead) × replicas',
      unit: 'B',
    },
    itemsTotal: { description: 'Items written over all the years', unit: 'count' },
    rawBytesTotal: { description: 'Raw bytes after all the years: one copy, no indexes', unit: 'B' },
    storedBytesTotal: {
      description: 'Bytes the disks hold after all the years: raw × (1 + index overhead) × replicas',
      unit: 'B',
    },
    storageMultiplier: { description: 'Stored bytes per raw byte: (1 + index overhead) × replication factor', unit: 'count' },
    yearly: {
      description:
        'For each year: its write rate (items/s), raw bytes written that year, and raw and stored bytes held at its end',
      unit: 'list',
      columns: { itemsPerSecond: '1/s', rawBytesThisYear: 'B', rawBytesCumulative: 'B', storedBytesCumulative: 'B' },
    },
  },
  references: [
    {
      title: 'A. Xu, System Design Interview vol. 1, ch. 2 “Back-of-the-envelope estimation” (Twitter media storage)',
      url: 'https://bytebytego.com/courses/system-design-interview/back-of-the-envelope-estimation',
      note: '150 million × 2 × 10 % × 1 MB = 30 TB per day; 30 TB × 365 × 5 = ~55 PB (reference case BOE-01). Decimal units.',
    },
    {
      title: 'D. Martin, System Design Primer: “Design Pastebin.com (or Bit.ly)”, Calculate usage',
      url: 'https://github.com/donnemartin/system-design-primer/blob/master/solutions/system_design/pastebin/README.md',
      note: '1.27 KB per paste × 10 million pastes a month = 12.7 GB a month; ~450 GB of new content in 3 years.',
    },
    {
      title: 'D. Martin, System Design Primer: “Design the Twitter timeline and search”, Calculate usage',
      url: 'https://github.com/donnemartin/system-design-primer/blob/master/solutions/system_design/twitter/README.md',
      note: '10 KB per tweet × 500 million tweets a day × 30 days = 150 TB a month; 5.4 PB in 3 years.',
    },
  ],
  example: {
    itemsPerSecond: 30_000_000 / SECONDS_PER_DAY,
    bytesPerItem: 1_000_000,
    years: 5,
    replicationFactor: 3,
    indexOverhead: 0.1,
  },
  exampleStates: { rawBytesPerDay: 3e13, rawBytesTotal: 5.475e16, storedBytesTotal: 1.80675e17 },
  compute(v): StorageGrowthOutput {
    const storageMultiplier = (1 + v.indexOverhead) * v.replicationFactor;
    const secondsPerYear = v.yearDays * SECONDS_PER_DAY;
    const yearly: StorageYear[] = [];
    let items = 0;
    let raw = 0;
    let rate = v.itemsPerSecond;
    for (let year = 1; year <= v.years; year++) {
      const itemsThisYear = rate * secondsPerYear;
      const rawThisYear = itemsThisYear * v.bytesPerItem;
      items += itemsThisYear;
      raw += rawThisYear;
      yearly.push({
        year,
        itemsPerSecond: rate,
        rawBytesThisYear: rawThisYear,
        rawBytesCumulative: raw,
        storedBytesCumulative: raw * storageMultiplier,
      });
      rate *= 1 + v.growthPerYear;
    }
    const rawBytesPerSecond = v.itemsPerSecond * v.bytesPerItem;
    const rawBytesPerDay = rawBytesPerSecond * SECONDS_PER_DAY;
    return {
      rawBytesPerSecond,
      rawBytesPerDay,
      storedBytesPerDay: rawBytesPerDay * storageMultiplier,
      itemsTotal: items,
      rawBytesTotal: raw,
      storedBytesTotal: raw * storageMultiplier,
      storageMultiplier,
      yearly,
    };
  },
});
