/** `npm run db:copy -- --from sqlite:… --to postgres://…`; see server/cli/db-copy.ts. */
import { runDbCopyCli } from '../server/cli/db-copy.js';

const result = await runDbCopyCli(process.argv.slice(2));
for (const line of result.out) (result.code === 0 ? process.stdout : process.stderr).write(`${line}\n`);
process.exitCode = result.code;
