import { config } from 'zod';

/**
 * The app runs under a Content-Security-Policy without 'unsafe-eval' (server/http/security-headers.ts).
 * Zod probes whether `new Function` works, to compile faster parsers; the CSP refuses the probe and
 * the browser reports it as a violation even though zod catches it. Parse without the probe. Import
 * this module first, before anything can parse.
 */
config({ jitless: true });
