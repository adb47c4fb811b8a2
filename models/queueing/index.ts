/** The queueing models: closed forms for single- and multi-server queues, Erlang B and C, Little's law. */
import type { Model } from '../model.ts';
import { mm1 } from './mm1.ts';

export const queueingModels: readonly Model[] = [mm1] as readonly Model[];
