import type { people } from '../../db/schema.js';
import type { PersonView } from '../../../shared/schemas/admin.js';

/** How administration rows are shown and compared: views for the API, and the changed part of a patch for the audit trail. */

/** A person as the admin pages list them; `active` once their account has a password. */
export function toPersonView(
  p: typeof people.$inferSelect,
  agencyName: string,
  account: { email: string; passwordHash: string | null },
  sharedAccount: boolean,
): PersonView {
  return {
    id: p.id,
    name: p.name,
    email: account.email,
    jobTitle: p.jobTitle,
    agencyId: p.agencyId,
    agencyName,
    isPartnershipAdmin: p.isPartnershipAdmin,
    disabled: p.disabled,
    active: account.passwordHash !== null,
    sharedAccount,
  };
}

/** The part of a patch that differs from the row, so the audit trail never says "X → X". */
export function changedOnly<T extends object>(row: object, patch: T): Partial<T> {
  const source = row as Record<string, unknown>;
  return Object.fromEntries(Object.entries(patch).filter(([k, v]) => source[k] !== v)) as Partial<T>;
}

/** The listed fields of a row, for the before side of an audit entry. */
export function pick(row: object, keys: string[]): Record<string, unknown> {
  const source = row as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, source[k]]));
}
