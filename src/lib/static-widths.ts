/**
 * The widths of a chart's two static renderings: a wide screen's content column, and a phone (shown in a
 * box of at most 540 px: the container rule of .lb-static-narrow in src/styles/site.css). The browser
 * redraws at the same widths (src/client/chart-runtime.ts), so a redraw never changes a chart's size.
 */
export const staticWidths = { wide: 720, narrow: 360 } as const;
