/**
 * Benchmarks of the notifications case study's models and simulations (see case.ts for the shape of a case): what a
 * reader's keystroke re-runs on that page. The reconnect storm is the one that matters: a seeded simulation of the
 * whole fleet's clients (5 000 000, followed as 10 000), both strategies, 300 s in steps of 0.1 s.
 */
import { evaluate } from '../../models/evaluate.ts';
import { notificationCost } from '../../models/case-studies/notification-cost.ts';
import { notificationFanout } from '../../models/case-studies/notification-fanout.ts';
import { notificationVolume } from '../../models/case-studies/notification-volume.ts';
import { providerQueue } from '../../models/case-studies/provider-queue.ts';
import { reconnectStorm } from '../../models/case-studies/reconnect-storm.ts';
import type { BenchCase } from './case.ts';

const storm = { clients: 5_000_000, acceptCapacity: 275_000, duration: 300, sampleClients: 10_000, seed: 1 };

export const notificationsCases: readonly BenchCase[] = [
  {
    name: 'reconnect-storm, the page’s fleet-wide drop (5 000 000 clients as 10 000, 2 strategies, 300 s)',
    run: () => evaluate(reconnectStorm, storm),
    budgetMs: 20,
  },
  {
    name: 'reconnect-storm, 50 000 clients each simulated (no sampling, at most 10 attempts each, 300 s)',
    run: () => evaluate(reconnectStorm, { ...storm, clients: 50_000, sampleClients: 50_000, maxAttempts: 10 }),
    budgetMs: 40,
  },
  {
    name: 'provider-queue, defaults (FIFO wait percentiles over 4 000 points)',
    run: () => evaluate(providerQueue, {}),
    budgetMs: 5,
  },
  {
    name: 'notification-volume + notification-cost + notification-fanout, defaults',
    run: () => [evaluate(notificationVolume, {}), evaluate(notificationCost, {}), evaluate(notificationFanout, {})],
    budgetMs: 1,
  },
];
