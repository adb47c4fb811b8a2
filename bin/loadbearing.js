#!/usr/bin/env node
// The `loadbearing` command (package.json "bin"): `npx loadbearing list | describe <id> | run <id> …`.
// The command itself is models/cli.ts, a pure function; this file does the I/O. It is plain JavaScript
// so that it can start on any Node, and it runs the models in one of two forms:
// - in a checkout (models/cli.ts is here), the TypeScript sources, which Node runs directly from
//   22.18 / 23.6 on; on an older Node it re-runs itself on the project's pinned Node 24 (scripts/env.sh
//   installs it from the npm registry the first time), as every npm script of the project does;
// - in an installed package (`npm pack`'s tarball has no models/), the JavaScript that `npm pack`'s
//   prepack compiled into lib/ (tsconfig.pack.json), which runs on Node >= 18 as it is. Node would not
//   strip types under node_modules anyway.
// The sources win when both are there, so a lib/ left over from a pack never runs stale code.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const checkout = existsSync(join(root, 'models', 'cli.ts'));

if (checkout && !process.features.typescript) {
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

if (!checkout && !existsSync(join(root, 'lib', 'cli.js'))) {
  console.error(`loadbearing: neither models/cli.ts nor the compiled lib/cli.js is in ${root}; reinstall the package`);
  process.exit(1);
}

// lib/ is there only in the tarball, so its import has no type in a checkout; both are the same module.
/** @type {unknown} */
const loaded = checkout ? await import('../models/cli.ts') : await import('../lib/cli.js');
const { runCli } = /** @type {typeof import('../models/cli.ts')} */ (loaded);
const result = runCli({
  args: process.argv.slice(2),
  stdin: process.stdin.isTTY ? undefined : () => readFileSync(0, 'utf8'),
});
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
