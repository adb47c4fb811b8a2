/**
 * Finds the ```mermaid blocks of a page (pre > code.language-mermaid, the shape rehype-mermaid renders) and
 * wraps each in the <figure> that will hold its images.
 */
import type { Element, ElementContent, Parent, Root } from 'hast';
import { FIGURE_CLASS } from './figure.ts';

/** A wrapped block: its figure (still holding the <pre>), its Mermaid source and where it is in the file. */
export interface MermaidBlock {
  figure: Element;
  source: string;
  line: number | undefined;
}

function classList(element: Element): string[] {
  const c: unknown = element.properties['className'];
  if (Array.isArray(c)) return c.map(String);
  return typeof c === 'string' ? c.split(/\s+/) : [];
}

function isMermaidPre(node: Element): boolean {
  if (node.tagName !== 'pre') return false;
  const elements = node.children.filter((c) => c.type === 'element');
  const texts = node.children.filter((c) => c.type === 'text');
  const code = elements[0];
  return (
    elements.length === 1 &&
    code !== undefined &&
    code.tagName === 'code' &&
    classList(code).includes('language-mermaid') &&
    texts.every((t) => t.type === 'text' && !/\w/.test(t.value))
  );
}

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

function walk(parent: Parent, visit: (node: Element, parent: Parent, index: number) => void): void {
  parent.children.forEach((child, index) => {
    if (child.type !== 'element') return;
    visit(child, parent, index);
    walk(child, visit);
  });
}

/** Wraps each ```mermaid block in <figure class="lb-mermaid not-content">, and returns them in page order. */
export function wrapMermaidBlocks(tree: Root): MermaidBlock[] {
  const blocks: MermaidBlock[] = [];
  walk(tree, (node, parent, index) => {
    if (!isMermaidPre(node)) return;
    const figure: Element = {
      type: 'element',
      tagName: 'figure',
      properties: { className: [FIGURE_CLASS, 'not-content'] },
      children: [node],
    };
    parent.children[index] = figure;
    blocks.push({ figure, source: textOf(node), line: node.position?.start.line });
  });
  return blocks;
}
