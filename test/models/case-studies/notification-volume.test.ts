import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { notificationVolume as model } from '../../../models/case-studies/notification-volume.ts';
import { check, evaluate } from '../../../models/evaluate.ts';
import { expectClose } from '../close.ts';

const only = { inAppShare: 0, pushShare: 0, emailShare: 0, smsShare: 0 };

describe('notification-volume: published values', () => {
  it('reproduces a textbook day: 10 million pushes, 1 million SMS, 5 million emails', () => {
    // A. Xu, "System Design Interview – An Insider's Guide", chapter 10 "Design a notification system", step 1
    // (notes at https://swe.auspham.dev/docs/alexu-system-design-interview/10-design-a-notification-system):
    // "10 million mobile push notifications, 1 million SMS messages, and 5 million emails" a day. As shares of
    // 10 million notifications: push 1, SMS 0.1, email 0.5, so 1.6 channels per notification and 16 million
    // deliveries a day.
    const out = evaluate(model, {
      ...only,
      dailyActiveUsers: 10_000_000,
      notificationsPerUserPerDay: 1,
      pushShare: 1,
      smsShare: 0.1,
      emailShare: 0.5,
    });
    const by = (id: string) => out.channels.find((c) => c.id === id)?.perDay;
    expectClose(by('push'), 10_000_000);
    expectClose(by('sms'), 1_000_000);
    expectClose(by('email'), 5_000_000);
    expectClose(out.channelsPerNotification, 1.6);
    expectClose(out.deliveriesPerDay, 16_000_000);
  });

  it('a billion notifications a day is about 12 000 per second, and 90 days of 2 KB rows is 180 TB', () => {
    // learn.ikshitij.com, "Notification System — Notes" (https://learn.ikshitij.com/01-classics/notification-system/notes/):
    // "1B/day → 12k/s avg" and "Storage (history 90d): 1B × 90 × 2KB = 180 TB". 1e9 / 86 400 = 11 574.07.
    const out = evaluate(model, {
      ...only,
      inAppShare: 1,
      dailyActiveUsers: 100_000_000,
      notificationsPerUserPerDay: 10,
      inboxRowBytes: 2_000,
      inboxRetention: 90 * 86_400,
      replicationFactor: 1,
    });
    expectClose(out.averagePerSecond, 1e9 / 86_400);
    expect(Math.round(out.averagePerSecond / 1000)).toBe(12);
    expectClose(out.inboxBytes, 180e12);
  });

  it('matches the back-of-the-envelope Twitter estimate: ~3 500 per second on average, ~7 000 at peak', () => {
    // A. Xu, "System Design Interview – An Insider's Guide", chapter 2 "Back-of-the-envelope estimation",
    // "Example: Estimate Twitter QPS and storage requirements": 150 million daily users, 2 tweets each,
    // "150 million * 2 tweets / 24 hour / 3600 seconds = ~3500", "Peak QPS = 2 * QPS = ~7000"; media
    // "150 million * 2 * 10% * 1 MB = 30 TB per day", "30 TB * 365 * 5 = ~55 PB" over five years.
    const out = evaluate(model, {
      ...only,
      inAppShare: 0.1,
      dailyActiveUsers: 150_000_000,
      notificationsPerUserPerDay: 2,
      peakToAverage: 2,
      inboxRowBytes: 1_000_000,
      inboxRetention: 5 * 365 * 86_400,
      replicationFactor: 1,
    });
    expectClose(out.averagePerSecond, 3472.222222222222);
    expectClose(out.peakPerSecond, 6944.444444444444);
    expectClose(out.inboxBytes, 54.75e15); // "~55 PB"
  });
});

describe('notification-volume: the case study’s defaults, derived by hand', () => {
  const out = evaluate(model, {});
  it('200 million a day, 6 944/s at peak, 1.485 channels per notification, a target of 10 312.5/s', () => {
    // independent derivation: 10e6 × 20 = 2e8; / 86 400 × 3 = 6 944.44; 1 + 0.4 + 0.08 + 0.005 = 1.485;
    // 6 944.44 × 1.485 = 10 312.5; 4 × 6 944.44 = 27 777.8
    expectClose(out.notificationsPerDay, 2e8);
    expectClose(out.peakPerSecond, (2e8 / 86_400) * 3);
    expectClose(out.channelsPerNotification, 1.485, 1e-12);
    expectClose(out.designTarget, 10_312.5, 1e-12);
    expectClose(out.naivePeakSum, 27_777.777777777777);
    expectClose(out.broadcastPushPerSecond, (50e6 * 0.6) / 1800);
    // a broadcast during the daily peak: 10 312.5 + 16 666.7 = 26 979.2 deliveries/s (the doc comment's example);
    // half on FCM: 2 777.8 × 0.5 = 1 388.9/s of the daily peak, 16 666.7 × 0.5 = 8 333.3/s of the broadcast,
    // 27 777.8 × 0.5 = 13 888.9/s at a reach of 1; APNs takes the other half.
    expectClose(out.peakWithBroadcast, 26_979.166666666668, 1e-12);
    expectClose(out.fcmPeakPerSecond, 1_388.888888888889, 1e-12);
    expectClose(out.apnsPeakPerSecond, 1_388.888888888889, 1e-12);
    expectClose(out.fcmBroadcastPerSecond, 8_333.333333333334, 1e-12);
    expectClose(out.apnsBroadcastPerSecond, 8_333.333333333334, 1e-12);
    expectClose(out.fcmBroadcastEveryonePerSecond, 13_888.888888888889, 1e-12);
    expect(out.broadcastDuration).toBe(1800);
    // inbox: 2e8 × 90 × 400 B × 3 = 21.6 TB; log: 2.97e8 × 30 × 150 × 3 = 4.0095 TB
    expectClose(out.inboxBytes, 21.6e12);
    expectClose(out.deliveryLogBytes, 4.0095e12);
  });
});

describe('notification-volume: the push providers split the push volume', () => {
  it('FCM + APNs = push, for any Android share', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (androidShare) => {
        const o = evaluate(model, { androidShare });
        const push = o.channels.find((c) => c.id === 'push')?.peakPerSecond ?? NaN;
        expectClose(o.fcmPeakPerSecond + o.apnsPeakPerSecond, push, 1e-12);
        expectClose(o.fcmBroadcastPerSecond + o.apnsBroadcastPerSecond, o.broadcastPushPerSecond, 1e-12);
        expect(o.fcmBroadcastEveryonePerSecond).toBeGreaterThanOrEqual(o.fcmBroadcastPerSecond);
      }),
    );
  });
});

describe('notification-volume: properties', () => {
  const shares = fc.record({
    inAppShare: fc.double({ min: 0, max: 1, noNaN: true }),
    pushShare: fc.double({ min: 0, max: 1, noNaN: true }),
    emailShare: fc.double({ min: 0, max: 1, noNaN: true }),
    smsShare: fc.double({ min: 0, max: 1, noNaN: true }),
    dailyActiveUsers: fc.double({ min: 1, max: 1e9, noNaN: true }),
  });
  it('the channel peaks add up to the design target, never above four channels at the whole peak', () => {
    fc.assert(
      fc.property(shares, (s) => {
        const out = evaluate(model, s);
        expectClose(out.channelPeakSum, out.designTarget, 1e-9, 1e-9);
        expect(out.designTarget).toBeLessThanOrEqual(out.naivePeakSum * (1 + 1e-12));
        expectClose(out.channelsPerNotification, s.inAppShare + s.pushShare + s.emailShare + s.smsShare, 1e-12, 1e-15);
      }),
    );
  });
  it('rejects a share above 1 and names the field', () => {
    const r = check(model, { smsShare: 1.5 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.field).join()).toContain('smsShare');
  });
  it('does not mutate its input', () => {
    const input = { dailyActiveUsers: 5, pushShare: 0.5 };
    evaluate(model, input);
    expect(input).toEqual({ dailyActiveUsers: 5, pushShare: 0.5 });
  });
});
