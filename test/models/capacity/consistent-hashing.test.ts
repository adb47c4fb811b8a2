import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import {
  consistentHashing as model,
  gcd,
  moduloMovedFraction,
  ringShareCv,
  ringShares,
} from '../../../models/capacity/consistent-hashing.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { getModel } from '../../../models/registry.ts';
import shardRebalance, { virtualNodeGrid } from '../../../src/charts/shard-rebalance.ts';
import { chartData } from '../../../src/lib/chart.ts';
import { expectClose } from '../close.ts';

/** Brute force: the share of hash values h in one period [0, lcm(n, m)) with h mod n ≠ h mod m. */
function bruteModulo(n: number, m: number): number {
  const period = (n * m) / gcd(n, m);
  let moved = 0;
  for (let h = 0; h < period; h++) if (h % n !== h % m) moved++;
  return moved / period;
}

describe('consistent-hashing: published values', () => {
  it('moves 1/6 of the keys on the ring from 10 to 12 shards, where modulo moves 5/6 (Lamping & Veach’s example)', () => {
    // Source: J. Lamping, E. Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm" (2014), introduction,
    // https://arxiv.org/abs/1406.2294 (read 2026-12-07): data split into 10 shards by h(key) mod 10 that "now needs
    // 12 shards … h(key) mod 12 … is probably not the same as h(key) mod 10 … But it is only necessary to move 1/6 of
    // the data". Modulo's exact share, 1 − gcd(10, 12)/12 = 5/6, is derived in the model's doc comment.
    const out = evaluate(model, { shards: 10, added: 2, virtualNodes: 1000, keys: 6_000_000 });
    expectClose(out.ringMovedFraction, 1 / 6);
    expectClose(out.ringMovedKeys, 1_000_000);
    expectClose(out.moduloMovedFraction, 5 / 6);
    expectClose(out.movedRatio, 5);
    // The seeded ring with 1000 points per shard lands within a few CVs of 1/6 (CV of two shards' share ≈ 2.2 %).
    expectClose(out.ringMovedFractionSimulated, 1 / 6, 0.05);
  });

  it('spreads a removed shard’s keys over the others and evens the load with more virtual nodes (Dynamo §4.2)', () => {
    // Source: G. DeCandia et al., "Dynamo: Amazon's Highly Available Key-value Store", SOSP 2007, §4.2,
    // https://www.allthingsdistributed.com/files/amazon-dynamo-sosp2007.pdf (text of §4.2 read 2026-12-07 as quoted at
    // bestref.net, a secondary copy): "instead of mapping a node to a single point in the circle, each node gets
    // assigned to multiple points in the ring … virtual nodes"; the section gives as their purpose that a departing
    // node's load is spread over the remaining nodes (paraphrased: the full sentence was not re-read).
    // Removing 1 of 20 shards moves exactly its share (1/20 expected); with 500 points per shard no survivor's share
    // grows by more than a small fraction, while with 1 point per shard its whole share lands on one neighbour.
    const many = ringShares(20, 500, 3, 19);
    const few = ringShares(20, 1, 3, 19);
    const gain = (r: { all: Float64Array; without: Float64Array }) =>
      Math.max(...Array.from({ length: 19 }, (_, s) => r.without[s]! - r.all[s]!));
    expectClose(gain(few), few.all[19]!, 1e-9); // one neighbour takes it all
    expect(gain(many)).toBeLessThan(few.all[19]! / 5);
    expectClose(evaluate(model, { shards: 20, added: -1, virtualNodes: 500 }).ringMovedFraction, 1 / 20);
  });

  it('gives a share CV of about 1/√v: 10 % at 100 points per shard, 3.2 % at 1000 (Karger et al.’s ring)', () => {
    // Independent derivation (the ring of D. Karger et al., "Consistent Hashing and Random Trees", STOC 1997,
    // https://doi.org/10.1145/258533.258660): a shard's share is a sum of v of the N = m·v uniform spacings, so
    // Beta(v, N − v) (H. A. David, H. N. Nagaraja, "Order Statistics", 3rd ed., §6.4), with
    // CV = √((m − 1)/(m·v + 1)); for m = 1000: v = 100 → √(999/100 001) = 0.09995 ≈ 1/√100 = 0.1,
    // v = 1000 → √(999/1 000 001) = 0.03161 ≈ 1/√1000 = 0.0316.
    expectClose(ringShareCv(1000, 100), Math.sqrt(999 / 100_001));
    expectClose(ringShareCv(1000, 100), 0.1, 0.001);
    expectClose(ringShareCv(1000, 1000), 0.0316, 0.001);
    expectClose(evaluate(model, { shards: 99, virtualNodes: 100 }).ringExpectedShareCv, Math.sqrt(99 / 10_001));
  });
});

describe('consistent-hashing: the worked example and edges, derived by hand', () => {
  it('computes the doc comment’s example: modulo 10/11, ring 1/11, CV 9.53 %, seeded max/mean 1.184', () => {
    // Independent derivation: gcd(10, 11) = 1 → 1 − 1/11 = 10/11 = 0.90909; ring 1/11; √(10/1101) = 0.095303.
    const out = evaluate(model, model.example);
    expect(out.shardsAfter).toBe(11);
    expectClose(out.moduloMovedFraction, 10 / 11);
    expectClose(out.moduloMovedKeys, 1e8 / 11);
    expectClose(out.ringMovedFraction, 1 / 11);
    expectClose(out.ringMovedKeys, 1e7 / 11);
    expectClose(out.movedRatio, 10);
    expectClose(out.ringExpectedShareCv, Math.sqrt(10 / 1101));
    // The seeded ring (seed 1): literal values of the doc comment.
    expectClose(out.ringMaxToMean, 1.1836, 1e-4);
    expectClose(out.ringMaxShare, 0.1076, 1e-4);
    expectClose(out.ringMinToMean, 0.8316, 1e-4);
    expectClose(out.ringShareCv, 0.1061, 1e-3);
    expectClose(out.ringMovedFractionSimulated, 0.1076, 1e-4);
  });

  it('moves exactly n/(n + 1) under modulo for one added shard, half when doubling, as counting one period shows', () => {
    // Independent derivation: a key stays iff h ≡ r (mod lcm) for some r < min(n, m), so min(n, m) of every lcm(n, m)
    // hash values stay: 10 → 11: 10/110 stay, 100/110 = 10/11 move; 8 → 16: 8/16 stay; 12 → 10: 10/60 stay.
    expectClose(moduloMovedFraction(10, 11), 10 / 11);
    expectClose(moduloMovedFraction(8, 16), 0.5);
    expectClose(moduloMovedFraction(12, 10), 5 / 6);
    for (const [n, m] of [
      [10, 11],
      [8, 16],
      [12, 10],
      [7, 3],
      [6, 9],
    ] as const)
      expectClose(moduloMovedFraction(n, m), bruteModulo(n, m));
  });

  it('moves nothing when nothing changes, and everything to one shard when all but one are removed', () => {
    const same = evaluate(model, { shards: 5, added: 0, virtualNodes: 10 });
    expect([same.moduloMovedFraction, same.ringMovedFraction, same.ringMovedFractionSimulated]).toEqual([0, 0, 0]);
    expect(same.movedRatio).toBeNull();
    const one = evaluate(model, { shards: 4, added: -3, virtualNodes: 10 });
    expectClose(one.moduloMovedFraction, 3 / 4); // gcd(4, 1)/4 stay
    expectClose(one.ringMovedFraction, 3 / 4);
    expectClose(one.ringMaxShare, 1);
    expectClose(one.ringExpectedShareCv, 0);
    const single = evaluate(model, { shards: 1, virtualNodes: 1 });
    expectClose(single.moduloMovedFraction, 1 / 2);
    expectClose(single.ringMovedFraction, 1 / 2);
  });

  it('rejects a change that leaves no shard, and a ring beyond 100 000 points, naming the field', () => {
    const none = check(model, { shards: 3, added: -3 });
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.problems[0]?.field).toBe('added');
    const big = check(model, { shards: 1000, added: 1, virtualNodes: 100 });
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.problems[0]?.field).toBe('virtualNodes');
    expect(check(model, { shards: 999, added: 1, virtualNodes: 100 }).ok).toBe(true);
  });
});

describe('consistent-hashing: properties', () => {
  const small = fc.record({
    shards: fc.integer({ min: 1, max: 60 }),
    added: fc.integer({ min: -59, max: 60 }),
    virtualNodes: fc.integer({ min: 1, max: 200 }),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  });

  it('matches the brute-force count of one hash period for every n → m', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 80 }), (n, m) => {
        expectClose(moduloMovedFraction(n, m), bruteModulo(n, m), 1e-12, 1e-12);
      }),
    );
  });

  it('never moves fewer keys under modulo than on the ring, and the ring’s shares sum to one', () => {
    fc.assert(
      fc.property(small, (v) => {
        if (v.shards + v.added < 1) return;
        const out = evaluate(model, v);
        expect(out.moduloMovedFraction).toBeGreaterThanOrEqual(out.ringMovedFraction - 1e-12);
        expect(out.ringMaxToMean).toBeGreaterThanOrEqual(1 - 1e-9);
        expect(out.ringMinToMean).toBeLessThanOrEqual(1 + 1e-9);
        const { all, without } = ringShares(
          Math.max(v.shards, v.shards + v.added),
          v.virtualNodes,
          v.seed,
          Math.min(v.shards, v.shards + v.added),
        );
        expectClose(
          all.reduce((a, b) => a + b, 0),
          1,
          1e-9,
        );
        expectClose(
          without.reduce((a, b) => a + b, 0),
          1,
          1e-9,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic for a seed, and the simulated CV averages to the expected one over seeds', () => {
    expect(evaluate(model, { shards: 50, virtualNodes: 40, seed: 9 })).toEqual(
      evaluate(model, { shards: 50, virtualNodes: 40, seed: 9 }),
    );
    // Independent derivation: E[sample variance] = CV² = (m − 1)/(m·v + 1) for m = 20, v = 50: 19/1001 = 0.018981.
    let sum = 0;
    const seeds = 200;
    for (let seed = 0; seed < seeds; seed++)
      sum += evaluate(model, { shards: 19, added: 1, virtualNodes: 50, seed }).ringShareCv ** 2;
    expectClose(sum / seeds, 19 / 1001, 0.05);
  });

  it('moves on the seeded ring exactly the added shards’ share of the key space', () => {
    fc.assert(
      fc.property(small, (v) => {
        if (v.added <= 0) return;
        const out = evaluate(model, v);
        const { all } = ringShares(v.shards + v.added, v.virtualNodes, v.seed, v.shards);
        let added = 0;
        for (let s = v.shards; s < v.shards + v.added; s++) added += all[s]!;
        expectClose(out.ringMovedFractionSimulated, Math.min(1, added), 1e-12, 1e-12);
      }),
      { numRuns: 100 },
    );
  });
});

function rebalance(input: Record<string, unknown>) {
  const registered = getModel(shardRebalance.model);
  if (registered === undefined) throw new Error(`no registered model ${shardRebalance.model}`);
  const resolved = model.input.parse(input) as Record<string, unknown>;
  return chartData(shardRebalance, registered, resolved, evaluate(model, input));
}

describe('consistent-hashing: the shard-rebalance chart', () => {
  it('sweeps the virtual nodes within the ring’s limit, with the input’s own value', () => {
    expect(virtualNodeGrid(100, 11)).toEqual([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000]);
    expect(virtualNodeGrid(30, 1000)).toEqual([1, 2, 5, 10, 20, 30, 50, 100]);
    const data = rebalance(model.example);
    expect(data.sweep.every((p) => p.output !== null)).toBe(true);
    expect(data.sweep.find((p) => p.x === 100)?.output).toEqual(data.output);
  });

  it('draws two panels and tabulates each point, the input’s row marked', () => {
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const el = shardRebalance.render(rebalance(model.example), { width: 720, document });
    expect(el.querySelectorAll('svg').length).toBe(2);
    expect(el.textContent).toContain('modulo: 90.9%');
    const rows = shardRebalance.table(rebalance(model.example)).rows;
    expect(rows.find((r) => r[0] === '100 (this input)')?.[1]).toBe('90.9%');
  });
});
