/**
 * The distributed-locking case study's module: its scenarios, charts, claims, drills and premises. The page beside
 * it (distributed-locking.mdx) imports these for its prose; the site derives the rest from this file (the models the
 * page lists, its charts, the reader tests, capacity-diff).
 *
 * One lock in front of one record that the storage cannot protect by itself: `lease` simulates clients taking
 * turns at a Redis lock with a lease while some of them pause between reading and writing, and counts what the
 * storage let through with and without fencing tokens.
 */
import { lockLease } from '../models/reliability/lock-lease.ts';
import lockLeaseFencing from '../src/charts/lock-lease-fencing.ts';
import lockLeaseOverlap from '../src/charts/lock-lease-overlap.ts';
import { chart, drill } from '../src/lib/case-study.ts';
import { claim } from '../src/lib/claims.ts';
import { assumptions, choice, source } from '../src/lib/provenance.ts';
import { derive, scenario } from '../src/lib/scenario.ts';

// ---- Sources, with the day they were read ----------------------------------------------------------

/** The day this page's sources were last read. */
export const readOn = '2026-12-07';

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
  jones: {
    title: 'E. Jones, “Network Latencies in the Data Center”',
    url: 'https://www.evanjones.ca/network-latencies-2021.html',
    date: '2021-09-24',
  },
} as const;

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

/** The same lock with the Redis documentation’s example lease, PX 30000. Follows the reader’s edits. */
export const docsLease = derive('docsLease', lease, { set: { lease: 30 } });

/** The same pauses with an exponential tail (same mean): what a light-tailed guess would predict. */
export const lightTail = derive('lightTail', lease, { set: { pauseDistribution: 'exponential' } });

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

// ---- Premises -------------------------------------------------------------------------------------

export const leasePremises = assumptions(lease, {
  clients: choice('Eight workers contend for the lock: enough that one is always waiting when a lease lapses.'),
  acquisitions: choice('50 000 grants per run: enough for a share of a few in ten thousand to show; the seed fixes them.'),
  lease: choice(
    'A 1 s lease: short, so that a crashed holder blocks the others for at most a second. The Redis documentation’s example uses PX 30000 (30 s); the drill and the chart show it.',
  ),
  roundTrip: source({
    ...sources.jones,
    note: 'About 500 µs for a round trip within one datacenter (secondary for this page: the same figure the marketplace page uses).',
  }),
  work: choice('10 ms between reading the record and sending the write: a little computation and a call out.'),
  pauseProbability: source({
    ...sources.kleppmann,
    note: 'Names the causes (stop-the-world GC, page faults, a congested network disk, CPU contention, SIGSTOP) but gives no rate: one critical section in a hundred paused is this page’s choice, to be replaced by your own GC and scheduler logs.',
  }),
  pauseMean: source({
    ...sources.kleppmann,
    note: 'GC pauses “have sometimes been known to last for several minutes” (the post, citing HBase): a mean of 200 ms is this page’s choice; the post gives no distribution.',
  }),
  pauseScv: choice(
    'SCV 10 with a lognormal shape: most pauses tens of milliseconds, a few seconds long. A heavy tail is the point of the section; the drill switches to an exponential of the same mean.',
  ),
});
