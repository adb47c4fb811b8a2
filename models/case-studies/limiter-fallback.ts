/**
 * What a distributed limiter's local fallback does to one tenant while the shared state is out of reach (a
 * Redis primary failing over): each API node enforces the tenant's limit on its own, with no view of the
 * others, at `perNodeLimit` (by default the limit divided by the number of nodes). Compared with failing open
 * (no limit at all) for the same outage.
 *
 *   perNodeLimit     = given, else limit / apiNodes
 *   fleetCeiling     = apiNodes × perNodeLimit                 the most the whole fleet admits for the tenant
 *   tenantCeiling    = nodesReached × perNodeLimit             the most it admits for a tenant whose
 *                                                              requests land on nodesReached nodes
 *   usableShare      = min(limit, tenantCeiling) / limit        of its limit, for a tenant sending exactly it
 *   refusedWithinLimitRate = max(0, limit − tenantCeiling)     refused per second although within the limit
 *   over an outage of `outage` seconds, for a tenant sending `offeredRate`:
 *     admittedWithFallback = min(offeredRate, tenantCeiling) × outage
 *     admittedFailingOpen  = offeredRate × outage
 *     allowedByLimit       = limit × outage                    (the sustained rate alone, no burst)
 *     excessFailingOpen    = max(0, offeredRate − limit) × outage
 *     excessWithFallback   = max(0, min(offeredRate, tenantCeiling) − limit) × outage
 *
 * With perNodeLimit = limit / apiNodes the fallback is never looser than the limit in total (fleetCeiling =
 * limit), and it is stricter for every tenant whose traffic reaches fewer than all the nodes: a tenant on k of
 * N nodes gets k/N of its limit. Raising perNodeLimit (to limit / k for the k a tenant usually reaches) serves
 * those tenants and lets a tenant spread over every node through at up to N/k times its limit.
 *
 * nodesReached may not exceed apiNodes (a rule of the input, in words).
 *
 * Assumptions: the tenant's requests spread evenly over the nodes they reach; each node's fallback is a rate
 * limit (its burst is not counted); the outage is the time the shared state is unreachable for the tenant's key.
 *
 * Units: rates per second, times in seconds, requests as counts.
 *
 * Example: a limit of 100/s, 100 API nodes (1/s each), a tenant whose requests land on 4 of them, a 31 s
 * outage: the tenant can use 4/s, 4 % of its limit, and is refused 96/s while within it. A runaway tenant
 * sending 1 000/s gets 124 requests through in the outage with the fallback and 31 000 failing open, against
 * 3 100 its limit allows: 27 900 too many.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';

const input = z
  .strictObject({
    limit: z
      .number()
      .min(0.001)
      .max(1e9)
      .default(100)
      .meta({ unit: '1/s', description: 'The tenant’s limit: its sustained rate across the fleet' }),
    apiNodes: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(100)
      .meta({ unit: 'count', description: 'API nodes, each running the limiter and its local fallback' }),
    nodesReached: z.number().int().min(1).max(1_000_000).default(4).meta({
      unit: 'count',
      description: 'API nodes the tenant’s requests land on (its connections, spread by the load balancer)',
    }),
    perNodeLimit: z.number().min(0).max(1e9).optional().meta({
      unit: '1/s',
      description: 'Each node’s fallback limit for the tenant; leave blank for the limit divided by the number of nodes',
    }),
    offeredRate: z
      .number()
      .min(0)
      .max(1e9)
      .default(1000)
      .meta({ unit: '1/s', description: 'What the tenant sends during the outage (a runaway script: more than its limit)' }),
    outage: z
      .number()
      .min(0)
      .max(86_400)
      .default(31)
      .meta({ unit: 's', description: 'How long the shared state is out of reach (a failover window)' }),
  })
  .superRefine((v, ctx) => {
    if (v.nodesReached > v.apiNodes) {
      ctx.addIssue({
        code: 'custom',
        path: ['nodesReached'],
        input: v.nodesReached,
        message: `must be at most apiNodes (${v.apiNodes}): a tenant’s requests cannot land on more API nodes than there are (got ${v.nodesReached})`,
      });
    }
  });

export interface LimiterFallbackOutput {
  readonly perNodeLimit: number;
  readonly fleetCeiling: number;
  readonly fleetCeilingRatio: number;
  readonly tenantCeiling: number;
  readonly usableShare: number;
  readonly refusedWithinLimitRate: number;
  readonly refusedWithinLimitOverOutage: number;
  readonly admittedWithFallback: number;
  readonly admittedFailingOpen: number;
  readonly allowedByLimit: number;
  readonly excessFailingOpen: number;
  readonly excessWithFallback: number;
}

export const limiterFallback = defineModel({
  id: 'limiter-fallback',
  title: 'Rate limiter: local fallback during an outage',
  summary:
    'What a per-node fallback limit, or failing open, admits for one tenant while the limiter’s shared state is unreachable.',
  input,
  outputs: {
    perNodeLimit: { description: 'Each node’s fallback limit for the tenant', unit: '1/s' },
    fleetCeiling: { description: 'The most all nodes together admit for the tenant (apiNodes × perNodeLimit)', unit: '1/s' },
    fleetCeilingRatio: { description: 'fleetCeiling ÷ limit: 1 at limit / apiNodes, above 1 looser', unit: 'ratio' },
    tenantCeiling: { description: 'The most admitted for a tenant on nodesReached nodes', unit: '1/s' },
    usableShare: { description: 'Share of its limit a tenant sending exactly its limit gets', unit: 'fraction' },
    refusedWithinLimitRate: { description: 'Requests per second refused although the tenant is within its limit', unit: '1/s' },
    refusedWithinLimitOverOutage: { description: 'Those refusals over the outage', unit: 'count' },
    admittedWithFallback: {
      description: 'Requests of the offered traffic admitted during the outage, with the fallback',
      unit: 'count',
    },
    admittedFailingOpen: { description: 'Requests admitted during the outage when failing open (all of them)', unit: 'count' },
    allowedByLimit: { description: 'What the limit allows over the outage (limit × outage, no burst)', unit: 'count' },
    excessFailingOpen: { description: 'Requests beyond the limit admitted when failing open', unit: 'count' },
    excessWithFallback: { description: 'Requests beyond the limit admitted with the fallback', unit: 'count' },
  },
  references: [
    {
      title: 'Model redis-cluster-failover, this site',
      note: 'How long a primary’s slots go unserved: the outage this fallback covers.',
    },
    {
      title: 'Envoy proxy documentation, "Local rate limiting" (architecture overview)',
      url: 'https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/other_features/local_rate_limiting',
      note: '"Local rate limiting can be used in conjunction with global rate limiting to reduce load on the global rate limit service": each proxy enforces its own token bucket, with no view of the others.',
    },
  ],
  example: {},
  exampleStates: {
    tenantCeiling: 4,
    usableShare: 0.04,
    refusedWithinLimitRate: 96,
    admittedWithFallback: 124,
    admittedFailingOpen: 31_000,
    allowedByLimit: 3100,
    excessFailingOpen: 27_900,
  },
  compute(v): LimiterFallbackOutput {
    const perNodeLimit = v.perNodeLimit ?? v.limit / v.apiNodes;
    const fleetCeiling = v.apiNodes * perNodeLimit;
    const tenantCeiling = v.nodesReached * perNodeLimit;
    const refusedWithinLimitRate = Math.max(0, v.limit - tenantCeiling);
    const admittedRate = Math.min(v.offeredRate, tenantCeiling);
    return {
      perNodeLimit,
      fleetCeiling,
      fleetCeilingRatio: fleetCeiling / v.limit,
      tenantCeiling,
      usableShare: Math.min(v.limit, tenantCeiling) / v.limit,
      refusedWithinLimitRate,
      refusedWithinLimitOverOutage: refusedWithinLimitRate * v.outage,
      admittedWithFallback: admittedRate * v.outage,
      admittedFailingOpen: v.offeredRate * v.outage,
      allowedByLimit: v.limit * v.outage,
      excessFailingOpen: Math.max(0, v.offeredRate - v.limit) * v.outage,
      excessWithFallback: Math.max(0, admittedRate - v.limit) * v.outage,
    };
  },
});
