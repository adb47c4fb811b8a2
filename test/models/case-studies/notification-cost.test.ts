import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { notificationCost as model } from '../../../models/case-studies/notification-cost.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { expectClose } from '../close.ts';

const none = { inAppShare: 0, pushShare: 0, emailShare: 0, smsShare: 0 };

describe('notification-cost: published values', () => {
  it('one US SMS segment to an AT&T subscriber costs $0.0083 + $0.0035 = $0.0118', () => {
    // Preecha, "Twilio SMS API cost: complete pricing breakdown for 2026", dev.to
    // (https://dev.to/preecha/twilio-sms-api-cost-complete-pricing-breakdown-for-2026-1k25): "$0.0083 Twilio base
    // rate + $0.0035 AT&T carrier fee = $0.0118 per segment".
    const out = evaluate(model, { ...none, smsShare: 1, dailyActiveUsers: 1, notificationsPerUserPerDay: 1 });
    expectClose(out.usdPerDay, 0.0118);
    expectClose(out.usdPerMonth, 0.0118 * 30);
  });

  it('a thousand emails cost $0.10 on SES', () => {
    // acecloudinterviews.com, "AWS SES" tutorial (https://www.acecloudinterviews.com/tutorials/aws/ses/): "starting at
    // $0.10 per thousand emails"; cloudcostkit.com, "SES pricing": "emails sent × effective $ per 1,000 emails".
    const out = evaluate(model, { ...none, emailShare: 1, dailyActiveUsers: 1000, notificationsPerUserPerDay: 1 });
    expectClose(out.usdPerDay, 0.1);
  });

  it('a 200-character message with an emoji is 3 segments, billed three times', () => {
    // hivebook.wiki, "Twilio SMS API: Per-Message Pricing by Country" (https://hivebook.wiki/wiki/twilio-sms-pricing):
    // "A message with an emoji that is 200 characters long = 3 segments, not 2" (67 characters per Unicode segment).
    const one = evaluate(model, { ...none, smsShare: 1, dailyActiveUsers: 1, notificationsPerUserPerDay: 1 });
    const three = evaluate(model, { ...none, smsShare: 1, dailyActiveUsers: 1, notificationsPerUserPerDay: 1, smsSegments: 3 });
    expectClose(three.usdPerDay, 3 * one.usdPerDay);
  });
});

describe('notification-cost: the case study’s defaults, derived by hand', () => {
  const out = evaluate(model, {});
  it('email $48 000, SMS $354 000, total $402 000 over 30 days; a day priced as the month says $13 400', () => {
    // independent derivation: 2e8 × 0.08 = 1.6e7 emails × $0.0001 = $1 600/day; 2e8 × 0.005 = 1e6 SMS × $0.0118 =
    // $11 800/day; (1 600 + 11 800) × 30 = $402 000; SMS 354 000 / 402 000 = 88.06 %
    expectClose(out.channels.find((c) => c.id === 'email')?.usdPerMonth ?? NaN, 48_000);
    expectClose(out.channels.find((c) => c.id === 'sms')?.usdPerMonth ?? NaN, 354_000);
    expectClose(out.usdPerMonth, 402_000);
    expectClose(out.dayAsMonthUsd, 13_400);
    expect(out.dayAsMonthError).toBe(30);
    expectClose(out.smsShareOfBill, 354 / 402);
    expect(out.topChannelInput).toBe('smsShare');
  });
});

describe('notification-cost: properties', () => {
  const arb = fc.record({
    dailyActiveUsers: fc.double({ min: 1, max: 1e9, noNaN: true }),
    emailShare: fc.double({ min: 0, max: 1, noNaN: true }),
    smsShare: fc.double({ min: 0, max: 1, noNaN: true }),
    smsSegments: fc.integer({ min: 1, max: 10 }),
    daysInMonth: fc.integer({ min: 28, max: 31 }),
  });
  it('monthly cost = daily volume × days × price, per channel and in total', () => {
    fc.assert(
      fc.property(arb, (v) => {
        const out = evaluate(model, v);
        for (const c of out.channels) expectClose(c.usdPerMonth, c.perDay * v.daysInMonth * c.pricePerMessage, 1e-9, 1e-9);
        expectClose(
          out.usdPerMonth,
          out.channels.reduce((a, c) => a + c.usdPerMonth, 0),
          1e-9,
          1e-9,
        );
      }),
    );
  });
  it('the channel shares’ elasticities add up to 1 when there is a bill (the bill is linear in them)', () => {
    fc.assert(
      fc.property(arb, (v) => {
        const out = evaluate(model, v);
        if (out.usdPerMonth === 0) return;
        const e = (i: string) => out.sensitivity.find((s) => s.input === i)?.elasticity ?? NaN;
        expectClose(e('inAppShare') + e('pushShare') + e('emailShare') + e('smsShare'), 1, 1e-9);
      }),
    );
  });
  it('rejects a 32-day month, naming the field', () => {
    const r = check(model, { daysInMonth: 32 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]?.field).toBe('daysInMonth');
  });
});
