/**
 * WebSocket fleet: nodes that hold long-lived connections. A node is full when it reaches either its
 * connection limit (file descriptors, ports, the event loop) or its memory, so the fleet is sized by the
 * tighter of the two. Heartbeats are a steady message rate proportional to the connections, and the
 * dangerous moment is a reconnect storm: when a node (or the whole fleet) restarts, every connection it
 * held comes back at once, and the handshake, TLS and authentication behind it must absorb that rate.
 * Jitter (each client waits a uniformly random delay in a window before reconnecting) spreads the storm
 * over the window.
 *
 *   nodesForConnections = ⌈connections / maxConnectionsPerNode⌉
 *   nodesForMemory      = ⌈connections × memoryPerConnection / (nodeMemory × usableMemoryFraction)⌉
 *   nodes               = max(1, nodesForConnections, nodesForMemory) + spareNodes
 *   connectionsPerNode  = connections / nodes                    (spread evenly over all nodes)
 *   heartbeatsPerSecond = connections / heartbeatInterval        (pings; × 2 with the pongs)
 *   steadyConnectRate   = connections / sessionDuration          (Little's law: churn of sessions that end)
 *   reconnect rate      = connections to re-home / spread, where the spread is
 *                         unjitteredSpread without jitter and max(reconnectWindow, unjitteredSpread) with it
 *   peakConnectRate     = fleet restart, jittered, + steady churn: what the connect path must absorb
 *   minReconnectWindow  = connections to re-home / (connectCapacity − steadyConnectRate)
 *
 * Assumptions, each one a thing to measure rather than believe:
 * - `memoryPerConnection` is the whole cost of one idle connection on the server: kernel socket buffers,
 *   TLS state, the runtime's per-connection process or goroutine, and application state. It is measured
 *   by holding N idle connections and dividing the growth of resident memory by N.
 * - `usableMemoryFraction` is the share of a node's memory connections may use; the rest is the OS, the
 *   runtime, and headroom for message bursts.
 * - Reconnects after a restart arrive uniformly over their spread. Without jitter they still spread a
 *   little (detection of the closed socket, network delay): `unjitteredSpread`, about a second. Failed
 *   handshakes that retry make a storm worse; that feedback is not modelled.
 * - A restarted node's clients reconnect to the rest of the fleet through the balancer; the survivors
 *   must have room for them (survivesNodeLoss).
 *
 * Units: counts, bytes, seconds, rates per second.
 *
 * Example: 2 000 000 connections of 40 000 B each, at most 500 000 a node, 64 GiB nodes (68 719 476 736 B)
 * with 70 % usable, one spare, heartbeats every 30 s, sessions of 2 h, a 30 s jittered reconnect window,
 * and a connect path that absorbs 10 000 handshakes/s: 4 nodes by connections, 2 by memory → 4 + 1 = 5
 * nodes of 400 000 connections and 16 GB (23.3 % of their memory); 66 667 pings/s; a restarted node sends
 * 400 000 reconnects in ~1 s without jitter, 13 333/s with it; a fleet restart with jitter peaks at
 * 66 667 + 278 = 66 944 connects/s, 6.7 times the connect capacity: a window of 2 000 000 / (10 000 − 278)
 * = 205.7 s would be needed.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { ceilDiv } from './arithmetic.ts';

const input = z.strictObject({
  concurrentConnections: z
    .number()
    .min(0)
    .max(1e10)
    .meta({ unit: 'count', description: 'Connections open at the same time, at peak' }),
  memoryPerConnection: z.number().min(0).max(1e9).meta({
    unit: 'B',
    description: 'Server memory one idle connection costs: socket buffers, TLS, runtime and app state (measure it)',
  }),
  maxConnectionsPerNode: z
    .number()
    .int()
    .min(1)
    .max(1e9)
    .meta({ unit: 'count', description: 'Most connections one node may hold: file descriptors, ports, event-loop limit' }),
  nodeMemory: z
    .number()
    .min(1e6)
    .max(1e15)
    .meta({ unit: 'B', description: 'Memory of one node (64 GiB = 68 719 476 736 B; 64 GB = 64 000 000 000 B)' }),
  usableMemoryFraction: z
    .number()
    .min(0.01)
    .max(1)
    .default(0.7)
    .meta({ unit: 'fraction', description: 'Share of a node’s memory connections may use (the rest: OS, runtime, bursts)' }),
  spareNodes: z.number().int().min(0).max(10_000).default(0).meta({
    unit: 'count',
    description: 'Nodes beyond what the connections need, so a node can restart without overfilling the rest',
  }),
  heartbeatInterval: z
    .number()
    .min(0.1)
    .max(86_400)
    .default(30)
    .meta({ unit: 's', description: 'Seconds between heartbeats (pings) on one connection (Phoenix 30 s, Socket.IO 25 s)' }),
  sessionDuration: z
    .number()
    .min(1)
    .max(1e8)
    .optional()
    .meta({ unit: 's', description: 'Mean lifetime of a connection, for the steady connect rate (API Gateway caps it at 2 h)' }),
  reconnectWindow: z.number().min(0).max(86_400).default(30).meta({
    unit: 's',
    description: 'Jitter window: each client waits a uniform random delay in it before reconnecting (0: no jitter)',
  }),
  unjitteredSpread: z
    .number()
    .min(0.001)
    .max(3600)
    .default(1)
    .meta({ unit: 's', description: 'Time over which reconnects without jitter still spread (detection and network delay)' }),
  connectCapacity: z
    .number()
    .min(1e-6)
    .max(1e12)
    .optional()
    .meta({ unit: '1/s', description: 'New connections per second the handshake, TLS and auth path absorbs' }),
});

export interface WebsocketFleetOutput {
  readonly nodesForConnections: number;
  readonly nodesForMemory: number;
  readonly limitedBy: 'connections' | 'memory';
  readonly nodes: number;
  readonly connectionsPerNode: number;
  readonly memoryPerNode: number;
  readonly memoryUtilizationPerNode: number;
  readonly connectionCapacityPerNode: number;
  readonly connectionsPerNodeAfterNodeLoss: number | null;
  readonly survivesNodeLoss: boolean | null;
  readonly totalConnectionMemory: number;
  readonly connections: number;
  readonly heartbeatsPerSecond: number;
  readonly heartbeatFramesPerSecond: number;
  readonly heartbeatsPerNodePerSecond: number;
  readonly steadyConnectRate: number | null;
  readonly nodeRestartReconnectRate: number;
  readonly nodeRestartReconnectRateJittered: number;
  readonly fleetRestartReconnectRate: number;
  readonly fleetRestartReconnectRateJittered: number;
  readonly peakConnectRate: number;
  readonly peakToConnectCapacity: number | null;
  readonly minReconnectWindowForNode: number | null;
  readonly minReconnectWindowForFleet: number | null;
}

export const websocketFleet = defineModel({
  id: 'websocket-fleet',
  title: 'WebSocket fleet: nodes, heartbeats and reconnect storms',
  summary:
    'Nodes for long-lived connections (by connection limit and memory), heartbeat rate, and the reconnect storm after a node or fleet restart, with and without jitter.',
  input,
  outputs: {
    nodesForConnections: { description: 'Nodes the connection limit alone needs', unit: 'count' },
    nodesForMemory: { description: 'Nodes the memory alone needs', unit: 'count' },
    limitedBy: { description: 'Which limit sizes the fleet: "connections" or "memory" (connections on a tie)', unit: 'text' },
    nodes: { description: 'Nodes to run: the larger need (at least 1) plus spares', unit: 'count' },
    connectionsPerNode: { description: 'Connections on each node, spread evenly', unit: 'count' },
    memoryPerNode: { description: 'Connection memory on each node', unit: 'B' },
    memoryUtilizationPerNode: { description: 'Connection memory / node memory', unit: 'fraction' },
    connectionCapacityPerNode: {
      description: 'Most connections a node holds: the smaller of its connection limit and what its usable memory fits',
      unit: 'count',
    },
    connectionsPerNodeAfterNodeLoss: {
      description: 'Connections on each survivor when one node is lost; null with one node',
      unit: 'count',
    },
    survivesNodeLoss: {
      description: 'Whether the survivors stay within their connection capacity when one node is lost; null with one node',
      unit: 'boolean',
    },
    totalConnectionMemory: { description: 'Memory of all connections together', unit: 'B' },
    connections: {
      description: 'The concurrent connections the fleet holds (the input, as an output other scenarios can follow)',
      unit: 'count',
    },
    heartbeatsPerSecond: { description: 'Heartbeat pings per second across the fleet: connections / interval', unit: '1/s' },
    heartbeatFramesPerSecond: {
      description: 'Heartbeat frames per second, pings and their pongs: 2 × connections / interval',
      unit: '1/s',
    },
    heartbeatsPerNodePerSecond: { description: 'Heartbeat pings per second on each node', unit: '1/s' },
    steadyConnectRate: {
      description: 'New connections per second in steady state: connections / session duration; null without it',
      unit: '1/s',
    },
    nodeRestartReconnectRate: {
      description: 'Reconnects per second when one node restarts and its clients return without jitter',
      unit: '1/s',
    },
    nodeRestartReconnectRateJittered: {
      description: 'Reconnects per second when one node restarts and its clients spread over the jitter window',
      unit: '1/s',
    },
    fleetRestartReconnectRate: {
      description: 'Reconnects per second when every node restarts at once, without jitter',
      unit: '1/s',
    },
    fleetRestartReconnectRateJittered: {
      description: 'Reconnects per second when every node restarts at once, with jitter',
      unit: '1/s',
    },
    peakConnectRate: {
      description: 'Connects per second the connect path must absorb in a fleet restart with jitter, plus the steady churn',
      unit: '1/s',
    },
    peakToConnectCapacity: {
      description: 'Peak connect rate / connect capacity (above 1: the storm outruns auth); null without connectCapacity',
      unit: 'count',
    },
    minReconnectWindowForNode: {
      description:
        'Jitter window that keeps one node’s reconnects plus the steady churn within the connect capacity; null without it or when churn alone exceeds it',
      unit: 's',
    },
    minReconnectWindowForFleet: {
      description:
        'Jitter window that keeps a fleet restart plus the steady churn within the connect capacity; null without it or when churn alone exceeds it',
      unit: 's',
    },
  },
  references: [
    {
      title: 'WhatsApp blog, “1 million is so 2011”, 2012-01-06',
      url: 'https://blog.whatsapp.com/1-million-is-so-2011',
      note: 'One FreeBSD/Erlang box: kern.ipc.numopensockets 2 277 845, kern.ipc.maxsockets 2 400 000, hw.physmem 103 062 118 400 B, “Mem: 35G Active, 14G Inact, 18G Wired … 27G Free”.',
    },
    {
      title: 'G. Rennie, “The Road to 2 Million Websocket Connections in Phoenix”, Phoenix blog, 2015-11-03',
      url: 'https://phoenixframework.org/blog/the-road-to-2-million-websocket-connections',
      note: '2 million connections on one Rackspace OnMetal I/O server with 128 GB of RAM and 40 cores.',
    },
    {
      title: 'Amazon API Gateway, “Quotas for configuring and running a WebSocket API”',
      url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html',
      note: '500 new connections per second per account and Region; connection duration 2 hours; idle timeout 10 minutes; at 500/s for 2 hours, up to 3 600 000 concurrent connections.',
    },
    {
      title:
        'Socket.IO v4 server options: pingInterval (default 25 000 ms); phoenix.js Socket: heartbeatIntervalMs (default 30 000 ms)',
      url: 'https://socket.io/docs/v4/server-options/#pinginterval',
    },
    {
      title: 'M. Brooker, “Timeouts, retries, and backoff with jitter”, Amazon Builders’ Library',
      url: 'https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/',
      note: 'Jitter spreads retries (and reconnects) out in time instead of letting them arrive together.',
    },
  ],
  example: {
    concurrentConnections: 2_000_000,
    memoryPerConnection: 40_000,
    maxConnectionsPerNode: 500_000,
    nodeMemory: 68_719_476_736,
    usableMemoryFraction: 0.7,
    spareNodes: 1,
    heartbeatInterval: 30,
    sessionDuration: 7200,
    reconnectWindow: 30,
    connectCapacity: 10_000,
  },
  exampleStates: {
    nodesForConnections: 4,
    nodesForMemory: 2,
    nodes: 5,
    connectionsPerNode: 400_000,
    memoryPerNode: 16e9,
    memoryUtilizationPerNode: 0.233,
    heartbeatsPerSecond: 66_667,
    nodeRestartReconnectRate: 400_000,
    nodeRestartReconnectRateJittered: 13_333,
    peakConnectRate: 66_944,
    peakToConnectCapacity: 6.7,
    minReconnectWindowForFleet: 205.7,
  },
  compute(v): WebsocketFleetOutput {
    const c = v.concurrentConnections;
    const usableMemory = v.nodeMemory * v.usableMemoryFraction;
    const totalConnectionMemory = c * v.memoryPerConnection;
    const nodesForConnections = ceilDiv(c, v.maxConnectionsPerNode);
    const nodesForMemory = ceilDiv(totalConnectionMemory, usableMemory);
    const nodes = Math.max(1, nodesForConnections, nodesForMemory) + v.spareNodes;
    const connectionsPerNode = c / nodes;
    const memoryPerNode = connectionsPerNode * v.memoryPerConnection;
    const fitByMemory = v.memoryPerConnection > 0 ? usableMemory / v.memoryPerConnection : Number.POSITIVE_INFINITY;
    const connectionCapacityPerNode = Math.min(v.maxConnectionsPerNode, Math.floor(fitByMemory));
    const afterLoss = nodes >= 2 ? c / (nodes - 1) : null;

    const steady = v.sessionDuration === undefined ? null : c / v.sessionDuration;
    const jitterSpread = Math.max(v.reconnectWindow, v.unjitteredSpread);
    const fleetJittered = c / jitterSpread;
    const peakConnectRate = fleetJittered + (steady ?? 0);
    const room = v.connectCapacity === undefined ? null : v.connectCapacity - (steady ?? 0);

    return {
      nodesForConnections,
      nodesForMemory,
      limitedBy: nodesForMemory > nodesForConnections ? 'memory' : 'connections',
      nodes,
      connectionsPerNode,
      memoryPerNode,
      memoryUtilizationPerNode: memoryPerNode / v.nodeMemory,
      connectionCapacityPerNode,
      connectionsPerNodeAfterNodeLoss: afterLoss,
      survivesNodeLoss: afterLoss === null ? null : afterLoss <= connectionCapacityPerNode,
      totalConnectionMemory,
      connections: c,
      heartbeatsPerSecond: c / v.heartbeatInterval,
      heartbeatFramesPerSecond: (2 * c) / v.heartbeatInterval,
      heartbeatsPerNodePerSecond: connectionsPerNode / v.heartbeatInterval,
      steadyConnectRate: steady,
      nodeRestartReconnectRate: connectionsPerNode / v.unjitteredSpread,
      nodeRestartReconnectRateJittered: connectionsPerNode / jitterSpread,
      fleetRestartReconnectRate: c / v.unjitteredSpread,
      fleetRestartReconnectRateJittered: fleetJittered,
      peakConnectRate,
      peakToConnectCapacity: v.connectCapacity === undefined ? null : peakConnectRate / v.connectCapacity,
      minReconnectWindowForNode: room === null || room <= 0 ? null : connectionsPerNode / room,
      minReconnectWindowForFleet: room === null || room <= 0 ? null : c / room,
    };
  },
});
