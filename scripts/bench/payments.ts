/**
 * Benchmarks of the payments case study's models and simulations (see case.ts for the shape of a case): what a
 * reader's keystroke re-runs on that page.
 */
import { ledgerJournal, operationKinds } from '../../models/case-studies/ledger-journal.ts';
import { paymentsPlatform } from '../../models/case-studies/payments-platform.ts';
import { MAX_PAYMENTS, pspBrownout } from '../../models/case-studies/psp-brownout.ts';
import { evaluate } from '../../models/evaluate.ts';
import type { BenchCase } from './case.ts';

/** The longest list the ledger takes: 1 000 operations cycling through every kind. */
const operations = Array.from({ length: 1000 }, (_, i) => ({
  kind: operationKinds[i % operationKinds.length] ?? 'none',
  amount: 10 + (i % 7),
}));

/** The page's scenarios' inputs (case-studies/payments.ts: the flash-sale rate, rounded; the Black Friday multiple). */
const platformInputs = { blackFridayMultiple: 3.4 };
const brownoutInputs = { paymentsPerSecond: 2.45, latency: 0.5 };

export const paymentsCases: readonly BenchCase[] = [
  {
    name: 'payments-platform, the page’s defaults (the whole chain, Erlang C at four peaks)',
    run: () => evaluate(paymentsPlatform, platformInputs),
    budgetMs: 5,
  },
  {
    name: 'payments-platform, 100× the volume (Erlang C near 13 500 Erlangs at the flash sale)',
    run: () => evaluate(paymentsPlatform, { ...platformInputs, annualVolume: 5e10 }),
    budgetMs: 5,
  },
  {
    name: 'ledger-journal, the page’s six steps',
    run: () => evaluate(ledgerJournal, {}),
    budgetMs: 1,
  },
  {
    name: 'ledger-journal, 1 000 operations',
    run: () => evaluate(ledgerJournal, { operations }),
    budgetMs: 10,
    events: operations.length,
  },
  {
    name: 'psp-brownout, the page’s brownout (a keystroke in its panel: three policies over 600 s)',
    run: () => evaluate(pspBrownout, brownoutInputs),
    budgetMs: 50,
  },
  {
    name: `psp-brownout, the largest run the panel accepts (${MAX_PAYMENTS} payments)`,
    run: () => evaluate(pspBrownout, { ...brownoutInputs, paymentsPerSecond: MAX_PAYMENTS / 600, duration: 600 }),
    budgetMs: 600,
    events: MAX_PAYMENTS,
  },
];
