/**
 * Monthly cost of a capacity plan on AWS, by line and in total: instance-hours by type, block storage
 * (EBS gp3) and object storage (S3 Standard) by GB-month, internet egress and cross-zone transfer by GB,
 * each priced from the dated table below, which is part of this file so that a number on the site always
 * names the prices it was computed with.
 *
 *   compute      = Σ count × usdPerHour(type) × runTimePerMonth / 3600      (730 h = 2 628 000 s: AWS's month)
 *   blockStorage = GB(blockStorageBytes) × gp3 usdPerGBMonth
 *   objectStorage= tiered(GB(objectStorageBytes), S3 Standard tiers)
 *   egress       = tiered(GB(internetEgressBytes), egress tiers, the first 100 GB free)
 *   crossZone    = GB(crossZoneBytes) × 2 × usdPerGB                           (billed leaving one zone and entering the other)
 *   GB(bytes)    = bytes / priceTable.bytesPerGB
 *   tiered(q, tiers) = Σ over tiers, in order, of the part of q inside the tier × its price
 *
 * Assumptions, each one a thing to check before quoting a number:
 * - On-Demand Linux prices in us-east-1, no Savings Plans, Reserved Instances or Spot (up to ~72 % and
 *   ~90 % lower), no support plan, no tax. Instances run the whole month.
 * - Tier boundaries in TB are 1024 GB (the AWS Pricing Calculator's convention: 50 TB = 51 200 GB), and a
 *   billing GB is 2^30 bytes (`bytesPerGB`); if AWS counts a GB as 10^9 B for a line, that line is 7.4 %
 *   higher than computed here. Input is bytes: convert explicitly (5 TiB = 5 × 2^40 B).
 * - The 100 GB of free internet egress are the first 100 GB of the first egress tier, aggregated over
 *   the account; cross-zone traffic is charged $0.01/GB in each direction.
 * - Requests (S3 PUT/GET), IOPS and throughput above gp3's baseline, load balancers, NAT gateways and
 *   public IPv4 addresses are not priced: add them as they apply.
 *
 * Units: bytes in, US dollars out (per month).
 *
 * Example: 6 m5.large for a month, 600 GiB of gp3, 5 TiB in S3 Standard, 5 TiB of internet egress and
 * 500 GiB across zones: compute 6 × 0.096 × 730 = $420.48; gp3 600 × 0.08 = $48.00; S3 5120 × 0.023 =
 * $117.76; egress (5120 − 100) × 0.09 = $451.80; cross-zone 500 × 2 × 0.01 = $10.00; total $1048.04.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';

/** A tier: the next `sizeGB` gigabytes (null: all the rest) at `usdPerGB`. */
export interface PriceTier {
  readonly sizeGB: number | null;
  readonly usdPerGB: number;
}

/**
 * Prices, dated twice: `readOn` is the day the table was read (when someone last checked these figures), and
 * each price's `effective` is the day its source says AWS began charging it (null when the source states no
 * such date). The two differ by years for m5.large: a price read in 2026 can have been in force since 2020.
 * Read on 2026-12-01 from the secondary sources named per line (the AWS pricing pages
 * render their figures with scripts that the stored copies available to this project do not run); the
 * aws.amazon.com address ending each line is where to check it, not where it was read. A bill worked on one
 * of those same pages cannot confirm its price, so test/models/capacity/cost.test.ts checks the m5.large,
 * gp3, egress and cross-zone prices against second sources the table was not read from (two of them written
 * by AWS), and lists t3.small, t3.large, m7g.large and the S3 tiers as still single-sourced. Check them
 * against the URLs before quoting a bill.
 */
export const priceTable = {
  readOn: '2026-12-01',
  provider: 'AWS',
  region: 'us-east-1 (US East, N. Virginia)',
  currency: 'USD',
  hoursPerMonth: 730,
  secondsPerHour: 3600,
  bytesPerGB: 2 ** 30,
  instances: {
    'm5.large': {
      usdPerHour: 0.096,
      effective: '2020-07-01',
      source:
        'AWS Price List API, SKU 6C86BEPQVG73ZGGR: "$0.096 per On Demand Linux m5.large Instance Hour" (effective 2020-07-01, as quoted in public repositories); https://aws.amazon.com/ec2/pricing/on-demand/',
    },
    't3.small': {
      usdPerHour: 0.0208,
      effective: null,
      source:
        'AWS Price List API description "$0.0208 per On Demand Linux t3.small Instance Hour" (as quoted in public repositories); https://aws.amazon.com/ec2/pricing/on-demand/',
    },
    't3.large': {
      usdPerHour: 0.0832,
      effective: null,
      source:
        'go-cloud.io, "Amazon EC2 pricing" (2026): "t3.large instance in us-east-1, which costs $0.0832/hour"; https://aws.amazon.com/ec2/pricing/on-demand/',
    },
    'm7g.large': {
      usdPerHour: 0.0816,
      effective: null,
      source:
        'FactualMinds, "Amazon EC2 On-Demand Pricing … (2026)": "In us-east-1 (June 2026), Linux m7g.large is $0.0816/hr"; https://aws.amazon.com/ec2/pricing/on-demand/',
    },
  },
  ebsGp3: {
    usdPerGBMonth: 0.08,
    effective: null,
    source:
      '"$0.08 per GB-month of General Purpose SSD (gp3)" (AWS Price List description, as quoted in public repositories); https://aws.amazon.com/ebs/pricing/',
  },
  s3Standard: {
    tiers: [
      { sizeGB: 50 * 1024, usdPerGB: 0.023 },
      { sizeGB: 450 * 1024, usdPerGB: 0.022 },
      { sizeGB: null, usdPerGB: 0.021 },
    ] satisfies readonly PriceTier[],
    effective: null,
    source:
      'S3 Standard, us-east-1: "First 50 TB / Month $0.023 per GB; Next 450 TB / Month $0.022 per GB; Over 500 TB / Month $0.021 per GB" (E. Berry, GitHub gist a37438006529a55f42da6fdbc44a505c, 2022-07-07); https://aws.amazon.com/s3/pricing/',
  },
  internetEgress: {
    tiers: [
      { sizeGB: 100, usdPerGB: 0 },
      { sizeGB: 10 * 1024 - 100, usdPerGB: 0.09 },
      { sizeGB: 40 * 1024, usdPerGB: 0.085 },
      { sizeGB: 100 * 1024, usdPerGB: 0.07 },
      { sizeGB: null, usdPerGB: 0.05 },
    ] satisfies readonly PriceTier[],
    effective: null,
    source:
      'Data transfer out to the internet: first 100 GB/month free, up to 10 TB $0.09/GB, next 40 TB $0.085, next 100 TB $0.07, over 150 TB $0.05 (Wring, "AWS data transfer pricing guide", 2026; CloudPriceBook, 2026-06-10); https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer',
  },
  crossZone: {
    usdPerGBEachWay: 0.01,
    effective: null,
    source:
      'Data transfer between Availability Zones in a Region: $0.01/GB in each direction (Wring 2026; FinOpsForge); https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer_within_the_same_AWS_Region',
  },
} as const;

export type InstanceType = keyof typeof priceTable.instances;

const instanceTypes = Object.keys(priceTable.instances) as [InstanceType, ...InstanceType[]];

/** Price of `gb` gigabytes over consecutive tiers. */
export function tieredUsd(gb: number, tiers: readonly PriceTier[]): number {
  let left = gb;
  let usd = 0;
  for (const t of tiers) {
    if (left <= 0) break;
    const inTier = t.sizeGB === null ? left : Math.min(left, t.sizeGB);
    usd += inTier * t.usdPerGB;
    left -= inTier;
  }
  return usd;
}

const MAX_BYTES = 1e18; // an exabyte a month

const input = z.strictObject({
  instances: z
    .array(
      z.strictObject({
        type: z
          .enum(instanceTypes)
          .meta({ unit: 'text', description: `Instance type, one of the price table's: ${instanceTypes.join(', ')}` }),
        count: z
          .number()
          .int()
          .min(0)
          .max(1_000_000)
          .meta({ unit: 'count', description: 'Instances of that type running all month' }),
      }),
    )
    .max(50)
    .default([])
    .meta({ unit: 'list', description: 'Instances by type: [{ type, count }]' }),
  runTimePerMonth: z
    .number()
    .min(1)
    .max(31 * 86_400)
    .default(priceTable.hoursPerMonth * 3600)
    .meta({
      unit: 's',
      description: 'Time each instance runs in the month (2 628 000 s = 730 h, AWS’s average month; 2 678 400 s = 31 days)',
    }),
  blockStorageBytes: z
    .number()
    .min(0)
    .max(MAX_BYTES)
    .default(0)
    .meta({ unit: 'B', description: 'EBS gp3 storage provisioned all month, in bytes (100 GiB = 107 374 182 400 B)' }),
  objectStorageBytes: z
    .number()
    .min(0)
    .max(MAX_BYTES)
    .default(0)
    .meta({ unit: 'B', description: 'S3 Standard storage held on average over the month, in bytes' }),
  internetEgressBytes: z
    .number()
    .min(0)
    .max(MAX_BYTES)
    .default(0)
    .meta({ unit: 'B', description: 'Bytes sent to the internet in the month (see model bandwidth: egressBytesPerMonth)' }),
  crossZoneBytes: z.number().min(0).max(MAX_BYTES).default(0).meta({
    unit: 'B',
    description: 'Bytes sent between Availability Zones in the month (each byte counted once; billed both ways)',
  }),
});

export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly quantityUnit: string;
  readonly usd: number;
  /** the day the line's price took effect, as its source states it (ISO 8601); null when it states none */
  readonly priceEffective: string | null;
}

export interface CostOutput {
  readonly computeUsd: number;
  readonly blockStorageUsd: number;
  readonly objectStorageUsd: number;
  readonly internetEgressUsd: number;
  readonly crossZoneUsd: number;
  readonly totalUsd: number;
  readonly lines: readonly CostLine[];
  readonly priceTableAsOf: string;
}

export const cost = defineModel({
  id: 'cost',
  title: 'Monthly cost of a capacity plan (AWS, dated prices)',
  summary:
    'Monthly US-dollar cost of instances, block and object storage, internet egress and cross-zone traffic, from a dated AWS price table.',
  input,
  outputs: {
    computeUsd: { description: 'Instances: Σ count × hourly price × hours run in the month', unit: 'USD' },
    blockStorageUsd: { description: 'EBS gp3: GB-months × price', unit: 'USD' },
    objectStorageUsd: { description: 'S3 Standard: GB-months over the tiers', unit: 'USD' },
    internetEgressUsd: { description: 'Internet egress: GB over the tiers, the first 100 GB free', unit: 'USD' },
    crossZoneUsd: { description: 'Cross-zone transfer: GB × 2 directions × price', unit: 'USD' },
    totalUsd: { description: 'Sum of the lines, per month', unit: 'USD' },
    lines: {
      description:
        'Each line of the bill: item, quantity, its unit, US dollars, and the date its price took effect (null when its source states none)',
      unit: 'list',
      columns: { usd: 'USD' },
    },
    priceTableAsOf: {
      description:
        'Date the prices were read (the table’s readOn, ISO 8601); each line’s priceEffective is the date its price took effect',
      unit: 'text',
    },
  },
  references: [
    {
      title: 'Amazon EC2 On-Demand pricing',
      url: 'https://aws.amazon.com/ec2/pricing/on-demand/',
      note: 'Instance-hours and data transfer; us-east-1, Linux.',
    },
    { title: 'Amazon S3 pricing', url: 'https://aws.amazon.com/s3/pricing/', note: 'S3 Standard tiers per GB-month.' },
    {
      title: 'Amazon EBS pricing',
      url: 'https://aws.amazon.com/ebs/pricing/',
      note: 'gp3 per GB-month, 3000 IOPS and 125 MB/s included.',
    },
    {
      title: 'CloudPriceBook, “How to estimate your AWS data-transfer bill”, 2026-06-10',
      url: 'https://cloud-cost-557.pages.dev/blog/estimate-aws-data-transfer-bill/',
      note: 'Worked example: 5 TB = 5120 GB of egress, − 100 GB free = 5020 GB × $0.09 ≈ $452; 500 GB across zones × 2 × $0.01 ≈ $10; ≈ $462 a month.',
    },
    {
      title: 'AWS whitepaper, “How AWS Pricing Works”',
      url: 'https://docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/welcome.html',
      note: 'Pricing models (On-Demand, Savings Plans, Spot, Reserved) that this On-Demand table leaves out.',
    },
  ],
  example: {
    instances: [{ type: 'm5.large', count: 6 }],
    blockStorageBytes: 600 * 2 ** 30,
    objectStorageBytes: 5 * 2 ** 40,
    internetEgressBytes: 5 * 2 ** 40,
    crossZoneBytes: 500 * 2 ** 30,
  },
  exampleStates: {
    computeUsd: 420.48,
    blockStorageUsd: 48,
    objectStorageUsd: 117.76,
    internetEgressUsd: 451.8,
    crossZoneUsd: 10,
    totalUsd: 1048.04,
  },
  compute(v): CostOutput {
    const gb = (bytes: number): number => bytes / priceTable.bytesPerGB;
    const lines: CostLine[] = [];
    let computeUsd = 0;
    for (const { type, count } of v.instances) {
      const hours = v.runTimePerMonth / priceTable.secondsPerHour;
      const usd = count * priceTable.instances[type].usdPerHour * hours;
      computeUsd += usd;
      const { effective } = priceTable.instances[type];
      lines.push({
        item: `${type} instances`,
        quantity: count * hours,
        quantityUnit: 'instance-hours',
        usd,
        priceEffective: effective,
      });
    }
    const blockGB = gb(v.blockStorageBytes);
    const objectGB = gb(v.objectStorageBytes);
    const egressGB = gb(v.internetEgressBytes);
    const crossGB = gb(v.crossZoneBytes);
    const blockStorageUsd = blockGB * priceTable.ebsGp3.usdPerGBMonth;
    const objectStorageUsd = tieredUsd(objectGB, priceTable.s3Standard.tiers);
    const internetEgressUsd = tieredUsd(egressGB, priceTable.internetEgress.tiers);
    const crossZoneUsd = crossGB * 2 * priceTable.crossZone.usdPerGBEachWay;
    lines.push(
      {
        item: 'EBS gp3 storage',
        quantity: blockGB,
        quantityUnit: 'GB-months',
        usd: blockStorageUsd,
        priceEffective: priceTable.ebsGp3.effective,
      },
      {
        item: 'S3 Standard storage',
        quantity: objectGB,
        quantityUnit: 'GB-months',
        usd: objectStorageUsd,
        priceEffective: priceTable.s3Standard.effective,
      },
      {
        item: 'Internet egress',
        quantity: egressGB,
        quantityUnit: 'GB',
        usd: internetEgressUsd,
        priceEffective: priceTable.internetEgress.effective,
      },
      {
        item: 'Cross-zone transfer',
        quantity: crossGB,
        quantityUnit: 'GB (each way)',
        usd: crossZoneUsd,
        priceEffective: priceTable.crossZone.effective,
      },
    );
    return {
      computeUsd,
      blockStorageUsd,
      objectStorageUsd,
      internetEgressUsd,
      crossZoneUsd,
      totalUsd: computeUsd + blockStorageUsd + objectStorageUsd + internetEgressUsd + crossZoneUsd,
      lines,
      priceTableAsOf: priceTable.readOn,
    };
  },
});
