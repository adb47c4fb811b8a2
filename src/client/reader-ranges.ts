/** Placeholder replaced below. */
import type { ReaderRange } from '../lib/live-figures.ts';
export function readerRanges(_scenario: string): Record<string, ReaderRange> {
  return {};
}
