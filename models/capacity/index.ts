/** The capacity models: traffic, storage, bandwidth, fleets and the tiers of the case studies. */
import type { Model } from '../model.ts';
import { bandwidth } from './bandwidth.ts';
import { cacheOffload } from './cache-offload.ts';
import { connectionPool } from './connection-pool.ts';
import { consistentHashing } from './consistent-hashing.ts';
import { cost } from './cost.ts';
import { fleetSizing } from './fleet-sizing.ts';
import { kafkaPartitions } from './kafka-partitions.ts';
import { poolLittle } from './pool-little.ts';
import { storageGrowth } from './storage-growth.ts';
import { traffic } from './traffic.ts';
import { websocketFleet } from './websocket-fleet.ts';

export const capacityModels: readonly Model[] = [
  // Load: how much traffic, how many bytes
  traffic,
  storageGrowth,
  bandwidth,
  // Fleets and tiers
  fleetSizing,
  kafkaPartitions,
  connectionPool,
  poolLittle,
  cacheOffload,
  consistentHashing,
  websocketFleet,
  // Money
  cost,
] as readonly Model[];

/** The area's models, as every area exports them (the browser loads an area by its folder name). */
export default capacityModels;
