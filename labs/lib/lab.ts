/**
 * What every lab shares: its shape, the machine it ran on, medians, and writing its results.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

export const LABS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS_DIR = join(LABS_DIR, 'results');

/** short: a quick check of real behaviour (CI's unit tests run it); full: the measurement that is committed. */
export type Mode = 'short' | 'full';

export interface LabContext {
  readonly mode: Mode;
  /** The lab's own command-line options (after its name), e.g. ['--runs', '3']. */
  readonly args: readonly string[];
  /** Progress for a person watching (stderr). */
  readonly log: (line: string) => void;
}

/** A lab's answer; the runner adds the lab's name, mode, date, machine and command. */
export interface LabOutput {
  /** The parameters it ran with. */
  readonly parameters: Record<string, unknown>;
  /** Versions of the servers and clients it used. */
  readonly versions: Record<string, string>;
  /** The figures a page cites (medians and the like). */
  readonly summary: unknown;
  /** Every raw figure the summary was computed from. */
  readonly raw: unknown;
  /** One line per finding, printed at the end. */
  readonly report: readonly string[];
}

export interface Lab {
  readonly name: string;
  /** The results file's name, labs/results/<results>.json, when it is not the lab's name. */
  readonly results?: string;
  /** One line: what it measures. */
  readonly summary: string;
  /** Servers it starts. */
  readonly servers: readonly ('redis' | 'postgres')[];
  /** Its options, one per line, for --help. */
  readonly options: readonly string[];
  run(context: LabContext): Promise<LabOutput>;
}

export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly kernel: string;
  readonly node: string;
  /** 1, 5 and 15 minute load averages when the lab started: other work on the machine skews figures. */
  readonly loadAverage: readonly number[];
}

export function machine(): Machine {
  let os = `${osType()}`;
  try {
    os = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os;
  } catch {
    // not Linux: keep the kernel's name
  }
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os,
    kernel: `${osType()} ${release()}`,
    node: process.versions.node,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** The version of an installed npm package, from its package.json. */
export function packageVersion(name: string): string {
  const file = join(LABS_DIR, '..', 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Rounds to `digits` significant digits (keeps results files readable without losing what matters). */
export function round(x: number, digits = 4): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

/** Writes labs/results/<name>.json, formatted as Prettier formats it (npm run lint checks that). */
export async function writeResults(name: string, results: unknown): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  const config = (await prettier.resolveConfig(file)) ?? {};
  const text = await prettier.format(JSON.stringify(results), { ...config, filepath: file });
  writeFileSync(file, text);
  return file;
}
