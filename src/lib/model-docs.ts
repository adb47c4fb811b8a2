/**
 * A model's doc comment, read from its source file for the model's page: what it computes and why, its
 * formulas (the indented lines), its assumptions and limits, and the worked example, as paragraphs. The
 * source is the model file itself (Vite's `?raw` import at build time, `readFileSync` in tests), so the
 * page says exactly what the code's comment says. Also: the numbers a paragraph of prose writes, so a test
 * can check that each literal the model's `exampleStates` declares is one its doc comment states.
 */

export interface DocBlock {
  /** `formula`: lines indented under the prose (equations, tables of cases), shown as written */
  readonly kind: 'text' | 'formula';
  readonly text: string;
}

export interface DocParagraph {
  /** the leading word(s) before a colon when the paragraph is labelled: `Units`, `Assumptions`, `Example` */
  readonly label: string | undefined;
  readonly blocks: readonly DocBlock[];
  /** the paragraph's prose, lines joined by spaces */
  readonly text: string;
}

export interface ModelDoc {
  /** everything before the worked example, except the units and references (the page lists those) */
  readonly about: readonly DocParagraph[];
  /** the worked example's paragraphs */
  readonly example: readonly DocParagraph[];
}

/** The lines of the first /** … *\/ comment of a file, without the leading ` * `. */
export function docCommentLines(source: string): string[] {
  const m = /\/\*\*([\s\S]*?)\*\//.exec(source);
  if (!m) return [];
  return (m[1] ?? '')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, '').replace(/\s+$/, ''))
    .filter((l, i, all) => !(l === '' && (i === 0 || i === all.length - 1)));
}

const LABEL = /^([A-Z][A-Za-z’' -]{1,40}?)(?: \([^)]*\))?\s?:\s/;

export function paragraphsOf(lines: readonly string[]): DocParagraph[] {
  const out: DocParagraph[] = [];
  let current: string[] = [];
  const flush = (): void => {
    if (current.length === 0) return;
    const blocks: DocBlock[] = [];
    for (const line of current) {
      const kind = /^\s{2,}\S/.test(line) ? 'formula' : 'text';
      const last = blocks.at(-1);
      if (last && last.kind === kind) {
        blocks[blocks.length - 1] = {
          kind,
          text: `${last.text}${kind === 'formula' ? '\n' : ' '}${kind === 'formula' ? line : line.trim()}`,
        };
      } else blocks.push({ kind, text: kind === 'formula' ? line : line.trim() });
    }
    const first = blocks[0]?.kind === 'text' ? blocks[0].text : '';
    const text = blocks.map((b) => b.text).join(' ');
    out.push({ label: LABEL.exec(first)?.[1], blocks: dedentFormulas(blocks), text });
    current = [];
  };
  for (const line of lines) {
    if (line.trim() === '') flush();
    else current.push(line);
  }
  flush();
  return out;
}

function dedentFormulas(blocks: DocBlock[]): DocBlock[] {
  return blocks.map((b) => {
    if (b.kind !== 'formula') return b;
    const lines = b.text.split('\n');
    const indent = Math.min(...lines.map((l) => /^\s*/.exec(l)?.[0].length ?? 0));
    return { kind: b.kind, text: lines.map((l) => l.slice(indent)).join('\n') };
  });
}

const isExample = (p: DocParagraph): boolean => /^(?:worked )?example\b/i.test(p.text);
const isListedElsewhere = (p: DocParagraph): boolean => /^(?:units?|references?|sources?)$/i.test(p.label ?? '');

/** A model file's doc comment, split into what the model is and its worked example. */
export function modelDoc(source: string): ModelDoc {
  const paragraphs = paragraphsOf(docCommentLines(source));
  const start = paragraphs.findIndex(isExample);
  const example = start < 0 ? [] : paragraphs.slice(start).filter((p) => !isListedElsewhere(p));
  const about = (start < 0 ? paragraphs : paragraphs.slice(0, start)).filter((p) => !isListedElsewhere(p));
  return { about, example };
}

/** Display units a doc comment writes after a number, and the base-unit factor of each. */
const SCALE: Readonly<Record<string, number>> = {
  '%': 0.01,
  ms: 1e-3,
  µs: 1e-6,
  μs: 1e-6,
  ns: 1e-9,
  min: 60,
  h: 3600,
  kB: 1e3,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  PB: 1e15,
  Gbit: 1e9,
  Mbit: 1e6,
  M: 1e6,
  million: 1e6,
};

const NUMBER =
  /(?<![\w.^])10\^\(?([−-]?\d+)\)?|(?<![\w.])([−-]?(?:\d{1,3}(?:[  ]\d{3})+|\d+)(?:\.\d+)?)(?:\s?×\s?10\^\(?([−-]?\d+)\)?)?(?:\s?(%|ms|µs|μs|ns|min|h|kB|KB|MB|GB|TB|PB|Gbit|Mbit|M|million)(?![A-Za-z]))?/g;

/**
 * Every number a piece of prose writes, as written and in base units: "63 040.464 s" → 63040.464,
 * "53.3 %" → 53.3 and 0.533, "0.447 ms" → 0.447 and 0.000447, "2.628 × 10^15" and "10^8" → their values.
 */
export function numbersIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(NUMBER)) {
    if (m[1] !== undefined) {
      out.push(10 ** Number(m[1].replace('−', '-')));
      continue;
    }
    const base = Number((m[2] ?? '').replace(/[  ]/g, '').replace('−', '-'));
    const value = m[3] === undefined ? base : base * 10 ** Number(m[3].replace('−', '-'));
    out.push(value);
    const unit = m[4];
    if (unit !== undefined) out.push(value * (SCALE[unit] ?? 1));
  }
  return out;
}

/** Is a stated literal one the prose writes (in any of the forms above)? */
export function proseStates(text: string, stated: number | boolean | string): boolean {
  if (typeof stated === 'boolean') return true; // yes/no is said in words ("allowed", "not limited")
  if (typeof stated === 'string') return text.includes(stated);
  return numbersIn(text).some((n) => Math.abs(n - stated) <= 1e-9 * Math.max(Math.abs(n), Math.abs(stated)) + 1e-15);
}

export interface InlinePart {
  readonly kind: 'text' | 'code' | 'link';
  readonly text: string;
}

/** Prose split into plain text, `code` spans and http(s) addresses, for a page to mark up. */
export function inlineParts(text: string): InlinePart[] {
  const out: InlinePart[] = [];
  const re = /`([^`]+)`|(https?:\/\/[^\s)\]>"'”]+[^\s)\]>"'”.,;:])/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) out.push({ kind: 'text', text: text.slice(last, m.index) });
    out.push(m[1] !== undefined ? { kind: 'code', text: m[1] } : { kind: 'link', text: m[2] ?? '' });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}
