/**
 * The marketplace case study's module: its scenarios, charts, claims, drills and premises. The page beside
 * it (marketplace.mdx) imports these for its prose; the site derives the rest from this file (the models the
 * page lists, its charts, the reader tests, capacity-diff).
 *
 * One chain: `traffic` computes the evening and flash-sale peaks once, and every tier's size (cache misses,
 * database reads and writes, API servers, read replicas, order workers) is an output of that one evaluation.
 * The scenarios below it (the hot row, the waiting room, the workers' queue, the outages) take their rates
 * from `traffic`'s and `hot`'s outputs at the page's defaults, each saying so in its premises.
 */
import gcraLab from '../labs/results/gcra-throughput.json' with { type: 'json' };
import inventoryLab from '../labs/results/inventory.json' with { type: 'json' };
import { evaluate } from '../models/evaluate.ts';
import { hotRow } from '../models/case-studies/hot-row.ts';
import { marketplaceTraffic } from '../models/case-studies/marketplace-traffic.ts';
import { oversellSimulation } from '../models/case-studies/oversell-simulation.ts';
import { consistentHashing } from '../models/capacity/consistent-hashing.ts';
import { backlogDrain } from '../models/queueing/backlog-drain.ts';
import { mmcServers } from '../models/queueing/mmc-servers.ts';
import { backoffJitter } from '../models/reliability/backoff-jitter.ts';
import { cacheStampede } from '../models/reliability/cache-stampede.ts';
import { ggcSimulation } from '../models/simulation/ggc-simulation.ts';
import backlogDrainChart from '../src/charts/backlog-drain.ts';
import hotRowThroughput from '../src/charts/hot-row-throughput.ts';
import hotRowWait from '../src/charts/hot-row-wait.ts';
import oversellConcurrency from '../src/charts/oversell-concurrency.ts';
import shardRebalance from '../src/charts/shard-rebalance.ts';
import stampedeCalls from '../src/charts/stampede-calls.ts';
import { chart, drill } from '../src/lib/case-study.ts';
import { claim } from '../src/lib/claims.ts';
import { estimationDrill } from '../src/lib/estimation.ts';
import { assumptions, choice, derivation, measured, source } from '../src/lib/provenance.ts';
import { ranges } from '../src/lib/ranges.ts';
import { bands } from '../src/lib/bands.ts';
import { breaksFirst } from '../src/lib/breaks-first.ts';
import { sensitivity } from '../src/lib/sensitivity.ts';
import { derive, follow, scenario } from '../src/lib/scenario.ts';
import { studySheet } from '../src/lib/study-sheet.ts';

const gcraRow = gcraLab.results.throughput.find((r) => r.command === 'GCRA' && r.clients === 50 && r.pipeline === 1);
if (!gcraRow) throw new Error('labs/results/gcra-throughput.json has no GCRA row for 50 clients, pipeline 1');
/** The lab's GCRA script calls per Redis CPU-second: the stand-in for one reservation script call. */
export const redisScriptLab = {
  callsPerCpuSecond: gcraRow.medianCallsPerRedisCpuSecond,
  date: gcraLab.date.slice(0, 10),
  machine: gcraLab.machine,
  redis: gcraLab.versions.redis,
};

// ---- The inventory lab: the hot row against a real PostgreSQL ------------------------------------

type InventoryComparison = (typeof inventoryLab.results.comparison)[number];
type InventoryThroughput = (typeof inventoryLab.results.throughput)[number];
type InventorySellOut = (typeof inventoryLab.results.sellOut)[number];

const labPremises = inventoryLab.results.premises;
const labMaxClients = Math.max(...inventoryLab.parameters.clients);
const labMinClients = Math.min(...inventoryLab.parameters.clients);

function labThroughput(strategy: string, clients: number, sync: 'on' | 'off' = 'on'): InventoryThroughput {
  const row = inventoryLab.results.throughput.find(
    (r) => r.strategy === strategy && r.clients === clients && r.synchronousCommit === sync,
  );
  if (!row)
    throw new Error(`labs/results/inventory.json has no ${strategy} row for ${clients} clients, synchronous_commit ${sync}`);
  return row;
}

function labSellOut(strategy: string): InventorySellOut {
  const row = inventoryLab.results.sellOut.find((r) => r.strategy === strategy);
  if (!row) throw new Error(`labs/results/inventory.json has no sell-out row for ${strategy}`);
  return row;
}

/**
 * What the hot-row model predicts for one of the lab's strategies at the lab's own premises (its round trip,
 * statement and commit, measured on that machine): the hold and the bound, 1 / hold. Computed here from the
 * model, not read from the results file, so a change to the model shows on the page. Null for the strategies
 * the model has none of (no lock: read-then-write; SERIALIZABLE).
 */
function predictAtLab(strategy: string): { hold: number; bound: number } | null {
  const shape: Record<string, { id: string; roundTripsAfterUpdate: number; work: number } | undefined> = {
    'select-for-update': { id: 'select-for-update', roundTripsAfterUpdate: 0, work: 0 },
    'select-for-update-work': { id: 'select-for-update', roundTripsAfterUpdate: 0, work: labPremises.appWorkMs / 1000 },
    'conditional-update': { id: 'conditional-update', roundTripsAfterUpdate: 0, work: 0 },
    'conditional-one-by-one': { id: 'conditional-update', roundTripsAfterUpdate: 3, work: 0 },
    'optimistic-version': { id: 'optimistic-version', roundTripsAfterUpdate: 0, work: 0 },
  };
  const m = shape[strategy];
  if (!m) return null;
  const out = evaluate(hotRow, {
    demand: 1,
    databaseRoundTrip: labPremises.roundTripMs / 1000,
    statementTime: labPremises.statementMs / 1000,
    commitFlush: labPremises.commitMs / 1000,
    appWorkInLock: m.work,
    lockedRoundTrips: 3,
    statementsAfterUpdate: 2,
    roundTripsAfterUpdate: m.roundTripsAfterUpdate,
    commitReplication: 0,
  });
  const s = out.strategies.find((x) => x.id === m.id);
  return s ? { hold: s.holdTime, bound: s.maxThroughput } : null;
}

/** Short names for the table's narrow first column. */
const shortNames: Record<string, string> = {
  'read-then-write': 'Read, then write',
  'select-for-update': 'FOR UPDATE',
  'select-for-update-work': 'FOR UPDATE + 1 ms',
  'conditional-update': 'One-statement CTE',
  'conditional-one-by-one': 'UPDATE, one by one',
  'optimistic-version': 'Optimistic',
  serializable: 'SERIALIZABLE',
};

/**
 * The inventory lab's run (labs/results/inventory.json; `npm run lab inventory` rewrites it): its machine,
 * settings and premises, and per strategy the model's prediction at those premises beside what was measured.
 */
export const pgLab = {
  date: inventoryLab.date.slice(0, 10),
  machine: inventoryLab.machine,
  postgres: inventoryLab.versions.postgres,
  client: inventoryLab.versions.client,
  settings: inventoryLab.results.settings,
  premises: {
    /** Medians on an idle connection: the server's own cost, without the stalls the machine's neighbours cause. */
    roundTrip: labPremises.roundTripMs / 1000,
    statement: labPremises.statementMs / 1000,
    commit: labPremises.commitMs / 1000,
    commitP99: labPremises.commitP99Ms / 1000,
    commitSyncOff: labPremises.commitMsSyncOff / 1000,
    appWork: labPremises.appWorkMs / 1000,
  },
  runs: inventoryLab.parameters.runs,
  seconds: inventoryLab.parameters.seconds,
  minClients: labMinClients,
  maxClients: labMaxClients,
  /** "1, 8 and 32" */
  clientCounts: inventoryLab.parameters.clients
    .map(String)
    .join(', ')
    .replace(/, (?=[^,]*$)/, ' and '),
  sellOutStock: inventoryLab.parameters.sellOut.stock,
  sellOutClients: inventoryLab.parameters.sellOut.clients,
  sellOutPause: inventoryLab.parameters.sellOut.pauseMs / 1000,
  sellOutRuns: inventoryLab.parameters.sellOut.runs,
  rows: inventoryLab.results.comparison.map((c: InventoryComparison) => {
    const predicted = predictAtLab(c.strategy);
    const contended = labThroughput(c.strategy, labMaxClients);
    const sellOut = labSellOut(c.strategy);
    return {
      strategy: c.strategy,
      name: shortNames[c.strategy] ?? c.name,
      modelHold: predicted?.hold ?? null,
      modelBound: predicted?.bound ?? null,
      measuredHold: c.measuredHoldMs / 1000,
      oneClient: c.oneClientPerSecond,
      contended: contended.medianPerSecond,
      contendedMin: contended.minPerSecond,
      contendedMax: contended.maxPerSecond,
      p99: contended.medianLatencyMs.p99 / 1000,
      attempts: c.measuredAttemptsPerSuccess,
      others: contended.medianOtherCpuCores,
      oversoldMax: sellOut.oversoldMax,
      oversoldMedian: sellOut.oversoldMedian,
      lostUpdates: contended.lostUpdates,
    };
  }),
  /** The CTE and SELECT … FOR UPDATE with synchronous_commit off, at the most clients. */
  syncOff: inventoryLab.parameters.syncOffStrategies.map((strategy) => ({
    strategy,
    on: labThroughput(strategy, labMaxClients).medianPerSecond,
    off: labThroughput(strategy, labMaxClients, 'off').medianPerSecond,
  })),
};

const labRow = (strategy: string) => {
  const row = pgLab.rows.find((r) => r.strategy === strategy);
  if (!row) throw new Error(`labs/results/inventory.json has no comparison for ${strategy}`);
  return row;
};
/** The rows the page names in its prose. */
export const pgLabRows = {
  cte: labRow('conditional-update'),
  oneByOne: labRow('conditional-one-by-one'),
  forUpdate: labRow('select-for-update'),
  forUpdateWork: labRow('select-for-update-work'),
  optimistic: labRow('optimistic-version'),
  serializable: labRow('serializable'),
  naive: labRow('read-then-write'),
};
/** The most units any safe strategy oversold in any sell-out run (0 is the claim). */
export const pgLabSafeOversold = Math.max(
  ...pgLab.rows.filter((r) => r.strategy !== 'read-then-write').map((r) => r.oversoldMax),
);

/** What the page reads from the lab's comparison, each sentence with both outcomes in the page. */
export const pgLabFindings = (() => {
  const modelled = pgLab.rows.filter((r) => r.modelBound !== null);
  const others = pgLab.rows.map((r) => r.others ?? 0);
  const cteSync = pgLab.syncOff.find((x) => x.strategy === 'conditional-update');
  return {
    /** Every strategy the model has ran no faster under contention than the model's bound at the lab's premises. */
    belowModelBound: modelled.every((r) => r.contended <= (r.modelBound ?? Infinity)),
    /** The largest measured ÷ model bound among them. */
    maxShareOfBound: Math.max(...modelled.map((r) => r.contended / (r.modelBound ?? Infinity))),
    minShareOfBound: Math.min(...modelled.map((r) => r.contended / (r.modelBound ?? Infinity))),
    /** Cores other processes used during the contended runs (medians per strategy): the lowest and highest. */
    othersMin: Math.min(...others),
    othersMax: Math.max(...others),
    /** The CTE at the most clients, synchronous_commit on and off. */
    cteSyncOn: cteSync?.on ?? null,
    cteSyncOff: cteSync?.off ?? null,
    /** The CTE is the fastest strategy that never oversells, as measured at the most clients. */
    cteFastestSafe: pgLab.rows
      .filter((r) => r.strategy !== 'read-then-write')
      .every((r) => r.contended <= pgLabRows.cte.contended),
  };
})();

// ---- The chain: traffic, its mix, and every tier it sizes ------------------------------------------

export const traffic = scenario('traffic', marketplaceTraffic, {
  dailyActiveUsers: 3_000_000,
  pagesPerSession: 12,
  callsPerPage: 3,
  ordersPerDay: 150_000,
  itemsPerOrder: 2.5,
  flashMultiplier: 10,
});

/** The same marketplace at twice the users: what an interviewer asks next. */
export const doubled = derive('doubled', traffic, { scale: { dailyActiveUsers: 2, ordersPerDay: 2 } });

/** The colder cache the page compares against: this hit ratio, fixed (the panel's default is 95 %). */
export const COLD_HIT_RATIO = 0.8;

/**
 * The cache at 80 % instead of the panel's ratio: the database's reads at the flash peak. Fixed, not relative to
 * the panel, so the page calls it colder only while the panel's ratio is above it (`cacheWarmerThanCold`).
 */
export const coldCache = derive('coldCache', traffic, { set: { hitRatio: COLD_HIT_RATIO } });

/**
 * The flash product's cache key at the flash peak: every buyer of the rush reads its page, spread over the
 * cache nodes (each holds its own copy). What expiry costs, and what coalescing or early refresh saves.
 */
export const stampede = scenario('stampede', cacheStampede, {
  requestRate: follow(traffic, 'rushPerSecond'),
  recomputeTime: 0.05,
  ttl: 60,
  cacheNodes: 4,
});

/** Orders sharded by buyer id: one shard added, modulo placement against a ring with virtual nodes. */
export const shards = scenario('shards', consistentHashing, {
  shards: 8,
  added: 1,
  virtualNodes: 100,
  keys: follow(traffic, 'ordersKept'),
});

// ---- The hot row -----------------------------------------------------------------------------------

/**
 * The hot row. Its demand is the rush on the flash product: `traffic`'s rushBuyers in rushWindow, a stated
 * input of the chain beside (not inside) its flash peak, with its ratio to the chain's checkout calls shown.
 * The waiting room admits buyers at the flash workers' spare capacity (traffic's flashSpareCapacity): it
 * protects checkout and payment, not the row lock, which for 100 units is busy only a fraction of a second.
 */
export const hot = scenario('hot', hotRow, {
  demand: follow(traffic, 'rushPerSecond'),
  admissionRate: follow(traffic, 'flashSpareCapacity'),
  redisScriptTime: 1 / redisScriptLab.callsPerCpuSecond,
  statementTime: pgLab.premises.statement,
  commitFlush: pgLab.premises.commit,
});

/** The page's transaction sent one statement at a time (UPDATE, INSERT, INSERT, COMMIT: 3 round trips under the lock). */
export const oneByOne = derive('oneByOne', hot, { set: { roundTripsAfterUpdate: 3 } });

/** Synchronous replication to one standby, synchronous_commit = on: a round trip and the standby's flush on every commit. */
export const syncStandby = derive('syncStandby', hot, { set: { commitReplication: 0.0015 } });

/** The races, simulated. */
export const races = scenario('races', oversellSimulation, { stock: 100, buyers: 10_000, concurrency: 64 });

// ---- The flash sale end to end ---------------------------------------------------------------------

/** Order workers for the flash peak's orders, by Erlang C. */
export const workers = scenario('workers', mmcServers, {
  arrivalRate: follow(traffic, 'flashOrdersPerSecond'),
  serviceRate: follow(traffic, 'orderWorkerRate'),
  maxProbWait: follow(traffic, 'maxProbWait'),
});

/** The same workers checked by simulation: lognormal service times (SCV 1), Poisson orders at the flash peak. */
export const workersSim = scenario('workersSim', ggcSimulation, {
  arrivalProcess: 'poisson',
  arrivalRate: follow(traffic, 'flashOrdersPerSecond'),
  servers: follow(workers, 'servers'),
  serviceDistribution: 'lognormal',
  meanServiceTime: follow(traffic, 'orderServiceTime'),
  serviceScv: 1,
  customers: 100_000,
  warmup: 5_000,
  seed: 1,
});

/** Autoscaling lag: the evening's workers meet the flash peak until the scale-out lands. */
export const scaleOut = scenario('scaleOut', backlogDrain, {
  baselineRate: follow(traffic, 'flashOrdersPerSecond'),
  spikeRate: follow(traffic, 'flashOrdersPerSecond'),
  spikeDuration: 180,
  serviceRateDuringSpike: follow(traffic, 'eveningWorkerCapacity'),
  serviceRate: follow(traffic, 'flashWorkerCapacity'),
});

/** The payment provider is down for five minutes at the flash peak: orders wait at the "pay" step. */
export const paymentOutage = scenario('paymentOutage', backlogDrain, {
  baselineRate: follow(traffic, 'flashOrdersPerSecond'),
  spikeRate: follow(traffic, 'flashOrdersPerSecond'),
  spikeDuration: 300,
  serviceRateDuringSpike: 0,
  serviceRate: follow(traffic, 'paymentDrainRate'),
});

/** Retries of a failed step, spread by jitter (Brooker's experiment, the library's defaults). */
export const retries = scenario('retries', backoffJitter, {});

// ---- Charts ---------------------------------------------------------------------------------------

export const hotThroughput = chart(hot, hotRowThroughput, {
  label: 'Reservations per second one hot row completes against the demand on it, for each of five locking strategies.',
  caption:
    'Each strategy follows the demand up to its bound, one over its lock hold time, and no further. The dotted line is the raw rush on the flash product.',
});

export const hotWait = chart(hot, hotRowWait, {
  label: 'Mean wait for the hot row’s lock against the demand on it, for each locking strategy, on log scales.',
  caption:
    'Mean wait before a buyer gets the row’s lock (M/G/1). Each line stops at its strategy’s bound; the dotted line is the raw rush on the flash product. Behind the waiting room the demand is far to the left, where every line is flat.',
});

export const oversell = chart(races, oversellConcurrency, {
  label:
    'Units oversold against the number of concurrent checkout workers, for each reservation strategy, from a seeded simulation.',
  caption:
    'Mean units sold beyond the stock over the seeded runs, by the number of workers racing. The five safe strategies stay at zero (the Redis counter only while Redis does not fail over, which the simulator does not model).',
});

export const stampedeChart = chart(stampede, stampedeCalls, {
  label:
    'Recomputations per expiry of one cache key against the requests a second on it, per protection strategy, on log scales.',
  caption:
    'Without protection every request that arrives while the value is being recomputed recomputes it too; coalescing and a stale-while-revalidate lease keep it at one; early refresh without a lock costs a few.',
});

export const shardChart = chart(shards, shardRebalance, {
  label:
    'Keys moved when a shard is added, modulo against a hash ring, and the ring’s load imbalance, against virtual nodes per shard.',
  caption:
    'Modulo placement moves nearly every key whatever the virtual nodes; the ring moves about one shard’s share. More virtual nodes narrow the gap between the most and the least loaded shard.',
});

export const scaleOutChart = chart(scaleOut, backlogDrainChart, {
  label: 'Orders waiting for a worker while the scale-out is on its way, and after it lands.',
  caption: 'The evening’s workers face the flash peak until the new workers arrive; then the spare capacity drains the backlog.',
});

// ---- Claims ---------------------------------------------------------------------------------------

export const rushBeyondEveryLock = claim(
  hot,
  { output: 'fastestDatabaseBound' },
  '<',
  { input: 'demand' },
  { says: 'the raw rush is above the bound of every strategy that locks the row in PostgreSQL' },
);

export const selectForUpdateKeepsUp = claim(hot, { output: 'admitted[id=select-for-update].utilization' }, '<', 1, {
  says: 'SELECT … FOR UPDATE keeps up with the admission rate',
});

export const lockBriefBottleneck = claim(hot, { output: 'lockBusyTime' }, '<', 1, {
  says: 'the row lock’s whole work for the sale takes less than a second',
});

export const oneByOneKeepsUp = claim(oneByOne, { output: 'admitted[id=conditional-update].utilization' }, '<', 1, {
  says: 'the transaction sent one statement at a time still keeps up with the admission rate',
});

export const paymentLimitCoversFlash = claim(
  traffic,
  { output: 'paymentOrdersLimit' },
  '>',
  { output: 'flashOrdersPerSecond' },
  {
    says: 'the payment provider’s rate limit admits more orders a second than the flash peak brings',
  },
);

export const scaleOutLeavesBacklog = claim(scaleOut, { output: 'peakBacklog' }, '>', 0, {
  says: 'orders pile up while the scale-out is on its way',
});

export const replicasOne = claim(traffic, { output: 'flash.readReplicas' }, '==', 1, {
  says: 'one database replica carries the flash peak’s reads',
});

/** The panel's cache is warmer than the colder case (above 80 %): only then is that case "colder". */
export const cacheWarmerThanCold = claim(traffic, { input: 'hitRatio' }, '>', COLD_HIT_RATIO, {
  says: 'the panel’s cache hit ratio is above the colder case’s 80 %',
});

/** Stripe's published default for one endpoint, 25 requests a second (the paymentRateLimit premise's source). */
export const STRIPE_DEFAULT_PER_ENDPOINT = 25;

export const paymentLimitIsStripeDefault = claim(traffic, { input: 'paymentRateLimit' }, '==', STRIPE_DEFAULT_PER_ENDPOINT, {
  says: 'the payment rate limit is Stripe’s published default per endpoint, 25 a second',
});

export const rushOverAdmission = claim(
  hot,
  { input: 'demand' },
  '>',
  { input: 'admissionRate' },
  {
    says: 'the raw rush brings more buyers a second than the order path can take on top of the flash peak',
  },
);

export const shardsAdded = claim(shards, { input: 'added' }, '>', 0, { says: 'shards are added' });
export const shardsRemoved = claim(shards, { input: 'added' }, '<', 0, { says: 'shards are removed' });

/** XFetch's mean refresh falls before the expiry (the model's earlyBy is negative when it falls after). */
export const xfetchBeforeExpiry = claim(stampede, { output: 'xfetchEarlyBy' }, '>', 0, {
  says: 'XFetch starts the refresh before the copy expires, on average',
});

export const coldCacheMoreReplicas = claim(coldCache, { output: 'flash.readReplicas' }, '>', 1, {
  says: 'the colder cache needs more than one replica at the flash peak',
});

// ---- Drills ---------------------------------------------------------------------------------------

export const noLockRoundTrips = drill(
  hot,
  { lockedRoundTrips: 1, appWorkInLock: 0 },
  {
    anchor: 'atomic-inventory-reservation',
    title: 'Do all the work in one round trip under the lock',
    question:
      'a stored procedure holds the lock for one round trip and no application work: what is SELECT … FOR UPDATE’s bound now?',
  },
);

export const slowDisk = drill(
  hot,
  { commitFlush: 0.005 },
  {
    anchor: 'atomic-inventory-reservation',
    title: 'A 5 ms commit flush',
    question: 'a network disk takes 5 ms to flush the WAL: which strategies still keep up with the admission rate?',
  },
);

export const twentyX = drill(
  traffic,
  { flashMultiplier: 20 },
  {
    anchor: 'capacity-estimation',
    title: 'A flash sale at twenty times the evening peak',
    question: 'which tier’s count moves first, and by how much?',
  },
);

export const lowHit = drill(
  traffic,
  { hitRatio: 0.8 },
  {
    anchor: 'capacity-estimation',
    title: 'The cache answers 80 % instead of 95 %',
    question: 'how many reads reach the database at the flash peak, and how many replicas does that take?',
  },
);

export const morePausing = drill(
  races,
  { pauseProbability: 0.1 },
  {
    anchor: 'the-races-that-oversell',
    title: 'One worker in ten pauses',
    question: 'what happens to the lease lock’s oversell, and to the fencing token’s?',
  },
);

// ---- Premises -------------------------------------------------------------------------------------

const jones = {
  title: 'E. Jones, “Network Latencies in the Data Center”',
  url: 'https://www.evanjones.ca/network-latencies-2021.html',
  date: '2021-09-24',
};

export const trafficPremises = assumptions(traffic, {
  dailyActiveUsers: choice('The business: 10 million monthly and 3 million daily active users.'),
  sessionsPerUser: choice('One session a day per daily user: the brief’s “a session of about 12 pages”.'),
  pagesPerSession: choice(
    'The brief: about 12 pages a session. A rule of thumb, not a measurement of your site: the bands and the tornado draw it across its range.',
  ),
  callsPerPage: choice('The brief: about 3 API calls a page.'),
  ordersPerDay: choice('The brief: about 150,000 orders a day.'),
  itemsPerOrder: choice('The brief: 2.5 items an order on average.'),
  callsPerCheckout: choice('Start, address, pay, confirm and one status poll: five calls a checkout.'),
  eveningShare: choice(
    'Half the day’s traffic in the evening window: an assumption to replace with the site’s own hourly curve.',
  ),
  eveningHours: choice('A four-hour evening window (19:00–23:00 local).'),
  flashMultiplier: choice(
    'The brief: flash sales at ten times the normal peak. A rule of thumb, not a measurement of your site: the bands and the tornado draw it across its range.',
  ),
  productReadShare: choice('Product, listing and seller pages: a little over half of the browse calls.'),
  searchShare: choice('A quarter of browse calls search.'),
  cartShare: choice('Cart calls: about one in eight.'),
  sellerToolsShare: choice('100,000 sellers’ tools: the rest, 8 %.'),
  hitRatio: choice(
    'A 95 % hit ratio for product reads: a target, not a measurement. Product pages are read far more than written, so a cache in front of the database is expected to answer most; measure yours.',
  ),
  cartWriteShare: choice('Half the cart calls change it.'),
  writesPerCheckoutCall: choice('The order and its items, the reservation, the outbox event: about two writes a checkout call.'),
  perServerCapacity: choice(
    'One API server answers 1,000 requests a second at full load: a round figure for a stateless JSON service on a few cores, to be replaced by a load test of your own service. A rule of thumb, not a measurement: the bands and the tornado draw it across its range.',
  ),
  readsPerReplica: choice(
    '10,000 indexed point reads a second per PostgreSQL replica: a conservative round figure, to be measured (the inventory lab measures writes to one hot row, not reads).',
  ),
  targetUtilization: choice(
    'Servers and replicas sized to 60 % at the named peak: room for a node’s loss and for error in the mix.',
  ),
  orderServiceTime: choice(
    '400 ms of a worker per order: a payment authorisation dominates; replace with your provider’s measured latency.',
  ),
  maxProbWait: choice('At most one order in five waits for a worker at the peak.'),
  responseBytes: choice('4 kB of compressed JSON an API answer on average; images are served by the CDN, not counted here.'),
  products: choice('The brief: 5 million products.'),
  productBytes: choice('5 kB a product row with attributes and index entries.'),
  imagesPerProduct: choice('Five images a product.'),
  imageBytes: choice(
    '500 kB an image with its resized variants. A rule of thumb, not a measurement of your catalogue: the bands and the tornado draw it across its range.',
  ),
  orderBytes: choice('2 kB an order with its items, payment record and status history.'),
  years: choice('Three years of orders kept online; older ones archived.'),
  replicationLag: source({
    title: 'Netdata, “PostgreSQL replication lag: detection, diagnosis, and fixes”',
    url: 'https://www.netdata.cloud/guides/postgres/postgres-replication-lag/',
    date: '2026-12-07',
    note: 'Read 2026-12-07 (undated guide, secondary: a monitoring vendor): “In asynchronous streaming replication, a few seconds of lag is normal.” 1 s is our choice at the low end of that; measure yours with replay_lag in pg_stat_replication.',
  }),
  paymentRateLimit: source({
    title: 'Stripe documentation, “Rate limits”',
    url: 'https://docs.stripe.com/rate-limits',
    date: '2026-12-07',
    note: 'Read 2026-12-07 (the page is undated). Live mode: 100 operations a second globally; “API endpoints have a default limit of 25 requests per second”, so POST /v1/payment_intents is 25/s by default. Stripe raises limits on request; for a large increase, “at least 6 weeks in advance”.',
  }),
  paymentCallsPerOrder: choice('One PaymentIntent created and confirmed in one call (confirm=true) per order.'),
  rushBuyers: choice(
    'The brief: 10,000 buyers reach for the one flash product. A separate input, on top of the flash peak: the page shows its ratio to the site’s checkout calls at that peak.',
  ),
  rushWindow: choice('They arrive in the first 10 s of the sale.'),
});

export const hotPremises = assumptions(hot, {
  demand: derivation('Followed from the traffic scenario: rushBuyers ÷ rushWindow.'),
  admissionRate: derivation(
    'Followed from the traffic scenario: the flash peak’s order workers’ capacity less the flash peak’s own orders (Erlang C workers ÷ service time − orders per second).',
  ),
  stock: choice('The brief: 100 units.'),
  statementsAfterUpdate: derivation('The page’s checkout transaction: INSERT the order, INSERT the outbox row.'),
  roundTripsAfterUpdate: choice(
    'The page’s design: one statement (a CTE, `WITH r AS (UPDATE … RETURNING …), o AS (INSERT order …) INSERT outbox …`, autocommit), so no round trip under the lock. Sent one by one it is 3 (the oneByOne case).',
  ),
  commitReplication: source({
    title: 'PostgreSQL documentation, 19.5.1 “Settings”: synchronous_commit',
    url: 'https://www.postgresql.org/docs/current/runtime-config-wal.html#GUC-SYNCHRONOUS-COMMIT',
    date: '2026-12-07',
    note: 'Read 2026-12-07 in the identical text EDB republishes: “the behavior for any one transaction is determined by the setting in effect when it commits. It is therefore possible, and useful, to have some transactions commit synchronously and others asynchronously.” So it is set per transaction (SET LOCAL), not per table. The value is our choice: 0 for asynchronous replication; the syncStandby case takes 1.5 ms (a round trip + the standby’s flush, on).',
  }),
  databaseRoundTrip: source({
    ...jones,
    note: `J. Dean’s 500 µs round trip within one datacenter, measured within one Google Cloud region as about the 80th percentile. Secondary for the PostgreSQL case. The inventory lab’s round trip (${(pgLab.premises.roundTrip * 1000).toFixed(3)} ms) is over the loopback interface of one machine, not a network: it is not used here.`,
  }),
  redisRoundTrip: source({ ...jones, note: 'The same 500 µs round trip within a datacenter.' }),
  statementTime: measured({
    what: `One indexed single-row statement’s server execution time: the mean of PostgreSQL’s own figure (pg_stat_statements’ mean_exec_time) for the checkout’s three statements (the conditional UPDATE, the order INSERT, the outbox INSERT), each run ${inventoryLab.parameters.premiseSamples} times inside an open transaction on an idle connection. Execution only: parsing and planning come on top (the lab’s table in “The hot row against a real PostgreSQL” shows how much)`,
    machine: `this project’s ${pgLab.machine.cores}-core CI-class machine (${pgLab.machine.cpuModel}), PostgreSQL ${pgLab.postgres}`,
    date: pgLab.date,
    lab: 'inventory',
  }),
  commitFlush: measured({
    what: `A commit’s wait for its WAL flush: the median COMMIT of a transaction that wrote a row, less the median round trip, with fsync on, synchronous_commit on and wal_sync_method ${pgLab.settings.wal_sync_method}, ${inventoryLab.parameters.premiseSamples} commits on an idle connection. The p99 was ${(pgLab.premises.commitP99 * 1000).toFixed(2)} ms: the machine is shared, and its tail includes waits for the CPU that other processes held; the median is closer to the flush itself. A lock’s bound is one over its mean hold, so on a busy machine expect less. The machine is a virtual machine whose disk acknowledges a flush this fast; a network-attached disk takes longer (the 5 ms drill)`,
    machine: `this project’s ${pgLab.machine.cores}-core CI-class machine (${pgLab.machine.cpuModel}), PostgreSQL ${pgLab.postgres}`,
    date: pgLab.date,
    lab: 'inventory',
  }),
  appWorkInLock: choice('1 ms of application work between the SELECT … FOR UPDATE and the UPDATE.'),
  lockedRoundTrips: derivation(
    'The SELECT’s reply, the UPDATE, the INSERT of the order line, and the COMMIT’s request: ½ + 1 + 1 + ½ = 3.',
  ),
  redisScriptTime: measured({
    what: `Redis CPU time per call of this project’s GCRA script (1 / ${redisScriptLab.callsPerCpuSecond} calls per Redis CPU-second, 50 clients, one command at a time): a stand-in for the reservation script, which also reads, compares and writes one key`,
    machine: `this project’s ${redisScriptLab.machine.cores}-core CI-class machine (${redisScriptLab.machine.cpuModel}), Redis ${redisScriptLab.redis}`,
    date: redisScriptLab.date,
    lab: 'gcra-throughput',
  }),
  holdScv: choice(
    'The hold time is a few round trips plus a flush: less variable than exponential (SCV 1), not constant (0). 0.5 until the lab measures it.',
  ),
});

export const racesPremises = assumptions(races, {
  stock: choice('The brief: 100 units.'),
  buyers: choice(
    'The brief: 10,000 buyers (the simulator’s own sale, not followed from the traffic panel: a simulation of every buyer has to stay quick in a browser).',
  ),
  concurrency: choice('64 checkout workers racing (the chart sweeps it).'),
  roundTrip: source({ ...jones, note: 'The time from issuing an operation to its effect: the 500 µs datacenter round trip.' }),
  pauseProbability: choice(
    'One attempt in a hundred pauses between its read and its write: a GC, a VM stall, a slow page fault.',
  ),
  pauseDuration: source({
    title: 'M. Kleppmann, “How to do distributed locking”',
    url: 'https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html',
    date: '2016-02-08',
    note: 'Stop-the-world GC pauses “have sometimes been known to last for several minutes”; 50 ms, above the 30 ms lease, is a modest one (a choice of value).',
  }),
  lease: choice(
    'A 30 ms lease, about 20× the simulator’s 1.5 ms hold (three 0.5 ms round trips): chosen short so that a 50 ms pause outlives it. The Redis documentation’s pattern uses PX 30000 (30 s), under which a 50 ms pause never oversells: the oversell counted here measures P(pause > lease), two chosen numbers.',
  ),
});

export const stampedePremises = assumptions(stampede, {
  requestRate: derivation(
    'Followed from the traffic scenario: each buyer of the rush reads the flash product’s page once an attempt (rushBuyers ÷ rushWindow), a floor for the key’s rate at the flash peak.',
  ),
  recomputeTime: choice(
    '50 ms to rebuild the product page’s cache entry (a few indexed queries and rendering): a choice, to be measured.',
  ),
  ttl: choice('A 60 s time to live for product entries.'),
  cacheNodes: choice('Four cache nodes, each caching its own copy of the hot key (a local cache in front of Redis).'),
  beta: choice('β = 1, the value the XFetch paper recommends as a default.'),
});

export const shardsPremises = assumptions(shards, {
  shards: choice('Eight order shards before the change.'),
  added: choice('One shard added.'),
  virtualNodes: choice(
    '100 virtual nodes a shard, a common starting point (Dynamo’s design assigns each node many ring points).',
  ),
  keys: derivation('Followed from the traffic scenario: the orders kept online (orders a day × 365 × years).'),
  seed: choice('Seed 1 for the ring’s random points.'),
});

export const workersPremises = assumptions(workers, {
  arrivalRate: derivation('Followed from the traffic scenario: orders per second at the flash peak.'),
  serviceRate: derivation('Followed from the traffic scenario: 1 ÷ its time per order.'),
  maxProbWait: derivation('Followed from the traffic scenario’s target.'),
});

export const workersSimPremises = assumptions(workersSim, {
  arrivalRate: derivation('The flash peak’s orders per second, from the traffic scenario.'),
  servers: derivation('The workers Erlang C asks for, from the workers scenario.'),
  meanServiceTime: derivation('The traffic scenario’s 400 ms per order.'),
  serviceScv: choice('Lognormal with SCV 1: as variable as an exponential, with the long right tail a payment call has.'),
});

export const scaleOutPremises = assumptions(scaleOut, {
  baselineRate: derivation('The flash peak’s orders per second continue after the scale-out lands.'),
  spikeRate: derivation('The flash peak’s orders per second.'),
  spikeDuration: choice(
    'Three minutes from the spike to new workers taking orders: a metric’s evaluation period, a launch and a boot. Measure your own.',
  ),
  serviceRateDuringSpike: derivation('The evening peak’s Erlang C workers ÷ 400 ms, from the traffic scenario.'),
  serviceRate: derivation('The flash peak’s Erlang C workers ÷ 400 ms, from the traffic scenario.'),
});

export const paymentPremises = assumptions(paymentOutage, {
  baselineRate: derivation('The flash peak’s orders per second.'),
  spikeRate: derivation('The flash peak’s orders per second.'),
  spikeDuration: choice('A five-minute outage of the payment provider.'),
  serviceRateDuringSpike: choice('No order completes while the provider is down: each waits at its “pay” step.'),
  serviceRate: derivation(
    'Followed from the traffic scenario: the lower of the flash peak’s workers’ capacity and the payment provider’s rate limit ÷ calls per order.',
  ),
});

// ---- Study sheet: requirements, the capacity chain, decisions, interview questions -----------------

/** The printable sheet (/case-studies/marketplace/sheet/) and the questions the page asks. */
export const sheet = studySheet({
  requirements: {
    functional: [
      'Buyers browse, search, keep a cart and check out orders of items from several sellers; sellers manage stock, prices and orders.',
      'Checkout reserves stock atomically: never oversell.',
      'An order moves through reserve → pay → confirm; a failed step undoes the earlier ones.',
      'A flash sale admits buyers first come, first served, and tells the rest “sold out” quickly.',
    ],
    nonFunctional: [
      'Browse p99 under a few hundred milliseconds at the flash peak; checkout may take seconds, never silently.',
      'Orders are never lost, even when Redis, the payment provider or the primary database fails mid-sale.',
      'Read-your-writes for a buyer’s own order right after checkout, while browsing reads replicas.',
    ],
  },
  chain: [
    { of: traffic, field: 'requestsPerDay', label: 'Requests a day', format: 'compact' },
    { of: traffic, field: 'averagePerSecond', label: 'Requests per second, on average', format: 'integer' },
    { of: traffic, field: 'flashPeakPerSecond', label: 'Requests per second at the flash peak', format: 'integer' },
    { of: traffic, field: 'flash.apiServers', label: 'API servers at the flash peak', format: 'integer' },
    { of: traffic, field: 'flash.databaseReads', label: 'Database reads per second at the flash peak', format: 'integer' },
    { of: traffic, field: 'flash.readReplicas', label: 'Read replicas at the flash peak', format: 'integer' },
    { of: traffic, field: 'flash.databaseWrites', label: 'Database writes per second at the flash peak', format: 'integer' },
    { of: hot, field: 'fastestDatabaseBound', label: 'Reservations per second one product row allows', format: 'integer' },
    { of: hot, input: 'admissionRate', label: 'Buyers per second the waiting room admits', format: 'decimal' },
    { of: traffic, field: 'flashOrdersPerSecond', label: 'Orders per second at the flash peak', format: 'decimal' },
    { of: workers, field: 'servers', label: 'Order workers at the flash peak (Erlang C)', format: 'integer' },
    {
      of: traffic,
      field: 'paymentOrdersLimit',
      label: 'Orders per second the payment provider’s limit allows',
      format: 'decimal',
    },
    { of: traffic, field: 'totalStorageBytes', label: 'Storage: products, images and kept orders', format: 'bytes' },
    { of: shards, field: 'ringMovedFraction', label: 'Orders moved by adding a shard (hash ring)', format: 'percent' },
  ],
  decisions: [
    {
      choice: 'A conditional UPDATE … WHERE stock >= n in PostgreSQL',
      over: 'SELECT … FOR UPDATE, optimistic versions or a Redis lock',
      because: 'the shortest lock hold, atomic, with no lock service; a Redis counter only for the flash product.',
    },
    {
      choice: 'A waiting room admitting the order workers’ spare capacity',
      over: 'letting the rush reach checkout',
      because: 'the rush would swamp checkout and payment, not the row; buyers wait in a visible queue instead of failing.',
    },
    {
      choice: 'Reserve synchronously, pay asynchronously',
      over: 'paying inside the checkout request',
      because: 'the buyer knows at once if a unit is theirs; a failed payment is compensated.',
    },
    {
      choice: 'Outbox, event log and idempotent workers (a choreographed saga)',
      over: 'a dual write to the database and the log',
      because: 'no lost or phantom events, and a retry never charges twice.',
    },
    {
      choice: 'Orders sharded by buyer, stock by product',
      over: 'one sharding key for both',
      because: 'a buyer’s orders and a product’s row each live on one shard; a seller’s order list needs a secondary index.',
    },
  ],
  questions: {
    'size-the-sale': 'Estimate the flash sale’s load: requests, database reads and writes, servers.',
    replicas: 'Why not simply add database replicas for the flash sale?',
    oversell: 'The rush for a flash product is far larger than its stock. How do you never oversell?',
    'lease-lock': 'Is a Redis lock with a lease safe if the holder checks it still holds the lock before writing?',
    workers: 'How many order workers for the flash sale, and how do you know they suffice?',
    stampede: 'The flash product’s cached page expires in the middle of the sale. What happens?',
    'add-shard': 'You add a shard to the orders database. How much data moves?',
    'payment-down': 'The payment provider goes down mid-sale. What do buyers see, and what do you do?',
    failover: 'The primary database fails over mid-sale. What can be lost?',
  },
});
// ---- Ranges: what the uncertain inputs could realistically be -------------------------------------

export const trafficRanges = ranges(traffic, {
  dailyActiveUsers: {
    low: 300_000,
    high: 30_000_000,
    why: 'A choice of business, so wide: a tenth of this marketplace to ten times it.',
    kind: 'choice',
  },
  pagesPerSession: {
    low: 5,
    high: 30,
    why: 'A rule of thumb from the brief, so wide: a quick visit to a long browse.',
  },
  callsPerPage: {
    low: 2,
    high: 8,
    why: 'A design choice: a page that renders from one aggregated call plus a few widgets, up to a chatty single-page app.',
    kind: 'choice',
  },
  flashMultiplier: {
    low: 3,
    high: 30,
    why: 'A guess from the brief (“ten times”), so wide: a modest promotion to a sell-out drop.',
  },
  perServerCapacity: {
    low: 300,
    high: 3000,
    why: 'A rule of thumb, so a factor of ten wide: a heavy server-rendered endpoint to a light JSON one on a few cores.',
  },
  products: {
    low: 500_000,
    high: 50_000_000,
    why: 'A choice of business: a tenth of this catalogue to ten times it.',
    kind: 'choice',
  },
  imagesPerProduct: {
    low: 1,
    high: 12,
    why: 'A choice of the catalogue: one photo to a full gallery.',
    whole: true,
    kind: 'choice',
  },
  imageBytes: {
    low: 100_000,
    high: 2_000_000,
    why: 'A rule of thumb, so wide: a compressed web image with two thumbnails, up to a large original kept beside its variants.',
  },
});

// ---- Bands, sensitivity and what breaks first (issue 13) -----------------------------------------

export const trafficBands = bands(trafficRanges, [
  { output: 'flashPeakPerSecond', label: 'API requests a second at the flash peak', format: 'integer' },
  { output: 'flash.apiServers', label: 'the API servers at the flash peak', format: 'integer' },
  { output: 'totalStorageBytes', label: 'the storage', format: 'bytes' },
]);

export const serversSensitivity = sensitivity(trafficRanges, {
  output: 'flash.apiServers',
  label: 'the API servers at the flash peak',
  format: 'integer',
});

/** The storage: the catalogue's, not the traffic's (the servers' tornado is the other way round). */
export const storageSensitivity = sensitivity(trafficRanges, {
  output: 'totalStorageBytes',
  label: 'the storage',
  format: 'bytes',
});

/**
 * The audience grows (users, their orders, the flash product's buyers); the API servers, replicas and order
 * workers are sized from the load, so they grow with it. What does not: the payment provider's limit and the
 * hot row's bound (the best database strategy's, from the hot-row panel at its defaults).
 */
export const trafficGrowth = breaksFirst(traffic, {
  load: ['dailyActiveUsers', 'ordersPerDay', 'rushBuyers'],
  checks: [
    {
      id: 'payment-limit',
      name: 'the payment provider’s rate limit',
      use: { output: 'flashOrdersPerSecond' },
      limit: { output: 'paymentOrdersLimit' },
    },
    {
      id: 'hot-row',
      name: 'the flash product’s row',
      use: { output: 'rushPerSecond' },
      limit: hot.output.fastestDatabaseBound,
    },
  ],
});

// ---- Estimation drills: the reader estimates, the model grades ----------------------------------

export const flashPeakDrill = estimationDrill('marketplace-flash-peak', trafficRanges, {
  title: 'API requests per second at a flash sale',
  draw: ['dailyActiveUsers', 'pagesPerSession', 'callsPerPage', 'flashMultiplier'],
  question:
    'A marketplace has {in.dailyActiveUsers|compact} daily active users, each with {in.sessionsPerUser} session a day of {in.pagesPerSession} pages, and each page makes {in.callsPerPage} API calls; {in.ordersPerDay|compact} orders a day make {in.callsPerCheckout} checkout calls each. {in.eveningShare|percent} of the day’s traffic arrives in a {in.eveningHours}-hour evening, and a flash sale brings {in.flashMultiplier} times that evening peak. How many API requests a second at the flash peak?',
  answer: { output: 'flashPeakPerSecond', unit: 'requests per second', format: 'compact' },
  steps: [
    'Calls a day: {in.dailyActiveUsers|compact} × {in.sessionsPerUser} × {in.pagesPerSession} pages × {in.callsPerPage} calls, plus {in.ordersPerDay|compact} × {in.callsPerCheckout} checkout calls = {out.requestsPerDay|compact}.',
    'Over a day’s 86,400 seconds: {out.averagePerSecond|compact} a second on average.',
    '{in.eveningShare|percent} of it in {in.eveningHours} hours is {out.peakToAverage} times the average: {out.eveningPeakPerSecond|compact} a second in the evening.',
    'The flash sale at {in.flashMultiplier} times that: {out.flashPeakPerSecond|compact} requests a second.',
  ],
  rule: 'A day is about 10^5 seconds, so a million a day is about 12 a second; traffic bunched into a few evening hours runs several times the day’s average (here, half the day in four hours is 3×), and a flash sale multiplies that again.',
});

export const apiServersDrill = estimationDrill('marketplace-api-servers', trafficRanges, {
  title: 'API servers for a flash sale',
  draw: ['dailyActiveUsers', 'perServerCapacity'],
  question:
    'A marketplace with {in.dailyActiveUsers|compact} daily active users ({in.sessionsPerUser} session a day of {in.pagesPerSession} pages, {in.callsPerPage} API calls a page, {in.ordersPerDay|compact} orders a day at {in.callsPerCheckout} checkout calls each, {in.eveningShare|percent} of the traffic in a {in.eveningHours}-hour evening) runs a flash sale at {in.flashMultiplier} times its evening peak. One API server handles {in.perServerCapacity|integer} requests a second flat out, and you run them at {in.targetUtilization|percent} busy. How many API servers at the flash peak?',
  answer: { output: 'flash.apiServers', unit: 'servers', format: 'integer' },
  steps: [
    'Calls a day: {out.requestsPerDay|compact}, {out.averagePerSecond|compact} a second on average, {out.eveningPeakPerSecond|compact} in the evening, {out.flashPeakPerSecond|compact} at the flash sale.',
    'One server at {in.targetUtilization|percent} busy takes {in.perServerCapacity|integer} × {in.targetUtilization|percent} requests a second.',
    'The flash peak over that, rounded up: {out.flash.apiServers|integer} servers.',
  ],
  rule: 'Servers = peak ÷ (capacity per server × target utilisation), rounded up; a few hundred to a few thousand requests a second per server is the range to start from before you measure yours.',
});

export const imagesDrill = estimationDrill('marketplace-image-storage', trafficRanges, {
  title: 'Storage for a catalogue’s images',
  draw: ['products', 'imagesPerProduct', 'imageBytes'],
  question:
    'A marketplace lists {in.products|compact} products with {in.imagesPerProduct} images each, every image {in.imageBytes|integer} bytes with its resized variants. How much storage do the images take, one copy?',
  answer: { output: 'imageStorageBytes', unit: 'bytes' },
  steps: [
    'Images: {in.products|compact} × {in.imagesPerProduct} of {in.imageBytes|integer} bytes each.',
    'That is {out.imageStorageBytes|bytes} (the product rows beside them are only {out.productStorageBytes|bytes}).',
  ],
  rule: 'A million things of a megabyte each is a terabyte (10^6 × 10^6 B = 10^12 B): media dwarfs rows, so put it in an object store behind a CDN and size the database for the rows.',
});
