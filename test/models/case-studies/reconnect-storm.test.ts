import { describe, expect, it } from 'vitest';
import { reconnectStorm as model } from '../../../models/case-studies/reconnect-storm.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { expectClose } from '../close.ts';

const by = (out: ReturnType<typeof run>, id: string) => {
  const s = out.strategies.find((x) => x.id === id);
  if (!s) throw new Error(`no strategy ${id}`);
  return s;
};
const run = (input: Record<string, unknown>) => evaluate(model, input);

describe('reconnect-storm: published values', () => {
  it('3 600 000 clients at 500 new connections a second need 7 200 s, API Gateway’s two hours', () => {
    // Amazon API Gateway, "Quotas for configuring and running a WebSocket API"
    // (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html):
    // 500 new connections per second per account and Region; connection duration 2 hours: 500 × 7 200 = 3 600 000.
    const out = run({ clients: 3_600_000, acceptCapacity: 500, duration: 10, sampleClients: 100 });
    expectClose(out.minDrainTime, 7200);
  });

  it('without jitter, clients contending for a resource do more work than with full jitter', () => {
    // M. Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015
    // (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/): with no jitter "the clients are
    // still synchronised"; full jitter cuts the calls made. Here: 10 000 clients, 1 000 handshakes/s.
    const out = run({ clients: 10_000, acceptCapacity: 1_000, duration: 300 });
    expect(by(out, 'no-jitter').attemptsPerClient).toBeGreaterThan(by(out, 'full').attemptsPerClient);
    expect(by(out, 'no-jitter').peakToCapacity).toBeGreaterThan(by(out, 'full').peakToCapacity);
  });

  it('full jitter draws each wait uniformly within the capped exponential: all waits within [0, min(cap, base × 2^n)]', () => {
    // M. Brooker, the same post: "sleep = random_between(0, min(cap, base * 2 ** attempt))". With room for everyone at
    // once, every jittered client connects at its first attempt, within detection (1 s) + the window (10 s) + a step.
    const out = run({ clients: 1_000, acceptCapacity: 1e9, firstWindow: 10, duration: 60 });
    const full = by(out, 'full');
    expect(full.attemptsPerClient).toBe(1);
    expect(full.allBack ?? Infinity).toBeLessThanOrEqual(1 + 10 + 0.1 + 1e-9);
    expect(full.allBack ?? 0).toBeGreaterThan(9); // 1 000 uniform draws over 10 s reach near its end
  });
});

describe('reconnect-storm: derived by hand', () => {
  it('with capacity to spare, no jitter brings everyone back within the detection spread, in one attempt each', () => {
    // independent derivation: 1 000 clients, detection within 1 s, 1e9 handshakes/s: every attempt is accepted at the
    // end of its 0.1 s step, so all are back by 1.1 s, and the peak is at most 1 000 / 0.1 s = 10 000/s.
    const out = run({ clients: 1_000, acceptCapacity: 1e9, duration: 10 });
    const none = by(out, 'no-jitter');
    expect(none.attemptsPerClient).toBe(1);
    expect(none.reconnectedShare).toBe(1);
    expect(none.allBack ?? Infinity).toBeLessThanOrEqual(1.1 + 1e-9);
    expect(none.peakAttemptRate).toBeLessThanOrEqual(10_000);
  });

  it('a sample stands for the whole: rates are scaled by clients / sampleClients', () => {
    // independent derivation: 1 000 000 clients followed as 1 000, each standing for 1 000; with room for all, total
    // attempts = 1 000 000 and the accepted series integrates to it.
    const out = run({ clients: 1_000_000, acceptCapacity: 1e9, sampleClients: 1_000, duration: 10 });
    expect(out.weight).toBe(1000);
    const none = by(out, 'no-jitter');
    expectClose(none.totalAttempts, 1_000_000);
    const step = (none.series[1]?.time ?? 0) - (none.series[0]?.time ?? 0);
    expectClose(
      none.series.reduce((a, p) => a + p.acceptedPerSecond * step, 0),
      1_000_000,
      1e-9,
    );
  });

  it('is deterministic: the same seed gives the same storm, another seed another', () => {
    const a = run({ clients: 5_000, acceptCapacity: 500, duration: 60, seed: 7 });
    const b = run({ clients: 5_000, acceptCapacity: 500, duration: 60, seed: 7 });
    const c = run({ clients: 5_000, acceptCapacity: 500, duration: 60, seed: 8 });
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('nobody finishes before clients / capacity', () => {
    const out = run({ clients: 20_000, acceptCapacity: 1_000, duration: 300, firstWindow: 30 });
    for (const s of out.strategies) if (s.allBack !== null) expect(s.allBack).toBeGreaterThanOrEqual(out.minDrainTime);
  });

  it('a client gives up after maxAttempts: with 1 000 clients, 10 handshakes/s and 2 attempts, most give up', () => {
    // independent derivation: 1 000 clients noticing within 1 s meet 10/s: about 10 get in during that second; the
    // rest fail, retry once 1 s later (no jitter: min(30, 0.5 × 2)), meet 10/s again, and give up: about 980 give up.
    const out = run({ clients: 1_000, acceptCapacity: 10, maxAttempts: 2, duration: 60 });
    const none = by(out, 'no-jitter');
    expect(none.gaveUpShare).toBeGreaterThan(0.9);
    expect(none.reconnectedShare + none.gaveUpShare).toBeLessThanOrEqual(1);
    expect(none.attemptsPerClient).toBeLessThanOrEqual(2);
  });

  it('rejects 0 clients, naming the field', () => {
    const r = check(model, { clients: 0 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]?.field).toBe('clients');
  });
});
