/**
 * The providers’ bill for notifications per month, by channel, from each channel’s daily volume, its dated
 * price and the days in the month, and which input moves the bill most.
 *
 *   perDay_c        = dailyActiveUsers × notificationsPerUserPerDay × share_c          (as in notification-volume)
 *   usdPerDay_c     = perDay_c × price_c, where price_sms = (smsPricePerSegment + smsCarrierFeePerSegment) × smsSegments
 *   usdPerMonth_c   = usdPerDay_c × daysInMonth
 *   total           = Σ_c usdPerMonth_c
 *   elasticity(x)   = (∂ total / ∂ x) × x / total: the bill’s relative change per relative change of x. The bill is
 *                     linear in every input, so dailyActiveUsers, notificationsPerUserPerDay and daysInMonth have
 *                     elasticity 1, a channel’s share and price have that channel’s part of the bill, and the SMS
 *                     carrier fee has its part of the SMS price times SMS’s part of the bill.
 *   topChannelInput = the per-channel input with the largest elasticity (the global three scale everything alike)
 *   dayAsMonthError = total / (total / daysInMonth): the factor by which pricing one day’s volume as the month’s
 *                     understates the bill (the error the issue names: thirtyfold at 30 days)
 *
 * Assumptions: list prices, no volume discounts, free tiers, committed-use contracts or taxes; in-app
 * delivery has no per-message provider price (its servers are priced apart); push through APNs and FCM has
 * no per-message charge; every SMS is one destination in one country at one price.
 *
 * Units: counts, US dollars, days (daysInMonth is a count of days, not seconds: it multiplies a daily bill).
 *
 * Example: 10 000 000 daily users × 20 = 200 000 000 notifications a day; email 8 % = 16 000 000 a day ×
 * $0.0001 = $1 600 a day; SMS 0.5 % = 1 000 000 a day × ($0.0083 + $0.0035) = $11 800 a day; push and in-app
 * $0. Over 30 days: email $48 000, SMS $354 000, total $402 000 a month, 88.1 % of it SMS.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { channelIds, type ChannelId, volumeInputShape } from './notification-volume.ts';

const price = (description: string, value: number) =>
  z.number().min(0).max(100).default(value).meta({ unit: 'USD', description, empirical: true });

const input = z.strictObject({
  dailyActiveUsers: volumeInputShape.dailyActiveUsers,
  notificationsPerUserPerDay: volumeInputShape.notificationsPerUserPerDay,
  inAppShare: volumeInputShape.inAppShare,
  pushShare: volumeInputShape.pushShare,
  emailShare: volumeInputShape.emailShare,
  smsShare: volumeInputShape.smsShare,
  inAppPrice: z
    .number()
    .min(0)
    .max(100)
    .default(0)
    .meta({ unit: 'USD', description: 'Provider price per in-app message (none: the gateways are priced apart)' }),
  pushPrice: price('Provider price per push message (APNs and FCM charge none)', 0),
  emailPrice: price('Provider price per email ($0.10 per 1 000 = $0.0001)', 0.0001),
  smsPricePerSegment: price('Provider price per SMS segment sent (US)', 0.0083),
  smsCarrierFeePerSegment: price('Carrier fee passed through per SMS segment (US, varies by carrier)', 0.0035),
  smsSegments: z
    .number()
    .min(1)
    .max(10)
    .default(1)
    .meta({ unit: 'count', description: 'Segments per SMS (160 GSM-7 characters, or 70 with any other character, fit one)' }),
  daysInMonth: z
    .number()
    .min(28)
    .max(31)
    .default(30)
    .meta({ unit: 'count', description: 'Days in the month being priced (28 to 31; AWS’s 730-hour month is 30.4)' }),
});

export interface ChannelCost {
  readonly id: ChannelId;
  readonly perDay: number;
  readonly perMonth: number;
  readonly pricePerMessage: number;
  readonly usdPerDay: number;
  readonly usdPerMonth: number;
  readonly shareOfBill: number;
}

export interface Sensitivity {
  readonly input: string;
  readonly elasticity: number;
}

export interface NotificationCostOutput {
  readonly channels: readonly ChannelCost[];
  readonly usdPerDay: number;
  readonly usdPerMonth: number;
  readonly smsShareOfBill: number;
  readonly dayAsMonthUsd: number;
  readonly dayAsMonthError: number;
  readonly sensitivity: readonly Sensitivity[];
  readonly topChannelInput: string;
  readonly topChannelElasticity: number;
}

const globalInputs = ['dailyActiveUsers', 'notificationsPerUserPerDay', 'daysInMonth'] as const;

export const notificationCost = defineModel({
  id: 'notification-cost',
  title: 'Notifications: the providers’ bill per month by channel',
  summary:
    'Monthly provider cost per channel from daily volume × days in the month × dated price, and the elasticity of the bill to each input.',
  input,
  outputs: {
    channels: {
      description: 'Per channel: messages per day and month, price per message, USD per day and month',
      unit: 'list',
      columns: { pricePerMessage: 'USD', usdPerDay: 'USD', usdPerMonth: 'USD' },
    },
    usdPerDay: { description: 'The providers’ bill for one day', unit: 'USD' },
    usdPerMonth: { description: 'The providers’ bill for the month: daily bill × days in the month', unit: 'USD' },
    smsShareOfBill: { description: 'SMS’s part of the monthly bill', unit: 'fraction' },
    dayAsMonthUsd: { description: 'What pricing one day’s volume as the month’s would say (the daily bill)', unit: 'USD' },
    dayAsMonthError: { description: 'How many times that understates the monthly bill (= days in the month)', unit: 'ratio' },
    sensitivity: {
      description: 'Elasticity of the monthly bill to each input: its relative change per relative change of the input',
      unit: 'list',
    },
    topChannelInput: { description: 'The per-channel input that moves the bill most', unit: 'text' },
    topChannelElasticity: { description: 'Its elasticity', unit: 'ratio' },
  },
  references: [
    {
      title: 'Amazon SES pricing page',
      url: 'https://aws.amazon.com/ses/pricing/',
      note: '$0.10 per 1 000 outbound emails (read through secondary sources: see the case study’s premises).',
    },
    {
      title: 'Twilio SMS pricing, United States',
      url: 'https://www.twilio.com/en-us/sms/pricing/us',
      note: '$0.0083 per segment plus carrier fees (read through secondary sources: see the case study’s premises).',
    },
    {
      title: 'Firebase Cloud Messaging documentation',
      url: 'https://firebase.google.com/docs/cloud-messaging',
      note: '“lets you reliably send messages at no cost”.',
    },
  ],
  example: {},
  exampleStates: {
    'channels[id=email].perDay': 16_000_000,
    'channels[id=email].usdPerDay': 1600,
    'channels[id=sms].perDay': 1_000_000,
    'channels[id=sms].usdPerDay': 11_800,
    'channels[id=email].usdPerMonth': 48_000,
    'channels[id=sms].usdPerMonth': 354_000,
    usdPerMonth: 402_000,
    smsShareOfBill: 0.881,
  },
  compute(v): NotificationCostOutput {
    const perDayAll = v.dailyActiveUsers * v.notificationsPerUserPerDay;
    const smsPrice = (v.smsPricePerSegment + v.smsCarrierFeePerSegment) * v.smsSegments;
    const shares: Record<ChannelId, number> = { 'in-app': v.inAppShare, push: v.pushShare, email: v.emailShare, sms: v.smsShare };
    const prices: Record<ChannelId, number> = { 'in-app': v.inAppPrice, push: v.pushPrice, email: v.emailPrice, sms: smsPrice };
    const raw = channelIds.map((id) => {
      const perDay = perDayAll * shares[id];
      const usdPerDay = perDay * prices[id];
      return {
        id,
        perDay,
        perMonth: perDay * v.daysInMonth,
        pricePerMessage: prices[id],
        usdPerDay,
        usdPerMonth: usdPerDay * v.daysInMonth,
      };
    });
    const usdPerDay = raw.reduce((a, c) => a + c.usdPerDay, 0);
    const usdPerMonth = usdPerDay * v.daysInMonth;
    const part = (x: number) => (usdPerMonth > 0 ? x / usdPerMonth : 0);
    const channels = raw.map((c) => ({ ...c, shareOfBill: part(c.usdPerMonth) }));
    const billPart = (id: ChannelId) => channels.find((c) => c.id === id)?.shareOfBill ?? 0;
    const smsPart = billPart('sms');
    const smsList = v.smsPricePerSegment + v.smsCarrierFeePerSegment;
    const perChannel: Sensitivity[] = [
      { input: 'smsShare', elasticity: smsPart },
      { input: 'smsPricePerSegment', elasticity: smsList > 0 ? smsPart * (v.smsPricePerSegment / smsList) : 0 },
      { input: 'smsCarrierFeePerSegment', elasticity: smsList > 0 ? smsPart * (v.smsCarrierFeePerSegment / smsList) : 0 },
      { input: 'smsSegments', elasticity: smsPart },
      { input: 'emailShare', elasticity: billPart('email') },
      { input: 'emailPrice', elasticity: billPart('email') },
      { input: 'pushShare', elasticity: billPart('push') },
      { input: 'pushPrice', elasticity: billPart('push') },
      { input: 'inAppShare', elasticity: billPart('in-app') },
      { input: 'inAppPrice', elasticity: billPart('in-app') },
    ];
    const global: Sensitivity[] = globalInputs.map((i) => ({ input: i, elasticity: usdPerMonth > 0 ? 1 : 0 }));
    const top = perChannel.reduce((best, s) => (s.elasticity > best.elasticity ? s : best));
    return {
      channels,
      usdPerDay,
      usdPerMonth,
      smsShareOfBill: smsPart,
      dayAsMonthUsd: usdPerDay,
      dayAsMonthError: v.daysInMonth,
      sensitivity: [...global, ...perChannel].sort((a, b) => b.elasticity - a.elasticity),
      topChannelInput: top.input,
      topChannelElasticity: top.elasticity,
    };
  },
});
