/**
 * Consistent hashing: how many keys move when shards are added (or removed) under modulo placement
 * (shard = h(key) mod n) versus a consistent-hash ring with virtual nodes, and how unevenly the ring
 * divides the key space among the shards.
 *
 * Modulo placement, exact over a uniform hash. Going from n to m = n + k shards, a key with hash h stays
 * iff h mod n = h mod m. Write r for that common residue (r < min(n, m)): h − r is a multiple of both n and
 * m, so h ≡ r (mod lcm(n, m)). Each period of lcm(n, m) hash values therefore holds exactly min(n, m)
 * staying keys, one per r, and
 *
 *   moduloStayFraction  = min(n, m) / lcm(n, m) = gcd(n, m) / max(n, m)
 *   moduloMovedFraction = 1 − gcd(n, m) / max(n, m)
 *
 * For one added shard, gcd(n, n + 1) = 1 and n / (n + 1) of the keys move (the usual approximation, here
 * exact); doubling (m = 2n) moves exactly half; 10 → 12 moves 5/6.
 *
 * Ring, expected over the random placement of points: the keys that move are those the new shards take
 * (adding) or those the removed shards held (removing); every other key keeps its successor point.
 *
 *   ringMovedFraction = k / (n + k) when adding k shards,  |k| / n when removing |k|
 *
 * Load imbalance of the ring after the change (N = m · v points placed uniformly at random, v per shard):
 * the N arcs between neighbouring points are the spacings of N uniform points on a circle, jointly
 * Dirichlet(1, …, 1); a shard's share is the sum of v of them, so it is Beta(v, N − v) distributed, with
 * mean 1/m and
 *
 *   ringExpectedShareCv = sqrt((m − 1) / (m · v + 1))   ≈ 1 / sqrt(v) for many shards
 *
 * (the coefficient of variation of a shard's share: standard deviation / mean). The most loaded shard is
 * not in closed form: a seeded simulation places the m · v points of an actual ring (models/random.ts,
 * sfc32) and measures every shard's share exactly (the arcs it owns), giving ringMaxShare, ringMaxToMean
 * (its share × m), ringMinToMean and the simulated CV, and, for the same ring, the exact fraction of the
 * key space that moves (ringMovedFractionSimulated).
 *
 * Assumptions: a uniform hash (a key's hash is uniform on the hash space, independent of the shard
 * count); ring points uniform and independent (a good hash of "shard#i"); every shard has the same number
 * of points (no weights); keys uniform over the key space, so a key count is keys × fraction (an expected
 * count: one hot key is a different problem); only one copy per key (replication to the next R − 1 shards
 * on the ring moves proportionally more data, see Dynamo). The ring simulation is limited to m · v ≤ 10^5
 * points (a sort of that many numbers answers in a few milliseconds).
 *
 * Units: counts and fractions of the key space; no time.
 *
 * References: Karger et al., "Consistent Hashing and Random Trees" (STOC 1997), the ring; Lamping & Veach,
 * "A Fast, Minimal Memory, Consistent Hash Algorithm" (2014), the 10 → 12 shards example (only 1/6 needs
 * to move; modulo rearranges nearly all) and the ring's uneven buckets; DeCandia et al., "Dynamo: Amazon's
 * Highly Available Key-value Store" (SOSP 2007), §4.2, virtual nodes; the Beta share is the standard
 * result on uniform spacings (David & Nagaraja, "Order Statistics", 3rd ed., §6.4).
 *
 * Example: 10 shards, 1 added, 100 virtual nodes per shard, 10 million keys, seed 1: modulo moves 10/11 =
 * 90.9 % of the keys (9 090 909); the ring moves 1/11 = 9.09 % (909 091) expected, ten times fewer; with
 * 100 points per shard the share CV is sqrt(10 / 1101) = 9.53 %, and the seeded ring (1 100 points) gives
 * its most loaded shard 1.184× the mean share (10.76 % of the key space where 9.09 % is fair; that shard is
 * the new one, so the seeded ring moves 10.76 % of the keys, not 9.09 %), the least loaded 0.832×, and a
 * simulated share CV of 10.6 %.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { seededRandom } from '../random.ts';
import { seedField } from '../fields.ts';

/** Most ring points the simulation places (shards after the change × virtual nodes). */
export const MAX_RING_POINTS = 100_000;

const input = z
  .strictObject({
    shards: z.number().int().min(1).max(100_000).meta({ unit: 'count', description: 'Shards before the change (n)' }),
    added: z
      .number()
      .int()
      .min(-99_999)
      .max(100_000)
      .default(1)
      .meta({ unit: 'count', description: 'Shards added (k); negative to remove shards (the last |k| ones)' }),
    virtualNodes: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(100)
      .meta({ unit: 'count', description: 'Points on the ring per shard (virtual nodes, v)' }),
    keys: z.number().min(0).max(1e15).default(1_000_000).meta({ unit: 'count', description: 'Keys stored across the shards' }),
    seed: seedField('Seed of the simulated ring (same seed, same ring)'),
  })
  .refine((v) => v.shards + v.added >= 1, {
    message: 'shards + added must be at least 1: at least one shard must remain',
    path: ['added'],
  })
  .refine((v) => Math.max(v.shards, v.shards + v.added) * v.virtualNodes <= MAX_RING_POINTS, {
    message: `the ring holds (shards, after adding) × virtualNodes points; keep it at most ${MAX_RING_POINTS.toLocaleString('en-US')}`,
    path: ['virtualNodes'],
  });

export interface ConsistentHashingOutput {
  readonly shardsAfter: number;
  readonly moduloMovedFraction: number;
  readonly moduloMovedKeys: number;
  readonly ringMovedFraction: number;
  readonly ringMovedKeys: number;
  readonly ringMovedFractionSimulated: number;
  readonly movedRatio: number | null;
  readonly ringExpectedShareCv: number;
  readonly ringShareCv: number;
  readonly ringMaxShare: number;
  readonly ringMaxToMean: number;
  readonly ringMinToMean: number;
}

export function gcd(a: number, b: number): number {
  let [x, y] = [Math.abs(a), Math.abs(b)];
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** Exact fraction of uniformly hashed keys whose h mod n differs from h mod m. */
export function moduloMovedFraction(n: number, m: number): number {
  return 1 - gcd(n, m) / Math.max(n, m);
}

/** The coefficient of variation of a shard's share on a ring of m shards with v uniform points each. */
export function ringShareCv(m: number, v: number): number {
  return Math.sqrt((m - 1) / (m * v + 1));
}

/**
 * The points of a seeded ring sorted by position, in expected linear time: positions are uniform, so a
 * counting pass into as many buckets as points leaves about one point per bucket, and insertion sort
 * finishes (Float64Array.prototype.sort of packed points took about 15 ms on 10^5 points; this takes about 5).
 */
function sortedRing(shards: number, v: number, seed: number): { position: Float64Array; shard: Int32Array } {
  const random = seededRandom(seed);
  const total = shards * v;
  const rawPosition = new Float64Array(total);
  const rawShard = new Int32Array(total);
  const start = new Int32Array(total + 1);
  for (let s = 0, i = 0; s < shards; s++) {
    for (let j = 0; j < v; j++, i++) {
      const x = random();
      rawPosition[i] = x;
      rawShard[i] = s;
      start[Math.floor(x * total) + 1]!++;
    }
  }
  for (let b = 0; b < total; b++) start[b + 1]! += start[b]!;
  const position = new Float64Array(total);
  const shard = new Int32Array(total);
  for (let i = 0; i < total; i++) {
    const x = rawPosition[i]!;
    const at = start[Math.floor(x * total)]!++;
    position[at] = x;
    shard[at] = rawShard[i]!;
  }
  for (let i = 1; i < total; i++) {
    const x = position[i]!;
    const s = shard[i]!;
    let j = i - 1;
    while (j >= 0 && position[j]! > x) {
      position[j + 1] = position[j]!;
      shard[j + 1] = shard[j]!;
      j--;
    }
    position[j + 1] = x;
    shard[j + 1] = s;
  }
  return { position, shard };
}

/** Each shard's share of the key space, counting only shards numbered below `keep`. */
function arcShares(position: Float64Array, shard: Int32Array, shards: number, keep: number): Float64Array {
  const share = new Float64Array(shards);
  const total = position.length;
  let last = total - 1;
  while (last >= 0 && shard[last]! >= keep) last--;
  if (last < 0) return share;
  // A point owns the arc from its predecessor (exclusive) to itself: keys go to the next point clockwise.
  let prev = position[last]! - 1;
  for (let i = 0; i < total; i++) {
    const s = shard[i]!;
    if (s >= keep) continue;
    const x = position[i]!;
    share[s]! += x - prev;
    prev = x;
  }
  return share;
}

/**
 * Shares of the key space of each shard on a seeded ring of `shards` × `v` points: `all` for the ring of
 * all the shards, `without` for the same ring without the points of the shards numbered `firstRemoved` and up.
 */
export function ringShares(
  shards: number,
  v: number,
  seed: number,
  firstRemoved: number,
): { all: Float64Array; without: Float64Array } {
  const { position, shard } = sortedRing(shards, v, seed);
  const all = arcShares(position, shard, shards, shards);
  const without = firstRemoved >= shards ? all : arcShares(position, shard, shards, firstRemoved);
  return { all, without };
}

export const consistentHashing = defineModel({
  id: 'consistent-hashing',
  title: 'Consistent hashing: keys moved by a shard change, modulo versus a ring with virtual nodes',
  summary:
    'Keys moved by adding or removing shards: exactly 1 − gcd(n, m)/max(n, m) under h mod n, k/(n + k) on a ring; and the load imbalance v virtual nodes leave (CV ≈ 1/√v, max/mean on a seeded ring).',
  input,
  outputs: {
    shardsAfter: { description: 'Shards after the change: shards + added', unit: 'count' },
    moduloMovedFraction: {
      description: 'Share of keys that change shard under h mod n: exactly 1 − gcd(n, m)/max(n, m)',
      unit: 'fraction',
    },
    moduloMovedKeys: { description: 'Keys that move under modulo placement (keys × fraction)', unit: 'count' },
    ringMovedFraction: {
      description: 'Expected share of keys that move on the ring: k/(n + k) when adding, |k|/n when removing',
      unit: 'fraction',
    },
    ringMovedKeys: { description: 'Keys expected to move on the ring (keys × fraction)', unit: 'count' },
    ringMovedFractionSimulated: {
      description: 'Share of the key space that moves on the seeded ring: the new shards’ share, or the removed ones’',
      unit: 'fraction',
    },
    movedRatio: {
      description: 'Keys moved under modulo / keys moved on the ring (expected); null when nothing moves on the ring',
      unit: 'ratio',
    },
    ringExpectedShareCv: {
      description: 'Expected coefficient of variation of a shard’s share after the change: √((m − 1)/(m·v + 1)) ≈ 1/√v',
      unit: 'ratio',
    },
    ringShareCv: {
      description: 'Coefficient of variation of the shards’ shares on the seeded ring after the change',
      unit: 'ratio',
    },
    ringMaxShare: { description: 'Share of the key space held by the most loaded shard of the seeded ring', unit: 'fraction' },
    ringMaxToMean: { description: 'Most loaded shard’s share / mean share (1/m) on the seeded ring', unit: 'ratio' },
    ringMinToMean: { description: 'Least loaded shard’s share / mean share on the seeded ring', unit: 'ratio' },
  },
  references: [
    {
      title:
        'D. Karger, E. Lehman, T. Leighton, R. Panigrahy, M. Levine, D. Lewin, “Consistent Hashing and Random Trees”, STOC 1997',
      url: 'https://doi.org/10.1145/258533.258660',
      note: 'The ring: each cache (shard) hashed to several points, an item to the next point; adding a cache moves only the items it takes.',
    },
    {
      title: 'J. Lamping, E. Veach, “A Fast, Minimal Memory, Consistent Hash Algorithm”, 2014',
      url: 'https://arxiv.org/abs/1406.2294',
      note: '10 shards grown to 12: h(key) mod 12 is “probably not the same as h(key) mod 10”, yet “it is only necessary to move 1/6 of the data”. Also compares the evenness of the ring’s buckets with jump hash.',
    },
    {
      title: 'G. DeCandia et al., “Dynamo: Amazon’s Highly Available Key-value Store”, SOSP 2007, §4.2',
      url: 'https://www.allthingsdistributed.com/files/amazon-dynamo-sosp2007.pdf',
      note: 'Virtual nodes: each node takes several positions (tokens) on the ring, to even out the load and spread a departed node’s keys over many nodes.',
    },
    {
      title: 'H. A. David, H. N. Nagaraja, “Order Statistics”, 3rd ed., Wiley 2003, §6.4 (uniform spacings)',
      note: 'The spacings of uniform points are exchangeable and jointly Dirichlet(1, …, 1); a sum of v of N is Beta(v, N − v).',
    },
  ],
  example: { shards: 10, added: 1, virtualNodes: 100, keys: 10_000_000, seed: 1 },
  exampleStates: {
    moduloMovedFraction: 0.909,
    moduloMovedKeys: 9_090_909,
    ringMovedFraction: 0.0909,
    ringMovedKeys: 909_091,
    ringExpectedShareCv: 0.0953,
    ringMaxToMean: 1.184,
    ringMaxShare: 0.1076,
    ringMinToMean: 0.832,
    ringShareCv: 0.106,
  },
  compute(v): ConsistentHashingOutput {
    const n = v.shards;
    const m = n + v.added;
    const big = Math.max(n, m);
    const modulo = moduloMovedFraction(n, m);
    const ring = v.added >= 0 ? v.added / m : -v.added / n;
    // One ring with the larger shard set; the smaller is the same ring without the last |k| shards' points.
    const { all, without } = ringShares(big, v.virtualNodes, v.seed, Math.min(n, m));
    const after = v.added >= 0 ? all : without;
    let moved = 0;
    for (let s = Math.min(n, m); s < big; s++) moved += all[s]!;
    let max = 0;
    let min = Number.POSITIVE_INFINITY;
    let sumSq = 0;
    for (let s = 0; s < m; s++) {
      const x = after[s]!;
      if (x > max) max = x;
      if (x < min) min = x;
      sumSq += (x * m - 1) ** 2;
    }
    return {
      shardsAfter: m,
      moduloMovedFraction: modulo,
      moduloMovedKeys: v.keys * modulo,
      ringMovedFraction: ring,
      ringMovedKeys: v.keys * ring,
      ringMovedFractionSimulated: Math.min(1, moved),
      movedRatio: ring > 0 ? modulo / ring : null,
      ringExpectedShareCv: ringShareCv(m, v.virtualNodes),
      ringShareCv: Math.sqrt(sumSq / m),
      ringMaxShare: Math.min(1, max),
      ringMaxToMean: max * m,
      ringMinToMean: min * m,
    };
  },
});
