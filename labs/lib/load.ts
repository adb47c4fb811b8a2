/**
 * A closed-loop load generator for Redis: N clients, each on its own connection, each sending one command
 * (or one batch of `pipeline` commands) and waiting for the reply before it sends the next, for a warm-up
 * and then a measured window. It reports what the window saw: calls per second, client-side latency
 * percentiles, and from the server's INFO the time Redis spent per call (commandstats) and the CPU it used,
 * with the CPU that every other process of the machine used meanwhile (/proc/stat), so that a reader can
 * tell whether Redis, this client or someone else was the bottleneck.
 */
import { readFileSync } from 'node:fs';
import { createClient } from 'redis';
import { HOST } from './servers.ts';

export type Reply = unknown;

export interface LoadOptions {
  readonly port: number;
  /** Concurrent clients, one connection each. */
  readonly clients: number;
  /** Commands each client sends at once before it waits (1: no pipelining). */
  readonly pipeline: number;
  readonly warmupSeconds: number;
  readonly seconds: number;
  /** The command for a client's i-th call, as arguments (e.g. ['SET', key, value]). */
  readonly command: (client: number, i: number) => readonly string[];
  /** The commandstats name whose server time per call is reported (e.g. 'set', 'evalsha'). */
  readonly statsName: string;
  /** Sees every reply of the measured window (e.g. to count allowed requests). */
  readonly onReply?: (reply: Reply) => void;
}

export interface LoadResult {
  readonly clients: number;
  readonly pipeline: number;
  /** Length of the measured window (s). */
  readonly seconds: number;
  /** Commands answered in the window. */
  readonly calls: number;
  readonly callsPerSecond: number;
  /** Client-side time from sending a command (a batch, when pipelined) to its reply, ms. */
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly samples: number };
  /** Server time per call of `statsName`, µs (Redis's commandstats: the command's own execution, no I/O). */
  readonly serverUsecPerCall: number;
  /** Cores of CPU Redis used over the window (1 = one core busy all the time). */
  readonly serverCpuCores: number;
  /** Cores of CPU this process (the clients) used over the window. */
  readonly clientCpuCores: number;
  /** Cores of CPU every other process used over the window (null when /proc/stat cannot be read). */
  readonly otherCpuCores: number | null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Parses INFO text into field → value. */
export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) fields.set(line.slice(0, i), line.slice(i + 1));
  }
  return fields;
}

function commandStats(info: Map<string, string>, name: string): { calls: number; usec: number } {
  const v = info.get(`cmdstat_${name}`) ?? '';
  return { calls: Number(/calls=(\d+)/.exec(v)?.[1] ?? 0), usec: Number(/usec=(\d+)/.exec(v)?.[1] ?? 0) };
}

/** Redis's CPU seconds so far (user + system, every thread), from INFO. */
export function serverCpu(info: Map<string, string>): number {
  return Number(info.get('used_cpu_user') ?? 0) + Number(info.get('used_cpu_sys') ?? 0);
}

/** Busy CPU seconds of the whole machine so far, from /proc/stat (null elsewhere). */
export function machineBusySeconds(): number | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    // user nice system idle iowait irq softirq steal …: busy is everything but idle and iowait.
    const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
    return (total - idle) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/**
 * The CPU, in cores, that other processes use, sampled over `ms`: the machine's busy time less this
 * process's (which sleeps meanwhile; an idle server's few ticks count as others'). Null without /proc/stat.
 */
export async function otherCpuCores(ms = 1000): Promise<number | null> {
  const busy0 = machineBusySeconds();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(ms);
  const busy1 = machineBusySeconds();
  const cpu1 = process.cpuUsage(cpu0);
  const seconds = (performance.now() - t0) / 1000;
  if (busy0 === null || busy1 === null) return null;
  return Math.max(0, (busy1 - busy0 - (cpu1.user + cpu1.system) / 1e6) / seconds);
}

/**
 * Waits until other processes use at most `cores` of CPU (one-second samples), for at most `seconds`.
 * Returns the last sample (null without /proc/stat, where it does not wait).
 */
export async function waitForQuiet(cores: number, seconds: number, log?: (line: string) => void): Promise<number | null> {
  const deadline = performance.now() + seconds * 1000;
  let said = false;
  for (;;) {
    const others = await otherCpuCores();
    if (others === null || others <= cores || performance.now() >= deadline) return others;
    if (!said && log)
      log(`waiting up to ${seconds} s for other processes to use at most ${cores} cores (now ${others.toFixed(2)})`);
    said = true;
  }
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

const MAX_LATENCY_SAMPLES = 4_000_000;

/** Runs the load; every connection it opened is closed before it returns or throws. */
export async function closedLoop(options: LoadOptions): Promise<LoadResult> {
  const { clients, pipeline } = options;
  const connect = async () => {
    const c = createClient({ socket: { host: HOST, port: options.port, reconnectStrategy: false } });
    c.on('error', () => undefined); // a failed command rejects its own promise; this only silences the emitter
    await c.connect();
    return c;
  };
  const admin = await connect();
  const conns: Awaited<ReturnType<typeof connect>>[] = [];
  try {
    for (let i = 0; i < clients; i++) conns.push(await connect());

    let measuring = false;
    let stop = false;
    let calls = 0;
    const latencies = new Float64Array(MAX_LATENCY_SAMPLES);
    let samples = 0;

    const loop = async (client: number, conn: (typeof conns)[number]) => {
      let i = 0;
      while (!stop) {
        const t0 = performance.now();
        let replies: Reply[];
        if (pipeline === 1) {
          replies = [await conn.sendCommand(options.command(client, i++))];
        } else {
          // Commands issued in the same tick go out in one write: node-redis pipelines them.
          const batch: Promise<Reply>[] = [];
          for (let k = 0; k < pipeline; k++) batch.push(conn.sendCommand(options.command(client, i++)));
          replies = await Promise.all(batch);
        }
        if (measuring) {
          calls += replies.length;
          if (samples < MAX_LATENCY_SAMPLES) latencies[samples++] = performance.now() - t0;
          if (options.onReply) for (const r of replies) options.onReply(r);
        }
      }
    };

    const loops = conns.map((conn, client) => loop(client, conn));
    // A failing client fails the run at once (and stops the others).
    const failed = Promise.all(loops).catch((e: unknown) => {
      stop = true;
      throw e;
    });
    const run = async () => {
      await sleep(options.warmupSeconds * 1000);
      const info0 = parseInfo(await admin.sendCommand<string>(['INFO', 'all']));
      const busy0 = machineBusySeconds();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      measuring = true;
      await sleep(options.seconds * 1000);
      measuring = false;
      const t1 = performance.now();
      const calls1 = calls;
      const cpu1 = process.cpuUsage(cpu0);
      const busy1 = machineBusySeconds();
      const info1 = parseInfo(await admin.sendCommand<string>(['INFO', 'all']));
      stop = true;
      return { t0, t1, calls1, cpu1, busy0, busy1, info0, info1 };
    };
    const [m] = await Promise.all([run(), failed]);

    const seconds = (m.t1 - m.t0) / 1000;
    const s0 = commandStats(m.info0, options.statsName);
    const s1 = commandStats(m.info1, options.statsName);
    const serverSeconds = serverCpu(m.info1) - serverCpu(m.info0);
    const clientSeconds = (m.cpu1.user + m.cpu1.system) / 1e6;
    const sorted = latencies.subarray(0, samples).sort();
    return {
      clients,
      pipeline,
      seconds,
      calls: m.calls1,
      callsPerSecond: m.calls1 / seconds,
      latencyMs: { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), samples },
      serverUsecPerCall: s1.calls > s0.calls ? (s1.usec - s0.usec) / (s1.calls - s0.calls) : 0,
      serverCpuCores: serverSeconds / seconds,
      clientCpuCores: clientSeconds / seconds,
      otherCpuCores:
        m.busy0 === null || m.busy1 === null ? null : Math.max(0, (m.busy1 - m.busy0 - serverSeconds - clientSeconds) / seconds),
    };
  } finally {
    const close = async (c: (typeof conns)[number]) => {
      if (c.isOpen) await c.close().catch(() => c.destroy());
    };
    await Promise.all([admin, ...conns].map(close));
  }
}
