/**
 * Runs a lab: experiments against real servers started on 127.0.0.1 by labs/lib/servers.ts.
 *
 *   npm run lab -- --list                  every lab, what it measures and the servers it starts
 *   npm run lab <name>                     full mode: the measurement; writes labs/results/<name>.json
 *   npm run lab -- <name> --short          short mode: a quick check of real behaviour; writes nothing
 *   npm run lab -- <name> --help           its options (e.g. npm run lab -- gcra-throughput --runs 3)
 *
 * (npm keeps options before a `--` for itself, hence the `--`.) Exits 1 when a server cannot start (the
 * message names it and says why) or the lab fails, 2 on a wrong name or option. Every server started is
 * stopped by its pid before exit, also on an error or Ctrl-C.
 */
import { relative } from 'node:path';
import { labs } from './index.ts';
import { LABS_DIR, machine, writeResults, type Mode } from './lib/lab.ts';
import { ServerStartError, stopAll } from './lib/servers.ts';

function usage(): string {
  const width = Math.max(...labs.map((l) => l.name.length));
  return [
    'usage: npm run lab -- --list | <name> [--short] [options]   (full mode writes labs/results/<name>.json)',
    '',
    ...labs.map((l) => `  ${l.name.padEnd(width)}  ${l.summary} [${l.servers.join(', ')}]`),
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.length === 0 || argv.includes('--list') || argv[0] === '--help') {
    console.log(usage());
    return argv.length === 0 ? 2 : 0;
  }
  const [name, ...rest] = argv;
  const lab = labs.find((l) => l.name === name);
  if (!lab) {
    console.error(`lab: no lab named ${name}\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help')) {
    console.log(
      `npm run lab -- ${lab.name} [--short] [options]\n${lab.summary}\n\n${lab.options.map((o) => `  ${o}`).join('\n')}`,
    );
    return 0;
  }
  const mode: Mode = rest.includes('--short') ? 'short' : 'full';
  const args = rest.filter((a) => a !== '--short');
  const started = new Date();
  const host = machine();
  const log = (line: string) => console.error(`[${lab.name} +${((Date.now() - started.getTime()) / 1000).toFixed(1)} s] ${line}`);
  log(`${mode} mode on ${host.cpuModel} (${host.cores} cores), ${host.os}; load average ${host.loadAverage.join(' ')}`);
  let out;
  try {
    out = await lab.run({ mode, args, log });
  } catch (e) {
    if (e instanceof ServerStartError) {
      console.error(`lab ${lab.name}: ${e.message}`);
      return 1;
    }
    if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`lab ${lab.name}: ${e.message}\n${lab.options.map((o) => `  ${o}`).join('\n')}`);
      return 2;
    }
    console.error(`lab ${lab.name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  } finally {
    await stopAll();
  }
  for (const line of out.report) console.log(line);
  if (mode === 'full') {
    const file = await writeResults(lab.results ?? lab.name, {
      lab: lab.name,
      summary: lab.summary,
      mode,
      date: started.toISOString(),
      durationSeconds: Math.round((Date.now() - started.getTime()) / 1000),
      command: ['npm run lab --', lab.name, ...args].join(' '),
      machine: { ...host, loadAverageAtEnd: machine().loadAverage },
      versions: { node: process.versions.node, ...out.versions },
      parameters: out.parameters,
      results: out.summary,
      raw: out.raw,
    });
    console.log(`wrote ${relative(LABS_DIR + '/..', file)}`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
