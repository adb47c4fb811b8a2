/**
 * A reader's estimate, as people write one: "12000", "12,000", "12k", "3.1e6", "2 M", "1.5 million",
 * "4×10^5", "$40k" (money), "3 TB" or "3 TiB" (bytes). Answers a positive, finite number or a message
 * that says what went wrong: never NaN. Shared by the drills' browser code and its tests.
 *
 * Suffixes (case-insensitive unless noted): k, thousand = 10^3; m, mn, mm, million = 10^6; b, bn,
 * billion = 10^9; t, tn, trillion = 10^12. For bytes, the SI units kB MB GB TB PB (powers of 1000) and the
 * IEC units KiB MiB GiB TiB PiB (powers of 1024), and B; a bare k/M/G/T/P means its SI power.
 *
 * A share ('percent') is asked for in percent and answered as a fraction: "0.075%", "0.075 %" and a bare
 * "0.075" all read as 0.075 % = 0.00075 (the field's label says "in %", see answerLabel, so a bare number is
 * not ambiguous); "percent" and "pct" may stand for the sign.
 */

export type AnswerKind = 'count' | 'bytes' | 'usd' | 'percent';

export type Parsed = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly message: string };

const COUNT_SUFFIX: Readonly<Record<string, number>> = {
  '': 1,
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mn: 1e6,
  mm: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
  t: 1e12,
  tn: 1e12,
  trillion: 1e12,
};

const BYTE_SUFFIX: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  p: 1e15,
  pb: 1e15,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
  pib: 1024 ** 5,
};

const PERCENT_SUFFIX: Readonly<Record<string, number>> = { '': 0.01, '%': 0.01, percent: 0.01, pct: 0.01 };

const EXAMPLES: Readonly<Record<AnswerKind, string>> = {
  count: '12000, 12k, 3.1e6 or 2 M',
  bytes: '800 GB, 1.2 TB, 3 TiB or 4e12',
  usd: '$40k, 40000 or 1.2 M',
  percent: '0.05%, 0.05 (read as percent) or 2e-3 %',
};

/** The words after "Your estimate, in": the drill's unit, with "%" before it for a share ("% of acquisitions"). */
export function answerLabel(answer: { readonly unit: string; readonly kind: AnswerKind }): string {
  return answer.kind === 'percent' ? `% ${answer.unit}` : answer.unit;
}

/** The number a reader typed, or why it cannot be read. */
export function parseEstimate(text: string, kind: AnswerKind = 'count'): Parsed {
  const typed = text.trim();
  if (typed === '') return { ok: false, message: `Enter your estimate first, e.g. ${EXAMPLES[kind]}.` };
  let t = typed.replace(/\u2212/g, '-');
  if (kind === 'usd') t = t.replace(/^(-?)\s*(us)?\$\s*/i, '$1').replace(/\s*(usd|dollars?)$/i, '');
  // Thousands separators: "12,000", "12 000", "12_000"; a decimal comma is not guessed at.
  t = /^-?\d{1,3}(,\d{3})+(\.\d+)?/.test(t) ? t.replace(/,(?=\d{3})/g, '') : t;
  t = t.replace(/(\d)[\s_\u00a0\u202f](?=\d{3}\b)/g, '$1');
  // "10^5" alone reads as a power of ten.
  t = t.replace(/^(-?)10\s*\^/, '$11×10^');
  const m = /^(-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*(?:(?:[x×*]|\u00b7)\s*10\s*\^\s*([+-]?\d+))?\s*([a-z]*|%)$/i.exec(t);
  if (!m) return { ok: false, message: `“${typed.slice(0, 40)}” is not a number I can read: try ${EXAMPLES[kind]}.` };
  const [, mantissa = '', power, rawSuffix = ''] = m;
  const table = kind === 'bytes' ? BYTE_SUFFIX : kind === 'percent' ? PERCENT_SUFFIX : COUNT_SUFFIX;
  const suffix = rawSuffix.toLowerCase();
  const factor = Object.hasOwn(table, suffix) ? table[suffix] : undefined;
  if (factor === undefined) {
    return { ok: false, message: `“${rawSuffix}” is not a unit I know here: try ${EXAMPLES[kind]}.` };
  }
  const value = Number(mantissa) * (power === undefined ? 1 : 10 ** Number(power)) * factor;
  if (!Number.isFinite(value)) return { ok: false, message: `“${typed.slice(0, 40)}” is too large to grade.` };
  if (value < 0) return { ok: false, message: 'An estimate of this is positive: drop the minus sign.' };
  if (value === 0)
    return { ok: false, message: 'Enter a number above zero: the grade compares your estimate with the answer as a ratio.' };
  return { ok: true, value };
}
