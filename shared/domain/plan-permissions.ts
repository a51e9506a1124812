import { takesPart } from './roles.js';
import { isOnlyObserver, type Actor } from './permissions.js';

/**
 * Who may do what with an improvement plan (issue 12). Everyone in the partnership reads its plans and
 * its inspection recommendations. The board that owns a plan runs it: its chair and vice-chairs (and
 * partnership administrators) shape it — the plan, its themes, objectives, actions and the
 * recommendations they answer. An objective's RAG is its lead's call, or the owning board's chair's;
 * an action's status and progress are reported by its lead officers, the objective's lead or the
 * chair. Observers change nothing, whatever else they are named as.
 */

/** The plan a record belongs to: its partnership and the board that owns it. */
export interface PlanFacts {
  partnershipId: number;
  boardId: number;
}

export interface ObjectiveFacts extends PlanFacts {
  leadPersonId: number | null;
}

export interface PlanActionFacts extends ObjectiveFacts {
  leadOfficerIds: readonly number[];
}

export function canReadPlans(actor: Actor, partnershipId: number): boolean {
  return actor.partnershipId === partnershipId;
}

/** Someone who may change anything of a plan at all: of its partnership, and no observer of its board nor only an observer anywhere. */
function mayChangeAnything(actor: Actor, plan: PlanFacts): boolean {
  if (actor.partnershipId !== plan.partnershipId) return false;
  if (actor.isPartnershipAdmin) return true;
  return actor.boardRoles.get(plan.boardId) !== 'observer' && !isOnlyObserver(actor);
}

/** The owning board's chair or a vice-chair, or an administrator: creating a plan at a board, and its structure. */
export function canShapePlan(actor: Actor, plan: PlanFacts): boolean {
  if (!mayChangeAnything(actor, plan)) return false;
  const role = actor.boardRoles.get(plan.boardId);
  return actor.isPartnershipAdmin || role === 'chair' || role === 'vice_chair';
}

/**
 * Inspection recommendations are the partnership's, not one plan's: an administrator, or the chair
 * or a vice-chair of a board that owns one of its plans (`planBoardIds`).
 */
export function canShapeRecommendations(actor: Actor, partnershipId: number, planBoardIds: readonly number[]): boolean {
  if (actor.partnershipId !== partnershipId) return false;
  if (actor.isPartnershipAdmin) return true;
  return planBoardIds.some((boardId) => canShapePlan(actor, { partnershipId, boardId }));
}

/** An objective's RAG: its lead, the owning board's chair, or an administrator. */
export function canSetRag(actor: Actor, objective: ObjectiveFacts): boolean {
  if (!mayChangeAnything(actor, objective)) return false;
  if (actor.isPartnershipAdmin) return true;
  return objective.leadPersonId === actor.personId || actor.boardRoles.get(objective.boardId) === 'chair';
}

/** An action's status and progress: its lead officers, the objective's lead, the owning board's chair, or an administrator. */
export function canReportProgress(actor: Actor, action: PlanActionFacts): boolean {
  if (!mayChangeAnything(actor, action)) return false;
  if (actor.isPartnershipAdmin) return true;
  return action.leadOfficerIds.includes(actor.personId) || action.leadPersonId === actor.personId || actor.boardRoles.get(action.boardId) === 'chair';
}

/** An objective as its co-edited progress doc is decided: its plan, its lead, its actions' lead officers. */
export interface ObjectiveTextFacts extends ObjectiveFacts {
  actions: readonly { id: number; leadOfficerIds: readonly number[] }[];
  /**
   * Boards holding an in-progress meeting whose agenda links this objective, at which the person is
   * present (or a member's named deputy). Only the plan's own board lends its members the pen.
   */
  liveMeetingBoardIds?: readonly number[];
}

/** Which of an objective's progress texts a person may write. */
export interface ObjectiveTextRights {
  narrative: boolean;
  /** The actions whose progress update they may write. */
  actionIds: number[];
}

/**
 * Who writes an objective's progress (issue 12 item 3): its narrative is its lead's, the owning board's
 * chair's or an administrator's; an action's progress update is also its lead officers'. During a live
 * meeting of the plan's own board with the objective on its agenda, the members present write all of
 * it. Observers write nothing.
 */
export function objectiveTextRights(actor: Actor, o: ObjectiveTextFacts): ObjectiveTextRights {
  const none: ObjectiveTextRights = { narrative: false, actionIds: [] };
  if (!mayChangeAnything(actor, o)) return none;
  const all: ObjectiveTextRights = { narrative: true, actionIds: o.actions.map((a) => a.id) };
  if (actor.isPartnershipAdmin || o.leadPersonId === actor.personId || actor.boardRoles.get(o.boardId) === 'chair') return all;
  if ((o.liveMeetingBoardIds ?? []).some((boardId) => boardId === o.boardId && takesPart(actor.boardRoles.get(boardId)))) return all;
  return { narrative: false, actionIds: o.actions.filter((a) => a.leadOfficerIds.includes(actor.personId)).map((a) => a.id) };
}
