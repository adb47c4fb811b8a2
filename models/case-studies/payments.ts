/** The models of the payments case study (case-studies/payments.ts): its own tier, in the order its page uses them. */
import type { Model } from '../model.ts';

export const paymentsModels: readonly Model[] = [] as readonly Model[];
