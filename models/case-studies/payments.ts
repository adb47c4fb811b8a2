/** The models of the payments case study (case-studies/payments.ts): its own tier, in the order its page uses them. */
import type { Model } from '../model.ts';
import { ledgerJournal } from './ledger-journal.ts';
import { paymentsPlatform } from './payments-platform.ts';
import { pspBrownout } from './psp-brownout.ts';

export const paymentsModels: readonly Model[] = [paymentsPlatform, ledgerJournal, pspBrownout] as readonly Model[];
