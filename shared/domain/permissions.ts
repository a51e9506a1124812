import { takesPart, type BoardRole } from './roles.js';

/**
 * Who someone is, as far as authority goes. Built by the server from the database for each request
 * or connection; the client builds the same from /api/auth/me only to hide controls.
 */
export interface Actor {
  personId: number;
  partnershipId: number;
  agencyId: number;
  isPartnershipAdmin: boolean;
  /** Board id → role. A named deputy is given the role of the member they stand in for (a chair's or vice-chair's deputy: member). */
  boardRoles: ReadonlyMap<number, BoardRole>;
}

export type Access = 'none' | 'read' | 'edit';

export function canAdministerPartnership(actor: Actor, partnershipId: number): boolean {
  return actor.partnershipId === partnershipId && actor.isPartnershipAdmin;
}

export function canSeePartnership(actor: Actor, partnershipId: number): boolean {
  return actor.partnershipId === partnershipId;
}

export function isChairOf(actor: Actor, boardId: number): boolean {
  return actor.boardRoles.get(boardId) === 'chair';
}

/** The facts about one risk that decide who may edit it. */
export interface RiskAccessFacts {
  partnershipId: number;
  boardId: number;
  /** Once escalated, the risk sits at the receiving board too. */
  escalatedToBoardId: number | null;
  ownerId: number | null;
  leadAgencyId: number | null;
  mitigationOwnerIds: readonly number[];
  /** A closed risk is on the record as it was closed: read-only for everyone until it is reopened. */
  status?: 'open' | 'closed';
  /**
   * Boards holding an in-progress meeting whose agenda links this risk, at which the person attends.
   * Only the risk's own board and the board it is escalated to lend their members the right to edit
   * (see lendsEdit); any other board may discuss the risk, read-only.
   */
  liveMeetingBoardIds?: readonly number[];
}

/**
 * Whether a live meeting of `meetingBoardId` may lend edit rights on a record held by `boardId` (and
 * escalated to `escalatedToBoardId`): only a board that already sees the record as a board, its own
 * register or what is escalated to it. Otherwise a chair could put any record on their own agenda,
 * start a meeting and lend themselves the right to rewrite it.
 */
export function lendsEdit(meetingBoardId: number, record: { boardId: number; escalatedToBoardId: number | null }): boolean {
  return meetingBoardId === record.boardId || (record.escalatedToBoardId !== null && meetingBoardId === record.escalatedToBoardId);
}

/**
 * The register's single edit-right rule. Everyone in the partnership reads its register; editing is
 * for the risk's owner, its mitigations' owners, its lead agency, the chair of its board (and of the
 * board it is escalated to), partnership admins, and, during a live meeting on it of the risk's board
 * or the board it is escalated to, that board's members present. Observers never edit.
 */
export function riskAccess(actor: Actor, risk: RiskAccessFacts): Access {
  if (actor.partnershipId !== risk.partnershipId) return 'none';
  if (risk.status === 'closed') return 'read';
  if (actor.isPartnershipAdmin) return 'edit';
  const roleHere = actor.boardRoles.get(risk.boardId);
  if (roleHere === 'observer') return 'read';
  if (isOnlyObserver(actor)) return 'read';
  if (roleHere === 'chair') return 'edit';
  if (risk.escalatedToBoardId !== null && isChairOf(actor, risk.escalatedToBoardId)) return 'edit';
  if (risk.ownerId === actor.personId) return 'edit';
  if (risk.mitigationOwnerIds.includes(actor.personId)) return 'edit';
  if (risk.leadAgencyId !== null && risk.leadAgencyId === actor.agencyId) return 'edit';
  for (const boardId of risk.liveMeetingBoardIds ?? []) {
    if (!lendsEdit(boardId, risk)) continue;
    if (takesPart(actor.boardRoles.get(boardId))) return 'edit';
  }
  return 'read';
}

/** Someone who sits on boards only as an observer (a DfE participant observer, say) never edits. */
export function isOnlyObserver(actor: Actor): boolean {
  if (actor.isPartnershipAdmin || actor.boardRoles.size === 0) return false;
  for (const role of actor.boardRoles.values()) if (role !== 'observer') return false;
  return true;
}

export type RiskCommand = 'create' | 'close' | 'reopen' | 'escalate' | 'deescalate' | 'changeOwner';

export type RiskCommandFacts = RiskAccessFacts;

/**
 * Who may move a risk through its life. Closing and reopening are the board's decision (its chair),
 * escalating to the parent board is the chair's (the board's decision, with a reason), taking it back down is the receiving board's chair's, and the
 * owner may be changed by the chair or handed on by the owner. Admins may do all of it.
 */
export function canCommandRisk(actor: Actor, command: RiskCommand, risk: RiskCommandFacts): boolean {
  if (actor.partnershipId !== risk.partnershipId) return false;
  if (actor.isPartnershipAdmin) return true;
  if (isOnlyObserver(actor)) return false;
  const chairHere = isChairOf(actor, risk.boardId);
  const chairAbove = risk.escalatedToBoardId !== null && isChairOf(actor, risk.escalatedToBoardId);
  const isOwner = risk.ownerId === actor.personId;
  switch (command) {
    case 'create':
      return takesPart(actor.boardRoles.get(risk.boardId));
    case 'close':
    case 'reopen':
      return chairHere || chairAbove;
    case 'escalate':
      return chairHere;
    case 'deescalate':
      return chairAbove || chairHere;
    case 'changeOwner':
      return chairHere || chairAbove || isOwner;
  }
}
