/**
 * A small double-entry ledger for one payment on a multi-merchant platform, driven by a list of operations
 * (authorize, capture, void, refund, settle, payout, chargeback): each accepted operation posts one or two
 * journal transactions, every one of which sums to zero (debits = credits), so the balances of all accounts
 * sum to zero after any sequence. An operation the state does not allow (capturing more than is authorized,
 * refunding more than was captured, paying out money the platform has not received) is rejected with its
 * reason and posts nothing: a ledger refuses, it never "fixes up" a balance.
 *
 * Units: every amount in and out is USD (the list outputs declare their money columns: journal.amount,
 * transactions.sum, balances.balance); inside, the journal counts integer cents, so sums are exact, and converts
 * to USD once, at the end.
 *
 * Accounts (debits positive, credits negative):
 *   authorizations / authorizations_offset   memo pair: money the customer's bank holds for us, not ours yet
 *   psp_receivable  (asset)      captured money the PSP owes the platform until it settles
 *   cash            (asset)      the platform's bank account
 *   merchant_payable (liability) what the platform owes the merchant
 *   platform_revenue (revenue)   the platform's fee
 *   psp_fees        (expense)    what the PSP charges the platform
 *
 * Operations and the transactions they post (A = the operation's amount):
 *   authorize A   Dr authorizations A / Cr authorizations_offset A                                     2 lines
 *   capture A     (A <= the open authorization) release the memo and book the sale:
 *                 Dr authorizations_offset A / Cr authorizations A / Dr psp_receivable A / Cr merchant_payable A   4 lines
 *                 then the fee transaction: Dr merchant_payable f / Cr platform_revenue f /
 *                 Dr psp_fees p / Cr psp_receivable p, f = A·platformFeeRate + platformFixedFee,
 *                 p = A·pspFeeRate + pspFixedFee (each rounded to the cent)                            4 lines
 *   void          release what is left of the authorization                                            2 lines
 *   refund A      (A <= captured − refunded − charged back) Dr merchant_payable A / Cr psp_receivable A: the
 *                 PSP takes it from the next settlement; fees are not returned                         2 lines
 *   settle        the PSP pays what it owes: Dr cash X / Cr psp_receivable X, X = the receivable        2 lines
 *   payout        pay the merchant what it is owed, at most the cash held: Dr merchant_payable Y / Cr cash Y   2 lines
 *   chargeback A  (A <= captured − refunded − charged back) the PSP pulls A and its dispute fee d, passed on
 *                 to the merchant: Dr merchant_payable A + d / Cr psp_receivable A + d                 2 lines
 *
 * The standard life of a payment (authorize, capture with its fee, settle) posts 4 transactions and 12 lines;
 * a refund adds 1 and 2 (`lifecycleLines`): model `payments-platform` sizes the journal from these.
 *
 * Assumptions: one payment, one merchant, one currency (USD); the PSP deducts its fee from what it settles;
 * a merchant's balance may go negative (it owes the platform) after a refund or chargeback that follows a
 * payout: the platform recovers that from later sales, and the ledger shows it rather than hiding it.
 *
 * Example: authorize $100, capture $100, refund $30, settle, payout, at a platform fee of 3.5 % + $0.30 and a
 * PSP fee of 2.9 % + $0.30: 6 transactions, 16 lines; the platform keeps $3.80 − $3.20 = $0.60, the merchant
 * is paid $100 − $3.80 − $30 = $66.20, and every account's balance sums to $0.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';

export const operationKinds = ['none', 'authorize', 'capture', 'void', 'refund', 'settle', 'payout', 'chargeback'] as const;
export type OperationKind = (typeof operationKinds)[number];

export const accounts = [
  'authorizations',
  'authorizations_offset',
  'psp_receivable',
  'cash',
  'merchant_payable',
  'platform_revenue',
  'psp_fees',
] as const;
export type Account = (typeof accounts)[number];

/** Journal lines each operation posts when accepted (capture includes its fee transaction). */
export const linesPerOperation: Readonly<Record<Exclude<OperationKind, 'none'>, number>> = {
  authorize: 2,
  capture: 8,
  void: 2,
  refund: 2,
  settle: 2,
  payout: 2,
  chargeback: 2,
};
/** Journal transactions each operation posts when accepted. */
export const transactionsPerOperation: Readonly<Record<Exclude<OperationKind, 'none'>, number>> = {
  authorize: 1,
  capture: 2,
  void: 1,
  refund: 1,
  settle: 1,
  payout: 1,
  chargeback: 1,
};

/** The journal of one payment's ordinary life (authorize, capture with fee, settle) and of one refund. */
export const lifecycle = {
  transactions: transactionsPerOperation.authorize + transactionsPerOperation.capture + transactionsPerOperation.settle,
  lines: linesPerOperation.authorize + linesPerOperation.capture + linesPerOperation.settle,
  refundTransactions: transactionsPerOperation.refund,
  refundLines: linesPerOperation.refund,
};

const STEPS = 6;
const amount = (d: number, n: number) =>
  z
    .number()
    .min(0)
    .max(1_000_000)
    .default(d)
    .meta({ unit: 'USD', description: `Amount of step ${n} (authorize, capture, refund, chargeback; others ignore it)` });
const step = (d: OperationKind, n: number) =>
  z
    .enum(operationKinds)
    .default(d)
    .meta({ unit: 'text', description: `Operation ${n}` });

const operation = z.strictObject({
  kind: z.enum(operationKinds).meta({ unit: 'text', description: 'The operation' }),
  amount: z.number().min(0).max(1_000_000).default(0).meta({ unit: 'USD', description: 'Its amount' }),
});

const input = z.strictObject({
  step1: step('authorize', 1),
  amount1: amount(100, 1),
  step2: step('capture', 2),
  amount2: amount(100, 2),
  step3: step('refund', 3),
  amount3: amount(30, 3),
  step4: step('settle', 4),
  amount4: amount(0, 4),
  step5: step('payout', 5),
  amount5: amount(0, 5),
  step6: step('none', 6),
  amount6: amount(0, 6),
  operations: z
    .array(operation)
    .max(1000)
    .optional()
    .meta({ unit: 'list', description: 'Any list of operations; when given, it replaces the six steps' }),
  platformFeeRate: z
    .number()
    .min(0)
    .max(0.5)
    .default(0.035)
    .meta({ unit: 'fraction', description: 'The platform’s fee to the merchant, percentage part', empirical: true }),
  platformFixedFee: z
    .number()
    .min(0)
    .max(100)
    .default(0.3)
    .meta({ unit: 'USD', description: 'The platform’s fee to the merchant, fixed part', empirical: true }),
  pspFeeRate: z
    .number()
    .min(0)
    .max(0.5)
    .default(0.029)
    .meta({ unit: 'fraction', description: 'The PSP’s fee to the platform, percentage part', empirical: true }),
  pspFixedFee: z
    .number()
    .min(0)
    .max(100)
    .default(0.3)
    .meta({ unit: 'USD', description: 'The PSP’s fee to the platform, fixed part', empirical: true }),
  disputeFee: z
    .number()
    .min(0)
    .max(1000)
    .default(15)
    .meta({ unit: 'USD', description: 'The PSP’s fee for a chargeback', empirical: true }),
});

export interface JournalLine {
  readonly transaction: number;
  readonly operation: OperationKind;
  readonly account: Account;
  /** USD, positive for a debit, negative for a credit */
  readonly amount: number;
}

export interface TransactionSum {
  readonly transaction: number;
  readonly operation: OperationKind;
  readonly lines: number;
  /** USD: always 0 */
  readonly sum: number;
}

export interface Rejection {
  readonly step: number;
  readonly operation: OperationKind;
  readonly reason: string;
}

export interface LedgerJournalOutput {
  readonly journal: readonly JournalLine[];
  readonly transactions: readonly TransactionSum[];
  readonly balances: readonly { readonly account: Account; readonly balance: number }[];
  readonly rejected: readonly Rejection[];
  readonly rejectedCount: number;
  /** the refusals in words, for the page: "step 2 (capture): …; step 5 (payout): …", or "none" */
  readonly refusals: string;
  readonly acceptedOperations: number;
  readonly transactionCount: number;
  readonly lineCount: number;
  /** USD: the sum of every balance, always 0 */
  readonly totalBalance: number;
  /** USD: the largest |sum| of any one transaction, always 0 */
  readonly largestTransactionImbalance: number;
  readonly captured: number;
  readonly refunded: number;
  readonly chargedBack: number;
  readonly owedToMerchant: number;
  readonly paidToMerchant: number;
  readonly platformRevenue: number;
  readonly pspFees: number;
  readonly platformNet: number;
  readonly cash: number;
  readonly owedByPsp: number;
  readonly openAuthorization: number;
}

const cents = (usd: number) => Math.round(usd * 100);
const usd = (c: number) => c / 100;
/** Cents as text for a refusal: $150.00. */
const money = (c: number) => `$${(c / 100).toFixed(2)}`;

/** Runs the operations in order; pure, integer cents throughout. */
export function runLedger(
  operations: readonly { kind: OperationKind; amount: number }[],
  fees: { platformFeeRate: number; platformFixedFee: number; pspFeeRate: number; pspFixedFee: number; disputeFee: number },
): LedgerJournalOutput {
  const balance: Record<Account, number> = Object.fromEntries(accounts.map((a) => [a, 0])) as Record<Account, number>;
  const journal: { transaction: number; operation: OperationKind; account: Account; amount: number }[] = [];
  const transactions: { transaction: number; operation: OperationKind; lines: number; sum: number }[] = [];
  const rejected: Rejection[] = [];
  let captured = 0;
  let refunded = 0;
  let chargedBack = 0;
  let paid = 0;
  let accepted = 0;

  const post = (operation: OperationKind, lines: readonly [Account, number][]) => {
    const id = transactions.length + 1;
    let sum = 0;
    for (const [account, amount] of lines) {
      sum += amount;
      balance[account] += amount;
      journal.push({ transaction: id, operation, account, amount });
    }
    transactions.push({ transaction: id, operation, lines: lines.length, sum });
  };

  operations.forEach((op, i): void => {
    const a = cents(op.amount);
    const reject = (reason: string): void => {
      rejected.push({ step: i + 1, operation: op.kind, reason });
    };
    const open = balance.authorizations;
    const reversible = captured - refunded - chargedBack;
    switch (op.kind) {
      case 'none':
        return;
      case 'authorize':
        if (a <= 0) return reject('an authorization needs an amount above zero');
        post('authorize', [
          ['authorizations', a],
          ['authorizations_offset', -a],
        ]);
        break;
      case 'capture': {
        if (a <= 0) return reject('a capture needs an amount above zero');
        if (a > open) return reject(`capture of ${money(a)} exceeds the open authorization of ${money(open)}`);
        post('capture', [
          ['authorizations_offset', a],
          ['authorizations', -a],
          ['psp_receivable', a],
          ['merchant_payable', -a],
        ]);
        const f = Math.round(a * fees.platformFeeRate) + cents(fees.platformFixedFee);
        const p = Math.round(a * fees.pspFeeRate) + cents(fees.pspFixedFee);
        post('capture', [
          ['merchant_payable', f],
          ['platform_revenue', -f],
          ['psp_fees', p],
          ['psp_receivable', -p],
        ]);
        captured += a;
        break;
      }
      case 'void':
        if (open <= 0) return reject('nothing is left of the authorization to void');
        post('void', [
          ['authorizations_offset', open],
          ['authorizations', -open],
        ]);
        break;
      case 'refund':
        if (a <= 0) return reject('a refund needs an amount above zero');
        if (a > reversible) return reject(`refund of ${money(a)} exceeds the ${money(reversible)} captured and not yet returned`);
        post('refund', [
          ['merchant_payable', a],
          ['psp_receivable', -a],
        ]);
        refunded += a;
        break;
      case 'settle': {
        const x = balance.psp_receivable;
        if (x === 0) return reject('the PSP owes nothing to settle');
        post('settle', [
          ['cash', x],
          ['psp_receivable', -x],
        ]);
        break;
      }
      case 'payout': {
        const owed = -balance.merchant_payable;
        const y = Math.min(owed, balance.cash);
        if (owed <= 0) return reject('the merchant is owed nothing');
        if (y <= 0) return reject('no cash has settled yet to pay the merchant from');
        post('payout', [
          ['merchant_payable', y],
          ['cash', -y],
        ]);
        paid += y;
        break;
      }
      case 'chargeback': {
        if (a <= 0) return reject('a chargeback needs an amount above zero');
        if (a > reversible)
          return reject(`chargeback of ${money(a)} exceeds the ${money(reversible)} captured and not yet returned`);
        const d = cents(fees.disputeFee);
        post('chargeback', [
          ['merchant_payable', a + d],
          ['psp_receivable', -(a + d)],
        ]);
        chargedBack += a;
        break;
      }
    }
    accepted++;
  });

  const total = accounts.reduce((s, a) => s + balance[a], 0);
  return {
    journal: journal.map((l) => ({ ...l, amount: usd(l.amount) })),
    transactions: transactions.map((t) => ({ ...t, sum: usd(t.sum) })),
    balances: accounts.map((account) => ({ account, balance: usd(balance[account]) })),
    rejected,
    rejectedCount: rejected.length,
    refusals: rejected.length === 0 ? 'none' : rejected.map((r) => `step ${r.step} (${r.operation}): ${r.reason}`).join('; '),
    acceptedOperations: accepted,
    transactionCount: transactions.length,
    lineCount: journal.length,
    totalBalance: usd(total),
    largestTransactionImbalance: usd(Math.max(0, ...transactions.map((t) => Math.abs(t.sum)))),
    captured: usd(captured),
    refunded: usd(refunded),
    chargedBack: usd(chargedBack),
    owedToMerchant: usd(-balance.merchant_payable),
    paidToMerchant: usd(paid),
    platformRevenue: usd(-balance.platform_revenue),
    pspFees: usd(balance.psp_fees),
    platformNet: usd(-balance.platform_revenue - balance.psp_fees),
    cash: usd(balance.cash),
    owedByPsp: usd(balance.psp_receivable),
    openAuthorization: usd(balance.authorizations),
  };
}

export const ledgerJournal = defineModel({
  id: 'ledger-journal',
  title: 'Double-entry ledger for one payment',
  summary:
    'Posts the journal of a payment’s operations (authorize, capture, refund, settle, payout, chargeback) and shows that every transaction, and so every balance, sums to zero.',
  input,
  outputs: {
    journal: {
      description: 'Every journal line: transaction, operation, account, amount in USD (debit +, credit −)',
      unit: 'list',
      columns: { amount: 'USD' },
    },
    transactions: {
      description: 'Each transaction with its number of lines and its sum in USD (always 0)',
      unit: 'list',
      columns: { sum: 'USD' },
    },
    balances: { description: 'Each account’s balance, in USD', unit: 'list', columns: { balance: 'USD' } },
    rejected: { description: 'Operations refused, with the reason', unit: 'list' },
    rejectedCount: { description: 'Operations refused', unit: 'count' },
    refusals: { description: 'The refusals in words (step, operation, reason), or "none"', unit: 'text' },
    acceptedOperations: { description: 'Operations accepted', unit: 'count' },
    transactionCount: { description: 'Journal transactions posted', unit: 'count' },
    lineCount: { description: 'Journal lines posted', unit: 'count' },
    totalBalance: { description: 'The sum of every account’s balance: 0 in a double-entry ledger', unit: 'USD' },
    largestTransactionImbalance: { description: 'The largest |sum| of any one transaction: 0', unit: 'USD' },
    captured: { description: 'Money captured', unit: 'USD' },
    refunded: { description: 'Money refunded', unit: 'USD' },
    chargedBack: { description: 'Money pulled back by chargebacks', unit: 'USD' },
    owedToMerchant: { description: 'What the platform still owes the merchant (negative: the merchant owes it)', unit: 'USD' },
    paidToMerchant: { description: 'What was paid out to the merchant', unit: 'USD' },
    platformRevenue: { description: 'The platform’s fees', unit: 'USD' },
    pspFees: { description: 'The PSP’s fees to the platform', unit: 'USD' },
    platformNet: { description: 'Platform fees less PSP fees', unit: 'USD' },
    cash: { description: 'Cash in the platform’s bank account', unit: 'USD' },
    owedByPsp: { description: 'What the PSP owes the platform (negative: the platform owes it)', unit: 'USD' },
    openAuthorization: { description: 'Authorized and not yet captured or voided', unit: 'USD' },
  },
  references: [
    {
      title: 'L. Rocha (Modern Treasury), “Accounting for developers, part I”',
      url: 'https://www.moderntreasury.com/journal/accounting-for-developers-part-i',
      note: 'Debit-normal and credit-normal accounts, and why every entry balances (read 2026-12-07).',
    },
    {
      title: 'Stripe documentation, “Refund and cancel payments”',
      url: 'https://stripe.com/at/docs/refunds',
      note: 'Several partial refunds against a charge, never more than the charge (read 2026-12-07).',
    },
  ],
  example: {},
  exampleStates: {
    transactionCount: 6,
    lineCount: 16,
    platformRevenue: 3.8,
    pspFees: 3.2,
    platformNet: 0.6,
    paidToMerchant: 66.2,
    totalBalance: 0,
  },
  compute(v): LedgerJournalOutput {
    const steps: { kind: OperationKind; amount: number }[] = [
      { kind: v.step1, amount: v.amount1 },
      { kind: v.step2, amount: v.amount2 },
      { kind: v.step3, amount: v.amount3 },
      { kind: v.step4, amount: v.amount4 },
      { kind: v.step5, amount: v.amount5 },
      { kind: v.step6, amount: v.amount6 },
    ];
    if (steps.length !== STEPS) throw new Error('ledger-journal: six steps');
    return runLedger(v.operations ?? steps, v);
  },
});
