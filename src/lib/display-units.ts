/**
 * Units a reader sees, and how each converts from the base unit a model computes in
 * (seconds, per second, bytes, fractions). Conversion happens here, at the edge, never in a model.
 * Binary prefixes (KiB, MiB, GiB, TiB: IEC, powers of 1024) for memory, decimal ones (kB, MB, GB, TB: SI,
 * powers of 1000) for disks and transfer, both said explicitly where a reader chooses; decimal bits per
 * second for network bandwidth.
 */
export const displayUnits = {
  s: { base: 's', factor: 1, label: 's' },
  ms: { base: 's', factor: 1e3, label: 'ms' },
  µs: { base: 's', factor: 1e6, label: 'µs' },
  min: { base: 's', factor: 1 / 60, per: 60, label: 'min' },
  h: { base: 's', factor: 1 / 3600, per: 3600, label: 'h' },
  '%': { base: 'fraction', factor: 100, label: '%' },
  '/s': { base: '1/s', factor: 1, label: '/s' },
  '/min': { base: '1/s', factor: 60, label: '/min' },
  '/h': { base: '1/s', factor: 3600, label: '/h' },
  '/day': { base: '1/s', factor: 86_400, label: '/day' },
  B: { base: 'B', factor: 1, label: 'B' },
  KiB: { base: 'B', factor: 1 / 1024, label: 'KiB' },
  MiB: { base: 'B', factor: 1 / 1024 ** 2, label: 'MiB' },
  GiB: { base: 'B', factor: 1 / 1024 ** 3, label: 'GiB' },
  TiB: { base: 'B', factor: 1 / 1024 ** 4, label: 'TiB' },
  /** PiB and PB: for a list column of stored bytes (src/lib/list-table.ts); no input menu offers them */
  PiB: { base: 'B', factor: 1 / 1024 ** 5, label: 'PiB' },
  kB: { base: 'B', factor: 1e-3, per: 1e3, label: 'kB' },
  MB: { base: 'B', factor: 1e-6, per: 1e6, label: 'MB' },
  GB: { base: 'B', factor: 1e-9, per: 1e9, label: 'GB' },
  TB: { base: 'B', factor: 1e-12, per: 1e12, label: 'TB' },
  PB: { base: 'B', factor: 1e-15, per: 1e15, label: 'PB' },
  'B/s': { base: 'B/s', factor: 1, label: 'B/s' },
  'MB/s': { base: 'B/s', factor: 1e-6, per: 1e6, label: 'MB/s' },
  'Mbit/s': { base: 'B/s', factor: 8 / 1e6, per: 1e6 / 8, label: 'Mbit/s' },
  'Gbit/s': { base: 'B/s', factor: 8 / 1e9, per: 1e9 / 8, label: 'Gbit/s' },
} as const;

export type DisplayUnit = keyof typeof displayUnits;

export function isDisplayUnit(u: string): u is DisplayUnit {
  return Object.hasOwn(displayUnits, u);
}

/**
 * base value → display value. A unit larger than the base carries `per` (base units in one of it, an
 * exact number: 10^9 B in a GB) and is divided by it, so 2 GB reads back as 2 000 000 000 B exactly,
 * not as 1 999 999 999.9999998 (1e-9 has no exact double).
 */
export function toDisplay(value: number, unit: DisplayUnit | undefined): number {
  if (!unit) return value;
  const u: { factor: number; per?: number } = displayUnits[unit];
  return u.per ? value / u.per : value * u.factor;
}

/** display value → base value */
export function fromDisplay(value: number, unit: DisplayUnit | undefined): number {
  if (!unit) return value;
  const u: { factor: number; per?: number } = displayUnits[unit];
  return u.per ? value * u.per : value / u.factor;
}

/**
 * The units a reader may choose for an input in base unit `base`, in the order a menu lists them; one or
 * none means there is nothing to choose. Fractions are shown in % only; a money input (USD) is an amount
 * in every model today, not a rate, so it has no per-month/per-year choice.
 */
export function unitChoices(base: string | undefined): readonly DisplayUnit[] {
  switch (base) {
    case 's':
      return ['µs', 'ms', 's', 'min', 'h'];
    case '1/s':
      return ['/s', '/min', '/h', '/day'];
    case 'B':
      return ['B', 'kB', 'KiB', 'MB', 'MiB', 'GB', 'GiB', 'TB', 'TiB'];
    case 'B/s':
      return ['B/s', 'MB/s', 'Mbit/s', 'Gbit/s'];
    default:
      return [];
  }
}

/** How a unit is named in a menu: sizes say whether they are SI (powers of 1000) or IEC (powers of 1024). */
export function unitMenuLabel(unit: DisplayUnit): string {
  if (/^[kMGT]B$/.test(unit)) return `${unit} (SI)`;
  if (/^[KMGT]iB$/.test(unit)) return `${unit} (IEC)`;
  return displayUnits[unit].label;
}

/** The unit that shows a base unit as it is (factor 1): `s` for seconds, `/s` for per second, `B` for bytes. */
export function identityUnit(base: string | undefined): DisplayUnit | undefined {
  return unitChoices(base).find((u) => displayUnits[u].factor === 1);
}
