/**
 * Units a model may declare for an input or output field. Models compute in base units only
 * (seconds, per second, bytes, fractions); the site converts for display at the edge (src/lib/format.ts).
 */
export const units = {
  s: 'seconds',
  '1/s': 'per second',
  B: 'bytes',
  'B/s': 'bytes per second',
  fraction: 'fraction in [0, 1]',
  ratio: 'ratio (dimensionless, may exceed 1)',
  count: 'count',
  erlang: 'Erlangs',
  USD: 'US dollars',
  boolean: 'true or false',
  text: 'text',
  list: 'list',
} as const;

export type Unit = keyof typeof units;
