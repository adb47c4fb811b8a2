// Scaffolds a case study: `npm run new:case-study <slug> [--title "…"] [--domain <domain>] [--description "…"]`
//
// Writes case-studies/<slug>.mdx and its module case-studies/<slug>.ts from scripts/templates/: every
// frontmatter field the schema requires (src/lib/frontmatter.ts), every required section in order
// (src/lib/sections.ts), one live scenario in the module with its premises, bound with <Value> in the
// page, so the page builds and passes the content tests as it is.
// Refuses a slug that is not kebab-case or that an existing page already has (exit 2).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { caseStudyFields, difficulties, domains, requireCaseStudyFields } from '../src/lib/frontmatter.ts';

const repo = resolve(import.meta.dirname, '..');
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface CaseStudyOptions {
  readonly title?: string | undefined;
  readonly domain?: string | undefined;
  readonly description?: string | undefined;
  /** YYYY-MM-DD; today (UTC) by default */
  readonly date?: string | undefined;
  /** the checkout to write into (tests use a temporary folder) */
  readonly root?: string | undefined;
}

/** A usage error: the CLI prints the message and exits 2. */
export class ScaffoldError extends Error {}

export function checkSlug(slug: string | undefined, root = repo): string {
  if (!slug) throw new ScaffoldError('give the new case study a slug: npm run new:case-study <slug>, e.g. payments-ledger');
  if (!SLUG.test(slug) || slug.length < 3 || slug.length > 60) {
    throw new ScaffoldError(
      `"${slug}" is not a usable slug: it becomes the URL /case-studies/${slug}/, so write 3–60 lowercase letters, digits and single hyphens (kebab-case), e.g. payments-ledger`,
    );
  }
  for (const ext of ['mdx', 'md', 'ts']) {
    const path = join(root, 'case-studies', `${slug}.${ext}`);
    if (existsSync(path))
      throw new ScaffoldError(`case-studies/${slug}.${ext} already exists: pick another slug, or edit that page`);
  }
  return slug;
}

function titleOf(slug: string): string {
  const words = slug.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The page's text: the template with its placeholders filled in. */
export function caseStudyText(slug: string, options: CaseStudyOptions = {}): string {
  const domain = options.domain ?? 'storage';
  if (!(domains as readonly string[]).includes(domain)) {
    throw new ScaffoldError(`--domain must be one of: ${domains.join(', ')} (got "${domain}")`);
  }
  const title = options.title ?? titleOf(slug);
  const description =
    options.description ?? 'Replace this with one sentence: what this case study designs, for whom, and at what load.';
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  // The frontmatter the template writes, checked by the build's own schema before anything is written.
  const checked = caseStudyFields.superRefine(requireCaseStudyFields).safeParse({
    description,
    domain,
    difficulty: 'intermediate',
    tags: [slug],
    lastReviewed: date,
  });
  if (!checked.success) throw new ScaffoldError(checked.error.issues.map((i) => i.message).join('; '));
  const values: Record<string, string> = {
    slug,
    // JSON strings are valid YAML double-quoted scalars: a title with a colon or quotes stays one string.
    title: JSON.stringify(title),
    description: JSON.stringify(description),
    domain,
    domains: domains.join(', '),
    difficulties: difficulties.join(', '),
    date,
  };
  const template = readFileSync(join(repo, 'scripts/templates/case-study.mdx'), 'utf8');
  return template
    .replace(/accTitle: \{\{title\}\}/g, `accTitle: ${title.replace(/[\r\n]/g, ' ')}`)
    .replace(/\{\{(\w+)\}\}/g, (m, name: string) => values[name] ?? m);
}

/** The module's text: the template with the slug filled in. */
export function caseStudyModuleText(slug: string): string {
  return readFileSync(join(repo, 'scripts/templates/case-study.ts.template'), 'utf8').replace(/\{\{slug\}\}/g, slug);
}

/** Writes case-studies/<slug>.mdx and case-studies/<slug>.ts; returns the page's path. */
export function newCaseStudy(slugArg: string | undefined, options: CaseStudyOptions = {}): string {
  const root = options.root ?? repo;
  const slug = checkSlug(slugArg, root);
  const text = caseStudyText(slug, options);
  mkdirSync(join(root, 'case-studies'), { recursive: true });
  const path = join(root, 'case-studies', `${slug}.mdx`);
  writeFileSync(join(root, 'case-studies', `${slug}.ts`), caseStudyModuleText(slug), { flag: 'wx' });
  writeFileSync(path, text, { flag: 'wx' });
  return path;
}

function parseArgs(argv: readonly string[]): { slug: string | undefined; options: CaseStudyOptions } {
  const rest = [...argv];
  const options: Record<string, string> = {};
  const positional: string[] = [];
  while (rest.length > 0) {
    const a = rest.shift() as string;
    const m = /^--(title|domain|description)(?:=(.*))?$/.exec(a);
    if (m) {
      const value = m[2] ?? rest.shift();
      if (value === undefined) throw new ScaffoldError(`${a} needs a value`);
      options[m[1] as string] = value;
    } else if (a.startsWith('--')) throw new ScaffoldError(`unknown option ${a} (known: --title, --domain, --description)`);
    else positional.push(a);
  }
  if (positional.length > 1) throw new ScaffoldError(`give one slug, not ${positional.length}: ${positional.join(' ')}`);
  return { slug: positional[0], options };
}

if (import.meta.main) {
  try {
    const { slug, options } = parseArgs(process.argv.slice(2));
    const path = newCaseStudy(slug, options);
    const rel = relative(process.cwd(), path);
    console.log(`created ${rel} and its module ${rel.replace(/\.mdx$/, '.ts')}

Next:
  1. Fill in the frontmatter (title, description, domain, difficulty, tags) and each section;
     the comments in the file say what goes where. CONTRIBUTING.md explains why.
  2. In the module, replace the placeholder scenario with the models your design needs, give every
     empirical input its source, and bind every computed number in the page with <Value>. No model
     computes it? npm run new:model <area>/<id>.
  3. npm start, and open http://127.0.0.1:4321/case-studies/${slug ?? ''}/
  4. Before you send it: npm run test:unit (sections, frontmatter, chart snapshots), then npm test.`);
  } catch (e) {
    if (!(e instanceof ScaffoldError)) throw e;
    console.error(`new:case-study: ${e.message}`);
    process.exit(2);
  }
}
