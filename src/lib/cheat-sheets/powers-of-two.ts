/**
 * Powers of two beside powers of ten: the IEC binary prefixes (KiB = 2^10 B) against the SI decimal ones
 * (kB = 10^3 B), computed, with how far apart they drift (2.4 % at kilo, 7.4 % at giga, 12.6 % at peta, 15.3 % at exa). Disks
 * and network links are sold in SI units, memory is addressed in IEC units; the difference is why a
 * "1 TB" disk shows as 931 GiB. Exact to the byte: the values are computed with BigInt.
 */

export interface PowerRow {
  readonly exponent: number;
  /** 2^exponent, exactly */
  readonly value: bigint;
  readonly iec: string;
  readonly iecName: string;
  readonly si: string;
  readonly siName: string;
  /** 10^(3k) for the matching SI prefix */
  readonly siValue: bigint;
  /** 2^(10k) / 10^(3k): 1.024, 1.048576, … */
  readonly ratio: number;
  /** a rough anchor a designer can hold in mind */
  readonly anchor: string;
}

const PREFIXES = [
  { iec: 'KiB', iecName: 'kibibyte', si: 'kB', siName: 'kilobyte', anchor: 'a small JSON document' },
  { iec: 'MiB', iecName: 'mebibyte', si: 'MB', siName: 'megabyte', anchor: 'a compressed photo' },
  { iec: 'GiB', iecName: 'gibibyte', si: 'GB', siName: 'gigabyte', anchor: 'RAM of a small VM; an hour of HD video' },
  { iec: 'TiB', iecName: 'tebibyte', si: 'TB', siName: 'terabyte', anchor: 'one disk; the RAM of a large server' },
  { iec: 'PiB', iecName: 'pebibyte', si: 'PB', siName: 'petabyte', anchor: 'a large company’s data warehouse' },
  { iec: 'EiB', iecName: 'exbibyte', si: 'EB', siName: 'exabyte', anchor: 'a hyperscaler’s storage fleet' },
] as const;

export function powersTable(): PowerRow[] {
  return PREFIXES.map((p, i) => {
    const k = i + 1;
    const value = 2n ** BigInt(10 * k);
    const siValue = 10n ** BigInt(3 * k);
    return { exponent: 10 * k, value, ...p, siValue, ratio: Number(value) / Number(siValue) };
  });
}

/** Other powers worth knowing by heart: 2^16, 2^31 − 1, 2^32, 2^53, 2^63 − 1, 2^64. */
export function landmarks(): { readonly expression: string; readonly value: bigint; readonly why: string }[] {
  return [
    { expression: '2^8', value: 2n ** 8n, why: 'values of one byte' },
    { expression: '2^16', value: 2n ** 16n, why: 'TCP/UDP ports; values of an unsigned 16-bit integer' },
    { expression: '2^31 − 1', value: 2n ** 31n - 1n, why: 'largest signed 32-bit integer: an INT primary key runs out here' },
    { expression: '2^32', value: 2n ** 32n, why: 'IPv4 addresses; unsigned 32-bit integers' },
    {
      expression: '2^53',
      value: 2n ** 53n,
      why: 'where a double (a JavaScript number) stops holding every integer: 2^53 + 1 is the first it cannot (Number.MAX_SAFE_INTEGER is 2^53 − 1)',
    },
    { expression: '2^63 − 1', value: 2n ** 63n - 1n, why: 'largest signed 64-bit integer (BIGINT)' },
    { expression: '2^64', value: 2n ** 64n, why: 'unsigned 64-bit integers' },
    { expression: '2^128', value: 2n ** 128n, why: 'UUIDs (122 random bits in a version 4 UUID); IPv6 addresses' },
  ];
}

/** 1 TB written on a disk's box, as the operating system shows it in TiB and GiB. */
export function oneTerabyteIn(): { tib: number; gib: number } {
  return { tib: 1e12 / 2 ** 40, gib: 1e12 / 2 ** 30 };
}
