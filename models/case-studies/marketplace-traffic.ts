/**
 * The marketplace's capacity chain, computed once: from the business (users, sessions, orders) to requests
 * per second at the daily average, the evening peak and a flash sale, split by endpoint; then every tier
 * sized from those same peaks (the cache's misses, the database's reads and writes, the API servers, the
 * order workers), plus bandwidth and storage. One model, so every sizing reads the same flash-sale peak:
 * guides on this topic state the peak three ways on one page and size the same database with three read rates.
 *
 *   browsePerDay  = dailyActiveUsers × sessionsPerUser × pagesPerSession × callsPerPage
 *   checkoutPerDay = ordersPerDay × callsPerCheckout
 *   perDay        = browsePerDay + checkoutPerDay
 *   average       = perDay / 86 400
 *   evening       = perDay × eveningShare / (eveningHours × 3 600)   (peak-to-average = eveningShare × 24 / eveningHours)
 *   flash         = evening × flashMultiplier
 *   endpoint e (product reads, search, cart, seller tools): browse traffic × its share of browse calls;
 *   checkout: checkout calls; each endpoint's peak is the level's total × its share of the day's calls
 *   (the mix is held through the day, an assumption the page states)
 *   at each level L:
 *     cacheMisses       = productReads_L × (1 − hitRatio)       (product reads go through the cache)
 *     databaseReads     = cacheMisses + sellerTools_L            (seller tools read the primary data, uncached)
 *     databaseWrites    = checkout_L × writesPerCheckoutCall + cart_L × cartWriteShare
 *     apiServers        = ⌈total_L / (perServerCapacity × targetUtilization)⌉
 *     readReplicas      = ⌈databaseReads_L / (readsPerReplica × targetUtilization)⌉
 *     orders_L          = ordersPerDay × (the level's rate / the average rate) / 86 400
 *     orderWorkers      = fewest c with Erlang C(orders_L × orderServiceTime, c) ≤ maxProbWait (M/M/c)
 *   egress at the flash peak = flash × responseBytes (API answers; images come from the CDN)
 *   storage after `years`: products × (productBytes + imagesPerProduct × imageBytes) + ordersPerDay × 365 ×
 *   years × orderBytes (orders and their items; no growth, no replicas: the storage-growth model adds them)
 *
 * Assumptions: one session per daily user by default; every page call is an API request; the endpoint mix
 * does not change between the average and the peaks (in a real flash sale it shifts towards one product page
 * and checkout: the hot-row and admission models size that part separately); orders follow traffic.
 *
 * Units: rates per second, bytes, times in seconds, shares as fractions.
 *
 * Example (the case study's defaults): 3 M daily users × 1 session × 12 pages × 3 calls = 108 M browse calls
 * and 150 000 orders × 5 = 750 000 checkout calls: 108.75 M requests a day, 1 258.7/s on average. Half the
 * day's calls in a 4 h evening: 3 776.0/s; a flash sale at 10×: 37 760.4/s. Product reads are 55 % of browse
 * calls (54.6 % of all); at a 95 % hit ratio the flash peak sends 1 031.25 product reads a second to the database.
 * The flash product's rush is a separate stated input: 10 000 buyers in 10 s = 1 000 attempts/s, 3.84 × the
 * whole site's 260.4 checkout calls/s at the flash peak. Flash orders 52.08/s; 27 workers at 0.4 s complete
 * 67.5/s, leaving 15.42/s a waiting room can admit. A payment limit of 25 calls/s at 1 call an order admits
 * 25 orders/s (paymentDrainRate = min(67.5, 25) = 25). 1 s of replica lag holds 52.08 orders and 2 770.8 writes.
 */
import { z } from 'zod';
import { erlangCServers, MAX_SERVERS } from '../queueing/erlang.ts';
import { defineModel } from '../model.ts';

const DAY = 86_400;

const share = (d: number, description: string) => z.number().min(0).max(1).default(d).meta({ unit: 'fraction', description });

const input = z
  .strictObject({
    dailyActiveUsers: z.number().min(1).max(1e10).default(3_000_000).meta({ unit: 'count', description: 'Daily active users' }),
    sessionsPerUser: z
      .number()
      .min(0.01)
      .max(1000)
      .default(1)
      .meta({ unit: 'ratio', description: 'Sessions per daily active user per day' }),
    pagesPerSession: z.number().min(0.01).max(10_000).default(12).meta({ unit: 'ratio', description: 'Pages per session' }),
    callsPerPage: z.number().min(0.01).max(1000).default(3).meta({ unit: 'ratio', description: 'API calls per page' }),
    ordersPerDay: z.number().min(0).max(1e10).default(150_000).meta({ unit: 'count', description: 'Orders per day' }),
    itemsPerOrder: z.number().min(1).max(1000).default(2.5).meta({ unit: 'ratio', description: 'Items per order, on average' }),
    callsPerCheckout: z
      .number()
      .min(1)
      .max(100)
      .default(5)
      .meta({ unit: 'ratio', description: 'API calls one checkout makes (start, address, pay, confirm, status)' }),
    eveningShare: z
      .number()
      .min(0.001)
      .max(1)
      .default(0.5)
      .meta({ unit: 'fraction', description: 'Share of the day’s requests that arrive in the evening window' }),
    eveningHours: z
      .number()
      .min(0.1)
      .max(24)
      .default(4)
      .meta({ unit: 'ratio', description: 'Length of the evening window, in hours' }),
    flashMultiplier: z
      .number()
      .min(1)
      .max(1000)
      .default(10)
      .meta({ unit: 'ratio', description: 'A flash sale’s total traffic as a multiple of the evening peak' }),
    // at least one buyer: the rush is what the flash sale is (a rush of none would swamp nothing and sell nothing)
    rushBuyers: z.number().int().min(1).max(1e9).default(10_000).meta({
      unit: 'count',
      description: 'Buyers who reach for the one flash product when its sale opens (on top of the flash peak)',
    }),
    rushWindow: z
      .number()
      .min(0.1)
      .max(86_400)
      .default(10)
      .meta({ unit: 's', description: 'Time over which those buyers arrive' }),
    replicationLag: z.number().min(0).max(3600).default(1).meta({
      unit: 's',
      description: 'How far an asynchronous replica is behind the primary (replay lag)',
      empirical: true,
    }),
    paymentRateLimit: z.number().min(0.001).max(1e7).default(25).meta({
      unit: '1/s',
      description: 'Payment provider’s rate limit on the call that creates a payment (per account)',
      empirical: true,
    }),
    paymentCallsPerOrder: z
      .number()
      .min(1)
      .max(100)
      .default(1)
      .meta({ unit: 'ratio', description: 'Calls to that rate-limited endpoint per order' }),
    productReadShare: share(0.55, 'Share of browse calls that read a product, a listing or a seller page'),
    searchShare: share(0.25, 'Share of browse calls that search'),
    cartShare: share(0.12, 'Share of browse calls to the cart'),
    sellerToolsShare: share(0.08, 'Share of browse calls from sellers’ tools (stock, prices, orders)'),
    hitRatio: z
      .number()
      .min(0)
      .max(1)
      .default(0.95)
      .meta({ unit: 'fraction', description: 'Share of product reads the cache answers', empirical: true }),
    cartWriteShare: share(0.5, 'Share of cart calls that write (add, remove, change quantity)'),
    writesPerCheckoutCall: z
      .number()
      .min(0)
      .max(100)
      .default(2)
      .meta({ unit: 'ratio', description: 'Database writes per checkout call (order, items, reservation, outbox event)' }),
    perServerCapacity: z
      .number()
      .min(1)
      .max(1e7)
      .default(1_000)
      .meta({ unit: '1/s', description: 'Requests per second one API server sustains at full load', empirical: true }),
    readsPerReplica: z
      .number()
      .min(1)
      .max(1e7)
      .default(10_000)
      .meta({ unit: '1/s', description: 'Indexed point reads per second one database replica sustains', empirical: true }),
    targetUtilization: z
      .number()
      .min(0.05)
      .max(1)
      .default(0.6)
      .meta({ unit: 'fraction', description: 'Utilisation servers and replicas are sized to at the named peak (headroom)' }),
    orderServiceTime: z.number().min(0.001).max(3600).default(0.4).meta({
      unit: 's',
      description: 'Mean time an order worker spends on one order (reserve, charge, confirm)',
      empirical: true,
    }),
    maxProbWait: z
      .number()
      .min(0.001)
      .max(0.999)
      .default(0.2)
      .meta({ unit: 'fraction', description: 'Largest share of orders allowed to wait for a worker (Erlang C)' }),
    responseBytes: z
      .number()
      .min(1)
      .max(1e9)
      .default(4_000)
      .meta({ unit: 'B', description: 'Mean API response size on the wire (JSON, compressed)', empirical: true }),
    products: z.number().min(0).max(1e11).default(5_000_000).meta({ unit: 'count', description: 'Products listed' }),
    productBytes: z
      .number()
      .min(0)
      .max(1e9)
      .default(5_000)
      .meta({ unit: 'B', description: 'A product row with its attributes and indexes', empirical: true }),
    imagesPerProduct: z.number().min(0).max(1000).default(5).meta({ unit: 'ratio', description: 'Images per product' }),
    imageBytes: z
      .number()
      .min(0)
      .max(1e10)
      .default(500_000)
      .meta({ unit: 'B', description: 'One image with its resized variants', empirical: true }),
    orderBytes: z
      .number()
      .min(0)
      .max(1e9)
      .default(2_000)
      .meta({ unit: 'B', description: 'One order with its items, payments and status history', empirical: true }),
    years: z.number().min(0).max(100).default(3).meta({ unit: 'count', description: 'Years of orders kept online' }),
  })
  .superRefine((v, ctx) => {
    const sum = v.productReadShare + v.searchShare + v.cartShare + v.sellerToolsShare;
    if (Math.abs(sum - 1) > 1e-6) {
      ctx.addIssue({
        code: 'custom',
        path: ['productReadShare'],
        input: v.productReadShare,
        message: `the four browse shares (product reads, search, cart, seller tools) must add up to 1 (they add up to ${sum.toPrecision(4)})`,
      });
    }
    const perHour = v.eveningShare / v.eveningHours;
    if (perHour < 1 / 24 - 1e-12) {
      ctx.addIssue({
        code: 'custom',
        path: ['eveningShare'],
        input: v.eveningShare,
        // In words a reader of the panel follows too (the panel shows shares in per cent and never the field names):
        // the floor as a fraction and in per cent, and what it comes from.
        message: `must be at least ${Number((v.eveningHours / 24).toPrecision(3))} (${percent(v.eveningHours / 24)}) for an evening of ${v.eveningHours} of the day's 24 hours: the evening cannot be quieter than the day's average (got ${v.eveningShare}, ${percent(v.eveningShare)})`,
      });
    }
  });

/** A share in per cent, to three significant figures: 0.5 → "50 %", 1 / 3 → "33.3 %". */
function percent(share: number): string {
  return `${Number((share * 100).toPrecision(3))} %`;
}

export type EndpointId = 'product-reads' | 'search' | 'cart' | 'checkout' | 'seller-tools';

export interface Endpoint {
  readonly id: EndpointId;
  readonly name: string;
  /** share of the day's requests */
  readonly share: number;
  readonly average: number;
  readonly evening: number;
  readonly flash: number;
}

export interface Level {
  readonly requestsPerSecond: number;
  readonly cacheMisses: number;
  readonly databaseReads: number;
  readonly databaseWrites: number;
  readonly apiServers: number;
  readonly readReplicas: number;
  readonly ordersPerSecond: number;
  /** null beyond a million workers */
  readonly orderWorkers: number | null;
  readonly orderWorkerProbWait: number | null;
}

export interface MarketplaceTrafficOutput {
  readonly requestsPerDay: number;
  readonly averagePerSecond: number;
  readonly eveningPeakPerSecond: number;
  readonly flashPeakPerSecond: number;
  readonly peakToAverage: number;
  readonly endpoints: readonly Endpoint[];
  readonly shareSum: number;
  readonly average: Level;
  readonly evening: Level;
  readonly flash: Level;
  readonly itemsPerDay: number;
  readonly flashEgressBytesPerSecond: number;
  readonly productStorageBytes: number;
  readonly imageStorageBytes: number;
  readonly orderStorageBytes: number;
  readonly ordersKept: number;
  readonly totalStorageBytes: number;
  readonly rushPerSecond: number;
  readonly rushWindow: number;
  readonly rushToFlashCheckout: number;
  readonly orderWorkerRate: number;
  readonly orderServiceTime: number;
  readonly maxProbWait: number;
  readonly flashOrdersPerSecond: number;
  readonly eveningWorkerCapacity: number;
  readonly flashWorkerCapacity: number;
  readonly flashSpareCapacity: number;
  readonly paymentOrdersLimit: number;
  readonly ordersAtRiskOnFailover: number;
  readonly writesAtRiskOnFailover: number;
  readonly paymentDrainRate: number;
}

function level(v: z.output<typeof input>, rate: number, averageRate: number, shares: Record<EndpointId, number>): Level {
  const productReads = rate * shares['product-reads'];
  const cacheMisses = productReads * (1 - v.hitRatio);
  const databaseReads = cacheMisses + rate * shares['seller-tools'];
  const databaseWrites = rate * shares.checkout * v.writesPerCheckoutCall + rate * shares.cart * v.cartWriteShare;
  const ordersPerSecond = (v.ordersPerDay / DAY) * (rate / averageRate);
  const load = ordersPerSecond * v.orderServiceTime;
  let workers: { servers: number | null; probWait: number | null } = { servers: 1, probWait: 0 };
  if (load > 0) {
    try {
      workers = erlangCServers(load, (_c, probWait) => probWait <= v.maxProbWait, MAX_SERVERS);
    } catch {
      workers = { servers: null, probWait: null }; // more than a million workers: no answer worth giving
    }
  }
  return {
    requestsPerSecond: rate,
    cacheMisses,
    databaseReads,
    databaseWrites,
    apiServers: Math.ceil(rate / (v.perServerCapacity * v.targetUtilization) - 1e-9),
    readReplicas: Math.max(1, Math.ceil(databaseReads / (v.readsPerReplica * v.targetUtilization) - 1e-9)),
    ordersPerSecond,
    orderWorkers: workers.servers,
    orderWorkerProbWait: workers.probWait,
  };
}

const levelOutputs = (name: string) =>
  `${name}: requests, cache misses, database reads and writes, servers, replicas, orders and workers`;

export const marketplaceTraffic = defineModel({
  id: 'marketplace-traffic',
  title: 'Marketplace: traffic, its mix and the tiers it sizes',
  summary:
    'Requests per second at the average, the evening peak and a flash sale, split by endpoint, and the cache, database, API servers and order workers each level needs.',
  input,
  outputs: {
    requestsPerDay: { description: 'API requests per day (browse + checkout)', unit: 'count' },
    averagePerSecond: { description: 'Requests per second over the whole day', unit: '1/s' },
    eveningPeakPerSecond: { description: 'Requests per second in the evening window', unit: '1/s' },
    flashPeakPerSecond: { description: 'Requests per second during a flash sale (evening × multiplier)', unit: '1/s' },
    peakToAverage: { description: 'Evening peak ÷ average (eveningShare × 24 / eveningHours)', unit: 'ratio' },
    endpoints: {
      description: 'Per endpoint: id, name, share of the day’s requests, and requests per second at each level',
      unit: 'list',
      columns: { average: '1/s', evening: '1/s', flash: '1/s' },
    },
    shareSum: { description: 'The endpoint shares added up (1 when the mix is complete)', unit: 'ratio' },
    average: { description: levelOutputs('At the daily average'), unit: 'list' },
    evening: { description: levelOutputs('At the evening peak'), unit: 'list' },
    flash: { description: levelOutputs('At the flash-sale peak'), unit: 'list' },
    itemsPerDay: { description: 'Order items per day (orders × items per order)', unit: 'count' },
    flashEgressBytesPerSecond: { description: 'API response bytes per second at the flash peak', unit: 'B/s' },
    productStorageBytes: { description: 'Product rows', unit: 'B' },
    imageStorageBytes: { description: 'Product images with their variants', unit: 'B' },
    orderStorageBytes: { description: 'Orders kept online for `years`', unit: 'B' },
    ordersKept: { description: 'Orders kept online (orders a day × 365 × years): the keys a shard map places', unit: 'count' },
    totalStorageBytes: { description: 'Products + images + orders', unit: 'B' },
    rushPerSecond: { description: 'Reservation attempts per second on the flash product (rushBuyers ÷ rushWindow)', unit: '1/s' },
    rushWindow: { description: 'The rush window, as given', unit: 's' },
    rushToFlashCheckout: { description: 'The rush ÷ the whole site’s checkout calls at the flash peak', unit: 'ratio' },
    orderWorkerRate: { description: 'Orders one worker completes per second (1 ÷ orderServiceTime)', unit: '1/s' },
    maxProbWait: { description: 'The Erlang C target, as given', unit: 'fraction' },
    orderServiceTime: { description: 'A worker’s mean time per order, as given', unit: 's' },
    flashOrdersPerSecond: { description: 'Orders per second at the flash peak', unit: '1/s' },
    eveningWorkerCapacity: { description: 'Orders per second the evening’s workers complete', unit: '1/s' },
    flashWorkerCapacity: { description: 'Orders per second the flash peak’s workers complete', unit: '1/s' },
    ordersAtRiskOnFailover: {
      description: 'Orders committed on the primary but not yet on an asynchronous replica at the flash peak (orders/s × lag)',
      unit: 'count',
    },
    writesAtRiskOnFailover: { description: 'Database writes in the same window at the flash peak', unit: 'count' },
    paymentOrdersLimit: {
      description: 'Orders per second the payment provider’s limit admits (limit ÷ calls per order)',
      unit: '1/s',
    },
    paymentDrainRate: {
      description: 'Orders per second paid after an outage: min(flash workers’ capacity, the provider’s limit)',
      unit: '1/s',
    },
    flashSpareCapacity: {
      description: 'Flash workers’ capacity left over the flash peak’s orders: what a waiting room can admit',
      unit: '1/s',
    },
  },
  references: [
    {
      title: 'A. Xu, System Design Interview – An Insider’s Guide, vol. 1, ch. 2 “Back-of-the-envelope estimation”, 2020',
      note: 'Daily users × actions per user ÷ 86 400 s, and a peak as a multiple of the average.',
    },
    {
      title: 'Model mmc-servers (Erlang C), this site',
      note: 'The fewest order workers that keep the share of orders that wait under a target.',
    },
    {
      title: 'Model cache-offload, this site',
      note: 'What reaches the database: reads × (1 − hit ratio).',
    },
  ],
  example: {},
  exampleStates: {
    requestsPerDay: 108_750_000,
    averagePerSecond: 1258.7,
    eveningPeakPerSecond: 3776.0,
    flashPeakPerSecond: 37_760.4,
    'flash.cacheMisses': 1031.25,
    rushPerSecond: 1000,
    rushToFlashCheckout: 3.84,
    flashOrdersPerSecond: 52.08,
    flashWorkerCapacity: 67.5,
    flashSpareCapacity: 15.42,
    paymentDrainRate: 25,
    ordersAtRiskOnFailover: 52.08,
    writesAtRiskOnFailover: 2770.8,
  },
  compute(v): MarketplaceTrafficOutput {
    const browsePerDay = v.dailyActiveUsers * v.sessionsPerUser * v.pagesPerSession * v.callsPerPage;
    const checkoutPerDay = v.ordersPerDay * v.callsPerCheckout;
    const perDay = browsePerDay + checkoutPerDay;
    const average = perDay / DAY;
    const peakToAverage = (v.eveningShare * 24) / v.eveningHours;
    const evening = average * peakToAverage;
    const flash = evening * v.flashMultiplier;
    const browse = browsePerDay / perDay;
    const shares: Record<EndpointId, number> = {
      'product-reads': browse * v.productReadShare,
      search: browse * v.searchShare,
      cart: browse * v.cartShare,
      checkout: checkoutPerDay / perDay,
      'seller-tools': browse * v.sellerToolsShare,
    };
    const names: Record<EndpointId, string> = {
      'product-reads': 'Product, listing and seller pages',
      search: 'Search',
      cart: 'Cart',
      checkout: 'Checkout',
      'seller-tools': 'Seller tools',
    };
    const ids: EndpointId[] = ['product-reads', 'search', 'cart', 'checkout', 'seller-tools'];
    const endpoints = ids.map((id) => ({
      id,
      name: names[id],
      share: shares[id],
      average: average * shares[id],
      evening: evening * shares[id],
      flash: flash * shares[id],
    }));
    const productStorageBytes = v.products * v.productBytes;
    const imageStorageBytes = v.products * v.imagesPerProduct * v.imageBytes;
    const orderStorageBytes = v.ordersPerDay * 365 * v.years * v.orderBytes;
    const eveningLevel = level(v, evening, average, shares);
    const flashLevel = level(v, flash, average, shares);
    const rate = 1 / v.orderServiceTime;
    const flashWorkerCapacity = (flashLevel.orderWorkers ?? 0) * rate;
    const rushPerSecond = v.rushBuyers / v.rushWindow;
    const flashCheckout = flash * shares.checkout;
    return {
      requestsPerDay: perDay,
      averagePerSecond: average,
      eveningPeakPerSecond: evening,
      flashPeakPerSecond: flash,
      peakToAverage,
      endpoints,
      shareSum: ids.reduce((s, id) => s + shares[id], 0),
      average: level(v, average, average, shares),
      evening: eveningLevel,
      flash: flashLevel,
      itemsPerDay: v.ordersPerDay * v.itemsPerOrder,
      flashEgressBytesPerSecond: flash * v.responseBytes,
      productStorageBytes,
      imageStorageBytes,
      orderStorageBytes,
      ordersKept: v.ordersPerDay * 365 * v.years,
      totalStorageBytes: productStorageBytes + imageStorageBytes + orderStorageBytes,
      rushPerSecond,
      rushWindow: v.rushWindow,
      rushToFlashCheckout: flashCheckout > 0 ? rushPerSecond / flashCheckout : 0,
      orderWorkerRate: rate,
      orderServiceTime: v.orderServiceTime,
      maxProbWait: v.maxProbWait,
      flashOrdersPerSecond: flashLevel.ordersPerSecond,
      eveningWorkerCapacity: (eveningLevel.orderWorkers ?? 0) * rate,
      flashWorkerCapacity,
      flashSpareCapacity: Math.max(0, flashWorkerCapacity - flashLevel.ordersPerSecond),
      paymentOrdersLimit: v.paymentRateLimit / v.paymentCallsPerOrder,
      ordersAtRiskOnFailover: flashLevel.ordersPerSecond * v.replicationLag,
      writesAtRiskOnFailover: flashLevel.databaseWrites * v.replicationLag,
      paymentDrainRate: Math.min(flashWorkerCapacity, v.paymentRateLimit / v.paymentCallsPerOrder),
    };
  },
});
