/**
 * Issue 13 on every case study: the bands under each headline panel, the tornado's order, and what breaks
 * first, pinned at the pages' defaults. Each is checked against a derivation that does not go through the
 * helpers: the payments bands by replaying the same seeded draws through the fee and rate formulas written
 * out by hand; the tornadoes by the outputs' proportionality to the swung input; what breaks first by the
 * closed forms the models publish (payments' volumeMultipleToSaturateOutbox, the limiter's
 * headroomToSaturation, the FCM queue's growthToCap) and by capacity ÷ demand.
 */
import { describe, expect, it } from 'vitest';
import * as marketplace from '../../case-studies/marketplace.ts';
import * as notifications from '../../case-studies/notifications.ts';
import * as payments from '../../case-studies/payments.ts';
import * as rateLimiting from '../../case-studies/rate-limiting.ts';
import { seededRandom } from '../../models/random.ts';
import { BAND_SAMPLES, BAND_SEED, percentile, type Bands } from '../../src/lib/bands.ts';
import type { BreaksFirst } from '../../src/lib/breaks-first.ts';
import type { Sensitivity } from '../../src/lib/sensitivity.ts';

const relClose = (actual: number | null | undefined, want: number, rel = 1e-9) => {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual ?? NaN) - want)).toBeLessThanOrEqual(rel * Math.abs(want));
};
const multipleOf = (b: BreaksFirst, id: string) => b.order.find((o) => o.check.id === id)?.multiple ?? null;
const order = (s: Sensitivity) => s.bars.map((b) => b.field);
const bar = (s: Sensitivity, field: string) => s.bars.find((b) => b.field === field);
const band = (b: Bands, output: string) => b.bands.find((x) => x.headline.output === output);

describe('payments', () => {
  const { platform, platformBands, feesSensitivity, platformGrowth, authorizationPoolKept } = payments;
  const { poolMissesServiceLevelAt, poolOverloadedAt } = payments;
  const v = platform.resolved as Record<string, number>;
  const methods = ['card', 'debit', 'wallet', 'ach', 'bnpl'] as const;
  /** Fees a month and the highest peak's payments a second, written out from the model's doc comment. */
  const byHand = (volume: number, campaignMultiple: number, cardFeeRate: number) => {
    const inputs: Record<string, number> = { ...v, cardFeeRate };
    const shares = methods.map((m) => inputs[`${m}Share`] ?? 0);
    const total = shares.reduce((a, b) => a + b, 0);
    let ticket = 0;
    let fee = 0;
    methods.forEach((m, i) => {
      const s = (shares[i] ?? 0) / total;
      const t = inputs[`${m}Ticket`] ?? 0;
      const f = (inputs[`${m}FeeRate`] ?? 0) * t + (inputs[`${m}FixedFee`] ?? 0);
      ticket += s * t;
      fee += s * (m === 'ach' ? Math.min(inputs['achFeeCap'] ?? Infinity, f) : f);
    });
    const perYear = volume / ticket;
    const peak = Math.max(1, v['dailyPeakMultiple'] ?? 1, v['blackFridayMultiple'] ?? 1, campaignMultiple);
    return { feesPerMonth: (perYear * fee) / 12, designPeak: (perYear / (365 * 86_400)) * peak };
  };

  it('replays the bands’ seeded draws through the formulas by hand and finds the same percentiles', () => {
    const r = platformBands.ranges.ranges;
    const logUniform = (lo: number, hi: number, u: number) => Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo)));
    const u = seededRandom(BAND_SEED);
    const fees: number[] = [];
    const peaks: number[] = [];
    const outbox: number[] = [];
    for (let i = 0; i < BAND_SAMPLES; i++) {
      // the premises in the module's order: campaignMultiple (log), pspLatency (log, declared), cardFeeRate
      // (linear). The volume and the ledger line (a schema, measured for this page's) are the reader's choices:
      // held at $500 million and the lab's bytes.
      const volume = v['annualVolume'] ?? NaN;
      const campaign = logUniform(3, 30, u());
      const latency = logUniform(0.25, 1.5, u());
      const rate = 0.015 + u() * (0.035 - 0.015);
      const x = byHand(volume, campaign, rate);
      fees.push(x.feesPerMonth);
      peaks.push(x.designPeak);
      // the outbox keeps up to (workers ÷ PSP call) ÷ (highest peak × (1 + refund rate)) times today's volume
      outbox.push((v['captureWorkers'] ?? 0) / latency / (x.designPeak * (1 + (v['refundRate'] ?? 0))));
    }
    expect(Object.keys(r)).toEqual(['campaignMultiple', 'pspLatency', 'cardFeeRate']);
    expect(platformBands.held).toEqual(['annualVolume', 'bytesPerLedgerLine']);
    fees.sort((a, b) => a - b);
    peaks.sort((a, b) => a - b);
    outbox.sort((a, b) => a - b);
    for (const p of [5, 50, 95] as const) {
      const key = `p${p}` as const;
      relClose(band(platformBands, 'feesPerMonth')?.[key], percentile(fees, p) ?? NaN, 1e-9);
      relClose(band(platformBands, 'designPeakPerSecond')?.[key], percentile(peaks, p) ?? NaN, 1e-9);
      relClose(band(platformBands, 'volumeMultipleToSaturateOutbox')?.[key], percentile(outbox, p) ?? NaN, 1e-9);
    }
    // the defaults by hand too: $1.22 million a month, 2.45 payments a second at the flash sale (10× the average)
    relClose(
      platform.output.feesPerMonth,
      byHand(v['annualVolume'] ?? 0, v['campaignMultiple'] ?? 0, v['cardFeeRate'] ?? 0).feesPerMonth,
    );
    expect(band(platformBands, 'feesPerMonth')?.unstable).toBe(0);
  });

  it('pins the fees’ tornado: the card rate, a premise; the volume is the reader’s choice, held (review S1)', () => {
    expect(order(feesSensitivity)).toEqual(['cardFeeRate', 'campaignMultiple', 'pspLatency']);
    expect(feesSensitivity.held).toEqual(['annualVolume', 'bytesPerLedgerLine']);
    // the card rate moves 55 % of payments by (rate change) × $65 each
    const cardDelta = ((0.035 - 0.015) * 0.55 * 65 * (500e6 / platform.output.averageTicket)) / 12;
    relClose(bar(feesSensitivity, 'cardFeeRate')?.swing, cardDelta, 1e-9);
    expect(bar(feesSensitivity, 'campaignMultiple')?.swing).toBe(0);
    expect(bar(feesSensitivity, 'bytesPerLedgerLine')).toBeUndefined();
    expect(bar(feesSensitivity, 'pspLatency')?.swing).toBe(0);
  });

  it('finds what breaks first by bisection where the closed forms put it', () => {
    const o = platform.output;
    // outbox: workers ÷ PSP call = 10 / 0.5 = 20 a second against 2.454 × 1.03 = 2.528 arriving: 7.91×
    relClose(multipleOf(platformGrowth, 'outbox'), o.volumeMultipleToSaturateOutbox, 1e-8);
    relClose(
      multipleOf(platformGrowth, 'outbox'),
      (v['captureWorkers'] ?? 0) / (v['pspLatency'] ?? 1) / (o.designPeakPerSecond * (1 + (v['refundRate'] ?? 0))),
      1e-8,
    );
    // hot row: 1 ÷ (2.454 a second × 2 ms) = 204×
    relClose(multipleOf(platformGrowth, 'hot-row'), o.volumeMultipleToSaturateHotAccount, 1e-8);
    // The authorization pool is re-sized with the peak, so it is not in the figure (review S3).
    expect(platformGrowth.order.map((x) => x.check.id)).toEqual(['outbox', 'hot-row']);
    // Kept at the flash sale's 5 workers: overloaded at 5 ÷ 1.35 Erlangs = 3.70×; its service level (99 % within
    // 100 ms, S = 0.5 + 0.05 s) fails earlier. By hand, Erlang C from the Erlang B recursion (independent of
    // models/queueing/erlang.ts): P(W > t) = C(c, A) · e^−(c − A)t/S, and the largest A with P(W > 0.1 s) ≤ 1 %.
    const campaign = o.peaks.find((p) => p.id === 'campaign');
    relClose(multipleOf(authorizationPoolKept, 'overload'), (campaign?.workers ?? 0) / (campaign?.offeredLoad ?? 1), 1e-8);
    const waitOver = (a: number, c: number, t: number, s: number) => {
      let b = 1;
      for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
      const erlangC = (c * b) / (c - a * (1 - b));
      return erlangC * Math.exp((-(c - a) * t) / s);
    };
    expect(campaign?.workers).toBe(5);
    // today (A = 1.35): 5 workers meet the level (0.68 % wait over 100 ms), 4 would not (3.3 %): the review's table
    expect(waitOver(campaign?.offeredLoad ?? 0, 5, 0.1, 0.55)).toBeCloseTo(0.0068, 4);
    expect(waitOver(campaign?.offeredLoad ?? 0, 4, 0.1, 0.55)).toBeCloseTo(0.033, 3);
    let lo = 0;
    let hi = 5;
    for (let i = 0; i < 100; i++) {
      const mid = (lo + hi) / 2;
      if (waitOver(mid, 5, 0.1, 0.55) <= 0.01) lo = mid;
      else hi = mid;
    }
    relClose(multipleOf(authorizationPoolKept, 'service-level'), lo / (campaign?.offeredLoad ?? 1), 1e-7);
    expect(poolMissesServiceLevelAt).toBeCloseTo(1.094, 3); // the review's 1.09×
    expect(poolOverloadedAt).toBeCloseTo(3.704, 3);
    // the page's claim "the outbox runs out before the hot row" agrees
    expect(o.volumeMultipleToSaturateOutbox).toBeLessThan(o.volumeMultipleToSaturateHotAccount);
  });
});

describe('rate limiting', () => {
  const { limiter, limiterBands, primariesSensitivity, limiterGrowth } = rateLimiting;

  it('saturates the primaries at headroomToSaturation × today’s peak; memory does not grow with load', () => {
    relClose(multipleOf(limiterGrowth, 'cpu'), limiter.output.headroomToSaturation, 1e-8);
    // utilisation today × the multiple = 1
    relClose((limiterGrowth.order[0]?.today ?? 0) * (multipleOf(limiterGrowth, 'cpu') ?? 0), 1, 1e-8);
    expect(multipleOf(limiterGrowth, 'memory')).toBeNull();
    // memory counts against the fill target (0.5), not 100 %: 120 MB ÷ 38 primaries ÷ 4 GiB ÷ 0.5 (review M8)
    const memoryToday = limiterGrowth.order.find((o) => o.check.id === 'memory')?.today;
    relClose(memoryToday, limiter.output.memoryShareOfPrimary / (limiter.resolved['memoryFillTarget'] as number), 1e-12);
    expect(limiter.resolved['memoryFillTarget']).toBe(0.5);
    expect(limiterGrowth.first?.check.id).toBe('cpu');
  });

  it('pins the primaries’ tornado: the measured ops per primary first, as the page says; the peak, checks, utilisation and keys are choices', () => {
    expect(order(primariesSensitivity)).toEqual(['opsPerPrimary', 'bytesPerKey', 'networkRoundTrip']);
    // the utilisation a primary is planned at is the headroom, a setting of the design (review M1): held
    expect(primariesSensitivity.held).toEqual(['peakRequestsPerSecond', 'checksPerRequest', 'targetUtilization', 'activeKeys']);
    // primaries = ⌈peak × checks ÷ (ops × utilisation)⌉ = ⌈500 000 × 2 ÷ (ops × 0.5)⌉: at the lab's lowest and
    // highest ops (28 207 and 61 465 by the review) ⌈2 000 000 ÷ 28 207⌉ = 71 and ⌈2 000 000 ÷ 61 465⌉ = 33;
    const lv = limiter.resolved as Record<string, number>;
    const demand = (lv['peakRequestsPerSecond'] ?? NaN) * (lv['checksPerRequest'] ?? NaN);
    const ops = bar(primariesSensitivity, 'opsPerPrimary');
    expect(ops?.atLow).toBe(Math.ceil(demand / ((ops?.low ?? NaN) * (lv['targetUtilization'] ?? NaN))));
    expect(ops?.atHigh).toBe(Math.ceil(demand / ((ops?.high ?? NaN) * (lv['targetUtilization'] ?? NaN))));
    expect([ops?.atLow, ops?.atHigh]).toEqual([71, 33]);
    expect(bar(primariesSensitivity, 'targetUtilization')).toBeUndefined();
    // the page's prose "the per-primary figure is the premise that moves the answer most" reads true
    expect(primariesSensitivity.bars[0]?.field).toBe('opsPerPrimary');
    // more ops per primary, fewer primaries
    expect(bar(primariesSensitivity, 'opsPerPrimary')?.atHigh ?? 0).toBeLessThan(
      bar(primariesSensitivity, 'opsPerPrimary')?.atLow ?? 0,
    );
  });

  it('pins the bands (regression) and keeps the page’s value inside them', () => {
    const p = band(limiterBands, 'primaries');
    // over the premises only (ops per primary, bytes per key, round trip; the utilisation is a choice, held at 0.5):
    // a narrow band around 38 (review S1). By hand: only the ops move the primaries; drawn uniformly on the lab's
    // ends [28 207, 61 465] (linear: they are 2.2× apart), primaries = ⌈1 000 000 ÷ (ops × 0.5)⌉ has its 5th
    // percentile at the ops' 95th, 59 802: 34; its median at 44 836: 45; its 95th at the ops' 5th, 29 870: 67 (68
    // in these 5 000 draws: 5th-percentile ops of 29 5xx, within sampling of it).
    expect([p?.p5, p?.p50, p?.p95]).toEqual([34, 45, 68]);
    expect(limiterBands.samples).toBe(5000);
    for (const b of limiterBands.bands) {
      expect(b.p5 ?? 0).toBeLessThanOrEqual(b.likely ?? 0);
      expect(b.likely ?? 0).toBeLessThanOrEqual(b.p95 ?? 0);
      expect(b.unstable).toBe(0);
    }
  });
});

describe('marketplace', () => {
  const { traffic, hot, trafficBands, serversSensitivity, trafficGrowth } = marketplace;
  const o = traffic.output;

  it('finds the payment provider’s limit first, already exceeded today, then the hot row: capacity ÷ demand', () => {
    // 25 orders a second allowed ÷ 52.1 at the flash peak = 0.48×; the row's 769 a second ÷ 1000 attempts = 0.769×
    relClose(multipleOf(trafficGrowth, 'payment-limit'), o.paymentOrdersLimit / o.flashOrdersPerSecond, 1e-3);
    relClose(multipleOf(trafficGrowth, 'hot-row'), hot.output.fastestDatabaseBound / o.rushPerSecond, 1e-3);
    expect(trafficGrowth.first?.check.id).toBe('payment-limit');
    expect(trafficGrowth.first?.multiple ?? 1).toBeLessThan(1);
  });

  it('pins the servers’ tornado: the per-server capacity first; the audience and the catalogue are choices, held', () => {
    expect(order(serversSensitivity)).toEqual(['perServerCapacity', 'flashMultiplier', 'pagesPerSession', 'imageBytes']);
    expect(serversSensitivity.held).toEqual(['dailyActiveUsers', 'callsPerPage', 'products', 'imagesPerProduct']);
    // servers = ⌈flash req/s ÷ (capacity × 0.6)⌉: 37 760 ÷ 180 → 210 at 300 a server, ÷ 1 800 → 21 at 3 000
    const flash = traffic.output.flash.requestsPerSecond;
    const u = traffic.resolved['targetUtilization'] as number;
    const cap = bar(serversSensitivity, 'perServerCapacity');
    expect([cap?.atLow, cap?.atHigh]).toEqual([Math.ceil(flash / (300 * u)), Math.ceil(flash / (3000 * u))]);
    expect([cap?.atLow, cap?.atHigh]).toEqual([210, 21]);
  });

  it('keeps the page’s values inside the bands', () => {
    for (const b of trafficBands.bands) {
      expect(b.p5 ?? 0).toBeLessThanOrEqual(b.likely ?? 0);
      expect(b.likely ?? 0).toBeLessThanOrEqual(b.p95 ?? 0);
    }
    expect(band(trafficBands, 'flash.apiServers')?.p95).toBe(481); // regression: premises only (was 2 324 with the audience)
  });
});

describe('notifications', () => {
  const { fcm, apns, volumeGrowth, costSensitivity, cost, volumeBands, fleetBands, costBands } = notifications;

  it('finds FCM’s quota where the provider queue’s growthToCap puts it, and APNs at the same multiple', () => {
    // cap ÷ planned rate: 10 000 ÷ 9 722 = 1.0286
    relClose(multipleOf(volumeGrowth, 'fcm'), fcm.output.growthToCap ?? NaN, 1e-8);
    relClose(multipleOf(volumeGrowth, 'apns'), apns.output.growthToCap ?? NaN, 1e-8);
    expect(volumeGrowth.first?.check.id).toBe('fcm');
  });

  it('pins the bill’s tornado: the US SMS price, then the carrier fee; users and notifications a user are the volume panel’s', () => {
    expect(order(costSensitivity)).toEqual(['smsPricePerSegment', 'smsCarrierFeePerSegment']);
    // users and notifications a user are the volume panel's, followed by the bill (review 13, A6): their ranges are
    // the volume's, so the bill's tornado holds none of its own
    expect(costSensitivity.held).toEqual([]);
    // texts a month = 10 M users × 20 × 0.5 % × 30 = 30 M; each $0.0083 + $0.0042 at the page's values.
    // The price from $0.006 to $0.0083: the bill moves by 30 M × $0.0023 = $69 000 ($354 000 to $423 000);
    // the carrier fee from $0.0035 to $0.0045 by 30 M × $0.001 = $30 000.
    const bill = cost.output.usdPerMonth;
    relClose(bar(costSensitivity, 'smsPricePerSegment')?.atLow, bill - 30e6 * (0.0083 - 0.006));
    relClose(bar(costSensitivity, 'smsPricePerSegment')?.swing, 69_000, 1e-9);
    relClose(bar(costSensitivity, 'smsCarrierFeePerSegment')?.swing, 30_000, 1e-9);
  });

  it('keeps the page’s values inside the bands, but for the bill, which sits above its own; no draw unstable', () => {
    for (const b of [...volumeBands.bands, ...fleetBands.bands]) {
      expect(b.p5 ?? 0).toBeLessThanOrEqual(b.likely ?? 0);
      expect(b.likely ?? 0).toBeLessThanOrEqual(b.p95 ?? 0);
      expect(b.unstable + b.invalid).toBe(0);
    }
    // The bill's page value is above the band's 95th percentile, and says something true: the SMS price is the list
    // price, the top of its range ($0.006–$0.0083), and the weighted carrier fee ($0.0042) is near the top of its own
    // ($0.0035–$0.0045). By hand, the highest a draw can reach is 30 M × ($0.0083 + $0.0045) + $48 000 = $432 000, and
    // a draw passes $423 000 only when price + fee > $0.0125, a corner of area (0.0128 − 0.0125)² ÷ 2 ÷ (0.0023 ×
    // 0.001) = 2 % of the draws: under 5 %, so the page's value is above the 95th percentile.
    const bill = costBands.bands[0];
    expect(bill?.likely).toBe(cost.output.usdPerMonth);
    expect((0.0128 - 0.0125) ** 2 / 2 / (0.0023 * 0.001)).toBeLessThan(0.05);
    expect(bill?.p95 ?? Infinity).toBeLessThan(bill?.likely ?? 0);
    expect(bill?.p5 ?? 0).toBeGreaterThan(30e6 * (0.006 + 0.0035) + 48_000);
    expect(bill!.unstable + bill!.invalid).toBe(0);
  });
});
