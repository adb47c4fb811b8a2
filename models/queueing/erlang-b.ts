/**
 * Erlang B: c servers and no queue (M/M/c/c, "blocked calls cleared"). An arrival that finds every
 * server busy is lost. With offered load A = λ × mean holding time (Erlangs):
 *
 *   blockingProbability  B(A, c) = (A^c / c!) / Σ_{k=0..c} A^k / k!
 *   carriedLoad  A·(1 − B)      utilization (per server)  A·(1 − B)/c
 *
 * computed by the stable recursion of ./erlang.ts, exact to about 1e-14 relative for any c up to 10^6.
 * B depends on the holding-time distribution only through its mean (the Erlang loss formula is
 * insensitive), so it holds for any holding times as long as arrivals are Poisson.
 *
 * Three models share this file, one per question a trunk (or connection-pool) table answers:
 *   erlang-b          blocking at a given load and number of servers
 *   erlang-b-servers  the fewest servers that keep blocking at or below a target
 *   erlang-b-load     the largest load a number of servers carries at a blocking target (the inverse of
 *                     erlang-b in A, by safeguarded Newton iteration to about 1e-13 relative)
 *
 * Units: offered and carried load in Erlangs; servers a count; probabilities as fractions.
 *
 * Example: 10 Erlangs offered to 15 servers: B = 0.0364969 (3.65 % in Erlang B tables), carried load
 * 9.63503 Erlangs. Conversely 10 servers carry 4.46118 Erlangs at 1 % blocking (4.461 in the tables),
 * and 10 Erlangs at 1 % blocking need 18 servers.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { erlangB, erlangBLoad, erlangBServers, MAX_SERVERS, MIN_TARGET } from './erlang.ts';

/** The largest offered load erlang-b accepts (Erlangs). */
const MAX_LOAD = 1e9;
/** The largest offered load erlang-b-servers accepts: its answer then stays below 520 000 servers. */
const MAX_SIZING_LOAD = 500_000;

const offeredLoad = (max: number) =>
  z.number().min(0).max(max).meta({ unit: 'erlang', description: 'Offered load A = arrival rate × mean holding time (Erlangs)' });

const servers = z
  .number()
  .int()
  .min(1)
  .max(MAX_SERVERS)
  .meta({ unit: 'count', description: 'Number of servers c (trunks, channels, connections); no queue' });

const maxBlocking = z
  .number()
  .min(MIN_TARGET)
  .lt(1)
  .meta({ unit: 'fraction', description: 'Target: the blocking probability at most this' });

const loadReferences = [
  {
    title: 'Wikipedia, "Erlang (unit)", Erlang B formula and its recursion',
    url: 'https://en.wikipedia.org/wiki/Erlang_(unit)#Erlang_B_formula',
  },
  {
    title: 'P. Dordal, Erlang B notes and table, Loyola University Chicago COMP 346',
    url: 'https://pld.cs.luc.edu/courses/346/sum15/mnotes/erlang.html',
    note: 'Test case ERLB-02: B(10, 15) = 3.65 %, B(10, 14) = 5.68 %, B(2, 5) = 3.67 %, B(5, 10) = 1.84 %.',
  },
  {
    title:
      'ITU-T Recommendation E.520, "Number of circuits to be provided in automatic and/or semi-automatic operation, without overflow facilities"',
    url: 'https://www.itu.int/rec/T-REC-E.520',
    note: 'The Erlang B table (circuits against traffic at a grade of service).',
  },
] as const;

export interface ErlangBOutput {
  readonly blockingProbability: number;
  readonly carriedLoad: number;
  readonly lostLoad: number;
  readonly utilization: number;
}

export const erlangBModel = defineModel({
  id: 'erlang-b',
  title: 'Erlang B (loss system)',
  summary: 'The share of arrivals lost when c servers have no queue, at a given offered load.',
  input: z.strictObject({ offeredLoad: offeredLoad(MAX_LOAD), servers }),
  outputs: {
    blockingProbability: {
      description: 'B(A, c): the probability that an arrival finds every server busy and is lost',
      unit: 'fraction',
    },
    carriedLoad: { description: 'A·(1 − B): the mean number of busy servers', unit: 'erlang' },
    lostLoad: { description: 'A·B: the traffic turned away', unit: 'erlang' },
    utilization: { description: 'A·(1 − B)/c: the share of time each server is busy', unit: 'fraction' },
  },
  references: loadReferences,
  example: { offeredLoad: 10, servers: 15 },
  exampleStates: { blockingProbability: 0.0364969, carriedLoad: 9.63503 },
  compute({ offeredLoad: a, servers: c }): ErlangBOutput {
    const b = erlangB(a, c);
    // At most c busy servers; when B is within an ulp or two of 1 (A ≫ c), 1 − B loses its digits and
    // A·(1 − B) can land a rounding error above c (seen: 1.00000008 at A = 10^9, c = 1).
    const carried = Math.min(c, a * (1 - b));
    return { blockingProbability: b, carriedLoad: carried, lostLoad: a * b, utilization: carried / c };
  },
});

export interface ErlangBServersOutput {
  readonly servers: number;
  readonly blockingProbability: number;
  readonly carriedLoad: number;
}

export const erlangBServersModel = defineModel({
  id: 'erlang-b-servers',
  title: 'Erlang B: servers for a blocking target',
  summary: 'The fewest servers (trunks, channels, connections) that keep the share of lost arrivals at or below a target.',
  input: z.strictObject({ offeredLoad: offeredLoad(MAX_SIZING_LOAD), maxBlocking }),
  outputs: {
    servers: { description: 'The fewest servers with blocking at or below maxBlocking', unit: 'count' },
    blockingProbability: { description: 'B(A, c) at that number of servers', unit: 'fraction' },
    carriedLoad: { description: 'A·(1 − B) at that number of servers', unit: 'erlang' },
  },
  references: loadReferences,
  example: { offeredLoad: 10, maxBlocking: 0.01 },
  exampleStates: { servers: 18 },
  compute({ offeredLoad: a, maxBlocking: target }): ErlangBServersOutput {
    const { servers: c, blockingProbability: b } = erlangBServers(a, target);
    return { servers: c, blockingProbability: b, carriedLoad: a * (1 - b) };
  },
});

export interface ErlangBLoadOutput {
  readonly offeredLoad: number;
  readonly blockingProbability: number;
  readonly carriedLoad: number;
}

export const erlangBLoadModel = defineModel({
  id: 'erlang-b-load',
  title: 'Erlang B: load for a blocking target',
  summary: 'The largest offered load a number of servers carries with the share of lost arrivals at or below a target.',
  input: z.strictObject({ servers, maxBlocking }),
  outputs: {
    offeredLoad: { description: 'The largest offered load with B(A, c) <= maxBlocking (where B = maxBlocking)', unit: 'erlang' },
    blockingProbability: { description: 'B(A, c) at that load (maxBlocking, to rounding)', unit: 'fraction' },
    carriedLoad: { description: 'A·(1 − B) at that load', unit: 'erlang' },
  },
  references: loadReferences,
  example: { servers: 10, maxBlocking: 0.01 },
  exampleStates: { offeredLoad: 4.46118 },
  compute({ servers: c, maxBlocking: target }): ErlangBLoadOutput {
    const a = erlangBLoad(c, target);
    const b = erlangB(a, c);
    return { offeredLoad: a, blockingProbability: b, carriedLoad: a * (1 - b) };
  },
});
