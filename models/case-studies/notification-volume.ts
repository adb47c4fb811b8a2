/**
 * Notification volume by channel, derived from shares so that the channels add up to the design target
 * instead of each being sized at the whole peak. A notification is written once to the user's in-app inbox
 * and then delivered on zero or more channels by the user's preferences; `<channel>Share` is the fraction of
 * notifications delivered on that channel. The channels per notification follow from the shares, and so does
 * every per-channel rate:
 *
 *   notificationsPerDay      = dailyActiveUsers × notificationsPerUserPerDay
 *   averagePerSecond         = notificationsPerDay / 86 400
 *   peakPerSecond            = averagePerSecond × peakToAverage
 *   channelsPerNotification  = inAppShare + pushShare + emailShare + smsShare         (deliveries per notification)
 *   designTarget             = peakPerSecond × channelsPerNotification                (peak deliveries per second)
 *   channel c: perDay = notificationsPerDay × share_c; peakPerSecond = peakPerSecond × share_c
 *              (so Σ_c peak_c = designTarget exactly); peakBandwidth = peak_c × bytes_c
 *   naivePeakSum             = 4 × peakPerSecond: every channel sized at the whole peak (the error this avoids)
 *   broadcastPerSecond       = broadcastRecipients / broadcastWindow                  (a broadcast that must finish in time)
 *   broadcastPushPerSecond   = broadcastPerSecond × broadcastPushReach                 (recipients with a push token)
 *   peakWithBroadcast        = designTarget + broadcastPushPerSecond                  (a broadcast during the daily peak)
 *   fcm… / apns…             = the push peak and the broadcast's push × androidShare / × (1 − androidShare)
 *   inboxRows                = notificationsPerDay × inAppShare × inboxRetention / 86 400
 *   deliveryLogRows          = deliveriesPerDay × logRetention / 86 400               (one row per delivery attempt's outcome)
 *   storage                  = rows × bytes per row × replicationFactor
 *
 * Assumptions: the peak applies to every channel alike (a channel's own peak may come at another hour, which
 * only lowers the sum); broadcasts are counted apart from the daily volume (they are fanned out on read into
 * the inbox: see notification-fanout); one delivery = one provider message (an SMS of more than one segment
 * is priced in notification-cost); retries and deduplication are not counted here.
 *
 * Units: counts, seconds, per second, bytes, bytes per second.
 *
 * Example: 10 000 000 daily users × 20 = 200 000 000 notifications a day, 2 314.8/s on average, 6 944.4/s
 * at a peak of 3×; shares 1 (in-app), 0.4 (push), 0.08 (email), 0.005 (SMS) give 1.485 channels per
 * notification and a design target of 10 312.5 deliveries/s: in-app 6 944.4, push 2 777.8, email 555.6,
 * SMS 34.7 per second, which add up to 10 312.5 (sizing each channel at the whole peak would say 27 777.8).
 * A broadcast to 50 000 000 users in 1 800 s is 27 777.8/s, 16 666.7/s of it on push at a 60 % reach; during
 * the daily peak the senders then carry 10 312.5 + 16 666.7 = 26 979.2 deliveries/s. With half the pushes on
 * Android, FCM takes 1 388.9/s of the daily peak and 8 333.3/s of the broadcast (13 888.9/s at a reach of 1).
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { SECONDS_PER_DAY } from '../capacity/arithmetic.ts';

/** x when it is a finite number, else null (a ratio over a zero or vanishing rate). */
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export const channelIds = ['in-app', 'push', 'email', 'sms'] as const;
export type ChannelId = (typeof channelIds)[number];

const share = (description: string, value: number) =>
  z.number().min(0).max(1).default(value).meta({ unit: 'fraction', description });
const bytes = (description: string, value: number, empirical = false) =>
  z
    .number()
    .min(0)
    .max(1e8)
    .default(value)
    .meta(empirical ? { unit: 'B', description, empirical: true } : { unit: 'B', description });

export const volumeInputShape = {
  dailyActiveUsers: z
    .number()
    .min(1)
    .max(1e10)
    .default(10_000_000)
    .meta({ unit: 'count', description: 'Users active on a given day' }),
  // More than 0: the model sizes a system that sends notifications. At 0 there is no peak to size, and the ratios
  // it reports (four channels at the whole peak ÷ the design target, the broadcast ÷ the daily push peak) are 0 ÷ 0.
  notificationsPerUserPerDay: z
    .number()
    .gt(0)
    .max(10_000)
    .default(20)
    .meta({ unit: 'count', description: 'Notifications a daily active user receives per day (more than 0)' }),
  peakToAverage: z
    .number()
    .min(1)
    .max(100)
    .default(3)
    .meta({ unit: 'ratio', description: 'Peak rate over the day’s average rate', empirical: true }),
  inAppShare: share('Fraction of notifications written to the in-app inbox (and pushed over the socket when online)', 1),
  pushShare: share('Fraction of notifications also sent as a mobile push (APNs or FCM)', 0.4),
  emailShare: share('Fraction of notifications also sent as an email', 0.08),
  smsShare: share('Fraction of notifications also sent as an SMS (2FA codes, critical alerts)', 0.005),
};

const input = z
  .strictObject({
    ...volumeInputShape,
    inAppBytes: bytes('Bytes of one in-app message on the socket (JSON payload and WebSocket framing)', 600),
    pushBytes: bytes('Bytes of one push request to APNs or FCM (HTTP/2 headers and JSON payload; APNs allows 4 096 B)', 1_200),
    emailBytes: bytes('Bytes of one email handed to the provider (MIME, HTML and text parts)', 40_000, true),
    smsBytes: bytes('Bytes of one SMS request to the provider (API call with a 160-character body)', 500),
    inboxRowBytes: bytes('Bytes of one inbox row: ids, type, rendered text, read flag, timestamps, index entries', 400, true),
    logRowBytes: bytes('Bytes of one delivery-log row: notification id, channel, provider id, status, timestamps', 150, true),
    inboxRetention: z
      .number()
      .min(0)
      .max(3.2e8)
      .default(90 * SECONDS_PER_DAY)
      .meta({ unit: 's', description: 'How long the inbox keeps a notification (90 days = 7 776 000 s)' }),
    logRetention: z
      .number()
      .min(0)
      .max(3.2e8)
      .default(30 * SECONDS_PER_DAY)
      .meta({ unit: 's', description: 'How long the delivery log keeps a row (30 days = 2 592 000 s)' }),
    replicationFactor: z
      .number()
      .int()
      .min(1)
      .max(10)
      .default(3)
      .meta({ unit: 'count', description: 'Copies the store keeps of each row' }),
    broadcastRecipients: z
      .number()
      .min(0)
      .max(1e10)
      .default(50_000_000)
      .meta({ unit: 'count', description: 'Users a broadcast goes to (every registered user)' }),
    broadcastWindow: z
      .number()
      .min(1)
      .max(604_800)
      .default(1800)
      .meta({ unit: 's', description: 'Time within which a broadcast must reach everyone' }),
    broadcastPushReach: share('Fraction of a broadcast’s recipients with a push token and push enabled', 0.6),
    androidShare: z.number().min(0).max(1).default(0.5).meta({
      unit: 'fraction',
      description: 'Fraction of push messages that go through FCM (Android devices); the rest go through APNs',
      empirical: true,
    }),
  })
  .superRefine((v, ctx) => {
    // A notification delivered on no channel reaches nobody: with every share at 0 there are no deliveries, and
    // the rates that follow from them (the design target, the producer's buffer in seconds) are 0 or 0 ÷ 0.
    if (v.inAppShare + v.pushShare + v.emailShare + v.smsShare <= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['inAppShare'],
        input: v.inAppShare,
        message:
          'at least one of the four shares (in-app, pushed, emailed, texted) must be above 0 %: a notification sent on no channel reaches nobody',
      });
    }
  });

export interface ChannelVolume {
  readonly id: ChannelId;
  readonly share: number;
  readonly perDay: number;
  readonly averagePerSecond: number;
  readonly peakPerSecond: number;
  readonly shareOfDeliveries: number;
  readonly bytesPerDelivery: number;
  readonly peakBandwidth: number;
  readonly bytesPerDay: number;
}

export interface NotificationVolumeOutput {
  readonly activeUsers: number;
  readonly notificationsPerUser: number;
  readonly notificationsPerDay: number;
  readonly averagePerSecond: number;
  readonly peakPerSecond: number;
  readonly channelsPerNotification: number;
  readonly deliveriesPerDay: number;
  readonly designTarget: number;
  readonly channelPeakSum: number;
  readonly naivePeakSum: number;
  readonly naiveOverstatement: number | null;
  readonly channels: readonly ChannelVolume[];
  readonly peakBandwidth: number;
  readonly broadcastPerSecond: number;
  readonly broadcastPushPerSecond: number;
  readonly broadcastToPeak: number | null;
  readonly broadcastDuration: number;
  readonly peakWithBroadcast: number;
  readonly fcmPeakPerSecond: number;
  readonly apnsPeakPerSecond: number;
  readonly fcmBroadcastPerSecond: number;
  readonly apnsBroadcastPerSecond: number;
  readonly fcmBroadcastEveryonePerSecond: number;
  readonly inboxRows: number;
  readonly inboxBytes: number;
  readonly deliveryLogRows: number;
  readonly deliveryLogBytes: number;
  readonly storageBytes: number;
}

export const notificationVolume = defineModel({
  id: 'notification-volume',
  title: 'Notifications: volume, bandwidth and storage by channel',
  summary:
    'Notifications per day and per second at average, peak and broadcast, split by channel from shares so the channel peaks add up to the design target; bandwidth by channel; inbox and delivery-log storage.',
  input,
  outputs: {
    activeUsers: {
      description: 'The daily active users, as given: what a scenario that follows this one (the bill) reads',
      unit: 'count',
    },
    notificationsPerUser: {
      description: 'Notifications a daily user receives per day, as given: what a scenario that follows this one reads',
      unit: 'count',
    },
    notificationsPerDay: { description: 'Notifications created per day', unit: 'count' },
    averagePerSecond: { description: 'Notifications per second, averaged over the day', unit: '1/s' },
    peakPerSecond: { description: 'Notifications per second at peak', unit: '1/s' },
    channelsPerNotification: {
      description: 'Deliveries per notification: the sum of the channel shares',
      unit: 'ratio',
    },
    deliveriesPerDay: { description: 'Deliveries per day over every channel', unit: 'count' },
    designTarget: { description: 'Peak deliveries per second over every channel: the design target', unit: '1/s' },
    channelPeakSum: { description: 'The per-channel peaks added up (equals the design target)', unit: '1/s' },
    naivePeakSum: {
      description: 'What sizing each of the four channels at the whole notification peak would add up to',
      unit: '1/s',
    },
    naiveOverstatement: {
      description: 'naivePeakSum ÷ designTarget: how far that error oversizes; null with no deliveries',
      unit: 'ratio',
    },
    channels: {
      description: 'Per channel: share, per day, average and peak per second, bandwidth',
      unit: 'list',
      columns: { averagePerSecond: '1/s', peakPerSecond: '1/s', bytesPerDelivery: 'B', peakBandwidth: 'B/s', bytesPerDay: 'B' },
    },
    peakBandwidth: { description: 'Bytes per second leaving for every channel at peak', unit: 'B/s' },
    broadcastPerSecond: { description: 'Notifications per second a broadcast needs to finish in its window', unit: '1/s' },
    broadcastPushPerSecond: { description: 'Push messages per second of that broadcast', unit: '1/s' },
    broadcastToPeak: { description: 'Broadcast push rate ÷ the daily peak push rate; null with no daily push', unit: 'ratio' },
    broadcastDuration: { description: 'Seconds a broadcast is enqueued over: its window', unit: 's' },
    peakWithBroadcast: {
      description:
        'Deliveries per second the senders carry while a broadcast runs at the daily peak: design target + broadcast push',
      unit: '1/s',
    },
    fcmPeakPerSecond: { description: 'The daily push peak’s FCM (Android) part', unit: '1/s' },
    apnsPeakPerSecond: { description: 'The daily push peak’s APNs (iOS) part', unit: '1/s' },
    fcmBroadcastPerSecond: { description: 'The broadcast’s push rate through FCM', unit: '1/s' },
    apnsBroadcastPerSecond: { description: 'The broadcast’s push rate through APNs', unit: '1/s' },
    fcmBroadcastEveryonePerSecond: {
      description: 'The broadcast’s FCM rate if every recipient had push on (reach 1)',
      unit: '1/s',
    },
    inboxRows: { description: 'Inbox rows kept over the retention (personal notifications; broadcasts apart)', unit: 'count' },
    inboxBytes: { description: 'Inbox storage with replication', unit: 'B' },
    deliveryLogRows: { description: 'Delivery-log rows kept over its retention', unit: 'count' },
    deliveryLogBytes: { description: 'Delivery-log storage with replication', unit: 'B' },
    storageBytes: { description: 'Inbox and delivery log together', unit: 'B' },
  },
  references: [
    {
      title: 'Model traffic, this site',
      note: 'Per day, average and peak per second from daily users and a peak-to-average ratio: the same arithmetic, per channel.',
    },
    {
      title: 'Model storage-growth, this site',
      note: 'Rows × bytes × replication: here over a retention rather than years of growth.',
    },
    {
      title: 'Apple Developer documentation, “Sending notification requests to APNs”',
      url: 'https://developer.apple.com/documentation/usernotifications/sending-notification-requests-to-apns',
      note: 'The payload limit (4 KB for a regular remote notification) bounds a push request’s size.',
    },
  ],
  example: {},
  exampleStates: {
    notificationsPerDay: 200_000_000,
    averagePerSecond: 2314.8,
    peakPerSecond: 6944.4,
    channelsPerNotification: 1.485,
    designTarget: 10_312.5,
    'channels[id=push].peakPerSecond': 2777.8,
    'channels[id=email].peakPerSecond': 555.6,
    'channels[id=sms].peakPerSecond': 34.7,
    naivePeakSum: 27_777.8,
    broadcastPerSecond: 27_777.8,
    broadcastPushPerSecond: 16_666.7,
    peakWithBroadcast: 26_979.2,
    fcmPeakPerSecond: 1388.9,
    fcmBroadcastPerSecond: 8333.3,
    fcmBroadcastEveryonePerSecond: 13_888.9,
  },
  compute(v): NotificationVolumeOutput {
    const notificationsPerDay = v.dailyActiveUsers * v.notificationsPerUserPerDay;
    const averagePerSecond = notificationsPerDay / SECONDS_PER_DAY;
    const peakPerSecond = averagePerSecond * v.peakToAverage;
    const shares: Record<ChannelId, number> = {
      'in-app': v.inAppShare,
      push: v.pushShare,
      email: v.emailShare,
      sms: v.smsShare,
    };
    const sizes: Record<ChannelId, number> = {
      'in-app': v.inAppBytes,
      push: v.pushBytes,
      email: v.emailBytes,
      sms: v.smsBytes,
    };
    const channelsPerNotification = v.inAppShare + v.pushShare + v.emailShare + v.smsShare;
    const designTarget = peakPerSecond * channelsPerNotification;
    const channels = channelIds.map((id): ChannelVolume => {
      const s = shares[id];
      const peak = peakPerSecond * s;
      return {
        id,
        share: s,
        perDay: notificationsPerDay * s,
        averagePerSecond: averagePerSecond * s,
        peakPerSecond: peak,
        shareOfDeliveries: channelsPerNotification > 0 ? s / channelsPerNotification : 0,
        bytesPerDelivery: sizes[id],
        peakBandwidth: peak * sizes[id],
        bytesPerDay: notificationsPerDay * s * sizes[id],
      };
    });
    const naivePeakSum = channelIds.length * peakPerSecond;
    const broadcastPerSecond = v.broadcastRecipients / v.broadcastWindow;
    const broadcastPushPerSecond = broadcastPerSecond * v.broadcastPushReach;
    const peakPush = peakPerSecond * v.pushShare;
    const inboxRows = (notificationsPerDay * v.inAppShare * v.inboxRetention) / SECONDS_PER_DAY;
    const deliveryLogRows = (notificationsPerDay * channelsPerNotification * v.logRetention) / SECONDS_PER_DAY;
    const inboxBytes = inboxRows * v.inboxRowBytes * v.replicationFactor;
    const deliveryLogBytes = deliveryLogRows * v.logRowBytes * v.replicationFactor;
    return {
      activeUsers: v.dailyActiveUsers,
      notificationsPerUser: v.notificationsPerUserPerDay,
      notificationsPerDay,
      averagePerSecond,
      peakPerSecond,
      channelsPerNotification,
      deliveriesPerDay: notificationsPerDay * channelsPerNotification,
      designTarget,
      channelPeakSum: channels.reduce((a, c) => a + c.peakPerSecond, 0),
      naivePeakSum,
      naiveOverstatement: finiteOrNull(naivePeakSum / designTarget),
      channels,
      peakBandwidth: channels.reduce((a, c) => a + c.peakBandwidth, 0),
      broadcastPerSecond,
      broadcastPushPerSecond,
      broadcastToPeak: finiteOrNull(broadcastPushPerSecond / peakPush),
      broadcastDuration: v.broadcastWindow,
      peakWithBroadcast: designTarget + broadcastPushPerSecond,
      fcmPeakPerSecond: peakPush * v.androidShare,
      apnsPeakPerSecond: peakPush * (1 - v.androidShare),
      fcmBroadcastPerSecond: broadcastPushPerSecond * v.androidShare,
      apnsBroadcastPerSecond: broadcastPushPerSecond * (1 - v.androidShare),
      fcmBroadcastEveryonePerSecond: broadcastPerSecond * v.androidShare,
      inboxRows,
      inboxBytes,
      deliveryLogRows,
      deliveryLogBytes,
      storageBytes: inboxBytes + deliveryLogBytes,
    };
  },
});
