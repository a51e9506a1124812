/**
 * `npm run test:pg [-- <vitest filters>]`: the integration, sync and security suites with every test
 * server on a real PostgreSQL, which this starts itself (Debian's postgresql: initdb and pg_ctl, on a
 * free port, in a temporary directory) and removes afterwards. Each test server gets a database of its
 * own there (test/helpers/pg-databases.ts). The Redis the cluster tests need they start themselves.
 */
import { spawn } from 'node:child_process';
import { postgresMissing, startPostgres } from '../test/helpers/postgres.js';

const SUITES = ['test/integration', 'test/sync', 'test/security'];

if (postgresMissing) {
  process.stderr.write(`test:pg: ${postgresMissing}\n`);
  process.exit(1);
}
const postgres = await startPostgres();
let stopping: Promise<void> | null = null;
const stop = () => (stopping ??= postgres.stop());
// Stopped however the run ends: Ctrl-C included.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().then(() => process.exit(130)));
const filters = process.argv.slice(2);
const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...(filters.length > 0 ? filters : SUITES)], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL: postgres.url },
});
const code = await new Promise<number>((resolve) => child.once('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))));
await stop();
process.exitCode = code;
