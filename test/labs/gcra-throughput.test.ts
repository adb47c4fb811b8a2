/**
 * The gcra-throughput lab in its short mode, against a real redis-server (started and stopped here):
 * labs/gcra.lua decides as the project's `gcra` model does, and the throughput harness measures what it
 * claims to. Needs redis-server (scripts/env.sh's lb_servers installs it); without it this fails with the
 * install hint, it does not skip.
 */
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkScenario,
  gcraArgs,
  gcraScript,
  parseBenchmarkCsv,
  runGcraThroughput,
  SCENARIOS,
  SHORT,
  toScriptReply,
  type GcraThroughputResult,
} from '../../labs/gcra-throughput.ts';
import { startRedis, stopAll, type RunningServer } from '../../labs/lib/servers.ts';

afterAll(stopAll);

describe('labs/gcra.lua against a real redis-server', () => {
  let server: RunningServer;
  let client: ReturnType<typeof createClient>;
  let sha: string;
  beforeAll(async () => {
    server = await startRedis();
    client = createClient({ socket: { host: server.host, port: server.port, reconnectStrategy: false } });
    client.on('error', () => undefined);
    await client.connect();
    sha = await client.scriptLoad(gcraScript());
  }, 30_000);
  afterAll(async () => {
    if (client?.isOpen) await client.close();
    await server?.stop();
  });

  it('answers redis-cell’s README example (CL.THROTTLE user123 15 30 60 1 on a fresh key) as 0, 16, 15, -1, 2 s', async () => {
    // Source: brandur/redis-cell README, "Usage": 0 (allowed), 16 (limit), 15 (remaining), -1, 2 (reset after, s).
    const r = toScriptReply(
      await client.sendCommand(gcraArgs(sha, 'readme:user123', { maxBurst: 15, countPerPeriod: 30, period: 60 })),
    );
    expect([r.limited, r.limit, r.remaining, r.retryAfterUs, r.resetAfterUs]).toEqual([0, 16, 15, -1, 2_000_000]);
    // The key holds the new TAT (now + T), with an expiry at that time.
    expect(Number(await client.sendCommand(['GET', 'readme:user123']))).toBe(r.nowUs + 2_000_000);
    const pttl = Number(await client.sendCommand(['PTTL', 'readme:user123']));
    expect(pttl).toBeGreaterThan(1900);
    expect(pttl).toBeLessThanOrEqual(2000);
  });

  for (const [i, scenario] of SCENARIOS.entries()) {
    it(`agrees with the gcra model, call by call, at the server's times: ${scenario.name}`, async () => {
      const check = await checkScenario(client, sha, scenario, `scenario:${i}`);
      expect(check.mismatches).toEqual([]);
      expect(check.calls).toBe(scenario.steps.filter((s) => 'quantity' in s).length);
    });
  }

  it('rejects bad arguments with an error reply instead of deciding', async () => {
    await expect(client.sendCommand(['EVALSHA', sha, '1', 'bad', 'x', '30', '60'])).rejects.toThrow(
      /ERR gcra: expected max_burst/,
    );
    await expect(client.sendCommand(['EVALSHA', sha, '1', 'bad', '1', '1000000000', '1'])).rejects.toThrow(
      /at least 1 microsecond/,
    );
  });
});

describe('gcra-throughput, short mode (real redis-server, real load)', () => {
  let result: GcraThroughputResult;
  beforeAll(async () => {
    result = await runGcraThroughput(SHORT);
  }, 60_000);

  it('checks the script against the model before measuring, and finds no disagreement', () => {
    expect(result.semantics.map((s) => s.name)).toEqual(SCENARIOS.map((s) => s.name));
    expect(result.semantics.flatMap((s) => s.mismatches)).toEqual([]);
  });

  it('measures SET and the GCRA script with 10 clients, no pipelining: positive rates, every check on the write path', () => {
    const rows = result.summary.filter((r) => r.clients === 10 && r.pipeline === 1);
    expect(rows.map((r) => r.command).sort((a, b) => a.localeCompare(b))).toEqual(['GCRA', 'SET']);
    for (const r of rows) {
      expect(r.medianCallsPerSecond).toBeGreaterThan(0);
      expect(r.medianServerUsecPerCall).toBeGreaterThan(0);
      expect(r.medianServerCpuCores).toBeGreaterThan(0);
      expect(r.medianP50Ms).toBeGreaterThan(0);
      // 10 000 keys at 100 checks per second each: no check is limited, so every one runs the SET.
      expect(r.minAllowedFraction).toBe(1);
    }
  });

  it('finds the script slower to execute on the server than a SET (Redis commandstats, µs per call)', () => {
    // Measured on the 2-core CI kind of machine: about 2 µs for SET and 10–12 µs for the script (×5).
    // The end-to-end calls/s are not asserted in either order: without pipelining they are bound by the
    // network round trip and the client, and on a loaded 2-core machine either can come out ahead in a
    // one-second run (SET/GCRA was 0.7 in one short run here and 1.3 in the next).
    const [comparison] = result.comparison;
    expect(comparison?.gcraOverSetServerTime).toBeGreaterThan(1);
  });

  it('cross-checks with redis-benchmark: positive rates for both commands', () => {
    expect(result.redisBenchmark.summary.map((b) => b.command).sort((a, b) => a.localeCompare(b))).toEqual(['GCRA', 'SET']);
    for (const b of result.redisBenchmark.runs) expect(b.callsPerSecond).toBeGreaterThan(0);
  });

  it('reads redis-benchmark’s CSV', () => {
    const csv =
      '"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"\n' +
      '"set rl:__rand_int__ 1765432101234567","31877.59","0.997","0.288","0.847","1.583","5.335","26.655"\n';
    expect(parseBenchmarkCsv(csv)).toEqual({ rps: 31877.59, p50: 0.847, p99: 5.335 });
    expect(() => parseBenchmarkCsv('Could not connect to Redis')).toThrow(/no result/);
  });
});
