/**
 * The `loadbearing` command line against the contract (../shared/docs/model-contract.md, "Command line"
 * and the tables of models whose fields it fixes): the pure function models/cli.ts, and once end to end
 * through bin/loadbearing.js as a real process.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../models/cli.ts';
import { getModel, modelIds } from '../../models/registry.ts';

const bin = fileURLToPath(new URL('../../bin/loadbearing.js', import.meta.url));

function run(...args: string[]) {
  return runCli({ args });
}

/**
 * The ids and output fields the contract fixes, copied from its tables. `optional` outputs appear only
 * when their input is given (mmc's serviceLevel with targetWait, error-budget's allowedErrorsPerDay with
 * requestsPerDay).
 */
const contract: Readonly<Record<string, { outputs: readonly string[]; optional?: readonly string[] }>> = {
  little: { outputs: ['arrivalRate', 'meanTimeInSystem', 'meanInSystem'] },
  mm1: {
    outputs: [
      'stable',
      'utilization',
      'probEmpty',
      'meanInSystem',
      'meanInQueue',
      'meanTimeInSystem',
      'meanWaitInQueue',
      'timeInSystemPercentiles',
      'waitInQueuePercentiles',
    ],
  },
  mmc: {
    outputs: [
      'stable',
      'offeredLoad',
      'utilization',
      'probWait',
      'meanWaitInQueue',
      'meanTimeInSystem',
      'meanInQueue',
      'meanInSystem',
    ],
    optional: ['serviceLevel'],
  },
  'mmc-servers': { outputs: ['servers', 'probWait', 'utilization'], optional: ['serviceLevel'] },
  'erlang-b': { outputs: ['blockingProbability', 'carriedLoad'] },
  'erlang-b-servers': { outputs: ['servers', 'blockingProbability'] },
  'erlang-b-load': { outputs: ['offeredLoad'] },
  mg1: { outputs: ['stable', 'utilization', 'meanWaitInQueue', 'meanTimeInSystem', 'meanInQueue', 'meanInSystem'] },
  gg1: { outputs: ['stable', 'utilization', 'meanWaitInQueue', 'meanTimeInSystem'] },
  ggc: { outputs: ['stable', 'utilization', 'probWait', 'meanWaitInQueue', 'meanTimeInSystem'] },
  'fanout-tail': { outputs: ['requestSlowProbability'] },
  availability: { outputs: ['availability', 'downtimePerYear', 'downtimePerMonth', 'downtimePerWeek', 'downtimePerDay'] },
  'error-budget': {
    outputs: ['budgetPerYear', 'consumedByDependenciesPerYear', 'remainingPerYear'],
    optional: ['allowedErrorsPerDay'],
  },
  'retry-amplification': { outputs: ['amplification'] },
  birthday: { outputs: ['collisionProbability', 'itemsForHalf'] },
  traffic: { outputs: ['perDay', 'averagePerSecond', 'peakPerSecond'] },
  'kafka-partitions': { outputs: ['partitions'] },
  'connection-pool': { outputs: ['connections'] },
  'token-bucket': { outputs: ['allowed', 'rejected', 'perArrival'] },
  gcra: { outputs: ['results'] },
  'sliding-window-counter': { outputs: ['estimatedCount', 'allowed'] },
  'fixed-window': { outputs: ['allowed', 'rejected', 'perArrival'] },
  'sliding-log': { outputs: ['allowed', 'rejected', 'perArrival'] },
  'leaky-bucket': { outputs: ['allowed', 'rejected', 'perArrival'] },
};

describe('loadbearing list', () => {
  it('prints every registered model as { id, title, summary }, exit 0', () => {
    const r = run('list');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const list = JSON.parse(r.stdout) as { id: string; title: string; summary: string }[];
    expect(list.map((m) => m.id)).toEqual(modelIds);
    for (const m of list) expect(Object.keys(m).sort()).toEqual(['id', 'summary', 'title']);
  });
});

describe('loadbearing describe <id>', () => {
  it('prints the input as JSON Schema with units, the outputs, references and a valid example', () => {
    const r = run('describe', 'mm1');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as {
      id: string;
      input: { type: string; properties: Record<string, { unit: string }> };
      references: unknown[];
      example: unknown;
    };
    expect(d.id).toBe('mm1');
    expect(d.input.type).toBe('object');
    expect(d.input.properties['arrivalRate']?.unit).toBe('1/s');
    expect(d.references.length).toBeGreaterThan(0);
    expect(run('run', 'mm1', '--input', JSON.stringify(d.example)).code).toBe(0);
  });

  it('prints a list output’s columns only when --columns asks (the contract’s JSON is unchanged without it)', () => {
    type Outputs = Record<string, { description: string; unit: string; columns?: unknown }>;
    const plain = JSON.parse(run('describe', 'gcra').stdout) as { outputs: Outputs };
    expect(plain.outputs['results']).toEqual({ description: expect.any(String) as string, unit: 'list' });
    expect(run('describe', 'gcra').stdout).not.toContain('"columns"');
    const withColumns = JSON.parse(run('describe', 'gcra', '--columns').stdout) as { outputs: Outputs };
    expect(withColumns.outputs['results']?.columns).toEqual({ retryAfter: { unit: 's', sentinel: -1 }, resetAfter: 's' });
  });

  it('answers an unknown id with exit 2 and the list of ids', () => {
    const r = run('describe', 'mm9');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('unknown model id "mm9"');
    for (const id of modelIds) expect(r.stderr).toContain(`  ${id}\n`);
  });
});

describe('loadbearing run <id>', () => {
  it('prints the outputs as JSON: M/M/1 at λ = 80/s, μ = 100/s has ρ 0.8 and W = 1/(μ − λ) = 50 ms', () => {
    // Independent derivation: W = 1/(100 − 80) s = 0.05 s; L = λW = 4.
    const r = run('run', 'mm1', '--input', '{"arrivalRate": 80, "serviceRate": 100}');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { utilization: number; meanTimeInSystem: number; meanInSystem: number };
    expect(out.utilization).toBeCloseTo(0.8, 12);
    expect(out.meanTimeInSystem).toBeCloseTo(0.05, 12);
    expect(out.meanInSystem).toBeCloseTo(4, 12);
  });

  it('reads the input from standard input when --input is absent, and --input= works too', () => {
    const piped = runCli({ args: ['run', 'mm1', '--compact'], stdin: () => '{"arrivalRate": 1, "serviceRate": 2}' });
    expect(piped.code).toBe(0);
    expect(piped.stdout.trim().split('\n')).toHaveLength(1);
    expect(run('run', 'mm1', '--input={"arrivalRate": 1, "serviceRate": 2}').stdout).toBe(
      run('run', 'mm1', '--input', '{"arrivalRate":1,"serviceRate":2}').stdout,
    );
  });

  it('answers invalid input with exit 2, nothing on stdout and one line per problem on stderr', () => {
    const r = run('run', 'mm1', '--input', '{"arrivalRate": -1, "serviceRate": 0, "servers": 2}');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      'arrivalRate: must be a number from 0 to 1000000000000 (got -1)',
      'serviceRate: must be a number from 1e-9 to 1000000000000 (got 0)',
      'servers: is not an input of this model (inputs: arrivalRate, serviceRate)',
    ]);
  });

  it('names broken JSON, a missing input, a missing id and unknown options, each with exit 2', () => {
    expect(run('run', 'mm1', '--input', '{arrivalRate: 1}')).toMatchObject({ code: 2, stdout: '' });
    expect(run('run', 'mm1', '--input', '{arrivalRate: 1}').stderr).toMatch(/^input: not valid JSON/);
    expect(run('run', 'mm1').stderr).toContain("give the input with --input '<json>' or on standard input");
    expect(run('run').stderr).toContain('a model id is needed');
    expect(run('run', 'mm1', '--input')).toMatchObject({ code: 2, stderr: 'loadbearing: --input needs a JSON value after it\n' });
    expect(run('list', '--verbose')).toMatchObject({
      code: 2,
      stderr: 'loadbearing: unknown option --verbose (see loadbearing --help)\n',
    });
    expect(run('frobnicate').stderr).toContain('unknown command "frobnicate"');
    expect(run('list', 'extra').code).toBe(2);
    expect(run()).toMatchObject({ code: 2, stdout: '' });
  });

  it('answers --help everywhere, exit 0', () => {
    for (const args of [
      ['--help'],
      ['-h'],
      ['help'],
      ['list', '--help'],
      ['describe', '--help'],
      ['run', 'mm1', '--help'],
      ['help', 'run'],
    ]) {
      const r = run(...args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toContain('loadbearing');
    }
    expect(run('run', '--help').stdout).toContain('--input');
  });
});

describe('every model whose fields the contract fixes', () => {
  it.each(Object.entries(contract))(
    '%s answers through the command line with the contract’s outputs',
    (id, { outputs, optional = [] }) => {
      const model = getModel(id);
      expect(model, `the contract's model "${id}" is not registered`).toBeDefined();
      const r = run('run', id, '--input', JSON.stringify(model?.example));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as Record<string, unknown>;
      for (const field of outputs) expect(Object.hasOwn(out, field), `${id} lacks output ${field}`).toBe(true);
      // outputs present only when their input is given must still be declared by the model
      for (const field of optional)
        expect(Object.hasOwn(model?.outputs ?? {}, field), `${id} does not declare ${field}`).toBe(true);
    },
  );
});

describe('bin/loadbearing.js, as a process', () => {
  // Three process starts, each loading the whole library: seconds on a loaded 2-core machine.
  it('runs a model from --input and from standard input, and exits 2 on invalid input', { timeout: 60_000 }, () => {
    const a = spawnSync(
      process.execPath,
      [bin, 'run', 'mm1', '--compact', '--input', '{"arrivalRate": 80, "serviceRate": 100}'],
      { encoding: 'utf8' },
    );
    expect(a.status, a.stderr).toBe(0);
    expect((JSON.parse(a.stdout) as { utilization: number }).utilization).toBeCloseTo(0.8, 12);
    const b = spawnSync(process.execPath, [bin, 'run', 'mm1', '--compact'], {
      input: '{"arrivalRate": 80, "serviceRate": 100}',
      encoding: 'utf8',
    });
    expect(b.stdout).toBe(a.stdout);
    const c = spawnSync(process.execPath, [bin, 'run', 'mm1', '--input', '{"arrivalRate": 80}'], { encoding: 'utf8' });
    expect(c.status).toBe(2);
    expect(c.stdout).toBe('');
    expect(c.stderr).toBe('serviceRate: is required: a number from 1e-9 to 1000000000000\n');
  });
});
