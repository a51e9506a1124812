/** `npm run partnership:create -- …` and `npm run partnership:list`; see server/cli/partnerships.ts. */
import { configFromEnv } from '../server/config.js';
import { runPartnershipCli } from '../server/cli/partnerships.js';

const result = await runPartnershipCli(process.argv.slice(2), configFromEnv());
for (const line of result.out) (result.code === 0 ? process.stdout : process.stderr).write(`${line}\n`);
process.exitCode = result.code;
