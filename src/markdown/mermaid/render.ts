/**
 * Renders one diagram through rehype-mermaid (strategy `img-svg`, `dark` on: Mermaid's `default` and `dark`
 * themes, in headless Chromium) and reads the two variants back out of its output.
 *
 * rehype-mermaid makes a <picture> switched by `prefers-color-scheme`, which ignores Starlight's theme toggle,
 * so only its data URIs, sizes, title and description are kept (figure.ts makes the two themed <img>). Each
 * diagram is rendered on its own, so its SVG (ids included) depends on nothing but its source and the
 * settings: the same whether it is the first or the third diagram of a page, and cacheable as such.
 */
import type { Element, Properties, Root } from 'hast';
import type { Transformer } from 'unified';
import type { VFile } from 'vfile';
import type { MermaidBlock } from './code-blocks.ts';
import { dim, type RenderedDiagram } from './figure.ts';

function str(value: Properties[string]): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/**
 * What rehype-mermaid 3 left in a block's figure: <picture><source srcset=dark media=…><img src=light
 * title alt></picture>. Undefined when it left the <pre> alone; throws when the shape is another one.
 */
export function readRendered(figure: Element, file: VFile): RenderedDiagram | undefined {
  const picture = figure.children[0];
  if (picture?.type !== 'element' || picture.tagName !== 'picture') return undefined;
  const [sourceEl, imgEl] = picture.children.filter((c): c is Element => c.type === 'element');
  // A srcset URI is the src form with its spaces as %20 (mini-svg-data-uri's toSrcset); undo that so
  // the two variants share text and gzip well together.
  const darkSrc = sourceEl && str(sourceEl.properties['srcSet'] ?? sourceEl.properties['srcset'])?.replace(/%20/g, ' ');
  const lightSrc = imgEl && str(imgEl.properties['src']);
  if (!sourceEl || sourceEl.tagName !== 'source' || !imgEl || imgEl.tagName !== 'img' || !darkSrc || !lightSrc) {
    throw new Error(`mermaid: unexpected rehype-mermaid output in ${file.path}; was rehype-mermaid upgraded?`);
  }
  return {
    light: { src: lightSrc, width: dim(imgEl.properties['width']), height: dim(imgEl.properties['height']) },
    dark: { src: darkSrc, width: dim(sourceEl.properties['width']), height: dim(sourceEl.properties['height']) },
    title: str(imgEl.properties['title']),
    description: str(imgEl.properties['alt']) || undefined,
  };
}

/**
 * Renders `block` with `render` (rehype-mermaid's transformer) in a tree of its own. A diagram Mermaid
 * rejects fails here, with the file named (no errorFallback is set). Leaves the block's figure as rendered.
 */
export async function renderBlock(
  render: Transformer<Root, Root>,
  block: MermaidBlock,
  file: VFile,
): Promise<RenderedDiagram | undefined> {
  const tree: Root = { type: 'root', children: [block.figure] };
  await (render as unknown as (t: Root, f: VFile) => Promise<void> | void)(tree, file);
  return readRendered(block.figure, file);
}
