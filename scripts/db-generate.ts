/**
 * `npm run db:generate -- --name <what-changed>`: drizzle-kit generate for SQLite, then for PostgreSQL,
 * each given the same arguments. A change to the schema is made on both sides (server/db/schema*.ts and
 * server/db/pg/), so it is migrated on both; one dialect alone: npm run db:generate:sqlite / :pg.
 */
import { execFileSync } from 'node:child_process';
import { DIALECTS } from './dialects.js';

for (const d of DIALECTS) {
  console.log(`--- ${d.name} (${d.out}/)`);
  execFileSync('npx', ['drizzle-kit', 'generate', '--config', d.config, ...process.argv.slice(2)], { stdio: 'inherit' });
}
