import type { AgencyKind } from '../../../shared/domain/roles.js';
import { hashPassword } from '../auth/index.js';
import type { ServiceContext } from '../../core/context.js';
import { PeopleRepository } from './people-repo.js';

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
 * action: the operator's `partnership:create`, the demo, tests), in one unit of work. Nothing is
 * notified or announced: the operator's tool runs in a process of its own.
 */
export async function createPartnership(ctx: ServiceContext, input: NewPartnership): Promise<CreatedPartnership> {
  const passwordHash = input.admin.password === undefined ? null : await hashPassword(input.admin.password, ctx.config.passwordHashCost);
  return new PeopleRepository(ctx, null).createPartnership(input, passwordHash);
}
