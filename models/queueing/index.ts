/** The queueing models: closed forms for single- and multi-server queues, Erlang B and C, Little's law,
 * and a fluid queue through a spike or an outage. */
import type { Model } from '../model.ts';
import { backlogDrain } from './backlog-drain.ts';
import { erlangBLoadModel, erlangBModel, erlangBServersModel } from './erlang-b.ts';
import { gg1 } from './gg1.ts';
import { ggc } from './ggc.ts';
import { little } from './little.ts';
import { mg1 } from './mg1.ts';
import { mm1 } from './mm1.ts';
import { mmc } from './mmc.ts';
import { mmcServers } from './mmc-servers.ts';

export const queueingModels: readonly Model[] = [
  little,
  mm1,
  mmc,
  mmcServers,
  erlangBModel,
  erlangBServersModel,
  erlangBLoadModel,
  mg1,
  gg1,
  ggc,
  backlogDrain,
] as readonly Model[];

/** The area's models, as every area exports them (the browser loads an area by its folder name). */
export default queueingModels;
