/**
 * The two databases the product runs on, each with its drizzle schema, its migrations folder and its
 * drizzle-kit config: the migrations of both are made from the one change (npm run db:generate).
 */
export interface Dialect {
  name: 'sqlite' | 'pg';
  /** drizzle-kit's name for it. */
  dialect: 'sqlite' | 'postgresql';
  schema: string;
  out: string;
  config: string;
}

export const DIALECTS: readonly Dialect[] = [
  { name: 'sqlite', dialect: 'sqlite', schema: 'server/db/schema.ts', out: 'drizzle/sqlite', config: 'drizzle.config.ts' },
  { name: 'pg', dialect: 'postgresql', schema: 'server/db/pg/schema.ts', out: 'drizzle/pg', config: 'drizzle.pg.config.ts' },
];
