/**
 * The cheat sheets' tables, pinned by independent derivations (the working is in each comment) and by
 * published values where a source gives them, so a change in a model or a premise that moves a printed
 * number shows here.
 */
import { describe, expect, it } from 'vitest';
import { composition, ninesOf, ninesTable } from '../../src/lib/cheat-sheets/availability.ts';
import { perDayTable, rateTable, spansTable, storageTable } from '../../src/lib/cheat-sheets/conversions.ts';
import { formatLatency, movedWords, sig } from '../../src/lib/cheat-sheets/index.ts';
import {
  AWS_ZONES,
  comparedAt,
  latencyRows,
  movedSince2009,
  notComparable,
  wireTime,
} from '../../src/lib/cheat-sheets/latency.ts';
import { landmarks, oneTerabyteIn, powersTable } from '../../src/lib/cheat-sheets/powers-of-two.ts';
import { halfinWhitt, kneeTable, littleExamples, poolingTable, staffingTable } from '../../src/lib/cheat-sheets/queueing.ts';
import { expectClose } from '../models/close.ts';

describe('availability nines', () => {
  const rows = ninesTable();
  const at = (a: number) => rows.find((r) => r.availability === a)!;

  it('99.9 %: 8.76 h a year, 43.8 min a month (a year / 12), 43.2 min per 30 days, 10.08 min a week, 86.4 s a day', () => {
    // Independent derivation: 0.001 × 365 × 86 400 = 31 536 s = 8.76 h; / 12 = 2 628 s = 43.8 min;
    // 0.001 × 30 × 86 400 = 2 592 s = 43.2 min (the SRE book's month); × 7 × 86 400 = 604.8 s; × 86 400 = 86.4 s.
    const r = at(0.999);
    expectClose(r.perYear, 31_536);
    expectClose(r.perMonth, 2_628);
    expectClose(r.perThirtyDays, 2_592);
    expectClose(r.perWeek, 604.8);
    expectClose(r.perDay, 86.4);
  });

  it('matches the Google SRE book’s table for 99.99 %: 52.56 minutes a year, 4.32 minutes per 30-day month', () => {
    // B. Beyer et al., "Site Reliability Engineering", Appendix A "Availability Table",
    // https://sre.google/sre-book/availability-table/: 99.99 % → 52.56 minutes a year, 4.32 minutes a month (30 days), 8.64 s a day.
    const r = at(0.9999);
    expectClose(r.perYear / 60, 52.56);
    expectClose(r.perThirtyDays / 60, 4.32);
    expectClose(r.perDay, 8.64);
  });

  it('the error budget at a million requests a day is (1 − target) × 10^6 failed requests', () => {
    // Independent derivation: (1 − 0.999) × 1 000 000 = 1 000; (1 − 0.99999) × 1 000 000 = 10.
    expectClose(at(0.999).allowedErrorsPerDay, 1000);
    expectClose(at(0.99999).allowedErrorsPerDay, 10);
  });

  it('each added nine divides every downtime by ten', () => {
    for (const [a, b] of [
      [0.99, 0.999],
      [0.999, 0.9999],
      [0.9999, 0.99999],
    ] as const) {
      expectClose(at(a).perYear / at(b).perYear, 10);
      expectClose(at(a).perDay / at(b).perDay, 10);
    }
    expect([0.9, 0.995, 0.999, 0.999999].map(ninesOf)).toEqual([1, undefined, 3, 6]);
  });

  it('two 99.9 % components: 99.8001 % in series, 99.9999 % in parallel', () => {
    // System Design Primer, "Availability in numbers" (https://github.com/donnemartin/system-design-primer#availability-in-numbers):
    // two 99.9 % components give 99.8 % in sequence and 99.9999 % in parallel. Independent derivation: 0.999² = 0.998001; 1 − 0.001² = 0.999999.
    const c = composition();
    expectClose(c.series, 0.998001);
    expectClose(c.parallel, 0.999999);
    expectClose(c.parallelPerYear, 31.536);
  });
});

describe('powers of two', () => {
  it('are exact, and the binary prefixes run 2.4 %, 4.9 %, 7.4 %, 10 %, 12.6 %, 15.3 % above the decimal ones', () => {
    // Independent derivation: 1024 / 1000 = 1.024; 1024² / 10^6 = 1.048576; 1024³ / 10^9 = 1.073741824;
    // 1024^4 / 10^12 = 1.099511627776; 1024^5 / 10^15 = 1.125899906842624; 1024^6 / 10^18 = 1.152921504606846976.
    const rows = powersTable();
    expect(rows.map((r) => r.value)).toEqual([
      1024n,
      1048576n,
      1073741824n,
      1099511627776n,
      1125899906842624n,
      1152921504606846976n,
    ]);
    const ratios = [1.024, 1.048576, 1.073741824, 1.099511627776, 1.125899906842624, 1.152921504606847];
    rows.forEach((r, i) => expectClose(r.ratio, ratios[i]!));
    expect(rows.map((r) => r.iec)).toEqual(['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB']);
  });

  it('a 1 TB disk is 931 GiB; the integer limits are where they are', () => {
    // Independent derivation: 10^12 / 2^30 = 931.32…; 10^12 / 2^40 = 0.909….
    const tb = oneTerabyteIn();
    expect(sig(tb.gib)).toBe('931');
    expect(sig(tb.tib)).toBe('0.909');
    const byExpr = new Map(landmarks().map((l) => [l.expression, l.value]));
    expect(byExpr.get('2^31 − 1')).toBe(2147483647n);
    expect(byExpr.get('2^53')).toBe(BigInt(Number.MAX_SAFE_INTEGER) + 1n);
    // 2^53 + 1 is the first integer a double cannot hold: it rounds to 2^53 (review M11)
    expect(2 ** 53 + 1).toBe(2 ** 53);
    expect(2 ** 53 - 1 + 1).toBe(2 ** 53);
    expect(byExpr.get('2^63 − 1')).toBe(9223372036854775807n);
  });
});

describe('queueing rules of thumb', () => {
  it('M/M/1: the wait is ρ/(1 − ρ) service times: 1 at 50 %, 4 at 80 %, 9 at 90 %, 99 at 99 %', () => {
    // Independent derivation: Wq/S = ρ/(1 − ρ): 0.5/0.5 = 1, 0.8/0.2 = 4, 0.9/0.1 = 9, 0.99/0.01 = 99; W/S = 1/(1 − ρ);
    // p99 of the time in system = ln(100)/(1 − ρ): at ρ = 0.8, 4.60517 × 5 = 23.03.
    const k = new Map(kneeTable().map((r) => [r.utilization, r]));
    expectClose(k.get(0.5)!.waitInServiceTimes, 1);
    expectClose(k.get(0.8)!.waitInServiceTimes, 4);
    expectClose(k.get(0.9)!.waitInServiceTimes, 9);
    expectClose(k.get(0.99)!.waitInServiceTimes, 99);
    expectClose(k.get(0.8)!.timeInServiceTimes, 5);
    expectClose(k.get(0.8)!.p99InServiceTimes, Math.log(100) * 5);
  });

  it('pooling at 80 %: one server waits 80 % of the time; two servers 71.1 % (Erlang C), then it falls', () => {
    // Independent derivation, Erlang C for c = 2, A = 1.6: C = (A²/2 · 1/(1 − ρ)) / (1 + A + A²/2 · 1/(1 − ρ))
    // = (1.28 × 5) / (1 + 1.6 + 6.4) = 6.4 / 9 = 0.7111; Wq = C / (c − A) = 0.7111 / 0.4 = 1.778 S.
    const p = poolingTable();
    expectClose(p[0]!.probWait, 0.8);
    expectClose(p[1]!.probWait, 6.4 / 9);
    expectClose(p[1]!.waitInServiceTimes, 6.4 / 9 / 0.4);
    for (let i = 1; i < p.length; i++) expect(p[i]!.probWait).toBeLessThan(p[i - 1]!.probWait);
  });

  it('square-root staffing: Halfin–Whitt gives 22.3 % at β = 1, and the rule is within two servers of Erlang C', () => {
    // Independent derivation: Φ(1) = 0.841345, φ(1) = 0.241971; 1 / (1 + 0.841345 / 0.241971) = 1 / 4.47705 = 0.223361.
    expectClose(halfinWhitt(1), 0.223361, 1e-5);
    const rows = staffingTable();
    // Call Centre Helper's worked example ("Erlang C formula – made simple", https://www.callcentrehelper.com/erlang-c-formula-example-121281.htm):
    // 10 Erlangs on 14 agents wait with probability 0.1741 (Erlang C), the rule's ⌈10 + √10⌉ = 14.
    expect(rows[0]).toMatchObject({ load: 10, rule: 14 });
    expectClose(rows[0]!.probWaitAtRule, 0.174132, 1e-5);
    for (const r of rows) expect(Math.abs(r.rule - r.exact)).toBeLessThanOrEqual(2);
    for (const r of rows.slice(1)) expect(Math.abs(r.probWaitAtRule - r.predicted)).toBeLessThan(0.02);
  });

  it('Little’s law three ways: 200 in flight, 6 000 per second, 4 s', () => {
    // Independent derivation: L = λW = 1000 × 0.2 = 200; λ = L/W = 300 / 0.05 = 6000; W = L/λ = 2000 / 500 = 4.
    const [a, b, c] = littleExamples();
    expectClose(a!.meanInSystem, 200);
    expectClose(b!.arrivalRate, 6000);
    expectClose(c!.meanTimeInSystem, 4);
  });
});

describe('conversions', () => {
  it('a million a day is 11.57 a second; a billion a day 11 574', () => {
    // Independent derivation: 10^6 / 86 400 = 11.574; 10^9 / 86 400 = 11 574.07.
    const rows = new Map(perDayTable().map((r) => [r.perDay, r]));
    expectClose(rows.get(1e6)!.perSecond, 11.574074, 1e-6);
    expectClose(rows.get(1e9)!.perSecond, 11_574.074, 1e-6);
    expectClose(rows.get(1e6)!.peakPerSecond, 23.148148, 1e-6);
  });

  it('a day is 10^5 s within +15.7 %, a year π × 10^7 s within −0.38 %', () => {
    // Independent derivation: (100 000 − 86 400) / 86 400 = 0.1574; (31 415 926.5 − 31 536 000) / 31 536 000 = −0.003808.
    const spans = new Map(spansTable().map((s) => [s.span, s]));
    expectClose(spans.get('a day')!.error, 0.157407, 1e-5);
    expectClose(spans.get('a year (365 days)')!.error, -0.003808, 1e-3);
    expectClose(spans.get('a month (a year / 12)')!.seconds, 2_628_000);
  });

  it('1 MB/s for a month is 2.628 TB; 1 Gbit/s is 328.5 TB', () => {
    // Independent derivation: 10^6 B/s × 2 628 000 s = 2.628 × 10^12 B; 1.25 × 10^8 B/s × 2 628 000 s = 3.285 × 10^14 B.
    const rates = new Map(rateTable().map((r) => [r.words, r]));
    expectClose(rates.get('1 MB/s')!.bytesPerMonth, 2.628e12);
    expectClose(rates.get('1 Gbit/s')!.bytesPerMonth, 3.285e14);
    expectClose(rates.get('1 Gbit/s')!.bitsPerSecond, 1e9);
  });

  it('a million 1 kB rows a day is 365 GB a year', () => {
    // Independent derivation: 10^6 × 10^3 B × 365 = 3.65 × 10^11 B.
    expectClose(storageTable()[0]!.bytesPerYear, 3.65e11);
  });
});

describe('latency numbers', () => {
  it('states Dean’s 2009 figures as published', () => {
    // J. Dean, LADIS 2009 keynote, "Numbers Everyone Should Know", as transcribed by J. Hamilton,
    // https://perspectives.mvdirona.com/2009/10/jeff-dean-design-lessons-and-advice-from-building-large-scale-distributed-systems/
    // "L1 cache reference 0.5 ns … Main memory reference 100 ns … Round trip within same datacenter 500,000 ns …
    // Send packet CA->Netherlands->CA 150,000,000 ns".
    const dean = new Map(latencyRows.map((r) => [r.id, r.dean2009]));
    expect(dean.get('l1')).toBe(0.5e-9);
    expect(dean.get('memory')).toBe(100e-9);
    expect(dean.get('dc-round-trip')).toBe(500e-6);
    expect(dean.get('ca-nl')).toBe(150e-3);
  });

  it('every figure has a provenance, and every row a 2009, 2012, newer or measured figure', () => {
    for (const r of latencyRows) {
      expect(r.dean2009 ?? r.list2012 ?? r.newer ?? r.measuredHere, r.id).toBeDefined();
      for (const f of [r.newer, r.measuredHere]) if (f) expect(['source', 'measured', 'derivation']).toContain(f.provenance.kind);
    }
  });

  it('2 000 bytes take 16 µs on a 1 Gbit/s link and 0.16 µs at 100 Gbit/s', () => {
    // Independent derivation: 2 000 × 8 / 10^9 = 1.6 × 10^-5 s; / 10^11 = 1.6 × 10^-7 s.
    expectClose(wireTime(2000, 1e9), 16e-6);
    expectClose(wireTime(2000, 100e9), 0.16e-6);
    const wire = latencyRows.find((r) => r.id === 'wire')!;
    expectClose(movedSince2009(wire), 0.16e-6 / 20e-6);
  });

  it('computes "since 2009" only where both figures measure the same thing (review S2)', () => {
    const row = (id: string) => latencyRows.find((r) => r.id === id)!;
    // A dependent L1 load on a VM (1.1 ns) against Dean's 0.5 ns, DRAM with a VM's nested page walk, and one
    // engineer's Python echo between small VMs against Dean's datacenter: not the same measurement, so no ratio.
    for (const id of ['l1', 'memory', 'dc-round-trip']) {
      expect(movedSince2009(row(id)), id).toBeUndefined();
      expect(notComparable(row(id)), id).toMatch(/\w/);
    }
    // The datacenter round trip's newer figure is an ordinary VM's (Painter: same zone 908 µs), not Swift's 50 µs tail.
    expect(row('dc-round-trip').newer?.seconds).toBe(908e-6);
    // An SSD read: the published drive (150 µs) against the 2012 list's 150 µs, not the VM's virtual disk.
    expectClose(movedSince2009(row('ssd-random')), 1);
    // The wire row says the rate its 125× holds at, and its 2012 cell is the 2012 list's own: 10 µs per 1 KB
    // ("Send 1K bytes over 1 Gbps network 10,000 ns").
    expect(comparedAt(row('wire'))).toContain('100 Gbit/s');
    expect([row('wire').list2012, row('wire').list2012What]).toEqual([10e-6, '1 KB']);
    // 1 MB at "up to" 3.5 GB/s = 0.286 ms against the 2012 list's 1 ms
    expectClose(movedSince2009(row('ssd-sequential')), 1e6 / 3.5e9 / 1e-3);
    expect(comparedAt(row('ssd-sequential'))).toContain('up to');
  });

  it('dates and directions are the sources’ own (review M13)', () => {
    // AWS whitepaper abstract page: "Publication date: November 16, 2022"
    expect(AWS_ZONES.kind === 'source' && AWS_ZONES.date).toBe('2022-11-16');
    // Azure's table: West US tab, row West Europe, 153 ms: West Europe → West US
    expect(latencyRows.find((r) => r.id === 'ca-nl')?.newer?.what).toContain('West Europe → West US');
  });

  it('writes latencies and their movement in words', () => {
    expect(formatLatency(0.5e-9)).toBe('0.5 ns');
    expect(formatLatency(42.3e-6)).toBe('42.3 µs');
    expect(formatLatency(0.153)).toBe('153 ms');
    expect(movedWords(0.1)).toBe('10× faster');
    expect(movedWords(2.2)).toBe('2.2× slower');
    expect(movedWords(1.02)).toBe('about the same');
  });
});
