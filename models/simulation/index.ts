/** The simulation models: seeded discrete-event simulation where no closed form exists. */
import type { Model } from '../model.ts';
import { ggcSimulation } from './ggc-simulation.ts';

export const simulationModels: readonly Model[] = [ggcSimulation] as readonly Model[];

/** The area's models, as every area exports them (the browser loads an area by its folder name). */
export default simulationModels;
