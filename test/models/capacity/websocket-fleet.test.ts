import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { websocketFleet as model } from '../../../models/capacity/websocket-fleet.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

const GiB = 2 ** 30; // FreeBSD's top reports memory in binary units ("35G" is 35 GiB)
const GB = 1e9; // a vendor's "128GB RAM"
const HOUR = 3600; // seconds

describe('websocket-fleet: published values', () => {
  it('holds WhatsApp’s 2 277 845 sockets on one box, 5 % under its 2 400 000-socket limit (a consistency check)', () => {
    // Source: WhatsApp blog, "1 million is so 2011" (2012-01-06), https://blog.whatsapp.com/1-million-is-so-2011:
    // "kern.ipc.numopensockets: 2277845", "kern.ipc.maxsockets=2400000", "hw.physmem: 103062118400", "Mem: 35G Active,
    // 14G Inact, 18G Wired, 4K Cache, 9838M Buf, 27G Free", and "we are able to do it with plenty of CPU and memory to
    // spare". The inputs are those published figures: the connections (open sockets, a few of them listening or
    // internal), the per-box limit (kern.ipc.maxsockets) and the box's memory (hw.physmem). WhatsApp published no
    // memory per connection, so that input is not pinned by the source, and this case is a consistency check, not a
    // measurement. It checks that the model, given what WhatsApp published, (1) puts the load on one box, bound by the
    // socket limit at 94.9 % of it, as WhatsApp ran it; (2) agrees that one box's memory held them for any memory per
    // connection up to hw.physmem / 2 277 845 = 45 245 B, and needs a second box above that. Every byte top did not
    // report Free (35 + 14 + 18 = 67 GiB, everything the box ran) over the sockets is 31 583 B: under that ceiling.
    const published = { concurrentConnections: 2_277_845, maxConnectionsPerNode: 2_400_000, nodeMemory: 103_062_118_400 };
    const ceiling = Math.floor(103_062_118_400 / 2_277_845); // 45 245 B: the most a connection can cost on one box
    for (const memoryPerConnection of [1, Math.floor((67 * GiB) / 2_277_845), ceiling]) {
      const out = evaluate(model, { ...published, memoryPerConnection, usableMemoryFraction: 1 });
      expect(out, `${memoryPerConnection} B a connection`).toMatchObject({
        nodesForConnections: 1,
        nodesForMemory: 1,
        nodes: 1,
        limitedBy: 'connections',
        connectionsPerNode: 2_277_845,
      });
      expectClose(out.connectionsPerNode / 2_400_000, 0.949, 1e-3); // 5 % below kern.ipc.maxsockets
    }
    const over = evaluate(model, { ...published, memoryPerConnection: ceiling + 1, usableMemoryFraction: 1 });
    expect(over).toMatchObject({ nodesForMemory: 2, limitedBy: 'memory' });
    // One connection past kern.ipc.maxsockets needs a second box, whatever the memory.
    expect(evaluate(model, { ...published, concurrentConnections: 2_400_001, memoryPerConnection: 0 }).nodes).toBe(2);
  });

  it('bounds Phoenix’s 2 million connections on a 128 GB server to 64 000 B each — 68 719 B if the 128 were GiB', () => {
    // Source: G. Rennie, "The Road to 2 Million Websocket Connections in Phoenix" (2015-11-03),
    // http://phoenixframework.org/blog/the-road-to-2-million-websocket-connections: 2 million connections; "They also
    // let us use a OnMetal I/O which had 128GB RAM and showed 40 cores in htop". Derived: one node holds them only if each takes at most 128e9 / 2e6 =
    // 64 000 B. The trap: read as 128 GiB = 137 438 953 472 B, the bound is 68 719 B, 7.4 % looser.
    const base = { concurrentConnections: 2_000_000, maxConnectionsPerNode: 2_000_000, usableMemoryFraction: 1 };
    expect(evaluate(model, { ...base, memoryPerConnection: 64_000, nodeMemory: 128 * GB }).nodesForMemory).toBe(1);
    expect(evaluate(model, { ...base, memoryPerConnection: 64_001, nodeMemory: 128 * GB }).nodesForMemory).toBe(2);
    expect(evaluate(model, { ...base, memoryPerConnection: 68_719, nodeMemory: 128 * GiB }).nodesForMemory).toBe(1);
    expect(evaluate(model, { ...base, memoryPerConnection: 68_720, nodeMemory: 128 * GiB }).nodesForMemory).toBe(2);
  });

  it('reproduces API Gateway’s ceiling: 500 new connections/s over 2-hour sessions is 3 600 000 concurrent', () => {
    // Source: Amazon API Gateway Developer Guide, "Quotas for configuring and running a WebSocket in API Gateway",
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html:
    // "New connections per second per account (across all WebSocket APIs) per Region | 500"; "Connection duration for
    // WebSocket API | 2 hours"; and its footnote, "with the default quota of 500 new connections per second, if clients
    // connect at the maximum rate over two hours, API Gateway can serve up to 3,600,000 concurrent connections" (the
    // footnote read in the page's China-region copy, docs.amazonaws.cn, and in English as quoted elsewhere). Little's law read backwards: 3 600 000 / 7200 s = 500/s.
    const full = evaluate(model, {
      concurrentConnections: 3_600_000,
      memoryPerConnection: 0,
      maxConnectionsPerNode: 100_000,
      nodeMemory: 1e9,
      sessionDuration: 2 * HOUR,
      connectCapacity: 500,
    });
    expectClose(full.steadyConnectRate, 500);
    // Derived: at that ceiling the churn alone fills the quota, so no jitter window can absorb a reconnect storm.
    expect(full.minReconnectWindowForFleet).toBeNull();
    // With 1 million connections, the churn is 138.9/s and a fleet-wide reconnect needs 1e6 / 361.1 = 2769 s (46 min).
    const million = evaluate(model, {
      concurrentConnections: 1_000_000,
      memoryPerConnection: 0,
      maxConnectionsPerNode: 100_000,
      nodeMemory: 1e9,
      sessionDuration: 2 * HOUR,
      connectCapacity: 500,
    });
    expectClose(million.minReconnectWindowForFleet, 1_000_000 / (500 - 1_000_000 / 7200));
  });

  it('counts heartbeats at Socket.IO’s 25 s and Phoenix’s 30 s defaults: 40 000 and 33 333 pings/s for a million', () => {
    // Sources: Socket.IO v4 "Server options", https://socket.io/docs/v4/server-options/#pinginterval: "pingInterval
    // Default value: 25000" (ms); Phoenix's JavaScript client, "assets/js/phoenix/socket.js" in phoenixframework/phoenix,
    // https://github.com/phoenixframework/phoenix/blob/015d81464967e825e1eb15b7563ada53d3570df0/assets/js/phoenix/socket.js:
    // "this.heartbeatIntervalMs = opts.heartbeatIntervalMs || 30000". Intervals converted from ms to s.
    const base = {
      concurrentConnections: 1_000_000,
      memoryPerConnection: 10_000,
      maxConnectionsPerNode: 250_000,
      nodeMemory: 64 * GiB,
    };
    const socketIo = evaluate(model, { ...base, heartbeatInterval: 25_000 / 1000 });
    expectClose(socketIo.heartbeatsPerSecond, 40_000);
    expectClose(socketIo.heartbeatFramesPerSecond, 80_000); // with the pongs
    expectClose(socketIo.heartbeatsPerNodePerSecond, 10_000); // 4 nodes
    expectClose(evaluate(model, { ...base, heartbeatInterval: 30_000 / 1000 }).heartbeatsPerSecond, 1e6 / 30);
  });
});

describe('websocket-fleet: the worked example and edges, derived by hand', () => {
  it('sizes the doc comment’s example: 5 nodes of 400 000; 13 333 reconnects/s jittered; a 205.7 s window needed', () => {
    const out = evaluate(model, model.example);
    expect(out).toMatchObject({
      nodesForConnections: 4,
      nodesForMemory: 2,
      limitedBy: 'connections',
      nodes: 5,
      survivesNodeLoss: true,
    });
    expectClose(out.connectionsPerNode, 400_000);
    expectClose(out.memoryPerNode, 16e9);
    expectClose(out.memoryUtilizationPerNode, 16e9 / 68_719_476_736);
    expectClose(out.heartbeatsPerSecond, 2e6 / 30);
    expect(out.connections).toBe(2e6); // the input, echoed so a reconnect-storm scenario can follow it
    expectClose(out.steadyConnectRate, 2e6 / 7200);
    expectClose(out.nodeRestartReconnectRate, 400_000); // over the 1 s unjittered spread
    expectClose(out.nodeRestartReconnectRateJittered, 400_000 / 30);
    expectClose(out.fleetRestartReconnectRate, 2e6);
    expectClose(out.peakConnectRate, 2e6 / 30 + 2e6 / 7200);
    expectClose(out.peakToConnectCapacity, (2e6 / 30 + 2e6 / 7200) / 10_000);
    expectClose(out.minReconnectWindowForNode, 400_000 / (10_000 - 2e6 / 7200));
    expectClose(out.minReconnectWindowForFleet, 2e6 / (10_000 - 2e6 / 7200));
  });

  it('is limited by memory when connections are fat', () => {
    const out = evaluate(model, {
      concurrentConnections: 100_000,
      memoryPerConnection: 1e6,
      maxConnectionsPerNode: 1e6,
      nodeMemory: 32e9,
      usableMemoryFraction: 0.5,
    });
    expect(out.nodesForMemory).toBe(7); // 1e11 B / 1.6e10 B a node = 6.25
    expect(out.limitedBy).toBe('memory');
    expect(out.connectionCapacityPerNode).toBe(16_000);
    expect(out.survivesNodeLoss).toBe(false); // 100 000 / 6 = 16 667 > 16 000: no spare
    expect(
      evaluate(model, {
        concurrentConnections: 100_000,
        memoryPerConnection: 1e6,
        maxConnectionsPerNode: 1e6,
        nodeMemory: 32e9,
        usableMemoryFraction: 0.5,
        spareNodes: 1,
      }).survivesNodeLoss,
    ).toBe(true);
  });

  it('treats a window shorter than the natural spread, or none, as no jitter', () => {
    const base = {
      concurrentConnections: 60_000,
      memoryPerConnection: 0,
      maxConnectionsPerNode: 10_000,
      nodeMemory: 1e9,
      unjitteredSpread: 2,
    };
    const none = evaluate(model, { ...base, reconnectWindow: 0 });
    expect(none.fleetRestartReconnectRateJittered).toBe(none.fleetRestartReconnectRate);
    expectClose(none.fleetRestartReconnectRate, 30_000);
    expectClose(evaluate(model, { ...base, reconnectWindow: 60 }).nodeRestartReconnectRateJittered, 10_000 / 60);
  });

  it('keeps one node for no connections, with nulls where there is no second node or no capacity', () => {
    const out = evaluate(model, {
      concurrentConnections: 0,
      memoryPerConnection: 5000,
      maxConnectionsPerNode: 10,
      nodeMemory: 1e6,
    });
    expect(out).toMatchObject({
      nodes: 1,
      connectionsPerNode: 0,
      connectionsPerNodeAfterNodeLoss: null,
      steadyConnectRate: null,
      peakToConnectCapacity: null,
      minReconnectWindowForFleet: null,
    });
  });

  it('stays finite at the corners of the input ranges', () => {
    const big = evaluate(model, {
      concurrentConnections: 1e10,
      memoryPerConnection: 1e9,
      maxConnectionsPerNode: 1,
      nodeMemory: 1e6,
      usableMemoryFraction: 0.01,
      heartbeatInterval: 0.1,
      unjitteredSpread: 0.001,
      connectCapacity: 1e-6,
      sessionDuration: 1,
    });
    expect(JSON.stringify(big)).not.toMatch(/NaN|Infinity/);
    const free = evaluate(model, {
      concurrentConnections: 5,
      memoryPerConnection: 0,
      maxConnectionsPerNode: 1e9,
      nodeMemory: 1e15,
    });
    expect(free.connectionCapacityPerNode).toBe(1e9);
  });

  it('names each bad field, its range and the value received', () => {
    const r = check(model, {
      concurrentConnections: -1,
      memoryPerConnection: 1,
      maxConnectionsPerNode: 0.5,
      nodeMemory: 100,
      heartbeatInterval: 0,
      fds: 1,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('concurrentConnections: must be a number from 0 to 10000000000 (got -1)');
    expect(lines).toContain('maxConnectionsPerNode: must be an integer from 1 to 1000000000 (got 0.5)');
    expect(lines).toContain('nodeMemory: must be a number from 1000000 to 1000000000000000 (got 100)');
    expect(lines).toContain('heartbeatInterval: must be a number from 0.1 to 86400 (got 0)');
    expect(lines.some((l) => l.startsWith('fds: is not an input of this model'))).toBe(true);
  });

  it('does not mutate its input', () => {
    const input = deepFreeze({
      concurrentConnections: 1000,
      memoryPerConnection: 1000,
      maxConnectionsPerNode: 600,
      nodeMemory: 1e9,
    });
    expect(evaluate(model, input).nodes).toBe(2);
    expect(input).toEqual({
      concurrentConnections: 1000,
      memoryPerConnection: 1000,
      maxConnectionsPerNode: 600,
      nodeMemory: 1e9,
    });
  });
});

describe('websocket-fleet: properties', () => {
  const anyInput = fc.record({
    concurrentConnections: fc.double({ min: 0, max: 1e8, noNaN: true }),
    memoryPerConnection: fc.double({ min: 0, max: 1e6, noNaN: true }),
    maxConnectionsPerNode: fc.integer({ min: 1, max: 5_000_000 }),
    nodeMemory: fc.double({ min: 1e8, max: 1e12, noNaN: true }),
    usableMemoryFraction: fc.double({ min: 0.05, max: 1, noNaN: true }),
    spareNodes: fc.integer({ min: 0, max: 3 }),
    reconnectWindow: fc.double({ min: 0, max: 600, noNaN: true }),
    unjitteredSpread: fc.double({ min: 0.01, max: 10, noNaN: true }),
    sessionDuration: fc.double({ min: 60, max: 1e6, noNaN: true }),
    connectCapacity: fc.double({ min: 1, max: 1e6, noNaN: true }),
  });

  it('gives every node room for its connections, by count and by memory', () => {
    fc.assert(
      fc.property(anyInput, (v) => {
        const out = evaluate(model, v);
        expect(out.connectionsPerNode).toBeLessThanOrEqual(v.maxConnectionsPerNode * (1 + 1e-12));
        expect(out.memoryPerNode).toBeLessThanOrEqual(v.nodeMemory * v.usableMemoryFraction * (1 + 1e-12));
        expect(out.nodes).toBeGreaterThanOrEqual(Math.max(1, out.nodesForConnections, out.nodesForMemory) + v.spareNodes);
      }),
    );
  });

  it('spreads a storm with jitter, never concentrating it, and the minimum window fits the capacity', () => {
    fc.assert(
      fc.property(anyInput, (v) => {
        const out = evaluate(model, v);
        expect(out.fleetRestartReconnectRateJittered).toBeLessThanOrEqual(out.fleetRestartReconnectRate);
        expect(out.nodeRestartReconnectRateJittered).toBeLessThanOrEqual(out.nodeRestartReconnectRate);
        expect(out.nodeRestartReconnectRate).toBeLessThanOrEqual(out.fleetRestartReconnectRate);
        const window = out.minReconnectWindowForFleet;
        // (a window beyond the input's own bound, 86 400 s, cannot be fed back; the model may still report it)
        if (window !== null && window >= v.unjitteredSpread && window <= 86_400) {
          const at = evaluate(model, { ...v, reconnectWindow: window });
          expect(at.peakConnectRate).toBeLessThanOrEqual(v.connectCapacity * (1 + 1e-9));
        }
      }),
    );
  });

  it('never needs fewer nodes for more connections', () => {
    fc.assert(
      fc.property(anyInput, fc.double({ min: 1, max: 10, noNaN: true }), (v, k) => {
        const a = evaluate(model, v);
        expect(evaluate(model, { ...v, concurrentConnections: v.concurrentConnections * k }).nodes).toBeGreaterThanOrEqual(
          a.nodes,
        );
      }),
    );
  });
});
