/**
 * Imported first by the browser runtime. zod compiles fast object parsers with `new Function` when the
 * page allows it, and probes for that with a `new Function("")` it catches; under the site's CSP (no
 * 'unsafe-eval', src/lib/csp.ts) the probe is refused and reported as a securitypolicyviolation even
 * though nothing breaks. jitless parsing never probes; the schemas here are small, so it costs nothing
 * a reader could notice.
 */
import { z } from 'zod';

z.config({ jitless: true });
