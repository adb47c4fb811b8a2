/**
 * What counts as a citation in a model's test file, and where its citations are: the rules of the source gate
 * (test/models/tested.test.ts, whose header explains them), shared with the model pages, which list each
 * model's citations under "Tested against" (src/pages/models/[id].astro). One parser, so the page shows
 * exactly what the gate counts.
 */

/** A test or suite title: it('…'), it.each(…)('…'), test(…), describe(…). */
const TITLE = /\b(?:it|test|describe)(?:\.each\([^)]*\))?\(\s*(['"`])(.*?)\1/;
/** The text of a comment on a line: a whole-line // or block-comment line, or a trailing // comment. */
export function commentOf(line: string): string | null {
  const t = line.trim();
  if (t.startsWith('//')) return t.slice(2);
  if (t.startsWith('/*') || t.startsWith('*')) return t.replace(/^\/?\*+\/?/, '').replace(/\*\/$/, '');
  const trailing = /(?<![:'"`\w])\/\/(.*)$/.exec(line); // not the // of a URL inside a string
  return trailing ? (trailing[1] ?? '') : null;
}

export interface CitationBlock {
  readonly line: number;
  readonly text: string;
  /** the title of the test or suite that opens the block, when one does */
  readonly title?: string;
  /** the block's comments alone, without the title */
  readonly comment: string;
}

/** Consecutive lines that carry a comment or a test title, joined: one block per place a value is explained. */
export function citationBlocks(source: string): CitationBlock[] {
  const blocks: CitationBlock[] = [];
  let current: { line: number; text: string; title?: string; comment: string } | null = null;
  source.split('\n').forEach((line, i) => {
    const title = TITLE.exec(line)?.[2];
    const comment = commentOf(line);
    const parts = [title, comment].filter((p): p is string => p !== undefined && p !== null);
    if (parts.length === 0) {
      if (current) blocks.push(current);
      current = null;
      return;
    }
    current ??= { line: i + 1, text: '', comment: '' };
    current.text += ` ${parts.join(' ')}`;
    if (title !== undefined) current.title ??= title;
    if (comment !== null) current.comment += ` ${comment.trim()}`;
  });
  if (current) blocks.push(current);
  return blocks;
}

/** Hosts reserved for examples (RFC 2606, RFC 6761) and look-alikes such as example-a.com: nothing to open. */
const PLACEHOLDER_HOST =
  /^(?:[\w-]+\.)*(?:example(?:-[\w-]+)?\.(?:com|net|org)|[\w-]+\.(?:example|test|invalid|localhost)|localhost)$/i;
const URL = /https?:\/\/([^\s/)\]>"'”,;:]+)/g;
/** A quoted title of at least two words: "…", “…” or ‘…’. */
const QUOTED_TITLE = /"[^"\n]*[A-Za-z]{2,}[^"\n]*\s[^"\n]*"|“[^”]*\s[^”]*”|‘[^’]*\s[^’]*’/;
/** A place in a book or paper, with its number. */
const LOCATOR =
  /(?:\bch(?:apter|\.)|§|\bsec(?:tion|\.)|\btable|\bpp?\.|\bpage|\beq(?:uation|\.)|\bfig(?:ure|\.)|\bappendix|\bexample|\bexercise|\btheorem)\s*\(?[0-9IVXivx]/i;
/** The work that place is in: its quoted title, an edition, a volume, a DOI, an ISBN or an RFC. */
const WORK = /"[^"\n]*[A-Za-z]{2,}[^"\n]*"|“[^”]+”|‘[^’]+’|\b\d+(?:st|nd|rd|th) ed\b|\bvol\. ?\d|\bdoi\b|\bisbn\b|\brfc ?\d/i;
const DERIVATION = /independent(?:ly)?[ -]deriv|derived by hand|hand[ -]derivation|worked out by hand/i;
/** A derivation shown: a number next to an operator or a relation, in either order. */
const SHOWN = /\d[^\n]*?[=≈<>≤≥×·^⇔Σ∑√]|[=≈<>≤≥×·^⇔Σ∑√][^\n]*?\d/;

export type Provenance = 'document' | 'book-or-paper' | 'derivation';

/** The kind of provenance a comment block states, or null when it names nothing a reader can open or follow. */
export function provenanceOf(text: string): Provenance | null {
  const openable = [...text.matchAll(URL)].some((m) => !PLACEHOLDER_HOST.test(m[1] ?? ''));
  if (openable && QUOTED_TITLE.test(text)) return 'document';
  if (LOCATOR.test(text) && WORK.test(text)) return 'book-or-paper';
  if (DERIVATION.test(text) && SHOWN.test(text)) return 'derivation';
  return null;
}

/** The citations of a test file: its comment blocks that state a provenance. */
export function citations(source: string): (CitationBlock & { kind: Provenance })[] {
  return citationBlocks(source).flatMap((b) => {
    const kind = provenanceOf(b.text);
    return kind ? [{ ...b, kind }] : [];
  });
}
