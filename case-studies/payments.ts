/**
 * The payments case study's module: its scenarios, charts, claims, drills and premises. The page beside it
 * (payments.mdx) imports these for its prose; the site derives the rest from this file (the models the page
 * lists, its charts, the reader tests, capacity-diff). One chain of models: payments-platform turns the mix
 * and the volume into every rate, fee and size, so no two numbers on the page can disagree.
 */
import ledgerLabResults from '../labs/results/ledger.json' with { type: 'json' };
import { ledgerJournal } from '../models/case-studies/ledger-journal.ts';
import { paymentsPlatform } from '../models/case-studies/payments-platform.ts';
import { erlangC, erlangCServiceLevel } from '../models/queueing/erlang.ts';
import { MAX_PAYMENTS, pspBrownout } from '../models/case-studies/psp-brownout.ts';
import { backlogDrain } from '../models/queueing/backlog-drain.ts';
import { retryAmplification } from '../models/reliability/retry-amplification.ts';
import paymentsBrownout from '../src/charts/payments-brownout.ts';
import paymentsFees from '../src/charts/payments-fees.ts';
import paymentsLedger from '../src/charts/payments-ledger.ts';
import { chart, drill } from '../src/lib/case-study.ts';
import { claim } from '../src/lib/claims.ts';
import { estimationDrill } from '../src/lib/estimation.ts';
import { assumptions, choice, derivation, measured, source } from '../src/lib/provenance.ts';
import { bands } from '../src/lib/bands.ts';
import { breaksFirst } from '../src/lib/breaks-first.ts';
import { ranges } from '../src/lib/ranges.ts';
import { sensitivity } from '../src/lib/sensitivity.ts';
import { derive, follow, scenario } from '../src/lib/scenario.ts';
import { studySheet } from '../src/lib/study-sheet.ts';

// ---- The peak multiple for Black Friday, derived from Stripe's published figures -------------------------

/**
 * Stripe's BFCM 2024 (newsroom, read 2026-12-07): 465 million transactions and more than $31 billion over the
 * four days, and a peak of 137 000 transactions a minute; Stripe's 2024 volume, $1.4 trillion (its 2024
 * annual letter, read in secondary reports). The busiest BFCM minute over the year's average second is the
 * BFCM days' volume over an average day's, times the peak minute over the BFCM average.
 */
export const bfcm = {
  transactions: 465e6,
  volume: 31e9,
  days: 4,
  peakPerMinute: 137_000,
  yearVolume: 1.4e12,
  /** $31 B / 4 days over $1.4 T / 365 days */
  get daysOverAverage(): number {
    return this.volume / this.days / (this.yearVolume / 365);
  },
  /** 137 000 / 60 over 465 M / (4 × 86 400) */
  get peakOverDays(): number {
    return this.peakPerMinute / 60 / (this.transactions / (this.days * 86_400));
  },
  get multiple(): number {
    return this.daysOverAverage * this.peakOverDays;
  },
};

// ---- The ledger lab: transfers and journal lines in a real PostgreSQL ---------------------------------

type LedgerLabRow = (typeof ledgerLabResults.results.transfers)[number];
const ledgerLabMaxClients = Math.max(...ledgerLabResults.parameters.clients);
function ledgerLabRow(strategy: string, clients = ledgerLabMaxClients): LedgerLabRow {
  const row = ledgerLabResults.results.transfers.find((r) => r.strategy === strategy && r.clients === clients);
  if (!row) throw new Error(`labs/results/ledger.json has no ${strategy} row for ${clients} clients`);
  return row;
}

/** Short names for the table's narrow first column. */
const ledgerShortNames: Record<string, string> = {
  'read-modify-write': 'Read-modify-write',
  'atomic-update': 'Atomic UPDATE',
  'ordered-locks': 'FOR UPDATE, by id',
  'unordered-locks': 'FOR UPDATE, payer first',
  serializable: 'SERIALIZABLE',
  journal: 'Append-only journal',
};

/**
 * The ledger lab's run (labs/results/ledger.json; `npm run lab ledger` rewrites it): concurrent random transfers
 * between a few accounts, per strategy, and the bytes one journal line takes, on a named machine and date.
 */
export const ledgerLab = {
  date: ledgerLabResults.date.slice(0, 10),
  machine: ledgerLabResults.machine,
  postgres: ledgerLabResults.versions.postgres,
  client: ledgerLabResults.versions.client,
  settings: ledgerLabResults.results.settings,
  accounts: ledgerLabResults.parameters.accounts,
  clients: ledgerLabMaxClients,
  runs: ledgerLabResults.parameters.runs,
  seconds: ledgerLabResults.parameters.seconds,
  pause: ledgerLabResults.parameters.pauseMs / 1000,
  rows: ledgerLabResults.parameters.strategies.map((strategy) => {
    const r = ledgerLabRow(strategy);
    return {
      strategy,
      name: ledgerShortNames[strategy] ?? r.name,
      perSecond: r.medianPerSecond,
      p99: r.medianLatencyMs.p99 / 1000,
      retries: r.retriesPerTransfer,
      deadlocks: r.deadlocks,
      sumDrift: r.sumDrift,
      balanceError: r.balanceError,
      wrongRuns: r.runsWithWrongBalances,
      runs: r.runs,
      others: r.medianOtherCpuCores,
    };
  }),
  /** The atomic-update transfer at one client: from its first UPDATE's send to its commit's reply (median). */
  atomicSpanOneClient: ledgerLabRow('atomic-update', Math.min(...ledgerLabResults.parameters.clients)).medianSpanMs / 1000,
  journal: ledgerLabResults.results.journalBytes,
};
/** The safe strategies never drift and never leave a wrong balance; read-modify-write does (the page words both). */
export const ledgerLabFindings = {
  safeIntact: ledgerLab.rows
    .filter((r) => r.strategy !== 'read-modify-write')
    .every((r) => r.sumDrift === 0 && r.wrongRuns === 0),
  naiveWrongRuns: ledgerLab.rows.find((r) => r.strategy === 'read-modify-write')?.wrongRuns ?? 0,
  naiveBalanceError: ledgerLab.rows.find((r) => r.strategy === 'read-modify-write')?.balanceError ?? 0,
  naiveSumDrift: ledgerLab.rows.find((r) => r.strategy === 'read-modify-write')?.sumDrift ?? 0,
  unorderedDeadlocks: ledgerLab.rows.find((r) => r.strategy === 'unordered-locks')?.deadlocks ?? 0,
  orderedDeadlocks: ledgerLab.rows
    .filter((r) => r.strategy === 'ordered-locks' || r.strategy === 'atomic-update')
    .reduce((a, r) => a + r.deadlocks, 0),
};

// ---- Scenarios ------------------------------------------------------------------------------------

/** The platform at the issue's business: $500 M a year, a thousand merchants, the five methods. */
export const platform = scenario('platform', paymentsPlatform, {
  blackFridayMultiple: Number(bfcm.multiple.toFixed(1)),
  bytesPerLedgerLine: ledgerLab.journal.heapBytesPerLine,
  indexOverhead: ledgerLab.journal.indexOverHeap,
});

/** The same platform with cards and wallets paid out T+1 (ACH unchanged). Follows the reader's edits. */
export const tPlusOne = derive('tPlusOne', platform, { set: { settlementDays: 1 } });

/** Ten times the volume: the interview's "what if you grow 10×". Follows the reader's edits. */
export const tenfold = derive('tenfold', platform, { scale: { annualVolume: 10 } });

/** A small ledger the reader drives: authorize $100, capture it, refund $30, settle, pay the merchant. */
export const ledger = scenario('ledger', ledgerJournal, {});

/** Client and service retries stacked on a failing PSP: the closed-form ceiling. */
export const retries = scenario('retries', retryAmplification, { layers: 2, attemptsPerLayer: 3 });

/** Authorizations at the flash-sale peak while the PSP browns out: no protection, retry throttling, a breaker. */
export const brownout = scenario('brownout', pspBrownout, {
  paymentsPerSecond: follow(platform, 'peaks[id=campaign].paymentsPerSecond'),
  latency: follow(platform, 'pspLatency'),
});

/**
 * The outbox while PSP A is down, then after: new payments fail over to PSP B (their captures go to B), so what
 * queues for A is the delayed captures of payments A authorized before, and refunds; once A is back, its captures
 * and refunds arrive at the highest peak's rate; the workers complete captureWorkers ÷ the PSP call a second.
 */
export const drain = scenario('drain', backlogDrain, {
  baselineRate: follow(platform, 'outboxArrivalsAfterPspOutage'),
  spikeRate: follow(platform, 'outboxArrivalsDuringPspOutage'),
  spikeDuration: platform.resolved['pspOutage'] as number,
  serviceRate: follow(platform, 'outboxDrainRate'),
  serviceRateDuringSpike: 0,
});

// ---- Charts ---------------------------------------------------------------------------------------

export const fees = chart(platform, paymentsFees, {
  label: 'Fees a month for each payment method, split into the percentage part and the fixed per-payment part.',
  caption:
    'Fees a month by method at the platform’s mix: the percentage part, and the fixed part per payment that many fee models leave out. The smaller the ticket, the larger the fixed part’s share.',
});

export const balances = chart(ledger, paymentsLedger, {
  label: 'The balance of each account of the small ledger after the operations in the panel above.',
  caption:
    'Balances after your operations: debits right, credits left; they always cancel. The table lists every journal line, each transaction summing to zero.',
});

export const brownoutChart = chart(brownout, paymentsBrownout, {
  label:
    'Calls per second offered to a failing PSP over time, with no protection, with retry throttling and with a circuit breaker.',
  caption:
    'Calls reaching the PSP per second from one instance of our service (the whole service until the flash sale needs more than one), counted in buckets (steps); payments arriving are dashed. In the brownout (shaded) retries multiply the load with no protection; throttling stops our service’s retries once failures outrun successes; the breaker stops calling and sends a few trial calls after each wait.',
});

// ---- Claims -----------------------------------------------------------------------------------------

export const smallLoad = claim(platform, { output: 'designPeakPerSecond' }, '<', 100, {
  says: 'even the highest named peak is under 100 payments a second',
});

export const fixedMatters = claim(
  platform,
  { output: 'effectiveRate' },
  '>',
  { output: 'effectiveRateWithoutFixed' },
  {
    times: 1.1,
    says: 'the fixed parts add more than a tenth to the fee bill',
  },
);

export const achCapRarelyBinds = claim(
  platform,
  { input: 'achTicket' },
  '<',
  { output: 'achCapBindsAbove' },
  {
    says: 'the average ACH payment is below the ticket at which the cap binds',
  },
);

export const routingSaves = claim(platform, { output: 'routingSavingsPerMonth' }, '>', 0, {
  says: 'routing cards to the second PSP saves money',
});

export const averagePoolHoldsCampaign = claim(platform, { output: 'peaks[id=campaign].utilizationIfSizedForAverage' }, '<', 1, {
  says: 'a pool sized for the average second survives the flash sale, though its queue is no longer short',
});

export const campaignNeedsMore = claim(
  platform,
  { output: 'peaks[id=campaign].workers' },
  '>',
  { output: 'peaks[id=average].workers' },
  {
    says: 'the flash sale needs more workers than the average second',
  },
);

export const uuidEnough = claim(
  platform,
  { output: 'keyBitsNeeded' },
  '<=',
  { input: 'idempotencyKeyBits' },
  {
    says: 'the keys have at least the random bits the collision target needs',
  },
);

export const sixtyFourTooFew = claim(platform, { output: 'keyBitsNeeded' }, '>', 64, {
  says: 'a 64-bit random key is too short for the collision target',
});

export const fraudCostsMany = claim(
  platform,
  { output: 'fraudLossPerSale' },
  '>',
  { output: 'profitPerGoodSale' },
  {
    says: 'one fraudulent sale takes more than one good sale to recover',
  },
);

export const reconWithinHour = claim(platform, { output: 'reconciliationTime' }, '<', 3600, {
  says: 'a day’s settlement file is matched within an hour',
});

export const ledgerRefused = claim(ledger, { output: 'rejectedCount' }, '>', 0, {
  says: 'the ledger refused at least one operation',
});

export const merchantOwes = claim(ledger, { output: 'owedToMerchant' }, '<', 0, {
  says: 'the merchant owes the platform money',
});

export const throttlingHelps = claim(
  brownout,
  { output: 'throttled.amplification' },
  '<',
  { output: 'none.amplification' },
  {
    says: 'retry throttling sends fewer calls per payment into the brownout than no protection',
  },
);

export const breakerHelpsMost = claim(
  brownout,
  { output: 'breaker.pspCallsDuringBrownout' },
  '<',
  { output: 'throttled.pspCallsDuringBrownout' },
  {
    says: 'the breaker sends fewer calls into the brownout than throttling',
  },
);

export const retriesWinSales = claim(
  brownout,
  { output: 'none.authorized' },
  '>',
  { output: 'throttled.authorized' },
  {
    says: 'blind retrying authorizes more payments than throttled retrying',
  },
);

export const retriesFitDeadline = claim(
  brownout,
  { output: 'apiCallWorstCase' },
  '<=',
  { input: 'apiDeadline' },
  {
    says: 'our service’s attempts and backoffs fit within the checkout’s deadline for one API call',
  },
);

export const p99Met = claim(
  platform,
  { output: 'highestP99' },
  '<',
  { input: 'authorizationP99Target' },
  {
    says: 'the p99 of an authorization meets the target at every named peak',
  },
);

export const outboxHoldsTenfold = claim(tenfold, { output: 'volumeMultipleToSaturateOutbox' }, '>=', 1, {
  says: 'at ten times the volume the outbox workers still keep up at the highest peak',
});

export const outboxKeepsUpToday = claim(platform, { output: 'volumeMultipleToSaturateOutbox' }, '>=', 1, {
  says: 'at today’s volume the outbox workers keep up at the highest peak',
});

export const outboxBeforeHotRow = claim(
  platform,
  { output: 'volumeMultipleToSaturateOutbox' },
  '<',
  { output: 'volumeMultipleToSaturateHotAccount' },
  {
    says: 'the outbox workers run out before the hot balance row does',
  },
);

/** The most payments the brownout simulates: past it the run stops early (models/case-studies/psp-brownout.ts). */
export const brownoutMaxPayments = MAX_PAYMENTS;

export const brownoutRunCut = claim(
  brownout,
  { output: 'simulatedDuration' },
  '<',
  { input: 'duration' },
  {
    says: 'the brownout simulation stops early, at the most payments it simulates',
  },
);

/**
 * The brownout's call time follows the PSP latency range (to 1.5 s); its timeout is a choice (0.9 s): at or above it,
 * every call times out. At exactly the timeout too: the model's timer fires first (a deadline reached is exceeded, as
 * Go's context.WithDeadline has it), so the claim is strict and agrees with the run.
 */
export const timeoutAboveCall = claim(
  brownout,
  { input: 'latency' },
  '<',
  { input: 'timeout' },
  {
    says: 'a healthy PSP call ends before our service’s timeout',
  },
);

/**
 * Whether the breaker first opened before the PSP began failing. When every call times out (timeoutAboveCall false)
 * that is whether it recorded its minimum of calls (breakerMinimumCalls) before the brownout: true at the page's
 * flash-sale peak, false at a tenth of its volume; the page shows both counts in either sentence.
 */
export const breakerTrippedEarly = claim(brownout, { output: 'breakerOpenedBeforeBrownout' }, '>', 0, {
  says: 'the breaker opened before the PSP began failing',
});

/**
 * The reason the breaker could not open before the brownout when every call times out: it had recorded fewer calls
 * than its minimum (Resilience4j computes no failure rate below min(minimumNumberOfCalls, slidingWindowSize)). A claim
 * of its own, not breakerTrippedEarly's other branch: that branch also holds at the defaults (151 calls recorded, past
 * the 100, nearly all succeeding), where "recorded only 151 of the 100 calls it needs" would be false. Its other
 * branch holds breakerTrippedEarly's sentence, so at the defaults (calls past the minimum, the breaker not open
 * early) neither sentence is written.
 */
export const breakerShortOfMinimum = claim(
  brownout,
  { output: 'breakerCallsBeforeBrownout' },
  '<',
  { output: 'breakerMinimumCalls' },
  {
    says: 'the breaker recorded fewer calls before the brownout than it needs to compute a failure rate',
  },
);

export const brownoutSplit = claim(brownout, { output: 'instances' }, '>', 1, {
  says: 'the flash sale needs more than one service instance, and the simulation runs one of them',
});

export const breakerOpensInBrownout = claim(brownout, { output: 'breakerOpenedInBrownout' }, '>', 0, {
  says: 'the breaker opens while the PSP is still failing',
});

export const breakerCostsSales = claim(
  brownout,
  { output: 'breaker.authorized' },
  '<',
  { output: 'none.authorized' },
  {
    says: 'the breaker turns away payments that retries would have authorized',
  },
);

export const pspOutageBlowsBudget = claim(platform, { output: 'pspOutageShareOfBudget' }, '>', 0.5, {
  says: 'one PSP outage without failover uses more than half the year’s downtime budget',
});

export const hotRowFine = claim(platform, { output: 'hotAccountUtilization' }, '<', 0.5, {
  says: 'the hot balance row is locked less than half the time at the highest peak',
});

export const drainStable = claim(
  drain,
  { input: 'serviceRate' },
  '>',
  { input: 'baselineRate' },
  {
    says: 'the workers complete more than arrives, so the backlog drains',
  },
);

// ---- Drills ---------------------------------------------------------------------------------------

export const bigVolume = drill(
  platform,
  { annualVolume: 5e9 },
  {
    anchor: 'capacity-estimation',
    title: 'Ten times the volume',
    question: 'which numbers grow tenfold, which grow less, and does anything need a new design?',
  },
);

export const noFixedFees = drill(
  platform,
  { cardFixedFee: 0, debitFixedFee: 0, walletFixedFee: 0 },
  {
    anchor: 'money-in-motion',
    title: 'A price list with no fixed fees',
    question: 'how far does the effective rate fall, and which method gains most?',
  },
);

export const smallTickets = drill(
  platform,
  { cardTicket: 8, debitTicket: 6, walletTicket: 7 },
  {
    anchor: 'money-in-motion',
    title: 'A coffee-shop mix: $6–8 tickets on cards and wallets',
    question: 'what happens to the number of payments per second and to the effective rate?',
  },
);

export const thinMargin = drill(
  platform,
  { marginRate: 0.05 },
  {
    anchor: 'fraud-economics',
    title: 'A merchant on a 5 % margin',
    question: 'how many good sales now pay for one fraudulent one?',
  },
);

export const chargeback = drill(
  ledger,
  { step3: 'chargeback', amount3: 100, step5: 'payout', step6: 'none' },
  {
    anchor: 'a-ledger-you-can-drive',
    title: 'A chargeback instead of the refund',
    question: 'who ends up owing whom, and does any transaction fail to balance?',
  },
);

export const overCapture = drill(
  ledger,
  { amount2: 150 },
  {
    anchor: 'a-ledger-you-can-drive',
    title: 'Capture $150 of a $100 authorization',
    question: 'what should a ledger do with it?',
  },
);

export const payoutFirst = drill(
  ledger,
  { step3: 'payout', step4: 'settle', step5: 'refund', amount5: 30 },
  {
    anchor: 'a-ledger-you-can-drive',
    title: 'Pay out before the PSP settles, then refund',
    question:
      'what does the ledger refuse, and what does the merchant owe at the end? (This small ledger has no platform float, so it cannot lend.)',
  },
);

export const longOutage = drill(
  drain,
  { spikeDuration: 7200 },
  {
    anchor: 'a-psp-brownout',
    title: 'A two-hour PSP outage',
    question: 'how many captures wait, and for how long after the PSP is back?',
  },
);

export const slowCommit = drill(
  platform,
  { hotRowLockTime: 0.05 },
  {
    anchor: 'what-breaks-first-as-load-grows',
    title: 'A 50 ms commit (a synchronous standby in another region)',
    question: 'at what multiple of today’s volume does the revenue row saturate now?',
  },
);

export const noServiceRetries = drill(
  brownout,
  { serviceAttempts: 1 },
  {
    anchor: 'a-psp-brownout',
    title: 'Only the checkout retries',
    question: 'how much load does the PSP see now with no protection, and what is left for throttling to do?',
  },
);

export const patientBreaker = drill(
  brownout,
  { waitDurationInOpenState: 10 },
  {
    anchor: 'a-psp-brownout',
    title: 'A breaker that waits 10 s instead of 60 s',
    question: 'how many more calls reach the failing PSP, and how many more payments are authorized after it recovers?',
  },
);

// ---- Premises -------------------------------------------------------------------------------------

const issue = (what: string) => choice(`The business this case study designs for (issue 9): ${what}.`);

export const platformPremises = assumptions(platform, {
  annualVolume: issue('$500 million a year'),
  merchants: issue('about a thousand merchants'),
  cardShare: issue('55 % of payments on credit cards'),
  cardTicket: issue('$65 average on credit cards'),
  cardFeeRate: source({
    title: 'Service Invoice Pro help, “Payment Fees” (Stripe’s standard card rate)',
    url: 'https://support.serviceinvoicepro.com/payments/payment-fees',
    date: '2026-12-07',
    note: 'Secondary, quoting Stripe’s US list price 2.9 % + 30¢, the issue’s figure; date is when read. Negotiated and interchange-plus prices differ.',
  }),
  cardFixedFee: choice('30¢, the fixed part of the same list price (issue 9).'),
  debitShare: issue('20 % on debit cards'),
  debitTicket: issue('$40 on debit cards'),
  debitFeeRate: choice(
    '1.5 % + 25¢ for debit (issue 9): a stated price, lower than the card list price because debit interchange is regulated in the US. Not a published PSP price.',
  ),
  debitFixedFee: choice('25¢ (issue 9).'),
  walletShare: issue('15 % through wallets'),
  walletTicket: issue('$55 through wallets'),
  walletFeeRate: choice('Wallets ride on cards and are priced as cards: 2.9 % + 30¢ (issue 9).'),
  walletFixedFee: choice('30¢ (issue 9).'),
  achShare: issue('8 % by bank transfer (ACH)'),
  achTicket: issue('$120 by ACH'),
  achFeeRate: source({
    title: 'WP Simple Pay documentation, “Accepting ACH Debit Payments”',
    url: 'https://docs.wpsimplepay.com/articles/accepting-ach-debit-payments/',
    date: '2026-12-07',
    note: 'Secondary, quoting Stripe: “ACH payments on Stripe cost 0.80%, capped at $5”; date is when read.',
  }),
  achFixedFee: choice('No fixed part on ACH.'),
  achFeeCap: source({
    title: 'WP Simple Pay documentation, “Accepting ACH Debit Payments”',
    url: 'https://docs.wpsimplepay.com/articles/accepting-ach-debit-payments/',
    date: '2026-12-07',
    note: 'The $5 cap: “any payments above $625 cost $5”. Secondary; date is when read.',
  }),
  bnplShare: issue('2 % buy now, pay later'),
  bnplTicket: issue('$150 buy now, pay later'),
  bnplFeeRate: choice('“About 5.5 %” (issue 9): BNPL providers charge merchants several percent; no single published price.'),
  bnplFixedFee: choice('None, with the issue’s “about 5.5 %”.'),
  routedShare: choice(
    'Half the card payments routed to a second PSP: enough to matter, while the first keeps enough volume for its price tier.',
  ),
  altCardFeeRate: choice('A hypothetical negotiated price at a second PSP, 2.5 % + 20¢: replace it with a real quote.'),
  altCardFixedFee: choice('20¢, with the same hypothetical quote.'),
  dailyPeakMultiple: choice(
    'The busiest hour of an ordinary day at twice the year’s average second: a diurnal peak for one region’s shoppers. Measure it from your own traffic.',
  ),
  blackFridayMultiple: derivation(
    `From Stripe’s BFCM 2024 (newsroom: 465 M transactions and $31 B over 4 days, a peak of 137 000 a minute) and its 2024 volume ($1.4 T, annual letter, secondary): the four days ran at ${bfcm.daysOverAverage.toFixed(2)}× an average day’s volume ($31 B / 4 over $1.4 T / 365), and the peak minute at ${bfcm.peakOverDays.toFixed(2)}× the four days’ average rate (2 283/s over 1 345/s): ${bfcm.multiple.toFixed(2)}×, rounded to one decimal. The first ratio is of dollars, the second of transactions: their product is a multiple of payments only if the BFCM ticket ($31 B / 465 M = $66.67) equals Stripe’s yearly average, which Stripe does not publish. Stripe’s mix of merchants, not ours: its year includes B2B and subscription volume with no BFCM surge, and its global minute smooths time zones, so for one region’s e-commerce platform this is a floor.`,
  ),
  campaignMultiple: choice(
    'A large merchant’s flash sale at ten times the platform’s average second: a merchant with a tenth of the volume selling at a hundred times its own average. Ask your largest merchants for their plans.',
  ),
  refundRate: choice('3 % of payments refunded: a typical e-commerce figure, to measure on your own platform.'),
  webhooksPerPayment: choice(
    'Three webhooks per payment: the events the platform acts on (authorized, captured, and paid out or settled). A PSP emits more (Stripe sends payment_intent.created, charge.succeeded, payment_intent.succeeded, charge.captured and others); subscribe only to those you act on.',
  ),
  pspLatency: source({
    title: 'Retail Technology Innovation Hub, “Why payment latency matters (and how it affects conversion rates)”',
    url: 'https://retailtechinnovationhub.com/home/2026/6/10/why-payment-latency-matters-and-how-it-affects-conversion-rates',
    date: '2026-06-10',
    note: 'Secondary and unmeasured (read 2026-12-07): “for most card-based payments, the round-trip authorisation takes between one and three seconds under normal conditions”, counted from the shopper’s submit to the confirmation, so the PSP call is a part of it. No PSP publishes a latency figure; a vendor’s guide (Orchestra Solutions, “Fast API response”, read 2026-12-07) targets “sub-300ms for payment authorization; sub-500ms if 3DS/fraud checks are required”. The mean call of 0.5 s is our choice between the two; the range in the bands runs 0.25–1.5 s. Measure yours (p50 and p99).',
  }),
  processingTime: choice('50 ms of our own work per authorization: a fraud check, two database writes, the outbox row.'),
  bytesPerLedgerLine: measured({
    what: `The heap bytes per journal line (pg_relation_size of the table ÷ its ${ledgerLab.journal.lines} lines, after VACUUM): the row as pg_column_size counts it (${ledgerLab.journal.tupleBytes} B: a 24 B header, a bigserial id, a uuid transaction id, a bigint account, a bigint amount, a char(3) currency, a timestamptz and a 60-character description), its 4 B line pointer, and each 8 kB page’s header and unused tail. Fill factor 100 (an append-only table needs no room for updates)`,
    machine: `this project’s ${ledgerLab.machine.cores}-core CI-class machine (${ledgerLab.machine.cpuModel}), PostgreSQL ${ledgerLab.postgres}`,
    date: ledgerLab.date,
    lab: 'ledger',
  }),
  indexOverhead: measured({
    what: `The journal’s three indexes (the primary key, (account_id, posted_at) for statements, (transaction_id) for reversals) ÷ its heap, by pg_relation_size after the same bulk load: ${Object.entries(
      ledgerLab.journal.indexBytesPerLine,
    )
      .map(([name, bytes]) => `${name} ${bytes} B a line`)
      .join(
        ', ',
      )}. Freshly built; indexes that grow by random inserts (the uuid) fill their pages less, so a live ledger’s are somewhat larger`,
    machine: `this project’s ${ledgerLab.machine.cores}-core CI-class machine (${ledgerLab.machine.cpuModel}), PostgreSQL ${ledgerLab.postgres}`,
    date: ledgerLab.date,
    lab: 'ledger',
  }),
  replicationFactor: choice(
    'Three copies: a primary, a synchronous standby in another zone, and an asynchronous replica for reports and backups.',
  ),
  idempotencyRetention: source({
    title: 'Stripe documentation, “Idempotent requests”',
    url: 'https://docs.stripe.com/idempotency',
    date: '2026-12-07',
    note: '“You can remove keys from the system automatically after they’re at least 24 hours old.” Our API keeps its keys as long; date is when read.',
  }),
  bytesPerIdempotencyRecord: choice(
    '2 KB per key: the key (up to 255 characters at Stripe), a hash of the request, and the saved status and response body.',
  ),
  settlementDays: choice(
    'T+2 business days for cards and wallets: Stripe’s standard US payout schedule (secondary corroboration: “In the USA, Canada, and Australia, Stripe will automatically transfer funds … every 2 business days”, help.kambeo.io, read 2026-12-07). Business days are Monday–Friday; bank holidays are ignored, so the figures are a floor.',
  ),
  achSettlementDays: choice(
    'Four business days for ACH debits: Stripe’s ACH Direct Debit settles more slowly than cards (the premise file; confirm on your PSP’s schedule).',
  ),
  delayedCaptureShare: choice(
    'Half the payments authorized at checkout and captured when the goods ship (physical goods; digital goods capture at once). Card networks let an authorization be captured within 5–7 days (Stripe, “Place a hold on a payment method”: Visa merchant-initiated 5 days, customer-initiated card-not-present 7). Measure your merchants’ share.',
  ),
  captureWorkers: choice(
    'Ten outbox workers calling the PSP one call at a time: at the mean PSP call, that is workers ÷ pspLatency calls a second.',
  ),
  authorizationP99Target: issue('authorization p99 under 2 s'),
  marginRate: choice(
    'A merchant’s gross margin of 20 % of the ticket: the profit a good sale leaves. Retail margins vary from a few percent to over half.',
  ),
  disputeFee: source({
    title: 'Stripe support, “June 2025 pricing updates for disputes”',
    url: 'https://support.stripe.com/questions/june-2025-pricing-updates-for-disputes',
    date: '2026-12-07',
    note: 'The dispute fee charged on every dispute “is not changing”; a dispute counter fee applies when a dispute initiated after June 17, 2025 is countered, “returned if you win”. US amounts ($15 each) from secondary reports (chargebackgurus.com, 2025-09-30, read 2026-12-07). The model assumes a fraud dispute is not countered: countered and lost, it costs $30.',
  }),
  matchRate: choice(
    '99.9 % of settlement rows match at once: the rest are timing (a capture after the file’s cut-off), currency rounding, or a real error.',
  ),
  reconciliationRowsPerSecond: choice(
    '2 000 rows a second for a batch job that loads the file and joins it to the ledger by PSP reference. Measure it.',
  ),
  availabilityTarget: issue('99.99 % for the payment API'),
  hotRowLockTime: choice(
    `A 2 ms hold of the balance row per payment: an UPDATE and a synchronous commit to a standby in another zone. Measure it. Secondary guidance (a PostgreSQL consultant on a forum) says a row under pessimistic locking tends to 1 ÷ the lock hold time transactions a second; Formance documents its PostgreSQL ledger as “optimised for 1K writes per second” per ledger (docs.formance.com, undated). The ledger lab’s atomic transfer, two UPDATEs and a local commit with no standby, took ${(ledgerLab.atomicSpanOneClient * 1000).toFixed(2)} ms from its first UPDATE’s send to its commit’s reply at one client (median, loopback, a shared machine): the local part of the hold; the standby’s round trip and flush, not measured, are the rest.`,
  ),
  databaseFailoverTime: source({
    title: 'Amazon RDS User Guide, “Failing over a Multi-AZ DB instance for Amazon RDS”',
    url: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.Failover.html',
    date: '2026-12-07',
    note: '“Failover times are typically 60–120 seconds”: the page takes the upper end. (Multi-AZ DB clusters with readable standbys: “typically under 35 seconds”.) Date is when read.',
  }),
  pspOutage: choice('Plan for a 30-minute PSP outage: long enough to need a failover path, short of a regional disaster.'),
});

export const ledgerPremises = assumptions(ledger, {
  platformFeeRate: choice(
    'The platform charges merchants 3.5 % + 30¢, above the 2.9 % + 30¢ its PSP charges it: the spread is its revenue.',
  ),
  platformFixedFee: choice('30¢.'),
  pspFeeRate: choice('The card price of the capacity panel, 2.9 % + 30¢.'),
  pspFixedFee: choice('30¢.'),
  disputeFee: choice('$15, as in the capacity panel.'),
});

export const retryPremises = assumptions(retries, {
  layers: choice('The merchant’s checkout retries our API, and our service retries the PSP.'),
  attemptsPerLayer: choice('Three attempts at each layer: a common client default.'),
});

export const brownoutPremises = assumptions(brownout, {
  paymentsPerSecond: derivation('The flash-sale peak of the capacity panel (payments per second): it follows your edits there.'),
  instanceCapacity: choice(
    'One instance of our payment service takes up to 100 payments a second: at a 0.55 s authorization that is about 55 payments in flight (Little’s law: 100 a second × 0.55 s), more PSP calls when retries add some, modest for one process with an asynchronous client. More payments mean more instances, each with its own retry bucket and breaker; the simulation runs one, at its even share. Set it from your own instances’ load tests.',
  ),
  brownoutDuration: choice('Five minutes of a degraded PSP: long enough for every policy to reach its steady behaviour.'),
  failureProbability: choice('Nine calls in ten fail during the brownout: degraded, not down.'),
  baselineFailure: choice('One call in a thousand fails on an ordinary day (timeouts, network).'),
  latency: derivation('The mean PSP call of the capacity panel: it follows your edits there.'),
  timeoutShare: choice(
    'Half the failures are timeouts (no answer: a retry gets a fresh chance) and half are answered 5xx, which Stripe-style idempotency saves and replays to every retry with the same key (“including 500 errors”, Stripe, “Idempotent requests”, read 2026-12-07).',
  ),
  timeout: choice(
    'A 0.9 s timeout per PSP attempt, so that two attempts and a 0.1 s backoff fit the 2 s deadline of one API call. It cuts off slow successes too; a retry with the same key then replays the PSP’s saved answer, so no double charge. It is not tied to the PSP’s mean call, which follows the capacity panel and is ranged to 1.5 s: from 0.9 s up (0.9 s included: an answer at the timeout itself is too late, as a deadline reached is exceeded in Go’s context.WithDeadline, src/context/context.go, read 2026-12-07) every call times out, and the page says so (claim timeoutAboveCall) rather than move the timeout for you, since a longer one no longer fits two attempts in the deadline.',
  ),
  serviceAttempts: choice('Two attempts at the PSP per API call: all that fits the deadline.'),
  serviceBackoff: choice('0.1 s before the second attempt (no jitter).'),
  apiDeadline: choice('The checkout’s deadline for one API call: the 2 s authorization p99 of the requirements.'),
  clientAttempts: choice('Three attempts by the checkout, with the same idempotency key: a common client default.'),
});

export const drainPremises = assumptions(drain, {
  baselineRate: derivation(
    'Once the PSP is back: captures and refunds per second at the highest named peak, its payments per second × (1 + the refund rate), from the capacity panel; it follows your edits there.',
  ),
  spikeRate: derivation(
    'While the PSP is down, new authorizations fail over to the second PSP and are captured there; what queues is the delayed captures of payments this PSP authorized before, and refunds: the busiest hour of an ordinary day × (delayed-capture share + refund rate), from the capacity panel.',
  ),
  spikeDuration: derivation('The PSP outage of the capacity panel at its defaults.'),
  serviceRate: derivation('The capacity panel’s outbox workers ÷ its mean PSP call: it follows your edits there.'),
  serviceRateDuringSpike: choice('Nothing completes while the PSP is down.'),
});

// ---- Study sheet: requirements, the capacity chain, decisions, interview questions -----------------

/** The printable sheet (/case-studies/payments/sheet/) and the questions the page asks. */
export const sheet = studySheet({
  requirements: {
    functional: [
      'Merchants create payments through our API; the platform authorizes at a PSP, captures, refunds, and pays merchants less its fee.',
      'Cards, debit, wallets, bank transfers (ACH) and buy now, pay later, each with its own ticket and PSP fee.',
      'Every movement of money in a double-entry ledger, kept for years; every journal transaction sums to zero.',
      'Webhooks to merchants on every state change; the PSP’s webhooks in; a daily reconciliation against the settlement file.',
    ],
    nonFunctional: [
      'Exactly-once effects: a retried request never charges twice, a redelivered webhook never books twice.',
      'An authorization p99 target end to end, PSP included, and an availability target with PSP outages counted.',
      'Hold at the highest peak (busiest hour, Black Friday–Cyber Monday, a merchant’s flash sale), not at the average.',
    ],
  },
  chain: [
    { of: platform, input: 'annualVolume', label: 'Payment volume a year (USD)', format: 'usd' },
    { of: platform, field: 'averageTicket', label: 'Average ticket (USD)', format: 'usd' },
    { of: platform, field: 'paymentsPerYear', label: 'Payments a year', format: 'compact' },
    { of: platform, field: 'paymentsPerSecond', label: 'Payments per second, on average', format: 'decimal' },
    { of: platform, field: 'designPeakPerSecond', label: 'Payments per second at the highest peak', format: 'decimal' },
    { of: platform, field: 'peaks[id=campaign].workers', label: 'Authorization workers at the flash sale', format: 'integer' },
    { of: platform, field: 'highestP99', label: 'Authorization p99 at the worst peak', format: 'duration' },
    { of: platform, field: 'ledgerLinesPerPayment', label: 'Ledger lines per payment', format: 'decimal' },
    { of: platform, field: 'ledgerStoredBytesTotal', label: 'Ledger stored over the retention period', format: 'bytes' },
    { of: platform, field: 'idempotencyStoreBytes', label: 'Idempotency store', format: 'bytes' },
    { of: platform, field: 'keyBitsNeeded', label: 'Random bits an idempotency key needs', format: 'integer' },
    { of: platform, field: 'feesPerMonth', label: 'PSP fees a month (USD)', format: 'usd' },
    { of: platform, field: 'fundsInFlight', label: 'Funds in flight on an average day (USD)', format: 'usd' },
    {
      of: platform,
      field: 'volumeMultipleToSaturateOutbox',
      label: 'Volume growth until the capture workers saturate (×)',
      format: 'decimal',
    },
  ],
  decisions: [
    {
      choice: 'PostgreSQL, one primary and a synchronous standby, for the ledger',
      over: 'a sharded or distributed store',
      because: 'the peak and the retained ledger fit one machine, and transactions give the outbox for free.',
    },
    {
      choice: 'Integer minor units with a currency',
      over: 'floating point',
      because: 'sums are exact; floating point loses cents.',
    },
    {
      choice: 'Immutable journal lines; corrections are reversing entries',
      over: 'updating posted amounts',
      because: 'an audit trail, and balances that can always be recomputed.',
    },
    {
      choice: 'Balances computed from lines and cached',
      over: 'one balance row updated per payment',
      because: 'the cache can be rebuilt and checked, and no hot row serialises payments.',
    },
    {
      choice: 'Synchronous authorization; capture, refunds and webhooks through the outbox',
      over: 'everything in the request',
      because: 'the shopper waits only for the answer; a PSP outage delays the rest without losing it.',
    },
    {
      choice: 'One idempotency key at our API, passed on to the PSP',
      over: 'deduplicating at one layer only',
      because: 'a retry anywhere repeats nothing.',
    },
    {
      choice: 'Capped retries with backoff, retry throttling and a circuit breaker',
      over: 'retrying freely',
      because: 'retries multiply load on a PSP that is already failing.',
    },
    {
      choice: 'A second PSP with a routed daily share',
      over: 'one PSP',
      because: 'cheaper cards and a warm failover path, at two integrations and two settlement files.',
    },
  ],
  questions: {
    throughput: 'How many payments per second does this platform handle, and what do you size for?',
    'sum-to-zero': 'Why must every journal transaction sum to zero, and not just the total?',
    'capture-timeout': 'The PSP times out on a capture. Do you retry?',
    'retry-500': 'The PSP answered a 500. Your service retries with the same idempotency key. What happens?',
    'idempotency-store': 'How big is the idempotency store, and how long must keys be?',
    'balance-row': 'Why not store each account’s balance and update it with every payment?',
    'funds-in-flight': 'How much money is in flight, and why does T+1 matter?',
    brownout: 'The PSP browns out in the middle of a flash sale. Walk through the next hour.',
    'ten-times': 'Volume grows tenfold. What breaks first?',
  },
});
// ---- Ranges: what the uncertain inputs could realistically be -------------------------------------

export const platformRanges = ranges(platform, {
  annualVolume: {
    low: 20_000_000,
    high: 20_000_000_000,
    why: 'A choice of business, so wide: from a young vertical platform to one of the large payment facilitators.',
    kind: 'choice',
  },
  campaignMultiple: {
    low: 3,
    high: 30,
    why: 'A guess to ask the merchants about, so wide: a promotion at a few times the average second up to a drop that sells out in minutes.',
  },
  bytesPerLedgerLine: {
    low: 100,
    high: 400,
    why: `Measured for this page’s schema (${ledgerLab.journal.heapBytesPerLine} B a line in the ledger lab), so not uncertain for it: the width is a choice of schema, a narrow row of ids, an amount and timestamps, up to one that carries a metadata document. The bands and the tornadoes hold it at the panel’s value.`,
    kind: 'choice',
  },
  pspLatency: {
    low: 0.25,
    high: 1.5,
    scale: 'log', // a latency is right-skewed: every factor equally likely puts the median near 0.6 s, not 0.9 s
    why: 'No PSP publishes its latency, so wide: from a vendor’s target of under 300 ms for an authorization to half the 1–3 s a trade article gives for the whole round trip from the shopper’s submit (both secondary, in the assumptions). It sets the authorization pool and how fast the outbox drains.',
  },
  cardFeeRate: {
    low: 0.015,
    high: 0.035,
    why: 'A published list price: the page prices the 2.9 % a small merchant pays, so its fees are an upper estimate; a platform of this size negotiates interchange-plus pricing nearer 2 %, and some card mixes cost more.',
  },
});

// ---- Bands, sensitivity and what breaks first (issue 13) -----------------------------------------

export const platformBands = bands(platformRanges, [
  { output: 'designPeakPerSecond', label: 'payments a second at the highest peak', format: 'decimal' },
  { output: 'feesPerMonth', label: 'the fees a month', format: 'usd' },
  {
    output: 'volumeMultipleToSaturateOutbox',
    label: 'the multiple of the volume the outbox workers keep up with',
    format: 'decimal',
  },
]);

export const feesSensitivity = sensitivity(platformRanges, {
  output: 'feesPerMonth',
  label: 'the fees a month',
  format: 'usd',
});

/** The peak a reader sizes the services by: the flash sale moves it, the card rate does not (the fees' tornado is the other way round). */
export const peakSensitivity = sensitivity(platformRanges, {
  output: 'designPeakPerSecond',
  label: 'payments a second at the highest peak',
  format: 'decimal',
});

/**
 * The outbox's multiple, the figure the PSP's mean call moves (it sets how fast the workers drain: workers ÷ call);
 * the fees and the peak do not depend on the call, so in their tornadoes it is a zero bar.
 */
export const outboxSensitivity = sensitivity(platformRanges, {
  output: 'volumeMultipleToSaturateOutbox',
  label: 'the multiple of the volume the outbox workers keep up with',
  format: 'decimal',
});

const campaignWorkers = platform.output.peaks.find((p) => p.id === 'campaign')?.workers ?? 1;

/**
 * The most offered load (Erlangs) `workers` authorization workers carry while still meeting the page's service
 * level, P(wait ≤ targetWait) ≥ serviceLevel in M/M/c (Erlang C): the same criterion the model staffs the pool
 * by. The level falls as the load grows, so bisection on (0, workers) finds it. At the defaults (5 workers,
 * 0.55 s a call, 99 % within 100 ms) it is about 1.47 Erlangs against the 1.35 of today's flash sale.
 */
export function loadWithinServiceLevel(workers: number, serviceTime: number, targetWait: number, level: number): number {
  const mu = 1 / serviceTime;
  const meets = (a: number) => erlangCServiceLevel(erlangC(a, workers), a, workers, mu, targetWait) >= level;
  let lo = 0;
  let hi = workers;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * workers; i++) {
    const mid = (lo + hi) / 2;
    if (meets(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** What the design holds fixed as the volume grows: the outbox's workers and the hot row. (The authorization pool is
 * re-sized from the peak, so it is not in the figure; `authorizationPoolKept` below says what keeping it would cost.) */
export const platformGrowth = breaksFirst(platform, {
  load: ['annualVolume'],
  checks: [
    {
      id: 'outbox',
      name: 'the outbox’s capture workers',
      use: { output: 'outboxArrivalsAfterPspOutage' },
      limit: { output: 'outboxDrainRate' },
    },
    { id: 'hot-row', name: 'the hot balance row', use: { output: 'hotAccountUtilization' }, limit: 1 },
  ],
});

const num = (field: string) => platform.resolved[field] as number;

/**
 * An authorization pool kept at today's flash-sale size as the volume grows, checked two ways: where it misses
 * the page's own service level (the criterion it was sized by: the offered load passes `loadWithinServiceLevel`),
 * and where it is overloaded outright (offered load = workers). The first is the one that matters; review S3.
 */
export const authorizationPoolKept = breaksFirst(platform, {
  load: ['annualVolume'],
  checks: [
    {
      id: 'service-level',
      name: `an authorization pool kept at today’s ${campaignWorkers} workers misses its service level`,
      use: { output: 'peaks[id=campaign].offeredLoad' },
      limit: loadWithinServiceLevel(
        campaignWorkers,
        num('pspLatency') + num('processingTime'),
        num('targetWait'),
        num('serviceLevel'),
      ),
    },
    {
      id: 'overload',
      name: `an authorization pool kept at today’s ${campaignWorkers} workers is overloaded`,
      use: { output: 'peaks[id=campaign].offeredLoad' },
      limit: campaignWorkers,
    },
  ],
});

/** The two multiples the page states, and the pool's size today. */
export const authorizationPoolWorkers = campaignWorkers;
function keptMultiple(id: string): number {
  const m = authorizationPoolKept.order.find((o) => o.check.id === id)?.multiple;
  if (m === undefined || m === null)
    throw new Error(`payments: the pool kept at ${campaignWorkers} workers never reaches "${id}"`);
  return m;
}
export const poolMissesServiceLevelAt = keptMultiple('service-level');
export const poolOverloadedAt = keptMultiple('overload');

// ---- Estimation drills: the reader estimates, the model grades ----------------------------------

export const campaignDrill = estimationDrill('payments-campaign-peak', platformRanges, {
  title: 'Payments per second at a merchant’s flash sale',
  draw: ['annualVolume', 'campaignMultiple'],
  question:
    'A payments platform moves {in.annualVolume|usd} a year: {in.cardShare|percent} of payments by credit card at {in.cardTicket|usd} on average, {in.debitShare|percent} by debit card at {in.debitTicket|usd}, {in.walletShare|percent} by wallet at {in.walletTicket|usd}, {in.achShare|percent} by bank transfer at {in.achTicket|usd} and {in.bnplShare|percent} pay-later at {in.bnplTicket|usd}. A large merchant’s flash sale brings {in.campaignMultiple} times the year’s average second. How many payments a second must the platform take at that peak?',
  answer: { output: 'peaks[id=campaign].paymentsPerSecond', unit: 'payments per second', format: 'decimal' },
  steps: [
    'The mix’s average ticket is {out.averageTicket|usd}: {in.annualVolume|usd} ÷ {out.averageTicket|usd} = {out.paymentsPerYear|compact} payments a year.',
    'A year is 31.5 million seconds: {out.paymentsPerDay|compact} a day, {out.paymentsPerSecond} a second on average.',
    'At {in.campaignMultiple} times the average second: {out.peaks[id=campaign].paymentsPerSecond} payments a second.',
  ],
  rule: 'A year is about π × 10^7 seconds, so a million a year is about 0.03 a second: payments platforms are small in requests per second and large in money; the hard parts are correctness and the PSP, not throughput.',
});

export const feesDrill = estimationDrill('payments-fees', platformRanges, {
  title: 'The monthly processing bill',
  draw: ['annualVolume', 'cardFeeRate'],
  question:
    'A payments platform moves {in.annualVolume|usd} a year; {in.cardShare|percent} of its payments are by credit card at {in.cardFeeRate|percent} + {in.cardFixedFee|usd} a payment, the rest by debit card, wallet, bank transfer and pay-later at their own rates (from {in.achFeeRate|percent} for a bank transfer to {in.bnplFeeRate|percent} for pay-later). What does it pay its processors in fees a month?',
  answer: { output: 'feesPerMonth', unit: 'USD per month', format: 'usd' },
  steps: [
    'Weighted over the mix, fixed fees included, the fees come to {out.effectiveRate|percent} of the volume (the fixed part of each fee alone: {out.fixedFeesPerMonth|usd} a month).',
    'A year: {in.annualVolume|usd} × {out.effectiveRate|percent} = {out.feesPerYear|usd}.',
    'A month: ÷ 12 = {out.feesPerMonth|usd}.',
  ],
  rule: 'Fees are the volume times the blended rate, a few percent for cards: a month is a twelfth of the year. Routing and negotiation move the rate by tenths of a percent, which at scale is real money.',
});

export const ledgerStorageDrill = estimationDrill('payments-ledger-storage', platformRanges, {
  title: 'Ledger storage over the retention period',
  draw: ['annualVolume', 'bytesPerLedgerLine'],
  question:
    'A payments platform moves {in.annualVolume|usd} a year: {in.cardShare|percent} of payments by credit card at {in.cardTicket|usd} on average, the rest between {in.debitTicket|usd} (debit) and {in.bnplTicket|usd} (pay-later). This ledger posts four balanced journal transactions a payment, 12 lines in all (the authorization, 2 lines; the capture, 4; its fee, 4; the settlement, 2), and {in.refundRate|percent} of payments are refunded, a transaction of two more lines. A ledger line takes {in.bytesPerLedgerLine|integer} bytes, its indexes {in.indexOverhead|percent} more, and the database keeps {in.replicationFactor|integer} copies. How much storage does the ledger take after {in.years|integer} years?',
  answer: { output: 'ledgerStoredBytesTotal', unit: 'bytes' },
  steps: [
    'Payments a year: {in.annualVolume|usd} ÷ the mix’s average ticket {out.averageTicket|usd} = {out.paymentsPerYear|compact}.',
    'Each payment writes {out.ledgerLinesPerPayment} lines (its journal transactions, two or more lines each, and the refunds’ share): with indexes and {in.replicationFactor|integer} copies, {out.ledgerBytesPerPayment|integer} B a payment.',
    'Over {in.years|integer} years: {out.paymentsPerYear|compact} × {in.years|integer} × {out.ledgerBytesPerPayment|integer} B = {out.ledgerStoredBytesTotal|bytes}.',
  ],
  rule: 'Storage = records × bytes each × copies × years. Double entry writes at least two lines a transaction, and this ledger writes 12 a payment; indexes and replicas multiply the raw bytes several times over: count them before you round.',
});
