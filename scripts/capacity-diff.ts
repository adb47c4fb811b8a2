// Which published numbers changed between two commits, and how:
//
//   npm run capacity-diff -- <commitA> [<commitB>]      (commitB defaults to the working tree)
//   npm run capacity-diff -- <commitA> [<commitB>] --tables   (list every chart data-table cell too)
//   npm run capacity-diff -- <commitA> [<commitB>] --json     (the full diff as JSON)
//
// Every input and output of every scenario of every case study's module, and every chart data-table
// cell, is evaluated at each side with that side's own models, formatted by that side's own code, and
// extracted by that side's own scripts/lib/published.ts (so a commit from before a change of shape is
// still read the way it was written), without an astro build. A commit is checked out with
// `git worktree add --detach` into a temporary folder that borrows this checkout's node_modules by a
// symlink, and removed afterwards. Exit status: 0 (whether or not numbers changed), 2 on bad usage.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { diffPublished, extractPublished, formatDiff, type Extraction } from './lib/published.ts';

const root = resolve(import.meta.dirname, '..');

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function usage(message?: string): never {
  if (message) console.error(`capacity-diff: ${message}`);
  console.error('usage: npm run capacity-diff -- <commitA> [<commitB>=working tree] [--tables] [--json]');
  process.exit(2);
}

function resolveCommit(ref: string): string {
  try {
    return git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  } catch {
    return usage(`"${ref}" is not a commit in this repository`);
  }
}

/** Extracts at a commit from a temporary worktree, or from this checkout for the working tree. */
async function extractWith(tree: string, tables: boolean): Promise<Extraction> {
  const own = (await import(pathToFileURL(join(tree, 'scripts/lib/published.ts')).href)) as {
    extractPublished: typeof extractPublished;
  };
  return own.extractPublished(tree, { tables });
}

async function extractAt(sha: string | undefined, tables: boolean): Promise<Extraction> {
  if (sha === undefined) return extractPublished(root, { tables });
  const dir = mkdtempSync(join(tmpdir(), 'lb-capacity-diff-'));
  const tree = join(dir, 'tree');
  try {
    git('worktree', 'add', '--detach', '--quiet', tree, sha);
    symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'), 'dir');
    return await extractWith(tree, tables);
  } finally {
    try {
      git('worktree', 'remove', '--force', tree);
    } catch {
      git('worktree', 'prune');
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) usage();
  const tables = args.includes('--tables');
  const json = args.includes('--json');
  const refs = args.filter((a) => !a.startsWith('--'));
  const unknown = args.filter((a) => a.startsWith('--') && !['--tables', '--json'].includes(a));
  if (unknown.length > 0) usage(`unknown option ${unknown.join(', ')}`);
  if (refs.length < 1 || refs.length > 2) usage('give one or two commits');
  const [refA, refB] = refs as [string, string | undefined];
  const shaA = resolveCommit(refA);
  const shaB = refB === undefined ? undefined : resolveCommit(refB);
  const nameB = refB === undefined ? 'the working tree' : `${refB} (${shaB?.slice(0, 9)})`;

  const before = await extractAt(shaA, true);
  const after = await extractAt(shaB, true);
  const diff = diffPublished(before.values, after.values);

  if (json) {
    console.log(
      JSON.stringify(
        {
          before: shaA,
          after: shaB ?? 'working tree',
          ...diff,
          errors: { before: Object.fromEntries(before.errors), after: Object.fromEntries(after.errors) },
        },
        null,
        2,
      ),
    );
    return;
  }
  console.log(`Published numbers of the case studies: ${refA} (${shaA.slice(0, 9)}) → ${nameB}\n`);
  for (const [side, extraction] of [
    ['before', before],
    ['after', after],
  ] as const) {
    for (const [caseStudy, error] of extraction.errors) {
      console.log(
        `! ${caseStudy}: could not be evaluated ${side} (its numbers count as ${side === 'before' ? 'added' : 'removed'}):\n  ${error.replace(/\n/g, '\n  ')}\n`,
      );
    }
  }
  console.log(formatDiff(diff, { tables, after: after.values }));
}

await main();
