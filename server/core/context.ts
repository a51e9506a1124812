import type { Clock, ServerConfig } from '../config.js';
import type { Database_, Db } from '../db/client.js';
import type { DomainBus } from '../bus.js';
import type { Secrets } from './secrets.js';

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
}

export function isoAt(clock: Clock): string {
  return new Date(clock()).toISOString();
}

/** For the health check: the database answers a query. */
export function databaseAnswers(ctx: ServiceContext): boolean {
  return ctx.database.raw.prepare('select 1 as ok').get() !== undefined;
}
