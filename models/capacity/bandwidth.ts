/**
 * Bandwidth: bytes per second into and out of a service, on average and at peak, in the bits per second
 * that network links are sold in, the links a tier needs, and the monthly egress a bill is made of.
 *
 *   ingressBytesPerSecond  = requestsPerSecond × requestBytes          (average)
 *   egressBytesPerSecond   = requestsPerSecond × responseBytes         (average)
 *   peak…                  = average × peakToAverage
 *   …BitsPerSecond         = bytes per second × 8
 *   linksAtPeak            = max(1, ⌈max(peak ingress, peak egress) / (linkBytesPerSecond × maxLinkUtilization)⌉)
 *   peakLinkUtilization    = max(peak ingress, peak egress) / (linksAtPeak × linkBytesPerSecond)
 *   egressBytesPerMonth    = egressBytesPerSecond × a month (a 365-day year / 12 = 2 628 000 s)
 *
 * Assumptions, each one a thing to measure rather than believe:
 * - Links are full duplex: ingress and egress each have the whole link, so the busier direction sizes
 *   the links (a response-heavy API is egress bound).
 * - Bytes are what crosses the wire for one request and its response. Application payloads understate
 *   it: HTTP headers (hundreds of bytes), TLS records and TCP/IP framing (~40–60 B a packet) belong in
 *   `requestBytes` and `responseBytes` if they matter at your sizes.
 * - Traffic is spread evenly over the links (a load balancer, ECMP). A single large flow is limited by
 *   one link whatever their number.
 * - The month is a twelfth of a 365-day year, as in model `availability`; the System Design Primer's
 *   "2.5 million seconds per month" rounds the same 2.63 million down.
 *
 * Units: rates per second, sizes in bytes, link capacity in bytes per second (1 Gbit/s = 125 000 000 B/s:
 * divide bits by 8, and note the decimal giga). Bits per second are reported for reading against link
 * and transit prices.
 *
 * Example (the System Design Primer's Twitter: 100 000 reads/s of ~10 KB = 10 000 B, 6000 tweets/s
 * written at the same size, here as one API of 100 000 req/s with 1000 B requests and 10 000 B responses,
 * peak 2×, on 10 Gbit/s links run at most 70 % busy): ingress 10^8 B/s (0.8 Gbit/s), egress 10^9 B/s
 * (8 Gbit/s); at peak 2 × 10^9 B/s of egress = 16 Gbit/s, so ⌈2 × 10^9 / (1.25 × 10^9 × 0.7)⌉ = 3 links at
 * 53.3 %; 2.628 × 10^15 B (2.6 PB) of egress a month.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { ceilDiv } from './arithmetic.ts';

/** A month: a 365-day year / 12, in seconds (2 628 000 s). */
export const SECONDS_PER_MONTH = (365 * 86_400) / 12;

const input = z.strictObject({
  requestsPerSecond: z.number().min(0).max(1e10).meta({ unit: '1/s', description: 'Average requests per second' }),
  requestBytes: z
    .number()
    .min(0)
    .max(1e10)
    .meta({ unit: 'B', description: 'Bytes received per request (payload, plus headers and framing if they matter)' }),
  responseBytes: z
    .number()
    .min(0)
    .max(1e10)
    .meta({ unit: 'B', description: 'Bytes sent per response (payload, plus headers and framing if they matter)' }),
  peakToAverage: z
    .number()
    .min(1)
    .max(1000)
    .default(1)
    .meta({ unit: 'count', description: 'Ratio of the peak request rate to the average (1: flat traffic)' }),
  linkBytesPerSecond: z
    .number()
    .min(1)
    .max(1e13)
    .default(1.25e9)
    .meta({ unit: 'B/s', description: 'Capacity of one link in each direction, in bytes per second (10 Gbit/s = 1.25e9 B/s)' }),
  maxLinkUtilization: z
    .number()
    .min(0.01)
    .max(1)
    .default(0.7)
    .meta({ unit: 'fraction', description: 'Highest share of a link to plan for at peak (headroom for bursts and failover)' }),
});

export interface BandwidthOutput {
  readonly ingressBytesPerSecond: number;
  readonly egressBytesPerSecond: number;
  readonly peakIngressBytesPerSecond: number;
  readonly peakEgressBytesPerSecond: number;
  readonly ingressBitsPerSecond: number;
  readonly egressBitsPerSecond: number;
  readonly peakIngressBitsPerSecond: number;
  readonly peakEgressBitsPerSecond: number;
  readonly linksAtPeak: number;
  readonly peakLinkUtilization: number;
  readonly boundBy: 'ingress' | 'egress';
  readonly ingressBytesPerMonth: number;
  readonly egressBytesPerMonth: number;
}

export const bandwidth = defineModel({
  id: 'bandwidth',
  title: 'Bandwidth: ingress, egress and links',
  summary:
    'Bytes and bits per second in and out of a service, on average and at peak, the links it needs and its monthly egress.',
  input,
  outputs: {
    ingressBytesPerSecond: { description: 'Average bytes per second received (requests × request bytes)', unit: 'B/s' },
    egressBytesPerSecond: { description: 'Average bytes per second sent (requests × response bytes)', unit: 'B/s' },
    peakIngressBytesPerSecond: { description: 'Bytes per second received at peak', unit: 'B/s' },
    peakEgressBytesPerSecond: { description: 'Bytes per second sent at peak', unit: 'B/s' },
    ingressBitsPerSecond: { description: 'Average ingress in bits per second (8 × bytes per second)', unit: '1/s' },
    egressBitsPerSecond: { description: 'Average egress in bits per second (8 × bytes per second)', unit: '1/s' },
    peakIngressBitsPerSecond: { description: 'Peak ingress in bits per second', unit: '1/s' },
    peakEgressBitsPerSecond: { description: 'Peak egress in bits per second', unit: '1/s' },
    linksAtPeak: {
      description:
        'Full-duplex links needed so the busier direction stays at or below the planned utilization at peak (at least 1)',
      unit: 'count',
    },
    peakLinkUtilization: {
      description: 'Busy share of each link in the busier direction at peak, over those links',
      unit: 'fraction',
    },
    boundBy: { description: 'Which direction sizes the links: "ingress" or "egress" (egress on a tie)', unit: 'text' },
    ingressBytesPerMonth: { description: 'Bytes received in a month (a 365-day year / 12) at the average rate', unit: 'B' },
    egressBytesPerMonth: {
      description: 'Bytes sent in a month (a 365-day year / 12) at the average rate: what egress is billed on',
      unit: 'B',
    },
  },
  references: [
    {
      title:
        'J. Dean, “Numbers everyone should know” (Designs, Lessons and Advice from Building Large Distributed Systems, LADIS 2009)',
      url: 'https://gist.github.com/jboner/2841832',
      note: '“Send 2K bytes over 1 Gbps network: 20 000 ns” — 1 Gbit/s is 125 000 000 B/s; 2 KB takes 16 µs on the wire, ~20 µs with overheads.',
    },
    {
      title: 'SystemOverflow, “Essential conversion factors and mental models for quick calculations”',
      url: 'https://www.systemoverflow.com/learn/design-fundamentals/back-of-envelope/essential-conversion-factors-and-mental-models-for-quick-calculations',
      note: '“1000 requests/sec × 1KB = 1 MB/sec = 8 Mbps … 100,000 requests/sec × 100KB = 10 GB/sec = 80 Gbps”; 1 Gbps = 125 MB/s.',
    },
    {
      title: 'D. Martin, System Design Primer: “Design Pastebin.com” (handy conversion guide)',
      url: 'https://github.com/donnemartin/system-design-primer/blob/master/solutions/system_design/pastebin/README.md',
      note: '2.5 million seconds per month: the rounding this model’s 2 628 000 s month is compared with.',
    },
  ],
  example: { requestsPerSecond: 100_000, requestBytes: 1000, responseBytes: 10_000, peakToAverage: 2 },
  exampleStates: {
    ingressBytesPerSecond: 1e8,
    egressBytesPerSecond: 1e9,
    ingressBitsPerSecond: 0.8e9,
    egressBitsPerSecond: 8e9,
    peakEgressBytesPerSecond: 2e9,
    peakEgressBitsPerSecond: 16e9,
    linksAtPeak: 3,
    peakLinkUtilization: 0.533,
    egressBytesPerMonth: 2.628e15,
  },
  compute(v): BandwidthOutput {
    const ingress = v.requestsPerSecond * v.requestBytes;
    const egress = v.requestsPerSecond * v.responseBytes;
    const peakIngress = ingress * v.peakToAverage;
    const peakEgress = egress * v.peakToAverage;
    const busier = Math.max(peakIngress, peakEgress);
    const linksAtPeak = Math.max(1, ceilDiv(busier, v.linkBytesPerSecond * v.maxLinkUtilization));
    return {
      ingressBytesPerSecond: ingress,
      egressBytesPerSecond: egress,
      peakIngressBytesPerSecond: peakIngress,
      peakEgressBytesPerSecond: peakEgress,
      ingressBitsPerSecond: ingress * 8,
      egressBitsPerSecond: egress * 8,
      peakIngressBitsPerSecond: peakIngress * 8,
      peakEgressBitsPerSecond: peakEgress * 8,
      linksAtPeak,
      peakLinkUtilization: busier / (linksAtPeak * v.linkBytesPerSecond),
      boundBy: peakIngress > peakEgress ? 'ingress' : 'egress',
      ingressBytesPerMonth: ingress * SECONDS_PER_MONTH,
      egressBytesPerMonth: egress * SECONDS_PER_MONTH,
    };
  },
});
