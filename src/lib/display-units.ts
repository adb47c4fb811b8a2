/**
 * Units a reader sees, and how each converts from the base unit a model computes in
 * (seconds, per second, bytes, fractions). Conversion happens here, at the edge, never in a model.
 * Binary prefixes (KiB, MiB, GiB) for memory; decimal bits per second for network bandwidth.
 */
export const displayUnits = {
  s: { base: 's', factor: 1, label: 's' },
  ms: { base: 's', factor: 1e3, label: 'ms' },
  µs: { base: 's', factor: 1e6, label: 'µs' },
  '%': { base: 'fraction', factor: 100, label: '%' },
  '/s': { base: '1/s', factor: 1, label: '/s' },
  '/min': { base: '1/s', factor: 60, label: '/min' },
  '/h': { base: '1/s', factor: 3600, label: '/h' },
  B: { base: 'B', factor: 1, label: 'B' },
  KiB: { base: 'B', factor: 1 / 1024, label: 'KiB' },
  MiB: { base: 'B', factor: 1 / 1024 ** 2, label: 'MiB' },
  GiB: { base: 'B', factor: 1 / 1024 ** 3, label: 'GiB' },
  'Mbit/s': { base: 'B/s', factor: 8 / 1e6, label: 'Mbit/s' },
  'Gbit/s': { base: 'B/s', factor: 8 / 1e9, label: 'Gbit/s' },
} as const;

export type DisplayUnit = keyof typeof displayUnits;

export function isDisplayUnit(u: string): u is DisplayUnit {
  return Object.hasOwn(displayUnits, u);
}

/** base value → display value */
export function toDisplay(value: number, unit: DisplayUnit | undefined): number {
  return unit ? value * displayUnits[unit].factor : value;
}

/** display value → base value */
export function fromDisplay(value: number, unit: DisplayUnit | undefined): number {
  return unit ? value / displayUnits[unit].factor : value;
}
