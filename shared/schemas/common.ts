import { z } from 'zod';
import { LIMITS } from '../limits.js';

export const Id = z.coerce.number().int().positive();
export const Name = z.string().trim().min(1, 'Required').max(LIMITS.nameMax);
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(LIMITS.emailMax)
  .pipe(z.email('Enter an email address like name@example.org'));
export const IsoDateTime = z.string();

export const PartnershipParams = z.object({ partnershipId: Id });
export const BoardParams = PartnershipParams.extend({ boardId: Id });
export const AgencyParams = PartnershipParams.extend({ agencyId: Id });
export const PersonParams = PartnershipParams.extend({ personId: Id });
export const MembershipParams = BoardParams.extend({ membershipId: Id });

export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  entityType: z.string().max(40).optional(),
});
