import path from 'node:path';
import { EVIDENCE_LIMITS, SOCKET_LIMITS, type SocketLimits } from '../shared/limits.js';
import { YJS_LIMITS } from '../shared/protocol/yjs.js';

export type Clock = () => number;

/**
 * Express's 'trust proxy' setting: false trusts no proxy (the client's address is the socket's, and
 * X-Forwarded-* headers are ignored); a hop count or proxy addresses ('loopback', '10.0.0.1, 10.0.0.2')
 * trust exactly those.
 */
export type TrustProxy = false | number | string;

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  /**
   * DATABASE_URL (postgres://…): set, the records are kept in that PostgreSQL database (migrations from
   * drizzle/pg applied at start); unset, in SQLite at DATA_DIR/board.sqlite, as always. PostgreSQL is
   * work in progress (issue 17): see README.
   */
  databaseUrl: string | null;
  seedDemo: boolean;
  demoPassword: string;
  /** Where the built client lives; absent in tests that only need the API. */
  clientDir: string | null;
  /** Where people reach the product (PUBLIC_URL), for links made outside a request: the operator's tools. */
  publicUrl: string;
  /** Origins besides the server's own that may make cookie-authenticated requests. */
  allowedOrigins: string[];
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  secureCookies: boolean;
  /** Which proxies' X-Forwarded-For/-Proto to believe; the sign-in limits key on the address this yields. */
  trustProxy: TrustProxy;
  /** Socket.io connections and command rate per person (SOCKET_LIMITS; tests that drive commands faster than a person raise them). */
  socketLimits: SocketLimits;
  /** How long an evidence upload's body may stop arriving before it is cut (EVIDENCE_LIMITS.uploadIdleMs; tests shorten it). */
  uploadIdleMs: number;
  /** DOC_UNLOAD_MS: how long a co-edited document stays loaded after its last connection leaves (YJS_LIMITS.unloadAfterMs; tests shorten it). */
  docUnloadMs: number;
  /** log2 of scrypt's N for new password hashes. */
  passwordHashCost: number;
  /** The Chromium that prints PDFs (CHROMIUM_PATH; Debian's by default). Missing: PDF requests answer 503 PDF_UNAVAILABLE. */
  chromiumPath: string;
  /** SMTP_URL (smtp://user:pass@host:587, smtps://…): unset, mail is kept in the outbox for administrators to read, never sent. */
  smtpUrl: string | null;
  /** MAIL_FROM: the sender of every mail. */
  mailFrom: string;
  /**
   * SECRETS_KEY: seals the secrets kept in the database (an SSO client secret) and signs links
   * (unsubscribe). Unset, a key is made once and kept in DATA_DIR/secrets.key (fine for the demo; set it
   * in production so a copied database is not readable with what lies beside it).
   */
  secretsKey: string | null;
  /**
   * SSO_ALLOWED_ISSUERS: the only issuer addresses (comma-separated; each one, or anything under its
   * path) an administrator may save for single sign-on. Saving an issuer makes this server fetch its
   * discovery document, so a hosted service lists its providers here and no administrator can make
   * the server reach elsewhere. Empty: any https issuer.
   */
  ssoIssuers: string[];
  /**
   * REDIS_URL: unset, the server is one process, as it always was. Set, several processes behind one
   * load balancer share their live events through it: Socket.io rooms (the Redis adapter), each
   * co-edited document's updates and presence (a channel per document), and the domain events that
   * re-decide open connections' rights (realtime/cluster/).
   */
  redisUrl: string | null;
  /**
   * Begins every Redis key and channel this deployment uses (REDIS_PREFIX, required with REDIS_URL):
   * two deployments sharing one Redis (staging beside production) then never hear each other.
   */
  redisPrefix: string;
  /**
   * SCHEDULER_TICK_SECONDS: how often the scheduler looks for reminders and mail to send, 1 to 60
   * seconds; 60 (the default) ticks on every minute. Every pass is idempotent, so a shorter tick only
   * costs reads: the two-process tests tick every second to race both processes' passes harder.
   */
  schedulerTickSeconds: number;
  clock: Clock;
  log: (message: string, extra?: Record<string, unknown>) => void;
}

function numberFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`Expected a number, got "${value}"`);
  return n;
}

/** TRUST_PROXY: unset, empty or 'false' trusts nothing; digits are a hop count; anything else is passed on. */
export function trustProxyFrom(value: string | undefined): TrustProxy {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false') return false;
  if (/^\d+$/.test(text)) return Number(text);
  // Express reads `true` as "believe whatever X-Forwarded-For says", which any client can write.
  if (text === 'true') throw new Error('TRUST_PROXY=true would believe any client; give the number of proxies in front, or their addresses');
  return text;
}

/**
 * REDIS_PREFIX, a Redis namespace: letters, digits, `_` and `-` (it is written into key and channel
 * names). Required with REDIS_URL: a default every deployment shared would let staging and production
 * on one Redis hear each other's edits, presence and events, silently. Unused without Redis.
 */
export function redisPrefixFrom(value: string | undefined, redisUrl: string | null = null): string {
  const text = value?.trim() ?? '';
  if (text === '' && redisUrl !== null) {
    throw new Error('REDIS_PREFIX must be set with REDIS_URL: name this deployment (production, staging…), the same on each of its processes, so deployments sharing one Redis never hear each other. Before this was required it was "board".');
  }
  const prefix = text || 'board';
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(prefix)) throw new Error(`REDIS_PREFIX must be 1 to 40 letters, digits, _ or -; got ${JSON.stringify(prefix)}`);
  return prefix;
}

/** SCHEDULER_TICK_SECONDS: a whole number of seconds from 1 to 60. */
export function tickSecondsFrom(value: string | undefined): number {
  const text = value?.trim() || '60';
  const n = Number(text);
  if (!/^\d{1,2}$/.test(text) || n < 1 || n > 60) throw new Error(`SCHEDULER_TICK_SECONDS must be a whole number of seconds from 1 to 60; got ${JSON.stringify(value)}`);
  return n;
}

/** DATABASE_URL: unset or empty is SQLite; anything else must be a postgres:// (or postgresql://) address. */
export function databaseUrlFrom(value: string | undefined): string | null {
  const text = value?.trim() ?? '';
  if (text === '') return null;
  if (!/^postgres(ql)?:\/\//.test(text)) throw new Error('DATABASE_URL must be a postgres:// address (unset it to use SQLite in DATA_DIR)');
  return text;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: numberFrom(env.PORT, 3000),
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl: databaseUrlFrom(env.DATABASE_URL),
    seedDemo: env.SEED_DEMO !== '0',
    demoPassword: env.DEMO_PASSWORD ?? 'demo',
    clientDir: path.resolve(env.CLIENT_DIR ?? './dist/client'),
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${numberFrom(env.PORT, 3000)}`).replace(/\/+$/, ''),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    sessionIdleMs: numberFrom(env.SESSION_IDLE_MINUTES, 120) * 60_000,
    sessionAbsoluteMs: numberFrom(env.SESSION_ABSOLUTE_HOURS, 12) * 3_600_000,
    secureCookies: env.SECURE_COOKIES === '1',
    trustProxy: trustProxyFrom(env.TRUST_PROXY),
    passwordHashCost: numberFrom(env.PASSWORD_HASH_COST, 16),
    chromiumPath: env.CHROMIUM_PATH?.trim() || '/usr/bin/chromium',
    smtpUrl: env.SMTP_URL?.trim() || null,
    mailFrom: env.MAIL_FROM?.trim() || 'Safeguarding partnership board <no-reply@localhost>',
    secretsKey: env.SECRETS_KEY?.trim() || null,
    ssoIssuers: (env.SSO_ALLOWED_ISSUERS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    redisUrl: env.REDIS_URL?.trim() || null,
    redisPrefix: redisPrefixFrom(env.REDIS_PREFIX, env.REDIS_URL?.trim() || null),
    schedulerTickSeconds: tickSecondsFrom(env.SCHEDULER_TICK_SECONDS),
    socketLimits: SOCKET_LIMITS,
    uploadIdleMs: EVIDENCE_LIMITS.uploadIdleMs,
    docUnloadMs: numberFrom(env.DOC_UNLOAD_MS, YJS_LIMITS.unloadAfterMs),
    clock: Date.now,
    log: (message, extra) => console.log(JSON.stringify({ at: new Date().toISOString(), message, ...extra })),
  };
}
