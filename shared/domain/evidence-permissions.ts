import type { Actor } from './permissions.js';
import { takesPart } from './roles.js';

/**
 * Who may do what with the evidence store (issue 12 §4). Every member of the partnership reads its
 * evidence and downloads its files. Anyone who takes part in a board of it (chair, vice-chair, member,
 * or a deputy standing in for one) adds evidence, as does an administrator; observers only read. An
 * item is changed or removed by whoever added it (while they still take part), a board's chair, or an
 * administrator.
 */

/** The facts of one evidence item that decide who may change it. */
export interface EvidenceFacts {
  partnershipId: number;
  addedById: number;
}

export function canReadEvidence(actor: Actor, partnershipId: number): boolean {
  return actor.partnershipId === partnershipId;
}

export function canAddEvidence(actor: Actor, partnershipId: number): boolean {
  if (actor.partnershipId !== partnershipId) return false;
  if (actor.isPartnershipAdmin) return true;
  for (const role of actor.boardRoles.values()) if (takesPart(role)) return true;
  return false;
}

export function canEditEvidence(actor: Actor, item: EvidenceFacts): boolean {
  if (actor.partnershipId !== item.partnershipId) return false;
  if (actor.isPartnershipAdmin) return true;
  for (const role of actor.boardRoles.values()) if (role === 'chair') return true;
  return item.addedById === actor.personId && canAddEvidence(actor, item.partnershipId);
}
