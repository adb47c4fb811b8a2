/**
 * Three ways to hold one tenant's global limit (a sustained `limit` per second and a `burst`) across regions
 * that each run their own limiter, and what each costs:
 *
 * 1. Per-region quotas. Each region enforces its own share of the limit, set by the traffic it is expected to
 *    get; the busiest region of the tenant gets `regionQuotaShare` (q; by default an even split, 1/regions).
 *    Never more than the limit in total; but a tenant whose traffic does not follow the split is refused while
 *    within its limit. With a share a of the tenant's traffic in that region and the rest spread over the
 *    others (whose quotas add up to 1 − q), a tenant sending exactly its limit gets
 *      quotaUsableRate = (min(a, q) + min(1 − a, 1 − q)) × limit,   quotaRefusedRate = limit − quotaUsableRate
 *    (the rest is an upper bound: it assumes the other regions' quotas fit the rest of its traffic).
 * 2. Asynchronous reconciliation. Each region enforces the whole limit locally and, every `syncInterval`
 *    (Δ), adds the other regions' admissions to its own state. Between two syncs no region sees the others, so
 *    a tenant spread over every region, arriving with full buckets, can be admitted the whole envelope in each:
 *      envelopePerSync = burst + limit × Δ         (what the limit allows over one sync interval)
 *      maxAdmittedPerSync = regions × envelopePerSync,   overshoot = (regions − 1) × envelopePerSync
 *    After the sync the overshoot is charged back (the buckets go negative and refuse until it is repaid), so
 *    the long-run rate still meets the limit; the error is a short excess, roughly regions × rate × Δ plus the
 *    bursts. A tenant in one region only overshoots nothing.
 * 3. One global store in one region. Exact, but every check from another region crosses regions:
 *      meanCheckRoundTrip = (1/regions) × localRoundTrip + (1 − 1/regions) × crossRegionRoundTrip
 *    for traffic spread evenly over the regions, and the store's region becomes every region's dependency.
 *
 * The busiest region's traffic share is at least 1/regions (a rule of the input, in words).
 *
 * Units: rates per second, times in seconds, shares as fractions, requests as counts.
 *
 * Example (the defaults): 100/s with a burst of 100, 3 regions, all of the tenant's traffic in one, syncs every
 * second. Quotas: the region gets 33.3/s, the tenant can use a third of its limit and is refused 66.7/s. Syncing:
 * up to 3 × (100 + 100) = 600 admitted in one second against 200, an overshoot of 400. One store: a mean round
 * trip of 0.5 ms / 3 + 72 ms × 2/3 = 48.2 ms.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { words } from '../words.ts';

const input = z
  .strictObject({
    limit: z
      .number()
      .min(0.001)
      .max(1e9)
      .default(100)
      .meta({ unit: '1/s', description: 'The tenant’s global limit: its sustained rate over all regions' }),
    burst: z
      .number()
      .int()
      .min(1)
      .max(1e9)
      .default(100)
      .meta({ unit: 'count', description: 'The burst the limit allows at once (GCRA: max_burst + 1)' }),
    regions: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(3)
      .meta({ unit: 'count', description: 'Regions, each with its own limiter' }),
    regionQuotaShare: z.number().gt(0).max(1).optional().meta({
      unit: 'fraction',
      description: 'Per-region quotas: the share of the limit given to the tenant’s busiest region; blank for an even split',
    }),
    trafficShare: z
      .number()
      .min(0)
      .max(1)
      .default(1)
      .meta({ unit: 'fraction', description: 'Share of the tenant’s traffic that arrives in its busiest region' }),
    syncInterval: z
      .number()
      .min(0.001)
      .max(3600)
      .default(1)
      .meta({ unit: 's', description: 'Reconciliation: how often each region learns the others’ admissions' }),
    localRoundTrip: z
      .number()
      .min(0)
      .max(1)
      .default(0.0005)
      .meta({ unit: 's', description: 'Round trip from an API node to a limiter store in its own region', empirical: true }),
    crossRegionRoundTrip: z
      .number()
      .min(0)
      .max(1)
      .default(0.072)
      .meta({ unit: 's', description: 'Round trip from an API node to a store in another region', empirical: true }),
  })
  .superRefine((v, ctx) => {
    // the busiest of n regions carries at least an even share, 1/n (a few ulps of slack, so 1/3 typed as 1/3 passes)
    const least = 1 / v.regions;
    if (v.trafficShare < least * (1 - 1e-12)) {
      ctx.addIssue({
        code: 'custom',
        path: ['trafficShare'],
        input: v.trafficShare,
        message: `must be at least 1 / regions (${words(least)} with ${v.regions} region${v.regions === 1 ? '' : 's'}): the busiest region carries at least an even share of the tenant’s traffic (got ${v.trafficShare})`,
      });
    }
  });

export interface MultiRegionLimitsOutput {
  readonly regionQuotaShare: number;
  readonly regionQuota: number;
  readonly quotaUsableRate: number;
  readonly quotaUsableShare: number;
  readonly quotaRefusedRate: number;
  readonly envelopePerSync: number;
  readonly maxAdmittedPerSync: number;
  readonly overshoot: number;
  readonly overshootRatio: number;
  readonly meanCheckRoundTrip: number;
  readonly extraRoundTrip: number;
}

export const multiRegionLimits = defineModel({
  id: 'multi-region-limits',
  title: 'Rate limits across regions',
  summary:
    'What per-region quotas, asynchronous reconciliation and one global store each cost when one tenant’s limit spans regions.',
  input,
  outputs: {
    regionQuotaShare: {
      description: 'Share of the limit given to the tenant’s busiest region (given, else 1/regions)',
      unit: 'fraction',
    },
    regionQuota: { description: 'That region’s quota for the tenant', unit: '1/s' },
    quotaUsableRate: { description: 'Per-region quotas: what a tenant sending exactly its limit gets', unit: '1/s' },
    quotaUsableShare: { description: 'Per-region quotas: that as a share of its limit', unit: 'fraction' },
    quotaRefusedRate: { description: 'Per-region quotas: refused per second while within the limit', unit: '1/s' },
    envelopePerSync: { description: 'What the limit allows over one sync interval: burst + limit × syncInterval', unit: 'count' },
    maxAdmittedPerSync: {
      description: 'Reconciliation: the most admitted in one sync interval, traffic in every region (regions × envelope)',
      unit: 'count',
    },
    overshoot: { description: 'Reconciliation: the most admitted beyond the envelope before a sync', unit: 'count' },
    overshootRatio: { description: 'maxAdmittedPerSync ÷ envelopePerSync (the number of regions)', unit: 'ratio' },
    meanCheckRoundTrip: {
      description: 'One global store: mean round trip of a check, traffic spread evenly over the regions',
      unit: 's',
    },
    extraRoundTrip: { description: 'One global store: extra time of a check from another region', unit: 's' },
  },
  references: [
    {
      title: 'Microsoft, "Azure network round-trip latency statistics", October 2019 figures',
      url: 'https://docs.microsoft.com/en-us/azure/networking/azure-network-latency',
      note: 'Monthly round trips between Azure regions: "5 ms to 72 ms for round trips within North America regions", "3 ms to 28 ms ... within Europe", "4 ms to 134 ms ... within Asia". The default crossRegionRoundTrip is the North American maximum.',
    },
    {
      title: 'E. Jones, "Network Latencies in the Data Center"',
      url: 'https://www.evanjones.ca/network-latencies-2021.html',
      note: 'J. Dean’s 500 µs round trip within one datacenter, measured within one Google Cloud region as about the 80th percentile: the default localRoundTrip.',
    },
  ],
  example: {},
  exampleStates: {
    regionQuota: 33.3,
    quotaRefusedRate: 66.7,
    maxAdmittedPerSync: 600,
    envelopePerSync: 200,
    overshoot: 400,
    meanCheckRoundTrip: 0.0482,
  },
  compute(v): MultiRegionLimitsOutput {
    const q = v.regionQuotaShare ?? 1 / v.regions;
    const a = v.trafficShare;
    const quotaUsableRate = (Math.min(a, q) + Math.min(1 - a, 1 - q)) * v.limit;
    const envelopePerSync = v.burst + v.limit * v.syncInterval;
    const maxAdmittedPerSync = v.regions * envelopePerSync;
    const remote = 1 - 1 / v.regions;
    return {
      regionQuotaShare: q,
      regionQuota: q * v.limit,
      quotaUsableRate,
      quotaUsableShare: quotaUsableRate / v.limit,
      quotaRefusedRate: Math.max(0, v.limit - quotaUsableRate),
      envelopePerSync,
      maxAdmittedPerSync,
      overshoot: maxAdmittedPerSync - envelopePerSync,
      overshootRatio: maxAdmittedPerSync / envelopePerSync,
      meanCheckRoundTrip: (1 - remote) * v.localRoundTrip + remote * v.crossRegionRoundTrip,
      extraRoundTrip: v.crossRegionRoundTrip - v.localRoundTrip,
    };
  },
});
