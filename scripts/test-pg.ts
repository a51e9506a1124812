/**
 * `npm run test:pg [-- <vitest filters>]`: the integration, sync and security suites with every test
 * server on a real PostgreSQL, which this starts itself (Debian's postgresql: initdb and pg_ctl, on a
 * free port, in a temporary directory) and removes afterwards. The demo partnership is seeded once
 * into a template database; each test server gets a copy of its own (test/helpers/pg-databases.ts).
 * The Redis the cluster tests need they start themselves.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { postgresMissing, startPostgres } from '../test/helpers/postgres.js';

const SUITES = ['test/integration', 'test/sync', 'test/security'];
const TEMPLATE = 'board_template';

if (postgresMissing) {
  process.stderr.write(`test:pg: ${postgresMissing}\n`);
  process.exit(1);
}
const postgres = await startPostgres();
let child: ChildProcess | null = null;
let stopping: Promise<void> | null = null;
const stop = () => (stopping ??= postgres.stop());
// Stopped however the run ends, Ctrl-C included: the tests first, then the database under them.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    child?.kill(signal);
    void stop().then(() => process.exit(130));
  });
}
const env = { ...process.env, TEST_DATABASE_URL: postgres.url };
try {
  // Seeded in a process of its own, which loads the server as the tests do (tsx) and then ends.
  await run([process.execPath, '--import', 'tsx', '-e', `const { seedTemplate } = await import('./test/helpers/seed-template.ts'); await seedTemplate(${JSON.stringify(TEMPLATE)}); process.exit(0);`], env);
  const filters = process.argv.slice(2);
  process.exitCode = await run([process.execPath, 'node_modules/vitest/vitest.mjs', 'run', ...(filters.length > 0 ? filters : SUITES)], { ...env, TEST_DATABASE_TEMPLATE: TEMPLATE });
} finally {
  await stop();
}

function run([command, ...args]: string[], environment: NodeJS.ProcessEnv): Promise<number> {
  child = spawn(command!, args, { stdio: 'inherit', env: environment });
  return new Promise<number>((resolve) => child!.once('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))));
}
