/**
 * Lab locks: what each way of taking a Redis lock protects, against real Redis, when clients pause for longer
 * than the lease (as a GC pause, a swapped-out process or a slow disk does) and when a client crashes.
 *
 * 1. Pauses. C clients each increment a shared counter K times by read-modify-write (read it, work a few ms,
 *    write read + 1), under one of five disciplines:
 *      no-lock        no lock at all
 *      setnx-expire   SETNX key token, then EXPIRE key lease (two commands); release by plain DEL
 *      plain-del      SET key token NX PX lease; release by plain DEL
 *      compare-delete SET key token NX PX lease; release by the script that deletes the key only if it still
 *                     holds my token ("Distributed Locks with Redis")
 *      fencing        as compare-delete, plus a fencing token from INCR at every acquisition, which the storage
 *                     checks: it rejects a read or a write carrying a token lower than the highest it has seen
 *    Between reading and writing, a seeded fraction of acquisitions pause for longer than the lease. The
 *    storage is a Redis hash updated by Lua scripts; in every discipline but fencing they only record the
 *    highest token seen (to count stale writes), they never refuse. Counted: times two clients believed they
 *    held the lock at once (overlapping client-side intervals from acquiring to releasing; for no-lock, from
 *    reading to writing), stale writes the storage accepted (a write carrying a token lower than one the
 *    storage had already seen: a newer holder had been at work), stale reads and writes it rejected, releases
 *    that deleted another client's lock (the plain DEL is instrumented: a script that GETs, then DELs
 *    whatever is there), and lost updates (accepted writes − the counter's final value).
 * 2. A crash between acquiring and setting the expiry. A client takes the lock and dies: with SETNX then EXPIRE
 *    it dies before the EXPIRE, so the key has no expiry (PTTL −1) and nobody acquires the lock again; with
 *    SET NX PX the lease runs out and another client acquires it about a lease later.
 */
import { seededRandom } from '../models/random.ts';
import { packageVersion, round, type Lab, type LabContext, type LabOutput } from './lib/lab.ts';
import { closeAll, connect, sleep, type Connection } from './lib/redis-lock.ts';
import { startRedis } from './lib/servers.ts';
import { labFlags } from './lib/flags.ts';

export const disciplines = ['no-lock', 'setnx-expire', 'plain-del', 'compare-delete', 'fencing'] as const;
export type Discipline = (typeof disciplines)[number];

export interface LocksOptions {
  readonly clients: number;
  readonly acquisitionsPerClient: number;
  readonly runs: number;
  readonly leaseMs: number;
  /** the injected pause, between reading and writing (longer than the lease) */
  readonly pauseMs: number;
  /** fraction of acquisitions that pause */
  readonly pauseProbability: number;
  /** work between reading and writing, every time */
  readonly workMs: number;
  /** wait between attempts to acquire */
  readonly retryMs: number;
  /** how long the others keep trying after a crash */
  readonly crashWatchMs: number;
  readonly seed: number;
}

export const FULL: LocksOptions = {
  clients: 8,
  acquisitionsPerClient: 40,
  runs: 3,
  leaseMs: 50,
  pauseMs: 120,
  pauseProbability: 0.1,
  workMs: 2,
  retryMs: 1,
  crashWatchMs: 300,
  seed: 1,
};

export const SHORT: LocksOptions = {
  ...FULL,
  clients: 4,
  acquisitionsPerClient: 15,
  runs: 1,
  pauseProbability: 0.25,
  crashWatchMs: 200,
};

const LOCK = 'lock:resource';
const FENCE = 'lock:resource:fence';
const STORE = 'resource';

/**
 * A read through the storage: ARGV[1] the token (0 without a lock), ARGV[2] '1' to enforce fencing. Returns
 * {1, value} or, when fencing refuses a token lower than the highest seen, {0, highest}.
 */
export const FENCED_READ = `local highest = tonumber(redis.call("HGET", KEYS[1], "highest") or "0")
local t = tonumber(ARGV[1])
if ARGV[2] == "1" and t < highest then return {0, highest} end
if t > highest then redis.call("HSET", KEYS[1], "highest", t) end
return {1, tonumber(redis.call("HGET", KEYS[1], "value") or "0")}`;

/**
 * A write through the storage: ARGV[1] the token, ARGV[2] '1' to enforce fencing, ARGV[3] the new value.
 * Returns {accepted, stale}: stale when the token is lower than the highest the storage has seen.
 */
export const FENCED_WRITE = `local highest = tonumber(redis.call("HGET", KEYS[1], "highest") or "0")
local t = tonumber(ARGV[1])
local stale = 0
if t < highest then stale = 1 end
if ARGV[2] == "1" and stale == 1 then return {0, 1} end
redis.call("HSET", KEYS[1], "value", ARGV[3])
if t > highest then redis.call("HSET", KEYS[1], "highest", t) end
return {1, stale}`;

/** Plain DEL, instrumented: 1 deleted my lock, 2 deleted another client's, 0 nothing was there. */
export const PLAIN_DEL = `local v = redis.call("GET", KEYS[1])
redis.call("DEL", KEYS[1])
if v == ARGV[1] then return 1 elseif v then return 2 else return 0 end`;

/** Compare-and-delete, instrumented: 1 deleted my lock, 2 left another client's in place, 0 nothing was there. */
export const COMPARE_DELETE = `local v = redis.call("GET", KEYS[1])
if v == ARGV[1] then redis.call("DEL", KEYS[1]) return 1 elseif v then return 2 else return 0 end`;

interface Scripts {
  readonly read: string;
  readonly write: string;
  readonly plainDel: string;
  readonly compareDelete: string;
}

async function loadScripts(c: Connection): Promise<Scripts> {
  return {
    read: await c.scriptLoad(FENCED_READ),
    write: await c.scriptLoad(FENCED_WRITE),
    plainDel: await c.scriptLoad(PLAIN_DEL),
    compareDelete: await c.scriptLoad(COMPARE_DELETE),
  };
}

export interface PauseRun {
  readonly run: number;
  readonly discipline: Discipline;
  readonly increments: number;
  readonly pausesInjected: number;
  readonly writesAccepted: number;
  readonly finalValue: number;
  /** accepted writes − final value: increments that another client's write overwrote */
  readonly lostUpdates: number;
  /** pairs of clients whose believed-held intervals overlapped */
  readonly overlaps: number;
  readonly maxConcurrentHolders: number;
  readonly staleWritesAccepted: number;
  readonly staleWritesRejected: number;
  readonly staleReadsRejected: number;
  readonly releases: {
    readonly own: number;
    readonly deletedAnothers: number;
    readonly leftAnothers: number;
    readonly nothing: number;
  };
  readonly seconds: number;
}

/** Pairs of overlapping intervals, and the most that overlap at one moment. */
export function overlapCount(intervals: readonly (readonly [number, number])[]): { pairs: number; maxConcurrent: number } {
  const events = intervals.flatMap(([a, b]): [number, number][] => [
    [a, 1],
    [b, -1],
  ]);
  events.sort((x, y) => x[0] - y[0] || x[1] - y[1]); // an end before a start at the same instant
  let open = 0;
  let pairs = 0;
  let maxConcurrent = 0;
  for (const [, d] of events) {
    if (d === 1) {
      pairs += open;
      open++;
      maxConcurrent = Math.max(maxConcurrent, open);
    } else open--;
  }
  return { pairs, maxConcurrent };
}

async function acquire(conn: Connection, discipline: Discipline, token: string, o: LocksOptions): Promise<void> {
  for (;;) {
    if (discipline === 'setnx-expire') {
      if ((await conn.sendCommand(['SETNX', LOCK, token])) === 1) {
        // the second command (PEXPIRE: EXPIRE with the lease in ms); a crash before it leaves no expiry
        await conn.sendCommand(['PEXPIRE', LOCK, String(o.leaseMs)]);
        return;
      }
    } else if ((await conn.sendCommand(['SET', LOCK, token, 'NX', 'PX', String(o.leaseMs)])) === 'OK') return;
    await sleep(o.retryMs);
  }
}

async function pausesRun(
  conns: readonly Connection[],
  s: Scripts,
  discipline: Discipline,
  o: LocksOptions,
  run: number,
): Promise<PauseRun> {
  const admin = conns[0]!;
  await admin.sendCommand(['DEL', LOCK, FENCE, STORE]);
  const intervals: [number, number][] = [];
  const releases = { own: 0, deletedAnothers: 0, leftAnothers: 0, nothing: 0 };
  let pausesInjected = 0;
  let writesAccepted = 0;
  let staleWritesAccepted = 0;
  let staleWritesRejected = 0;
  let staleReadsRejected = 0;
  const locked = discipline !== 'no-lock';
  const enforce = discipline === 'fencing' ? '1' : '0';
  const t0 = performance.now();
  const one = async (c: number, conn: Connection) => {
    // the same pauses, acquisition by acquisition, in every discipline
    const random = seededRandom((o.seed + run * 7919 + c * 104_729) >>> 0);
    for (let a = 0; a < o.acquisitionsPerClient; a++) {
      const lockToken = `${c}:${a}`;
      const pause = random() < o.pauseProbability;
      let start = performance.now();
      let fence = 0;
      if (locked) {
        await acquire(conn, discipline, lockToken, o);
        start = performance.now();
        fence = Number(await conn.sendCommand(['INCR', FENCE]));
      }
      const [readOk, value] = await conn.sendCommand<[number, number]>(['EVALSHA', s.read, '1', STORE, String(fence), enforce]);
      if (readOk === 1) {
        await sleep(o.workMs);
        if (pause) {
          pausesInjected++;
          await sleep(o.pauseMs);
        }
        const write = ['EVALSHA', s.write, '1', STORE, String(fence), enforce, String(value + 1)];
        const [accepted, stale] = await conn.sendCommand<[number, number]>(write);
        if (accepted === 1) {
          writesAccepted++;
          if (stale === 1) staleWritesAccepted++;
        } else staleWritesRejected++;
      } else staleReadsRejected++;
      const end = performance.now();
      intervals.push([start, end]);
      if (locked) {
        const sha = discipline === 'compare-delete' || discipline === 'fencing' ? s.compareDelete : s.plainDel;
        const r = Number(await conn.sendCommand(['EVALSHA', sha, '1', LOCK, lockToken]));
        if (r === 1) releases.own++;
        else if (r === 2) {
          if (sha === s.plainDel) releases.deletedAnothers++;
          else releases.leftAnothers++;
        } else releases.nothing++;
      }
    }
  };
  await Promise.all(conns.map((conn, c) => one(c, conn)));
  const seconds = (performance.now() - t0) / 1000;
  const finalValue = Number((await admin.sendCommand(['HGET', STORE, 'value'])) ?? 0);
  const { pairs, maxConcurrent } = overlapCount(intervals);
  return {
    run,
    discipline,
    increments: conns.length * o.acquisitionsPerClient,
    pausesInjected,
    writesAccepted,
    finalValue,
    lostUpdates: writesAccepted - finalValue,
    overlaps: pairs,
    maxConcurrentHolders: maxConcurrent,
    staleWritesAccepted,
    staleWritesRejected,
    staleReadsRejected,
    releases,
    seconds: round(seconds),
  };
}

export interface CrashRun {
  readonly acquire: 'setnx-expire' | 'set-nx-px';
  /** PTTL of the lock key just after the crash (ms; −1: no expiry) */
  readonly pttlAfterCrashMs: number;
  /** PTTL at the end of the watch (−2: the key is gone) */
  readonly pttlAtEndMs: number;
  readonly watchMs: number;
  readonly acquisitionsAfterCrash: number;
  /** from the crash to the first acquisition by another client (null: none within the watch) */
  readonly firstAcquisitionAfterMs: number | null;
}

/** A client takes the lock and dies before it sets an expiry (SETNX) or releases (SET NX PX); others keep trying. */
async function crashRun(
  port: number,
  others: readonly Connection[],
  kind: CrashRun['acquire'],
  o: LocksOptions,
): Promise<CrashRun> {
  const admin = others[0]!;
  await admin.sendCommand(['DEL', LOCK]);
  const victim = await connect(port);
  if (kind === 'setnx-expire') {
    if ((await victim.sendCommand(['SETNX', LOCK, 'victim'])) !== 1)
      throw new Error('locks: the crash victim could not take the lock');
    // …and here the process dies, before its EXPIRE.
  } else if ((await victim.sendCommand(['SET', LOCK, 'victim', 'NX', 'PX', String(o.leaseMs)])) !== 'OK') {
    throw new Error('locks: the crash victim could not take the lock');
  }
  victim.destroy();
  const crashedAt = performance.now();
  const pttlAfterCrashMs = Number(await admin.sendCommand(['PTTL', LOCK]));
  let acquisitions = 0;
  let first: number | null = null;
  const deadline = crashedAt + o.crashWatchMs;
  await Promise.all(
    others.map(async (conn, c) => {
      let a = 0;
      while (performance.now() < deadline) {
        const token = `w${c}:${a++}`;
        const ok =
          kind === 'setnx-expire'
            ? (await conn.sendCommand(['SETNX', LOCK, token])) === 1
            : (await conn.sendCommand(['SET', LOCK, token, 'NX', 'PX', String(o.leaseMs)])) === 'OK';
        if (ok) {
          acquisitions++;
          first ??= performance.now() - crashedAt;
          if (kind === 'setnx-expire') await conn.sendCommand(['PEXPIRE', LOCK, String(o.leaseMs)]);
          await sleep(o.workMs);
          await conn.sendCommand(['EVAL', COMPARE_DELETE, '1', LOCK, token]);
        } else await sleep(o.retryMs);
      }
    }),
  );
  const pttlAtEndMs = Number(await admin.sendCommand(['PTTL', LOCK]));
  await admin.sendCommand(['DEL', LOCK]);
  return {
    acquire: kind,
    pttlAfterCrashMs,
    pttlAtEndMs,
    watchMs: o.crashWatchMs,
    acquisitionsAfterCrash: acquisitions,
    firstAcquisitionAfterMs: first === null ? null : round(first),
  };
}

export interface PauseSummary {
  readonly discipline: Discipline;
  readonly runs: number;
  /** totals over the runs */
  readonly increments: number;
  readonly pausesInjected: number;
  /** writes the storage accepted (increments − the ones fencing refused) */
  readonly writesAccepted: number;
  readonly overlaps: number;
  /** null for no-lock: without a lock there is no token to tell a stale write by */
  readonly staleWritesAccepted: number | null;
  readonly staleWritesRejected: number;
  readonly staleReadsRejected: number;
  readonly releasesDeletingAnothersLock: number;
  readonly releasesLeavingAnothersLock: number;
  readonly lostUpdates: number;
  /** lost updates ÷ increments */
  readonly lostFraction: number;
}

export interface LocksResult {
  readonly server: { readonly version: string; readonly pid: number };
  readonly pauses: readonly PauseSummary[];
  readonly crash: readonly CrashRun[];
  readonly runs: readonly PauseRun[];
}

export async function runLocks(o: LocksOptions, log: (line: string) => void = () => undefined): Promise<LocksResult> {
  const server = await startRedis();
  log(`redis-server ${server.version} on ${server.host}:${server.port} (pid ${server.pid})`);
  const conns: Connection[] = [];
  try {
    for (let i = 0; i < o.clients; i++) conns.push(await connect(server.port));
    const s = await loadScripts(conns[0]!);
    const runs: PauseRun[] = [];
    for (let run = 1; run <= o.runs; run++) {
      for (const d of disciplines) {
        const r = await pausesRun(conns, s, d, o, run);
        runs.push(r);
        log(
          `run ${run}/${o.runs} ${d.padEnd(14)}: ${r.pausesInjected} pauses; overlaps ${r.overlaps}, stale writes accepted ${r.staleWritesAccepted}, ` +
            `rejected ${r.staleWritesRejected + r.staleReadsRejected}, releases deleting another's lock ${r.releases.deletedAnothers}, ` +
            `lost updates ${r.lostUpdates} of ${r.writesAccepted} (${r.seconds} s)`,
        );
      }
    }
    const pauses = disciplines.map((d): PauseSummary => {
      const g = runs.filter((r) => r.discipline === d);
      const sum = (f: (r: PauseRun) => number) => g.reduce((a, r) => a + f(r), 0);
      const increments = sum((r) => r.increments);
      return {
        discipline: d,
        runs: g.length,
        increments,
        pausesInjected: sum((r) => r.pausesInjected),
        writesAccepted: sum((r) => r.writesAccepted),
        overlaps: sum((r) => r.overlaps),
        staleWritesAccepted: d === 'no-lock' ? null : sum((r) => r.staleWritesAccepted),
        staleWritesRejected: sum((r) => r.staleWritesRejected),
        staleReadsRejected: sum((r) => r.staleReadsRejected),
        releasesDeletingAnothersLock: sum((r) => r.releases.deletedAnothers),
        releasesLeavingAnothersLock: sum((r) => r.releases.leftAnothers),
        lostUpdates: sum((r) => r.lostUpdates),
        lostFraction: round(sum((r) => r.lostUpdates) / increments),
      };
    });
    const crash: CrashRun[] = [];
    for (const kind of ['setnx-expire', 'set-nx-px'] as const) {
      const c = await crashRun(server.port, conns.slice(0, Math.min(3, conns.length)), kind, o);
      crash.push(c);
      log(
        `crash after ${kind === 'setnx-expire' ? 'SETNX, before EXPIRE' : 'SET NX PX'}: PTTL ${c.pttlAfterCrashMs} ms, ` +
          `${c.acquisitionsAfterCrash} acquisitions in the next ${c.watchMs} ms, first after ${c.firstAcquisitionAfterMs ?? '—'} ms`,
      );
    }
    const info = await conns[0]!.sendCommand<string>(['INFO', 'server']);
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? server.version;
    return { server: { version, pid: server.pid }, pauses, crash, runs };
  } finally {
    await closeAll(conns);
    await server.stop();
  }
}

function options(context: LabContext): LocksOptions {
  const base = context.mode === 'full' ? FULL : SHORT;
  const f = labFlags('locks', context.args, ['runs', 'clients', 'acquisitions', 'pause-probability']);
  return {
    ...base,
    runs: f.int('runs', base.runs, 1, 20),
    clients: f.int('clients', base.clients, 2, 64),
    acquisitionsPerClient: f.int('acquisitions', base.acquisitionsPerClient, 1, 10_000),
    pauseProbability: f.number('pause-probability', base.pauseProbability, 0, 1),
  };
}

export const redisLocks: Lab = {
  name: 'locks',
  results: 'redis-locks',
  summary:
    'Redis locks under pauses longer than the lease and a crash: no lock, SETNX+EXPIRE, SET NX PX with DEL or compare-and-delete, fencing tokens',
  servers: ['redis'],
  options: [
    `--clients N            clients, one connection each (full ${FULL.clients}, short ${SHORT.clients})`,
    `--acquisitions K       increments per client (full ${FULL.acquisitionsPerClient}, short ${SHORT.acquisitionsPerClient})`,
    `--runs N               runs of every discipline; totals are reported (full ${FULL.runs}, short ${SHORT.runs})`,
    `--pause-probability P  fraction of acquisitions that pause ${FULL.pauseMs} ms (lease ${FULL.leaseMs} ms) between read and write (full ${FULL.pauseProbability}, short ${SHORT.pauseProbability})`,
  ],
  async run(context): Promise<LabOutput> {
    const o = options(context);
    const r = await runLocks(o, context.log);
    const report = [
      ...r.pauses.map(
        (p) =>
          `${p.discipline.padEnd(14)}: ${p.increments} increments, ${p.pausesInjected} pauses > lease; two holders at once ${p.overlaps}, ` +
          `stale writes accepted ${p.staleWritesAccepted ?? 'n/a'} (rejected ${p.staleWritesRejected + p.staleReadsRejected}), ` +
          `releases deleting another's lock ${p.releasesDeletingAnothersLock}, lost updates ${p.lostUpdates} (${(p.lostFraction * 100).toFixed(1)} %)`,
      ),
      ...r.crash.map(
        (c) =>
          `crash (${c.acquire}): PTTL after the crash ${c.pttlAfterCrashMs} ms; ${c.acquisitionsAfterCrash} acquisitions by others in ${c.watchMs} ms` +
          (c.firstAcquisitionAfterMs === null ? '' : `, the first ${c.firstAcquisitionAfterMs} ms after the crash`),
      ),
    ];
    return {
      parameters: { ...o, disciplines, lockKey: LOCK, fenceKey: FENCE, storageKey: STORE },
      versions: { redis: r.server.version, client: `redis (node-redis) ${packageVersion('redis')}` },
      summary: { pauses: r.pauses, crash: r.crash },
      raw: { runs: r.runs },
      report,
    };
  },
};
