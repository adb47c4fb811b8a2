/**
 * A reader's scenario to take away: the pieces "Copy as Markdown" and "Print this scenario" show (page and
 * panel title, the link that reopens it, every input of the panel with its unit, whether the reader
 * changed it and where its default comes from, the outputs the page shows, the date), and the Markdown
 * document built from them. Pure: the browser (src/client/takeaway.ts) gathers the values, this writes.
 *
 *   scenarioMarkdown({ page: 'Rate limiting', panel: 'Try your own numbers', scenario: 'limiter',
 *     model: 'rate-limiter-capacity', url: 'https://…/?limiter.peakRequestsPerSecond=800000', date: '2026-12-07',
 *     inputs: [{ label: 'Peak requests per second', value: '800000 /s', changed: true, provenance: 'Choice: …' }],
 *     sections: [{ scenario: 'limiter', outputs: [{ label: 'Redis primaries', path: 'primaries', value: '4' }] }] })
 *
 * Which outputs: those of the panel's scenario that the page shows as numbers, then those of the scenarios
 * this panel alone determines (derived scenarios, and followers without a panel of their own), each under
 * its own heading. A follower with its own panel has inputs of its own: it has its own "Copy as Markdown".
 */
import { formatValue, type Format } from './format.ts';
import type { DisplayUnit } from './display-units.ts';
import type { Provenance } from './provenance.ts';

export interface TakeawayInput {
  readonly label: string;
  /** the field's name in the model */
  readonly name: string;
  /** the value as the panel shows it, with its unit ("0.5 ms", "800000 /s", "yes") */
  readonly value: string;
  readonly changed: boolean;
  /** where the case study's value comes from (provenanceText), when the module declares it */
  readonly provenance?: string | undefined;
}

export interface TakeawayOutput {
  readonly label: string;
  /** the output's path in the model's result (`primaries`, `algorithms[id=gcra].admitted`) */
  readonly path: string;
  /** formatted as on the page, with its unit */
  readonly value: string;
}

export interface TakeawaySection {
  readonly scenario: string;
  /** how the section's scenario relates to the panel's ("derived: the inputs with …"); absent for the panel's own */
  readonly note?: string | undefined;
  readonly outputs: readonly TakeawayOutput[];
}

export interface Takeaway {
  /** the page's title */
  readonly page: string;
  /** the panel's title */
  readonly panel: string;
  readonly scenario: string;
  /** the model's id */
  readonly model: string;
  /** the page's address with the scenario's link: opening it shows this scenario */
  readonly url: string;
  /** YYYY-MM-DD */
  readonly date: string;
  readonly inputs: readonly TakeawayInput[];
  readonly sections: readonly TakeawaySection[];
}

/**
 * Text as one cell of a GitHub-flavoured Markdown table, on one line. A pipe ends a cell unless a backslash
 * escapes it, and a backslash escapes the character after it (cmark-gfm's cell scanner): backslashes are
 * doubled first, so `\|` in the text cannot turn an escaped pipe back into a cell's end.
 */
export function escapeCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim();
}

/** Text outside a table (a heading, a line): Markdown's own characters at the start of a line made literal. */
function escapeLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<>#])/g, '\\$1');
}

/** An address as a Markdown autolink: characters that would end it or break a table percent-encoded. */
export function autolink(url: string): string {
  return `<${url.replace(/[<>\s|]/g, (c) => encodeURIComponent(c))}>`;
}

/** Where an input's value comes from, in one line: the kind, then the source and its date, the machine, the working or the reason. */
export function provenanceText(p: Provenance): string {
  switch (p.kind) {
    case 'source':
      return `Published: ${p.url ? `[${p.title.replace(/\[/g, '(').replace(/\]/g, ')')}](${p.url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})` : p.title}, ${p.date}.${p.note ? ` ${p.note}` : ''}`;
    case 'measured':
      return `Measured: ${p.what}; ${p.machine}, ${p.date}.${p.lab ? ` Reproduce: npm run lab ${p.lab}.` : ''}${p.note ? ` ${p.note}` : ''}`;
    case 'derivation':
      return `Derived: ${p.working}${p.note ? ` ${p.note}` : ''}`;
    case 'choice':
      return `Choice: ${p.why}`;
  }
}

/**
 * A model's description of a value cut to its name, for the printed sheet: the words before its first
 * explanation (": …", " (…"), when they say enough on their own. "Primaries in the tier: the given number,
 * else …" → "Primaries in the tier".
 */
export function shortLabel(description: string): string {
  const cut = /^(.{12,}?)(?::\s| \(| — )/.exec(description)?.[1];
  return cut ?? description;
}

/** Whether a path names a value at the top of a model's result (`primaries`), not one inside a list or object. */
export function isTopLevel(path: string): boolean {
  return /^[A-Za-z0-9_]+$/.test(path);
}

/** Whether a reader's base-unit value differs from the page's (rounding through a display unit is not a change). */
export function isChanged(value: unknown, original: unknown): boolean {
  if (typeof value === 'number' && typeof original === 'number') {
    return Math.abs(value - original) > 1e-9 * Math.max(Math.abs(value), Math.abs(original));
  }
  return value !== original;
}

/** How the page shows one output: its format (or display unit), and the unit to say when the format does not. */
export interface OutputSpec {
  readonly path: string;
  readonly label: string;
  readonly format?: Format | undefined;
  readonly unit?: DisplayUnit | undefined;
  readonly digits?: number | undefined;
  /** the unit written after the number when the format carries none (`/s`, `USD`, `Erl`) */
  readonly suffix?: string | undefined;
}

/** Formats that write their own unit: nothing is appended to them. */
const CARRIES_UNIT: ReadonlySet<Format> = new Set(['percent', 'duration', 'bytes', 'bitrate', 'boolean', 'usd']);

/** The unit to append to a page's text of a value shown with this format (or display unit), if any. */
export function suffixFor(spec: Pick<OutputSpec, 'format' | 'unit' | 'suffix'>): string {
  if (spec.unit || (spec.format && CARRIES_UNIT.has(spec.format)) || !spec.suffix) return '';
  return `\u00a0${spec.suffix}`;
}

/** One output as the page shows it (the shared formatter), with its unit. */
export function outputRow(spec: OutputSpec, value: unknown): TakeawayOutput {
  return {
    label: spec.label,
    path: spec.path,
    value: `${formatValue(value, { format: spec.format, unit: spec.unit, digits: spec.digits })}${suffixFor(spec)}`,
  };
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => ' --- ').join('|')}|`,
    ...rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`),
  ];
}

/** The Markdown document of a reader's scenario. */
export function scenarioMarkdown(t: Takeaway): string {
  const changed = t.inputs.filter((i) => i.changed).length;
  const lines = [
    `# ${escapeLine(t.page)}: ${escapeLine(t.panel)}`,
    '',
    `Scenario \`${t.scenario}\` (model \`${t.model}\`), ${changed === 0 ? 'at the case study’s own values' : `${changed} of ${t.inputs.length} inputs changed by the reader`}, ${t.date}.`,
    '',
    `Reopen it: ${autolink(t.url)}`,
    '',
    '## Inputs',
    '',
    ...table(
      ['Input', 'Value', 'Changed', 'Where the case study’s value comes from'],
      t.inputs.map((i) => [`${i.label} (\`${i.name}\`)`, i.value, i.changed ? 'yes' : 'no', i.provenance ?? '—']),
    ),
  ];
  for (const s of t.sections) {
    if (s.outputs.length === 0) continue;
    lines.push(
      '',
      s.scenario === t.scenario ? '## Outputs' : `## Outputs of \`${s.scenario}\``,
      ...(s.note ? ['', s.note.replace(/[\r\n]+/g, ' ')] : []),
      '',
      ...table(
        ['Output', 'Value'],
        s.outputs.map((o) => [`${o.label} (\`${o.path}\`)`, o.value]),
      ),
    );
  }
  lines.push('', `Computed in the browser by the model \`${t.model}\`; the link above reopens the page with these inputs.`, '');
  return lines.join('\n');
}
