/**
 * What a chart is: a thin, pure function from a model's output to a Plot figure, plus the same data as
 * a table (the fallback for screen readers and for readers who want the numbers). The same module
 * renders at build time (with linkedom's document) and in the browser (with the page's).
 */
export interface ChartContext {
  /** pixels available; from a resize observer in the browser */
  readonly width: number;
  /** the document to build the SVG in; the browser's own when omitted */
  readonly document?: Document;
}

export interface ChartTable {
  readonly columns: readonly string[];
  /** already formatted for reading (see src/lib/format.ts) */
  readonly rows: readonly (readonly string[])[];
}

export interface ChartModule<O = never> {
  render(output: O, context: ChartContext): Element;
  table(output: O): ChartTable;
}

/** Colours of series: CSS variables defined in src/styles/site.css for both themes. */
export const seriesColors = [
  'var(--lb-c1)',
  'var(--lb-c2)',
  'var(--lb-c3)',
  'var(--lb-c4)',
  'var(--lb-c5)',
  'var(--lb-c6)',
] as const;

/** Plot options every chart shares: theme-aware text, transparent background, readable type. */
export const baseStyle = {
  background: 'transparent',
  color: 'currentColor',
  fontSize: '13px',
  fontFamily: 'var(--sl-font, system-ui, sans-serif)',
  overflow: 'visible',
} as const;
