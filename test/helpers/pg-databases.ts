import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';

/*
 * With TEST_DATABASE_URL set (npm run test:pg sets it to a throwaway PostgreSQL), every test server
 * runs on a database of its own there, as each runs on a SQLite file of its own otherwise. A server
 * given a data directory gets the database named after it, so a test that restarts a server over the
 * same directory finds the same records. Unset, nothing here is used.
 */
export const testDatabaseUrl: string | null = process.env.TEST_DATABASE_URL || null;

/** The URL of database `name` on the test PostgreSQL. */
export function databaseUrl(name: string): string {
  const url = new URL(testDatabaseUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The database that stands for a data directory. */
export function databaseNameFor(dataDir: string): string {
  return `t_${createHash('sha1').update(dataDir).digest('hex').slice(0, 20)}`;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl! });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function databaseExists(name: string): Promise<boolean> {
  return admin(async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1);
}

/**
 * Creates database `name`, empty or as a copy of `template`. A template may still be held a moment
 * by the connections of the server that made it: its copy is tried again until they are gone.
 */
export async function createDatabase(name: string, template?: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin((c) => c.query(`create database "${name}"${template ? ` template "${template}"` : ''}`));
      return;
    } catch (err) {
      const busy = /being accessed by other users/.test(String(err));
      if (!busy || attempt >= 50) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** A name no other test worker will take. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}
