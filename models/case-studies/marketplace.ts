/** The models of the marketplace case study (case-studies/marketplace.ts): its own tier, in the order its page uses them. */
import type { Model } from '../model.ts';
import { hotRow } from './hot-row.ts';
import { marketplaceTraffic } from './marketplace-traffic.ts';
import { oversellSimulation } from './oversell-simulation.ts';

export const marketplaceModels: readonly Model[] = [marketplaceTraffic, hotRow, oversellSimulation] as readonly Model[];
