/**
 * The notifications case study's module: its scenarios, charts, claims, drills and premises. The page beside
 * it (notifications.mdx) imports these for its prose; the site derives the rest from this file (the models the
 * page lists, its charts, the reader tests, capacity-diff). CONTRIBUTING.md explains each piece.
 *
 * Scenarios that read another scenario's output (the fleet's nodes and connections, the volume's per-channel and
 * per-provider peaks, the broadcast's window) follow it with follow(): an edit to the volume or fleet panel reaches
 * them. One input cannot follow: the gateway bill's instance count (a list); its premise says so.
 */
import { cost as awsCost } from '../models/capacity/cost.ts';
import { kafkaPartitions } from '../models/capacity/kafka-partitions.ts';
import { websocketFleet } from '../models/capacity/websocket-fleet.ts';
import { notificationCost } from '../models/case-studies/notification-cost.ts';
import { notificationFanout } from '../models/case-studies/notification-fanout.ts';
import { notificationVolume } from '../models/case-studies/notification-volume.ts';
import { providerQueue } from '../models/case-studies/provider-queue.ts';
import { reconnectStorm } from '../models/case-studies/reconnect-storm.ts';
import { backlogDrain } from '../models/queueing/backlog-drain.ts';
import { little } from '../models/queueing/little.ts';
import notificationsChannels from '../src/charts/notifications-channels.ts';
import notificationsCost from '../src/charts/notifications-cost.ts';
import notificationsFanout from '../src/charts/notifications-fanout.ts';
import notificationsProvider from '../src/charts/notifications-provider.ts';
import notificationsReconnect from '../src/charts/notifications-reconnect.ts';
import { chart, drill } from '../src/lib/case-study.ts';
import { claim } from '../src/lib/claims.ts';
import { estimationDrill } from '../src/lib/estimation.ts';
import { assumptions, choice, derivation, source } from '../src/lib/provenance.ts';
import { ranges, type Ranges } from '../src/lib/ranges.ts';
import { bands } from '../src/lib/bands.ts';
import { breaksFirst } from '../src/lib/breaks-first.ts';
import { sensitivity } from '../src/lib/sensitivity.ts';
import { derive, follow, scenario } from '../src/lib/scenario.ts';
import { studySheet } from '../src/lib/study-sheet.ts';

/** The day the provider pages below were re-read for this page. */
const READ = '2026-12-07';

/** The TLS crypto measurement on this project's machine (openssl speed, 2 s per test). */
export const tlsLab = {
  date: READ,
  machine: 'this project’s 2-core CI-class machine (AMD EPYC, Debian 12), OpenSSL 3.0.19, load average 1.46 from other work',
  ecdsaP256SignPerCore: 51_922,
  x25519PerCore: 29_982,
  rsa2048SignPerCore: 3_334,
};

// ---- Volume ----------------------------------------------------------------------------------------

export const volume = scenario('volume', notificationVolume, {
  dailyActiveUsers: 10_000_000,
  notificationsPerUserPerDay: 20,
  peakToAverage: 3,
  inAppShare: 1,
  pushShare: 0.4,
  emailShare: 0.08,
  smsShare: 0.005,
  broadcastRecipients: 50_000_000,
  broadcastWindow: 1800,
  broadcastPushReach: 0.6,
  androidShare: 0.5,
});

/** The volume scenario's peak for one channel, followed: a reader's edit of the volume panel reaches the queues. */
const channelPeak = (id: 'in-app' | 'push' | 'email' | 'sms', times = 1) =>
  follow(volume, `channels[id=${id}].peakPerSecond`, { times });

/** Next year's question: twice the daily users. */
export const doubled = derive('doubled', volume, { scale: { dailyActiveUsers: 2 } });

// ---- Fan-out ---------------------------------------------------------------------------------------

export const fanout = scenario('fanout', notificationFanout, {
  audience: 50_000_000,
  itemsPerDay: 1,
  openShare: 0.2,
  opensPerDay: 5,
  writeCost: 5,
  fanoutRate: 50_000,
  deliveryTarget: 1,
});

// ---- The connection tier ---------------------------------------------------------------------------

/** Handshakes per second one gateway accepts, the whole path (TLS, token check, registry write). */
export const acceptPerServer = 5_000;

export const fleet = scenario('fleet', websocketFleet, {
  concurrentConnections: 5_000_000,
  memoryPerConnection: 14_336,
  maxConnectionsPerNode: 100_000,
  nodeMemory: 8 * 1024 ** 3,
  usableMemoryFraction: 0.7,
  spareNodes: 5,
  heartbeatInterval: 30,
  sessionDuration: 3600,
  reconnectWindow: 30,
  connectCapacity: 55 * acceptPerServer,
});

/** The whole fleet's clients at once: a bad deploy everywhere, or a load balancer failing over. */
export const storm = scenario('storm', reconnectStorm, {
  clients: follow(fleet, 'connections'),
  acceptCapacity: follow(fleet, 'nodes', { times: acceptPerServer }),
  detectionSpread: 1,
  firstWindow: 30,
  base: 0.5,
  multiplier: 2,
  cap: 30,
  duration: 300,
  sampleClients: 10_000,
  seed: 1,
});

/** One gateway crashes: its clients come back to the survivors. */
export const crash = scenario('crash', reconnectStorm, {
  clients: follow(fleet, 'connectionsPerNode'),
  acceptCapacity: follow(fleet, 'nodes', { plus: -1, times: acceptPerServer }),
  detectionSpread: 1,
  firstWindow: 30,
  base: 0.5,
  multiplier: 2,
  cap: 30,
  duration: 120,
  sampleClients: 10_000,
  seed: 1,
});

/**
 * The gateways as machines: the in-app channel's cost, one m5.large (8 GiB) per gateway, and its messages' egress.
 * The instance count is a copy of the fleet's gateways at the page's defaults (`instances` is a list, which follow()
 * cannot reach); the page says so.
 */
export const gatewayBill = scenario('gatewayBill', awsCost, {
  instances: [{ type: 'm5.large', count: fleet.output.nodes }],
  internetEgressBytes: (volume.output.channels.find((c) => c.id === 'in-app')?.bytesPerDay ?? 0) * 30,
});

// ---- Providers as queues ---------------------------------------------------------------------------

/** FCM's published default quota, messages a minute per project (Firebase, "FCM throttling and quotas"; fcmQuota below). */
export const fcmDefaultPerMinute = 600_000;

/** FCM through the broadcast: the broadcast's Android pushes on top of the daily push peak's Android part. */
export const fcm = scenario('fcm', providerQueue, {
  baselineRate: follow(volume, 'fcmPeakPerSecond'),
  transactionalShare: 0.1,
  spikeRate: follow(volume, 'fcmBroadcastPerSecond'),
  spikeDuration: follow(volume, 'broadcastDuration'),
  cap: fcmDefaultPerMinute / 60,
  window: follow(volume, 'broadcastDuration'),
});

/** Concurrent requests one sender keeps open to APNs over HTTP/2, across its connections, and their round trip. */
export const apnsSender = { connections: 10, streamsPerConnection: 100, roundTrip: 0.1 };

/** APNs through the same broadcast: Apple publishes no rate limit, so the cap is our senders' concurrency ÷ latency. */
export const apns = scenario('apns', providerQueue, {
  baselineRate: follow(volume, 'apnsPeakPerSecond'),
  transactionalShare: 0.1,
  spikeRate: follow(volume, 'apnsBroadcastPerSecond'),
  spikeDuration: follow(volume, 'broadcastDuration'),
  cap: (apnsSender.connections * apnsSender.streamsPerConnection) / apnsSender.roundTrip,
  window: follow(volume, 'broadcastDuration'),
});

/** The same broadcast if every registered user had push on: its FCM part at a reach of 1, followed. */
export const fcmEveryone = scenario('fcmEveryone', providerQueue, {
  baselineRate: follow(volume, 'fcmPeakPerSecond'),
  transactionalShare: 0.1,
  spikeRate: follow(volume, 'fcmBroadcastEveryonePerSecond'),
  spikeDuration: follow(volume, 'broadcastDuration'),
  cap: follow(fcm, 'capacity'),
  window: follow(volume, 'broadcastDuration'),
});

/** SMS at the daily peak through one US short code, and a runaway producer adding marketing texts. */
export const sms = scenario('sms', providerQueue, {
  baselineRate: channelPeak('sms'),
  transactionalShare: 0.8,
  spikeRate: 500,
  spikeDuration: 600,
  cap: 100,
  window: 600,
});

/** Email at the daily peak through SES with a production quota the team asked for. */
export const email = scenario('email', providerQueue, {
  baselineRate: channelPeak('email'),
  transactionalShare: 0.3,
  spikeRate: 0,
  spikeDuration: 0,
  cap: 1_000,
  window: 1800,
});

/** The SMS provider down for ten minutes at the daily peak: 2FA codes pile up. */
export const smsOutage = scenario('smsOutage', backlogDrain, {
  baselineRate: channelPeak('sms'),
  spikeRate: channelPeak('sms'),
  spikeDuration: 600,
  serviceRate: 100,
  serviceRateDuringSpike: 0,
});

// ---- Kafka -----------------------------------------------------------------------------------------

/** Bytes of one delivery task on the topic (ids, channel, rendered payload reference, headers). */
export const taskBytes = 1_000;
/** Deliveries one partition's consumer completes per second: 20 provider calls in flight × 1 / 0.1 s each. */
export const consumerRatePerPartition = 200;

export const kafka = scenario('kafka', kafkaPartitions, {
  targetThroughput: follow(volume, 'designTarget', { times: 2 * taskBytes }),
  producerThroughputPerPartition: 10_000_000,
  consumerThroughputPerPartition: consumerRatePerPartition * taskBytes,
});

/**
 * The broadcast's pushes on a topic and consumer group of their own: sized from the broadcast's push rate with a
 * quarter of headroom, so a broadcast neither waits behind the daily traffic nor delays a 2FA push behind it.
 */
export const broadcastHeadroom = 1.25;
export const kafkaBroadcast = scenario('kafkaBroadcast', kafkaPartitions, {
  targetThroughput: follow(volume, 'broadcastPushPerSecond', { times: broadcastHeadroom * taskBytes }),
  producerThroughputPerPartition: 10_000_000,
  consumerThroughputPerPartition: consumerRatePerPartition * taskBytes,
});

/**
 * What one shared topic would do: the broadcast's pushes on top of the daily peak, through the delivery topic's
 * consumers (sized for twice the daily design target). The lag, and how long after its window the broadcast ends.
 */
export const sharedTopic = scenario('sharedTopic', backlogDrain, {
  baselineRate: follow(volume, 'designTarget'),
  spikeRate: follow(volume, 'peakWithBroadcast'),
  spikeDuration: follow(volume, 'broadcastDuration'),
  serviceRate: follow(kafka, 'partitions', { times: consumerRatePerPartition }),
});

/** The consumers down for 15 minutes at the daily peak; the brokers keep the tasks. */
export const kafkaOutage = scenario('kafkaOutage', backlogDrain, {
  baselineRate: follow(volume, 'designTarget'),
  spikeRate: follow(volume, 'designTarget'),
  spikeDuration: 900,
  serviceRate: follow(kafka, 'partitions', { times: consumerRatePerPartition }),
  serviceRateDuringSpike: 0,
});

/**
 * The email tasks of that outage once the consumers are back: they drain at SES's spare rate, not the consumers'.
 * The outage's length is the oldest task's wait in kafkaOutage (an outage makes the first task wait it out).
 */
export const emailCatchUp = scenario('emailCatchUp', backlogDrain, {
  baselineRate: channelPeak('email'),
  spikeRate: channelPeak('email'),
  spikeDuration: follow(kafkaOutage, 'maxWait'),
  serviceRate: follow(email, 'capacity'),
  serviceRateDuringSpike: 0,
});

/** Kafka producer `buffer.memory` default (bytes): Apache Kafka producer configs. */
export const producerBufferBytes = 33_554_432;

/** How many seconds of tasks one producer's default buffer holds at the peak (Little: W = L / λ). */
export const producerBuffer = scenario('producerBuffer', little, {
  arrivalRate: follow(volume, 'designTarget'),
  meanInSystem: producerBufferBytes / taskBytes,
});

/** Outbox rows the relay publishes per second once the brokers are back (batched reads and sends). */
export const relayRate = 20_000;

/**
 * The brokers down for 15 minutes at the daily peak: every notification's outbox row (written in the same
 * transaction as its inbox row) waits for the relay, which drains them once the brokers are back.
 */
export const outbox = scenario('outbox', backlogDrain, {
  baselineRate: follow(volume, 'peakPerSecond'),
  spikeRate: follow(volume, 'peakPerSecond'),
  spikeDuration: 900,
  serviceRate: relayRate,
  serviceRateDuringSpike: 0,
});

// ---- Cost ------------------------------------------------------------------------------------------

/**
 * The US carriers' pass-through fee per outbound A2P SMS segment, weighted by their subscribers: a text goes to
 * whoever the user is with, so the fee a platform pays is the blend, not one carrier's. Fees: TextVolt, "Carrier
 * Fee Snapshot by Carrier (2026)", last updated 2026-05-26, read 2026-12-07 (AT&T $0.0035, Verizon and T-Mobile
 * $0.0045 on 10DLC, toll-free and short code). Subscribers, Q3 2025 (secondary, read 2026-12-07): Verizon 146.1 M
 * wireless retail connections and T-Mobile 139.9 M (seemyphone.com, from the carriers' Q3 reports); AT&T about
 * 119 M (digitalsegment.com, "as of late 2025"). Connections, not people, and MVNO users count under no carrier
 * here (they pay the fee of the network that carries them), so the blend is a rough one.
 */
export const carrierFees = {
  carriers: [
    { name: 'Verizon', fee: 0.0045, subscribers: 146.1e6 },
    { name: 'T-Mobile', fee: 0.0045, subscribers: 139.9e6 },
    { name: 'AT&T', fee: 0.0035, subscribers: 119e6 },
  ],
  /** Σ fee × subscribers ÷ Σ subscribers */
  get weighted(): number {
    const total = this.carriers.reduce((a, c) => a + c.subscribers, 0);
    return this.carriers.reduce((a, c) => a + c.fee * c.subscribers, 0) / total;
  },
  /** the weighted fee rounded to a tenth of a cent's tenth, as the page uses it */
  get rounded(): number {
    return Number(this.weighted.toFixed(4));
  },
};

/**
 * The providers' bill for the volume panel's business: its users, notifications a user and channel shares are
 * followed (edited in the volume panel), so the bill and the sizing describe one product.
 */
export const cost = scenario('cost', notificationCost, {
  dailyActiveUsers: follow(volume, 'activeUsers'),
  notificationsPerUserPerDay: follow(volume, 'notificationsPerUser'),
  inAppShare: follow(volume, 'channels[id=in-app].share'),
  pushShare: follow(volume, 'channels[id=push].share'),
  emailShare: follow(volume, 'channels[id=email].share'),
  smsShare: follow(volume, 'channels[id=sms].share'),
  pushPrice: 0,
  emailPrice: 0.0001,
  smsPricePerSegment: 0.0083,
  smsCarrierFeePerSegment: carrierFees.rounded,
  smsSegments: 1,
  daysInMonth: 30,
});

/**
 * Texts that take two segments: past 160 GSM-7 characters (153 per part once split), or past 70 UCS-2 units when
 * any character falls outside GSM-7, such as an emoji (67 per part).
 */
export const twoSegments = derive('twoSegments', cost, { set: { smsSegments: 2 } });

// ---- Next year: twice the users ----------------------------------------------------------------------

/** Twice the connections, with the same handshake budget: what the gateways need. */
export const fleetNextYear = derive('fleetNextYear', fleet, { scale: { concurrentConnections: 2, spareNodes: 2 } });

/** Twice the daily peak and twice the broadcast at FCM: the quota to ask for. */
export const fcmNextYear = derive('fcmNextYear', fcm, { scale: { baselineRate: 2, spikeRate: 2 } });

/** Twice the daily users on the same prices. */
export const costNextYear = derive('costNextYear', cost, { scale: { dailyActiveUsers: 2 } });

// ---- Charts ----------------------------------------------------------------------------------------

export const channelsChart = chart(volume, notificationsChannels, {
  label: 'Peak deliveries per second by channel, stacked into the design target, beside every channel sized at the whole peak.',
  caption:
    'Top: the per-channel peaks from the shares; they add up to the design target. Bottom: each of the four channels sized at the whole notification peak, which oversizes the tier.',
});

export const fanoutChart = chart(fanout, notificationsFanout, {
  label:
    'Work per day for one shared source fanned out on write and on read, as its audience grows from one user to a hundred million.',
  caption:
    'Work per day in read units (a write counts as several reads), on log scales. The dashed line is the largest audience the fan-out workers write within the in-app target: the hybrid writes inboxes below it and reads the shared row above it.',
});

export const stormChart = chart(storm, notificationsReconnect, {
  label:
    'Handshake attempts per second after the whole gateway fleet drops its clients, without jitter and with jitter, against the fleet’s accept capacity.',
  caption:
    'Attempts per second on a symmetric-log scale. Without jitter the clients retry on one schedule and the waves stay synchronised far above capacity; with a jittered first attempt and full-jitter retries, attempts stay near capacity.',
});

export const fcmChart = chart(fcmEveryone, notificationsProvider, {
  label:
    'Push messages waiting for FCM through a broadcast to every registered user: the backlog grows while the broadcast lasts, then drains.',
  caption:
    'FCM’s quota (the FCM panel’s; 600 000 a minute by default) against a broadcast to every registered user plus the daily peak: the backlog grows while the broadcast is enqueued, then drains at the quota minus the daily peak. The dashed line is the window it must finish in.',
});

export const costChart = chart(cost, notificationsCost, {
  label: 'The providers’ monthly bill by channel: in-app, push, email and SMS.',
  caption:
    'Monthly provider cost by channel: each channel’s daily volume × the days in the month × its price. In-app and push carry no per-message price.',
});

// ---- Claims ----------------------------------------------------------------------------------------

export const sharesBelowNaive = claim(
  volume,
  { output: 'designTarget' },
  '<',
  { output: 'naivePeakSum' },
  {
    says: 'the design target from the shares is below four channels each sized at the whole peak',
  },
);

export const broadcastAbovePeak = claim(
  volume,
  { output: 'broadcastPushPerSecond' },
  '>',
  { output: 'channels[id=push].peakPerSecond' },
  {
    says: 'a broadcast pushes faster than the daily push peak',
  },
);

export const connectionsSetFleet = claim(
  fleet,
  { output: 'nodesForConnections' },
  '>=',
  { output: 'nodesForMemory' },
  {
    says: 'the connection limit per node, not memory, sets the number of gateways',
  },
);

export const stormOverCapacity = claim(storm, { output: 'strategies[id=no-jitter].peakToCapacity' }, '>', 1, {
  says: 'without jitter the reconnects arrive faster than the fleet accepts them',
});

export const noJitterStuck = claim(storm, { output: 'strategies[id=no-jitter].reconnectedShare' }, '<', 1, {
  says: 'without jitter some clients are still out when the simulation ends',
});

export const jitterAllBack = claim(storm, { output: 'strategies[id=full].reconnectedShare' }, '>=', 1, {
  says: 'with jitter every client is back within the simulated time',
});

export const crashAbsorbed = claim(crash, { output: 'strategies[id=no-jitter].peakToCapacity' }, '<=', 1, {
  says: 'the survivors absorb one gateway’s clients even without jitter',
});

export const readCheaper = claim(fanout, { output: 'readOverWrite' }, '<', 1, {
  says: 'fan-out on read does less work than on write for the broadcast',
});

export const writeTooSlow = claim(
  fanout,
  { output: 'fanoutTime' },
  '>',
  { input: 'deliveryTarget' },
  {
    says: 'writing every recipient’s inbox takes longer than the in-app target',
  },
);

export const fcmFits = claim(
  fcm,
  { output: 'plannedRate' },
  '<=',
  { input: 'cap' },
  {
    says: 'FCM’s quota covers the broadcast on top of the daily peak',
  },
);

export const fcmHeadroom = claim(
  fcm,
  { output: 'plannedRate' },
  '<=',
  { input: 'cap' },
  {
    times: 0.8,
    says: 'the broadcast on top of the daily peak keeps FCM at or below 80 % of its quota',
  },
);

/** Push traffic (the daily peak and the broadcast together) meets FCM's quota before it has doubled: growthToCap < 2. */
export const fcmShortBeforeDouble = claim(
  fcm,
  { output: 'plannedRate' },
  '>',
  { input: 'cap' },
  {
    times: 0.5,
    says: 'push traffic meets FCM’s quota before it doubles',
  },
);

/** The FCM panel's quota is Google's published default (the page then calls it the default). */
export const fcmAtDefault = claim(fcm, { input: 'cap' }, '==', fcmDefaultPerMinute / 60, {
  says: 'the FCM quota in the panel is Google’s published default',
});

/** The daily peak sends pushes at all (with a push share of 0 the broadcast is the only push traffic). */
export const dailyPushes = claim(volume, { output: 'channels[id=push].peakPerSecond' }, '>', 0, {
  says: 'the daily peak sends pushes',
});

/** The all-users broadcast leaves messages waiting at FCM (a queue a 2FA alert could wait behind). */
export const everyoneQueues = claim(
  fcmEveryone,
  { output: 'plannedRate' },
  '>',
  { input: 'cap' },
  {
    says: 'a broadcast to every registered user leaves a queue at FCM',
  },
);

/** SES's rate covers the daily email peak, so an email backlog drains (at the rate left over the peak). */
export const sesCoversEmailPeak = claim(
  emailCatchUp,
  { input: 'serviceRate' },
  '>',
  { input: 'baselineRate' },
  {
    says: 'SES’s sending rate is above the daily email peak',
  },
);

/** A source followed by more than one user: the fan-out crossover (items a day) exists only then. */
export const audienceShared = claim(fanout, { input: 'audience' }, '>', 1, {
  says: 'the shared source has more than one follower',
});

export const apnsFits = claim(
  apns,
  { output: 'plannedRate' },
  '<=',
  { input: 'cap' },
  {
    says: 'our APNs senders keep up with the broadcast on top of the daily peak',
  },
);

export const everyoneLate = claim(
  fcmEveryone,
  { output: 'capForWindow' },
  '>',
  { input: 'cap' },
  {
    says: 'a broadcast to every registered user does not fit FCM’s quota within the window',
  },
);

export const fcmNextYearShort = claim(
  fcmNextYear,
  { output: 'capForWindow' },
  '>',
  { input: 'cap' },
  {
    says: 'next year’s broadcast needs more than FCM’s quota',
  },
);

export const nextYearStorm = claim(fleetNextYear, { output: 'peakToConnectCapacity' }, '>', 1, {
  says: 'at twice the connections a fleet-wide reconnect outruns today’s handshake budget even with jitter',
});

export const sharedTopicLate = claim(sharedTopic, { output: 'peakBacklog' }, '>', 0, {
  says: 'on the daily delivery topic a broadcast leaves a lag when its window ends',
});

/** Kafka producer `max.block.ms` default (s): how long send() blocks on a full buffer before it fails. */
export const maxBlockSeconds = 60;

export const bufferIsSeconds = claim(producerBuffer, { output: 'meanTimeInSystem' }, '<', maxBlockSeconds, {
  says: 'the producer’s default buffer holds less than a minute of the peak’s tasks',
});

// The backlog λD drains at μ − λ in λD / (μ − λ), shorter than the outage D exactly when μ > 2λ.
export const outboxDrainsFaster = claim(
  outbox,
  { input: 'serviceRate' },
  '>',
  { input: 'baselineRate' },
  {
    times: 2,
    says: 'the relay drains a broker outage’s outbox rows faster than the outage lasted',
  },
);

export const runawayQueues = claim(
  sms,
  { output: 'plannedRate' },
  '>',
  { input: 'cap' },
  {
    says: 'the runaway producer pushes SMS past the short code’s rate',
  },
);

/** How long a 2FA code stays valid (a product choice; common for one-time codes). */
export const codeValiditySeconds = 300;

export const outageOutlivesCodes = claim(smsOutage, { output: 'maxWait' }, '>', codeValiditySeconds, {
  says: 'a 2FA code queued through the outage waits longer than its validity',
});

export const smsDominates = claim(cost, { output: 'smsShareOfBill' }, '>', 0.5, {
  says: 'SMS is most of the providers’ bill',
});

// ---- Drills ----------------------------------------------------------------------------------------

export const moreSms = drill(
  volume,
  { smsShare: 0.02 },
  {
    anchor: 'cost-per-month',
    title: 'SMS for every security alert: 2 % of notifications',
    question: 'what does the bill become, and which line of it would you negotiate first?',
  },
);

export const quietReach = drill(
  volume,
  { broadcastPushReach: 1, broadcastWindow: 600 },
  {
    anchor: 'capacity-estimation',
    title: 'A broadcast to everyone in ten minutes',
    question: 'how many pushes per second, against FCM’s quota (10 000/s by default) for half of them?',
  },
);

export const jitterOff = drill(
  storm,
  { firstWindow: 0 },
  {
    anchor: 'the-reconnect-storm',
    title: 'Keep full-jitter retries but drop the jittered first attempt',
    question: 'does full jitter on retries alone protect the fleet?',
  },
);

export const biggerGateways = drill(
  fleet,
  { maxConnectionsPerNode: 250_000 },
  {
    anchor: 'the-connection-tier',
    title: '250 000 connections per gateway',
    question: 'fewer machines: what happens to the blast radius of one crash, and does memory start to bind?',
  },
);

export const slowConsumers = drill(
  kafkaOutage,
  { spikeDuration: 3600 },
  {
    anchor: 'failure-scenarios-and-mitigations',
    title: 'The consumers stay down for an hour',
    question: 'how deep is the lag, how long does it drain, and what is left of the in-app messages in it?',
  },
);

// ---- Premises --------------------------------------------------------------------------------------

export const volumePremises = assumptions(volume, {
  dailyActiveUsers: choice('The business: 50 million registered, 30 million monthly and 10 million daily active users.'),
  notificationsPerUserPerDay: choice(
    'The business: about 20 notifications per daily user per day. It must be more than 0: with none there is no peak to size, and the ratios the page states (four channels at the whole peak over the design target, the broadcast over the daily push peak) would be 0 ÷ 0.',
  ),
  peakToAverage: choice(
    'The busiest hour at three times the day’s average: a consumer app whose users sit in a few time zones. Measure it from the delivery log.',
  ),
  inAppShare: choice('Every notification lands in the in-app inbox; online users also get it over their socket.'),
  pushShare: choice('Users’ preferences: 40 % of notifications also go out as a push.'),
  emailShare: choice('Receipts, digests and account mail: 8 % of notifications also go out as an email.'),
  smsShare: choice('2FA codes and a few critical alerts: 0.5 % of notifications go out as an SMS.'),
  emailBytes: choice('A 40 kB HTML email with its text part, images linked rather than attached.'),
  inboxRowBytes: derivation(
    'Two 16-byte ids, type and actor (16 B), a rendered title and body (~200 B), read flag and two timestamps (17 B), and a secondary index entry (~100 B), rounded up to 400 B.',
  ),
  logRowBytes: derivation(
    'Notification id (16 B), channel (1 B), provider message id (~40 B), status (1 B), three timestamps (24 B), row and index overhead (~60 B): about 150 B.',
  ),
  broadcastRecipients: choice('A broadcast goes to every registered user.'),
  broadcastWindow: choice('The business: a broadcast must finish within half an hour.'),
  broadcastPushReach: choice('60 % of registered users have the app installed with push permission.'),
  androidShare: choice(
    'Half the pushes go to Android devices through FCM, the rest to iOS through APNs: a US-leaning audience. Secondary and dated figures bound it: StatCounter’s mobile OS share for North America in June 2021 was about 46 % Android and 54 % iOS, and worldwide in September 2021 about 72 % Android (StatCounter Global Stats as quoted by nikoismusic.com, “What mobile OS has the most users worldwide?”, read 2026-12-07; the StatCounter pages themselves render by script). A global audience, or iOS pushes sent through FCM as many apps do, raises it toward 0.7–1. Take it from your own device registry.',
  ),
});

export const fanoutPremises = assumptions(fanout, {
  audience: choice('The broadcast: every registered user.'),
  opensPerDay: choice('A daily user opens the notification inbox five times a day. Measure it.'),
  writeCost: choice(
    'A row write costs five row reads. Amazon DynamoDB’s on-demand pricing page (https://aws.amazon.com/dynamodb/pricing/on-demand/, read 2026-12-07) bills reads and writes as separate request units (a write unit covers 1 KB, a strongly consistent read unit 4 KB); the prices themselves render by script and could not be re-read here, so the ratio of five is a stated choice, not a sourced price. Measure your store.',
  ),
  inboxRowBytes: derivation('As in the volume scenario: about 400 B per inbox row with its index entry.'),
  fanoutRate: choice(
    'Fan-out workers writing 50 000 inbox rows per second in batches: the store’s write capacity the team provisions.',
  ),
});

export const fleetPremises = assumptions(fleet, {
  concurrentConnections: choice('The business: up to 5 million connected at once.'),
  memoryPerConnection: source({
    title: 'websockets (Python) documentation, “Memory and buffers”',
    url: 'https://websockets.readthedocs.io/en/stable/topics/memory.html',
    date: READ,
    note: '“You can reduce memory usage to 14 KiB per connection if you disable compression entirely” (64 KiB with the defaults). Notifications are small JSON frames, so the gateways turn permessage-deflate off. One library’s figure: a Go or Erlang gateway holds an idle connection in a few kilobytes, a JVM one in more. Measure yours.',
  }),
  maxConnectionsPerNode: source({
    title: 'Centrifugo documentation, FAQ: “How many connections can one Centrifugo instance handle?”',
    url: 'https://centrifugal.dev/docs/faq',
    date: READ,
    note: '“Generally, we suggest not putting more than 50-100k clients on one node”: the upper end, to keep one crash’s blast radius small.',
  }),
  nodeMemory: choice(
    'An m5.large gateway: 8 GiB, two vCPUs (the handshakes need the cores more than the connections need memory).',
  ),
  usableMemoryFraction: choice('70 % of a node’s memory for connections; the rest for the OS, the runtime and bursts.'),
  spareNodes: choice(
    'Five spare gateways: 10 % headroom over the peak, so a crash or a rolling deploy does not overfill the rest.',
  ),
  heartbeatInterval: choice('A ping every 30 s (Phoenix’s default): well under the 60 s idle timeouts of common load balancers.'),
  sessionDuration: choice('A connection lasts an hour on average (apps backgrounded, networks changing).'),
  reconnectWindow: choice('Clients spread their first reconnect over 30 s.'),
  connectCapacity: derivation(
    `55 gateways × ${acceptPerServer} handshakes per second each. The per-gateway figure is a choice bounded by a measurement: on this project’s machine one core signs ${tlsLab.ecdsaP256SignPerCore} ECDSA P-256 signatures and does ${tlsLab.x25519PerCore} X25519 operations per second (openssl speed, ${tlsLab.date}), so a TLS 1.3 handshake’s crypto (one signature, two X25519 operations) costs about 86 µs, some 11 600 per core; the rest of the path (the token check, the registry write) is budgeted to leave 5 000 per gateway. Measure the whole handshake on your gateway.`,
  ),
});

const stormCapacity = choice(
  `The gateways × ${acceptPerServer} handshakes per second each: a budget for the whole path (TLS, token check, registry write), a choice. It is bounded by a measurement of one part of it, the TLS 1.3 crypto on one core of this project’s machine (${tlsLab.machine}; openssl speed -seconds 2, ${tlsLab.date}): ECDSA P-256 sign ${tlsLab.ecdsaP256SignPerCore}/s, X25519 ${tlsLab.x25519PerCore}/s, RSA-2048 sign ${tlsLab.rsa2048SignPerCore}/s, about 86 µs and some 11 600 full handshakes per core. That machine is not the m5.large the budget sizes (two vCPUs are one core with hyper-threading). A resumed TLS session skips the signature, and most of a reconnect storm can resume. Measure the whole handshake on your gateway.`,
);

export const stormPremises = assumptions(storm, {
  clients: choice('Every connection of the fleet at once: a bad deploy everywhere, or the load balancer failing over.'),
  acceptCapacity: stormCapacity,
  detectionSpread: choice('A crash closes the sockets at once; clients notice within a second.'),
  firstWindow: choice('With jitter, the first attempt comes within 30 s.'),
  base: choice('Backoff from 0.5 s, doubling, capped at 30 s: a common client default.'),
  cap: choice('Retries at most 30 s apart.'),
});

export const gatewayBillPremises = assumptions(gatewayBill, {
  internetEgressBytes: derivation(
    'The in-app messages of a 30-day month at the volume scenario’s defaults (notifications per day × in-app share × 600 B); heartbeats and TLS overhead left out. A copy: it does not follow edits to the volume panel.',
  ),
});

export const crashPremises = assumptions(crash, {
  clients: derivation('One gateway’s share of the peak connections: follows the fleet panel.'),
  acceptCapacity: stormCapacity,
  detectionSpread: choice('A crash closes the sockets at once; clients notice within a second.'),
});

const fcmQuota = source({
  title: 'Firebase documentation, “FCM throttling and quotas”',
  url: 'https://firebase.google.com/docs/cloud-messaging/throttling-and-quotas',
  date: READ,
  note: '“The default quota of 600,000 messages per minute covers over 99% of FCM developers”; above it, HTTP 429 until the quota refills the next minute; the quota counts messages, not requests. Per project; it can be raised on request.',
});

export const fcmPremises = assumptions(fcm, {
  baselineRate: derivation('The daily push peak × the Android share: follows the volume panel.'),
  transactionalShare: choice('One push in ten is transactional (a login alert, a payment).'),
  spikeRate: derivation(
    'The broadcast’s push rate (recipients × push reach ÷ window) × the Android share: follows the volume panel.',
  ),
  spikeDuration: derivation('The broadcast is enqueued evenly over its window: follows the volume panel.'),
  cap: fcmQuota,
  window: derivation('The broadcast’s window: follows the volume panel.'),
});

export const fcmEveryonePremises = assumptions(fcmEveryone, {
  baselineRate: derivation('The daily push peak × the Android share: follows the volume panel.'),
  transactionalShare: choice('One push in ten is transactional (a login alert, a payment).'),
  spikeRate: derivation('Every broadcast recipient (push reach 1) ÷ the window × the Android share: follows the volume panel.'),
  spikeDuration: derivation('The broadcast’s window: follows the volume panel.'),
  cap: derivation('FCM’s quota in the FCM panel (followed): 600 000 a minute by default, sourced there.'),
  window: derivation('The broadcast’s window: follows the volume panel.'),
});

export const apnsPremises = assumptions(apns, {
  baselineRate: derivation('The daily push peak × (1 − the Android share): follows the volume panel.'),
  transactionalShare: choice('One push in ten is transactional (a login alert, a payment).'),
  spikeRate: derivation('The broadcast’s push rate × (1 − the Android share): follows the volume panel.'),
  spikeDuration: derivation('The broadcast is enqueued evenly over its window: follows the volume panel.'),
  cap: choice(
    `Apple publishes no numeric rate limit for APNs (“Sending notification requests to APNs”, Apple Developer documentation, https://developer.apple.com/documentation/usernotifications/sending-notification-requests-to-apns, read 2026-12-07: it describes storing one notification per bundle ID for an offline device, for up to 30 days, and no rate). The cap is our senders’: ${apnsSender.connections} HTTP/2 connections × ${apnsSender.streamsPerConnection} concurrent streams ÷ a ${apnsSender.roundTrip * 1000} ms round trip (Little’s law). Measure the round trip and the stream limit APNs advertises in its SETTINGS frame.`,
  ),
});

export const smsPremises = assumptions(sms, {
  baselineRate: derivation('The daily SMS peak: follows the volume panel.'),
  transactionalShare: choice('Four SMS in five are 2FA codes.'),
  spikeRate: choice('A runaway producer: a marketing job stuck in a loop adding 500 texts per second.'),
  spikeDuration: choice('Ten minutes before an alert fires and someone stops it.'),
  cap: source({
    title: 'AWS End User Messaging SMS User Guide, “What are the Message Parts per Second (MPS) limits”',
    url: 'https://docs.aws.amazon.com/sms-voice/latest/userguide/sms-limitations-mps.html',
    date: READ,
    note: '“if you use a United States short code to send messages to recipients in the US, you can send 100 MPS … a US toll-free number … 3 MPS”. Twilio’s error 30001 page agrees: a US long code sends 1 segment per second, a short code over 100 (twilio.com/docs/api/errors/30001, read the same day).',
  }),
});

export const emailPremises = assumptions(email, {
  baselineRate: derivation('The daily email peak: follows the volume panel.'),
  transactionalShare: choice('Three emails in ten are transactional (receipts, password resets).'),
  cap: choice(
    'A production sending rate of 1 000 emails/s requested from AWS. AWS publishes no default: “If your account is out of the sandbox, this rate varies based on your specific use case” (Amazon SES Developer Guide, “Service quotas in Amazon SES”, https://docs.aws.amazon.com/ses/latest/dg/quotas.html, read 2026-12-07; the sandbox allows 1 email/s and 200 per 24 h).',
  ),
});

export const smsOutagePremises = assumptions(smsOutage, {
  baselineRate: derivation('The daily SMS peak: follows the volume panel; during the outage arrivals go on at the same rate.'),
  spikeRate: derivation('The same rate: nothing changes but the provider.'),
  spikeDuration: choice('A ten-minute provider outage.'),
  serviceRate: derivation(
    'The short code’s 100 message parts per second (AWS End User Messaging SMS, read 2026-12-07) once the provider is back.',
  ),
  serviceRateDuringSpike: choice('The provider accepts nothing during the outage.'),
});

const rao = source({
  title: 'J. Rao, “How to choose the number of topics/partitions in a Kafka cluster?”, Confluent blog, 2015',
  url: 'https://www.confluent.io/blog/how-choose-number-topics-partitions-kafka-cluster/',
  date: '2015-03-12',
  note: 'On production rates per partition: “one can produce at 10s of MB/sec on just a single partition”. The lower end, 10 MB/s.',
});

export const kafkaPremises = assumptions(kafka, {
  targetThroughput: derivation(
    `Twice the design target (follows the volume panel) × ${taskBytes} B a delivery task: room to catch up after an outage, since partitions cannot be added later without moving keys.`,
  ),
  producerThroughputPerPartition: rao,
  consumerThroughputPerPartition: derivation(
    `A partition’s consumer keeps 20 provider calls in flight at about 100 ms each: 20 / 0.1 s = ${consumerRatePerPartition} deliveries/s (Little’s law) × ${taskBytes} B. The provider’s latency, not Kafka, sets it.`,
  ),
});

export const kafkaBroadcastPremises = assumptions(kafkaBroadcast, {
  targetThroughput: derivation(
    `The broadcast’s push rate (follows the volume panel) × ${broadcastHeadroom} (a chosen quarter of headroom, so slow provider calls do not push the last message past the window) × ${taskBytes} B a task.`,
  ),
  producerThroughputPerPartition: rao,
  consumerThroughputPerPartition: derivation(
    `As on the delivery topic: 20 provider calls in flight ÷ 0.1 s = ${consumerRatePerPartition} deliveries/s per partition’s consumer (Little’s law).`,
  ),
});

export const sharedTopicPremises = assumptions(sharedTopic, {
  baselineRate: derivation('The daily design target (follows the volume panel): a broadcast lands on the daily peak.'),
  spikeRate: derivation('The design target plus the broadcast’s push rate (follows the volume panel).'),
  spikeDuration: derivation('The broadcast’s window (follows the volume panel).'),
  serviceRate: derivation(
    `The delivery topic’s partitions (followed) × ${consumerRatePerPartition} deliveries/s per partition’s consumer.`,
  ),
});

export const producerBufferPremises = assumptions(producerBuffer, {
  arrivalRate: derivation('The design target (follows the volume panel): one producer taking the whole peak.'),
  meanInSystem: source({
    title: 'Apache Kafka documentation, “Producer Configs”: buffer.memory and max.block.ms',
    url: 'https://kafka.apache.org/documentation/#producerconfigs_buffer.memory',
    date: READ,
    note: `“The total bytes of memory the producer can use to buffer records waiting to be sent to the server. If records are sent faster than they can be delivered to the server the producer will block for max.block.ms after which it will throw an exception.” Default ${producerBufferBytes} B (32 MiB: ProducerConfig.java defines it as 32 * 1024 * 1024L); max.block.ms defaults to 60 000 ms. ÷ ${taskBytes} B a task. Each API instance has its own buffer, so N instances hold N times as long at the same total rate.`,
  }),
});

export const outboxPremises = assumptions(outbox, {
  baselineRate: derivation(
    'One outbox row per notification at the daily peak (follows the volume panel), written in the same transaction as its inbox row.',
  ),
  spikeRate: derivation('The same rate: the API goes on accepting notifications while the brokers are down.'),
  spikeDuration: choice('Fifteen minutes of brokers down (a cluster-wide incident, or a network partition).'),
  serviceRate: choice(
    `The relay publishes ${relayRate} outbox rows per second once the brokers are back: batched reads of the outbox by id and batched sends. Measure it; its reads land on the same store as the inbox writes.`,
  ),
  serviceRateDuringSpike: choice('Nothing is published while the brokers are down.'),
});

export const kafkaOutagePremises = assumptions(kafkaOutage, {
  baselineRate: derivation('The design target (follows the volume panel): the outage strikes at the peak.'),
  spikeRate: derivation('Arrivals go on at the same rate: the brokers keep accepting tasks.'),
  spikeDuration: choice('Fifteen minutes of consumers down (a bad deploy rolled back).'),
  serviceRate: derivation(
    `The Kafka scenario’s partitions (followed) × ${consumerRatePerPartition} deliveries/s per partition’s consumer.`,
  ),
  serviceRateDuringSpike: choice('No consumer runs during the outage.'),
});

export const emailCatchUpPremises = assumptions(emailCatchUp, {
  baselineRate: derivation('The daily email peak: follows the volume panel.'),
  spikeRate: derivation('Email tasks keep arriving at the same rate while the consumers are down.'),
  spikeDuration: derivation('The consumers’ outage: follows the outage panel (its oldest task waits exactly the outage out).'),
  serviceRate: derivation('The SES sending rate of the email scenario (followed): a choice stated there.'),
  serviceRateDuringSpike: choice('No email goes out while the consumers are down.'),
});

export const costPremises = assumptions(cost, {
  dailyActiveUsers: derivation('The volume panel’s daily active users (followed: edit them there).'),
  notificationsPerUserPerDay: derivation('The volume panel’s notifications per daily user per day (followed).'),
  inAppShare: derivation('The volume panel’s in-app share (followed).'),
  pushShare: derivation('The volume panel’s push share (followed).'),
  emailShare: derivation('The volume panel’s email share (followed).'),
  smsShare: derivation('The volume panel’s SMS share (followed).'),
  pushPrice: source({
    title: 'Firebase Cloud Messaging documentation (developer.android.com/google/gcm, Google’s page)',
    url: 'https://firebase.google.com/docs/cloud-messaging',
    date: READ,
    note: '“Firebase Cloud Messaging (FCM) is a cross-platform messaging solution that lets you reliably send messages at no cost.” Apple charges nothing per APNs message beyond the developer programme’s fee (not re-read: stated from Apple’s programme terms).',
  }),
  emailPrice: source({
    title:
      'Amazon SES pricing, $0.10 per 1 000 emails (secondary: acecloudinterviews.com “AWS SES” tutorial and cloudcostkit.com “SES pricing”)',
    url: 'https://aws.amazon.com/ses/pricing/',
    date: READ,
    note: 'Secondary sources only: the AWS page renders its prices with scripts the stored copies here do not run. The address is where to check it. No free tier or dedicated IPs counted.',
  }),
  smsPricePerSegment: source({
    title:
      'Twilio US SMS, $0.0083 per outbound segment (secondary: dev.to, “Twilio SMS API cost: complete pricing breakdown for 2026”; budgetforge.dev, updated 2026-07-05)',
    url: 'https://www.twilio.com/en-us/sms/pricing/us',
    date: READ,
    note: 'Secondary sources only; the address is Twilio’s own page, where to check it. The most recent of them dates the price: K. Lane, “Twilio API Pricing: What a Text Message Costs, and What Gets Added” (API Evangelist, 2026-11-12, read 2026-12-07) read Twilio’s US SMS pricing page on 2026-11-09, which said its prices were “current as of October 2026”: $0.0083 an outbound SMS from a long code, a toll-free number or a short code. Volume discounts from 150 000 messages a month are not applied.',
  }),
  smsCarrierFeePerSegment: derivation(
    `The US carriers’ pass-through fees per outbound segment weighted by their subscribers: ${carrierFees.carriers
      .map((c) => `${c.name} $${c.fee} × ${(c.subscribers / 1e6).toFixed(1)} M`)
      .join(
        ', ',
      )}, ÷ ${(carrierFees.carriers.reduce((a, c) => a + c.subscribers, 0) / 1e6).toFixed(1)} M = $${carrierFees.weighted.toFixed(5)}, rounded to $${carrierFees.rounded}. Fees from TextVolt, “Carrier Fee Snapshot by Carrier (2026)” (help.textvolt.com, last updated 2026-05-26, read 2026-12-07; the same figures in dev.to’s “Twilio SMS API cost: complete pricing breakdown for 2026” and budgetforge.dev, 2026-07-05). Subscribers, Q3 2025, all secondary (read 2026-12-07): Verizon’s 146.1 M and T-Mobile’s 139.9 M wireless retail connections from their quarterly reports as seemyphone.com quotes them, AT&T’s about 119 M from digitalsegment.com. Connections count tablets and watches too, so the weights are rough; AT&T’s lower fee alone ($0.0035) was the page’s figure before, a lower bound. If your users lean to one carrier, enter its fee.`,
  ),
  smsSegments: choice(
    'A 2FA text fits one segment: up to 160 GSM-7 characters, or up to 70 UCS-2 units if any character is outside GSM-7 (an emoji, a Cyrillic name); once split, each part holds 153 or 67 (Twilio, “What is UCS-2 character encoding?”, https://www.twilio.com/docs/glossary/what-is-ucs-2-character-encoding, read 2026-12-07). Most accented Latin letters (é, ñ, ü, à) are in GSM-7.',
  ),
  daysInMonth: choice('A 30-day month; AWS’s 730-hour month is 30.4 days, and a 31-day month adds 3.3 %.'),
});

// ---- Study sheet: requirements, the capacity chain, decisions, interview questions -----------------

/** The printable sheet (/case-studies/notifications/sheet/) and the questions the page asks. */
export const sheet = studySheet({
  requirements: {
    functional: [
      'Producers send to a user or an audience; the system renders, stores in the inbox, and delivers in-app, push, email and SMS as preferences allow.',
      'Transactional messages (2FA, receipts, security alerts) go ahead of marketing, even when marketing is throttled.',
      'Per-user limits, quiet hours and opt-outs; broadcasts to every user finish within a set window.',
      'At least once per channel, shown at most once: retries deduplicated by notification id.',
    ],
    nonFunctional: [
      'In-app within a second, push within seconds, email within tens of seconds; a 2FA text within seconds.',
      'Notifications are accepted while a provider is down; they queue and drain.',
      'Each provider’s cap stated with what happens past it; the monthly bill by channel.',
    ],
  },
  chain: [
    { of: volume, field: 'notificationsPerDay', label: 'Notifications a day', format: 'compact' },
    { of: volume, field: 'averagePerSecond', label: 'Notifications per second, on average', format: 'integer' },
    { of: volume, field: 'peakPerSecond', label: 'Notifications per second at peak', format: 'integer' },
    { of: volume, field: 'channelsPerNotification', label: 'Channels per notification (sum of shares)', format: 'decimal' },
    { of: volume, field: 'designTarget', label: 'Deliveries per second at peak: the design target', format: 'integer' },
    { of: volume, field: 'broadcastPushPerSecond', label: 'Pushes per second during a broadcast', format: 'integer' },
    { of: fcm, field: 'plannedRate', label: 'FCM sends per second, broadcast on the daily peak', format: 'integer' },
    { of: fcm, input: 'cap', label: 'FCM’s quota per second (10 000 by default)', format: 'integer' },
    { of: fleet, input: 'concurrentConnections', label: 'WebSocket connections at peak', format: 'compact' },
    { of: fleet, field: 'nodes', label: 'Gateways, spares included', format: 'integer' },
    { of: kafka, field: 'partitions', label: 'Partitions of the daily delivery topics', format: 'integer' },
    { of: volume, field: 'inboxBytes', label: 'Inbox storage, copies included', format: 'bytes' },
    { of: cost, field: 'usdPerMonth', label: 'Providers’ bill a month (USD)', format: 'usd' },
    { of: cost, field: 'smsShareOfBill', label: 'SMS share of that bill', format: 'percent' },
  ],
  decisions: [
    {
      choice: 'Channels sized from their shares of notifications',
      over: 'every channel at the whole peak',
      because: 'the channel peaks then add up to the design target instead of several times it.',
    },
    {
      choice: 'Hybrid inbox fan-out: on write for small audiences, on read above a threshold',
      over: 'always on write',
      because: 'a broadcast written to every inbox takes far longer than the in-app target.',
    },
    {
      choice: 'Kafka between the API and the senders, topics per channel and priority, keyed by user',
      over: 'calling providers from the API',
      because: 'it accepts at the producers’ rate while providers are slow or down, and replays.',
    },
    {
      choice: 'Gateways capped per node by connections',
      over: 'filling each node’s memory',
      because: 'a crash then moves a bounded number of clients, which the rest absorb.',
    },
    {
      choice: 'permessage-deflate off',
      over: 'the library’s default compression',
      because: 'it multiplies memory per connection, and notification frames are small.',
    },
    {
      choice: 'Jittered reconnects with full-jitter retries',
      over: 'immediate reconnects',
      because: 'without jitter a fleet-wide drop overloads the accept path.',
    },
    {
      choice: 'A transactional lane ahead of bulk at every provider',
      over: 'one FIFO queue',
      because: 'a 2FA code behind a backlog waits as long as the backlog.',
    },
    {
      choice: 'A second SMS provider for transactional texts',
      over: 'one provider',
      because: 'one provider’s outage would outlive the codes.',
    },
  ],
  questions: {
    'size-the-channels': 'Estimate the delivery rate. Why not size each channel at the peak notification rate?',
    fanout: 'Fan-out on write or on read for a broadcast to every user?',
    gateways: 'How many WebSocket gateways do you need, and what limits one?',
    'reconnect-storm': 'The whole gateway fleet restarts at once. What do you see, and what do you change?',
    broadcast: 'Marketing wants a broadcast push to every user, within the window. Does FCM’s quota hold?',
    'two-factor':
      'A marketing job floods the SMS queue, or the SMS provider goes down. How does a 2FA code still arrive in time?',
    'kafka-down': 'The Kafka brokers are down. Are notifications lost?',
    bill: 'What dominates the monthly bill, and how do you cut it?',
  },
});
// ---- Ranges: what the uncertain inputs could realistically be -------------------------------------

const usersWhy = 'A choice of business, so wide: a tenth of this app’s daily users to ten times them.';
const perUserWhy = 'A choice of product, so wide: a quiet app with a few notifications a day to a busy social one.';

export const volumeRanges = ranges(volume, {
  dailyActiveUsers: { low: 1_000_000, high: 100_000_000, why: usersWhy, kind: 'choice' },
  notificationsPerUserPerDay: { low: 2, high: 60, why: perUserWhy, kind: 'choice' },
  peakToAverage: {
    low: 1.5,
    high: 6,
    why: 'A rule of thumb to measure from the delivery log: users spread over many time zones flatten the day, users in one country sharpen its evening.',
  },
});

export const fleetRanges = ranges(fleet, {
  concurrentConnections: {
    low: 500_000,
    high: 50_000_000,
    why: 'A choice of business: a tenth of this app’s connected users to ten times them.',
    kind: 'choice',
  },
  maxConnectionsPerNode: {
    low: 20_000,
    high: 200_000,
    why: 'A setting of the design, its blast radius: the connections a gateway drops when it dies. A published guideline (Centrifugo: 50–100k a node) says what one can hold; you cap below what yours can, from 20 000 to 200 000. The bands and the tornado hold it at the panel’s value.',
    kind: 'choice',
  },
  memoryPerConnection: {
    low: 4096,
    high: 65_536,
    why: 'One library’s figure (websockets, Python: 14 KiB with compression off, 64 KiB with its defaults, the top of the range: a gateway that leaves permessage-deflate on, or a JVM one with large buffers). An epoll-based Go server held a million connections in under 1 GB of its own memory (Eran Yanay, “Going Infinite, handling 1M websockets connections in Go”, GopherCon Israel 2019, as Jalex Chang’s slides “The Hero Behind One Million WebSocket Connections in Go” summarise it; secondary, read 2026-12-07): about 1 KiB each before the kernel’s socket buffers; the bottom, 4 KiB, is our allowance for them, not a measurement. Measure yours.',
  },
});

// The users and notifications a user are the volume panel's (followed): their ranges are there, in volumeRanges.
export const costRanges = ranges(cost, {
  smsPricePerSegment: {
    low: 0.006,
    high: 0.0083,
    why: 'A published US list price, and the most a US segment costs here: volume discounts from 150 000 texts a month take off a few tenths of a cent. Texts abroad cost several cents each; that is another market, not an uncertainty about this one, so it is not in the range: enter its price in the panel.',
  },
  smsCarrierFeePerSegment: {
    low: 0.0035,
    high: 0.0045,
    why: 'Published per carrier (2026 snapshots): from AT&T’s $0.0035 to Verizon’s and T-Mobile’s $0.0045. The page’s figure is their blend weighted by subscribers; which carriers your users are on sets it.',
  },
});

// ---- Bands, sensitivity and what breaks first (issue 13) -----------------------------------------

export const volumeBands = bands(volumeRanges, [
  { output: 'designTarget', label: 'the design target in deliveries a second', format: 'integer' },
  { output: 'peakWithBroadcast', label: 'deliveries a second at the peak with a broadcast', format: 'integer' },
  // Not the storage: it follows the users and notifications a user, both the reader's choices, so no premise moves it.
]);

export const fleetBands = bands(fleetRanges, [{ output: 'nodes', label: 'the gateways', format: 'integer' }]);

export const costBands = bands(costRanges, [{ output: 'usdPerMonth', label: 'the bill a month', format: 'usd' }]);

export const costSensitivity = sensitivity(costRanges, { output: 'usdPerMonth', label: 'the bill a month', format: 'usd' });

/** The gateways: of their premises, the memory a connection takes moves the fleet (the cap a gateway, a choice of blast radius, and the connections, a choice of business, stay at the panel’s values). */
export const gatewaysSensitivity = sensitivity(fleetRanges, { output: 'nodes', label: 'the gateways', format: 'integer' });

/**
 * The users grow, and the broadcast's recipients with them; the providers' quotas do not: FCM's per-project quota
 * and the APNs rate our senders reach (their concurrency ÷ the round trip), from the provider panels. The connected
 * clients grow with the users (the fleet panel's connections are given by hand, so they are scaled here too); the
 * gateways built today do not: their connection cap and their memory, spares included, their handshake budget (the fleet panel's
 * connect capacity, a plain input), and the accept capacity the reconnect storm follows from today's gateways (held).
 */
export const volumeGrowth = breaksFirst(volume, {
  load: ['dailyActiveUsers', 'broadcastRecipients'],
  also: [
    { scenario: fleet, load: ['concurrentConnections'] },
    { scenario: storm, hold: ['acceptCapacity'] },
  ],
  checks: [
    {
      id: 'fcm',
      name: 'FCM’s quota',
      use: [{ output: 'fcmPeakPerSecond' }, { output: 'fcmBroadcastPerSecond' }],
      limit: fcm.resolved['cap'] as number,
    },
    {
      id: 'apns',
      name: 'our APNs senders',
      use: [{ output: 'apnsPeakPerSecond' }, { output: 'apnsBroadcastPerSecond' }],
      limit: apns.resolved['cap'] as number,
    },
    {
      id: 'connections',
      name: 'the gateways’ connection cap (spares included)',
      use: { scenario: 'fleet', input: 'concurrentConnections' },
      limit: fleet.output.nodes * (fleet.resolved['maxConnectionsPerNode'] as number),
    },
    {
      id: 'memory',
      name: 'the gateways’ memory',
      use: { scenario: 'fleet', output: 'totalConnectionMemory' },
      limit: fleet.output.nodes * (fleet.resolved['nodeMemory'] as number) * (fleet.resolved['usableMemoryFraction'] as number),
    },
    {
      id: 'handshakes',
      name: 'the gateways’ handshake budget at a fleet-wide reconnect',
      use: { scenario: 'fleet', output: 'peakToConnectCapacity' },
      limit: 1,
    },
    // The storm's own test: its clients against what today's accept capacity readmits within the jitter window
    // (minDrainTime = clients ÷ acceptCapacity against firstWindow), read from its inputs so that the bisection does
    // not run the simulation. Not its simulated peak: that is a 0.1 s step of a 10 000-client sample, whose noise
    // puts it about 1.5 times the rate the window gives (250 000/s against 5 000 000 ÷ 30 s at the defaults).
    {
      id: 'storm',
      name: 'the reconnect storm’s readmission within its jitter window',
      use: { scenario: 'storm', input: 'clients' },
      limit: (storm.resolved['acceptCapacity'] as number) * (storm.resolved['firstWindow'] as number),
    },
  ],
});

// ---- Estimation drills: the reader estimates, the model grades ----------------------------------

export const peakDrill = estimationDrill('notifications-peak', volumeRanges, {
  title: 'Notifications per second at the daily peak',
  draw: ['dailyActiveUsers', 'notificationsPerUserPerDay', 'peakToAverage'],
  question:
    'An app has {in.dailyActiveUsers|compact} daily active users, each sent {in.notificationsPerUserPerDay} notifications a day, and its busiest hour runs at {in.peakToAverage} times the day’s average. How many notifications a second at that peak?',
  answer: { output: 'peakPerSecond', unit: 'notifications per second', format: 'compact' },
  steps: [
    'A day: {in.dailyActiveUsers|compact} × {in.notificationsPerUserPerDay} = {out.notificationsPerDay|compact} notifications.',
    'Over 86 400 seconds: {out.averagePerSecond|compact} a second on average.',
    'The busiest hour at {in.peakToAverage} times that: {out.peakPerSecond|compact} notifications a second.',
  ],
  rule: 'A day is about 10^5 seconds, so a million a day is about 12 a second (10^6 ÷ 86 400 = 11.6); multiply by the peak-to-average ratio last.',
});

export const gatewaysDrill = estimationDrill('notifications-gateways', fleetRanges, {
  title: 'WebSocket gateways for the connected users',
  draw: ['concurrentConnections', 'maxConnectionsPerNode'],
  question:
    'At peak {in.concurrentConnections|compact} clients hold a WebSocket open. One gateway takes at most {in.maxConnectionsPerNode|compact} connections; each connection costs {in.memoryPerConnection|bytes} of memory and a gateway has {in.nodeMemory|bytes}, {in.usableMemoryFraction|percent} of it for connections. You keep {in.spareNodes|integer} spare gateways. How many gateways?',
  answer: { output: 'nodes', unit: 'gateways', format: 'integer' },
  steps: [
    'By connections: {in.concurrentConnections|compact} ÷ {in.maxConnectionsPerNode|compact}, rounded up = {out.nodesForConnections|integer} gateways.',
    'By memory: {in.concurrentConnections|compact} × {in.memoryPerConnection|bytes} = {out.totalConnectionMemory|bytes}, which needs {out.nodesForMemory|integer}; the fleet is limited by {out.limitedBy}.',
    'The larger of the two plus {in.spareNodes|integer} spare: {out.nodes|integer} gateways.',
  ],
  rule: 'An idle connection costs kilobytes, so memory seldom sets a WebSocket fleet: the cap per node (its blast radius when it dies) does. Divide, round up, add spares. This drill keeps a fixed number of spares whatever the fleet; a real one keeps a zone’s worth, so the spares grow with it.',
});

/**
 * The bill drill draws the business too: the volume panel's ranges for the users and notifications a user (the cost
 * scenario follows both, so its own ranges cannot hold them) beside the cost's ranges for the prices.
 */
const billDrillRanges: Ranges = {
  scenario: cost,
  ranges: {
    ...costRanges.ranges,
    ...Object.fromEntries(
      (['dailyActiveUsers', 'notificationsPerUserPerDay'] as const).flatMap((f) => {
        const r = volumeRanges.ranges[f];
        return r ? [[f, r]] : [];
      }),
    ),
  },
};

export const billDrill = estimationDrill('notifications-bill', billDrillRanges, {
  title: 'The monthly provider bill',
  draw: ['dailyActiveUsers', 'notificationsPerUserPerDay', 'smsPricePerSegment'],
  question:
    'An app sends {in.notificationsPerUserPerDay} notifications a day to each of {in.dailyActiveUsers|compact} daily users: {in.pushShare|percent} also as a push (free), {in.emailShare|percent} as an email at ${in.emailPrice|decimal} each and {in.smsShare|percent} as a one-segment text at ${in.smsPricePerSegment|decimal} plus a ${in.smsCarrierFeePerSegment|decimal} carrier fee. What is the provider bill for a {in.daysInMonth}-day month?',
  answer: { output: 'usdPerMonth', unit: 'USD per month', format: 'usd' },
  steps: [
    'Texts: {out.channels[id=sms].perDay|compact} a day at ${out.channels[id=sms].pricePerMessage|decimal} each = {out.channels[id=sms].usdPerMonth|usd} a month.',
    'Emails: {out.channels[id=email].perDay|compact} a day = {out.channels[id=email].usdPerMonth|usd} a month; push and in-app cost nothing at the provider.',
    'In all: {out.usdPerMonth|usd} a month, {out.smsShareOfBill|percent} of it for texts.',
  ],
  rule: 'Texts dominate a notification bill: about a cent each, so a million a day is about $10 000 a day and $300 000 a month. Price the rare expensive channel first.',
});
