// Plot's per-chart <style> kept once per page, in its head (src/lib/plot-styles-once.ts).
import { describe, expect, it } from 'vitest';
import { plotStylesOnce } from '../../src/lib/plot-styles-once.ts';

const PLOT = ':where(.plot-d6a7b5) {\n  --plot-background: white;\n}';
const SWATCHES = ':where(.plot-d6a7b5-swatches) {\n  font-size: 10px;\n}';
const chart = (n: number) => `<figure><svg class="plot-d6a7b5"><style>${PLOT}</style><g>${n}</g></svg></figure>`;

describe('plotStylesOnce', () => {
  it('keeps each distinct Plot style once, before </head>, and drops the charts’ copies', () => {
    const html = `<html><head><title>t</title></head><body>${chart(1)}<div><style>${SWATCHES}</style></div>${chart(2)}${chart(3)}</body></html>`;
    const out = plotStylesOnce(html);
    expect(out).toBe(
      `<html><head><title>t</title><style>${PLOT}</style><style>${SWATCHES}</style></head><body>` +
        `<figure><svg class="plot-d6a7b5"><g>1</g></svg></figure><div></div>` +
        `<figure><svg class="plot-d6a7b5"><g>2</g></svg></figure><figure><svg class="plot-d6a7b5"><g>3</g></svg></figure></body></html>`,
    );
    expect(out.split(PLOT).length - 1).toBe(1);
  });

  it('leaves other styles, and pages without a Plot style or a head, as they are', () => {
    const other = '<html><head></head><body><style>.lb-drills{color:red}</style></body></html>';
    expect(plotStylesOnce(other)).toBe(other);
    const headless = `<svg><style>${PLOT}</style></svg>`;
    expect(plotStylesOnce(headless)).toBe(headless);
  });

  it('leaves a Plot style with an entity in place (its text would mean something else in the head)', () => {
    const html = `<html><head></head><body><svg><style>:where(.plot-1) text { content: "&amp;" }</style></svg></body></html>`;
    expect(plotStylesOnce(html)).toBe(html);
  });
});
