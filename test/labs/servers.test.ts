/**
 * The labs' server library against real servers: redis-server and PostgreSQL start on 127.0.0.1 on a
 * free port with a throw-away directory, answer, and are gone (process and directory) after stop(); a
 * server that cannot start says which and why; SIGINT stops every server the process started. These tests
 * need redis-server and PostgreSQL installed (scripts/env.sh's lb_servers installs them); without them
 * they fail with the install hint, they do not skip.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { runningPids, ServerStartError, startPostgres, startRedis, stopAll } from '../../labs/lib/servers.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(stopAll);

describe('labs/lib/servers.ts', () => {
  it('starts redis-server on 127.0.0.1 with a throw-away directory, and stop() ends it by pid and removes the directory', async () => {
    const server = await startRedis();
    expect(server.host).toBe('127.0.0.1');
    expect(server.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(alive(server.pid)).toBe(true);
    expect(existsSync(server.dataDir)).toBe(true);
    const client = createClient({ socket: { host: server.host, port: server.port, reconnectStrategy: false } });
    client.on('error', () => undefined);
    await client.connect();
    expect(await client.sendCommand(['PING'])).toBe('PONG');
    // No persistence: a lab's data is thrown away.
    expect(await client.sendCommand(['CONFIG', 'GET', 'save'])).toEqual({ save: '' }); // node-redis 6 speaks RESP3: a map
    await client.close();
    expect(runningPids()).toContain(server.pid);

    await server.stop();
    expect(alive(server.pid)).toBe(false);
    expect(existsSync(server.dataDir)).toBe(false);
    expect(runningPids()).not.toContain(server.pid);
    await server.stop(); // a second stop is harmless
  }, 30_000);

  it('starts PostgreSQL (as the postgres user when root) on 127.0.0.1 and stops it by pid', async () => {
    const server = await startPostgres({ settings: { max_connections: '20' } });
    expect(server.version).toMatch(/^\d+(\.\d+)+$/);
    expect(alive(server.pid)).toBe(true);
    if (process.getuid?.() === 0) expect(statSync(join(server.dataDir, 'data')).uid).not.toBe(0);
    const client = new pg.Client(server.connection);
    await client.connect();
    const { rows } = await client.query<{ user: string; version: string; max: string; addresses: string }>(
      "SELECT current_user AS user, current_setting('server_version') AS version, current_setting('max_connections') AS max, current_setting('listen_addresses') AS addresses",
    );
    await client.end();
    expect(rows[0]).toEqual({
      user: 'postgres',
      version: expect.stringContaining(server.version) as unknown,
      max: '20',
      addresses: '127.0.0.1',
    });

    await server.stop();
    expect(alive(server.pid)).toBe(false);
    expect(existsSync(server.dataDir)).toBe(false);
  }, 60_000);

  it('says which server could not start and why: a missing binary', async () => {
    const error = await startRedis({ binary: '/nonexistent/redis-server' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerStartError);
    expect((error as ServerStartError).server).toBe('redis-server');
    expect((error as Error).message).toMatch(
      /redis-server could not start: \/nonexistent\/redis-server was not found .*apt-get install redis-server/,
    );

    const pgError = await startPostgres({ binDir: '/nonexistent' }).catch((e: unknown) => e);
    expect(pgError).toBeInstanceOf(ServerStartError);
    expect((pgError as Error).message).toMatch(
      /^postgres could not start: no initdb and postgres binaries found in \/nonexistent/,
    );
  });

  it('says which server could not start and why: it exits during startup, with its own words; nothing is left running', async () => {
    const before = runningPids();
    const error = await startRedis({ args: ['--no-such-directive', 'yes'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerStartError);
    expect((error as Error).message).toMatch(/redis-server could not start: exited during startup/);
    expect((error as Error).message).toMatch(/Bad directive or wrong number of arguments/);
    expect(runningPids()).toEqual(before);
  }, 30_000);

  it('stops every server it started when the process gets SIGINT, and exits 130', async () => {
    // A separate Node process starts both servers, prints their pids, and waits to be interrupted.
    const script = [
      "import { startRedis, startPostgres } from './labs/lib/servers.ts';",
      'const r = await startRedis();',
      'const p = await startPostgres();',
      'console.log(JSON.stringify({ pids: [r.pid, p.pid], dirs: [r.dataDir, p.dataDir] }));',
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const started = await new Promise<{ pids: number[]; dirs: string[] }>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(JSON.parse(out) as { pids: number[]; dirs: string[] });
      });
      child.once('exit', (code) => reject(new Error(`the child exited (${code}) before starting its servers:\n${err}`)));
    });
    expect(started.pids.every(alive)).toBe(true);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(started.pids.filter(alive)).toEqual([]);
    expect(started.dirs.filter((d) => existsSync(d))).toEqual([]);
    expect(err).toMatch(/SIGINT: stopping 2 server\(s\)/);
  }, 60_000);
});
