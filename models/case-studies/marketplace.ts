/** The models of the marketplace case study (case-studies/marketplace.ts): its own tier, in the order its page uses them. */
import type { Model } from '../model.ts';

export const marketplaceModels: readonly Model[] = [] as readonly Model[];
