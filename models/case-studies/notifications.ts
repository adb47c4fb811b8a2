/** The models of the notifications case study (case-studies/notifications.ts): its own tier, in the order its page uses them. */
import type { Model } from '../model.ts';
import { notificationCost } from './notification-cost.ts';
import { notificationFanout } from './notification-fanout.ts';
import { notificationVolume } from './notification-volume.ts';
import { providerQueue } from './provider-queue.ts';
import { reconnectStorm } from './reconnect-storm.ts';

export const notificationsModels: readonly Model[] = [
  notificationVolume,
  notificationFanout,
  reconnectStorm,
  providerQueue,
  notificationCost,
] as readonly Model[];
