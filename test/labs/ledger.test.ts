/**
 * The ledger lab in its short mode, against a real PostgreSQL (started and stopped here): concurrent random
 * transfers between a few accounts. Read-modify-write under READ COMMITTED, with a pause between the read and
 * the write, loses updates (the sum of balances drifts); atomic updates, ordered and unordered row locks,
 * SERIALIZABLE with retries and an append-only journal keep every balance right and the sum unchanged.
 * Needs PostgreSQL (scripts/env.sh's lb_servers installs it); without it this fails, it does not skip.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  describe60,
  LEDGER_SHORT,
  LEDGER_STRATEGIES,
  runLedger,
  SAFE_LEDGER,
  transferSource,
  type LedgerResult,
} from '../../labs/ledger.ts';

describe('ledger lab, short mode (real PostgreSQL, real concurrency)', () => {
  let result: LedgerResult;
  beforeAll(async () => {
    result = await runLedger(LEDGER_SHORT);
  }, 120_000);

  it('runs every strategy at the short mode’s clients', () => {
    expect(result.summary.map((s) => s.strategy).sort()).toEqual([...LEDGER_STRATEGIES].sort());
    for (const s of result.summary) expect(s.medianPerSecond, s.strategy).toBeGreaterThan(0);
  });

  it('keeps the sum of balances, and every account’s balance, under each safe strategy', () => {
    for (const r of result.runs.filter((x) => SAFE_LEDGER.includes(x.strategy))) {
      expect(r.sumDrift, r.strategy).toBe(0);
      expect(r.accountsWrong, r.strategy).toBe(0);
      expect(r.completed, r.strategy).toBeGreaterThan(0);
    }
  });

  it('loses updates under read-modify-write at READ COMMITTED with a pause between read and write', () => {
    // Measured here: 8 clients, 10 accounts, 1 ms pause: most accounts wrong after one second.
    const naive = result.runs.filter((x) => x.strategy === 'read-modify-write');
    expect(naive.length).toBe(LEDGER_SHORT.runs);
    for (const r of naive) {
      expect(r.accountsWrong).toBeGreaterThan(0);
      expect(r.balanceError).toBeGreaterThan(0);
    }
  });

  it('retries SERIALIZABLE transfers that collide (SQLSTATE 40001) and never lets one through unserialized', () => {
    const s = result.summary.find((x) => x.strategy === 'serializable');
    expect(s?.retriesPerTransfer).toBeGreaterThan(0);
  });

  it('sees no deadlock when every transfer locks its rows in id order', () => {
    for (const strategy of ['atomic-update', 'ordered-locks'] as const)
      expect(result.summary.find((x) => x.strategy === strategy)?.deadlocks, strategy).toBe(0);
  });

  it('measures a journal line’s bytes: a tuple, its heap share, and three indexes', () => {
    const b = result.journalBytes;
    expect(b.lines).toBe(LEDGER_SHORT.journalLines);
    // The tuple: a 24 B header (23 B padded) + 8 id + 16 uuid + 8 account + 8 amount + 4 char(3) + 8 posted_at
    // + 61 description (60 characters and a 1-byte varlena header), with alignment: at least 137 B.
    expect(b.tupleBytes).toBeGreaterThanOrEqual(137);
    // The heap adds a 4 B line pointer per tuple and page headers: more than the tuple itself.
    expect(b.heapBytesPerLine).toBeGreaterThan(b.tupleBytes);
    expect(b.totalBytesPerLine).toBeGreaterThan(b.heapBytesPerLine);
    expect(b.indexOverHeap).toBeGreaterThan(0);
  });
});

describe('ledger transfers', () => {
  it('draws transfers between two distinct accounts, amounts 1–100, the same for the same seed and client', () => {
    const a = transferSource(10, 1);
    const b = transferSource(10, 1);
    for (let i = 0; i < 1000; i++) {
      const t = a(i % 4);
      expect(t).toEqual(b(i % 4));
      expect(t.from).not.toBe(t.to);
      expect(t.from).toBeGreaterThanOrEqual(1);
      expect(t.to).toBeLessThanOrEqual(10);
      expect(t.amount).toBeGreaterThanOrEqual(1);
      expect(t.amount).toBeLessThanOrEqual(100);
    }
  });

  it('describes a line in 60 characters', () => {
    expect(describe60(1, 2)).toHaveLength(60);
    expect(describe60(9999, 10000)).toHaveLength(60);
  });
});
