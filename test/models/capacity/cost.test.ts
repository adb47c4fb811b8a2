import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cost as model, priceTable, tieredUsd, type InstanceType } from '../../../models/capacity/cost.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

// Billing units as the price table reads them: a GB is 2^30 B, a TB 1024 GB.
const GiB = 2 ** 30;
const TiB = 2 ** 40;
const CENT = 0.005; // dollars: half a cent, for published figures quoted to the cent

/*
 * What these tests can show, and what they cannot. Each price of the table in models/capacity/cost.ts was read from
 * the page its `source` names, mostly secondary pages (AWS's own pricing pages render their figures with scripts that
 * no copy available to this project runs). A bill recomputed from one of those same pages checks the arithmetic
 * around a price (a TB of 1024 GB, the 100 GB free, cross-zone traffic billed in both directions, AWS's 730-hour
 * month), never the price: it came from that page. So the prices are checked apart, each against a second source
 * that the table was not read from, where one was found and read; the prices that still have only one source are
 * listed, so the gap shows.
 */

describe('cost: billing arithmetic, in bills worked by the pages the prices came from', () => {
  it('matches CloudPriceBook’s data-transfer example: 5 TB out (−100 GB free) ≈ $452, 500 GB across zones ≈ $10, ≈ $462', () => {
    // Source: CloudPriceBook, "How to estimate your AWS data-transfer bill" (2026-06-10),
    // https://cloud-cost-557.pages.dev/blog/estimate-aws-data-transfer-bill/, worked example: "Internet egress 5,120 −
    // 100 free = 5,020 GB × $0.09 ~$452; Inter-AZ replication 500 (×2 directions) = 1,000 GB × $0.01 ~$10; Total
    // ~$462/mo". The table's $0.09 and $0.01 were read on this page, so this checks only the arithmetic: its 5 TB is
    // 5120 GB (the 1024 convention), the 100 GB come off first, and cross-zone bytes are billed twice.
    const out = evaluate(model, { internetEgressBytes: 5 * TiB, crossZoneBytes: 500 * GiB });
    expectClose(out.internetEgressUsd, 451.8, 0, CENT); // 5020 × 0.09
    expectClose(out.internetEgressUsd, 452, 0.001); // published ~$452
    expectClose(out.crossZoneUsd, 10, 0, CENT); // published ~$10
    expectClose(out.totalUsd, 462, 0.001); // published ~$462 (exact 461.80)
  });

  it('turns $0.0832/h into ≈ $60.74 for a continuously run month (730 h) (go-cloud.io; Wring’s “$61/month”)', () => {
    // Sources: go-cloud.io, "Amazon EC2 pricing" (2026): "a simple t3.large instance in us-east-1, which costs
    // $0.0832/hour — about $60.74 per month when run continuously"; Wring, "AWS data transfer pricing guide" (2026): "A
    // t3.large that costs $61/month in compute can generate $450 in data transfer if it serves 5TB". The table's
    // t3.large price was read on go-cloud.io: this checks the 730-hour month and the egress tiers, not the price.
    const out = evaluate(model, { instances: [{ type: 't3.large', count: 1 }] });
    expectClose(out.computeUsd, 60.74, 0, CENT); // 0.0832 × 730 = 60.736
    const withEgress = evaluate(model, { instances: [{ type: 't3.large', count: 1 }], internetEgressBytes: 5 * TiB });
    expectClose(withEgress.internetEgressUsd, 450, 0.005); // published "$450" (exact 451.80)
  });

  it('sums S3 Standard over its tiers: 100 TB straddles the first boundary, 1000 TB all three', () => {
    // Derived by hand from the table's tiers (E. Berry's gist, as cost.ts says: "First 50 TB / Month $0.023 per GB;
    // Next 450 TB / Month $0.022 per GB; Over 500 TB / Month $0.021 per GB"): 1 TB = 1024 × 0.023 = $23.552;
    // 100 TB = 51 200 × 0.023 + 51 200 × 0.022 = $2304; 1000 TB = 51 200 × 0.023 + 460 800 × 0.022 + 512 000 × 0.021.
    expectClose(evaluate(model, { objectStorageBytes: 1 * TiB }).objectStorageUsd, 1024 * 0.023);
    expectClose(evaluate(model, { objectStorageBytes: 100 * TiB }).objectStorageUsd, 2304);
    expectClose(
      evaluate(model, { objectStorageBytes: 1000 * TiB }).objectStorageUsd,
      51_200 * 0.023 + 460_800 * 0.022 + 512_000 * 0.021,
    );
  });

  it('adds up the doc comment’s example: six m5.large for 730 h are $420.48, $1048.04 in all (derived by hand)', () => {
    // Derived by hand from the table: 6 × 0.096 × 730 = 420.48; 600 GB × 0.08 = 48; 5120 GB × 0.023 = 117.76;
    // (5120 − 100) × 0.09 = 451.8; 500 × 2 × 0.01 = 10; total 1048.04. AWS's month is 8760 h a year / 12 = 730 h.
    const out = evaluate(model, model.example);
    expectClose(out.computeUsd, 420.48);
    expectClose(out.blockStorageUsd, 48); // 600 GB × $0.08
    expectClose(out.objectStorageUsd, 117.76); // 5120 GB × $0.023
    expectClose(out.internetEgressUsd, 451.8);
    expectClose(out.crossZoneUsd, 10);
    expectClose(out.totalUsd, 1048.04);
    expect(out.lines.map((l) => l.item)).toEqual([
      'm5.large instances',
      'EBS gp3 storage',
      'S3 Standard storage',
      'Internet egress',
      'Cross-zone transfer',
    ]);
    expect(out.lines[0]).toMatchObject({ quantity: 6 * 730, quantityUnit: 'instance-hours' });
  });
});

describe('cost: each price against a second source the table was not read from', () => {
  it('prices m5.large at $0.096/h, as a dated copy of AWS’s On-Demand page does (2019-07-21)', () => {
    // Second source: turtlemonvh, "For a performance comparison of EBS-SSD vs instance store" (GitHub gist),
    // https://gist.github.com/turtlemonvh/3465e7d295403c61181590e95e5a620d: "See:
    // https://aws.amazon.com/ec2/pricing/on-demand/ (Pricing from 20190721) … m5.large 2 8 8 GiB EBS Only $0.096 per
    // Hour". The table's line was read from the AWS Price List API's description as quoted in public repositories.
    expect(priceTable.instances['m5.large'].usdPerHour).toBe(0.096);
    expect(priceTable.instances['m5.large'].source).not.toContain('gist.github.com/turtlemonvh');
    expectClose(evaluate(model, { instances: [{ type: 'm5.large', count: 1 }] }).computeUsd, 0.096 * 730);
  });

  it('prices gp3 at $0.08 per GB-month, as AWS’s own cost-optimisation notes do (us-east-1, early 2026)', () => {
    // Second source, written by AWS: aws/agent-toolkit-for-aws, "EBS Volume Optimization"
    // (skills/core-skills/aws-billing-and-cost-management/references/ebs-optimization.md at commit d6ad2e44,
    // https://github.com/aws/agent-toolkit-for-aws/blob/d6ad2e44d5e3077b85b63f322e007c84f94f3a6c/skills/core-skills/aws-billing-and-cost-management/references/ebs-optimization.md):
    // "All prices shown are us-east-1 approximate as of early 2026", "gp3: ~20% lower per-GB cost ($0.08 vs $0.10 in
    // us-east-1 …)". The table's line was read from the Price List description as quoted in public repositories.
    expect(priceTable.ebsGp3.usdPerGBMonth).toBe(0.08);
    expectClose(evaluate(model, { blockStorageBytes: 100 * GiB }).blockStorageUsd, 8);
  });

  it('bills cross-zone traffic $0.01/GB in each direction, as AWS’s own notes do', () => {
    // Second source, written by AWS: aws/agent-toolkit-for-aws, "Co-location and Cross-AZ Cost" in
    // skills/specialized-skills/analytics-skills/developing-applications-on-managed-service-for-apache-flink/references/foundation-operations.md
    // at commit d6ad2e44 (https://github.com/aws/agent-toolkit-for-aws/blob/d6ad2e44d5e3077b85b63f322e007c84f94f3a6c/skills/specialized-skills/analytics-skills/developing-applications-on-managed-service-for-apache-flink/references/foundation-operations.md):
    // "Cross-AZ data transfer … is always billed at $0.01/GB each direction". The table's line was read from Wring and
    // FinOpsForge. One GB sent across zones leaves one and enters the other: $0.02.
    expect(priceTable.crossZone.usdPerGBEachWay).toBe(0.01);
    expect(priceTable.crossZone.source).not.toContain('agent-toolkit-for-aws');
    expectClose(evaluate(model, { crossZoneBytes: 1 * GiB }).crossZoneUsd, 0.02);
  });

  it('prices internet egress at $0.09, $0.085, $0.07 and $0.05 per GB by tier after 100 GB free (awsglossary.org, 2026)', () => {
    // Second source: awsglossary.org, "AWS Data Transfer Costs: The Hidden Bill You Didn't Plan For",
    // https://awsglossary.org/terms/data-transfer-costs, "Concrete Price Map (us-east-1, 2026)": "AWS → Internet (first
    // 100 GB / month, all services aggregated) | Free", "(next 10 TB) | $0.09", "(next 40 TB) | $0.085", "(next 100 TB)
    // | $0.07", "(over 150 TB) | $0.05". A secondary page too, but not one the table was read from (Wring,
    // CloudPriceBook). It agrees on the free 100 GB and the four rates; whether the first paid tier ends at 10 TB or
    // 100 GB later is not settled by its wording ("next 10 TB"): the table takes the first 10 TB, free part included.
    expect(priceTable.internetEgress.tiers.map((t) => t.usdPerGB)).toEqual([0, 0.09, 0.085, 0.07, 0.05]);
    expect(priceTable.internetEgress.tiers[0]!.sizeGB).toBe(100);
    expect(priceTable.internetEgress.source).not.toContain('awsglossary.org');
  });

  it('lists the prices that still have only the one (secondary) source the table was read from', () => {
    // No second source was found for these, and AWS's pricing pages could not be read here: a reader should check
    // them at the address in each line's source before quoting a bill. Add a test above when one is found.
    const singleSourced = ['t3.small', 't3.large', 'm7g.large', 'S3 Standard tiers'];
    const checked = ['m5.large', 'EBS gp3', 'internet egress tiers', 'cross-zone'];
    const all = [...Object.keys(priceTable.instances), 'EBS gp3', 'S3 Standard tiers', 'internet egress tiers', 'cross-zone'];
    expect([...singleSourced, ...checked].sort()).toEqual(all.sort());
  });
});

describe('cost: the price table', () => {
  it('records the day it was read and, per price, the day the price took effect where the source states it', () => {
    const iso = /^\d{4}-\d{2}-\d{2}$/;
    expect(priceTable.readOn).toMatch(iso);
    expect(evaluate(model, {}).priceTableAsOf).toBe(priceTable.readOn);
    const prices = [
      ...Object.values(priceTable.instances),
      priceTable.ebsGp3,
      priceTable.s3Standard,
      priceTable.internetEgress,
      priceTable.crossZone,
    ];
    for (const p of prices) {
      const effective: string | null = p.effective;
      if (effective === null) continue;
      expect(effective).toMatch(iso);
      // a price cannot have taken effect after the day it was read, and its source must state that date
      expect(effective <= priceTable.readOn).toBe(true);
      expect(p.source).toContain(`effective ${effective}`);
    }
    // m5.large: the Price List API's SKU 6C86BEPQVG73ZGGR, "effective 2020-07-01", read in 2026
    expect(priceTable.instances['m5.large'].effective).toBe('2020-07-01');
    expect(priceTable.readOn).toBe('2026-12-01');
    // each line of a bill carries its price's effective date
    const out = evaluate(model, {
      instances: [
        { type: 'm5.large', count: 1 },
        { type: 't3.small', count: 1 },
      ],
      crossZoneBytes: 1,
    });
    expect(out.lines.map((l) => [l.item, l.priceEffective])).toEqual([
      ['m5.large instances', '2020-07-01'],
      ['t3.small instances', null],
      ['EBS gp3 storage', null],
      ['S3 Standard storage', null],
      ['Internet egress', null],
      ['Cross-zone transfer', null],
    ]);
  });

  it('names a source with an address for every price', () => {
    const sources = [
      ...Object.values(priceTable.instances).map((i) => i.source),
      priceTable.ebsGp3.source,
      priceTable.s3Standard.source,
      priceTable.internetEgress.source,
      priceTable.crossZone.source,
    ];
    for (const s of sources) expect(s).toMatch(/https:\/\/aws\.amazon\.com\//);
  });

  it('has egress tiers of 100 GB free, then up to 10 TB, 40 TB, 100 TB and the rest', () => {
    const sizes = priceTable.internetEgress.tiers.map((t) => t.sizeGB);
    expect(sizes).toEqual([100, 10 * 1024 - 100, 40 * 1024, 100 * 1024, null]);
    // Derived: 50 TB out = 10 240 GB of the first tier (100 free) + 40 960 GB at $0.085.
    expectClose(tieredUsd(50 * 1024, priceTable.internetEgress.tiers), 10_140 * 0.09 + 40_960 * 0.085);
    expect(tieredUsd(100, priceTable.internetEgress.tiers)).toBe(0);
  });
});

describe('cost: edges and bad input', () => {
  it('costs nothing for nothing', () => {
    const out = evaluate(model, {});
    expect(out.totalUsd).toBe(0);
    expect(out.lines).toHaveLength(4); // the storage and transfer lines, at $0
  });

  it('stays finite at the largest inputs', () => {
    const out = evaluate(model, {
      instances: [{ type: 'm5.large', count: 1_000_000 }],
      runTimePerMonth: 31 * 86_400, // 744 h
      blockStorageBytes: 1e18,
      objectStorageBytes: 1e18,
      internetEgressBytes: 1e18,
      crossZoneBytes: 1e18,
    });
    expect(JSON.stringify(out)).not.toMatch(/NaN|Infinity/);
    expectClose(out.computeUsd, 1e6 * 0.096 * 744);
  });

  it('names an unknown instance type, a bad count and negative bytes, each with its path', () => {
    const r = check(model, {
      instances: [
        { type: 'm5.huge', count: 1 },
        { type: 't3.large', count: -1 },
      ],
      internetEgressBytes: -1,
      region: 'eu',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('instances.0.type: must be one of "m5.large", "t3.small", "t3.large", "m7g.large" (got "m5.huge")');
    expect(lines).toContain('instances.1.count: must be an integer from 0 to 1000000 (got -1)');
    expect(lines).toContain('internetEgressBytes: must be a number from 0 to 1000000000000000000 (got -1)'); // the whole range, maximum included
    expect(lines.some((l) => l.startsWith('region: is not an input of this model'))).toBe(true);
  });

  it('does not mutate its input', () => {
    const input = deepFreeze({ instances: [{ type: 'm7g.large' as const, count: 2 }], blockStorageBytes: 100 * GiB });
    const out = evaluate(model, input);
    expectClose(out.computeUsd, 2 * 0.0816 * 730);
    expect(input).toEqual({ instances: [{ type: 'm7g.large', count: 2 }], blockStorageBytes: 100 * GiB });
  });
});

describe('cost: properties', () => {
  const types = Object.keys(priceTable.instances) as InstanceType[];
  const anyInput = fc.record({
    instances: fc.array(fc.record({ type: fc.constantFrom(...types), count: fc.integer({ min: 0, max: 1000 }) }), {
      maxLength: 4,
    }),
    blockStorageBytes: fc.double({ min: 0, max: 1e15, noNaN: true }),
    objectStorageBytes: fc.double({ min: 0, max: 1e16, noNaN: true }),
    internetEgressBytes: fc.double({ min: 0, max: 1e16, noNaN: true }),
    crossZoneBytes: fc.double({ min: 0, max: 1e15, noNaN: true }),
  });

  it('adds its lines up to the total', () => {
    fc.assert(
      fc.property(anyInput, (v) => {
        const out = evaluate(model, v);
        const sum = out.lines.reduce((s, l) => s + l.usd, 0);
        expectClose(out.totalUsd, sum, 1e-12, 1e-9);
        expect(out.lines).toHaveLength(v.instances.length + 4);
      }),
    );
  });

  it('never costs less for more of anything, and a GB never costs more than the first tier’s price', () => {
    fc.assert(
      fc.property(anyInput, fc.double({ min: 1, max: 10, noNaN: true }), (v, k) => {
        const a = evaluate(model, v);
        const more = evaluate(model, {
          ...v,
          objectStorageBytes: v.objectStorageBytes * k,
          internetEgressBytes: v.internetEgressBytes * k,
        });
        expect(more.objectStorageUsd).toBeGreaterThanOrEqual(a.objectStorageUsd);
        expect(more.internetEgressUsd).toBeGreaterThanOrEqual(a.internetEgressUsd);
        // Tiers only get cheaper: the average price per GB stays at or below the top rate.
        expect(a.objectStorageUsd).toBeLessThanOrEqual((v.objectStorageBytes / GiB) * 0.023 * (1 + 1e-12));
        expect(a.internetEgressUsd).toBeLessThanOrEqual((v.internetEgressBytes / GiB) * 0.09 * (1 + 1e-12));
      }),
    );
  });
});
