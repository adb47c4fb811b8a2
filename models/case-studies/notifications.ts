/** The models of the notifications case study (case-studies/notifications.ts): its own tier, in the order its page uses them. */
import type { Model } from '../model.ts';

export const notificationsModels: readonly Model[] = [] as readonly Model[];
