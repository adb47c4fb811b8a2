/**
 * The distributed-locking case study's module: its scenarios, charts, claims, drills and premises. The page beside
 * it (distributed-locking.mdx) imports these for its prose; the site derives the rest from this file (the models the
 * page lists, its charts, the reader tests, capacity-diff).
 *
 * One lock in front of one record that the storage cannot protect by itself: `lease` simulates clients taking
 * turns at a Redis lock with a lease while some of them pause between reading and writing, and counts what the
 * storage let through with and without fencing tokens.
 */
import inventoryLabFile from '../labs/results/inventory.json' with { type: 'json' };
import contentionLabFile from '../labs/results/lock-contention.json' with { type: 'json' };
import gcraLabFile from '../labs/results/gcra-throughput.json' with { type: 'json' };
import locksLabFile from '../labs/results/redis-locks.json' with { type: 'json' };
import { evaluate } from '../models/evaluate.ts';
import { mmc } from '../models/queueing/mmc.ts';
import { lockContention, type HoldDistribution, type LockStrategy } from '../models/reliability/lock-contention.ts';
import { lockLease } from '../models/reliability/lock-lease.ts';
import lockContentionClients from '../src/charts/lock-contention-clients.ts';
import lockLeaseFencing from '../src/charts/lock-lease-fencing.ts';
import lockLeaseOverlap from '../src/charts/lock-lease-overlap.ts';
import { chart, drill } from '../src/lib/case-study.ts';
import { claim } from '../src/lib/claims.ts';
import { estimationDrill } from '../src/lib/estimation.ts';
import { assumptions, choice, derivation, measured, source } from '../src/lib/provenance.ts';
import { bands } from '../src/lib/bands.ts';
import { breaksFirst } from '../src/lib/breaks-first.ts';
import { ranges } from '../src/lib/ranges.ts';
import { sensitivity } from '../src/lib/sensitivity.ts';
import { studySheet } from '../src/lib/study-sheet.ts';
import { derive, follow, scenario, valueAt } from '../src/lib/scenario.ts';

// ---- Sources, with the day they were read ----------------------------------------------------------

/** The day this page's sources were last read. */
export const readOn = '2026-12-07';

/** redis-py's Lock sleeps 0.1 s between attempts by default (sources.redisPy: `sleep: Number = 0.1`). */
export const REDIS_PY_SLEEP = 0.1;

export const sources = {
  redisDocs: {
    title: 'Redis documentation, “Distributed Locks with Redis”',
    url: 'https://redis.io/docs/latest/develop/clients/patterns/distributed-locks/',
  },
  kleppmann: {
    title: 'M. Kleppmann, “How to do distributed locking”',
    url: 'https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html',
    date: '2016-02-08',
  },
  antirez: {
    title: 'S. Sanfilippo (antirez), “Is Redlock safe?”',
    url: 'http://antirez.com/news/101',
    date: '2016-02-09',
  },
  redisPy: {
    title: 'redis-py, redis/lock.py (Lock: sleep = 0.1 s between attempts by default)',
    url: 'https://github.com/redis/redis-py/blob/master/redis/lock.py',
    date: '2026-12-07',
  },
  brooker: {
    title: 'M. Brooker, “Exponential Backoff And Jitter”, AWS Architecture Blog',
    url: 'https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/',
    date: '2015-03-04',
  },
  jones: {
    title: 'E. Jones, “Network Latencies in the Data Center”',
    url: 'https://www.evanjones.ca/network-latencies-2021.html',
    date: '2021-09-24',
  },
} as const;

// ---- The labs: what real Redis did, beside what the models predict -----------------------------------

type ContentionCell = (typeof contentionLabFile.results.cells)[number];

/** The lock-contention model at one lab cell's conditions (its measured hold, round trip and retry overhead). */
function predictedFor(cell: ContentionCell) {
  const p = contentionLabFile.parameters;
  const out = evaluate(lockContention, {
    clients: cell.clients,
    acquisitions: cell.acquisitionsPerClient,
    hold: cell.modelInputs.hold,
    holdDistribution: cell.modelInputs.holdDistribution as HoldDistribution,
    holdSpread: cell.modelInputs.holdSpread,
    roundTrip: cell.modelInputs.roundTrip,
    retryOverhead: cell.modelInputs.retryOverhead,
    retryInterval: p.retryInterval,
    base: p.base,
    cap: p.cap,
    multiplier: p.multiplier,
    strategies: [cell.strategy as LockStrategy],
    runs: cell.modelInputs.runs,
    seed: cell.modelInputs.seed,
  });
  const r = out.results[0];
  if (!r) throw new Error(`lock-contention gave no result for ${cell.strategy}`);
  return {
    acquisitionsPerSecond: r.acquisitionsPerSecond,
    attemptsPerAcquisition: r.attemptsPerAcquisition,
    p99: r.wait.p99,
    idleFraction: r.idleFraction,
  };
}

/**
 * The lab `lock-contention` (labs/results/lock-contention.json; `npm run lab lock-contention` rewrites it): per
 * (clients, strategy), what real Redis measured and what the lock-contention model predicts at that cell's measured
 * hold time, round trip and retry overhead (recomputed here, so the prediction follows the model).
 */
export const contentionLab = {
  date: contentionLabFile.date.slice(0, 10),
  machine: contentionLabFile.machine,
  redis: contentionLabFile.versions.redis,
  client: contentionLabFile.versions.client,
  runs: contentionLabFile.parameters.runs,
  hold: contentionLabFile.parameters.hold,
  retryInterval: contentionLabFile.parameters.retryInterval,
  base: contentionLabFile.parameters.base,
  cap: contentionLabFile.parameters.cap,
  quietRoundTrip: contentionLabFile.results.quietRoundTripMs.p50 / 1000,
  rows: contentionLabFile.results.cells.map((cell) => ({
    clients: cell.clients,
    strategy: cell.strategy,
    measured: {
      acquisitionsPerSecond: cell.measured.acquisitionsPerSecond,
      attemptsPerAcquisition: cell.measured.attemptsPerAcquisition,
      p99: cell.measured.waitMs.p99 / 1000,
    },
    predicted: predictedFor(cell),
    /** 1/(measured hold + measured round trip): the trivial bound with one lock always wanted, no model needed. */
    bound: 1 / (cell.modelInputs.hold + cell.modelInputs.roundTrip),
    roundTrip: cell.modelInputs.roundTrip,
    otherCores: cell.medianOtherCpuCores,
  })),
  /** The lab's own threshold for a quiet machine: other processes' cores above this make a cell "busy". */
  maxOtherCores: contentionLabFile.parameters.maxOtherCpuCores,
  thinkTime: contentionLabFile.parameters.thinkTime,
  load: { start: contentionLabFile.machine.loadAverage[0] ?? 0, end: contentionLabFile.machine.loadAverageAtEnd[0] ?? 0 },
};

/** The lab cell where the model's lock sat idle the most: the one cell where it predicts something beyond 1/(hold + rt). */
export const contentionMostIdle = (() => {
  const row = contentionLab.rows.reduce((a, b) => (b.predicted.idleFraction > a.predicted.idleFraction ? b : a));
  const cell = contentionLabFile.results.cells.find((c) => c.clients === row.clients && c.strategy === row.strategy);
  const vsModel = Math.abs(1 - row.measured.acquisitionsPerSecond / row.predicted.acquisitionsPerSecond);
  const vsBound = Math.abs(1 - row.measured.acquisitionsPerSecond / row.bound);
  /** whether the model's rate came nearer the measured one than the bound 1/(hold + rt) did */
  return { ...row, measuredIdle: cell?.measured.idleFraction ?? null, modelCloser: vsModel < vsBound };
})();

/** The range of measured ÷ predicted over the lab's cells, for one figure. */
function ratioRange(of: (r: (typeof contentionLab.rows)[number]) => [number, number]): { min: number; max: number } {
  const ratios = contentionLab.rows.map((r) => {
    const [measured, predicted] = of(r);
    return measured / predicted;
  });
  return { min: Math.min(...ratios), max: Math.max(...ratios) };
}

/** How far the lab's figures fell from the model's, cell by cell (measured ÷ predicted), and how busy the machine was. */
export const contentionAgreement = {
  acquisitionsPerSecond: ratioRange((r) => [r.measured.acquisitionsPerSecond, r.predicted.acquisitionsPerSecond]),
  attemptsPerAcquisition: ratioRange((r) => [r.measured.attemptsPerAcquisition, r.predicted.attemptsPerAcquisition]),
  p99: ratioRange((r) => [r.measured.p99, r.predicted.p99]),
  /** measured acquisitions/s ÷ 1/(measured hold + measured round trip). */
  bound: ratioRange((r) => [r.measured.acquisitionsPerSecond, r.bound]),
  /** Cells whose median other-process load exceeded the lab's own quiet threshold. */
  busyCells: contentionLab.rows.filter((r) => r.otherCores > contentionLab.maxOtherCores).length,
  /** Cells where the model's p99 wait is no more than one measured round trip: it predicts that under 1 % of acquisitions wait at all. */
  p99OneRoundTrip: contentionLab.rows.filter((r) => r.predicted.p99 <= r.roundTrip * (1 + 1e-9)).length,
  /** Cells where the model predicts a tail: a p99 wait longer than one measured round trip. */
  p99Tail: contentionLab.rows.filter((r) => r.predicted.p99 > r.roundTrip * (1 + 1e-9)).length,
  /** Of those, the cells whose measured p99 is within a factor of two of the model's. */
  p99TailWithinTwo: contentionLab.rows.filter(
    (r) =>
      r.predicted.p99 > r.roundTrip * (1 + 1e-9) &&
      r.measured.p99 / r.predicted.p99 >= 0.5 &&
      r.measured.p99 / r.predicted.p99 <= 2,
  ).length,
  otherCores: {
    min: Math.min(...contentionLab.rows.map((r) => r.otherCores)),
    max: Math.max(...contentionLab.rows.map((r) => r.otherCores)),
  },
};

/** The machine a lab ran on, in words. */
function machineOf(m: { cores: number; cpuModel: string; os: string }): string {
  return `this project’s ${m.cores}-core machine (${m.cpuModel}, ${m.os})`;
}

type LocksRow = (typeof locksLabFile.results.pauses)[number];

function locksRow(discipline: string): LocksRow {
  const row = locksLabFile.results.pauses.find((r) => r.discipline === discipline);
  if (!row) throw new Error(`labs/results/redis-locks.json has no row for ${discipline}`);
  return row;
}

/**
 * The lab `locks` (labs/results/redis-locks.json; `npm run lab locks` rewrites it): C clients incrementing one
 * counter by read-modify-write under five disciplines, a share of acquisitions pausing past the lease; and a
 * crash right after acquiring, with SETNX then EXPIRE and with SET NX PX.
 */
export const locksLab = {
  date: locksLabFile.date.slice(0, 10),
  machine: locksLabFile.machine,
  where: machineOf(locksLabFile.machine),
  redis: locksLabFile.versions.redis,
  client: locksLabFile.versions.client,
  /** One-minute load average at the start and at the end of the lab, on `machine.cores` cores. */
  load: { start: locksLabFile.machine.loadAverage[0] ?? 0, end: locksLabFile.machine.loadAverageAtEnd[0] ?? 0 },
  parameters: {
    ...locksLabFile.parameters,
    lease: locksLabFile.parameters.leaseMs / 1000,
    pause: locksLabFile.parameters.pauseMs / 1000,
    work: locksLabFile.parameters.workMs / 1000,
    acquisitions: locksLabFile.parameters.clients * locksLabFile.parameters.acquisitionsPerClient * locksLabFile.parameters.runs,
  },
  rows: locksLabFile.results.pauses,
  compareDelete: locksRow('compare-delete'),
  fencing: locksRow('fencing'),
  crash: {
    setnxExpire: locksLabFile.results.crash.find((c) => c.acquire === 'setnx-expire'),
    setNxPx: locksLabFile.results.crash.find((c) => c.acquire === 'set-nx-px'),
  },
};

const inventoryContendedClients = inventoryLabFile.results.comparison[0]?.contendedClients ?? null;

/** The inventory lab's throughput-phase row for a strategy at the most clients, synchronous_commit on. */
function inventoryThroughput(strategy: string) {
  return (
    inventoryLabFile.results.throughput.find(
      (t) => t.strategy === strategy && t.clients === inventoryContendedClients && t.synchronousCommit === 'on',
    ) ?? null
  );
}

/** Lost updates ÷ orders written over the throughput phase's runs of a strategy at the most clients (sync on). */
function lostShare(strategy: string): number | null {
  const runs = inventoryLabFile.raw.runs.filter(
    (r) => r.strategy === strategy && r.clients === inventoryContendedClients && r.synchronousCommit === 'on',
  );
  const orders = runs.reduce((a, r) => a + r.ordersWritten, 0);
  return orders > 0 ? runs.reduce((a, r) => a + r.lostUpdates, 0) / orders : null;
}

/**
 * The lab `inventory` (labs/results/inventory.json), two experiments: the sell-out race (one hot row, 100 units,
 * buyers pausing between read and write: the oversold and retries columns) and the separate throughput phase (a
 * stock too large to sell out, no pause: reservations a second). The lost updates of the strategy that takes no
 * lock are counted in its throughput, which is a rate of partly wrong sales.
 */
export const inventoryLab = {
  date: inventoryLabFile.date.slice(0, 10),
  where: machineOf(inventoryLabFile.machine),
  cores: inventoryLabFile.machine.cores,
  /** One-minute load average at the start and at the end of the lab. */
  load: { start: inventoryLabFile.machine.loadAverage[0] ?? 0, end: inventoryLabFile.machine.loadAverageAtEnd[0] ?? 0 },
  postgres: inventoryLabFile.versions.postgres,
  client: inventoryLabFile.versions.client,
  sellOut: inventoryLabFile.parameters.sellOut,
  throughputStock: inventoryLabFile.parameters.throughputStock,
  throughputSeconds: inventoryLabFile.parameters.seconds,
  throughputRuns: inventoryLabFile.parameters.runs,
  rows: inventoryLabFile.results.sellOut.map((r) => {
    const t = inventoryThroughput(r.strategy);
    return {
      ...r,
      name: inventoryLabFile.results.comparison.find((c) => c.strategy === r.strategy)?.name ?? r.strategy,
      contendedPerSecond: t?.medianPerSecond ?? null,
      /** The share of the orders written in the throughput runs whose stock decrement another buyer overwrote. */
      contendedLostShare: lostShare(r.strategy),
      otherCores: t?.medianOtherCpuCores ?? null,
    };
  }),
  contendedClients: inventoryContendedClients,
};

/** Cores other processes used during the inventory lab's contended throughput runs (medians per strategy). */
export const inventoryOtherCores = (() => {
  const xs = inventoryLab.rows.map((r) => r.otherCores).filter((x): x is number => x !== null);
  return { min: Math.min(...xs), max: Math.max(...xs) };
})();

// ---- Scenarios ------------------------------------------------------------------------------------

/** Eight workers taking turns at one Redis lock with a 1 s lease; one holder in a hundred pauses. */
export const lease = scenario('lease', lockLease, {
  clients: 8,
  acquisitions: 50_000,
  lease: 1,
  roundTrip: 0.0005,
  work: 0.01,
  pauseProbability: 0.01,
  pauseDistribution: 'lognormal',
  pauseMean: 0.2,
  pauseScv: 10,
  clockDrift: 0,
  seed: 1,
});

/**
 * The lease simulation at the locks lab's conditions (read from its results file): the model's prediction of what
 * real Redis did. One run of as many acquisitions as the lab made in all its runs.
 */
export const labLease = scenario('labLease', lockLease, {
  clients: locksLab.parameters.clients,
  acquisitions: locksLab.parameters.acquisitions,
  lease: locksLab.parameters.lease,
  roundTrip: 0.0005,
  work: locksLab.parameters.work,
  pauseProbability: locksLab.parameters.pauseProbability,
  pauseDistribution: 'deterministic',
  pauseMean: locksLab.parameters.pause,
  pauseScv: 10,
  clockDrift: 0,
  seed: locksLab.parameters.seed,
});

/** The same lock with the Redis documentation’s example lease, PX 30000. Follows the reader’s edits. */
export const docsLease = derive('docsLease', lease, { set: { lease: 30 } });

/** The same pauses with an exponential tail (same mean): what a light-tailed guess would predict. */
export const lightTail = derive('lightTail', lease, { set: { pauseDistribution: 'exponential' } });

/**
 * The same lock under contention: eight clients, each holding it for the lease scenario's read, work and write
 * without a pause (2 × 0.5 ms + 10 ms at the defaults, followed: an edit of the lease panel reaches it), retrying
 * by three strategies. The fixed sleep is redis-py's default.
 */
export const contention = scenario('contention', lockContention, {
  clients: 8,
  acquisitions: 50,
  hold: follow(lease, 'unpausedHold'),
  roundTrip: 0.0005,
  retryInterval: REDIS_PY_SLEEP,
  base: 0.0005,
  cap: 0.05,
  multiplier: 2,
  thinkTime: 0,
  runs: 3,
  seed: 1,
});

/** The same contention with a 10 ms fixed sleep: where a short fixed sleep stands against full jitter. */
export const shortSleep = derive('shortSleep', contention, { set: { retryInterval: 0.01 } });

/** The same contention with clients that work 50 ms between releasing the lock and wanting it again. */
export const thinking = derive('thinking', contention, { set: { thinkTime: 0.05 } });

// ---- Charts ---------------------------------------------------------------------------------------

export const overlapChart = chart(lease, lockLeaseOverlap, {
  label:
    'Share of lock acquisitions at which two clients believed they held the lock, against the lease, simulated and by the closed form.',
  caption:
    'Dots: the seeded simulation; line: pause probability × P(pause > lease − 2 round trips − work). The dotted line is the panel’s lease. A simulated share of 0 is in the table, not on the log axis.',
});

export const fencingChart = chart(lease, lockLeaseFencing, {
  label:
    'Stale writes the storage accepted, and updates lost, against the lease, with no fencing, the token checked on writes, and the token checked on every access.',
  caption:
    'Top: stale writes the storage accepted; bottom: updates the record lost. The token checked on every access stays at zero at every lease.',
});

export const contentionChart = chart(contention, lockContentionClients, {
  label:
    'The 99th-percentile wait for the lock and the wasted attempts per acquisition against the number of clients, for fixed, exponential and full-jitter retries.',
  caption:
    'Top: the 99th-percentile wait from a client’s first attempt to holding the lock; bottom: attempts that found the lock taken, per acquisition. Log scales; 0 wasted attempts is drawn at 0.01. The fixed sleep is dashed: its p99 runs close to plain exponential’s. The dotted line is the panel’s clients.',
});

// ---- Claims ---------------------------------------------------------------------------------------

export const overlapsSeen = claim(lease, { output: 'overlaps' }, '>', 0, {
  says: 'at least once in the run, two clients believed they held the lock',
});

export const writeFenceLeaks = claim(lease, { output: 'policies[id=fence-writes].acceptedStaleWrites' }, '>', 0, {
  says: 'the token checked on writes only let a stale write through',
});

export const staleErasesMore = claim(
  lease,
  { output: 'policies[id=none].lostUpdates' },
  '>',
  { output: 'staleWrites' },
  {
    says: 'without fencing the stale writes erased more updates than there were stale writes',
  },
);

export const docsLeaseDaily = claim(docsLease, { output: 'predictedOverlapsPerDay' }, '>=', 1, {
  says: 'even the documentation’s 30 s lease would see two holders at least once a day at this rate',
});

export const lightTailRare = claim(lightTail, { output: 'predictedOverlapsPerDay' }, '<', 1, {
  says: 'with an exponential tail of the same mean, overlaps would be rarer than one a day',
});

export const jitterShortestTail = claim(
  contention,
  { output: 'results[strategy=full-jitter].wait.p99' },
  '<',
  { output: 'results[strategy=exponential].wait.p99' },
  { says: 'full jitter’s 99th-percentile wait is shorter than plain exponential backoff’s' },
);

export const jitterCostsAttempts = claim(
  contention,
  { output: 'results[strategy=full-jitter].wastedAttemptsPerAcquisition' },
  '>',
  { output: 'results[strategy=exponential].wastedAttemptsPerAcquisition' },
  { says: 'full jitter wastes more attempts per acquisition than plain exponential backoff' },
);

export const fixedWastesMost = claim(
  contention,
  { output: 'results[strategy=fixed].wastedAttemptsPerAcquisition' },
  '>',
  { output: 'results[strategy=full-jitter].wastedAttemptsPerAcquisition' },
  { says: 'the fixed sleep wastes more attempts than full jitter' },
);

export const fixedAsFast = claim(
  contention,
  { output: 'results[strategy=fixed].acquisitionsPerSecond' },
  '>=',
  { output: 'results[strategy=full-jitter].acquisitionsPerSecond' },
  { times: 0.99, says: 'the fixed sleep passes at least 99 % of full jitter’s acquisitions a second' },
);

export const jitterTailBeatsFixed = claim(
  contention,
  { output: 'results[strategy=full-jitter].wait.p99' },
  '<',
  { output: 'results[strategy=fixed].wait.p99' },
  { says: 'full jitter’s 99th-percentile wait is shorter than the fixed sleep’s' },
);

export const jitterBeatsShortSleep = claim(
  shortSleep,
  { output: 'results[strategy=full-jitter].wastedAttemptsPerAcquisition' },
  '<',
  { output: 'results[strategy=fixed].wastedAttemptsPerAcquisition' },
  { says: 'against a 10 ms fixed sleep, full jitter wastes fewer attempts' },
);

export const jitterFasterWhenThinking = claim(
  thinking,
  { output: 'results[strategy=full-jitter].acquisitionsPerSecond' },
  '>',
  { output: 'results[strategy=fixed].acquisitionsPerSecond' },
  { says: 'when clients pause before wanting the lock again, full jitter passes more acquisitions than the fixed sleep' },
);

export const lockStaysBusy = claim(
  contention,
  { output: 'results[strategy=full-jitter].acquisitionsPerSecond' },
  '>',
  { output: 'maxAcquisitionsPerSecond' },
  { times: 0.9, says: 'with full jitter the lock passes more than 90 % of its ceiling' },
);

/**
 * The lease outlasts a holder's read, work and write without a pause. When it does not (a 5 ms lease against 11 ms
 * of hold), every lease lapses before its holder writes, and the simulation's acquisitions a second count grants
 * made while a holder still worked: no ceiling (review 13b A1).
 */
export const leaseOutlastsWork = claim(
  lease,
  { output: 'unpausedHold' },
  '<',
  { output: 'effectiveLease' },
  {
    says: 'the lease outlasts the two round trips and the work of a holder that does not pause',
  },
);

/** The closed form predicts some overlap at all (not with no holder pausing, or pauses that never outlive the lease). */
export const overlapsPredicted = claim(lease, { output: 'predictedOverlapShare' }, '>', 0, {
  says: 'the closed form predicts that a lease sometimes lapses under a paused holder',
});

/** At least one overlap a day by the closed form, on a lock busy all day (else "about 0 times a day"). */
export const overlapsDaily = claim(lease, { output: 'predictedOverlapsPerDay' }, '>=', 1, {
  says: 'the closed form gives at least one overlap a day on a lock busy all day',
});

/** The reader's lease is shorter than the documentation's 30 s: "even the documentation's lease" reads right. */
export const leaseBelowDocs = claim(lease, { input: 'lease' }, '<', docsLease.resolved['lease'] as number, {
  says: 'the lease is shorter than the Redis documentation’s example lease of 30 s',
});

/**
 * An exponential tail of the same mean predicts an overlap share the page can write: at least 1e-14, which the
 * percent format writes 0.000000000001 % (it keeps 12 decimals of a percentage); below, "0 % instead of
 * 0.000484 %" (a 10 s lease) or "0 % instead of 0 %" (no pauses) would read as nonsense (review 13b A13).
 */
export const lightTailOverlaps = claim(lightTail, { output: 'predictedOverlapShare' }, '>=', 1e-14, {
  says: 'with an exponential tail the closed form still predicts an overlap share large enough to write',
});

/** The fixed sleep is redis-py's default, 0.1 s (sources.redisPy): only then does the page call it that. */
export const sleepIsRedisPys = claim(contention, { input: 'retryInterval' }, '==', REDIS_PY_SLEEP, {
  says: 'the fixed sleep is redis-py’s default, 0.1 s',
});

/** No think time: a client wants the lock again the moment it releases it (the page's default). */
export const noThinkTime = claim(contention, { input: 'thinkTime' }, '==', 0, {
  says: 'clients want the lock again the moment they release it',
});

/** More than one client contends: with one, nobody waits for anyone. */
export const severalClients = claim(contention, { input: 'clients' }, '>', 1, {
  says: 'more than one client contends for the lock',
});

/** The fixed sleep's p99 wait is a second or more: "the unlucky ones wait seconds". */
export const fixedTailSeconds = claim(contention, { output: 'results[strategy=fixed].wait.p99' }, '>=', 1, {
  says: 'the fixed sleep’s 99th-percentile wait is a second or more',
});

/** Full jitter wastes any attempt at all (with one client nobody ever finds the lock taken). */
export const retriesCollide = claim(
  contention,
  { output: 'results[strategy=fixed].wastedAttemptsPerAcquisition' },
  '!=',
  { output: 'results[strategy=full-jitter].wastedAttemptsPerAcquisition' },
  { says: 'the fixed sleep and full jitter waste different numbers of attempts' },
);

/** The fixed sleep's p99 differs from full jitter's (with one client both are one round trip). */
export const tailsDiffer = claim(
  contention,
  { output: 'results[strategy=fixed].wait.p99' },
  '!=',
  { output: 'results[strategy=full-jitter].wait.p99' },
  { says: 'the fixed sleep’s and full jitter’s 99th-percentile waits differ' },
);

// ---- Drills ---------------------------------------------------------------------------------------

export const thirtySeconds = drill(
  lease,
  { lease: 30 },
  {
    anchor: 'leases-pauses-and-fencing-tokens',
    title: 'The documentation’s 30 s lease',
    question: 'how many overlaps does the simulation see, and how many a day does the closed form predict at this rate?',
  },
);

export const exponentialPauses = drill(
  lease,
  { pauseDistribution: 'exponential' },
  {
    anchor: 'leases-pauses-and-fencing-tokens',
    title: 'The same mean pause, an exponential tail',
    question: 'how much rarer are overlaps, and what does that say about sizing a lease from a mean?',
  },
);

export const fastClock = drill(
  lease,
  { clockDrift: 0.5 },
  {
    anchor: 'failure-scenarios-and-mitigations',
    title: 'The lock server’s clock runs 50 % fast',
    question: 'what is the lease in real time, and what happens to the overlaps and to the fenced storage?',
  },
);

export const everyonePauses = drill(
  lease,
  { pauseProbability: 0.2, lease: 0.3 },
  {
    anchor: 'leases-pauses-and-fencing-tokens',
    title: 'One holder in five pauses, with a 300 ms lease',
    question: 'how many stale writes does each storage policy accept, and how many updates are lost?',
  },
);

export const crowd = drill(
  contention,
  { clients: 32 },
  {
    anchor: 'contention-and-retries',
    title: 'Thirty-two clients on one lock',
    question: 'does the lock pass more acquisitions a second? What happens to the p99 wait and to the wasted attempts?',
  },
);

export const spinning = drill(
  contention,
  { retryInterval: 0.001 },
  {
    anchor: 'contention-and-retries',
    title: 'A fixed sleep of 1 ms instead of 100 ms',
    question: 'how many attempts does each acquisition cost the lock server now?',
  },
);

// ---- Premises -------------------------------------------------------------------------------------

export const leasePremises = assumptions(lease, {
  clients: choice('Eight workers contend for the lock: enough that one is always waiting when a lease lapses.'),
  acquisitions: choice('50 000 grants per run: enough for a share of a few in ten thousand to show; the seed fixes them.'),
  lease: choice(
    'A 1 s lease: short, so that a crashed holder blocks the others for at most a second. The Redis documentation’s example uses PX 30000 (30 s); the drill and the chart show it.',
  ),
  roundTrip: source({
    ...sources.jones,
    note: 'About 500 µs for a round trip within one cloud zone: Jones measured it as roughly the 80th percentile (“500 us is still a good estimate. That is approximately the 80th percentile latency in my experiments”); the median is lower. Published 2021-09-24, re-read 2026-12-07.',
  }),
  work: choice('10 ms between reading the record and sending the write: a little computation and a call out.'),
  pauseProbability: choice(
    'One critical section in a hundred paused: this page’s choice. Kleppmann’s post (2016-02-08) names the causes (stop-the-world GC, page faults, a network disk, CPU contention, SIGSTOP) but gives no rate; replace it with your own GC and scheduler logs.',
  ),
  pauseMean: choice(
    'A mean pause of 200 ms: this page’s choice. Kleppmann’s post notes that stop-the-world GC pauses “have sometimes been known to last for several minutes” (citing HBase) and gives no distribution.',
  ),
  pauseScv: choice(
    'SCV 10 with a lognormal shape: most pauses tens of milliseconds, a few seconds long. A heavy tail is the point of the section; the drill switches to an exponential of the same mean.',
  ),
});

export const contentionPremises = assumptions(contention, {
  clients: choice('The lease scenario’s eight workers (the chart sweeps 1 to 32).'),
  hold: derivation(
    'The lease scenario’s hold without a pause: a read and a write (2 round trips) and the work, 2 × 0.5 ms + 10 ms = 11 ms at the defaults. It follows the lease panel: edit the round trip or the work there.',
  ),
  roundTrip: source({
    ...sources.jones,
    note: 'About 500 µs within one cloud zone, roughly Jones’s 80th percentile, as in the lease scenario.',
  }),
  retryInterval: source({
    ...sources.redisPy,
    note: 'Lock(…, sleep: Number = 0.1, …): a blocking acquire sleeps 0.1 s between attempts by default (the date is the day it was read).',
  }),
  base: choice('0.5 ms, one round trip: the first exponential wait (Brooker’s scheme, min(cap, base × 2^n)).'),
  cap: choice('50 ms, a few hold times: long enough to spread clients, short enough not to leave the lock idle.'),
  thinkTime: choice(
    'No think time: a client that releases wants the lock again at once, the busiest case, where the releaser often takes the lock straight back. Every retry comparison on the page rests on it; the panel and the 50 ms comparison show what changes.',
  ),
});

const locksLabMeasured = (what: string) =>
  measured({ what, machine: `${locksLab.where}, Redis ${locksLab.redis}`, date: locksLab.date, lab: 'locks' });

export const labLeasePremises = assumptions(labLease, {
  clients: locksLabMeasured('the lab’s clients'),
  acquisitions: locksLabMeasured('the lab’s increments over all its runs of one discipline'),
  lease: locksLabMeasured('the lab’s lease (PX)'),
  roundTrip: choice(
    'Half a millisecond: a loopback round trip on a busy shared machine, between the lab’s quiet p50 and what clients saw under load; the lab does not record it for this run. Stale writes do not depend on it here: every injected pause outlives the lease by far.',
  ),
  work: locksLabMeasured('the lab’s work between reading and writing'),
  pauseProbability: locksLabMeasured('the share of acquisitions the lab paused'),
  pauseMean: locksLabMeasured('the lab’s injected pause, the same every time'),
  pauseScv: choice('Not used: the lab’s pauses are all the same length (deterministic).'),
});

// ---- Ranges, bands, sensitivity and what breaks first (issue 13) ---------------------------------------

/** No published source gives a rate or a distribution of pauses: every pause input is this page's choice, so wide. */
const noPauseSource = 'No published source gives it (Kleppmann names the causes, not a distribution), so wide:';

export const leaseRanges = ranges(lease, {
  roundTrip: {
    low: 0.0002,
    high: 0.001,
    why: 'Measured by a published source, so narrow: Jones’s 500 µs is about the 80th percentile within a zone (“the real latencies are often substantially better”), on VMs doing nothing else; up to twice it for a loaded network (this page’s allowance, not his figure). Read 2026-12-07.',
  },
  work: {
    low: 0.002,
    high: 0.05,
    why: 'A choice of workload, so wide: a small computation to a call out to another service under the lock.',
    kind: 'choice',
  },
  pauseProbability: {
    low: 0.001,
    high: 0.05,
    why: `${noPauseSource} one critical section in a thousand to one in twenty.`,
  },
  pauseMean: {
    low: 0.05,
    high: 1,
    why: `${noPauseSource} from a young-generation GC to a stalled VM or a network disk.`,
  },
  pauseScv: {
    low: 2,
    high: 50,
    why: `${noPauseSource} from a tail a little heavier than exponential to one where a rare pause lasts tens of means.`,
  },
});

/**
 * The lease panel's headline outputs across those ranges. Each draw runs the 50 000-grant simulation (about 15 ms),
 * so 200 draws rather than the usual 5 000 (BAND_SAMPLES): the share is the closed form, the rate a day also needs
 * the simulated mean hold. At 200 draws the ends are rough: by the closed form for the share and 1 ÷ the expected
 * hold for the rate, 20 000 draws give about 65 and 17 000 overlaps a day at p5 and p95 (the page: 76 and 14 099), and
 * other seeds of 200 draws put them between 35 and 127, and 14 500 and 19 400. So the band shows its percentiles to
 * one significant figure and its caption says why (bandFigures in src/lib/figure-words.ts: 10 draws in a tail). 5 000
 * draws would take about a minute a recompute in the reader's worker (200 took 2.4 s here, 2026-12-07).
 */
export const leaseBands = bands(
  leaseRanges,
  [
    { output: 'predictedOverlapShare', label: 'the share of acquisitions with two holders', format: 'percent' },
    { output: 'predictedOverlapsPerDay', label: 'overlaps a day for a lock busy all day', format: 'integer' },
  ],
  { samples: 200 },
);

export const overlapSensitivity = sensitivity(leaseRanges, {
  output: 'predictedOverlapsPerDay',
  label: 'the overlaps a day',
  format: 'integer',
});

/**
 * Today's demand on the one lock, as a queue with one server: acquisitions wanted a second (this page's choice), and
 * the lock's rate when always wanted, followed from the lease panel (its simulated acquisitions a second, pauses
 * included). The queue's waits assume exponential holds and are not shown; only its utilisation λ ÷ μ is used.
 */
export const demand = scenario('demand', mmc, {
  arrivalRate: 20,
  serviceRate: follow(lease, 'acquisitionsPerSecond'),
  servers: 1,
});

const redisCpu = {
  set: gcraLabFile.results.throughput.find((t) => t.command === 'SET' && t.clients === 50 && t.pipeline === 1),
  script: gcraLabFile.results.throughput.find((t) => t.command === 'GCRA' && t.clients === 50 && t.pipeline === 1),
};
if (!redisCpu.set || !redisCpu.script)
  throw new Error('labs/results/gcra-throughput.json has no 50-client unpipelined SET or GCRA row');

/**
 * Acquisitions a second one Redis primary's CPU could serve, across every lock it holds: each acquisition costs the
 * fixed sleep's SET attempts (the contention scenario's, today) at the measured SET cost, and one release script at
 * the measured cost of the GCRA script (a longer script than the compare-and-delete, so this errs low). Redis CPU
 * per call from the gcra-throughput lab, 50 clients, unpipelined.
 */
export const redisAcquisitionsPerCpuSecond = (() => {
  const attempts = valueAt(contention, 'results[strategy=fixed].attemptsPerAcquisition') as number;
  return {
    attempts,
    setPerCpuSecond: redisCpu.set.medianCallsPerRedisCpuSecond,
    scriptPerCpuSecond: redisCpu.script.medianCallsPerRedisCpuSecond,
    date: gcraLabFile.date.slice(0, 10),
    value: 1 / (attempts / redisCpu.set.medianCallsPerRedisCpuSecond + 1 / redisCpu.script.medianCallsPerRedisCpuSecond),
  };
})();

/** The demand grows; the lock is one key, and the primary's CPU is what the lab measured. */
export const lockGrowth = breaksFirst(demand, {
  load: ['arrivalRate'],
  checks: [
    { id: 'lock', name: 'the lock itself', use: { output: 'utilization' }, limit: 1 },
    {
      id: 'redis',
      name: 'the Redis primary’s CPU',
      use: { input: 'arrivalRate' },
      limit: redisAcquisitionsPerCpuSecond.value,
    },
  ],
});

/** Today's demand is below what the lock passes: the lock is not yet saturated (review 13b A14). */
export const lockHasHeadroom = claim(demand, { output: 'utilization' }, '<', 1, {
  says: 'today’s demand is below what the lock passes',
});

/** The lock passes less than a tenth of what one Redis primary's CPU could serve: the primary is "far behind". */
export const redisFarBehind = claim(demand, { input: 'serviceRate' }, '<', redisAcquisitionsPerCpuSecond.value, {
  times: 0.1,
  says: 'the lock passes less than a tenth of the acquisitions one Redis primary’s CPU could serve',
});

export const demandPremises = assumptions(demand, {
  arrivalRate: choice(
    'Acquisitions of the one lock wanted a second today: this page’s choice, well below what the lock passes at the page’s values (the what-breaks-first figure says how far). The simulations above keep the lock always wanted, which says what it can pass, not what is asked of it.',
  ),
  serviceRate: derivation(
    'The lease panel’s simulated acquisitions a second with a worker always waiting: one over the mean hold, pauses and lapses included. It follows the lease panel.',
  ),
  servers: choice('One lock: one holder at a time.'),
});

// ---- Estimation drills: back-of-the-envelope practice, graded by the models ------------------------------

/** A short run with exponential pauses, for the drill on how often a pause outlives the lease (the closed form). */
export const pauseOdds = scenario('pauseOdds', lockLease, {
  clients: 8,
  acquisitions: 1_000,
  lease: 1,
  roundTrip: 0.0005,
  work: 0.01,
  pauseProbability: 0.01,
  pauseDistribution: 'exponential',
  pauseMean: 0.2,
  clockDrift: 0,
  seed: 1,
});

export const pauseOddsPremises = assumptions(pauseOdds, {
  lease: choice('The page’s 1 s lease; the drill draws others.'),
  roundTrip: source({ ...sources.jones, note: 'About 500 µs within one cloud zone (roughly Jones’s 80th percentile).' }),
  work: choice('The page’s 10 ms of work between the read and the write.'),
  pauseProbability: choice('The page’s one holder in a hundred pausing.'),
  pauseMean: choice('The page’s 200 ms mean pause, with an exponential tail so that the odds can be done by hand.'),
  pauseScv: choice('Not used: exponential pauses have an SCV of 1.'),
});

export const pauseOddsRanges = ranges(pauseOdds, {
  lease: { low: 0.5, high: 2, why: 'A choice: leases from half a second to a couple of seconds.', scale: 'linear' },
  pauseMean: {
    low: 0.1,
    high: 0.5,
    why: 'A choice with no published distribution behind it: mean pauses from a young-generation GC to a stalled VM.',
    scale: 'linear',
  },
});

export const pauseOddsDrill = estimationDrill('locking-overlap-odds', pauseOddsRanges, {
  title: 'How often a lease lapses under a paused holder',
  draw: ['lease', 'pauseMean'],
  question:
    'A worker takes a Redis lock with a lease of {in.lease|duration}, reads, works for {in.work|duration} and writes (each message half of a {in.roundTrip|duration} round trip). {in.pauseProbability|percent} of holders pause between the read and the write, for an exponentially distributed time of mean {in.pauseMean|duration}. In what share of acquisitions does the lease lapse before the write, so that two workers believe they hold the lock?',
  answer: { output: 'predictedOverlapShare', unit: 'of acquisitions', format: 'percent' },
  steps: [
    'Without a pause the write lands two round trips and the work after the grant: {in.roundTrip|duration} × 2 + {in.work|duration}.',
    'So a pause overlaps when it outlasts {out.effectiveLease|duration} minus that; an exponential pause of mean {in.pauseMean|duration} does so with probability e^(−that ÷ {in.pauseMean|duration}).',
    'Times the {in.pauseProbability|percent} of holders that pause: {out.predictedOverlapShare|percent} of acquisitions.',
  ],
  rule: 'e^(−x) falls tenfold for every 2.3 in x: a lease five mean pauses long lets through e^−5 ≈ 0.7 % of the pauses, ten mean pauses 0.005 %. A heavy tail lets through far more.',
});

/** Two clients, one run: the drill on a lock’s ceiling reads only 1 / (hold + round trip). */
export const ceiling = scenario('ceiling', lockContention, {
  clients: 2,
  acquisitions: 2,
  hold: 0.011,
  roundTrip: 0.0005,
  strategies: ['fixed'],
  runs: 1,
  seed: 1,
});

export const ceilingPremises = assumptions(ceiling, {
  hold: derivation('The lease scenario’s read, work and write: 2 × 0.5 ms + 10 ms = 11 ms.'),
  roundTrip: source({ ...sources.jones, note: 'About 500 µs within one cloud zone (roughly Jones’s 80th percentile).' }),
});

export const ceilingRanges = ranges(ceiling, {
  hold: { low: 0.001, high: 0.1, why: 'A choice: from a single cached update to a call out to another service under the lock.' },
  roundTrip: {
    low: 0.0002,
    high: 0.002,
    why: 'Within one datacenter: from a quiet rack to a busy network (E. Jones measured about 500 µs).',
  },
});

export const ceilingDrill = estimationDrill('locking-lock-ceiling', ceilingRanges, {
  title: 'The most a single lock can pass',
  draw: ['hold', 'roundTrip'],
  question:
    'Clients take one Redis lock with SET NX PX and release it with a script. Each holds it for {in.hold|duration} once it knows it has it, and every command takes a round trip of {in.roundTrip|duration}. However many clients there are and however they retry, at most how many acquisitions a second does the lock pass?',
  answer: { output: 'maxAcquisitionsPerSecond', unit: 'acquisitions per second', format: 'decimal' },
  steps: [
    'The lock is taken when the SET reaches Redis and freed when the release does: half a round trip back to the client, the hold, half a round trip back, so {in.hold|duration} + {in.roundTrip|duration} per acquisition.',
    'One over that: {out.maxAcquisitionsPerSecond|decimal} acquisitions a second.',
  ],
  rule: 'A lock held for 10 ms passes at most about 100 a second, whatever the clients do: to go faster, hold it for less or split it by resource.',
});

// ---- Study sheet ----------------------------------------------------------------------------------

export const sheet = studySheet({
  requirements: {
    functional: [
      'At most one worker changes a resource at a time, as far as the storage can tell: a lapsed holder’s change must not land.',
      'A crashed holder blocks the others for no longer than the lease.',
      'Releasing releases only the caller’s own lock, never a later holder’s.',
    ],
    nonFunctional: [
      'One round trip to take the lock and one to release it.',
      'Correctness does not depend on bounded pauses, network delay or clocks: those make the lock fast, never safe.',
      'Under contention, waiting clients do not swamp the lock service with retries.',
    ],
  },
  chain: [
    { of: lease, input: 'lease', label: 'Lease', format: 'duration' },
    { of: lease, input: 'roundTrip', label: 'Round trip to the lock service', format: 'duration' },
    { of: lease, field: 'acquisitionsPerSecond', label: 'Acquisitions per second (simulated)', format: 'decimal' },
    { of: lease, field: 'predictedOverlapShare', label: 'Acquisitions that overlap a lapsed holder', format: 'percent' },
    { of: lease, field: 'predictedOverlapsPerDay', label: 'Overlaps a day at that rate', format: 'integer' },
    {
      of: docsLease,
      field: 'predictedOverlapsPerDay',
      label: 'Overlaps a day with the documentation’s lease',
      format: 'decimal',
    },
    {
      of: lease,
      field: 'acceptedWithoutFencing',
      label: 'Stale writes accepted without fencing (simulated)',
      format: 'integer',
    },
    { of: lease, field: 'acceptedWithFencing', label: '… with the token checked on every access', format: 'integer' },
    {
      of: contention,
      field: 'maxAcquisitionsPerSecond',
      label: 'The lock’s ceiling, acquisitions per second',
      format: 'decimal',
    },
  ],
  decisions: [
    {
      choice: 'No lock where the storage can decide alone',
      over: 'a lock around every change',
      because: 'a conditional update is already atomic.',
    },
    {
      choice: 'SET key random NX PX lease',
      over: 'SETNX then EXPIRE',
      because: 'setting and expiring in one step: no lock without a lease.',
    },
    {
      choice: 'A compare-and-delete release script',
      over: 'a plain DEL',
      because: 'a lapsed holder cannot delete the next holder’s lock.',
    },
    {
      choice: 'A fencing token checked by the storage on every access',
      over: 'checking the lock before writing',
      because: 'the only check that holds whatever pauses and clocks do.',
    },
    {
      choice: 'One Redis primary for efficiency locks; a storage token or consensus store for correctness',
      over: 'Redlock',
      because: 'Redlock’s majority produces no fencing token.',
    },
    {
      choice:
        'A retry rule picked by measurement: a long fixed sleep where it wastes fewer attempts, full jitter where the sleep must be short, clients work between acquisitions, or the tail wait matters',
      over: 'one retry rule for every lock',
      because: 'no strategy raises the lock’s ceiling; they trade the lock server’s load against the tail wait.',
    },
  ],
  questions: {
    setnx: 'Why is SETNX followed by EXPIRE not a safe way to take a lock?',
    release: 'Why must the release compare the value before deleting?',
    'check-then-write': 'Can a client make a lease lock safe by checking that it still holds the lock before it writes?',
    'lease-length': 'How long should the lease be?',
    redlock: 'Is Redlock safe?',
    deadlock: 'Two workers each need locks on two accounts. How do you avoid deadlock?',
    contention: 'Clients poll a busy Redis lock. Which retry strategy gives the most acquisitions a second?',
  },
});
