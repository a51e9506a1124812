import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/domain/permissions.js';
import { canReadPlans, canReportProgress, canSetRag, canShapePlan, canShapeRecommendations, objectiveTextRights, type ObjectiveTextFacts, type PlanActionFacts } from '../../shared/domain/plan-permissions.js';
import type { BoardRole } from '../../shared/domain/roles.js';

const IB = 10;
const OG = 20;
const LEAD = 100;
const OFFICER = 200;

function actor(personId: number, roles: [number, BoardRole][], admin = false, partnershipId = 1): Actor {
  return { personId, partnershipId, agencyId: 1, isPartnershipAdmin: admin, boardRoles: new Map(roles) };
}

/** An action of a plan owned by the Improvement Board, its objective led by LEAD, the action by OFFICER. */
const action: PlanActionFacts = { partnershipId: 1, boardId: IB, leadPersonId: LEAD, leadOfficerIds: [OFFICER] };

const people = {
  chair: actor(1, [[IB, 'chair']]),
  viceChair: actor(2, [[IB, 'vice_chair']]),
  member: actor(3, [[IB, 'member']]),
  observer: actor(4, [[IB, 'observer']]),
  objectiveLead: actor(LEAD, [[IB, 'member']]),
  leadOfficer: actor(OFFICER, []),
  leadOfficerObserving: actor(OFFICER, [[IB, 'observer']]),
  leadObservingElsewhereOnly: actor(LEAD, [[OG, 'observer']]),
  chairElsewhere: actor(5, [[OG, 'chair']]),
  admin: actor(6, [], true),
  otherPartnershipAdmin: actor(7, [[IB, 'chair']], true, 2),
  otherPartnershipLead: actor(LEAD, [], false, 2),
};
type Who = keyof typeof people;

describe('plan permissions, by seat', () => {
  // who → [reads, shapes the plan, sets the objective's RAG, reports the action's progress]
  const table: Record<Who, [boolean, boolean, boolean, boolean]> = {
    chair: [true, true, true, true],
    viceChair: [true, true, false, false],
    member: [true, false, false, false],
    observer: [true, false, false, false],
    objectiveLead: [true, false, true, true],
    leadOfficer: [true, false, false, true],
    leadOfficerObserving: [true, false, false, false],
    leadObservingElsewhereOnly: [true, false, false, false],
    chairElsewhere: [true, false, false, false],
    admin: [true, true, true, true],
    otherPartnershipAdmin: [false, false, false, false],
    otherPartnershipLead: [false, false, false, false],
  };
  it.each(Object.entries(table) as [Who, [boolean, boolean, boolean, boolean]][])('%s', (who, [reads, shapes, setsRag, reports]) => {
    const a = people[who];
    expect({ reads: canReadPlans(a, 1), shapes: canShapePlan(a, action), setsRag: canSetRag(a, action), reports: canReportProgress(a, action) }).toEqual({ reads, shapes, setsRag, reports });
  });

  it('an objective with no lead: its RAG is the chair’s or an administrator’s', () => {
    const noLead = { ...action, leadPersonId: null };
    expect([canSetRag(people.chair, noLead), canSetRag(people.member, noLead), canSetRag(people.admin, noLead)]).toEqual([true, false, true]);
  });
});

describe('inspection recommendations: the partnership’s, shaped by administrators and the chairs of boards owning plans', () => {
  it.each([
    ['chair', [IB], true],
    ['viceChair', [IB], true],
    ['chair', [], false],
    ['chairElsewhere', [IB], false],
    ['chairElsewhere', [IB, OG], true],
    ['member', [IB], false],
    ['observer', [IB], false],
    ['admin', [], true],
    ['otherPartnershipAdmin', [IB], false],
  ] as [Who, number[], boolean][])('%s with plans at %o: %s', (who, boards, may) => {
    expect(canShapeRecommendations(people[who], 1, boards)).toBe(may);
  });
});

describe('who writes an objective’s progress texts, by seat', () => {
  /** Two actions: 1 led by OFFICER, 2 by someone else. */
  const objective: ObjectiveTextFacts = { partnershipId: 1, boardId: IB, leadPersonId: LEAD, actions: [{ id: 1, leadOfficerIds: [OFFICER] }, { id: 2, leadOfficerIds: [999] }] };
  // who → [narrative, actions] with no meeting, then during a live meeting of the plan's board (present), then of another board
  const table: Record<Who, [boolean, number[], boolean, number[], boolean, number[]]> = {
    chair: [true, [1, 2], true, [1, 2], true, [1, 2]],
    viceChair: [false, [], true, [1, 2], false, []],
    member: [false, [], true, [1, 2], false, []],
    observer: [false, [], false, [], false, []],
    objectiveLead: [true, [1, 2], true, [1, 2], true, [1, 2]],
    leadOfficer: [false, [1], false, [1], false, [1]],
    leadOfficerObserving: [false, [], false, [], false, []],
    leadObservingElsewhereOnly: [false, [], false, [], false, []],
    chairElsewhere: [false, [], false, [], false, []],
    admin: [true, [1, 2], true, [1, 2], true, [1, 2]],
    otherPartnershipAdmin: [false, [], false, [], false, []],
    otherPartnershipLead: [false, [], false, [], false, []],
  };
  it.each(Object.entries(table) as [Who, (typeof table)[Who]][])('%s', (who, [narrative, actionIds, inMeeting, inMeetingIds, elsewhere, elsewhereIds]) => {
    const a = people[who];
    expect(objectiveTextRights(a, objective)).toEqual({ narrative, actionIds });
    expect(objectiveTextRights(a, { ...objective, liveMeetingBoardIds: [IB] })).toEqual({ narrative: inMeeting, actionIds: inMeetingIds });
    // Another board's meeting lends nothing, even with the objective on its agenda.
    expect(objectiveTextRights(a, { ...objective, liveMeetingBoardIds: [OG] })).toEqual({ narrative: elsewhere, actionIds: elsewhereIds });
  });
});
