/**
 * "Copy as Markdown" (src/lib/scenario-markdown.ts): a table cell cannot be broken by what it holds, the
 * numbers are the model's own as the page formats them, the link in the document reopens the same values
 * through scenario-link.ts, and provenance reads as the Assumptions table says it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { limiter } from '../../case-studies/rate-limiting.ts';
import { check } from '../../models/evaluate.ts';
import { choice, derivation, measured, source } from '../../src/lib/provenance.ts';
import { linkParams, parseLinkValue } from '../../src/lib/scenario-link.ts';
import {
  autolink,
  escapeCell,
  isChanged,
  outputRow,
  provenanceText,
  isTopLevel,
  scenarioMarkdown,
  shortLabel,
  suffixFor,
  type Takeaway,
} from '../../src/lib/scenario-markdown.ts';

/**
 * The cells of one table row as cmark-gfm splits it (an independent reading of its scanner): a backslash
 * escapes the next character, an unescaped pipe ends a cell; the leading and trailing pipes bound the row.
 */
function cells(row: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < row.length; i++) {
    const c = row[i];
    if (c === '\\' && i + 1 < row.length) {
      current += c + row[i + 1];
      i++;
    } else if (c === '|') {
      out.push(current.trim());
      current = '';
    } else current += c;
  }
  out.push(current.trim());
  return out.slice(1, -1);
}

const base: Omit<Takeaway, 'inputs' | 'sections'> = {
  page: 'Rate limiting',
  panel: 'Size the Redis tier',
  scenario: 'limiter',
  model: limiter.modelId,
  url: 'https://loadbearing.example/case-studies/rate-limiting/',
  date: '2026-12-07',
};

describe('table cells', () => {
  it('escapes a pipe, so a label with one stays one cell', () => {
    expect(escapeCell('a | b')).toBe('a \\| b');
    const md = scenarioMarkdown({
      ...base,
      inputs: [{ name: 'x', label: 'Reads | writes', value: '3', changed: false, provenance: 'Choice: A|B testing' }],
      sections: [],
    });
    const row = md.split('\n').find((l) => l.startsWith('| Reads'));
    expect(row).toBeDefined();
    expect(cells(row ?? '')).toEqual(['Reads \\| writes (`x`)', '3', 'no', 'Choice: A\\|B testing']);
  });

  it('keeps any text in its own cell, on one line (backslashes, pipes, newlines)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '|', '\\', '\n', ' ', '`') }), fc.string(), (a, b) => {
        const row = `| ${escapeCell(a)} | ${escapeCell(b)} |`;
        expect(row).not.toMatch(/[\r\n]/);
        expect(cells(row)).toHaveLength(2);
      }),
    );
  });
});

describe('numbers', () => {
  it('are the model’s output for the reader’s inputs, formatted as the page formats them', () => {
    const input = { ...limiter.resolved, peakRequestsPerSecond: 800_000 };
    const r = check(limiter.model, input);
    if (!r.ok) throw new Error('the limiter rejects 800 000 requests per second');
    const out = r.output as Record<string, number>;
    const rows = [
      outputRow({ path: 'primaries', label: 'Redis primaries', format: 'integer' }, out['primaries']),
      outputRow({ path: 'checksPerSecond', label: 'Checks per second', format: 'compact', suffix: '/s' }, out['checksPerSecond']),
    ];
    const md = scenarioMarkdown({
      ...base,
      inputs: [{ name: 'peakRequestsPerSecond', label: 'Peak', value: '800000\u00a0/s', changed: true }],
      sections: [{ scenario: 'limiter', outputs: rows }],
    });
    const cellOf = (path: string) =>
      cells(md.split('\n').find((l) => l.includes(`(\`${path}\`)`) && l.startsWith('| ') && !l.includes('Peak')) ?? '')[1] ?? '';
    // integer format: the number itself, grouped
    expect(Number(cellOf('primaries').replace(/,/g, ''))).toBe(out['primaries']);
    // 800 000 requests × the page's checks per request, less those answered locally (the model's own rule)
    const checks = 800_000 * (limiter.resolved['checksPerRequest'] as number);
    expect(out['checksPerSecond']).toBeCloseTo(checks, 6);
    // compact format with its unit: "1.6 million /s" reads back to the model's value to the shown digits
    const m = /^([\d.]+)(?:\s(thousand|million|billion))?\u00a0\/s$/.exec(cellOf('checksPerSecond'));
    expect(m, cellOf('checksPerSecond')).not.toBeNull();
    const scale = { '': 1, thousand: 1e3, million: 1e6, billion: 1e9 }[m?.[2] ?? ''] ?? NaN;
    expect(Number(m?.[1]) * scale).toBeCloseTo(checks, -4);
    expect(md).toContain('1 of 1 inputs changed by the reader');
  });

  it('appends the unit only when the format does not write one', () => {
    expect(suffixFor({ format: 'decimal', suffix: '/s' })).toBe('\u00a0/s');
    expect(suffixFor({ format: 'duration', suffix: '' })).toBe('');
    expect(suffixFor({ format: 'percent', suffix: 'x' })).toBe('');
    expect(suffixFor({ unit: 'ms', suffix: '/s' })).toBe('');
    expect(outputRow({ path: 'p', label: 'P', format: 'duration' }, 0.0125).value).toBe('12.5\u00a0ms');
  });

  it('names a value by the words before its explanation on the printed sheet', () => {
    expect(shortLabel('Primaries in the tier: the given number, else the larger of those')).toBe('Primaries in the tier');
    expect(shortLabel('Limit checks per second at peak (requests × checks per request)')).toBe('Limit checks per second at peak');
    expect(shortLabel('Replicas (primaries × replicas per primary)')).toBe('Replicas (primaries × replicas per primary)');
    expect(shortLabel('Nodes plus cross-zone traffic, per month')).toBe('Nodes plus cross-zone traffic, per month');
    expect(isTopLevel('primaries')).toBe(true);
    expect(isTopLevel('algorithms[id=gcra].admitted')).toBe(false);
  });

  it('counts a value as changed only when it differs beyond a display unit’s rounding', () => {
    expect(isChanged(0.5 / 1000, 0.0005)).toBe(false);
    expect(isChanged(0.0006, 0.0005)).toBe(true);
    expect(isChanged('redis', 'redis')).toBe(false);
    expect(isChanged(true, false)).toBe(true);
  });
});

describe('the link', () => {
  it('round-trips through scenario-link.ts: the values it carries are the reader’s', () => {
    const values = { peakRequestsPerSecond: 800_000, networkRoundTrip: 0.0005, localShare: 0.25 };
    const url = `${base.url}?${linkParams('limiter', values, { networkRoundTrip: 'ms', localShare: '%' })}&other.x=1#capacity`;
    const md = scenarioMarkdown({ ...base, url, inputs: [], sections: [] });
    const written = /Reopen it: <([^>]+)>/.exec(md)?.[1];
    expect(written).toBeDefined();
    const params = new URL(written ?? '').searchParams;
    const kinds = { peakRequestsPerSecond: '1/s', networkRoundTrip: 's', localShare: 'fraction' } as const;
    for (const [k, v] of Object.entries(values)) {
      const raw = params.get(`limiter.${k}`);
      expect(raw, k).not.toBeNull();
      expect(parseLinkValue(raw ?? '', { kind: 'number', baseUnit: kinds[k as keyof typeof kinds] })).toEqual({
        ok: true,
        value: v,
      });
    }
    expect(params.get('other.x')).toBe('1');
    expect(new URL(written ?? '').hash).toBe('#capacity');
  });

  it('cannot be ended early by what the address holds', () => {
    expect(autolink('https://a.example/?q=a b>c|d')).toBe('<https://a.example/?q=a%20b%3Ec%7Cd>');
  });
});

describe('provenance', () => {
  it('says the kind, then the source and its date, the machine, the working or the reason', () => {
    expect(
      provenanceText(
        source({ title: 'Redis docs [EVAL]', url: 'https://redis.io/x(y)', date: '2026-01-05', note: 'Secondary.' }),
      ),
    ).toBe('Published: [Redis docs (EVAL)](https://redis.io/x%28y%29), 2026-01-05. Secondary.');
    expect(
      provenanceText(measured({ what: 'GCRA calls per CPU-second', machine: '2-core VM', date: '2026-12-01', lab: 'gcra' })),
    ).toBe('Measured: GCRA calls per CPU-second; 2-core VM, 2026-12-01. Reproduce: npm run lab gcra.');
    expect(provenanceText(derivation('4 GiB × 0.5'))).toBe('Derived: 4 GiB × 0.5');
    expect(provenanceText(choice('The platform’s peak.'))).toBe('Choice: The platform’s peak.');
  });

  it('is a dash for an input the module declares no provenance for', () => {
    const md = scenarioMarkdown({ ...base, inputs: [{ name: 'seed', label: 'Seed', value: '1', changed: false }], sections: [] });
    expect(md).toContain('| Seed (`seed`) | 1 | no | — |');
  });
});
