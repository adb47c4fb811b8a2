import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  paymentFee,
  paymentsPlatform as model,
  bitsForCollisionTarget,
  mmcResponseQuantile,
} from '../../../models/case-studies/payments-platform.ts';
import { lifecycle } from '../../../models/case-studies/ledger-journal.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { expectClose } from '../close.ts';

describe('payments-platform: published fees', () => {
  it('ACH at 0.8 % capped at $5: a $100 payment pays $0.80, a $1 000 payment $5 (the cap binds above $625)', () => {
    // Source: WP Simple Pay documentation, "Accepting ACH Debit Payments",
    // https://docs.wpsimplepay.com/articles/accepting-ach-debit-payments/ (read 2026-12-07), quoting Stripe's price:
    // "ACH payments on Stripe cost 0.80%, capped at $5. A $100 payment incurs a $0.80 fee; any payments above $625 cost $5"
    expectClose(paymentFee(100, 0.008, 0, 5), 0.8);
    expectClose(paymentFee(1000, 0.008, 0, 5), 5);
    expectClose(paymentFee(625, 0.008, 0, 5), 5);
  });

  it('cards at 2.9 % + 30¢: $500 pays $14.80 and $1 000 pays $29.30', () => {
    // Source: Service Invoice Pro help, "Payment Fees", https://support.serviceinvoicepro.com/payments/payment-fees
    // (read 2026-12-07), Stripe's standard card rate: "($500 x 2.9%) + $0.30 = $14.80", "$1,000.00 | $29.30".
    expectClose(paymentFee(500, 0.029, 0.3), 14.8);
    expectClose(paymentFee(1000, 0.029, 0.3), 29.3);
  });

  it('keys pruned after 24 hours: the store holds one day of keys', () => {
    // Source: Stripe, "Idempotent requests", https://docs.stripe.com/idempotency (read 2026-12-07): "You can remove
    // keys from the system automatically after they're at least 24 hours old." One day of keys at the average rate:
    // 0.2454 payments/s × 2.03 keys × 86 400 s = 43 047 keys (independent derivation: 21 205.3 a day × 2.03 = 43 046.8).
    const out = evaluate(model, {});
    expectClose(out.idempotencyKeysLive, 21_205.309_809_576_32 * 2.03, 1e-9);
  });
});

describe('payments-platform: the chain at the issue’s defaults, derived by hand', () => {
  const out = evaluate(model, {});
  it('the mix gives a $64.60 ticket, 7.74 M payments a year, 21 205 a day, 0.245 a second', () => {
    // independent derivation: 0.55×65 + 0.20×40 + 0.15×55 + 0.08×120 + 0.02×150 = 35.75 + 8 + 8.25 + 9.6 + 3 = 64.60;
    // 500 000 000 / 64.60 = 7 739 938.08; / 365 = 21 205.31; / 86 400 = 0.245 432
    expectClose(out.averageTicket, 64.6);
    expectClose(out.paymentsPerYear, 500e6 / 64.6);
    expectClose(out.paymentsPerDay, 500e6 / 64.6 / 365);
    expectClose(out.paymentsPerSecond, 500e6 / 64.6 / 365 / 86_400);
  });

  it('fees include the fixed parts: $14.69 M a year, 2.94 %, against 2.54 % without them', () => {
    // independent derivation, fee per payment: card 0.029×65 + 0.30 = 2.185; debit 0.015×40 + 0.25 = 0.85;
    // wallet 0.029×55 + 0.30 = 1.895; ACH min(5, 0.008×120) = 0.96; BNPL 0.055×150 = 8.25.
    // Σ share × fee = 1.20175 + 0.17 + 0.28425 + 0.0768 + 0.165 = 1.8978 per payment × 7 739 938.08 = 14 688 854.5
    const perPayment = 0.55 * 2.185 + 0.2 * 0.85 + 0.15 * 1.895 + 0.08 * 0.96 + 0.02 * 8.25;
    expectClose(out.averageFee, perPayment);
    expectClose(out.feesPerYear, perPayment * (500e6 / 64.6));
    expectClose(out.effectiveRate, (perPayment * (500e6 / 64.6)) / 500e6);
    // fixed parts: (0.55×0.30 + 0.20×0.25 + 0.15×0.30) × 7 739 938.08 = 0.26 × … = 2 012 383.9 a year
    expectClose(out.fixedFeesPerMonth * 12, 0.26 * (500e6 / 64.6));
    expect(out.effectiveRateWithoutFixed).toBeLessThan(out.effectiveRate);
  });

  it('routing half the cards to 2.5 % + 20¢ saves (2.185 − 1.825) × half the card payments', () => {
    // independent derivation: 0.025×65 + 0.20 = 1.825; 0.5 × 4 256 965.94 × 0.36 = 766 253.9 a year
    expectClose(out.routingSavingsPerYear, 0.5 * 0.55 * (500e6 / 64.6) * 0.36);
  });

  it('T+2 business days (ACH T+4) keeps $4.24 M in flight on an average day, $5.89 M at the top of the week', () => {
    // Source for the business-day schedule: Stripe's standard US payout schedule, two business days (secondary:
    // help.kambeo.io, read 2026-12-07). Independent derivation, business days Mon–Fri: a capture on Mon/Tue/Wed
    // waits 2 calendar days, Thu/Fri 4, Sat 3, Sun 2: mean 19/7 = 2.714; at T+4 Mon 4, Tue–Fri 6, Sat 5, Sun 4:
    // 37/7 = 5.286. ACH carries 0.08 × 120 / 64.6 = 14.86 % of the dollars. 500 M / 365 × (0.8514 × 19/7 +
    // 0.1486 × 37/7) = 4 241 668. Days' worth unpaid at the end of each weekday: T+2 Mon 4, Tue–Fri 2, Sat 3,
    // Sun 4; T+4 Mon–Wed 6, Thu–Fri 4, Sat 5, Sun 6; the peak (Sunday and Monday) is 4 and 6.
    const ach = (0.08 * 120) / 64.6;
    expectClose(out.achVolumeShare, ach);
    expectClose(out.settlementCalendarDays, 19 / 7);
    expectClose(out.achSettlementCalendarDays, 37 / 7);
    expectClose(out.fundsInFlight, (500e6 / 365) * ((1 - ach) * (19 / 7) + ach * (37 / 7)));
    expectClose(out.fundsInFlightPeak, (500e6 / 365) * ((1 - ach) * 4 + ach * 6));
    expectClose(out.fundsInFlightIfCalendarDays, (500e6 / 365) * ((1 - ach) * 2 + ach * 4));
  });

  it('the p99 of an authorization: ln 100 × 0.55 s = 2.53 s before any wait, so the 2 s target fails by the model’s own assumption', () => {
    // independent derivation: an exponential service time of mean 0.5 + 0.05 s has p99 = 0.55 × ln 100 = 2.533 s;
    // the Erlang C wait only adds to it; the mean PSP call that meets 2 s with no wait is 2 / ln 100 − 0.05 = 0.384 s
    expectClose(out.p99WithoutWait, 0.55 * Math.log(100));
    expect(out.highestP99).toBeGreaterThan(0.55 * Math.log(100));
    expect(out.highestP99).toBeLessThan(0.55 * Math.log(100) + 0.01);
    expectClose(out.pspLatencyForP99Target, 2 / Math.log(100) - 0.05);
  });

  it('M/M/1 check of the response-time quantile: the sojourn time is exponential with rate μ − λ', () => {
    // Source: L. Kleinrock, Queueing Systems vol. 1 (1975), §3.2, and M. Harchol-Balter, Performance Modeling and
    // Design of Computer Systems (2013), ch. 13: in M/M/1 FCFS the response time is Exp(μ − λ). With c = 1 the
    // probability of waiting is ρ and θ = μ − λ, so the quantile must be ln(1/(1 − q)) / (μ − λ).
    const mu = 2;
    const lambda = 1.5;
    expectClose(mmcResponseQuantile(lambda / mu, mu, mu - lambda, 0.99), Math.log(100) / (mu - lambda), 1e-9);
    expectClose(mmcResponseQuantile(0, mu, 5, 0.99), Math.log(100) / mu, 1e-9);
  });

  it('outbox: 10 workers ÷ 0.5 s = 20 calls/s; it queues delayed captures and refunds, and saturates at 7.9× the volume', () => {
    // independent derivation: during the outage 0.245 432 × 2 × (0.5 + 0.03) = 0.2602/s queue for the failed PSP
    // (new payments go to the second PSP); after it, 0.245 432 × 10 × 1.03 = 2.5279/s arrive; 20 / 2.5279 = 7.91
    const perSecond = 500e6 / 64.6 / (365 * 86_400);
    expectClose(out.outboxDrainRate, 20);
    expectClose(out.outboxArrivalsDuringPspOutage, perSecond * 2 * 0.53);
    expectClose(out.outboxArrivalsAfterPspOutage, perSecond * 10 * 1.03);
    expectClose(out.volumeMultipleToSaturateOutbox, 20 / (perSecond * 10 * 1.03));
  });

  it('fraud is recovered from the margin, not the ticket', () => {
    // independent derivation: loss = 64.60 × 0.8 + 1.8978 + 15 = 68.5778; profit = 64.60 × 0.2 − 1.8978 = 11.0222;
    // 68.5778 / 11.0222 = 6.2218 good sales; counting the whole ticket would say 68.5778 / 64.60 = 1.06
    const fee = 0.55 * 2.185 + 0.2 * 0.85 + 0.15 * 1.895 + 0.08 * 0.96 + 0.02 * 8.25;
    expectClose(out.fraudLossPerSale, 64.6 * 0.8 + fee + 15);
    expectClose(out.profitPerGoodSale, 64.6 * 0.2 - fee);
    expectClose(out.salesToRecoverFraud ?? NaN, (64.6 * 0.8 + fee + 15) / (64.6 * 0.2 - fee));
  });

  it('the ledger takes 12 + 2 × 3 % lines per payment, as model ledger-journal posts them', () => {
    // independent derivation: authorize 2 + capture 4 + fee 4 + settle 2 = 12 lines; + 0.03 × 2 = 12.06
    expect(lifecycle.lines).toBe(12);
    expectClose(out.ledgerLinesPerPayment, 12.06);
    // 12.06 × 200 B × (1 + 1) × 3 = 14 472 B per payment; × 7 years of payments = the total
    expectClose(out.ledgerBytesPerPayment, 14_472);
    expectClose(out.ledgerStoredBytesTotal, 14_472 * out.paymentsPerYear * 7, 1e-9);
  });

  it('a peak’s PSP calls in flight are rate × latency (Little’s law) and its pool is stable', () => {
    // independent derivation at the campaign peak: 10 × 0.245 432 × 2.03 × 0.5 s = 2.4911 calls in flight
    const campaign = out.peaks.find((p) => p.id === 'campaign');
    expectClose(campaign?.inFlightAtPsp ?? NaN, 10 * (500e6 / 64.6 / 365 / 86_400) * 2.03 * 0.5);
    for (const p of out.peaks) {
      expect(p.workers ?? 0).toBeGreaterThan(p.offeredLoad);
      expect(p.waitServiceLevel ?? 0).toBeGreaterThanOrEqual(0.99);
    }
  });

  it('UUIDv4 keys over seven years collide with a vanishing chance; about 83 bits keep it under 1e-9', () => {
    // independent derivation: n = 7 739 938 × 7 × 2.03 = 1.0998e8 keys; n²/2N at N = 2^122: 6.05e15 / 5.32e36 ≈ 1.1e-21;
    // bits for 1e-9: n²/(2 × 1e-9) = 6.05e24 ≤ 2^83 = 9.67e24 (2^82 = 4.8e24 is too small)
    expect(out.keyCollisionProbability).toBeLessThan(1e-20);
    expect(out.keyBitsNeeded).toBe(83);
    expect(bitsForCollisionTarget(23, 0.5)).toBe(9); // 23 people in 2^9 = 512 days: 1 − Π(1 − k/512) ≈ 0.395 ≤ 0.5; 2^8 gives 0.64
  });
});

describe('payments-platform: properties and edges', () => {
  it('fees by method add up to the total, and per-payment storage × payments = the storage total', () => {
    fc.assert(
      fc.property(
        fc.record({
          annualVolume: fc.double({ min: 1e4, max: 1e11, noNaN: true }),
          cardShare: fc.double({ min: 0, max: 1, noNaN: true }),
          achShare: fc.double({ min: 0, max: 1, noNaN: true }),
          achTicket: fc.double({ min: 1, max: 5000, noNaN: true }),
          refundRate: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        (inp) => {
          const o = evaluate(model, inp);
          const sum = o.methods.reduce((s, m) => s + m.feesPerMonth, 0);
          expectClose(sum, o.feesPerMonth, 1e-9);
          expectClose(o.ledgerBytesPerPayment * o.paymentsPerYear * 7, o.ledgerStoredBytesTotal, 1e-9);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('an all-zero mix is refused, with a message naming the five share fields (the contract: no silent fallback)', () => {
    const r = check(model, { cardShare: 0, debitShare: 0, walletShare: 0, achShare: 0, bnplShare: 0 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.map((p) => p.field)).toEqual(['cardShare', 'debitShare', 'walletShare', 'achShare', 'bnplShare']);
      expect(r.problems[0]?.message).toContain('at least one must be above 0');
    }
    expectClose(evaluate(model, { debitShare: 0, walletShare: 0, achShare: 0, bnplShare: 0 }).averageTicket, 65);
  });

  it('a sale with no profit cannot recover fraud: null, not Infinity', () => {
    const o = evaluate(model, { marginRate: 0 });
    expect(o.salesToRecoverFraud).toBeNull();
  });

  it('names the field on bad input', () => {
    const r = check(model, { annualVolume: -1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]?.field).toContain('annualVolume');
  });
});
