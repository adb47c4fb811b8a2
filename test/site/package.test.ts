/**
 * The model library as a package: `npm pack`'s tarball, installed in an empty folder as a user installs it
 * (`npm install <tarball>`, zod from the registry), answers `npx loadbearing list` and `run` byte for byte
 * as the in-repo command (models/cli.ts), on the machine's system Node (/usr/bin/node: Node 20 on a fresh
 * machine, Debian 12's Node 18 in CI's container), which runs no TypeScript: the tarball carries the
 * models compiled to JavaScript by the prepack (tsconfig.pack.json), not their sources.
 *
 * Slow by nature (a type-checked compile, a registry install, a few processes): about 15–40 s.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../models/cli.ts';
import { modelIds } from '../../models/registry.ts';

const root = join(import.meta.dirname, '../..');

// The Node a fresh machine has; where there is none at /usr/bin/node, the one running this test.
const systemNode = '/usr/bin/node';
const nodeBin = existsSync(systemNode) ? systemNode : process.execPath;
const nodeLabel = nodeBin === systemNode ? `the system Node (${systemNode})` : `this test's own Node (no ${systemNode})`;

// A clean environment: no npm_* variables from an enclosing `npm test` (npm would read npm_config_* as its
// configuration) and that Node first on PATH, so npm, npx and the command's `#!/usr/bin/env node` use it.
const cleanEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE_OPTIONS'),
);
const userEnv: NodeJS.ProcessEnv = { ...cleanEnv, PATH: `${dirname(nodeBin)}${delimiter}${process.env.PATH ?? ''}` };

interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], options: SpawnSyncOptions): Ran {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.error) throw r.error;
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

function ok(what: string, r: Ran): Ran {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

interface Packed {
  readonly filename: string;
  readonly size: number;
  readonly entryCount: number;
  readonly files: readonly { readonly path: string }[];
}

let tmp = '';
let app = '';
let packed: Packed;
let nodeVersion = '';

/** `npx loadbearing …` in the folder where the tarball is installed, as a user runs it. */
function npx(args: readonly string[], input?: string): Ran {
  return run('npx', ['loadbearing', ...args], { cwd: app, env: userEnv, ...(input === undefined ? {} : { input }) });
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'loadbearing-package-'));
  const dest = join(tmp, 'pack');
  app = join(tmp, 'app');
  mkdirSync(dest);
  mkdirSync(app);
  const started = Date.now();
  // --json: stdout is npm's report of the tarball (npm 9 and 11 send the prepack's banner to stderr; the
  // report is read from its opening bracket on in case some npm does not).
  const pack = ok('npm pack', run('npm', ['pack', '--json', '--pack-destination', dest], { cwd: root, env: cleanEnv }));
  const report = pack.stdout.slice(Math.max(0, pack.stdout.search(/^\[/m)));
  packed = (JSON.parse(report) as Packed[])[0]!;
  const packSeconds = (Date.now() - started) / 1000;
  ok(
    'npm install <tarball>',
    run('npm', ['install', '--no-audit', '--no-fund', join(dest, packed.filename)], { cwd: app, env: userEnv }),
  );
  nodeVersion = ok('node --version', run('node', ['--version'], { cwd: app, env: userEnv })).stdout.trim();
  console.info(
    `package.test: ${packed.filename}, ${packed.size} bytes, ${packed.entryCount} files; packed in ${packSeconds.toFixed(1)} s, ` +
      `installed in ${((Date.now() - started) / 1000 - packSeconds).toFixed(1)} s; runs on ${nodeLabel}, ${nodeVersion}`,
  );
}, 240_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// Each `npx` starts npm and then the command: 1–4 s on a loaded 2-core machine.
describe(`npm pack's tarball, installed in an empty folder, on ${nodeLabel}`, { timeout: 30_000 }, () => {
  it('holds the command, the compiled models, the README and the licence, and nothing of the site or the sources', () => {
    const paths = packed.files.map((f) => f.path).sort();
    const lib = paths.filter((p) => p.startsWith('lib/'));
    expect(paths.filter((p) => !p.startsWith('lib/'))).toEqual(['LICENSE', 'README.md', 'bin/loadbearing.js', 'package.json']);
    expect(lib.every((p) => p.endsWith('.js'))).toBe(true);
    const sources = readdirSync(join(root, 'models'), { recursive: true, encoding: 'utf8' }).filter((p) => p.endsWith('.ts'));
    expect(lib).toEqual(sources.map((p) => `lib/${p.replaceAll('\\', '/').replace(/\.ts$/, '.js')}`).sort());
  });

  it('installs zod and nothing else of the repository (astro, starlight, playwright, plot, …)', () => {
    expect(readdirSync(join(app, 'node_modules')).sort()).toEqual(['.bin', '.package-lock.json', 'loadbearing', 'zod']);
    expect(existsSync(join(app, 'node_modules/loadbearing/models'))).toBe(false);
    expect(nodeVersion).toBe(ok('node --version', run(nodeBin, ['--version'], {})).stdout.trim());
  });

  it('lists the models as the in-repo command does', () => {
    const r = npx(['list']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toBe(runCli({ args: ['list'] }).stdout);
  });

  it('runs a model with --input and with standard input, byte for byte as the in-repo command', () => {
    const mmc = ['run', 'mmc', '--input', '{"arrivalRate": 100, "serviceRate": 12, "servers": 10, "targetWait": 0.02}'];
    const r = npx(mmc);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toBe(runCli({ args: mmc }).stdout);
    expect(JSON.parse(r.stdout)).toMatchObject({ stable: true });

    const input = '{"offeredLoad": 10000, "maxBlocking": 0.01}';
    const piped = npx(['run', 'erlang-b-servers'], input);
    expect({ status: piped.status, stderr: piped.stderr }).toEqual({ status: 0, stderr: '' });
    expect(piped.stdout).toBe(runCli({ args: ['run', 'erlang-b-servers'], stdin: () => input }).stdout);
  });

  it('answers invalid input with exit 2, nothing on stdout and the same lines on stderr', () => {
    const bad = ['run', 'mmc', '--input', '{"arrivalRate": -1, "serviceRate": 12, "servers": 0}'];
    const r = npx(bad);
    const expected = runCli({ args: bad });
    expect(expected.code).toBe(2);
    expect(r).toEqual({ status: 2, stdout: '', stderr: expected.stderr });
    expect(r.stderr).toContain('servers: must be an integer');
  });

  it("describes and runs every model's example as the in-repo command does (one process, the installed lib/)", () => {
    // The command's own module, imported from the installed package: one process instead of one per model.
    const script = `
      import { runCli } from 'loadbearing/lib/cli.js';
      import { modelIds } from 'loadbearing/lib/registry.js';
      const out = {};
      for (const id of modelIds) {
        const describe = runCli({ args: ['describe', id] });
        const run = runCli({ args: ['run', id, '--input', JSON.stringify(JSON.parse(describe.stdout).example)] });
        out[id] = { describe, run };
      }
      process.stdout.write(JSON.stringify(out));`;
    const r = ok('node', run('node', ['--input-type=module', '-'], { cwd: app, env: userEnv, input: script }));
    const installed = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(installed)).toEqual([...modelIds]);
    for (const id of modelIds) {
      const describe = runCli({ args: ['describe', id] });
      const example = (JSON.parse(describe.stdout) as { example: unknown }).example;
      const ran = runCli({ args: ['run', id, '--input', JSON.stringify(example)] });
      expect(installed[id], id).toEqual({ describe, run: ran });
      expect(ran.code, id).toBe(0);
    }
  });
});
