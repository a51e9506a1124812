import { partnerships } from '../../db/schema.js';
import type { AgencyKind } from '../../../shared/domain/roles.js';
import { agencies } from '../../db/schema.js';
import { addPersonRow } from '../auth/index.js';
import { writeAudit } from '../../core/audit.js';
import { hashPassword } from '../auth/index.js';
import { newInvitation } from './people.js';
import type { ServiceContext } from '../../core/context.js';

export interface NewPartnership {
  name: string;
  agency: { name: string; kind: AgencyKind };
  /** Without a password the administrator is sent an invitation link (the operator's tool does this). */
  admin: { name: string; email: string; password?: string };
}

export interface CreatedPartnership {
  partnershipId: number;
  agencyId: number;
  adminId: number;
  /** The administrator's e-mail already had an account, now linked (it keeps its password). */
  linked: boolean;
  invitation: { token: string; expiresAt: number } | null;
}

/**
 * Creates an empty partnership with its first agency and administrator (provisioning, not a user
 * action: the operator's `partnership:create`, the demo, tests).
 */
export async function createPartnership(ctx: ServiceContext, input: NewPartnership): Promise<CreatedPartnership> {
  const passwordHash = input.admin.password === undefined ? null : await hashPassword(input.admin.password, ctx.config.passwordHashCost);
  return ctx.database.transaction(() => {
    const partnershipId = ctx.db.insert(partnerships).values({ name: input.name }).returning().get().id;
    const agencyId = ctx.db.insert(agencies).values({ partnershipId, ...input.agency }).returning().get().id;
    const { person, linked } = addPersonRow(ctx, { partnershipId, agencyId, name: input.admin.name, email: input.admin.email, jobTitle: null, isPartnershipAdmin: true, passwordHash });
    writeAudit(ctx, { partnershipId, actorId: null, action: 'partnership.create', entityType: 'partnership', entityId: partnershipId, detail: { name: input.name, admin: input.admin.email } });
    const invitation = linked || passwordHash !== null ? null : newInvitation(ctx, person.id, null);
    return { partnershipId, agencyId, adminId: person.id, linked, invitation };
  });
}
