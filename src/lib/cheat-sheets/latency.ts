/**
 * Latency numbers every engineer should know, dated: each figure with where it comes from, as premises
 * with provenance (src/lib/provenance.ts), beside what this project measured on its own machine
 * (labs/results/latency-numbers.json, labs/results/gcra-throughput.json) and the few figures that are
 * arithmetic (a payload's time on the wire at a link's rate). How a figure moved is computed from them.
 *
 * The lists themselves: Jeff Dean's LADIS 2009 keynote slide "Numbers Everyone Should Know" (read in James
 * Hamilton's notes of the talk, a secondary copy), and the 2012 list everyone copies (Jonas Bonér's gist,
 * after Dean and Peter Norvig), which adds an SSD and restates the network line per 1 KB. Colin Scott's
 * interactive page extends the list by year with a model of trends, not with measurements: its code holds
 * DRAM at 100 ns from 2000 on and an SSD random read at 16 µs from 2015 on.
 */
import gcraLab from '../../../labs/results/gcra-throughput.json' with { type: 'json' };
import latencyLab from '../../../labs/results/latency-numbers.json' with { type: 'json' };
import { derivation, measured, source, type Provenance } from '../provenance.ts';

/** A figure in seconds, with where it comes from. */
export interface Figure {
  readonly seconds: number;
  readonly provenance: Provenance;
  /** what exactly was timed, when it differs from the row's operation */
  readonly what?: string;
}

export interface LatencyRow {
  readonly id: string;
  readonly operation: string;
  /** Dean, LADIS 2009 */
  readonly dean2009?: number;
  /** the 2012 list */
  readonly list2012?: number;
  /** what the 2012 list's figure is for, when it is not the row's operation ("1 KB") */
  readonly list2012What?: string;
  /** a newer published figure */
  readonly newer?: Figure;
  /** measured on this project's machine */
  readonly measuredHere?: Figure;
  /** what moved, and why, in one sentence */
  readonly note: string;
  /**
   * How "since 2009" is computed: by default the measured figure (else the newer one) against the 2009 list
   * (else the 2012 one). `use` picks the figure, `at` says the condition the ratio holds at ("at 100 Gbit/s");
   * `not` says why the figures measure different things, and then no ratio is shown (review S2).
   */
  readonly since?: { readonly use?: 'newer' | 'measured'; readonly at?: string } | { readonly not: string };
}

export const DEAN_2009 = source({
  title:
    'J. Dean, "Designs, Lessons and Advice from Building Large Distributed Systems", LADIS 2009 keynote, slide "Numbers Everyone Should Know"',
  url: 'https://perspectives.mvdirona.com/2009/10/jeff-dean-design-lessons-and-advice-from-building-large-scale-distributed-systems/',
  date: '2009-10',
  note: 'Secondary: read 2026-12-07 in James Hamilton’s notes of the talk (the slides: http://www.cs.cornell.edu/projects/ladis2009/talks/dean-keynote-ladis2009.pdf).',
});

export const LIST_2012 = source({
  title: 'J. Bonér, "Latency Numbers Every Programmer Should Know" (after J. Dean and P. Norvig)',
  url: 'https://gist.github.com/jboner/2841832',
  date: '2012-05',
  note: 'Secondary: read 2026-12-07 in copies of the gist (e.g. https://sylab-srv.cs.fiu.edu/_export/raw/resources/latencies); its SSD figures assume "~1GB/sec SSD".',
});

export const COLIN_SCOTT = source({
  title: 'C. Scott, "Numbers Every Programmer Should Know By Year" (interactive; a model of trends, not measurements)',
  url: 'https://colin-scott.github.io/personal_website/research/interactive_latency.html',
  date: '2024-03',
  note: 'Read 2026-12-07 in its source (github.com/colin-scott/interactive_latencies, interactive_latency.html, commit f4d5d3b of 2024-03-09): getMemLatency() returns 100 ns for every year after 2000; getSSDLatency() 16 000 ns after 2014; bandwidths double on fixed schedules.',
});

const AZURE = (pair: string): Provenance =>
  source({
    title: `Microsoft, "Azure network round-trip latency statistics", ${pair}, P95 over the 30 days ending 2026-07-30`,
    url: 'https://learn.microsoft.com/en-us/azure/networking/azure-network-latency',
    date: '2026-07-30',
    note: 'Read 2026-12-07 in the page’s source (MicrosoftDocs/azure-docs, articles/networking/azure-network-latency.md, as carried by the fork mbender-ms/azure-docs). P95 of 1-minute probes between regions, so above the typical round trip.',
  });

const SWIFT = source({
  title:
    'G. Kumar et al., "Swift: Delay is Simple and Effective for Congestion Control in the Datacenter", SIGCOMM 2020, abstract',
  url: 'https://research.google/pubs/pub49448/',
  date: '2020-08',
  note: 'Read 2026-12-07: "at datacenter scale, Swift achieves 50µs tail latencies for short RPCs" at 100 Gbit/s per server, with NIC hardware timestamps: a well-tuned fabric, not a default VM stack.',
});

const MICRON_9200 = source({
  title:
    'Micron, "9200 NVMe SSDs" product brief: latency to media, typical (QD = 1), read 92–150 µs; sequential 128 KB read "up to" 3.50 GB/s',
  url: 'https://vdocument.in/9200-nvme-ssds-2-steady-state-as-defined-by-snia-solid-state-storage-performance.html',
  date: '2017',
  note: 'Secondary copy of the datasheet, read 2026-12-07. A PCIe Gen3 TLC drive of 2017; the table takes the upper end, 150 µs. The 3.50 GB/s is one revision’s “up to”: another revision of the same brief lists 2.85–3.15 GB/s.',
});

export const AWS_ZONES = source({
  title: 'AWS, "AWS Fault Isolation Boundaries" whitepaper, "Availability Zones"',
  url: 'https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/availability-zones.html',
  date: '2022-11-16',
  note: 'Published 2022-11-16 (the abstract page: "Publication date: November 16, 2022"); read 2026-12-07: zones are up to about 100 km apart, "close enough to use synchronous replication with single-digit millisecond latency".',
});

export const PAINTER = source({
  title:
    'S. Painter, "Exploring Azure Network Latency: The Fundamentals" (same zone 908 µs, cross zone 1 553 µs, cross region 5 387 µs on average)',
  url: 'https://www.simonpainter.com/azure-latency-1/',
  date: '2026-12-07',
  note: 'The date it was read: the copy read shows no publication date. One engineer’s measurement: B1 VMs in UK South and UK West, a 64-byte TCP echo once a second for about 11 hours, timed by a Python client.',
});

type LabFigure = keyof typeof latencyLab.results.nanoseconds;

const lab = latencyLab;
const machine = `this project’s ${lab.machine.cores}-core VM (${lab.machine.cpuModel}, ${lab.machine.memoryGiB} GiB, ${lab.machine.os}, KVM); one-minute load average ${lab.machine.loadAverage[0]} at the start on ${lab.machine.cores} cores (other work shared them when the load was above ${lab.machine.cores})`;

function here(key: LabFigure, what: string, note?: string): Figure {
  return {
    seconds: lab.results.nanoseconds[key] * 1e-9,
    what,
    provenance: measured({
      what: `${what}: the median of ${lab.parameters.runs} runs (${lab.parameters.clock})`,
      machine,
      date: lab.date.slice(0, 10),
      lab: 'latency-numbers',
      ...(note === undefined ? {} : { note }),
    }),
  };
}

const redisSet = gcraLab.results.throughput.find((r) => r.command === 'SET' && r.clients === 1 && r.pipeline === 1);
if (!redisSet) throw new Error('labs/results/gcra-throughput.json has no SET row for 1 client without pipelining');

/** Time to put `bytes` on a link of `bitsPerSecond` (serialisation only: no propagation, no protocol). */
export function wireTime(bytes: number, bitsPerSecond: number): number {
  return (bytes * 8) / bitsPerSecond;
}

const micron9200ReadBytesPerSecond = 3.5e9;

export const latencyRows: readonly LatencyRow[] = [
  {
    id: 'l1',
    operation: 'L1 cache reference',
    dean2009: 0.5e-9,
    list2012: 0.5e-9,
    measuredHere: here('l1Reference', 'a dependent load hitting L1 (pointer chase through 16 KiB)'),
    since: { not: 'a dependent load against a figure below one load’s latency' },
    note: 'Unchanged in cycles (4–5); clocks stopped rising around 2005, so about 1 ns is the honest figure for a dependent load.',
  },
  {
    id: 'branch',
    operation: 'Branch mispredict',
    dean2009: 5e-9,
    list2012: 5e-9,
    note: 'Not re-measured here; pipelines got deeper, predictors better: still a few ns.',
  },
  {
    id: 'l2',
    operation: 'L2 cache reference',
    dean2009: 7e-9,
    list2012: 7e-9,
    measuredHere: here('l2Reference', 'a dependent load missing L1, hitting L2 (pointer chase through 512 KiB)'),
    note: 'Roughly where it was: a dozen or so cycles.',
  },
  {
    id: 'mutex',
    operation: 'Mutex lock/unlock (uncontended)',
    dean2009: 25e-9,
    list2012: 25e-9,
    measuredHere: here('mutexLockUnlock', 'pthread_mutex_lock + unlock, one thread'),
    note: 'Cheaper uncontended (an atomic on a line already in L1); contended it costs a cache-line transfer or a syscall.',
  },
  {
    id: 'syscall',
    operation: 'System call (getppid)',
    measuredHere: here('syscall', 'syscall(SYS_getppid)', 'Inside a VM, with the kernel’s speculative-execution mitigations on.'),
    note: 'Not on the old lists. Mitigations since 2018 made every kernel entry dearer; still far below a network round trip.',
  },
  {
    id: 'memory',
    operation: 'Main memory reference',
    dean2009: 100e-9,
    list2012: 100e-9,
    measuredHere: here(
      'memoryReference',
      'a dependent load missing every cache (pointer chase through 1 GiB)',
      'Includes the page walk (huge pages requested), which a VM makes two-dimensional: a bare-metal DDR5 server measures nearer 100 ns.',
    ),
    since: { not: 'a VM’s two-level page walk included' },
    note: 'DRAM latency has not improved in twenty years (Colin Scott’s model holds it at 100 ns since 2000); bandwidth has.',
  },
  {
    id: 'zippy',
    operation: 'Compress 1 KB with Zippy (Snappy)',
    dean2009: 3e-6,
    list2012: 3e-6,
    note: 'Not re-measured here.',
  },
  {
    id: 'wire',
    operation: 'Send 2 KB over a network link',
    dean2009: 20e-6,
    list2012: 10e-6,
    list2012What: '1 KB',
    since: { at: 'at 100 Gbit/s against 1 Gbit/s' },
    newer: {
      seconds: wireTime(2000, 100e9),
      what: '2 000 B at 100 Gbit/s',
      provenance: derivation('2 000 B × 8 / 100 × 10^9 bit/s = 0.16 µs (at 1 Gbit/s: 16 µs; at 10 Gbit/s: 1.6 µs)'),
    },
    note: 'The 2009 line is at 1 Gbit/s (the 2012 list states it as 10 µs per 1 KB); servers now have 25–100 Gbit/s, so putting bytes on the wire got faster by the ratio of the rates. Propagation did not.',
  },
  {
    id: 'read-memory',
    operation: 'Read 1 MB sequentially from memory',
    dean2009: 250e-6,
    list2012: 250e-6,
    measuredHere: here('read1MBFromMemory', 'summing 10^6 bytes of a 512 MiB buffer, one thread'),
    note: 'Memory bandwidth grew where latency did not, even on one core of a shared VM.',
  },
  {
    id: 'dc-round-trip',
    operation: 'Round trip within the same datacenter',
    dean2009: 500e-6,
    list2012: 500e-6,
    newer: {
      seconds: 908e-6,
      what: 'average between two small Azure VMs in one zone, a 64-byte TCP echo timed by a Python client',
      provenance: PAINTER,
    },
    since: { not: 'one engineer’s Python echo between small VMs' },
    note: 'Ordinary VMs see about this, and another availability zone adds more (1.6 ms in the same test; AWS: “single-digit millisecond latency” between zones). A tuned fabric is far lower: Google’s Swift reports 50 µs tail latency for short RPCs at 100 Gbit/s with NIC hardware timestamps (Kumar et al., SIGCOMM 2020).',
  },
  {
    id: 'redis-local',
    operation: 'Redis SET round trip over localhost',
    measuredHere: {
      seconds: redisSet.medianP50Ms * 1e-3,
      what: 'median p50 of one node-redis client sending SET one at a time',
      provenance: measured({
        what: `p50 latency of a SET from one client, no pipelining: the median of ${redisSet.runs} runs`,
        machine: `this project’s ${gcraLab.machine.cores}-core VM (${gcraLab.machine.cpuModel}, ${gcraLab.machine.os}), Redis ${gcraLab.versions.redis}, ${gcraLab.versions.client}`,
        date: gcraLab.date.slice(0, 10),
        lab: 'gcra-throughput',
        note: `Client and server on the same machine: two syscalls, two context switches and the loopback interface, no network. redis-benchmark, a C client, measured ${gcraLab.results.redisBenchmark.find((r) => r.command === 'SET' && r.clients === 1)?.medianP50Ms ?? '?'} ms.`,
      }),
    },
    note: 'What a cache call costs before any network: tens of µs, most of it the client library and the kernel.',
  },
  {
    id: 'ssd-random',
    operation: 'Read 4 KB randomly from an SSD',
    list2012: 150e-6,
    newer: { seconds: 150e-6, what: 'Micron 9200 NVMe, typical QD1 read latency, upper end', provenance: MICRON_9200 },
    since: { use: 'newer' },
    measuredHere: here(
      'diskRandomRead4K',
      '4 KiB O_DIRECT pread at random offsets of a 256 MiB file',
      'The VM’s virtual disk (virtio, backing store unknown), wall clock.',
    ),
    note: 'Flash read latency barely moved (tens to ~100 µs); what grew is parallelism: an NVMe drive serves hundreds of thousands of such reads a second at depth.',
  },
  {
    id: 'ssd-sequential',
    operation: 'Read 1 MB sequentially from an SSD',
    list2012: 1e-3,
    newer: {
      seconds: 1e6 / micron9200ReadBytesPerSecond,
      what: 'at the Micron 9200’s “up to” 3.5 GB/s',
      provenance: derivation('10^6 B / 3.5 × 10^9 B/s = 0.286 ms (the 2012 list assumed ~1 GB/s: 1 ms)'),
    },
    since: { at: 'at “up to” 3.5 GB/s against ~1 GB/s' },
    note: 'Sequential flash bandwidth rose several-fold with NVMe (PCIe Gen4 and Gen5 drives go further).',
  },
  {
    id: 'disk-seek',
    operation: 'Disk seek',
    dean2009: 10e-3,
    list2012: 10e-3,
    note: 'Mechanics: spinning disks still seek in milliseconds; they now hold cold data.',
  },
  {
    id: 'disk-read',
    operation: 'Read 1 MB sequentially from a spinning disk',
    dean2009: 20e-3,
    list2012: 20e-3,
    note: 'Not re-measured here.',
  },
  {
    id: 'nearby-regions',
    operation: 'Round trip between two nearby regions',
    newer: { seconds: 11e-3, what: 'Azure East US ↔ East US 2', provenance: AZURE('East US ↔ East US 2: 11 ms') },
    note: 'Not on the old lists: the price of synchronous replication to a second region nearby.',
  },
  {
    id: 'atlantic',
    operation: 'Round trip US East coast ↔ Western Europe',
    newer: { seconds: 89e-3, what: 'Azure East US → West Europe', provenance: AZURE('East US → West Europe: 89 ms') },
    note: 'Mostly the speed of light in fibre, about 200 km per millisecond each way: distance sets a floor no hardware lowers.',
  },
  {
    id: 'ca-nl',
    operation: 'Send a packet California → Netherlands → California',
    dean2009: 150e-3,
    list2012: 150e-3,
    newer: { seconds: 153e-3, what: 'Azure West Europe → West US (P95)', provenance: AZURE('West Europe → West US: 153 ms') },
    note: 'Physics: unchanged since 2009, and it will stay so.',
  },
];

/**
 * newer-or-measured / 2009: how many times faster (below 1) or slower a figure has become, or undefined when
 * there is nothing to compare or the row says its figures measure different things (`since.not`).
 */
export function movedSince2009(row: LatencyRow): number | undefined {
  const since = row.since;
  if (since && 'not' in since) return undefined;
  const now = since?.use === 'newer' ? row.newer : since?.use === 'measured' ? row.measuredHere : (row.measuredHere ?? row.newer);
  // The 2012 figure only where 2009 had none; a 2012 figure for another size (list2012What) is not the row's.
  const then = row.dean2009 ?? (row.list2012What === undefined ? row.list2012 : undefined);
  return now && then ? now.seconds / then : undefined;
}

/** Why a row shows no ratio since 2009 (its figures measure different things), or undefined. */
export function notComparable(row: LatencyRow): string | undefined {
  return row.since && 'not' in row.since ? row.since.not : undefined;
}

/** The condition a row's ratio holds at ("at 100 Gbit/s against 1 Gbit/s"), or undefined. */
export function comparedAt(row: LatencyRow): string | undefined {
  return row.since && 'at' in row.since ? row.since.at : undefined;
}

export const measuredOn = { date: lab.date.slice(0, 10), machine };

/** Every published source the sheet rests on, for its references. */
export const latencySources: readonly Provenance[] = [
  DEAN_2009,
  LIST_2012,
  COLIN_SCOTT,
  AZURE('the whole matrix'),
  SWIFT,
  MICRON_9200,
  AWS_ZONES,
  PAINTER,
];
