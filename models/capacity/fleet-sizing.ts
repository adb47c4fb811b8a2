/**
 * Fleet sizing: how many identical nodes carry a load at a planned utilization, with headroom for
 * growth, N+k spares for nodes that fail or are being deployed, and, spread over zones, enough left to
 * carry the load when a whole zone is lost. Then what the fleet really runs at: at peak, after losing k
 * nodes, and after losing a zone.
 *
 *   plannedLoad     = load × (1 + growthHeadroom)
 *   baseNodes  N    = max(1, ⌈plannedLoad / (capacityPerNode × targetUtilization)⌉)
 *   with spares     = N + spares                                   (N+k)
 *   nodesPerZone    = ⌈(N + k) / zones⌉, and when surviveZoneLoss: at least ⌈N / (zones − 1)⌉
 *   nodes           = zones × nodesPerZone                         (zones kept equal)
 *   utilizationAtPeak            = load / (nodes × capacityPerNode)
 *   utilizationAfterLosingSpares = load / ((nodes − k) × capacityPerNode)
 *   utilizationAfterZoneLoss     = load / ((nodes − nodesPerZone) × capacityPerNode)   (zones >= 2)
 *
 * Surviving a zone: the other zones − 1 must hold the N base nodes, so each zone gets N/(zones − 1), and
 * the fleet is N × zones/(zones − 1): 3/2 of the base for three zones, twice for two (Azure's guidance:
 * "multiply peak workload instance count by a factor of zones/(zones − 1)"; four instances → six).
 *
 * Assumptions, each one a thing to measure rather than believe:
 * - `capacityPerNode` is the sustainable rate of one node at 100 % busy, measured under the real request
 *   mix (a load test to the knee, not a vendor figure). `targetUtilization` is how hot a node may run
 *   with every node up: the gap to 1 absorbs bursts and keeps latency off the knee of its curve.
 * - Load spreads evenly over healthy nodes (a balancer that routes around a lost node at once). A zone's
 *   share then moves to the others; connection draining and cold caches are not modelled.
 * - Spares are not capacity to plan with: a plan that counts them is not N+k. The k spares and the zone
 *   reserve overlap: the reserve for a lost zone also covers k lost nodes when k <= nodesPerZone.
 * - Losing a zone is planned for at the target utilization (the survivors run at or below it, with the
 *   planned load). After both a zone and k more nodes are lost, see utilizationAfterZoneLoss and raise k.
 *
 * Units: load and capacity in the same rate per second (requests, messages, bytes: any, if both agree);
 * utilizations as fractions; node counts as counts.
 *
 * Example: 100 000 req/s, 1000 req/s a node, target 0.8 (Gulati's worked case: 125 servers), 2 spares,
 * 3 zones that must survive the loss of one: N = ⌈100 000 / 800⌉ = 125; ⌈127 / 3⌉ = 43 a zone, but a zone
 * loss needs ⌈125 / 2⌉ = 63 a zone → 189 nodes; at peak they run at 100 000 / 189 000 = 0.529; after losing
 * 2 nodes at 0.535; after losing a zone (126 left) at 0.794, within the 0.8 target.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { ceilDiv } from './arithmetic.ts';

const input = z
  .strictObject({
    load: z
      .number()
      .min(0)
      .max(1e12)
      .meta({ unit: '1/s', description: 'Peak load to carry, in requests (or any unit of work) per second' }),
    capacityPerNode: z.number().min(1e-6).max(1e12).meta({
      unit: '1/s',
      description: 'Sustainable rate of one node at 100 % busy, in the same unit as the load (measure it)',
    }),
    targetUtilization: z
      .number()
      .min(0.01)
      .max(1)
      .default(0.7)
      .meta({ unit: 'fraction', description: 'Highest planned busy share of a node at peak with the planned load' }),
    growthHeadroom: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .meta({ unit: 'fraction', description: 'Extra load to plan for on top of today’s peak (0.2: 20 % growth)' }),
    spares: z.number().int().min(0).max(10_000).default(0).meta({
      unit: 'count',
      description: 'k of N+k: nodes that may be lost (failed, deploying) with the rest still at or below target',
    }),
    zones: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(1)
      .meta({ unit: 'count', description: 'Availability zones the nodes are spread over, equally' }),
    surviveZoneLoss: z.boolean().default(false).meta({
      unit: 'boolean',
      description: 'Whether the other zones must carry the planned load at target when one zone is lost',
    }),
  })
  .refine((v) => !(v.surviveZoneLoss && v.zones < 2), {
    message: 'needs zones >= 2: with one zone, losing it loses everything',
    path: ['surviveZoneLoss'],
  });

export interface FleetSizingOutput {
  readonly plannedLoad: number;
  readonly baseNodes: number;
  readonly nodes: number;
  readonly nodesPerZone: number;
  readonly nodesBeyondBase: number;
  readonly utilizationAtPeak: number;
  readonly plannedUtilization: number;
  readonly utilizationAfterLosingSpares: number;
  readonly utilizationAfterZoneLoss: number | null;
  readonly survivesZoneLoss: boolean | null;
  readonly maxLoadAtTarget: number;
  readonly maxLoadAfterLosingSpares: number;
}

export const fleetSizing = defineModel({
  id: 'fleet-sizing',
  title: 'Fleet sizing with headroom, N+k spares and zones',
  summary: 'Nodes needed to carry a load at a target utilization, with growth headroom, N+k spares and the loss of a zone.',
  input,
  outputs: {
    plannedLoad: { description: 'Load planned for: peak × (1 + growth headroom)', unit: '1/s' },
    baseNodes: { description: 'N: nodes that carry the planned load at the target utilization (at least 1)', unit: 'count' },
    nodes: {
      description: 'Nodes to run: N + k spares, rounded up to equal zones, and enough to survive a zone when asked',
      unit: 'count',
    },
    nodesPerZone: { description: 'Nodes in each zone', unit: 'count' },
    nodesBeyondBase: { description: 'Nodes beyond N: the spares and zone reserve together', unit: 'count' },
    utilizationAtPeak: { description: 'Busy share of each node at today’s peak with every node up', unit: 'fraction' },
    plannedUtilization: { description: 'Busy share of each node at the planned load with every node up', unit: 'fraction' },
    utilizationAfterLosingSpares: {
      description: 'Busy share at today’s peak after losing k nodes (above 1: saturated)',
      unit: 'fraction',
    },
    utilizationAfterZoneLoss: {
      description: 'Busy share at today’s peak after losing one zone (above 1: saturated); null with one zone',
      unit: 'fraction',
    },
    survivesZoneLoss: {
      description:
        'Whether the other zones carry the planned load without exceeding their capacity when one zone is lost; null with one zone',
      unit: 'boolean',
    },
    maxLoadAtTarget: { description: 'Highest load the whole fleet carries at the target utilization', unit: '1/s' },
    maxLoadAfterLosingSpares: {
      description: 'Highest load the fleet carries at the target utilization after losing k nodes',
      unit: '1/s',
    },
  },
  references: [
    {
      title: 'Microsoft Azure documentation (MicrosoftDocs/azure-docs), guidance on preparing for an availability-zone failure',
      url: 'https://github.com/MicrosoftDocs/azure-docs/commit/3ebf6658f1ced150031a05ad671f4bd8bdf2be37',
      note: '“multiply peak workload instance count by a factor of zones/(zones-1), or 3/2. For example, if your typical peak workload requires four instances, you should provision six instances”.',
    },
    {
      title: 'B. Weiss, M. Furr, “Static stability using Availability Zones”, Amazon Builders’ Library',
      url: 'https://aws.amazon.com/builders-library/static-stability-using-availability-zones/',
      note: 'Provision in every zone what is needed when a zone is lost, instead of relying on launching capacity during the event.',
    },
    {
      title: 'S. Gulati, “Why an architecture with three Availability Zones is better than the one with two”, 2022',
      url: 'https://shekhargulati.com/2022/10/06/why-an-architecture-with-three-availability-zones-is-better-than-the-one-with-two-availability-zones/',
      note: '100 000 req/s at 1000 req/s an instance is 100 instances; at 80 % utilization, 125 servers.',
    },
    {
      title: 'Google Cloud, “Designing for reliability” (Cloud infrastructure design process course, lecture transcript): N+2',
      url: 'https://www.coursera.org/lecture/cloud-infrastructure-design-process-id/merancang-untuk-keandalan-MyV6T',
      note: '“deploy two extra instances, or N+2 to handle both failure and upgrades … ideally in different zones”.',
    },
  ],
  example: { load: 100_000, capacityPerNode: 1000, targetUtilization: 0.8, spares: 2, zones: 3, surviveZoneLoss: true },
  exampleStates: {
    baseNodes: 125,
    nodes: 189,
    nodesPerZone: 63,
    utilizationAtPeak: 0.529,
    utilizationAfterLosingSpares: 0.535,
    utilizationAfterZoneLoss: 0.794,
  },
  compute(v): FleetSizingOutput {
    const plannedLoad = v.load * (1 + v.growthHeadroom);
    const budget = v.capacityPerNode * v.targetUtilization;
    const baseNodes = Math.max(1, ceilDiv(plannedLoad, budget));
    let nodesPerZone = Math.ceil((baseNodes + v.spares) / v.zones);
    if (v.surviveZoneLoss) nodesPerZone = Math.max(nodesPerZone, Math.ceil(baseNodes / (v.zones - 1)));
    const nodes = nodesPerZone * v.zones;
    const afterSpares = nodes - v.spares;
    const afterZone = nodes - nodesPerZone;
    const utilizationAfterZoneLoss = v.zones >= 2 ? v.load / (afterZone * v.capacityPerNode) : null;
    return {
      plannedLoad,
      baseNodes,
      nodes,
      nodesPerZone,
      nodesBeyondBase: nodes - baseNodes,
      utilizationAtPeak: v.load / (nodes * v.capacityPerNode),
      plannedUtilization: plannedLoad / (nodes * v.capacityPerNode),
      utilizationAfterLosingSpares: v.load / (afterSpares * v.capacityPerNode),
      utilizationAfterZoneLoss,
      survivesZoneLoss: v.zones >= 2 ? plannedLoad <= afterZone * v.capacityPerNode : null,
      maxLoadAtTarget: nodes * budget,
      maxLoadAfterLosingSpares: afterSpares * budget,
    };
  },
});
