#!/usr/bin/env node
// The `loadbearing` command (package.json "bin"): `npx loadbearing list | describe <id> | run <id> …`.
// The command itself is models/cli.ts, a pure function; this file does the I/O. It is plain JavaScript
// so that it can start on any Node: the models are TypeScript, which Node runs directly from 22.18 / 23.6
// on. On an older Node it re-runs itself on the project's pinned Node 24 (scripts/env.sh installs it
// from the npm registry the first time), as every npm script of the project does.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

if (!process.features.typescript) {
  const script = 'source "$1/scripts/env.sh" >&2 && shift && exec node "$@"';
  const r = spawnSync('bash', ['-c', script, 'loadbearing', root, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (r.error) {
    console.error(
      `loadbearing: needs Node >= 22.18 (this is ${process.version}) and could not start the pinned one: ${r.error.message}`,
    );
    process.exit(1);
  }
  process.exit(r.status ?? 1);
}

const { runCli } = await import('../models/cli.ts');
const result = runCli({
  args: process.argv.slice(2),
  stdin: process.stdin.isTTY ? undefined : () => readFileSync(0, 'utf8'),
});
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
