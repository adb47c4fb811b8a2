/**
 * Kafka partitions for throughput: a partition is the unit of parallelism of a topic. One producer
 * writes to a partition at some measured rate p, and one consumer of a group reads a partition at some
 * rate c, and a group never has more active consumers than partitions. To reach a target throughput t
 * both ways, a topic needs at least t/p partitions for the writes and t/c for the reads (Jun Rao's rule):
 *
 *   partitions = max(1, ⌈max(t/p, t/c)⌉)
 *
 * with partitionsForProducers = ⌈t/p⌉, partitionsForConsumers = ⌈t/c⌉ and `limitedBy` naming the side
 * that needs more (consumers on a tie: they are the side that cannot add parallelism beyond partitions).
 *
 * Assumptions, each one a thing to measure rather than believe:
 * - p and c are measured per partition on your hardware, with your message size, batching, compression,
 *   acks and replication settings; Rao: p is "typically … 10s of MB/sec", and c "depends on how fast the
 *   consumer logic can process each message". The consumer side usually decides.
 * - Load spreads evenly over partitions. Keyed messages with a hot key put that key's rate on one
 *   partition, whatever the count.
 * - This is the throughput floor only. More partitions also mean more open files, longer leader
 *   elections on a broker failure and more end-to-end latency per replica fetch (the same blog); and
 *   adding partitions later remaps keys, so plan for the throughput of a year or two ahead.
 * - A topic has at least one partition, so a target of 0 still answers 1.
 *
 * Units: the three throughputs in bytes per second (or all three in messages per second: the ratio is
 * what matters); partitions are a count.
 *
 * Example (reference case KAFKA-01): t = 200 MB/s = 2 × 10^8 B/s, p = 20 MB/s, c = 50 MB/s → t/p = 10,
 * t/c = 4 → 10 partitions, limited by the producers; with c = 10 MB/s instead, t/c = 20 → 20 partitions,
 * limited by the consumers.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { ceilDiv } from './arithmetic.ts';

const input = z.strictObject({
  targetThroughput: z.number().min(0).max(1e13).meta({
    unit: 'B/s',
    description: 'Throughput the topic must sustain, in bytes per second (or messages, if all three are in messages)',
  }),
  producerThroughputPerPartition: z
    .number()
    .min(1e-6)
    .max(1e12)
    .meta({ unit: 'B/s', description: 'Measured throughput of one producer writing to one partition (p)' }),
  consumerThroughputPerPartition: z
    .number()
    .min(1e-6)
    .max(1e12)
    .meta({ unit: 'B/s', description: 'Measured throughput of one consumer reading and processing one partition (c)' }),
});

export interface KafkaPartitionsOutput {
  readonly partitions: number;
  readonly partitionsForProducers: number;
  readonly partitionsForConsumers: number;
  readonly limitedBy: 'producers' | 'consumers';
}

export const kafkaPartitions = defineModel({
  id: 'kafka-partitions',
  title: 'Kafka partitions for a target throughput',
  summary:
    'Fewest partitions of a topic that reach a target throughput for its producers and its consumers: ceil(max(t/p, t/c)).',
  input,
  outputs: {
    partitions: { description: 'Partitions needed: ⌈max(t/p, t/c)⌉, at least 1', unit: 'count' },
    partitionsForProducers: { description: '⌈t/p⌉: partitions the writes alone need', unit: 'count' },
    partitionsForConsumers: {
      description: '⌈t/c⌉: partitions the reads alone need (and the most consumers a group can use)',
      unit: 'count',
    },
    limitedBy: { description: 'Which side needs more partitions: "producers" or "consumers" (consumers on a tie)', unit: 'text' },
  },
  references: [
    {
      title: 'J. Rao, “How to choose the number of topics/partitions in a Kafka cluster?”, Confluent blog, 2015',
      url: 'https://www.confluent.io/blog/how-choose-number-topics-partitions-kafka-cluster/',
      note: '“you need to have at least max(t/p, t/c) partitions” (reference case KAFKA-01: 200 MB/s with p = 20, c = 50 → 10; c = 10 → 20).',
    },
    {
      title:
        'Cloudera Runtime 7.2.10, Kafka performance tuning: “Sizing estimation based on network and disk message throughput” / partition number',
      url: 'https://docs.cloudera.com/runtime/7.2.10/kafka-performance-tuning/topics/kafka-tune-sizing-partition-number.html',
      note: '#Partitions = max(NP, NC) with NP = TT/TP, NC = TT/TC; to read 1000 MB/s with consumers of 50 MB/s, at least 20 partitions; producers of 100 MB/s need 10.',
    },
    {
      title: 'Apache Kafka documentation, “Consumers” and consumer groups',
      url: 'https://kafka.apache.org/documentation/#intro_consumers',
      note: '“each record published to a topic is delivered to one consumer instance within each subscribing consumer group … by dividing up the partitions in the log over the consumer instances”: a group uses at most one consumer per partition.',
    },
  ],
  example: { targetThroughput: 200e6, producerThroughputPerPartition: 20e6, consumerThroughputPerPartition: 50e6 },
  exampleStates: { partitions: 10, partitionsForProducers: 10, partitionsForConsumers: 4, limitedBy: 'producers' },
  compute(v): KafkaPartitionsOutput {
    const forProducers = ceilDiv(v.targetThroughput, v.producerThroughputPerPartition);
    const forConsumers = ceilDiv(v.targetThroughput, v.consumerThroughputPerPartition);
    return {
      partitions: Math.max(1, forProducers, forConsumers),
      partitionsForProducers: forProducers,
      partitionsForConsumers: forConsumers,
      limitedBy: forProducers > forConsumers ? 'producers' : 'consumers',
    };
  },
});
