import { agencies, partnerships, people } from '../db/schema.js';
import type { AgencyKind } from '../../shared/domain/roles.js';
import { writeAudit } from './audit.js';
import { hashPassword } from './passwords.js';
import type { ServiceContext } from './context.js';

/** Creates a partnership with its first agency and administrator (provisioning, not a user action). */
export async function createPartnership(
  ctx: ServiceContext,
  input: { name: string; agency: { name: string; kind: AgencyKind }; admin: { name: string; email: string; password: string } },
): Promise<{ partnershipId: number; agencyId: number; adminId: number }> {
  const passwordHash = await hashPassword(input.admin.password, ctx.config.passwordHashCost);
  return ctx.database.transaction(() => {
    const partnershipId = ctx.db.insert(partnerships).values({ name: input.name }).returning().get().id;
    const agencyId = ctx.db.insert(agencies).values({ partnershipId, ...input.agency }).returning().get().id;
    const adminId = ctx.db
      .insert(people)
      .values({ partnershipId, agencyId, name: input.admin.name, email: input.admin.email.toLowerCase(), passwordHash, isPartnershipAdmin: true })
      .returning()
      .get().id;
    writeAudit(ctx, { partnershipId, actorId: null, action: 'partnership.create', entityType: 'partnership', entityId: partnershipId });
    return { partnershipId, agencyId, adminId };
  });
}
