import type { BoardCapabilities, Capabilities } from '../schemas/auth.js';
import { canRunMeeting, canUpdateAction } from './meetings.js';
import { isOnlyObserver, takesPart, type BoardRole } from './roles.js';
import { canDefineIndicators } from './scorecard-permissions.js';

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

export { isOnlyObserver };

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

/** A board of the actor's partnership, for the rules that need no more about it. */
export interface BoardFacts {
  partnershipId: number;
  boardId: number;
}

/**
 * Scheduling a board's meetings (and setting its quorum rule) is its chair's, or an administrator's: a
 * vice-chair runs only a meeting the chair is recorded as away from, and a deputy never chairs.
 */
export function canScheduleMeeting(actor: Actor, board: BoardFacts): boolean {
  return canRunMeeting(actor, board);
}

/** A challenge is raised at a board by those who take part in its business (a deputy too), or an administrator. */
export function canRaiseChallenge(actor: Actor, board: BoardFacts): boolean {
  if (actor.partnershipId !== board.partnershipId) return false;
  return actor.isPartnershipAdmin || takesPart(actor.boardRoles.get(board.boardId));
}

/** What the actor may do at one board: the server's own rules, each asked once. */
export function boardCapabilities(actor: Actor, board: BoardFacts): BoardCapabilities {
  const record = { ...board, escalatedToBoardId: null, ownerId: null, leadAgencyId: null, mitigationOwnerIds: [] };
  return {
    boardId: board.boardId,
    takePart: actor.partnershipId === board.partnershipId && takesPart(actor.boardRoles.get(board.boardId)),
    schedule: canScheduleMeeting(actor, board),
    runWhenChairAway: canRunMeeting(actor, { ...board, chairAway: true }),
    raiseChallenge: canRaiseChallenge(actor, board),
    createRisk: canCommandRisk(actor, 'create', record),
    // Someone else's action (no person has id 0): what is left of canUpdateAction once ownership is set aside.
    updateAnyAction: canUpdateAction(actor, { ...board, ownerId: 0 }),
  };
}

/** Whether the person may import a spreadsheet at all: an administrator, or someone who takes part on a board (each row is then decided as its own edit would be). */
export function canImport(actor: Actor): boolean {
  return actor.isPartnershipAdmin || [...actor.boardRoles.values()].some(takesPart);
}

/**
 * What the actor may do in their partnership, for /api/auth/me. `boardIds` are the boards to answer
 * for: every board of the partnership for an administrator, the boards they sit on for anyone else
 * (elsewhere they may do nothing). Boards where they may do nothing at all are left out.
 */
export function capabilities(actor: Actor, boardIds: readonly number[]): Capabilities {
  const boards = boardIds
    .map((boardId) => boardCapabilities(actor, { partnershipId: actor.partnershipId, boardId }))
    .filter((b) => b.takePart || b.schedule || b.runWhenChairAway || b.raiseChallenge || b.createRisk || b.updateAnyAction);
  return {
    administer: canAdministerPartnership(actor, actor.partnershipId),
    raiseChallenge: boards.some((b) => b.raiseChallenge),
    createRisk: boards.some((b) => b.createRisk),
    defineIndicators: canDefineIndicators(actor, actor.partnershipId),
    importRecords: canImport(actor),
    boards,
  };
}

/** Nothing at all: someone whose authority could not be read. */
export const NO_CAPABILITIES: Capabilities = { administer: false, raiseChallenge: false, createRisk: false, defineIndicators: false, importRecords: false, boards: [] };

/** The capabilities at one board, from the server's answer: nothing where it lists none. */
export function capabilitiesAt(caps: Capabilities, boardId: number): BoardCapabilities {
  return (
    caps.boards.find((b) => b.boardId === boardId) ?? {
      boardId,
      takePart: false,
      schedule: false,
      runWhenChairAway: false,
      raiseChallenge: false,
      createRisk: false,
      updateAnyAction: false,
    }
  );
}
