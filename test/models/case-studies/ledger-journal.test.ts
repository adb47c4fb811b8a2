import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ledgerJournal as model, operationKinds, runLedger } from '../../../models/case-studies/ledger-journal.ts';
import { evaluate } from '../../../models/evaluate.ts';
import { expectClose } from '../close.ts';

const noFees = { platformFeeRate: 0, platformFixedFee: 0, pspFeeRate: 0, pspFixedFee: 0, disputeFee: 0 };
const balanceOf = (o: ReturnType<typeof runLedger>, account: string) => o.balances.find((b) => b.account === account)?.balance;

describe('ledger-journal: published behaviour', () => {
  it('a chargeback of $30 pulls $30 and a $15 dispute fee: $45 out of what the PSP owes', () => {
    // Source: a Stripe "charge.dispute.created" event as delivered, gist "Stripe dispute webhook sample",
    // https://gist.github.com/kennethjohnbalgos/391a0eaff48cb4231f20f5165bb84f2a: balance transaction
    // "amount" => -3000, "fee" => 1500 ("Dispute fee"), "net" => -4500 (cents).
    const o = runLedger(
      [
        { kind: 'authorize', amount: 30 },
        { kind: 'capture', amount: 30 },
        { kind: 'chargeback', amount: 30 },
      ],
      { ...noFees, disputeFee: 15 },
    );
    expectClose(balanceOf(o, 'psp_receivable') ?? NaN, 30 - 45);
    expectClose(o.owedToMerchant, 30 - 45);
    expectClose(o.totalBalance, 0);
  });

  it('a refund does not return the fees of the sale', () => {
    // Source: WooCommerce documentation, "Why aren’t fees refunded when I refund a charge with WooPayments?",
    // https://woocommerce.com/document/payments/faq/fees-refund (read 2026-12-07): "When you refund a customer, the
    // fees paid on that transaction are not refunded". Derived by hand: a $100 sale at 2.9 % + 30¢ refunded in full
    // leaves the platform with 0 receivable − 3.20 of fees = −3.20 owed by the PSP, and psp_fees = 3.20.
    const o = runLedger(
      [
        { kind: 'authorize', amount: 100 },
        { kind: 'capture', amount: 100 },
        { kind: 'refund', amount: 100 },
      ],
      { ...noFees, pspFeeRate: 0.029, pspFixedFee: 0.3 },
    );
    expectClose(o.pspFees, 3.2);
    expectClose(o.owedByPsp, -3.2);
  });

  it('refuses to refund more than was captured', () => {
    // Source: Stripe documentation, "Refund and cancel payments", https://stripe.com/at/docs/refunds (read 2026-12-07):
    // "You can issue more than one refund against a charge, but you can’t refund a total greater than the original
    // charge amount." Derived by hand: 60 + 40 = 100 accepted; the third refund, 1 more, is refused.
    const o = runLedger(
      [
        { kind: 'authorize', amount: 100 },
        { kind: 'capture', amount: 100 },
        { kind: 'refund', amount: 60 },
        { kind: 'refund', amount: 40 },
        { kind: 'refund', amount: 1 },
      ],
      noFees,
    );
    expect(o.rejected.map((r) => r.step)).toEqual([5]);
    expectClose(o.refunded, 100);
  });
});

describe('ledger-journal: the page’s example, derived by hand', () => {
  const o = evaluate(model, {});
  it('authorize, capture, refund $30, settle, payout: 6 transactions, 16 lines, the platform keeps $0.60', () => {
    // independent derivation: lines 2 + 8 + 2 + 2 + 2 = 16; platform fee 0.035 × 100 + 0.30 = 3.80, PSP fee
    // 0.029 × 100 + 0.30 = 3.20; merchant paid 100 − 3.80 − 30 = 66.20; cash 100 − 3.20 − 30 − 66.20 = 0.60
    expect(o.transactionCount).toBe(6);
    expect(o.lineCount).toBe(16);
    expectClose(o.platformRevenue, 3.8);
    expectClose(o.pspFees, 3.2);
    expectClose(o.paidToMerchant, 66.2);
    expectClose(o.cash, 0.6);
    expectClose(o.platformNet, 0.6);
    expectClose(o.owedToMerchant, 0);
    expect(o.rejected).toEqual([]);
  });
});

describe('ledger-journal: the double-entry invariant over any sequence', () => {
  const op = fc.record({
    kind: fc.constantFrom(...operationKinds),
    amount: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 10_000, noNaN: true }), fc.integer({ min: 0, max: 500 })),
  });
  it('every transaction sums to zero, the balances sum to zero and equal the lines, cash never goes negative', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 40 }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        (ops, pf, sf) => {
          const o = evaluate(model, { operations: ops, platformFeeRate: pf, pspFeeRate: sf });
          for (const t of o.transactions) expect(t.sum).toBe(0);
          expect(o.totalBalance).toBe(0);
          expect(o.largestTransactionImbalance).toBe(0);
          for (const b of o.balances) {
            const fromLines = o.journal
              .filter((l) => l.account === b.account)
              .reduce((s, l) => s + Math.round(l.amount * 100), 0);
            expect(Math.round(b.balance * 100)).toBe(fromLines);
          }
          expect(o.cash).toBeGreaterThanOrEqual(0);
          expect(o.openAuthorization).toBeGreaterThanOrEqual(0);
          expect(o.refunded + o.chargedBack).toBeLessThanOrEqual(o.captured + 1e-9);
          expect(o.acceptedOperations + o.rejected.length).toBe(ops.filter((x) => x.kind !== 'none').length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('does not mutate its input', () => {
    const ops = [{ kind: 'authorize' as const, amount: 5 }];
    const copy = structuredClone(ops);
    evaluate(model, { operations: ops });
    expect(ops).toEqual(copy);
  });
});
