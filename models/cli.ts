/**
 * The `loadbearing` command line, as a pure function from arguments (and standard input's text) to what
 * to print and the exit status, so it is tested without spawning a process. `bin/loadbearing.js` does the
 * I/O. The contract (../shared/docs/model-contract.md, "Command line"):
 *
 *   loadbearing list                        JSON array: [{ "id", "title", "summary" }]
 *   loadbearing describe <id>               JSON: { "id", "title", "summary", "input": <JSON Schema>, "outputs", "references", "example", "exampleStates" }
 *   loadbearing describe <id> --columns     the same, each list output with its `columns` (an addition after v2)
 *   loadbearing run <id> --input '<json>'   JSON object of outputs on stdout, exit 0
 *   loadbearing run <id> < input.json       the same, input read from standard input
 *
 * Bad input: exit 2, nothing on stdout, one line per problem on stderr (`servers: must be an integer >= 1
 * (got 0)`). Unknown id: exit 2 with the list of ids. `--help` everywhere.
 */
import { check } from './evaluate.ts';
import { formatProblem, inputJsonSchema } from './problems.ts';
import type { Model, OutputField } from './model.ts';
import { getModel, modelIds, models } from './registry.ts';

export interface CliResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: 0 | 1 | 2;
}

/** What the process gives the command: its arguments, and standard input when it is not a terminal. */
export interface CliInput {
  readonly args: readonly string[];
  /** the text piped to standard input; undefined when standard input is a terminal */
  readonly stdin?: (() => string) | undefined;
}

const usage = `loadbearing: run Loadbearing's capacity, queueing, reliability and rate-limiting models

Usage:
  loadbearing list                         the models: [{ "id", "title", "summary" }]
  loadbearing describe <id>                a model's inputs (JSON Schema), outputs, references and example
  loadbearing run <id> --input '<json>'    run a model; its outputs as JSON on stdout
  loadbearing run <id> < input.json        the same, with the input read from standard input
  loadbearing <command> --help             help for one command

Units are base units: seconds, per second, bytes, fractions in [0, 1].
Exit status: 0 done, 2 bad usage or invalid input (one line per problem on stderr), 1 internal error.
Example:
  loadbearing run mm1 --input '{"arrivalRate": 80, "serviceRate": 100}'`;

const commandHelp: Readonly<Record<string, string>> = {
  list: 'loadbearing list\n  Prints every model as a JSON array of { "id", "title", "summary" }.',
  describe:
    'loadbearing describe <id>\n  Prints { "id", "title", "summary", "input", "outputs", "references", "example", "exampleStates" }:\n' +
    '  "input" is the JSON Schema of the input (units and descriptions in each field), "example" a valid input,\n' +
    '  "exampleStates" the outputs its worked example states for that input.\n' +
    '  Options: --columns  with each list output, "columns": the unit of each key of its elements that has one\n' +
    '           --compact  one line of JSON instead of indented',
  run:
    "loadbearing run <id> --input '<json>'\nloadbearing run <id> < input.json\n" +
    "  Validates the input with the model's schema, computes, and prints the outputs as JSON.\n" +
    '  Invalid input: exit 2, one line per problem on stderr, nothing on stdout.\n' +
    '  Options: --input <json>  the input (else read from standard input)\n' +
    '           --compact       one line of JSON instead of indented',
};

function json(value: unknown, compact = false): string {
  return `${JSON.stringify(value, null, compact ? 0 : 2)}\n`;
}

function ok(stdout: string): CliResult {
  return { stdout, stderr: '', code: 0 };
}

function fail(stderr: string, code: 1 | 2 = 2): CliResult {
  return { stdout: '', stderr: stderr.endsWith('\n') ? stderr : `${stderr}\n`, code };
}

function unknownId(id: string | undefined): CliResult {
  const head = id === undefined ? 'a model id is needed' : `unknown model id "${id}"`;
  return fail(`loadbearing: ${head}; the ids are:\n${modelIds.map((m) => `  ${m}`).join('\n')}`);
}

interface Parsed {
  readonly positional: string[];
  readonly input?: string;
  readonly compact: boolean;
  /** describe: each list output's `columns` (the unit of each key of its elements) too */
  readonly columns?: boolean;
  readonly help: boolean;
  readonly error?: string;
}

function parse(args: readonly string[]): Parsed {
  const positional: string[] = [];
  let input: string | undefined;
  let compact = false;
  let columns = false;
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--help' || a === '-h') help = true;
    else if (a === '--compact') compact = true;
    else if (a === '--columns') columns = true;
    else if (a === '--input' || a === '-i') {
      const v = args[i + 1];
      if (v === undefined) return { positional, compact, help, error: '--input needs a JSON value after it' };
      input = v;
      i++;
    } else if (a.startsWith('--input=')) input = a.slice('--input='.length);
    else if (a.startsWith('-') && a !== '-')
      return { positional, compact, help, error: `unknown option ${a} (see loadbearing --help)` };
    else positional.push(a);
  }
  return input === undefined ? { positional, compact, columns, help } : { positional, input, compact, columns, help };
}

/** The outputs as the contract prints them: a list's `columns` only when asked (`--columns`), so the JSON is unchanged. */
function outputsOf(m: Model, columns: boolean): Model['outputs'] {
  if (columns) return m.outputs;
  return Object.fromEntries(
    Object.entries(m.outputs as Record<string, OutputField>).map(([k, { description, unit }]) => [k, { description, unit }]),
  );
}

function describeModel(id: string | undefined, compact: boolean, columns = false): CliResult {
  const m = id === undefined ? undefined : getModel(id);
  if (!m) return unknownId(id);
  return ok(
    json(
      {
        id: m.id,
        title: m.title,
        summary: m.summary,
        input: inputJsonSchema(m.input),
        outputs: outputsOf(m, columns),
        references: m.references,
        example: m.example,
        exampleStates: m.exampleStates,
      },
      compact,
    ),
  );
}

function runModel(id: string | undefined, p: Parsed, stdin: CliInput['stdin']): CliResult {
  const m = id === undefined ? undefined : getModel(id);
  if (!m) return unknownId(id);
  let text = p.input;
  if (text === undefined) {
    if (!stdin) return fail(`loadbearing run ${m.id}: give the input with --input '<json>' or on standard input`);
    text = stdin();
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return fail(`input: not valid JSON (${why})`);
  }
  const r = check(m, raw);
  if (!r.ok) return fail(r.problems.map(formatProblem).join('\n'));
  return ok(json(r.output, p.compact));
}

/** Runs one command line. Never throws for anything a user can type; a model's own bug exits 1. */
export function runCli({ args, stdin }: CliInput): CliResult {
  const p = parse(args);
  const [command, id, ...extra] = p.positional;
  if (p.help || command === 'help') {
    const topic = command === 'help' ? id : command;
    return ok(`${(topic && commandHelp[topic]) ?? usage}\n`);
  }
  if (p.error) return fail(`loadbearing: ${p.error}`);
  if (command === undefined) return fail(usage);
  const tooMany = (n: number) => (extra.length + (id === undefined ? 0 : 1) > n ? positionalError(command, n) : undefined);
  try {
    switch (command) {
      case 'list':
        return (
          tooMany(0) ??
          ok(
            json(
              models.map(({ id: mid, title, summary }) => ({ id: mid, title, summary })),
              p.compact,
            ),
          )
        );
      case 'describe':
        return tooMany(1) ?? describeModel(id, p.compact, p.columns);
      case 'run':
        return tooMany(1) ?? runModel(id, p, stdin);
      default:
        return fail(
          `loadbearing: unknown command "${command}"; the commands are list, describe and run (see loadbearing --help)`,
        );
    }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return fail(`loadbearing: internal error: ${why}`, 1);
  }
}

function positionalError(command: string, n: number): CliResult {
  return fail(`loadbearing ${command}: takes ${n === 0 ? 'no arguments' : 'one model id'} (see loadbearing ${command} --help)`);
}
