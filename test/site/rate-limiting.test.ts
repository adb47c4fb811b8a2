/**
 * The rate-limiting case study's headline numbers and the invariants its prose rests on, each with its
 * derivation: if a model, the lab's results or the module's inputs change, the numbers a reader sees are
 * re-checked here against what the page says about them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as study from '../../case-studies/rate-limiting.ts';
import { rateLimiterCapacity } from '../../models/case-studies/rate-limiter.ts';
import { redisClusterFailover } from '../../models/case-studies/redis-cluster-failover.ts';
import { evaluate } from '../../models/evaluate.ts';
import { formatValue } from '../../src/lib/format.ts';
import { claimHolds, type Claim } from '../../src/lib/claims.ts';
import { expectClose } from '../models/close.ts';

const { limiter, bigger, viaService, algos, bounds, walk, failover, fallback, regions, inflight, inflightSlow, retries } = study;

/** The lab's results, read from the file itself (not through the module). */
interface LabFile {
  date: string;
  machine: { cores: number };
  results: {
    throughput: { command: string; clients: number; pipeline: number; medianCallsPerRedisCpuSecond: number }[];
    comparison: { clients: number; pipeline: number; gcraOverSetRedisCpu: number }[];
  };
  raw: { measurements: { command: string; pipeline: number; callsPerSecond: number; serverCpuCores: number }[] };
}
const labFile = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'labs', 'results', 'gcra-throughput.json'), 'utf8'),
) as LabFile;
const labFigure = (command: string) =>
  labFile.results.throughput.find((r) => r.command === command && r.clients === 50 && r.pipeline === 1)
    ?.medianCallsPerRedisCpuSecond;

const holds = (c: Claim) => claimHolds(c, c.of.resolved, c.of.output);

describe('rate-limiting: what one primary sustains comes from the lab', () => {
  it('sizes with the GCRA script’s calls per Redis CPU-second at 50 clients, unpipelined, as measured', () => {
    const gcra = labFigure('GCRA');
    expect(gcra).toBeTypeOf('number');
    expect(limiter.resolved['opsPerPrimary']).toBe(gcra);
    expect(study.lab.gcra.medianCallsPerRedisCpuSecond).toBe(gcra);
  });

  it('finds the script costlier than a SET, as redis-cell’s README says of its native GCRA', () => {
    // redis-cell README (https://github.com/brandur/redis-cell): "a little under twice as long to run as a basic
    // Redis SET". The lab's same-run ratio of Redis CPU per call, and the ratio of the two medians: both above 1
    // (the page quotes the ratio from the file and the README beside it, and sizes with the script's figure).
    const ratio = labFile.results.comparison.find((c) => c.clients === 50 && c.pipeline === 1)?.gcraOverSetRedisCpu;
    expect(ratio).toBeGreaterThan(1);
    expect(ratio).toBeLessThan(3);
    expect(study.lab.comparison.gcraOverSetRedisCpu).toBe(ratio);
    const set = labFigure('SET') ?? Number.NaN;
    const gcra = labFigure('GCRA') ?? Number.NaN;
    expect(set / gcra).toBeGreaterThan(1);
  });

  it('shows the spread of the unpipelined script runs, and the primaries at both ends', () => {
    // derived from the file: calls per second ÷ Redis CPU cores, per run (2026-12-07 run: 28 534 to 54 516)
    const perRun = labFile.raw.measurements
      .filter((m) => m.command === 'GCRA' && m.pipeline === 1)
      .map((m) => m.callsPerSecond / m.serverCpuCores);
    expect(study.lab.spread.min).toBe(Math.round(Math.min(...perRun)));
    expect(study.lab.spread.max).toBe(Math.round(Math.max(...perRun)));
    expect(study.lab.spread.min).toBeLessThanOrEqual(labFigure('GCRA') ?? Number.NaN);
    expect(study.lab.spread.max).toBeGreaterThanOrEqual(labFigure('GCRA') ?? Number.NaN);
    expect(study.limiterLow.output.primaries).toBe(Math.ceil(1_000_000 / (study.lab.spread.min * 0.5)));
    expect(study.limiterHigh.output.primaries).toBe(Math.ceil(1_000_000 / (study.lab.spread.max * 0.5)));
  });

  it('states the measurement’s machine, date and lab in the premises', () => {
    const p = study.limiterPremises.fields['opsPerPrimary'];
    expect(p?.kind).toBe('measured');
    if (p?.kind !== 'measured') return;
    expect(p.date).toBe(labFile.date.slice(0, 10));
    expect(p.lab).toBe('gcra-throughput');
    expect(p.machine).toContain(`${labFile.machine.cores}-core`);
  });
});

describe('rate-limiting: the Redis tier', () => {
  const out = limiter.output;
  const ops = limiter.resolved['opsPerPrimary'] as number;
  const u = limiter.resolved['targetUtilization'] as number;

  it('needs ⌈1 000 000 / (the lab’s figure × 0.5)⌉ primaries, one replica each, in one cluster', () => {
    // derived by hand: 500 000 requests/s × 2 checks = 1 000 000 commands/s; each primary may carry its measured
    // calls per Redis CPU-second × 0.5 (with the 2026-12-07 02:31 run, 40 740 × 0.5 = 20 370: 50 primaries; with the
    // 02:56 re-run, 35 160 × 0.5 = 17 580: 57). The figure is read from the file, so a new lab run moves the page.
    const primaries = Math.ceil(1_000_000 / ((labFigure('GCRA') ?? Number.NaN) * 0.5));
    expect(out.redisOpsPerSecond).toBe(1_000_000);
    expect(out.primaries).toBe(primaries);
    expect(out.primaries).toBe(Math.ceil(1_000_000 / (ops * u)));
    expect(out).toMatchObject({ replicas: primaries, nodes: 2 * primaries, clustersNeeded: 1, fitsOneCluster: true });
    // the plain-SET figure the page used to size with (100 000 commands/s) bought 20: the drill shows it
    expect(evaluate(rateLimiterCapacity, { ...limiter.resolved, opsPerPrimary: 100_000 }).primaries).toBe(20);
  });

  it('covers the load at the target utilisation, and one primary fewer would not', () => {
    expect(out.primaries * ops * u).toBeGreaterThanOrEqual(out.redisOpsPerSecond);
    expect((out.primaries - 1) * ops * u).toBeLessThan(out.redisOpsPerSecond);
    expect(out.utilizationPerPrimary).toBeLessThanOrEqual(u);
  });

  it('gets no write capacity from replicas: the primaries are the same for 0 to 5 replicas each', () => {
    for (const replicasPerPrimary of [0, 1, 2, 3, 4, 5]) {
      const r = evaluate(rateLimiterCapacity, { ...limiter.resolved, replicasPerPrimary });
      expect(r.primaries).toBe(out.primaries);
      expect(r.utilizationPerPrimary).toBe(out.utilizationPerPrimary);
      expect(r.nodes).toBe(out.primaries * (1 + replicasPerPrimary));
    }
    // the trap, derived by hand: the P throughput nodes bought as ⌈P / 2⌉ primaries + replicas run at
    // 1 000 000 / ⌈P / 2⌉ / ops (with 50 primaries: 25 at 98.2 %), more than the target and close to saturation
    const trap = Math.ceil(out.primariesForThroughput / 2);
    expect(out.primariesIfReplicasCounted).toBe(trap);
    expectClose(out.utilizationIfReplicasCounted, 1_000_000 / trap / ops);
    expect(out.utilizationIfReplicasCounted).toBeGreaterThan(1.9 * u);
    expect(holds(study.trapBuysFewer)).toBe(true);
    expect(holds(study.trapSaturates)).toBe(out.utilizationIfReplicasCounted >= 1);
  });

  it('keeps a remote check within the budget of a few milliseconds at p99', () => {
    // derived by hand: 0.5 ms + ln 100 / (μ − λ), μ = ops, λ = 1 000 000 / primaries (with 50 primaries at
    // 40 740/s: λ = 20 000/s, 0.5 + 0.222 = 0.722 ms)
    expectClose(out.checkLatencyP99, 0.0005 + Math.log(100) / (ops - 1_000_000 / out.primaries));
    expect(out.checkLatencyP99).toBeLessThan(0.003);
  });

  it('sets the number of primaries by throughput; memory stays a rounding error', () => {
    expect(holds(study.throughputSetsPrimaries)).toBe(true);
    expect(holds(study.memoryIsSmall)).toBe(true);
    expect(out.primariesForMemory).toBe(1);
  });

  it('costs the nodes plus the checks that cross zones: each m5.large $0.096 × 730 h = $70.08 a month', () => {
    // derived by hand: nodes × $0.096 × 730 h (100 nodes: $7 008); checks (135 + 52) B × 10^6/s × 2 628 000 s
    // × 2/3, plus replication 99 B × 10^6/s × 1 replica × 2 628 000 s (every replica in another zone);
    // = 5.878 × 10^14 B = 547 424 GB, × 2 × $0.01 = $10 948.55 whatever the number of nodes
    expectClose(out.computeUsdPerMonth, out.nodes * 0.096 * 730);
    expectClose(out.crossZoneUsdPerMonth, ((187e6 * 2_628_000 * (2 / 3) + 99e6 * 2_628_000) / 2 ** 30) * 0.02);
    expectClose(out.totalUsdPerMonth, out.computeUsdPerMonth + out.crossZoneUsdPerMonth);
    expect(holds(study.crossZoneDominates)).toBe(out.crossZoneUsdPerMonth > out.computeUsdPerMonth);
  });

  it('answers the interview question: twice the traffic, three limits → 3 000 000 commands/s', () => {
    // derived by hand: 500 000 × 2 × 3 = 3 000 000 commands/s; ⌈3 000 000 / (ops × 0.5)⌉ primaries (with the
    // 02:31 run's 20 370 a primary: 147.3 → 148)
    expect(bigger.output.redisOpsPerSecond).toBe(3_000_000);
    expect(bigger.output.primaries).toBe(Math.ceil(3_000_000 / (ops * u)));
    expect(bigger.output.primaries).toBeGreaterThan(2 * out.primaries);
  });

  it('states both price dates: the day the table was read and the day the instance’s rate took effect', () => {
    // the cost model's table: read on 2026-12-01; m5.large's On-Demand rate effective 2020-07-01 by its source
    expect(study.priceDates.readOn).toBe(limiter.output.priceTableAsOf);
    expect(study.priceDates.instanceType).toBe(limiter.resolved['instanceType']);
    expect(study.priceDates).toMatchObject({ readOn: '2026-12-01', instanceType: 'm5.large', instanceEffective: '2020-07-01' });
    const page = readFileSync(join(import.meta.dirname, '..', '..', 'case-studies', 'rate-limiting.mdx'), 'utf8');
    expect(page).toContain('prices read on <Value of={limiter} field="priceTableAsOf" />');
    expect(page).toContain("the rate of this page's {priceDates.instanceType} took effect");
  });

  it('prices a separate rate-limit service as one more round trip on every check', () => {
    expectClose(
      (viaService.output.checkLatencyP50 ?? 0) - (limiter.output.checkLatencyP50 ?? 0),
      limiter.resolved['networkRoundTrip'] as number,
    );
  });
});

describe('rate-limiting: the algorithms’ bounds and the trace', () => {
  it('keeps every algorithm on the trace within its bound (same limit and window as the bounds panel)', () => {
    expect(bounds.resolved['limit']).toBe(algos.resolved['limit']);
    expect(bounds.resolved['window']).toBe(algos.resolved['window']);
    const most = (id: string) => algos.output.algorithms.find((a) => a.id === id)?.maxAdmittedInAnyWindow ?? Infinity;
    expect(most('fixed-window')).toBeLessThanOrEqual(bounds.output.fixedWindowMax);
    expect(most('sliding-log')).toBeLessThanOrEqual(bounds.output.slidingLogMaxInWindow);
    expect(most('token-bucket')).toBeLessThanOrEqual(bounds.output.gcraMaxInWindow);
    expect(most('gcra')).toBeLessThanOrEqual(bounds.output.gcraMaxInWindow);
  });

  it('states the bounds for 10 per 10 s: fixed window 20 = 2 × limit, GCRA 10 + 10 = 20 closed, 19 half-open', () => {
    // derived by hand: T = 1 s, max_burst 9: 9 + 1 + ⌊10/1⌋ = 20; 9 + ⌈10⌉ = 19; 10 × (1 + 1) = 20; sliding log 10
    expect(bounds.output).toMatchObject({ fixedWindowMax: 20, gcraMax: 20, tokenBucketMax: 20, gcraMaxInWindow: 19 });
    expect(bounds.output.slidingLogMaxInWindow).toBe(10);
  });

  it('binds each sentence about GCRA’s bound or the trace to one panel: the bounds’ or the trace’s, never both', () => {
    // The bounds panel's max_burst and the trace's (the whole limit) are set separately; a sentence that took
    // numbers from both would pair, say, max_burst 0 with the trace's counts at max_burst 9.
    const page = readFileSync(join(import.meta.dirname, '..', '..', 'case-studies', 'rate-limiting.mdx'), 'utf8');
    for (const [name, scenario] of [
      ['gcraBoundAboveFixed', 'bounds'],
      ['gcraBeyondFixed', 'algos'],
    ] as const) {
      expect(study[name].scenario).toBe(scenario);
      const sentences = [...page.matchAll(new RegExp(`<When claim=\\{study\\.${name}\\}( not)?>([\\s\\S]*?)</When>`, 'g'))];
      expect(sentences.map((m) => m[1] ?? '')).toEqual(['', ' not']); // a sentence for each outcome
      for (const m of sentences) {
        const bound = [...(m[2] ?? '').matchAll(/of=\{(\w+)\}/g)].map((b) => b[1]);
        expect(bound.length).toBeGreaterThan(0);
        expect(new Set(bound), `${name}${m[1] ?? ''}`).toEqual(new Set([scenario]));
        // and it says which panel it speaks of
        expect(m[2]).toContain(scenario === 'bounds' ? 'the bounds panel above' : 'the trace of the first panel');
      }
    }
  });

  it('GCRA admits exactly what the token bucket admits on the trace', () => {
    const of = (id: string) => algos.output.algorithms.find((a) => a.id === id)?.admitted;
    expect(of('gcra')).toBe(of('token-bucket'));
  });
});

describe('rate-limiting: tables fit the content column', () => {
  it('keeps every HTML table to at most 6 columns, each in a focusable region with a label', () => {
    // At 1280 px the column is 632 px wide: the lab and GCRA tables keep the columns that carry the argument and
    // move the rest into a <details> table (measured in Chromium: scrollWidth <= clientWidth for every table).
    const page = readFileSync(join(import.meta.dirname, '..', '..', 'case-studies', 'rate-limiting.mdx'), 'utf8');
    const tables = [
      ...page.matchAll(
        /<div class="lb-model-table" role="region" aria-label="([^"]+)" tabindex="0">\s*<table>([\s\S]*?)<\/table>/g,
      ),
    ];
    expect(tables.length).toBe(4);
    expect(page.match(/<table>/g)?.length).toBe(tables.length);
    for (const [, label, body] of tables) {
      expect((body ?? '').match(/<th scope="col">/g)?.length ?? 0, label).toBeLessThanOrEqual(6);
    }
  });
});

describe('rate-limiting: GCRA step by step (redis-cell’s it_rate_limits)', () => {
  it('allows the first 5 calls at 0, limits the sixth for 1 s, and admits 10 of 11 in all', () => {
    const steps = walk.output.steps;
    expect(steps.slice(0, 5).every((s) => !s.limited)).toBe(true);
    expect(steps[5]?.limited).toBe(true);
    expectClose(steps[5]?.retryAfter ?? Number.NaN, 1);
    expect(walk.output.allowed).toBe(10);
    // each allowed call moves the stored TAT one emission interval (1 s) past max(TAT, now)
    for (const s of steps.filter((x) => !x.limited)) expectClose(s.tatAfter, Math.max(s.tat, s.time) + 1);
  });
});

describe('rate-limiting: failover, fallback and regions', () => {
  it('takes 15.5 s to 31 s to promote a replica at redis.conf’s 15 s node timeout', () => {
    // derived by hand (the cluster specification's timings): 15 + 0.5; (15.5 + 31) / 2; 1.5 × 15 + 0.5 × 15 + 1
    expect(failover.output).toMatchObject({ windowMin: 15.5, windowMid: 23.25, windowMax: 31 });
    expect(failover.output.windowMin).toBeGreaterThan(failover.resolved['nodeTimeout'] as number);
    expect(failover.resolved['nodes']).toBe(limiter.output.nodes);
  });

  it('covers the longest failover window with the fallback, which is never looser in total', () => {
    expect(fallback.resolved['outage']).toBe(failover.output.windowMax);
    expectClose(fallback.output.fleetCeiling, fallback.resolved['limit'] as number);
    expect(holds(study.fallbackLooser)).toBe(false);
  });

  it('refuses a tenant on 4 of 100 nodes 96 % of its limit, and failing open lets a runaway 9 times its limit through', () => {
    // derived by hand: 4 × (100 / 100) = 4/s usable of 100/s; failing open at 1 000/s over 31 s: 31 000 against
    // 3 100 allowed, 27 900 too many
    expectClose(fallback.output.usableShare, 0.04);
    expectClose(fallback.output.refusedWithinLimitRate, 96);
    expect(holds(study.fallbackRefusesWithinLimit)).toBe(true);
    expectClose(fallback.output.excessFailingOpen, 27_900);
    expectClose(fallback.output.admittedWithFallback, 124);
  });

  it('across regions: quotas never pass the limit; reconciliation overshoots by (regions − 1) envelopes', () => {
    const o = regions.output;
    expect(o.quotaUsableRate).toBeLessThanOrEqual(regions.resolved['limit'] as number);
    expectClose(o.overshoot, ((regions.resolved['regions'] as number) - 1) * o.envelopePerSync);
    expectClose(o.overshoot, 400); // (3 − 1) × (100 + 100 × 1), derived by hand
    expect(o.meanCheckRoundTrip).toBeGreaterThan(limiter.output.checkLatencyP99 ?? Infinity);
  });
});

describe('rate-limiting: concurrency and retries', () => {
  it('holds 20 requests in flight at 100/s and 200 ms, and 200 when the backend slows tenfold', () => {
    // Little's law, derived by hand: 100 × 0.2 = 20; 100 × 2 = 200
    expectClose(inflight.output.meanInSystem, 20);
    expectClose(inflightSlow.output.meanInSystem, 200);
  });

  it('turns one refused request retried 3 times at 3 layers into 64 attempts', () => {
    // derived by hand: (1 + 3)^3 = 64
    expect(retries.output.amplification).toBe(64);
  });
});

describe('rate limiting: the p99’s tornado (a second headline, issue 13)', () => {
  it('moves the check’s p99 by the round trip most, then by what a primary sustains; not by memory; the utilisation is a choice', () => {
    const t = study.latencySensitivity;
    // p99 = round trip + the M/M/1 time in system's 99th percentile, ln(100) ÷ (μ − λ), with μ = 53 040 calls a
    // second and λ = 1 000 000 ÷ 38 = 26 316 a primary: ln(100) ÷ 26 724 = 0.172 ms. At the round trip's ends
    // (0.2 ms and 1 ms) 0.372 ms and 1.172 ms, a swing of 0.8 ms; the ops' ends move it by 0.18 ms (0.826 to 0.648 ms).
    // The round trip was not ranged before, and the tornado put the ops first while the round trip is 74 % of the p99.
    expect(t.bars.map((b) => b.field)).toEqual(['networkRoundTrip', 'opsPerPrimary', 'bytesPerKey']);
    const queueing = Math.log(100) / (53_040 - 1_000_000 / 38);
    expectClose(t.bars[0]?.atLow, 0.0002 + queueing, 1e-3);
    expectClose(t.bars[0]?.atHigh, 0.001 + queueing, 1e-3);
    expectClose(t.likely, 0.0005 + queueing, 1e-3);
    // the peak the tier is sized for and the keys are choices (review S1), and so is the utilisation a primary is
    // planned at (the headroom: a setting of the design, review M1): held at the panel's values
    expect(t.held).toEqual(['peakRequestsPerSecond', 'checksPerRequest', 'targetUtilization', 'activeKeys']);
    const bar = (f: string) => t.bars.find((b) => b.field === f);
    // a faster primary serves a call sooner and runs less busy after rounding up: the p99 falls as opsPerPrimary rises
    expect(bar('opsPerPrimary')!.atHigh!).toBeLessThan(bar('opsPerPrimary')!.atLow!);
    expect(bar('targetUtilization')).toBeUndefined();
    // a key's size loads memory, not the CPU's queue
    expect(bar('bytesPerKey')?.swing).toBe(0);
    expect(t.likely).toBe(limiter.output.checkLatencyP99);
  });
});

/**
 * review13b's edits, recomputed as the page does: the tier at the reader's inputs, the failover panel following one
 * cluster's nodes of it, and each claim's branch at those values.
 */
describe('rate-limiting: the failover, the hot tenant and the gossip at the reviewer’s inputs (review13b)', () => {
  const page = readFileSync(join(import.meta.dirname, '..', '..', 'case-studies', 'rate-limiting.mdx'), 'utf8');
  const tierAt = (edits: Record<string, unknown>) => {
    const input = { ...limiter.resolved, ...edits };
    return { input, output: evaluate(rateLimiterCapacity, input) };
  };
  const failoverAt = (nodes: number) => {
    const input = { ...failover.resolved, nodes };
    return { input, output: evaluate(redisClusterFailover, input) };
  };
  const at = (c: Claim, s: { input: Record<string, unknown>; output: object }) =>
    claimHolds(c, s.input, s.output as Record<string, unknown>);

  it('A7: with no replicas the election and its window are not said; the page never sizes fewer than 3 primaries', () => {
    const none = tierAt({ replicasPerPrimary: 0 });
    expect(none.output.replicas).toBe(0); // 38 primaries × 0
    expect(at(study.hasReplicas, none)).toBe(false);
    expect(holds(study.hasReplicas)).toBe(true);
    // the election, its delay and the 31 s window are said only inside the hasReplicas branch
    const election = page.indexOf('Then the replica waits');
    expect(page.lastIndexOf('<When claim={study.hasReplicas}>', election)).toBeGreaterThan(page.lastIndexOf('</When>', election));
    expect(page).toContain("failed primary's slots stay out until the node is repaired or replaced");
    // 1 request/s: 2 checks ÷ (53 040 × 0.5) → 1 for throughput, but a Redis Cluster needs 3 primaries (a majority
    // of them votes a failover; redis-cli --cluster create refuses fewer): 3 primaries, 6 nodes in one cluster
    const tiny = tierAt({ peakRequestsPerSecond: 1 });
    expect(tiny.output.primariesForThroughput).toBe(1);
    expect(tiny.output.primaries).toBe(3);
    expect(tiny.output.nodesPerCluster).toBe(6);
    // 99 % answered locally: 10 000 checks/s to Redis, ⌈10 000 / 26 520⌉ = 1, still 3 primaries
    expect(tierAt({ localShare: 0.99 }).output.primaries).toBe(3);
  });

  it('A9: at 1 request/s no tenant can saturate its primary, and the page says so instead of “more than 100 %”', () => {
    // 3 primaries, 2 checks/s: a tenant sending all of them puts 2/s on its primary, against 53 040/s
    const tiny = tierAt({ peakRequestsPerSecond: 1 });
    expect(tiny.output.maxTenantShareBeforeSaturation).toBe(1);
    expect(at(study.tenantCanSaturate, tiny)).toBe(false);
    // at the defaults one tenant can: s·L + (1 − s)·L/P <= C with L = 1 000 000, P = 38, C = 53 040:
    // s <= (53 040 − 26 316) / (1 000 000 − 26 316) = 2.74 %
    expectClose(limiter.output.maxTenantShareBeforeSaturation, (53_040 - 1_000_000 / 38) / (1_000_000 - 1_000_000 / 38), 1e-3);
    expect(holds(study.tenantCanSaturate)).toBe(true);
    expect(page).toContain('not even a tenant sending every check\nsaturates its primary');
  });

  it('A10: the failover panel gossips within one cluster: 20 000 000 req/s is 4 clusters of 755 nodes, 100.5 pings a node', () => {
    // 20 000 000 × 2 = 40 000 000 calls; ÷ (53 040 × 0.5 = 26 520) = 1 508.3 → 1 509 primaries, 3 018 nodes;
    // ⌈3 018 ÷ 1 000⌉ = 4 clusters, ⌈3 018 ÷ 4⌉ = 755 nodes each
    const big = tierAt({ peakRequestsPerSecond: 20_000_000 });
    expect(big.output.nodes).toBe(3018);
    expect(big.output.clustersNeeded).toBe(4);
    expect(big.output.nodesPerCluster).toBe(755);
    const bus = failoverAt(big.output.nodesPerCluster);
    expectClose(bus.output.pingsPerSecondPerNode, 754 / 7.5); // 754 peers, each once per half of 15 s
    expectClose(bus.output.pingsPerSecond, (755 * 754) / 7.5); // 75 903 a second in one cluster
    expect(failover.links).toContainEqual(
      expect.objectContaining({ input: 'nodes', from: 'limiter', output: 'nodesPerCluster' }),
    );
  });

  it('A10: at 1 billion req/s the followed nodes stay within the failover panel’s range (151 clusters of 999)', () => {
    // 2 × 10⁹ ÷ 26 520 = 75 414.9 → 75 415 primaries, 150 830 nodes; clusters: max(⌈75 415 ÷ 16 384⌉ = 5,
    // ⌈150 830 ÷ 1 000⌉ = 151) = 151; ⌈150 830 ÷ 151⌉ = 999 nodes, within the panel's 2 to 100 000
    const huge = tierAt({ peakRequestsPerSecond: 1_000_000_000 });
    expect(huge.output.clustersNeeded).toBe(151);
    expect(huge.output.nodesPerCluster).toBe(999);
    expect(() => failoverAt(huge.output.nodesPerCluster)).not.toThrow();
    // what breaks first pins today's 75 415 primaries, past one cluster's 16 384 slots: the tier spans clusters
    expect(() => evaluate(rateLimiterCapacity, { ...huge.input, primaries: huge.output.primaries })).not.toThrow();
  });

  it('A15: one region takes its own branch; a tenant reaching all 100 nodes is not said to reach “only some”', () => {
    expect(holds(study.severalRegions)).toBe(true);
    expect(claimHolds(study.severalRegions, { ...regions.resolved, regions: 1 }, regions.output as never)).toBe(false);
    const all = { ...fallback.resolved, nodesReached: 100 };
    expect(claimHolds(study.fallbackReachesAll, all, fallback.output as never)).toBe(true);
    expect(holds(study.fallbackReachesAll)).toBe(false); // 4 of 100
  });

  it('A8: the limit and the counts say “1 request”, not “1 requests”', () => {
    expect(formatValue(1, { format: 'integer', noun: 'requests' })).toBe('1 request');
    expect(formatValue(1, { format: 'integer', noun: 'primaries' })).toBe('1 primary');
    expect(formatValue(1, { format: 'integer', noun: 'nodes' })).toBe('1 node');
    expect(page).toContain('<Value of={algos} input="limit" format="integer" noun="requests" /> per');
    expect(page).not.toMatch(/format="integer" \/> (requests|primaries|calls)\b/);
  });

  it('A11: the premises say that the followed values follow', () => {
    const text = JSON.stringify([study.failoverPremises.fields, study.fallbackPremises.fields]);
    expect(text).not.toContain('does not follow edits');
    expect(text).not.toContain('at redis.conf’s default timeout');
    expect(JSON.stringify(rateLimiterCapacity.input.shape.opsPerPrimary.meta())).not.toContain('about twice');
  });
});
