/**
 * What the two lock labs share: a connection, the compare-and-delete release script, a sleep that records
 * how late its timer fired, and the CPU other processes used meanwhile.
 */
import { createClient } from 'redis';
import { machineBusySeconds } from './load.ts';
import { HOST } from './servers.ts';

/** What the labs use of a node-redis client: raw commands (replies as RESP gives them), scripts, closing. */
export interface Connection {
  sendCommand<T = unknown>(args: readonly string[]): Promise<T>;
  scriptLoad(script: string): Promise<string>;
  readonly isOpen: boolean;
  close(): Promise<unknown>;
  destroy(): unknown;
}

/** A client on its own connection (node-redis); a failed command rejects its own promise. */
export async function connect(port: number): Promise<Connection> {
  const c = createClient({ socket: { host: HOST, port, reconnectStrategy: false } });
  c.on('error', () => undefined);
  await c.connect();
  return {
    sendCommand: <T = unknown>(args: readonly string[]) => c.sendCommand<T>(args),
    scriptLoad: (script: string) => c.scriptLoad(script),
    get isOpen() {
      return c.isOpen;
    },
    close: () => c.close(),
    destroy: () => c.destroy(),
  };
}

export async function closeAll(conns: readonly Connection[]): Promise<void> {
  await Promise.all(conns.map(async (c) => (c.isOpen ? c.close().catch(() => c.destroy()) : undefined)));
}

/**
 * The release of "Distributed Locks with Redis": delete the key only if it still holds my token. Returns 1
 * when it deleted the lock, 0 when the key was gone or held someone else's token.
 */
export const COMPARE_AND_DELETE = `if redis.call("get", KEYS[1]) == ARGV[1] then
  return redis.call("del", KEYS[1])
else
  return 0
end`;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sleeps `ms` (Node's timers take whole milliseconds, at least 1) and returns how long it really slept, in ms.
 */
export async function timedSleep(ms: number): Promise<number> {
  const t0 = performance.now();
  await sleep(ms);
  return performance.now() - t0;
}

/** Measures the CPU that other processes (not this one, not Redis) use while `work` runs, in cores. */
export async function withCpu<T>(
  serverCpuSeconds: () => Promise<number>,
  work: () => Promise<T>,
): Promise<{ value: T; seconds: number; serverCpuCores: number; clientCpuCores: number; otherCpuCores: number | null }> {
  const server0 = await serverCpuSeconds();
  const busy0 = machineBusySeconds();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await work();
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = process.cpuUsage(cpu0);
  const busy1 = machineBusySeconds();
  const server = (await serverCpuSeconds()) - server0;
  const client = (cpu1.user + cpu1.system) / 1e6;
  return {
    value,
    seconds,
    serverCpuCores: server / seconds,
    clientCpuCores: client / seconds,
    otherCpuCores: busy0 === null || busy1 === null ? null : Math.max(0, (busy1 - busy0 - server - client) / seconds),
  };
}

/** Nearest-rank percentile of an ascending array (the model's definition). */
export function nearestRank(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}
