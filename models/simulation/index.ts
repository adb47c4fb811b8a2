/** The simulation models: seeded discrete-event simulation where no closed form exists. */
import type { Model } from '../model.ts';

export const simulationModels: readonly Model[] = [] as readonly Model[];
