import { defineConfig } from 'drizzle-kit';

/** PostgreSQL's migrations (DATABASE_URL=postgres://…), from the mirror of the SQLite schema. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/db/pg/schema.ts',
  out: './drizzle/pg',
});
