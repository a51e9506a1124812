/**
 * Fails when the drizzle schema has changes that no migration in drizzle/sqlite/ covers: runs drizzle-kit
 * generate into a scratch copy and checks it produced nothing new.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const scratch = mkdtempSync(path.join(tmpdir(), 'migrations-'));
try {
  cpSync('drizzle/sqlite', scratch, { recursive: true });
  const config = path.join(scratch, 'drizzle.config.mjs');
  writeFileSync(config, `export default { dialect: 'sqlite', schema: ${JSON.stringify(path.resolve('server/db/schema.ts'))}, out: ${JSON.stringify(scratch)} };`);
  const before = readdirSync(scratch).filter((f) => f.endsWith('.sql')).length;
  execFileSync('npx', ['drizzle-kit', 'generate', '--config', config], { stdio: 'pipe' });
  const after = readdirSync(scratch).filter((f) => f.endsWith('.sql')).length;
  if (after !== before) {
    console.error('The schema has changes without a migration. Run: npm run db:generate -- --name <what-changed>');
    process.exit(1);
  }
  console.log('migrations: up to date');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
