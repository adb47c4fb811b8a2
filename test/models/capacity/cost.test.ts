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

describe('cost: published bills', () => {
  it('matches CloudPriceBook’s data-transfer example: 5 TB out (−100 GB free) ≈ $452, 500 GB across zones ≈ $10, ≈ $462', () => {
    // Source: CloudPriceBook, "How to estimate your AWS data-transfer bill" (2026-06-10), worked example: "Internet
    // egress 5,120 − 100 free = 5,020 GB × $0.09 ~$452; Inter-AZ replication 500 (×2 directions) = 1,000 GB × $0.01
    // ~$10; Total ~$462/mo". Its 5 TB is 5120 GB: the 1024 convention this table uses.
    const out = evaluate(model, { internetEgressBytes: 5 * TiB, crossZoneBytes: 500 * GiB });
    expectClose(out.internetEgressUsd, 451.8, 0, CENT); // 5020 × 0.09
    expectClose(out.internetEgressUsd, 452, 0.001); // published ~$452
    expectClose(out.crossZoneUsd, 10, 0, CENT); // published ~$10
    expectClose(out.totalUsd, 462, 0.001); // published ~$462 (exact 461.80)
  });

  it('matches the t3.large month: $0.0832/h ≈ $60.74 a month (“$61/month in compute”)', () => {
    // Sources: go-cloud.io (2026): "a simple t3.large instance in us-east-1, which costs $0.0832/hour — about $60.74 per
    // month when run continuously"; Wring, "AWS data transfer pricing guide" (2026): "A t3.large that costs $61/month
    // in compute can generate $450 in data transfer if it serves 5TB".
    const out = evaluate(model, { instances: [{ type: 't3.large', count: 1 }] });
    expectClose(out.computeUsd, 60.74, 0, CENT); // 0.0832 × 730 = 60.736
    const withEgress = evaluate(model, { instances: [{ type: 't3.large', count: 1 }], internetEgressBytes: 5 * TiB });
    expectClose(withEgress.internetEgressUsd, 450, 0.005); // published "$450" (exact 451.80)
  });

  it('prices S3 Standard at $0.023/GB-month for the first 50 TB, $0.022 for the next 450 TB', () => {
    // Source: S3 Standard storage tiers, "First 50 TB / Month $0.023 per GB; Next 450 TB / Month $0.022 per GB; Over
    // 500 TB / Month $0.021 per GB" (E. Berry's gist, 2022; the AWS S3 pricing page for us-east-1).
    expectClose(evaluate(model, { objectStorageBytes: 1 * TiB }).objectStorageUsd, 1024 * 0.023); // $23.55
    // Derived: 100 TB straddles the first boundary: 51 200 GB × 0.023 + 51 200 GB × 0.022 = $2304.
    expectClose(evaluate(model, { objectStorageBytes: 100 * TiB }).objectStorageUsd, 2304);
    // Derived: 1000 TB = 51 200 × 0.023 + 460 800 × 0.022 + 512 000 × 0.021.
    expectClose(
      evaluate(model, { objectStorageBytes: 1000 * TiB }).objectStorageUsd,
      51_200 * 0.023 + 460_800 * 0.022 + 512_000 * 0.021,
    );
  });

  it('prices m5.large at the AWS Price List’s $0.096/h: six for a 730-hour month are $420.48', () => {
    // Source: AWS Price List API, "$0.096 per On Demand Linux m5.large Instance Hour" (us-east-1). The month is AWS's
    // 730 h (8760 h a year / 12). The doc comment's example then adds gp3, S3, egress and cross-zone lines.
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

describe('cost: the price table', () => {
  it('is dated, and names a source with an address for every price', () => {
    expect(priceTable.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(evaluate(model, {}).priceTableAsOf).toBe(priceTable.asOf);
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
