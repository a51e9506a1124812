import { parseArgs } from 'node:util';
import { count, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServerConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { openPgDatabase } from '../db/pg-client.js';
import { boards, partnerships, people, risks } from '../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { Email, Name } from '../../shared/schemas/common.js';
import { parse } from '../../shared/validate.js';
import { serviceContext, type ServiceContext } from '../core/context.js';
import { createPartnership } from '../features/admin/partnerships.js';
import { DomainBus } from '../bus.js';

/**
 * The operator's tool for tenants: `create` makes an empty partnership with its first administrator
 * and prints one JSON line (the invitation link for that administrator); `list` prints one JSON line
 * per partnership. Runs against the same DATA_DIR as the server, which may be running.
 */
export interface CliResult {
  code: number;
  out: string[];
}

const CreateArgs = z.object({
  name: Name,
  'admin-email': Email,
  'admin-name': Name.optional(),
  'agency-name': Name.optional(),
});

const USAGE = 'Usage: npm run partnership:create -- --name "<name>" --admin-email <email> [--admin-name "<name>"] [--agency-name "<agency>"]\n       npm run partnership:list';

export async function runPartnershipCli(argv: string[], config: ServerConfig): Promise<CliResult> {
  const [command, ...rest] = argv;
  if (command !== 'create' && command !== 'list') return { code: 2, out: [USAGE] };
  const database = config.databaseUrl ? await openPgDatabase(config.databaseUrl) : openDatabase(config.dataDir);
  // Nobody is connected to this process: ending sessions or changing seats has no one to tell here.
  const ctx = serviceContext(database, config, new DomainBus());
  try {
    return command === 'create' ? await create(ctx, rest) : { code: 0, out: (await list(ctx)) };
  } catch (err) {
    if (err instanceof AppError) return { code: 1, out: [JSON.stringify(err.toBody())] };
    // An unknown or valueless option: say how the tool is used.
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return { code: 2, out: [String((err as Error).message), USAGE] };
    throw err;
  } finally {
    await database.close();
  }
}

async function create(ctx: ServiceContext, argv: string[]): Promise<CliResult> {
  const { values } = parseArgs({
    args: argv,
    options: { name: { type: 'string' }, 'admin-email': { type: 'string' }, 'admin-name': { type: 'string' }, 'agency-name': { type: 'string' } },
    strict: true,
  });
  const args = parse(CreateArgs, values);
  const email = args['admin-email'];
  const created = await createPartnership(ctx, {
    name: args.name,
    // The partnership's own team (its business unit) holds the first administrator; the admin adds
    // the police, health, schools and council agencies next.
    agency: { name: args['agency-name'] ?? `${args.name} business unit`, kind: 'safeguarding_board' },
    admin: { name: args['admin-name'] ?? email.split('@')[0]!, email },
  });
  const invitationUrl = created.invitation ? `${ctx.config.publicUrl}/invite/${created.invitation.token}` : null;
  const line: Record<string, unknown> = { partnershipId: created.partnershipId, invitationUrl };
  // An e-mail that already has an account is linked: that person signs in with their own password.
  if (created.linked) line.linkedExistingAccount = true;
  return { code: 0, out: [JSON.stringify(line)] };
}

async function list(ctx: ServiceContext): Promise<string[]> {
  const tally = async (table: typeof people | typeof boards | typeof risks, partnershipId: number) =>
    (await ctx.db.select({ n: count() }).from(table).where(eq(table.partnershipId, partnershipId)).get())!.n;
  const rows = await ctx.db.select().from(partnerships).orderBy(partnerships.id).all();
  return Promise.all(rows.map(async (p) => JSON.stringify({ partnershipId: p.id, name: p.name, createdAt: p.createdAt, people: (await tally(people, p.id)), boards: (await tally(boards, p.id)), risks: (await tally(risks, p.id)) })));
}
