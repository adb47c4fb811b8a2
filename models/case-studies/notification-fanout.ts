/**
 * Fan-out of a shared notification into in-app inboxes: on write (one inbox row per recipient when it is
 * sent), on read (one shared row; each inbox read also looks up the shared sources the user follows), or
 * hybrid (on write up to an audience the fan-out workers reach within the in-app delivery target, on read
 * above it). The work is counted per source per day, in read units (a write costs `writeCost` reads):
 *
 *   on write:  writes/day = itemsPerDay × audience                 storage = writes/day × retention × inboxRowBytes
 *              extra reads/day = 0                                   time to reach everyone = audience / fanoutRate
 *   on read:   writes/day = itemsPerDay                               storage = itemsPerDay × retention × inboxRowBytes
 *              extra reads/day = audience × openShare × opensPerDay;   storage += audience × cursorBytes (each reader's read marker)
 *              (each open of an audience member reads the source once, however many items it posted)
 *   work       = writeCost × writes + extra reads
 *   on read costs less when writeCost × itemsPerDay × (audience − 1) > openShare × opensPerDay × audience, so
 *   crossoverItemsPerDay = openShare × opensPerDay × audience / (writeCost × (audience − 1))   (null for audience 1)
 *   crossoverAudience    = writeCost × m / (writeCost × m − openShare × opensPerDay) when writeCost × m exceeds
 *                          openShare × opensPerDay, else null (on write costs less at every audience)
 *   hybridThreshold      = fanoutRate × deliveryTarget: the largest audience written within the target
 *
 * Push is not part of this choice: a push goes to every recipient’s device whichever way the inbox is built.
 *
 * Assumptions: one source (a topic, a segment, everyone) seen in isolation; reads of the user’s own inbox
 * cost the same both ways and are left out; the fan-out workers write at a steady `fanoutRate`; retention
 * counted in days of items kept (retention / 86 400 × items per day).
 *
 * Units: counts per day, bytes, seconds, per second; work in read units.
 *
 * Example: a broadcast source posting 1 item a day to 50 000 000 users, 20 % of whom open the inbox 5 times
 * a day, writes costing 5 reads, 400 B rows, 90 days, 50 000 inbox writes/s, a 1 s target: on write
 * 50 000 000 writes a day (250 000 000 units), 1.8 TB of rows, 1 000 s to reach everyone; on read 1 write
 * and 50 000 000 extra reads (50 000 005 units), 36 kB of items plus 2.5 GB of read markers at 50 B. The
 * crossover is 1.25 users; on read wins above 0.2 items a day; hybrid writes audiences up to 50 000.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { SECONDS_PER_DAY } from '../capacity/arithmetic.ts';

const input = z.strictObject({
  audience: z
    .number()
    .int()
    .min(1)
    .max(1e10)
    .default(50_000_000)
    .meta({ unit: 'count', description: 'Recipients of the source' }),
  itemsPerDay: z
    .number()
    .min(0.001)
    .max(1e10)
    .default(1)
    .meta({ unit: 'count', description: 'Notifications the source posts per day' }),
  openShare: z
    .number()
    .min(0)
    .max(1)
    .default(0.2)
    .meta({ unit: 'fraction', description: 'Fraction of the audience that opens the inbox on a given day' }),
  opensPerDay: z
    .number()
    .min(0)
    .max(1000)
    .default(5)
    .meta({ unit: 'count', description: 'Inbox opens per day of a user who opens it', empirical: true }),
  writeCost: z.number().min(0.01).max(100).default(5).meta({
    unit: 'ratio',
    description: 'Cost of one row write in reads of one row (a stated ratio: stores bill or limit writes well above reads)',
    empirical: true,
  }),
  inboxRowBytes: z
    .number()
    .min(1)
    .max(1e6)
    .default(400)
    .meta({ unit: 'B', description: 'Bytes of one inbox row', empirical: true }),
  cursorBytes: z.number().min(0).max(1e6).default(50).meta({
    unit: 'B',
    description: 'Bytes of one reader’s marker for a shared source (last item read)',
  }),
  retention: z
    .number()
    .min(0)
    .max(3.2e8)
    .default(90 * SECONDS_PER_DAY)
    .meta({ unit: 's', description: 'How long rows are kept (90 days = 7 776 000 s)' }),
  fanoutRate: z.number().min(1).max(1e9).default(50_000).meta({
    unit: '1/s',
    description: 'Inbox rows per second the fan-out workers write',
    empirical: true,
  }),
  deliveryTarget: z.number().min(0.001).max(86_400).default(1).meta({ unit: 's', description: 'In-app delivery target' }),
});

export interface FanoutStrategy {
  readonly id: 'write' | 'read' | 'hybrid';
  readonly writesPerDay: number;
  readonly extraReadsPerDay: number;
  readonly work: number;
  readonly storageBytes: number;
  readonly timeToReachAll: number;
}

export interface NotificationFanoutOutput {
  readonly strategies: readonly FanoutStrategy[];
  readonly cheaper: 'write' | 'read';
  readonly readOverWrite: number;
  readonly crossoverItemsPerDay: number | null;
  readonly crossoverAudience: number | null;
  readonly hybridThreshold: number;
  readonly hybridUses: 'write' | 'read';
  readonly fanoutTime: number;
}

export const notificationFanout = defineModel({
  id: 'notification-fanout',
  title: 'Notifications: fan-out on write, on read, or hybrid',
  summary:
    'Writes, extra reads, storage and time to reach everyone for one shared source of notifications, fanned out on write, on read or hybrid, and where the cheaper strategy changes.',
  input,
  outputs: {
    strategies: {
      description: 'Per strategy: writes and extra reads a day, work in read units, storage, time to reach all',
      unit: 'list',
      columns: { storageBytes: 'B', timeToReachAll: 's' },
    },
    cheaper: { description: 'Which of on write and on read does less work here', unit: 'text' },
    readOverWrite: { description: 'Work on read ÷ work on write', unit: 'ratio' },
    crossoverItemsPerDay: {
      description: 'Items a day above which on read does less work, at this audience; null for an audience of one',
      unit: 'count',
    },
    crossoverAudience: {
      description: 'Audience above which on read does less work, at this posting rate; null if on write always does less',
      unit: 'count',
    },
    hybridThreshold: { description: 'Largest audience the fan-out workers write within the delivery target', unit: 'count' },
    hybridUses: { description: 'What the hybrid does for this audience', unit: 'text' },
    fanoutTime: { description: 'Seconds to write every recipient’s inbox row (audience ÷ fan-out rate)', unit: 's' },
  },
  references: [
    {
      title: 'R. Krikorian, “Timelines at Scale”, QCon San Francisco 2012 (InfoQ)',
      url: 'https://www.infoq.com/presentations/Twitter-Timeline-Scalability/',
      note: 'Twitter fans tweets out on write into timelines, and merges the accounts with very many followers in on read.',
    },
    {
      title: 'Amazon DynamoDB pricing for on-demand capacity',
      url: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
      note: 'Reads and writes are billed as separate request units; the default writeCost of 5 reads per write is the case study’s stated choice.',
    },
    { title: 'Model notification-volume, this site', note: 'The inbox storage of personal notifications.' },
  ],
  example: {},
  exampleStates: {
    'strategies[id=write].writesPerDay': 50_000_000,
    'strategies[id=write].work': 250_000_000,
    'strategies[id=write].storageBytes': 1.8e12,
    'strategies[id=write].timeToReachAll': 1000,
    'strategies[id=read].writesPerDay': 1,
    'strategies[id=read].work': 50_000_005,
    crossoverAudience: 1.25,
    crossoverItemsPerDay: 0.2,
    hybridThreshold: 50_000,
  },
  compute(v): NotificationFanoutOutput {
    const days = v.retention / SECONDS_PER_DAY;
    const readsPerMember = v.openShare * v.opensPerDay;
    const write: FanoutStrategy = {
      id: 'write',
      writesPerDay: v.itemsPerDay * v.audience,
      extraReadsPerDay: 0,
      work: v.writeCost * v.itemsPerDay * v.audience,
      storageBytes: v.itemsPerDay * v.audience * days * v.inboxRowBytes,
      timeToReachAll: v.audience / v.fanoutRate,
    };
    const extra = v.audience * readsPerMember;
    const read: FanoutStrategy = {
      id: 'read',
      writesPerDay: v.itemsPerDay,
      extraReadsPerDay: extra,
      work: v.writeCost * v.itemsPerDay + extra,
      storageBytes: v.itemsPerDay * days * v.inboxRowBytes + v.audience * v.cursorBytes,
      timeToReachAll: 1 / v.fanoutRate,
    };
    const hybridThreshold = v.fanoutRate * v.deliveryTarget;
    const hybridUses = v.audience <= hybridThreshold ? 'write' : 'read';
    const hybrid: FanoutStrategy = { ...(hybridUses === 'write' ? write : read), id: 'hybrid' };
    const wm = v.writeCost * v.itemsPerDay;
    return {
      strategies: [write, read, hybrid],
      cheaper: read.work < write.work ? 'read' : 'write',
      readOverWrite: read.work / write.work,
      crossoverItemsPerDay: v.audience > 1 ? (readsPerMember * v.audience) / (v.writeCost * (v.audience - 1)) : null,
      crossoverAudience: wm > readsPerMember && Number.isFinite(wm / (wm - readsPerMember)) ? wm / (wm - readsPerMember) : null,
      hybridThreshold,
      hybridUses,
      fanoutTime: write.timeToReachAll,
    };
  },
});
