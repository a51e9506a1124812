/**
 * Fails when a drizzle schema has changes that no migration covers, in either dialect: for each, runs
 * drizzle-kit generate into a scratch copy of its migrations folder and checks it produced nothing new.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DIALECTS, type Dialect } from './dialects.js';

function upToDate(d: Dialect): boolean {
  const scratch = mkdtempSync(path.join(tmpdir(), `migrations-${d.name}-`));
  try {
    cpSync(d.out, scratch, { recursive: true });
    const config = path.join(scratch, 'drizzle.config.mjs');
    // Relative: drizzle-kit 0.31 puts "./" before `out`, so an absolute one names a folder that is not there.
    const out = path.relative(process.cwd(), scratch);
    writeFileSync(config, `export default { dialect: ${JSON.stringify(d.dialect)}, schema: ${JSON.stringify(path.resolve(d.schema))}, out: ${JSON.stringify(out)} };`);
    const sqlFiles = () => readdirSync(scratch).filter((f) => f.endsWith('.sql')).length;
    const before = sqlFiles();
    // drizzle-kit prints its errors and still exits 0: only its own "no changes" counts as up to date.
    const output = execFileSync('npx', ['drizzle-kit', 'generate', '--config', config], { encoding: 'utf8', stdio: 'pipe' });
    if (sqlFiles() !== before) return false;
    if (!output.includes('No schema changes')) throw new Error(`drizzle-kit generate (${d.name}) neither wrote a migration nor found none due:\n${output}`);
    return true;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

let failed = false;
for (const d of DIALECTS) {
  if (upToDate(d)) {
    console.log(`migrations (${d.name}, ${d.out}/): up to date`);
  } else {
    failed = true;
    console.error(`migrations (${d.name}, ${d.out}/): ${d.schema} has changes without a migration. Run: npm run db:generate:${d.name} -- --name <what-changed>`);
  }
}
if (failed) process.exit(1);
