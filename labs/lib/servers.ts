/**
 * Real servers for labs: `redis-server` and PostgreSQL, each started on 127.0.0.1 on a free port with a
 * throw-away data directory, waited for until it answers, and stopped by its process id.
 *
 *   const redis = await startRedis();          // { port, pid, version, dataDir, stop() }
 *   const pg = await startPostgres();          // { port, pid, version, user, database, dataDir, stop() }
 *   ...
 *   await stopAll();                           // or each server's stop()
 *
 * Every process started here is remembered until it is stopped. On SIGINT or SIGTERM the library stops
 * them all (then exits 130 or 143), and on the process's exit it kills any still running, so a lab that
 * throws or is interrupted leaves no server behind. Only these pids are ever signalled.
 *
 * A server that cannot start throws ServerStartError, which names the server and says why (binary not
 * found, exited during startup with its last output, did not answer in time), so a lab exits non-zero
 * with that message.
 *
 * PostgreSQL refuses to run as root: as root, initdb and postgres run as the `postgres` user (the Debian
 * package's), spawned with its uid and gid so that the pid kept here is the postmaster's own, with a data
 * directory that user owns. Its binaries are found under /usr/lib/postgresql/<newest>/bin, or in LB_PG_BIN,
 * or on PATH.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const HOST = '127.0.0.1';

/** A server that could not be started: `server` names it, the message says why. */
export class ServerStartError extends Error {
  readonly server: string;
  constructor(server: string, reason: string) {
    super(`${server} could not start: ${reason}`);
    this.name = 'ServerStartError';
    this.server = server;
  }
}

export interface RunningServer {
  readonly kind: 'redis' | 'postgres';
  readonly host: typeof HOST;
  readonly port: number;
  readonly pid: number;
  /** The server's version, e.g. "7.0.15" or "15.15". */
  readonly version: string;
  readonly dataDir: string;
  /** Stops the process (by its pid) and removes its data directory. Safe to call twice. */
  stop(): Promise<void>;
}

export interface PostgresServer extends RunningServer {
  readonly kind: 'postgres';
  readonly user: string;
  readonly database: string;
  /** Connection settings for `new pg.Client(...)`. */
  readonly connection: { host: string; port: number; user: string; database: string };
}

interface Tracked {
  readonly name: string;
  readonly child: ChildProcess;
  /** The signal that makes the server shut down cleanly (and quickly). */
  readonly stopSignal: NodeJS.Signals;
  readonly dataDir: string;
  exited: Promise<void>;
  stopped?: Promise<void>;
}

const running = new Set<Tracked>();
/** Directories made for a server that is not running yet (initdb's), removed on exit if still there. */
const pendingDirs = new Set<string>();
/** Short-lived helpers still running (initdb), killed on exit. */
const helpers = new Set<ChildProcess>();
let handlersInstalled = false;

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  // Last resort on exit (synchronous only): kill what is still running, by pid.
  process.on('exit', () => {
    for (const t of running) {
      try {
        if (t.child.pid !== undefined && t.child.exitCode === null && t.child.signalCode === null) {
          process.kill(t.child.pid, 'SIGKILL');
        }
      } catch {
        // already gone
      }
      rmSync(t.dataDir, { recursive: true, force: true });
    }
    for (const child of helpers) {
      try {
        if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const dir of pendingDirs) rmSync(dir, { recursive: true, force: true });
  });
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      if (running.size > 0) console.error(`\nlabs: ${signal}: stopping ${running.size} server(s) started by this process`);
      void stopAll().finally(() => process.exit(code));
    });
  }
}

/** The servers this process started and has not stopped yet. */
export function runningPids(): number[] {
  return [...running].flatMap((t) => (t.child.pid === undefined ? [] : [t.child.pid]));
}

/** Stops every server this process started. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((t) => stopTracked(t)));
}

function stopTracked(t: Tracked, timeoutMs = 15_000): Promise<void> {
  t.stopped ??= (async () => {
    const pid = t.child.pid;
    const alive = () => t.child.exitCode === null && t.child.signalCode === null;
    if (pid !== undefined && alive()) {
      process.kill(pid, t.stopSignal);
      if (!(await within(t.exited, timeoutMs)) && alive()) {
        console.error(`labs: ${t.name} (pid ${pid}) did not stop in ${timeoutMs / 1000} s after ${t.stopSignal}; killing it`);
        process.kill(pid, 'SIGKILL');
        await t.exited;
      }
    }
    running.delete(t);
    rmSync(t.dataDir, { recursive: true, force: true });
  })();
  return t.stopped;
}

async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([p.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A TCP port that was free on 127.0.0.1 a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Spawns a server and keeps its recent output for error messages. */
function launch(
  name: string,
  command: string,
  args: readonly string[],
  options: { stopSignal: NodeJS.Signals; dataDir: string; uid?: number; gid?: number; cwd?: string },
): { tracked: Tracked; output: () => string; exitReason: Promise<string> } {
  installHandlers();
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-4000);
  };
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: options.cwd ?? options.dataDir,
    env: { ...process.env, LC_ALL: 'C', HOME: options.dataDir },
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  });
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exitReason = new Promise<string>((resolve) => {
    child.once('error', (e: NodeJS.ErrnoException) =>
      resolve(e.code === 'ENOENT' ? `${command} was not found` : `${command} could not be run: ${e.message}`),
    );
    child.once('exit', (code, signal) => resolve(`exited during startup (${signal ?? `code ${code}`})`));
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const tracked: Tracked = { name, child, stopSignal: options.stopSignal, dataDir: options.dataDir, exited };
  running.add(tracked);
  return { tracked, output: () => out.trim(), exitReason };
}

/**
 * Waits until `ready()` resolves true, the process exits, or the timeout passes. On failure the process
 * is stopped and a ServerStartError says why, with the server's last output.
 */
async function awaitReady(
  name: string,
  launched: ReturnType<typeof launch>,
  ready: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  let failure: string | undefined;
  launched.exitReason.then(
    (r) => (failure ??= r),
    () => undefined,
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (failure !== undefined) break;
    if (await ready().catch(() => false)) return;
    if (failure !== undefined) break;
    if (Date.now() > deadline) {
      failure = `did not answer within ${timeoutMs / 1000} s`;
      break;
    }
    await sleep(50);
  }
  await stopTracked(launched.tracked);
  const output = launched.output();
  throw new ServerStartError(name, output ? `${failure}\n--- its last output ---\n${output}` : failure);
}

const portInUse = (output: string) => /address already in use/i.test(output);

// ---- Redis ----------------------------------------------------------------------------------------

export interface RedisOptions {
  /** The redis-server binary (default: redis-server on PATH). */
  readonly binary?: string;
  /** Extra configuration, e.g. ['--maxmemory', '1gb']. */
  readonly args?: readonly string[];
  readonly timeoutMs?: number;
}

const REDIS_INSTALL = 'install it (Debian: apt-get install redis-server; or `source scripts/env.sh && lb_servers` as root)';

/** One RESP PING on a fresh socket: true when the server answers +PONG. */
function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', (d) => {
      reply += d.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.connect(port, HOST, () => socket.write('PING\r\n'));
  });
}

/** The version a redis-server binary reports ("7.0.15"), or undefined when it cannot be run. */
export function redisServerVersion(binary = 'redis-server'): string | undefined {
  try {
    return /v=(\S+)/.exec(execFileSync(binary, ['--version'], { encoding: 'utf8' }))?.[1];
  } catch {
    return undefined;
  }
}

/**
 * Starts redis-server on 127.0.0.1 on a free port, no persistence (no RDB snapshots, no AOF), in a
 * throw-away directory, and waits until it answers PING.
 */
export async function startRedis(options: RedisOptions = {}): Promise<RunningServer> {
  const binary = options.binary ?? 'redis-server';
  const version = redisServerVersion(binary);
  if (version === undefined)
    throw new ServerStartError('redis-server', `${binary} was not found or does not run: ${REDIS_INSTALL}`);
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'lb-redis-'));
    // Command-line options are config directives; later ones win, so extra args may override these.
    const args = [
      '--port',
      String(port),
      '--bind',
      HOST,
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dataDir,
      '--daemonize',
      'no',
      '--logfile',
      '',
      ...(options.args ?? []),
    ];
    const launched = launch('redis-server', binary, args, { stopSignal: 'SIGTERM', dataDir });
    try {
      await awaitReady('redis-server', launched, () => redisPing(port), options.timeoutMs ?? 10_000);
    } catch (e) {
      if (attempt < 3 && portInUse(launched.output())) continue; // another process took the port meanwhile
      throw e;
    }
    const pid = launched.tracked.child.pid ?? -1;
    return { kind: 'redis', host: HOST, port, pid, version, dataDir, stop: () => stopTracked(launched.tracked) };
  }
}

// ---- PostgreSQL -----------------------------------------------------------------------------------

export interface PostgresOptions {
  /** Folder holding initdb and postgres (default: LB_PG_BIN, the newest /usr/lib/postgresql/N/bin, or PATH). */
  readonly binDir?: string;
  /** Server settings, passed as `-c name=value` (e.g. { shared_buffers: '256MB' }). */
  readonly settings?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

const PG_INSTALL =
  'install it (Debian: apt-get install postgresql; or `source scripts/env.sh && lb_servers` as root), or set LB_PG_BIN';

/** The folder of PostgreSQL's server binaries, or undefined. */
export function postgresBinDir(): string | undefined {
  const fromEnv = process.env['LB_PG_BIN'];
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(root, versions[0], 'bin');
  }
  try {
    const initdb = execFileSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).trim();
    return initdb ? initdb.replace(/\/initdb$/, '') : undefined;
  } catch {
    return undefined;
  }
}

/** uid and gid of the `postgres` user, when this process is root (PostgreSQL will not run as root). */
function postgresIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new ServerStartError(
      'postgres',
      'running as root, and there is no `postgres` user to run PostgreSQL as (the postgresql package creates it)',
    );
  }
}

/** Runs a command to completion (initdb), as the given user; rejects with its output on failure. */
function runToEnd(command: string, args: readonly string[], options: { uid?: number; gid?: number; cwd: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: options.cwd,
      env: { ...process.env, LC_ALL: 'C', HOME: options.cwd },
      ...(options.uid === undefined ? {} : { uid: options.uid }),
      ...(options.gid === undefined ? {} : { gid: options.gid }),
    });
    helpers.add(child);
    child.stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
    child.stderr.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
    child.once('error', (e) => {
      helpers.delete(child);
      reject(e);
    });
    child.once('exit', (code, signal) => {
      helpers.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`${command} failed (${signal ?? `code ${code}`})\n${out.trim()}`));
    });
  });
}

/**
 * Starts PostgreSQL on 127.0.0.1 on a free port with a fresh cluster (initdb, trust authentication for
 * the `postgres` superuser, locale C) in a throw-away directory, and waits until it answers SELECT 1.
 * Stopping sends SIGINT (fast shutdown) to the postmaster.
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const binDir = options.binDir ?? postgresBinDir();
  if (binDir === undefined || !existsSync(join(binDir, 'postgres')) || !existsSync(join(binDir, 'initdb'))) {
    throw new ServerStartError(
      'postgres',
      `no initdb and postgres binaries found${binDir ? ` in ${binDir}` : ''}: ${PG_INSTALL}`,
    );
  }
  const ids = postgresIds();
  let version: string;
  try {
    version =
      /(\d+(?:\.\d+)*)/.exec(execFileSync(join(binDir, 'postgres'), ['--version'], { encoding: 'utf8' }))?.[1] ?? 'unknown';
  } catch (e) {
    throw new ServerStartError('postgres', `${join(binDir, 'postgres')} --version failed: ${(e as Error).message}`);
  }
  const user = 'postgres';
  const database = 'postgres';
  for (let attempt = 1; ; attempt++) {
    installHandlers();
    const dir = mkdtempSync(join(tmpdir(), 'lb-postgres-'));
    pendingDirs.add(dir);
    if (ids) chownSync(dir, ids.uid, ids.gid);
    const data = join(dir, 'data');
    try {
      await runToEnd(
        join(binDir, 'initdb'),
        ['-D', data, '-U', user, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'],
        { ...ids, cwd: dir },
      );
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      pendingDirs.delete(dir);
      throw new ServerStartError('postgres', `initdb: ${(e as Error).message}`);
    }
    const port = await freePort();
    const settings = { listen_addresses: HOST, unix_socket_directories: dir, ...options.settings };
    const args = ['-D', data, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
    const launched = launch('postgres', join(binDir, 'postgres'), args, { stopSignal: 'SIGINT', dataDir: dir, ...ids });
    pendingDirs.delete(dir); // from here on it is the tracked server's directory
    const connection = { host: HOST, port, user, database };
    const ready = async () => {
      const client = new pg.Client({ ...connection, connectionTimeoutMillis: 1000 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } finally {
        await client.end().catch(() => undefined);
      }
    };
    try {
      await awaitReady('postgres', launched, ready, options.timeoutMs ?? 20_000);
    } catch (e) {
      if (attempt < 3 && portInUse(launched.output())) continue;
      throw e;
    }
    const pid = launched.tracked.child.pid ?? -1;
    return {
      kind: 'postgres',
      host: HOST,
      port,
      pid,
      version,
      dataDir: dir,
      user,
      database,
      connection,
      stop: () => stopTracked(launched.tracked),
    };
  }
}
