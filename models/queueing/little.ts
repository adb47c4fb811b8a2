/**
 * Little's law: in any system in steady state (a queue, a server, a connection pool, a whole service),
 * the mean number inside equals the arrival rate times the mean time each item spends inside:
 *
 *   L = λ·W
 *
 * It assumes nothing about arrival or service distributions, the number of servers or the order of
 * service; only that the averages exist and that what enters eventually leaves (λ is also the throughput).
 * Give exactly two of the three and the model returns all three: L = λW, W = L/λ or λ = L/W.
 *
 * Units: arrivalRate per second; meanTimeInSystem in seconds; meanInSystem in items. Convert first:
 * 10 arrivals per hour staying 5 minutes is λ = 10/3600 per s and W = 300 s, so L = 0.833 (not 50).
 *
 * Example: 9 requests queued plus 1 in service (L = 10) at a throughput of 50 per second: W = 10/50 = 0.2 s.
 */
import { z } from 'zod';
import { defineModel } from '../model.ts';
import { words } from '../words.ts';

const MAX_RATE = 1e12;
const MAX_TIME = 1e12;
/** λ·W never exceeds this (1e12/s × 1e12 s), so only a quotient can leave its field's range. */
const MAX_ITEMS = 1e24;

const fields = ['arrivalRate', 'meanTimeInSystem', 'meanInSystem'] as const;
type Field = (typeof fields)[number];
const limits: Readonly<Record<Field, { max: number; unit: string }>> = {
  arrivalRate: { max: MAX_RATE, unit: '/s' },
  meanTimeInSystem: { max: MAX_TIME, unit: ' s' },
  meanInSystem: { max: MAX_ITEMS, unit: ' items' },
};

type Given = { readonly [K in Field]?: number | undefined };

/** The missing one of the three from the two given, and the field it divides by (if any). */
function solve(v: Given): { field: Field; value: number; divisor?: Field } {
  const { arrivalRate: lambda, meanTimeInSystem: w, meanInSystem: l } = v;
  if (l === undefined) return { field: 'meanInSystem', value: (lambda ?? 0) * (w ?? 0) };
  if (w === undefined) return { field: 'meanTimeInSystem', value: l / (lambda ?? 0), divisor: 'arrivalRate' };
  return { field: 'arrivalRate', value: l / w, divisor: 'meanTimeInSystem' };
}

const input = z
  .strictObject({
    arrivalRate: z
      .number()
      .min(0)
      .max(MAX_RATE)
      .optional()
      .meta({ unit: '1/s', description: 'λ, the mean arrival rate (= throughput in steady state); give two of the three' }),
    meanTimeInSystem: z
      .number()
      .min(0)
      .max(MAX_TIME)
      .optional()
      .meta({ unit: 's', description: 'W, the mean time an item spends in the system; give two of the three' }),
    meanInSystem: z
      .number()
      .min(0)
      .max(MAX_ITEMS)
      .optional()
      .meta({ unit: 'count', description: 'L, the mean number of items in the system; give two of the three' }),
  })
  .superRefine((v, ctx) => {
    const given = fields.filter((f) => v[f] !== undefined);
    if (given.length !== 2) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: `give exactly two of arrivalRate, meanTimeInSystem, meanInSystem (got ${given.length}${given.length ? `: ${given.join(', ')}` : ''})`,
      });
      return;
    }
    const { field, value, divisor } = solve(v);
    if (divisor !== undefined && v[divisor] === 0) {
      ctx.addIssue({
        code: 'custom',
        path: [divisor],
        input: 0,
        message: `must be > 0 to derive ${field} (it divides meanInSystem) (got 0)`,
      });
      return;
    }
    const { max, unit } = limits[field];
    if (divisor !== undefined && !(value <= max)) {
      ctx.addIssue({
        code: 'custom',
        path: [divisor],
        input: v[divisor],
        message: `is too small: meanInSystem / ${divisor} gives ${field} = ${words(value)}${unit}, above the ${words(max)}${unit} the model allows (got ${v[divisor]})`,
      });
    }
  });

export interface LittleOutput {
  readonly arrivalRate: number;
  readonly meanTimeInSystem: number;
  readonly meanInSystem: number;
  readonly solvedFor: Field;
}

export const little = defineModel({
  id: 'little',
  title: "Little's law",
  summary: 'L = λW: from any two of the arrival rate, the mean time inside and the mean number inside, the third.',
  input,
  outputs: {
    arrivalRate: { description: 'λ, the mean arrival rate (= throughput)', unit: '1/s' },
    meanTimeInSystem: { description: 'W, the mean time in the system', unit: 's' },
    meanInSystem: { description: 'L, the mean number in the system (in flight, concurrency)', unit: 'count' },
    solvedFor: { description: 'Which of the three was derived from the other two', unit: 'text' },
  },
  references: [
    {
      title: 'J. D. C. Little, "A proof for the queuing formula: L = λW", Operations Research 9(3), 1961, pp. 383–387',
      url: 'https://doi.org/10.1287/opre.9.3.383',
    },
    {
      title: 'Wikipedia, "Little\'s law", Applications: finding response time',
      url: 'https://en.wikipedia.org/wiki/Little%27s_law',
      note: 'Test case LITTLE-01: 9 waiting + 1 in service at 50/s gives 0.2 s.',
    },
    {
      title: 'SystemOverflow, "Little\'s Law and the Latency-Concurrency-Throughput Triangle"',
      url: 'https://www.systemoverflow.com/learn/design-fundamentals/scalability-fundamentals/littles-law-and-the-latency-concurrency-throughput-triangle',
      note: 'Test case LITTLE-03: 10 000 requests/s at 50 ms is 500 in flight; 20 000/s at 100 ms is 2000.',
    },
  ],
  example: { arrivalRate: 50, meanInSystem: 10 },
  exampleStates: { meanTimeInSystem: 0.2 },
  compute(v): LittleOutput {
    const { field, value } = solve(v);
    const all = { arrivalRate: v.arrivalRate ?? 0, meanTimeInSystem: v.meanTimeInSystem ?? 0, meanInSystem: v.meanInSystem ?? 0 };
    return { ...all, [field]: value, solvedFor: field };
  },
});
