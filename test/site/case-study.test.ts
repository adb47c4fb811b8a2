/**
 * The pieces a case study's module is made of (src/lib/case-study.ts, scenario.ts, provenance.ts): each
 * refuses what would publish a wrong page, with a message that names what is wrong.
 */
import { describe, expect, it } from 'vitest';
import { rateLimiterCapacity } from '../../models/case-studies/rate-limiter.ts';
import { mm1 } from '../../models/queueing/mm1.ts';
import { rateLimitCompare } from '../../models/rate-limiting/compare.ts';
import rateLimitTimeline from '../../src/charts/rate-limit-timeline.ts';
import { chart, collectCaseStudy, drill } from '../../src/lib/case-study.ts';
import { claim } from '../../src/lib/claims.ts';
import { assumptions, choice, measured, source } from '../../src/lib/provenance.ts';
import { derive, scenario } from '../../src/lib/scenario.ts';

describe('a case study module', () => {
  it('refuses a chart bound to a scenario of another model, naming both', () => {
    const s = scenario('queue', mm1, { arrivalRate: 80, serviceRate: 100 });
    expect(() => chart(s as never, rateLimitTimeline, { label: 'l', caption: 'c' })).toThrow(
      'chart "rate-limit-timeline" draws the output of model rate-limit-compare, but scenario "queue" is of model mm1: bind it to a scenario of rate-limit-compare',
    );
    const algos = scenario('algos', rateLimitCompare, {});
    expect(chart(algos, rateLimitTimeline, { label: 'l', caption: 'c' }).chart.name).toBe('rate-limit-timeline');
  });

  it('refuses invalid inputs with the model’s own messages, and a name that cannot go in a URL', () => {
    expect(() => scenario('queue', mm1, { arrivalRate: -1, serviceRate: 100 })).toThrow(
      /scenario "queue" \(model mm1\) has invalid inputs:\narrivalRate: /,
    );
    expect(() => scenario('my-queue', mm1, { arrivalRate: 1, serviceRate: 2 })).toThrow(/camelCase/);
  });

  it('derives a scenario from another: scaled and set inputs, recorded on the source for the browser', () => {
    const base = scenario('limiter', rateLimiterCapacity, { peakRequestsPerSecond: 500_000 });
    const twice = derive('twice', base, { scale: { peakRequestsPerSecond: 2 }, set: { checksPerRequest: 3 } });
    // 1 000 000 requests/s × 3 checks = 3 000 000 commands/s (derived by hand).
    expect(twice.output.redisOpsPerSecond).toBe(3_000_000);
    expect(twice.source).toBe('limiter');
    expect(base.derived).toEqual([{ name: 'twice', scale: { peakRequestsPerSecond: 2 }, set: { checksPerRequest: 3 } }]);
  });

  it('writes drills in base units, and refuses a drill or premise of an input the model lacks', () => {
    const base = scenario('limiter', rateLimiterCapacity, {});
    const d = drill(base, { localShare: 0.5, networkRoundTrip: 0.001 }, { anchor: 'capacity', title: 't', question: 'q' });
    expect(d.href).toBe('?limiter.localShare=0.5&limiter.networkRoundTrip=0.001#capacity');
    expect(() => drill(base, { nope: 1 } as never, { anchor: 'a', title: 't', question: 'q' })).toThrow(
      'scenario "limiter" has no input "nope"',
    );
    expect(() => assumptions(base, { nope: choice('x') } as never)).toThrow('model rate-limiter-capacity has no input "nope"');
  });

  it('accepts a source only with an address or a chapter, and a date', () => {
    expect(() => source({ title: 'A blog post', date: '2024' })).toThrow(/give an address, or a book's chapter/);
    expect(() => source({ title: 'A post', url: 'https://example.org/post', date: 'last year' })).toThrow(/YYYY/);
    expect(source({ title: 'Kleinrock, Queueing Systems, vol. 1, ch. 3', date: '1975' }).kind).toBe('source');
    expect(measured({ what: 'x', machine: 'm', date: '2026-12-07' }).kind).toBe('measured');
  });

  it('collects its exports: scenarios, charts, claims, drills, premises and the models, with no list kept by hand', () => {
    const algos = scenario('algos', rateLimitCompare, {});
    const timeline = chart(algos, rateLimitTimeline, { label: 'l', caption: 'c' });
    const over = claim(
      algos,
      { output: 'algorithms[id=fixed-window].maxAdmittedInAnyWindow' },
      '>',
      { input: 'limit' },
      { says: 's' },
    );
    const study = collectCaseStudy('trial', { algos, timeline, over, unrelated: { a: 1 } });
    expect(study.models.map((m) => m.id)).toEqual(['rate-limit-compare']);
    expect(study.charts).toEqual([timeline]);
    expect(study.claims).toEqual([over]);
    expect(() => collectCaseStudy('trial', { timeline })).toThrow('"algos" is used but not exported from the module');
    expect(() => collectCaseStudy('trial', { a: algos, b: scenario('algos', rateLimitCompare, {}) })).toThrow(
      'two scenarios are named "algos"',
    );
  });

  it('refuses a claim about a value the scenario does not have', () => {
    const algos = scenario('algos', rateLimitCompare, {});
    expect(() => claim(algos, { output: 'nothing' }, '<', 1, { says: 'x' })).toThrow(
      'scenario "algos" (model rate-limit-compare) has no output "nothing"',
    );
  });
});
