import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { YJS_CLOSE } from '../../shared/protocol/yjs.js';
import { toAppError, yjsCloseFor } from '../../server/core/errors.js';
import { fromPostgres } from '../../server/db/storage-trouble.js';
import { TokenBucket } from '../../server/core/token-bucket.js';

/** A real SqliteError, thrown by better-sqlite3 itself. */
function sqliteError(setup: (db: Database.Database) => void): unknown {
  const db = new Database(':memory:');
  db.exec('create table t (id integer primary key)');
  try {
    setup(db);
  } catch (err) {
    return err;
  } finally {
    db.close();
  }
  throw new Error('expected an error');
}

describe('one error mapper for every channel', () => {
  const readOnly = sqliteError((db) => {
    db.pragma('query_only = ON');
    db.exec('insert into t values (1)');
  });
  const constraint = sqliteError((db) => {
    db.exec('insert into t values (1)');
    db.exec('insert into t values (1)');
  });

  it('maps storage trouble to STORAGE_UNAVAILABLE, from the driver, a wrapper, or an extended code', () => {
    expect((readOnly as { code: string }).code).toBe('SQLITE_READONLY');
    for (const err of [readOnly, { cause: readOnly }, Object.assign(new Error('locked'), { code: 'SQLITE_BUSY' }), { code: 'SQLITE_BUSY_SNAPSHOT' }, { code: 'SQLITE_IOERR_WRITE' }, { code: 'SQLITE_FULL' }, { code: 'SQLITE_LOCKED' }]) {
      expect(toAppError(err)).toMatchObject({ code: 'STORAGE_UNAVAILABLE', status: 503, message: 'The server cannot save changes right now. Nothing was changed; try again shortly.' });
    }
  });

  it('reads a network failure as the storage\'s only when the database connection raised it', () => {
    const network = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:6379`), { code });
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']) {
      // Redis, mail or an identity provider failing is a bug to log, not "the server cannot save".
      expect(toAppError(network(code)).code).toBe('INTERNAL');
      expect(toAppError(fromPostgres(network(code)))).toMatchObject({ code: 'STORAGE_UNAVAILABLE', status: 503 });
      expect(toAppError({ cause: fromPostgres(network(code)) }).code).toBe('STORAGE_UNAVAILABLE');
    }
    expect(toAppError(new Error('Connection terminated unexpectedly')).code).toBe('INTERNAL');
    expect(toAppError(fromPostgres(new Error('Connection terminated unexpectedly'))).code).toBe('STORAGE_UNAVAILABLE');
    // PostgreSQL's SQLSTATEs for a server going away or refusing writes, and a bug's.
    expect(toAppError(fromPostgres(Object.assign(new Error('terminating connection'), { code: '57P01' }))).code).toBe('STORAGE_UNAVAILABLE');
    expect(toAppError(fromPostgres(Object.assign(new Error('read-only'), { code: '25006' }))).code).toBe('STORAGE_UNAVAILABLE');
    expect(toAppError(fromPostgres(Object.assign(new Error('duplicate key'), { code: '23505' }))).code).toBe('INTERNAL');
  });

  it('keeps a bug a bug: a constraint failure or anything unknown is INTERNAL', () => {
    expect((constraint as { code: string }).code).toMatch(/^SQLITE_CONSTRAINT/);
    expect(toAppError(constraint).code).toBe('INTERNAL');
    expect(toAppError(new TypeError('x is undefined')).code).toBe('INTERNAL');
    expect(toAppError({ status: 500 }).code).toBe('INTERNAL');
  });

  it('passes AppErrors through and reads body-parser and Express 4xx errors', () => {
    const own = new AppError('FORBIDDEN', 'No.');
    expect(toAppError(own)).toBe(own);
    expect(toAppError({ type: 'entity.parse.failed', status: 400 }).code).toBe('MALFORMED_JSON');
    expect(toAppError({ type: 'entity.too.large', status: 413 }).code).toBe('PAYLOAD_TOO_LARGE');
    expect(toAppError(Object.assign(new TypeError("Failed to decode param '%E0%A4%A'"), { status: 400 }))).toMatchObject({ code: 'BAD_REQUEST', status: 400 });
    expect(toAppError(new URIError('URI malformed')).code).toBe('BAD_REQUEST');
    expect(toAppError({ statusCode: 415, type: 'charset.unsupported' }).code).toBe('BAD_REQUEST');
    expect(toAppError({ status: 404 }).code).toBe('NOT_FOUND');
  });

  it('gives the Yjs close code: storage trouble is STORAGE_FAILED (transient), with a reason that fits a close frame', () => {
    expect(yjsCloseFor(readOnly)).toEqual({ code: YJS_CLOSE.STORAGE_FAILED, reason: 'The server cannot save changes right now. Nothing was changed; try again shortly.' });
    expect(yjsCloseFor(new AppError('VALIDATION_FAILED', 'Bad.')).code).toBe(YJS_CLOSE.MALFORMED);
    expect(yjsCloseFor(new AppError('FORBIDDEN', 'No.')).code).toBe(YJS_CLOSE.FORBIDDEN);
    expect(yjsCloseFor(new AppError('RATE_LIMITED', 'Slow down.')).code).toBe(YJS_CLOSE.RATE_LIMITED);
    expect(yjsCloseFor(new Error('bug')).code).toBe(1011);
    const long = yjsCloseFor(new AppError('VALIDATION_FAILED', 'é'.repeat(200)));
    expect(Buffer.byteLength(long.reason)).toBeLessThanOrEqual(123);
  });
});

describe('TokenBucket', () => {
  it('allows the burst, then the sustained rate, and says when the next token comes', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 3, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    expect(bucket.msUntilToken()).toBe(100);
    now += 100;
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    expect(bucket.msUntilFull()).toBe(300);
    now += 10_000;
    expect(bucket.msUntilFull()).toBe(0);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});
