import type { Clock, ServerConfig } from '../config.js';
import type { Database_, Db } from '../db/client.js';
import type { DomainBus } from '../bus.js';
import { Secrets } from './secrets.js';
import type { ScriptRunner } from './shared-counters.js';

/** What every service needs: the database and the clock. Built once in the composition root. */
export interface ServiceContext {
  database: Database_;
  /** database.db: the open transaction's connection inside one, else the read-only one. */
  readonly db: Db;
  clock: Clock;
  config: ServerConfig;
  /** Where services announce what changed (see DomainEventMap); transports and notifications subscribe. */
  bus: DomainBus;
  /** Seals secrets kept in the database and signs links (SECRETS_KEY). */
  secrets: Secrets;
  /** Redis when REDIS_URL is set: limits every process must count together (shared-counters.ts); null keeps them in memory. */
  sharedCounters: ScriptRunner | null;
}

/**
 * The one way to build a ServiceContext: `db` must be read at each use (inside a transaction it is that
 * transaction's connection), so it is a getter, never a value taken once; a copy taken outside would
 * read only committed rows, missing the transaction's own writes.
 */
export function serviceContext(database: Database_, config: ServerConfig, bus: DomainBus, sharedCounters: ScriptRunner | null = null): ServiceContext {
  return {
    database,
    get db() {
      return database.db;
    },
    clock: config.clock,
    config,
    bus,
    secrets: Secrets.fromConfig(config),
    sharedCounters,
  };
}

export function isoAt(clock: Clock): string {
  return new Date(clock()).toISOString();
}

/** How long the health check waits for the database: a server over the network may not answer at all. */
const HEALTH_QUERY_MS = 3000;

/** For the health check: the database answers a query, in time. */
export async function databaseAnswers(ctx: ServiceContext): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), HEALTH_QUERY_MS);
  });
  try {
    return await Promise.race([ctx.database.sql.get('select 1 as ok').then((row) => row !== undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}
