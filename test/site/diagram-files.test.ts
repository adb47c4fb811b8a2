import { describe, expect, it } from 'vitest';
import { externalizeDiagrams } from '../../src/markdown/mermaid/diagram-files.ts';

const svg = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><text>a &amp; b</text></svg>";
/** As mini-svg-data-uri writes it, then as Astro escapes it inside a double-quoted attribute. */
const uri = `data:image/svg+xml,${encodeURIComponent(svg).replace(/%20/g, ' ').replace(/%27/g, "'")}`.replace(/&/g, '&amp;');

describe('diagram files', () => {
  it('moves each diagram image out of the page into a file named by its content, lazily loaded, size kept', () => {
    const files = new Map<string, string>();
    const html =
      `<p>x</p><figure class="lb-mermaid"><img class="lb-mermaid__light" src="${uri}" alt="A" width="10" height="10">` +
      `<img class="lb-mermaid__dark" src="${uri}" alt="A" width="10" height="10"></figure><img src="data:image/svg+xml,other" alt="">`;
    const out = externalizeDiagrams(html, (name, content) => files.set(name, content));
    // the same SVG twice is one file; its content is the SVG itself, entities and all
    expect([...files.values()]).toEqual([svg]);
    const [name] = [...files.keys()];
    expect(name).toMatch(/^[0-9a-f]{16}\.svg$/);
    expect(out).toBe(
      `<p>x</p><figure class="lb-mermaid"><img loading="lazy" class="lb-mermaid__light" src="/_diagrams/${name}" alt="A" width="10" height="10">` +
        `<img loading="lazy" class="lb-mermaid__dark" src="/_diagrams/${name}" alt="A" width="10" height="10"></figure><img src="data:image/svg+xml,other" alt="">`,
    );
  });

  it('leaves a page without diagrams as it is', () => {
    const html = '<p>no diagrams</p><img src="/a.png" alt="">';
    expect(externalizeDiagrams(html, () => expect.fail('nothing to write'))).toBe(html);
  });
});
