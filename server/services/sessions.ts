import { createHash, randomBytes } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import { sessions } from '../db/schema.js';
import type { ServiceContext } from './context.js';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function createSession(ctx: ServiceContext, personId: number): { token: string; expiresAt: number } {
  const token = newToken();
  const now = ctx.clock();
  const expiresAt = now + ctx.config.sessionAbsoluteMs;
  ctx.db.insert(sessions).values({ tokenHash: hashToken(token), personId, createdAt: now, lastSeenAt: now, expiresAt }).run();
  return { token, expiresAt };
}

export type SessionLookup = { personId: number; tokenHash: string } | { expired: true } | null;

/**
 * Resolves a cookie's token. A session ends at its absolute expiry or after the idle period; each
 * use slides the idle window (written at most once a minute to spare the disk).
 */
export function resolveSession(ctx: ServiceContext, token: string | undefined): SessionLookup {
  if (!token) return null;
  const tokenHash = hashToken(token);
  const row = ctx.db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)).get();
  if (!row) return null;
  const now = ctx.clock();
  if (now >= row.expiresAt || now - row.lastSeenAt >= ctx.config.sessionIdleMs) {
    try {
      ctx.db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
    } catch {
      // An unwritable database must not turn an expired session into a server error.
    }
    return { expired: true };
  }
  if (now - row.lastSeenAt > 60_000) touch(ctx, tokenHash, now);
  return { personId: row.personId, tokenHash };
}

export function endSession(ctx: ServiceContext, tokenHash: string): void {
  ctx.db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run();
}

export function endSessionsOf(ctx: ServiceContext, personId: number): void {
  ctx.db.delete(sessions).where(eq(sessions.personId, personId)).run();
}

export function purgeExpiredSessions(ctx: ServiceContext): void {
  ctx.db.delete(sessions).where(lt(sessions.expiresAt, ctx.clock())).run();
}

/**
 * For long-lived connections: is the session behind them still alive? Slides the idle window only when
 * the connection has been used since the last check, so an open but untouched tab still times out.
 */
export function sessionStillValid(ctx: ServiceContext, tokenHash: string, used: boolean): boolean {
  const row = ctx.db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)).get();
  if (!row) return false;
  const now = ctx.clock();
  if (now >= row.expiresAt) return false;
  if (used) {
    touch(ctx, tokenHash, now);
    return true;
  }
  return now - row.lastSeenAt < ctx.config.sessionIdleMs;
}

/** Slides the idle window. Best effort: while the database refuses writes, reads keep working. */
function touch(ctx: ServiceContext, tokenHash: string, now: number): void {
  try {
    ctx.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash)).run();
  } catch {
    // The next successful check slides it; the session stays valid meanwhile.
  }
}
