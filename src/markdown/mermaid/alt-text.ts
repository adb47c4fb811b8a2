/**
 * The text a screen reader gets for a diagram (its <img> alt): "accTitle. accDescr" as the author wrote them,
 * or, when they wrote neither, one generated from the kind of diagram, its frontmatter title and the labels
 * drawn in it (better than nothing, not good; the build warns).
 */
/** Human name of a diagram's kind, from its first statement (after `---` frontmatter, `%%` comments and blanks). */
export function diagramKind(source: string): string {
  const lines = source.split('\n').map((l) => l.trim());
  let i = 0;
  while (i < lines.length && lines[i] === '') i += 1;
  if (lines[i] === '---') {
    i += 1;
    while (i < lines.length && lines[i] !== '---') i += 1;
    i += 1;
  }
  const first = lines.slice(i).find((l) => l !== '' && !l.startsWith('%%')) ?? '';
  const keyword = (first.split(/\s+/)[0] ?? '').toLowerCase();
  const kinds: Record<string, string> = {
    flowchart: 'Flowchart',
    graph: 'Flowchart',
    sequencediagram: 'Sequence diagram',
    classdiagram: 'Class diagram',
    statediagram: 'State diagram',
    'statediagram-v2': 'State diagram',
    erdiagram: 'Entity-relationship diagram',
    gantt: 'Gantt chart',
    pie: 'Pie chart',
    timeline: 'Timeline',
    mindmap: 'Mind map',
    gitgraph: 'Git graph',
    'xychart-beta': 'Chart',
    xychart: 'Chart',
    'architecture-beta': 'Architecture diagram',
    'block-beta': 'Block diagram',
    c4context: 'C4 context diagram',
  };
  return kinds[keyword] ?? 'Diagram';
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** The texts drawn in a rendered SVG (node and edge labels), in document order, without repeats. */
export function svgLabels(svg: string): string[] {
  const labels: string[] = [];
  const withoutMeta = svg.replace(/<(title|desc|style)\b[\s\S]*?<\/\1>/gi, '');
  for (const match of withoutMeta.matchAll(/<(text|foreignObject)\b[^>]*>([\s\S]*?)<\/\1>/gi)) {
    const text = (match[2] ?? '')
      .replace(/<\/(tspan|div|p|span)>\s*<(tspan|div|p|span)\b/gi, ' <$2')
      .replace(/<[^>]*>/g, '')
      .replace(
        /&(#?\w+);/g,
        (whole, name: string) =>
          entities[name] ?? (name.startsWith('#') ? String.fromCodePoint(Number('0' + name.slice(1))) : whole),
      )
      .replace(/\s+/g, ' ')
      .trim();
    if (text && !labels.includes(text)) labels.push(text);
  }
  return labels;
}

export interface AltInput {
  /** accTitle, as mermaid-isomorphic reports it */
  title?: string | undefined;
  /** accDescr, as mermaid-isomorphic reports it */
  description?: string | undefined;
  /** the Mermaid source */
  source: string;
  /** the rendered SVG, for the fallback */
  svg: string;
}

/** The alt text: "accTitle. accDescr", or a generated "<kind>: <labels>" when the author wrote neither. */
export function diagramAlt({ title, description, source, svg }: AltInput): { alt: string; generated: boolean } {
  const parts = [title, description].map((s) => s?.replace(/\s+/g, ' ').trim()).filter((s): s is string => !!s);
  if (parts.length) {
    const alt = parts.map((p, i) => (i < parts.length - 1 && !/[.!?:]$/.test(p) ? `${p}.` : p)).join(' ');
    return { alt, generated: false };
  }
  const kind = diagramKind(source);
  const heading = frontmatterTitle(source);
  const labels = svgLabels(svg).filter((l) => l !== heading);
  let list = '';
  for (const label of labels) {
    const next = list ? `${list}, ${label}` : label;
    if (next.length > 240) {
      list += ', …';
      break;
    }
    list = next;
  }
  const name = heading ? `${kind} “${heading}”` : kind;
  return { alt: list ? `${name}: ${list}` : `${name} (no description given)`, generated: true };
}

/** The `title:` of a diagram's `---` frontmatter (drawn above it; not an accessible name by itself). */
export function frontmatterTitle(source: string): string | undefined {
  const block = /^\s*---\r?\n([\s\S]*?)\r?\n\s*---/.exec(source)?.[1];
  const title = block && /^\s*title:\s*(.+?)\s*$/m.exec(block)?.[1];
  return title ? title.replace(/^(['"])(.*)\1$/, '$2') : undefined;
}
