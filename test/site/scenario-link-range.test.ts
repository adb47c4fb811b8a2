/**
 * Ranges in scenario links (src/lib/scenario-link.ts): `<scenario>.<field>.range=<low>..<high>`, each end in
 * base units or with its unit. Round trips, units, refusals with their reasons, and old links unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkRange, parseLinkRange, parseLinkValue, RANGE_SUFFIX } from '../../src/lib/scenario-link.ts';

const seconds = { kind: 'number', baseUnit: 's' };
const count = { kind: 'integer', baseUnit: 'count' };

describe('link ranges', () => {
  it('reads base-unit ends and ends with units (0.3ms..2ms is 0.0003 s to 0.002 s)', () => {
    expect(parseLinkRange('600000..1200000', count)).toEqual({ ok: true, low: 600_000, high: 1_200_000 });
    expect(parseLinkRange('6e5..1.2e6', count)).toEqual({ ok: true, low: 600_000, high: 1_200_000 });
    const r = parseLinkRange('0.3ms..2ms', seconds);
    expect(r.ok && [r.low, r.high]).toEqual([expect.closeTo(0.0003, 15), expect.closeTo(0.002, 15)]);
    expect(parseLinkRange('5..5', count)).toEqual({ ok: true, low: 5, high: 5 });
  });
  it('refuses what is not a range, naming why', () => {
    expect(parseLinkRange('600000', count)).toEqual({ ok: false, message: 'is not a range: write low..high' });
    expect(parseLinkRange('..5', count).ok).toBe(false);
    expect(parseLinkRange('5..', count).ok).toBe(false);
    expect(parseLinkRange('9..3', count)).toEqual({ ok: false, message: 'has its low end above its high end' });
    expect(parseLinkRange('1..2KiB', seconds)).toEqual({
      ok: false,
      message: 'has a high end that is in KiB, which is not a unit of this field (it takes µs, ms, s, min or h)',
    });
    expect(parseLinkRange('x..2', count)).toEqual({ ok: false, message: 'has a low end that is not a number' });
    expect(parseLinkRange('1..2', { kind: 'boolean' }).ok).toBe(false);
    expect(parseLinkRange(`${'1'.repeat(60)}..${'2'.repeat(60)}`, count).ok).toBe(false);
  });
  it('writes what it reads (property: any two finite ends, in base units or in ms)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e12, max: 1e12, noNaN: true }),
        fc.double({ min: -1e12, max: 1e12, noNaN: true }),
        (a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(parseLinkRange(linkRange(low, high), count)).toEqual({
            ok: true,
            low: low === 0 ? 0 : low,
            high: high === 0 ? 0 : high,
          });
          const ms = parseLinkRange(linkRange(low, high, 'ms'), seconds);
          expect(ms.ok).toBe(true);
          if (ms.ok) {
            // in ms the text has 15 significant digits (linkValue): the ends come back to about 1e-14 relative
            expect(Math.abs(ms.low - low)).toBeLessThanOrEqual(1e-13 * Math.max(1e-9, Math.abs(low)));
            expect(Math.abs(ms.high - high)).toBeLessThanOrEqual(1e-13 * Math.max(1e-9, Math.abs(high)));
          }
        },
      ),
    );
  });
  it('the key cannot be a field’s (field names hold no dot), and a field value reads as before', () => {
    expect(RANGE_SUFFIX).toBe('.range');
    expect(`limiter.peakRequestsPerSecond${RANGE_SUFFIX}`.split('.').length).toBe(3);
    expect(parseLinkValue('800000', count)).toEqual({ ok: true, value: 800_000 });
    expect(new URLSearchParams(`limiter.peakRequestsPerSecond${RANGE_SUFFIX}=${linkRange(6e5, 1.2e6)}`).toString()).toBe(
      'limiter.peakRequestsPerSecond.range=600000..1200000',
    );
  });
});
