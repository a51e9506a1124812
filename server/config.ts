import path from 'node:path';

export type Clock = () => number;

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  seedDemo: boolean;
  demoPassword: string;
  /** Where the built client lives; absent in tests that only need the API. */
  clientDir: string | null;
  /** Origins besides the server's own that may make cookie-authenticated requests. */
  allowedOrigins: string[];
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  secureCookies: boolean;
  /** log2 of scrypt's N for new password hashes. */
  passwordHashCost: number;
  clock: Clock;
  log: (message: string, extra?: Record<string, unknown>) => void;
}

function numberFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`Expected a number, got "${value}"`);
  return n;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: numberFrom(env.PORT, 3000),
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    seedDemo: env.SEED_DEMO !== '0',
    demoPassword: env.DEMO_PASSWORD ?? 'demo',
    clientDir: path.resolve(env.CLIENT_DIR ?? './dist/client'),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    sessionIdleMs: numberFrom(env.SESSION_IDLE_MINUTES, 120) * 60_000,
    sessionAbsoluteMs: numberFrom(env.SESSION_ABSOLUTE_HOURS, 12) * 3_600_000,
    secureCookies: env.SECURE_COOKIES === '1',
    passwordHashCost: numberFrom(env.PASSWORD_HASH_COST, 16),
    clock: Date.now,
    log: (message, extra) => console.log(JSON.stringify({ at: new Date().toISOString(), message, ...extra })),
  };
}
