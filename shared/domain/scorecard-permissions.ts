import { isOnlyObserver, takesPart } from './roles.js';
import type { Actor } from './permissions.js';

/**
 * Who may do what with the performance scorecard (issue 13). Everyone in the partnership reads it. Its
 * indicators (definitions, targets, tolerances, comparators) are set by an administrator or by the chair
 * or a vice-chair of any of its boards: the scorecard is the partnership's, not one board's. A value is
 * entered by the indicator's lead, by anyone of its owning agency who takes part in a board, by a chair,
 * or by an administrator. Observers change nothing.
 */

/** An indicator as its rights are decided: its partnership, owning agency and lead. */
export interface IndicatorFacts {
  partnershipId: number;
  agencyId: number | null;
  leadPersonId: number | null;
}

export function canReadScorecard(actor: Actor, partnershipId: number): boolean {
  return actor.partnershipId === partnershipId;
}

function mayChangeAnything(actor: Actor, partnershipId: number): boolean {
  return actor.partnershipId === partnershipId && (actor.isPartnershipAdmin || !isOnlyObserver(actor));
}

function chairsAnyBoard(actor: Actor, alsoVice: boolean): boolean {
  for (const role of actor.boardRoles.values()) if (role === 'chair' || (alsoVice && role === 'vice_chair')) return true;
  return false;
}

export function canDefineIndicators(actor: Actor, partnershipId: number): boolean {
  if (!mayChangeAnything(actor, partnershipId)) return false;
  return actor.isPartnershipAdmin || chairsAnyBoard(actor, true);
}

export function canEnterValues(actor: Actor, indicator: IndicatorFacts): boolean {
  if (!mayChangeAnything(actor, indicator.partnershipId)) return false;
  if (actor.isPartnershipAdmin || chairsAnyBoard(actor, false) || indicator.leadPersonId === actor.personId) return true;
  if (indicator.agencyId === null || indicator.agencyId !== actor.agencyId) return false;
  for (const role of actor.boardRoles.values()) if (takesPart(role)) return true;
  return false;
}
