/** The simulation models: seeded discrete-event simulation where no closed form exists. */
import type { Model } from '../model.ts';
import { ggcSimulation } from './ggc-simulation.ts';

export const simulationModels: readonly Model[] = [ggcSimulation] as readonly Model[];
