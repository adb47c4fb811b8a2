/**
 * The payments platform of the payments case study, as one chain: the payment-method mix gives the average
 * ticket, the yearly volume and the ticket give the number of payments, and everything else (rates at named
 * peaks, calls to the payment service provider, webhooks, ledger lines and their storage, the idempotency
 * store and its key space, fees with their fixed parts, funds in flight, fraud economics, the worker pool,
 * reconciliation) follows from those, so no figure on the page can disagree with another.
 *
 *   shares         s_i = share_i / Σ share             (normalised: the reader may edit one share)
 *   averageTicket  = Σ s_i × ticket_i                   payments = annualVolume / averageTicket
 *   perDay         = payments / 365                     perSecond = perDay / 86 400
 *   fee_i          = min(cap_i, rate_i × ticket_i + fixed_i)       (only ACH has a cap)
 *   fees           = Σ payments × s_i × fee_i           effectiveRate = fees / annualVolume
 *   routed saving  = routedShare × card payments × (cardFee − altFee)
 *   at a peak of multiple m: λ = m × perSecond; PSP calls/s = λ × (2 + refundRate)
 *     PSP in flight (Little's law) = PSP calls/s × pspLatency
 *     authorization workers: M/M/c (Erlang C) with λ and service time pspLatency + processingTime, the fewest
 *     workers with P(wait <= targetWait) >= serviceLevel (model `mmc-servers`' rule)
 *   journal transactions per payment = 4 + refundRate, lines = 12 + 2 × refundRate: authorization (2 lines),
 *     capture (4) and its fee (4), settlement (2), and a refund (2) for refundRate of payments, exactly as model
 *     `ledger-journal` posts them (its `lifecycle`)
 *   ledger storage = model `storage-growth` over `years` with replicationFactor and indexOverhead
 *   idempotency store = keys/s × retention × bytesPerIdempotencyRecord; key space: model `birthday` over all
 *     the keys of `years` years, and the fewest random bits that keep a collision below collisionTarget
 *   funds in flight: payments are captured every calendar day; the PSP pays out settlementDays business days
 *     later (achSettlementDays for ACH), business days Monday–Friday, no holidays. A capture on weekday c reaches
 *     cash D(c) calendar days later (T+2: Mon–Wed 2, Thu–Fri 4, Sat 3, Sun 2, mean 19/7 = 2.71); on an average
 *     day funds in flight = Σ_methods volume_m / 365 × mean_c D_m(c); the highest weekday's total is the peak
 *   the p99 of an authorization (wait + service) in M/M/c: W is 0 with probability 1 − C and Exp(θ = cμ − λ)
 *     otherwise; S is Exp(μ), so P(W + S > t) = (1 − C) e^(−μt) + C (θ e^(−μt) − μ e^(−θt)) / (θ − μ)
 *     ((1 + μt) e^(−μt) when θ = μ), solved for 0.01 by bisection. With no wait, p99 = ln 100 / μ = 4.6 × the mean.
 *   outbox during a PSP outage: authorizations fail over to the second PSP, so what queues for the failed PSP is
 *     the captures of payments it authorized before (delayedCaptureShare of payments, captured when the goods
 *     ship) and refunds: busiest hour of a day × (delayedCaptureShare + refundRate); after the outage, captures
 *     and refunds arrive at the highest peak × (1 + refundRate); the outbox workers complete
 *     captureWorkers / pspLatency calls a second
 *   fraud: loss on one fraudulent sale = ticket × (1 − margin) + fee + disputeFee (goods gone, the sale
 *     reversed, fees kept by the PSP); profit on one good sale = ticket × margin − fee;
 *     salesToRecoverFraud = loss / profit (null when a sale makes less than a cent)
 *   hot account: every payment's fee line updates the platform-revenue balance row; at the highest peak λ*
 *     that row is locked λ* × hotRowLockTime of the time, and saturates at 1 / (λ* × hotRowLockTime) × the volume
 *   budget: downtime a year = (1 − availabilityTarget) × a year; failovers it allows = budget / databaseFailoverTime;
 *     one PSP outage without failover uses pspOutage / budget of it
 *   reconciliation: rows per day = perDay × (1 + refundRate); unmatched = rows × (1 − matchRate);
 *     time to match a day's file = rows / reconciliationRowsPerSecond
 *
 * Assumptions: every payment of a method is at that method's average ticket (fees are linear in the ticket
 * except for the ACH cap, so with a cap this is an upper bound on the ACH fees); payments are captured (a
 * refund is a separate call and a separate journal transaction); peaks are multiples of the year's average
 * second; authorizations arrive as a Poisson stream and hold a worker for the PSP call (exponential service,
 * the distribution Erlang C assumes: with no floor and a long tail, pessimistic for a network round trip, whose p99
 * is nearer 2–3 × its mean than 4.6 ×; measure the PSP's own p99); a year is 365 days; settlement counts
 * business days and ignores bank holidays.
 *
 * Units: USD, seconds, per second, bytes, fractions; payments and lines as counts.
 *
 * Example (the issue's business): $500 M a year over the mix 55/20/15/8/2 % at $65/$40/$55/$120/$150 gives an
 * average ticket of $64.60, 7 739 938 payments a year, 21 205 a day and 0.2454 a second on average; fees are
 * $14 688 854 a year (2.94 %), of which the fixed parts are $2 012 384 (without them the rate would seem 2.54 %).
 */
import { z } from 'zod';
import { SECONDS_PER_DAY } from '../capacity/arithmetic.ts';
import { storageGrowth } from '../capacity/storage-growth.ts';
import { evaluate } from '../evaluate.ts';
import { defineModel } from '../model.ts';
import { lifecycle } from './ledger-journal.ts';
import { erlangC, erlangCServers, erlangCServiceLevel } from '../queueing/erlang.ts';
import { MAX_STAFFING_LOAD } from '../queueing/mmc-servers.ts';
import { collisionProbability } from '../reliability/birthday.ts';

export const DAYS_PER_YEAR = 365;
const SECONDS_PER_YEAR = DAYS_PER_YEAR * SECONDS_PER_DAY;

export const methodIds = ['card', 'debit', 'wallet', 'ach', 'bnpl'] as const;
export type MethodId = (typeof methodIds)[number];
export const methodNames: Readonly<Record<MethodId, string>> = {
  card: 'Credit cards',
  debit: 'Debit cards',
  wallet: 'Wallets',
  ach: 'Bank transfers (ACH)',
  bnpl: 'Buy now, pay later',
};

/** One payment's fee: a percentage plus a fixed part, capped (the cap only for ACH). */
export function paymentFee(ticket: number, rate: number, fixed: number, cap = Infinity): number {
  return Math.min(cap, rate * ticket + fixed);
}

const share = (d: number, who: string) =>
  z
    .number()
    .min(0)
    .max(1)
    .default(d)
    .meta({
      unit: 'fraction',
      description: `Share of payments made with ${who} (shares are normalised to sum to 1)`,
      empirical: true,
    });
const ticket = (d: number, who: string) =>
  z
    .number()
    .min(0.5)
    .max(100_000)
    .default(d)
    .meta({ unit: 'USD', description: `Average ticket of a payment with ${who}`, empirical: true });
const rate = (d: number, who: string) =>
  z
    .number()
    .min(0)
    .max(0.2)
    .default(d)
    .meta({ unit: 'fraction', description: `Percentage fee the PSP charges on ${who}`, empirical: true });
const fixed = (d: number, who: string) =>
  z
    .number()
    .min(0)
    .max(10)
    .default(d)
    .meta({ unit: 'USD', description: `Fixed fee per payment on ${who}`, empirical: true });
const multiple = (d: number, what: string) =>
  z
    .number()
    .min(1)
    .max(1000)
    .default(d)
    .meta({ unit: 'ratio', description: `${what}, as a multiple of the year’s average payments per second`, empirical: true });

const fields = z.strictObject({
  annualVolume: z
    .number()
    .min(1000)
    .max(1e13)
    .default(500e6)
    .meta({ unit: 'USD', description: 'Payment volume a year, all merchants', empirical: true }),
  merchants: z
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .default(1000)
    .meta({ unit: 'count', description: 'Merchants on the platform', empirical: true }),
  cardShare: share(0.55, 'credit cards'),
  cardTicket: ticket(65, 'a credit card'),
  cardFeeRate: rate(0.029, 'credit cards'),
  cardFixedFee: fixed(0.3, 'credit cards'),
  debitShare: share(0.2, 'debit cards'),
  debitTicket: ticket(40, 'a debit card'),
  debitFeeRate: rate(0.015, 'debit cards'),
  debitFixedFee: fixed(0.25, 'debit cards'),
  walletShare: share(0.15, 'wallets'),
  walletTicket: ticket(55, 'a wallet'),
  walletFeeRate: rate(0.029, 'wallets'),
  walletFixedFee: fixed(0.3, 'wallets'),
  achShare: share(0.08, 'bank transfers (ACH)'),
  achTicket: ticket(120, 'a bank transfer (ACH)'),
  achFeeRate: z
    .number()
    .min(0.0001)
    .max(0.2)
    .default(0.008)
    .meta({ unit: 'fraction', description: 'Percentage fee the PSP charges on bank transfers (ACH)', empirical: true }),
  achFixedFee: fixed(0, 'bank transfers (ACH)'),
  achFeeCap: z
    .number()
    .min(0)
    .max(1000)
    .default(5)
    .meta({ unit: 'USD', description: 'The most one ACH payment’s fee can be', empirical: true }),
  bnplShare: share(0.02, 'buy now, pay later'),
  bnplTicket: ticket(150, 'buy now, pay later'),
  bnplFeeRate: rate(0.055, 'buy now, pay later'),
  bnplFixedFee: fixed(0, 'buy now, pay later'),
  routedShare: z.number().min(0).max(1).default(0.5).meta({
    unit: 'fraction',
    description: 'Share of credit-card payments routed to a second, cheaper PSP',
    empirical: true,
  }),
  altCardFeeRate: rate(0.025, 'credit cards at the second PSP'),
  altCardFixedFee: fixed(0.2, 'credit cards at the second PSP'),
  dailyPeakMultiple: multiple(2, 'The busiest hour of an ordinary day'),
  blackFridayMultiple: multiple(3.4, 'The busiest minute of Black Friday–Cyber Monday'),
  campaignMultiple: multiple(10, 'A large merchant’s flash sale'),
  refundRate: z.number().min(0).max(1).default(0.03).meta({
    unit: 'fraction',
    description: 'Share of payments refunded (one more PSP call and journal transaction)',
    empirical: true,
  }),
  webhooksPerPayment: z
    .number()
    .min(0)
    .max(100)
    .default(3)
    .meta({ unit: 'count', description: 'Webhooks the PSP sends per payment (authorized, captured, settled)', empirical: true }),
  pspLatency: z.number().min(0.001).max(60).default(0.5).meta({
    unit: 's',
    description: 'Mean time of one PSP call (an authorization goes to the card network and the issuer)',
    empirical: true,
  }),
  processingTime: z
    .number()
    .min(0)
    .max(60)
    .default(0.05)
    .meta({ unit: 's', description: 'Our own work per authorization around the PSP call (checks, writes)', empirical: true }),
  targetWait: z
    .number()
    .min(0)
    .max(60)
    .default(0.1)
    .meta({ unit: 's', description: 'Longest an authorization should wait for a free worker' }),
  serviceLevel: z
    .number()
    .min(0.5)
    .max(0.999999)
    .default(0.99)
    .meta({ unit: 'fraction', description: 'Share of authorizations that must wait no longer than targetWait' }),
  bytesPerLedgerLine: z.number().min(1).max(100_000).default(200).meta({
    unit: 'B',
    description: 'One journal line as stored (row and its header), before indexes and replicas',
    empirical: true,
  }),
  indexOverhead: z
    .number()
    .min(0)
    .max(1)
    .default(1)
    .meta({ unit: 'fraction', description: 'Indexes of the journal as a fraction of its rows', empirical: true }),
  replicationFactor: z
    .number()
    .int()
    .min(1)
    .max(10)
    .default(3)
    .meta({ unit: 'count', description: 'Copies of the ledger (primary, synchronous standby, backup)', empirical: true }),
  years: z.number().int().min(1).max(30).default(7).meta({ unit: 'count', description: 'Years the ledger is kept' }),
  idempotencyRetention: z
    .number()
    .min(60)
    .max(31_536_000)
    .default(86_400)
    .meta({ unit: 's', description: 'How long an idempotency key and its saved response are kept', empirical: true }),
  bytesPerIdempotencyRecord: z
    .number()
    .min(16)
    .max(1_000_000)
    .default(2000)
    .meta({ unit: 'B', description: 'One idempotency record: key, request fingerprint, saved status and body', empirical: true }),
  idempotencyKeyBits: z
    .number()
    .int()
    .min(8)
    .max(256)
    .default(122)
    .meta({ unit: 'count', description: 'Random bits in an idempotency key (122 for a version-4 UUID)' }),
  collisionTarget: z
    .number()
    .min(1e-30)
    .max(0.5)
    .default(1e-9)
    .meta({ unit: 'fraction', description: 'Highest acceptable chance that two keys ever collide over the years kept' }),
  settlementDays: z.number().int().min(0).max(30).default(2).meta({
    unit: 'count',
    description: 'Business days from capture to the PSP paying out to the platform, cards and wallets (T+2)',
    empirical: true,
  }),
  achSettlementDays: z
    .number()
    .int()
    .min(0)
    .max(30)
    .default(4)
    .meta({ unit: 'count', description: 'Business days from capture to payout for ACH debits', empirical: true }),
  marginRate: z
    .number()
    .min(0)
    .max(1)
    .default(0.2)
    .meta({ unit: 'fraction', description: 'A merchant’s margin on a sale, as a share of the ticket', empirical: true }),
  disputeFee: z
    .number()
    .min(0)
    .max(1000)
    .default(15)
    .meta({ unit: 'USD', description: 'What the PSP charges for a dispute (a chargeback)', empirical: true }),
  matchRate: z
    .number()
    .min(0)
    .max(1)
    .default(0.999)
    .meta({ unit: 'fraction', description: 'Share of settlement-file rows that match a ledger entry at once', empirical: true }),
  reconciliationRowsPerSecond: z
    .number()
    .min(1)
    .max(1e9)
    .default(2000)
    .meta({ unit: '1/s', description: 'Settlement-file rows the reconciliation job matches per second', empirical: true }),
  hotRowLockTime: z.number().min(0.00001).max(10).default(0.002).meta({
    unit: 's',
    description: 'How long a transaction holds the row lock on a hot balance (platform revenue) per update, commit included',
    empirical: true,
  }),
  databaseFailoverTime: z
    .number()
    .min(1)
    .max(3600)
    .default(120)
    .meta({ unit: 's', description: 'Time a database failover takes, writes unavailable', empirical: true }),
  delayedCaptureShare: z.number().min(0).max(1).default(0.5).meta({
    unit: 'fraction',
    description: 'Share of payments authorized at checkout and captured later, when the goods ship',
    empirical: true,
  }),
  captureWorkers: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(10)
    .meta({ unit: 'count', description: 'Outbox workers calling the PSP for captures and refunds, one call at a time' }),
  authorizationP99Target: z
    .number()
    .min(0.01)
    .max(60)
    .default(2)
    .meta({ unit: 's', description: 'The 99th percentile an authorization must stay under (wait + PSP call + our work)' }),
  pspOutage: z.number().min(0).max(86_400).default(1800).meta({
    unit: 's',
    description: 'A PSP outage to plan for (authorizations fail unless routed to a second PSP)',
    empirical: true,
  }),
  availabilityTarget: z
    .number()
    .min(0.9)
    .max(0.999999)
    .default(0.9999)
    .meta({ unit: 'fraction', description: 'Availability target of the payment API' }),
});

/** Erlangs of authorization work at the highest named peak, for the rule below. */
function highestPeakLoad(v: z.output<typeof fields>): number {
  const shares = [v.cardShare, v.debitShare, v.walletShare, v.achShare, v.bnplShare];
  const tickets = [v.cardTicket, v.debitTicket, v.walletTicket, v.achTicket, v.bnplTicket];
  const total = shares.reduce((a, b) => a + b, 0);
  if (total <= 0) return 0;
  const ticket = shares.reduce((a, sh, i) => a + (sh / total) * (tickets[i] as number), 0);
  const multiple = Math.max(1, v.dailyPeakMultiple, v.blackFridayMultiple, v.campaignMultiple);
  return (v.annualVolume / ticket / SECONDS_PER_YEAR) * multiple * (v.pspLatency + v.processingTime);
}

const input = fields.superRefine((v, ctx) => {
  if (v.cardShare + v.debitShare + v.walletShare + v.achShare + v.bnplShare <= 0) {
    for (const f of ['cardShare', 'debitShare', 'walletShare', 'achShare', 'bnplShare'])
      ctx.addIssue({
        code: 'custom',
        path: [f],
        input: 0,
        message:
          'the five shares (cardShare, debitShare, walletShare, achShare, bnplShare) are all 0: at least one must be above 0',
      });
    return;
  }
  const load = highestPeakLoad(v);
  if (load > MAX_STAFFING_LOAD) {
    ctx.addIssue({
      code: 'custom',
      path: ['annualVolume'],
      input: v.annualVolume,
      message: `at the highest named peak the authorizations need ${Math.round(load)} workers busy at once; the Erlang C staffing here goes up to ${MAX_STAFFING_LOAD}: lower the volume, the peak multiples or the latency`,
    });
  }
});

export interface MethodLine {
  readonly id: MethodId;
  readonly name: string;
  readonly share: number;
  readonly ticket: number;
  readonly paymentsPerYear: number;
  readonly volumePerYear: number;
  readonly feePerPayment: number;
  readonly fixedPerPayment: number;
  readonly feesPerMonth: number;
  readonly fixedFeesPerMonth: number;
  readonly effectiveRate: number;
}

export type PeakId = 'average' | 'daily' | 'blackFriday' | 'campaign';

export interface PeakLine {
  readonly id: PeakId;
  readonly name: string;
  readonly multiple: number;
  readonly paymentsPerSecond: number;
  readonly pspCallsPerSecond: number;
  /** captures and refunds per second: the PSP calls that wait in the outbox when the PSP is down */
  readonly asyncPspCallsPerSecond: number;
  readonly webhooksPerSecond: number;
  readonly ledgerLinesPerSecond: number;
  /** Little's law: PSP calls in flight = PSP calls per second × pspLatency */
  readonly inFlightAtPsp: number;
  /** Erlangs of authorization work: λ × (pspLatency + processingTime) */
  readonly offeredLoad: number;
  readonly workers: number;
  readonly utilization: number;
  readonly probWait: number;
  readonly meanWait: number;
  readonly waitServiceLevel: number;
  /** the 99th percentile of an authorization's time in our service: wait for a worker + PSP call + our work */
  readonly p99ResponseTime: number;
  /** the pool sized for the average second, at this peak (a ratio: above 1, saturated) */
  readonly utilizationIfSizedForAverage: number;
  readonly stableIfSizedForAverage: boolean;
}

export interface PaymentsPlatformOutput {
  readonly averageTicket: number;
  readonly paymentsPerYear: number;
  readonly paymentsPerDay: number;
  readonly paymentsPerSecond: number;
  readonly paymentsPerMerchantPerDay: number;
  readonly meanGapBetweenPayments: number;
  readonly methods: readonly MethodLine[];
  readonly feesPerYear: number;
  readonly feesPerMonth: number;
  readonly fixedFeesPerMonth: number;
  readonly effectiveRate: number;
  readonly effectiveRateWithoutFixed: number;
  readonly achCapBindsAbove: number;
  readonly routingSavingsPerMonth: number;
  readonly routingSavingsPerYear: number;
  readonly peaks: readonly PeakLine[];
  readonly designPeakPerSecond: number;
  readonly pspCallsPerPayment: number;
  readonly journalTransactionsPerPayment: number;
  readonly ledgerLinesPerPayment: number;
  readonly ledgerLinesTotal: number;
  readonly ledgerBytesPerPayment: number;
  readonly ledgerStoredBytesTotal: number;
  readonly ledgerStoredBytesPerDay: number;
  readonly idempotencyKeysPerSecond: number;
  readonly idempotencyKeysLive: number;
  readonly idempotencyStoreBytes: number;
  readonly idempotencyStoreBytesAtPeak: number;
  readonly idempotencyKeysLivePerMerchant: number;
  readonly idempotencyKeysTotal: number;
  readonly keyCollisionProbability: number;
  readonly keyCollisionBelowPowerOfTen: number | null;
  readonly keyBitsNeeded: number;
  readonly fundsInFlight: number;
  readonly fundsInFlightPerDayOfDelay: number;
  readonly fundsInFlightPeak: number;
  readonly settlementCalendarDays: number;
  readonly achSettlementCalendarDays: number;
  readonly achVolumeShare: number;
  readonly fundsInFlightIfCalendarDays: number;
  readonly p99WithoutWait: number;
  readonly highestP99: number;
  readonly pspLatencyForP99Target: number;
  readonly pspLatency: number;
  readonly outboxDrainRate: number;
  readonly outboxArrivalsDuringPspOutage: number;
  readonly outboxArrivalsAfterPspOutage: number;
  readonly volumeMultipleToSaturateOutbox: number;
  readonly averageFee: number;
  readonly fraudLossPerSale: number;
  readonly profitPerGoodSale: number;
  readonly salesToRecoverFraud: number | null;
  readonly salesToRecoverIfTicketCounted: number;
  readonly reconciliationRowsPerDay: number;
  readonly unmatchedRowsPerDay: number;
  readonly reconciliationTime: number;
  readonly downtimeBudgetPerYear: number;
  readonly failoversPerBudget: number;
  readonly hotAccountUpdatesPerSecond: number;
  readonly hotAccountUtilization: number;
  readonly volumeMultipleToSaturateHotAccount: number;
  readonly pspOutageShareOfBudget: number;
}

/** The fewest random bits for which `items` keys collide with probability at most `target`. */
export function bitsForCollisionTarget(items: number, target: number): number {
  for (let bits = 1; bits <= 512; bits++) if (collisionProbability(items, 2 ** bits) <= target) return bits;
  return 512;
}

/** Calendar days from a capture on `weekday` (0 = Monday … 6 = Sunday) to the `businessDays`-th business day after it. */
export function calendarDaysToCash(weekday: number, businessDays: number): number {
  let days = 0;
  for (let counted = 0; counted < businessDays;) {
    days++;
    if ((weekday + days) % 7 < 5) counted++;
  }
  return days;
}

/** The mean over the seven capture weekdays of calendarDaysToCash: 19/7 for T+2, 37/7 for T+4. */
export function meanCalendarDaysToCash(businessDays: number): number {
  let sum = 0;
  for (let c = 0; c < 7; c++) sum += calendarDaysToCash(c, businessDays);
  return sum / 7;
}

/** Days' worth of captures still unpaid at the end of each weekday (0 = Monday), for one delay in business days. */
export function outstandingByWeekday(businessDays: number): number[] {
  const out = new Array<number>(7).fill(0);
  for (let c = 0; c < 7; c++) {
    const d = calendarDaysToCash(c, businessDays);
    for (let j = 0; j < d; j++) out[(c + j) % 7]! += 1;
  }
  return out;
}

/**
 * The q-quantile of an M/M/c response time (FCFS wait + exponential service), from its tail
 * P(T > t) = (1 − C) e^(−μt) + C (θ e^(−μt) − μ e^(−θt)) / (θ − μ), θ = cμ − λ > 0, by bisection.
 */
export function mmcResponseQuantile(probWait: number, mu: number, theta: number, q: number): number {
  const tail = (t: number) => {
    const s = Math.exp(-mu * t);
    const both = Math.abs(theta - mu) < 1e-9 * mu ? (1 + mu * t) * s : (theta * s - mu * Math.exp(-theta * t)) / (theta - mu);
    return (1 - probWait) * s + probWait * both;
  };
  const p = 1 - q;
  let hi = 1 / Math.min(mu, theta);
  while (tail(hi) > p) hi *= 2;
  let lo = 0;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (tail(mid) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

interface Worked {
  readonly workers: number;
  readonly probWait: number;
}

/** Erlang C staffing: the fewest workers with P(wait <= t) >= level; null past MAX_STAFFING_LOAD Erlangs. */
function staff(load: number, serviceRate: number, t: number, level: number): Worked {
  if (load > MAX_STAFFING_LOAD)
    throw new RangeError(`${load} Erlangs is past the staffing limit (the input rule should have refused it)`);
  if (load === 0) return { workers: 1, probWait: 0 };
  const { servers, probWait } = erlangCServers(load, (c, pw) => erlangCServiceLevel(pw, load, c, serviceRate, t) >= level);
  return { workers: servers, probWait };
}

export const paymentsPlatform = defineModel({
  id: 'payments-platform',
  title: 'Payments platform: mix, rates, fees, ledger and workers',
  summary:
    'From a payment-method mix and a yearly volume to payments per second at named peaks, PSP concurrency, Erlang C workers, fees, ledger storage, idempotency keys, funds in flight and fraud economics.',
  input,
  outputs: {
    averageTicket: { description: 'Average payment, from the mix', unit: 'USD' },
    paymentsPerYear: { description: 'Payments a year: volume ÷ average ticket', unit: 'count' },
    paymentsPerDay: { description: 'Payments a day (a 365-day year)', unit: 'count' },
    paymentsPerSecond: { description: 'Payments per second, averaged over the year', unit: '1/s' },
    meanGapBetweenPayments: { description: 'Mean time between two payments, on average: 1 ÷ payments per second', unit: 's' },
    paymentsPerMerchantPerDay: { description: 'Payments a day for the average merchant', unit: 'count' },
    methods: {
      description: 'Per method: share, ticket, payments, volume, fee per payment and per month, effective rate',
      unit: 'list',
      columns: {
        ticket: 'USD',
        volumePerYear: 'USD',
        feePerPayment: 'USD',
        fixedPerPayment: 'USD',
        feesPerMonth: 'USD',
        fixedFeesPerMonth: 'USD',
      },
    },
    feesPerYear: { description: 'Fees paid to PSPs a year, fixed parts included', unit: 'USD' },
    feesPerMonth: { description: 'Fees a month (a year ÷ 12)', unit: 'USD' },
    fixedFeesPerMonth: { description: 'The fixed per-payment parts of the fees, a month', unit: 'USD' },
    effectiveRate: { description: 'Fees ÷ volume', unit: 'ratio' },
    effectiveRateWithoutFixed: { description: 'What the rate would seem if the fixed parts were forgotten', unit: 'ratio' },
    achCapBindsAbove: { description: 'The ACH ticket above which the cap binds: cap ÷ rate', unit: 'USD' },
    routingSavingsPerMonth: {
      description: 'Saved a month by routing routedShare of card payments to the second PSP',
      unit: 'USD',
    },
    routingSavingsPerYear: { description: 'The same, a year', unit: 'USD' },
    peaks: {
      description: 'Per named peak: rates, PSP calls in flight, workers and their queue',
      unit: 'list',
      columns: {
        paymentsPerSecond: '1/s',
        pspCallsPerSecond: '1/s',
        asyncPspCallsPerSecond: '1/s',
        webhooksPerSecond: '1/s',
        ledgerLinesPerSecond: '1/s',
        meanWait: 's',
        p99ResponseTime: 's',
      },
    },
    designPeakPerSecond: { description: 'The highest named peak, payments per second', unit: '1/s' },
    pspCallsPerPayment: {
      description: 'PSP calls per payment: authorize, capture, and a refund for refundRate of them',
      unit: 'count',
    },
    journalTransactionsPerPayment: {
      description: 'Balanced journal transactions per payment (model ledger-journal)',
      unit: 'count',
    },
    ledgerLinesPerPayment: { description: 'Journal lines per payment (model ledger-journal)', unit: 'count' },
    ledgerLinesTotal: { description: 'Journal lines over the years kept', unit: 'count' },
    ledgerBytesPerPayment: { description: 'Stored ledger bytes per payment, indexes and replicas included', unit: 'B' },
    ledgerStoredBytesTotal: { description: 'Stored ledger bytes over the years kept (model storage-growth)', unit: 'B' },
    ledgerStoredBytesPerDay: { description: 'Stored ledger bytes added a day', unit: 'B' },
    idempotencyKeysPerSecond: { description: 'Idempotency keys written per second, on average', unit: '1/s' },
    idempotencyKeysLive: { description: 'Keys held at once (written within the retention)', unit: 'count' },
    idempotencyStoreBytes: { description: 'Bytes of the idempotency store (one copy)', unit: 'B' },
    idempotencyStoreBytesAtPeak: {
      description: 'The store if the highest named peak lasted the whole retention: an upper bound for the busiest day',
      unit: 'B',
    },
    idempotencyKeysLivePerMerchant: {
      description: 'Live keys of the average merchant: the only keys one key can collide with (keys are scoped per merchant)',
      unit: 'count',
    },
    idempotencyKeysTotal: { description: 'Keys written over the years kept', unit: 'count' },
    keyCollisionProbability: { description: 'Chance that any two of those keys are equal (model birthday)', unit: 'fraction' },
    keyCollisionBelowPowerOfTen: {
      description: 'The smallest k with keyCollisionProbability <= 10^k, to say "below 10^k" (null when it is 0)',
      unit: 'count',
    },
    keyBitsNeeded: { description: 'Fewest random bits that keep that chance below collisionTarget', unit: 'count' },
    fundsInFlight: { description: 'Captured money the PSP still owes the platform, on an average day', unit: 'USD' },
    fundsInFlightPerDayOfDelay: { description: 'What each calendar day of settlement delay adds', unit: 'USD' },
    fundsInFlightPeak: {
      description:
        'Funds in flight at the end of the weekday when they are highest (captures continue over the weekend, payouts do not)',
      unit: 'USD',
    },
    settlementCalendarDays: {
      description: 'Mean calendar days from capture to payout for cards and wallets, over the seven capture weekdays',
      unit: 'count',
    },
    achSettlementCalendarDays: { description: 'The same for ACH debits', unit: 'count' },
    achVolumeShare: { description: 'ACH’s share of the dollar volume', unit: 'fraction' },
    fundsInFlightIfCalendarDays: {
      description: 'The wrong answer: funds in flight if the business days were counted as calendar days',
      unit: 'USD',
    },
    p99WithoutWait: { description: 'p99 of one authorization with no wait: ln 100 × (pspLatency + processingTime)', unit: 's' },
    highestP99: { description: 'The highest p99 of an authorization (wait + service, M/M/c) over the named peaks', unit: 's' },
    pspLatencyForP99Target: {
      description: 'The longest mean PSP call whose exponential p99, with our work and no wait, meets the p99 target',
      unit: 's',
    },
    pspLatency: { description: 'The mean PSP call (the input), for scenarios that follow it', unit: 's' },
    outboxDrainRate: {
      description: 'Captures and refunds the outbox workers complete a second: workers ÷ pspLatency',
      unit: '1/s',
    },
    outboxArrivalsDuringPspOutage: {
      description:
        'Calls that queue for a PSP while it is down: delayed captures of payments it authorized before, and refunds, at the busiest hour of a day',
      unit: '1/s',
    },
    outboxArrivalsAfterPspOutage: {
      description: 'Captures and refunds a second once it is back, at the highest named peak',
      unit: '1/s',
    },
    volumeMultipleToSaturateOutbox: {
      description: 'The multiple of today’s volume at which the outbox workers no longer keep up at the highest peak',
      unit: 'ratio',
    },
    averageFee: { description: 'Average fee per payment', unit: 'USD' },
    fraudLossPerSale: { description: 'Loss on one fraudulent sale at the average ticket', unit: 'USD' },
    profitPerGoodSale: { description: 'Profit on one good sale at the average ticket, after its fee', unit: 'USD' },
    salesToRecoverFraud: {
      description: 'Good sales whose profit covers one fraudulent sale (null if a sale makes less than a cent)',
      unit: 'count',
    },
    salesToRecoverIfTicketCounted: {
      description: 'The wrong answer: the loss ÷ the ticket, as if a sale earned its whole ticket',
      unit: 'count',
    },
    reconciliationRowsPerDay: {
      description: 'Payment rows (captures and refunds) in a day’s settlement file; fee, dispute and payout rows come on top',
      unit: 'count',
    },
    unmatchedRowsPerDay: { description: 'Rows a day that do not match at once: each one a case to investigate', unit: 'count' },
    reconciliationTime: { description: 'Time to match a day’s file', unit: 's' },
    hotAccountUpdatesPerSecond: {
      description: 'Updates per second of the platform-revenue balance row at the highest peak (one fee line per payment)',
      unit: '1/s',
    },
    hotAccountUtilization: {
      description:
        'Share of time that row is locked at the highest peak: updates/s × lock time (above 1: updates queue without bound)',
      unit: 'ratio',
    },
    volumeMultipleToSaturateHotAccount: {
      description: 'The multiple of today’s volume at which that row is locked all the time, at the same peaks',
      unit: 'ratio',
    },
    failoversPerBudget: { description: 'Database failovers a year the downtime budget allows', unit: 'count' },
    pspOutageShareOfBudget: {
      description: 'The year’s downtime budget one PSP outage uses without failover (above 1: more than all of it)',
      unit: 'ratio',
    },
    downtimeBudgetPerYear: { description: 'Downtime a year the availability target allows', unit: 's' },
  },
  references: [
    {
      title: 'Stripe, “Idempotent requests” (API reference)',
      url: 'https://docs.stripe.com/api/idempotent_requests',
      note: 'Keys may be pruned after 24 hours; V4 UUIDs suggested.',
    },
    {
      title: 'Stripe newsroom, “Black Friday–Cyber Monday 2024”',
      url: 'https://stripe.com/newsroom/news/bfcm2024',
      note: '465 million transactions, more than $31 billion, peak 137 000 transactions per minute.',
    },
    { title: 'Model storage-growth, this site', note: 'The ledger’s bytes over the years kept.' },
    { title: 'Model birthday, this site', note: 'The chance that idempotency keys collide.' },
    { title: 'Model mmc-servers (Erlang C), this site', note: 'The authorization worker pool at each peak.' },
  ],
  example: {},
  exampleStates: {
    averageTicket: 64.6,
    paymentsPerYear: 7_739_938,
    paymentsPerDay: 21_205,
    paymentsPerSecond: 0.2454,
    feesPerYear: 14_688_854,
    effectiveRate: 0.0294,
    effectiveRateWithoutFixed: 0.0254,
  },
  compute(v): PaymentsPlatformOutput {
    const raw = {
      card: {
        share: v.cardShare,
        ticket: v.cardTicket,
        fee: paymentFee(v.cardTicket, v.cardFeeRate, v.cardFixedFee),
        fixed: v.cardFixedFee,
      },
      debit: {
        share: v.debitShare,
        ticket: v.debitTicket,
        fee: paymentFee(v.debitTicket, v.debitFeeRate, v.debitFixedFee),
        fixed: v.debitFixedFee,
      },
      wallet: {
        share: v.walletShare,
        ticket: v.walletTicket,
        fee: paymentFee(v.walletTicket, v.walletFeeRate, v.walletFixedFee),
        fixed: v.walletFixedFee,
      },
      ach: {
        share: v.achShare,
        ticket: v.achTicket,
        fee: paymentFee(v.achTicket, v.achFeeRate, v.achFixedFee, v.achFeeCap),
        fixed: Math.min(v.achFixedFee, v.achFeeCap),
      },
      bnpl: {
        share: v.bnplShare,
        ticket: v.bnplTicket,
        fee: paymentFee(v.bnplTicket, v.bnplFeeRate, v.bnplFixedFee),
        fixed: v.bnplFixedFee,
      },
    };
    const totalShare = methodIds.reduce((s, id) => s + raw[id].share, 0);
    // the input rule refuses an all-zero mix
    const norm = (id: MethodId) => raw[id].share / totalShare;
    const averageTicket = methodIds.reduce((s, id) => s + norm(id) * raw[id].ticket, 0);
    const paymentsPerYear = v.annualVolume / averageTicket;
    const paymentsPerDay = paymentsPerYear / DAYS_PER_YEAR;
    const paymentsPerSecond = paymentsPerYear / SECONDS_PER_YEAR;

    const methods: MethodLine[] = methodIds.map((id) => {
      const m = raw[id];
      const payments = paymentsPerYear * norm(id);
      return {
        id,
        name: methodNames[id],
        share: norm(id),
        ticket: m.ticket,
        paymentsPerYear: payments,
        volumePerYear: payments * m.ticket,
        feePerPayment: m.fee,
        fixedPerPayment: Math.min(m.fixed, m.fee),
        feesPerMonth: (payments * m.fee) / 12,
        fixedFeesPerMonth: (payments * Math.min(m.fixed, m.fee)) / 12,
        effectiveRate: m.fee / m.ticket,
      };
    });
    const feesPerYear = methods.reduce((s, m) => s + m.paymentsPerYear * m.feePerPayment, 0);
    const fixedPerYear = methods.reduce((s, m) => s + m.paymentsPerYear * m.fixedPerPayment, 0);
    const averageFee = feesPerYear / paymentsPerYear;

    const card = methods[0] as MethodLine;
    const altFee = paymentFee(v.cardTicket, v.altCardFeeRate, v.altCardFixedFee);
    const routingSavingsPerYear = v.routedShare * card.paymentsPerYear * (card.feePerPayment - altFee);

    const pspCallsPerPayment = 2 + v.refundRate;
    const journalTransactionsPerPayment = lifecycle.transactions + v.refundRate * lifecycle.refundTransactions;
    const ledgerLinesPerPayment = lifecycle.lines + v.refundRate * lifecycle.refundLines;
    const serviceTime = v.pspLatency + v.processingTime;
    const mu = 1 / serviceTime;
    const avgPool = staff(paymentsPerSecond * serviceTime, mu, v.targetWait, v.serviceLevel);

    const named: readonly [PeakId, string, number][] = [
      ['average', 'The year’s average second', 1],
      ['daily', 'Busiest hour of an ordinary day', v.dailyPeakMultiple],
      ['blackFriday', 'Busiest minute of Black Friday–Cyber Monday', v.blackFridayMultiple],
      ['campaign', 'A large merchant’s flash sale', v.campaignMultiple],
    ];
    const peaks: PeakLine[] = named.map(([id, name, m]) => {
      const lambda = paymentsPerSecond * m;
      const load = lambda * serviceTime;
      const pool = staff(load, mu, v.targetWait, v.serviceLevel);
      const pw = load === 0 ? 0 : erlangC(load, pool.workers);
      const uAvg = load / avgPool.workers;
      return {
        id,
        name,
        multiple: m,
        paymentsPerSecond: lambda,
        pspCallsPerSecond: lambda * pspCallsPerPayment,
        asyncPspCallsPerSecond: lambda * (1 + v.refundRate),
        webhooksPerSecond: lambda * v.webhooksPerPayment,
        ledgerLinesPerSecond: lambda * ledgerLinesPerPayment,
        inFlightAtPsp: lambda * pspCallsPerPayment * v.pspLatency,
        offeredLoad: load,
        workers: pool.workers,
        utilization: load / pool.workers,
        probWait: pw,
        meanWait: load === 0 ? 0 : pw / (pool.workers * mu - lambda),
        waitServiceLevel: load === 0 ? 1 : erlangCServiceLevel(pw, load, pool.workers, mu, v.targetWait),
        p99ResponseTime: mmcResponseQuantile(pw, mu, pool.workers * mu - lambda, 0.99),
        utilizationIfSizedForAverage: uAvg,
        stableIfSizedForAverage: uAvg < 1,
      };
    });

    const designPeak = Math.max(...peaks.map((p) => p.paymentsPerSecond));
    const storage = evaluate(storageGrowth, {
      itemsPerSecond: paymentsPerSecond * ledgerLinesPerPayment,
      bytesPerItem: v.bytesPerLedgerLine,
      years: v.years,
      replicationFactor: v.replicationFactor,
      indexOverhead: v.indexOverhead,
      yearDays: DAYS_PER_YEAR,
    });

    const keysPerPayment = pspCallsPerPayment;
    const idempotencyKeysPerSecond = paymentsPerSecond * keysPerPayment;
    const idempotencyKeysLive = idempotencyKeysPerSecond * v.idempotencyRetention;
    const idempotencyKeysTotal = paymentsPerYear * v.years * keysPerPayment;

    const fundsInFlightPerDayOfDelay = v.annualVolume / DAYS_PER_YEAR;
    const achVolume = (methods.find((m) => m.id === 'ach') as MethodLine).volumePerYear;
    const achVolumeShare = achVolume / v.annualVolume;
    const settlementCalendarDays = meanCalendarDaysToCash(v.settlementDays);
    const achSettlementCalendarDays = meanCalendarDaysToCash(v.achSettlementDays);
    const otherByDay = outstandingByWeekday(v.settlementDays);
    const achByDay = outstandingByWeekday(v.achSettlementDays);
    const byDay = otherByDay.map(
      (o, w) => fundsInFlightPerDayOfDelay * ((1 - achVolumeShare) * o + achVolumeShare * (achByDay[w] as number)),
    );
    const fundsInFlight =
      fundsInFlightPerDayOfDelay * ((1 - achVolumeShare) * settlementCalendarDays + achVolumeShare * achSettlementCalendarDays);
    const ln100 = Math.log(100);
    const highestP99 = Math.max(...peaks.map((p) => p.p99ResponseTime));
    const outboxDrainRate = v.captureWorkers / v.pspLatency;
    const outboxArrivalsAfterPspOutage = designPeak * (1 + v.refundRate);
    const fraudLossPerSale = averageTicket * (1 - v.marginRate) + averageFee + v.disputeFee;
    const profitPerGoodSale = averageTicket * v.marginRate - averageFee;
    const reconciliationRowsPerDay = paymentsPerDay * (1 + v.refundRate);

    const keyCollisionProbability = collisionProbability(Math.round(idempotencyKeysTotal), 2 ** v.idempotencyKeyBits);
    return {
      averageTicket,
      paymentsPerYear,
      paymentsPerDay,
      paymentsPerSecond,
      paymentsPerMerchantPerDay: paymentsPerDay / v.merchants,
      meanGapBetweenPayments: 1 / paymentsPerSecond,
      methods,
      feesPerYear,
      feesPerMonth: feesPerYear / 12,
      fixedFeesPerMonth: fixedPerYear / 12,
      effectiveRate: feesPerYear / v.annualVolume,
      effectiveRateWithoutFixed: (feesPerYear - fixedPerYear) / v.annualVolume,
      achCapBindsAbove: v.achFeeCap / v.achFeeRate,
      routingSavingsPerMonth: routingSavingsPerYear / 12,
      routingSavingsPerYear,
      peaks,
      designPeakPerSecond: designPeak,
      pspCallsPerPayment,
      journalTransactionsPerPayment,
      ledgerLinesPerPayment,
      ledgerLinesTotal: storage.itemsTotal,
      ledgerBytesPerPayment: ledgerLinesPerPayment * v.bytesPerLedgerLine * storage.storageMultiplier,
      ledgerStoredBytesTotal: storage.storedBytesTotal,
      ledgerStoredBytesPerDay: storage.storedBytesPerDay,
      idempotencyKeysPerSecond,
      idempotencyKeysLive,
      idempotencyStoreBytes: idempotencyKeysLive * v.bytesPerIdempotencyRecord,
      idempotencyStoreBytesAtPeak: (idempotencyKeysLive * v.bytesPerIdempotencyRecord * designPeak) / paymentsPerSecond,
      idempotencyKeysLivePerMerchant: idempotencyKeysLive / v.merchants,
      idempotencyKeysTotal,
      keyCollisionProbability,
      keyCollisionBelowPowerOfTen: keyCollisionProbability > 0 ? Math.ceil(Math.log10(keyCollisionProbability)) : null,
      keyBitsNeeded: bitsForCollisionTarget(Math.round(idempotencyKeysTotal), v.collisionTarget),
      fundsInFlight,
      fundsInFlightPerDayOfDelay,
      fundsInFlightPeak: Math.max(...byDay),
      settlementCalendarDays,
      achSettlementCalendarDays,
      achVolumeShare,
      fundsInFlightIfCalendarDays:
        fundsInFlightPerDayOfDelay * ((1 - achVolumeShare) * v.settlementDays + achVolumeShare * v.achSettlementDays),
      p99WithoutWait: serviceTime * ln100,
      highestP99,
      pspLatencyForP99Target: Math.max(0, v.authorizationP99Target / ln100 - v.processingTime),
      pspLatency: v.pspLatency,
      outboxDrainRate,
      outboxArrivalsDuringPspOutage: paymentsPerSecond * v.dailyPeakMultiple * (v.delayedCaptureShare + v.refundRate),
      outboxArrivalsAfterPspOutage,
      volumeMultipleToSaturateOutbox: outboxDrainRate / outboxArrivalsAfterPspOutage,
      averageFee,
      fraudLossPerSale,
      profitPerGoodSale,
      salesToRecoverFraud: profitPerGoodSale >= 0.01 ? fraudLossPerSale / profitPerGoodSale : null,
      salesToRecoverIfTicketCounted: fraudLossPerSale / averageTicket,
      reconciliationRowsPerDay,
      unmatchedRowsPerDay: reconciliationRowsPerDay * (1 - v.matchRate),
      reconciliationTime: reconciliationRowsPerDay / v.reconciliationRowsPerSecond,
      downtimeBudgetPerYear: (1 - v.availabilityTarget) * SECONDS_PER_YEAR,
      hotAccountUpdatesPerSecond: designPeak,
      hotAccountUtilization: designPeak * v.hotRowLockTime,
      volumeMultipleToSaturateHotAccount: 1 / (designPeak * v.hotRowLockTime),
      failoversPerBudget: ((1 - v.availabilityTarget) * SECONDS_PER_YEAR) / v.databaseFailoverTime,
      pspOutageShareOfBudget: v.pspOutage / ((1 - v.availabilityTarget) * SECONDS_PER_YEAR),
    };
  },
});
