import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fleetSizing as model } from '../../../models/capacity/fleet-sizing.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { expectClose } from '../close.ts';
import { deepFreeze } from '../freeze.ts';

describe('fleet-sizing: published rules', () => {
  it('sizes Gulati’s microservice: 100 000 req/s at 1000 req/s an instance → 100 instances, 125 at 80 %', () => {
    // Source: S. Gulati, "Why an architecture with three Availability Zones is better than the one with two" (2022),
    // https://shekhargulati.com/2022/10/06/why-an-architecture-with-three-availability-zones-is-better-than-the-one-with-two-availability-zones/:
    // "100,000 requests per second. Each instance … can handle 1000 requests per second … we need 100 instances …
    // Assuming you want servers to be 80% utilized you will need 125 servers".
    expect(evaluate(model, { load: 100_000, capacityPerNode: 1000, targetUtilization: 1 }).nodes).toBe(100);
    const out = evaluate(model, { load: 100_000, capacityPerNode: 1000, targetUtilization: 0.8 });
    expect(out.nodes).toBe(125);
    expectClose(out.utilizationAtPeak, 0.8);
    // Same post: "with 3 AZs you lose 1/3 capacity. With two AZs you can lose half the capacity."
    const three = evaluate(model, { load: 100_000, capacityPerNode: 1000, targetUtilization: 0.8, zones: 3 });
    expect(three.nodesPerZone).toBe(42); // ⌈125 / 3⌉; 126 nodes
    expectClose(three.utilizationAfterZoneLoss, 100_000 / (84 * 1000)); // 1/3 lost: 1.19, saturated
    expect(three.survivesZoneLoss).toBe(false);
    const two = evaluate(model, { load: 100_000, capacityPerNode: 1000, targetUtilization: 0.8, zones: 2 });
    expectClose(two.utilizationAfterZoneLoss, 100_000 / (63 * 1000)); // half lost: 1.59
  });

  it('follows Azure’s zones/(zones − 1) rule: four instances at peak → six over three zones', () => {
    // Source: Microsoft Azure documentation, "Availability Zone support for public multi-tenant App Service",
    // articles/app-service/how-to-zone-redundancy.md in MicrosoftDocs/azure-docs,
    // https://github.com/MicrosoftDocs/azure-docs/blob/899dbbaee3cfe04663cfac326b2f53b8d85247a4/articles/app-service/how-to-zone-redundancy.md
    // (the same tip recurs in other articles of that repository): "multiply peak workload instance count by a factor
    // of zones/(zones-1), or 3/2. For example, if your typical peak workload requires four instances,
    // you should provision six instances: (2/3 * 6 instances) = 4 instances."
    const three = evaluate(model, { load: 4, capacityPerNode: 1, targetUtilization: 1, zones: 3, surviveZoneLoss: true });
    expect(three.baseNodes).toBe(4);
    expect(three.nodes).toBe(6);
    expectClose(three.utilizationAfterZoneLoss, 1); // the 4 survivors carry the peak exactly
    expect(three.survivesZoneLoss).toBe(true);
    // The same factor for two zones is 2/1: eight instances (derived from the published formula).
    expect(evaluate(model, { load: 4, capacityPerNode: 1, targetUtilization: 1, zones: 2, surviveZoneLoss: true }).nodes).toBe(8);
  });

  it('agrees with “each AZ … at no more than 80 % so it can absorb 1/4 of a failed AZ’s load” for five zones', () => {
    // Source: smorgasbork.com, "AWS: hedging against AZ failure" (2017-03-31),
    // https://www.smorgasbork.com/2017/03/31/aws-hedging-az-failure/: with 5 AZs, "the loss of 1 AZ would mean that
    // everything running there would have to be absorbed by 4 other AZs. That would mean that each AZ would have to be
    // running at no more than 80% capacity". Zone-survivable sizing at 100 % after the loss runs at 4/5 before it.
    const out = evaluate(model, { load: 400, capacityPerNode: 10, targetUtilization: 1, zones: 5, surviveZoneLoss: true });
    expect(out.nodes).toBe(50); // 40 base nodes, 10 a zone
    expectClose(out.utilizationAtPeak, 0.8);
    expectClose(out.utilizationAfterZoneLoss, 1);
  });

  it('adds N+2 spares that can be lost with the rest still at target (Google Cloud’s N+2)', () => {
    // Source: Google Cloud, "Designing for reliability" (Cloud infrastructure design course): "deploy two extra
    // instances, or N+2 to handle both failure and upgrades". N = ⌈900 / (100 × 0.75)⌉ = 12; N+2 = 14.
    const out = evaluate(model, { load: 900, capacityPerNode: 100, targetUtilization: 0.75, spares: 2 });
    expect(out.baseNodes).toBe(12);
    expect(out.nodes).toBe(14);
    expectClose(out.utilizationAtPeak, 900 / 1400); // 0.643 with everything up
    expectClose(out.utilizationAfterLosingSpares, 0.75); // 900 / 1200: back at target after losing 2
    expectClose(out.maxLoadAfterLosingSpares, 900);
  });
});

describe('fleet-sizing: the worked example and edges, derived by hand', () => {
  it('sizes the doc comment’s example: 189 nodes, 63 a zone; 0.529 at peak, 0.535 after 2 losses, 0.794 after a zone', () => {
    const out = evaluate(model, model.example);
    expect(out).toMatchObject({ baseNodes: 125, nodes: 189, nodesPerZone: 63, nodesBeyondBase: 64, survivesZoneLoss: true });
    expectClose(out.utilizationAtPeak, 100_000 / 189_000);
    expectClose(out.utilizationAfterLosingSpares, 100_000 / 187_000);
    expectClose(out.utilizationAfterZoneLoss, 100_000 / 126_000);
    expectClose(out.maxLoadAtTarget, 189 * 800);
  });

  it('plans for growth headroom: 20 % more load, sized now', () => {
    const out = evaluate(model, { load: 1000, capacityPerNode: 100, targetUtilization: 0.5, growthHeadroom: 0.2 });
    expectClose(out.plannedLoad, 1200);
    expect(out.nodes).toBe(24); // ⌈1200 / 50⌉
    expectClose(out.utilizationAtPeak, 1000 / 2400); // today
    expectClose(out.plannedUtilization, 0.5); // at the planned load
  });

  it('keeps zones equal: N + k rounded up to a multiple of the zones', () => {
    const out = evaluate(model, { load: 700, capacityPerNode: 100, targetUtilization: 1, spares: 1, zones: 3 });
    expect(out.nodesPerZone).toBe(3); // ⌈(7 + 1) / 3⌉
    expect(out.nodes).toBe(9);
    expect(out.nodesBeyondBase).toBe(2);
  });

  it('keeps one node for no load, and answers a single zone with nulls for zone loss', () => {
    const out = evaluate(model, { load: 0, capacityPerNode: 10 });
    expect(out).toMatchObject({
      baseNodes: 1,
      nodes: 1,
      utilizationAtPeak: 0,
      utilizationAfterZoneLoss: null,
      survivesZoneLoss: null,
    });
  });

  it('reports saturation after losing more than it can (a single zone holding every spare)', () => {
    // 10 nodes of 100/s at target 1 carry exactly 1000/s; losing k = 0 of them is fine, a zone of 5 is not.
    const out = evaluate(model, { load: 1000, capacityPerNode: 100, targetUtilization: 1, zones: 2 });
    expect(out.nodes).toBe(10);
    expectClose(out.utilizationAfterZoneLoss, 2);
    expect(out.survivesZoneLoss).toBe(false);
  });

  it('does not buy a node for rounding error: 1.1 units at 0.1 a node and target 1 are 11 nodes', () => {
    // Math.ceil(1.1 / 0.1) is 12 in doubles (1.1 / 0.1 = 11.000000000000002).
    expect(evaluate(model, { load: 1.1, capacityPerNode: 0.1, targetUtilization: 1 }).nodes).toBe(11);
  });

  it('stays finite at the corners of the input ranges', () => {
    const out = evaluate(model, {
      load: 1e12,
      capacityPerNode: 1e-6,
      targetUtilization: 0.01,
      growthHeadroom: 1,
      spares: 10_000,
      zones: 20,
      surviveZoneLoss: true,
    });
    expectClose(out.baseNodes, 2e20, 1e-12);
    expect(JSON.stringify(out)).not.toMatch(/NaN|Infinity/);
  });
});

describe('fleet-sizing: bad input', () => {
  it('names each bad field, its constraint and the value received', () => {
    const r = check(model, { load: -1, capacityPerNode: 0, targetUtilization: 1.2, spares: 1.5, zones: 0, nodes: 3 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.problems.map((p) => `${p.field}: ${p.message}`);
    expect(lines).toContain('load: must be a number from 0 to 1000000000000 (got -1)');
    expect(lines).toContain('capacityPerNode: must be a number from 0.000001 to 1000000000000 (got 0)');
    expect(lines).toContain('targetUtilization: must be a number from 0.01 to 1 (got 1.2)');
    expect(lines).toContain('spares: must be an integer from 0 to 10000 (got 1.5)');
    expect(lines).toContain('zones: must be an integer from 1 to 20 (got 0)');
    expect(lines.some((l) => l.startsWith('nodes: is not an input of this model'))).toBe(true);
  });

  it('refuses to survive the loss of the only zone, in words', () => {
    const r = check(model, { load: 10, capacityPerNode: 1, surviveZoneLoss: true });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { field: 'surviveZoneLoss', message: 'needs zones >= 2: with one zone, losing it loses everything', kind: 'rule' },
    ]);
  });

  it('does not mutate its input', () => {
    const input = deepFreeze({ load: 50, capacityPerNode: 10, zones: 2, surviveZoneLoss: true });
    const out = evaluate(model, input);
    expect(out.nodes).toBe(16); // N = ⌈50 / 7⌉ = 8; 8 a zone to survive one
    expect(input).toEqual({ load: 50, capacityPerNode: 10, zones: 2, surviveZoneLoss: true });
  });
});

describe('fleet-sizing: properties', () => {
  const anyInput = fc
    .record({
      load: fc.double({ min: 0, max: 1e7, noNaN: true }),
      capacityPerNode: fc.double({ min: 1, max: 1e5, noNaN: true }),
      targetUtilization: fc.double({ min: 0.05, max: 1, noNaN: true }),
      growthHeadroom: fc.double({ min: 0, max: 1, noNaN: true }),
      spares: fc.integer({ min: 0, max: 5 }),
      zones: fc.integer({ min: 1, max: 6 }),
      surviveZoneLoss: fc.boolean(),
    })
    .map((v) => ({ ...v, surviveZoneLoss: v.surviveZoneLoss && v.zones >= 2 }));

  it('covers the planned load at target: with every node, after losing k, and after a zone when asked', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const out = evaluate(model, input);
        const budget = input.capacityPerNode * input.targetUtilization;
        const slack = 1 - 1e-12; // products of doubles taken in another order
        expect(out.baseNodes * budget).toBeGreaterThanOrEqual(out.plannedLoad * slack);
        if (out.baseNodes > 1) expect((out.baseNodes - 1) * budget).toBeLessThan(out.plannedLoad);
        expect((out.nodes - input.spares) * budget).toBeGreaterThanOrEqual(out.plannedLoad * slack);
        expect(out.utilizationAfterLosingSpares).toBeLessThanOrEqual(input.targetUtilization * (1 + 1e-12));
        if (input.surviveZoneLoss) {
          expect((out.nodes - out.nodesPerZone) * budget).toBeGreaterThanOrEqual(out.plannedLoad * slack);
          expect(out.survivesZoneLoss).toBe(true);
        }
        expect(out.nodes % input.zones).toBe(0);
        expect(out.nodes).toBeGreaterThanOrEqual(out.baseNodes + input.spares);
      }),
    );
  });

  it('never needs fewer nodes for more load, more spares or more headroom', () => {
    fc.assert(
      fc.property(anyInput, fc.double({ min: 1, max: 10, noNaN: true }), (input, k) => {
        const a = evaluate(model, input);
        expect(evaluate(model, { ...input, load: input.load * k }).nodes).toBeGreaterThanOrEqual(a.nodes);
        expect(evaluate(model, { ...input, spares: input.spares + 1 }).nodes).toBeGreaterThanOrEqual(a.nodes);
        expect(
          evaluate(model, { ...input, growthHeadroom: Math.min(1, input.growthHeadroom + 0.1) }).nodes,
        ).toBeGreaterThanOrEqual(a.nodes);
      }),
    );
  });

  it('runs hotter after losing nodes than before, and utilization × nodes × capacity is the load', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const out = evaluate(model, input);
        expect(out.utilizationAfterLosingSpares).toBeGreaterThanOrEqual(out.utilizationAtPeak);
        if (out.utilizationAfterZoneLoss !== null)
          expect(out.utilizationAfterZoneLoss).toBeGreaterThanOrEqual(out.utilizationAtPeak);
        expectClose(out.utilizationAtPeak * out.nodes * input.capacityPerNode, input.load, 1e-12, 1e-9);
      }),
    );
  });
});
