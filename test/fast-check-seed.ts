/**
 * Every fast-check property runs from one seed, so a run is reproducible: CI cannot go red on a draw that
 * a rerun would not repeat, and a failure's seed is the one printed here. FC_SEED=<n> explores other draws
 * (`FC_SEED=$RANDOM npm run test:unit`); a failure found that way becomes a fixed example in its test.
 */
import fc from 'fast-check';

const seed = Number(process.env['FC_SEED'] ?? 20_261_201);
fc.configureGlobal({ seed: Number.isInteger(seed) ? seed : 20_261_201 });
