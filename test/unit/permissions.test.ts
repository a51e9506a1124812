import { describe, expect, it } from 'vitest';
import { canCommandRisk, riskAccess, type Actor, type RiskCommand, type RiskCommandFacts } from '../../shared/domain/permissions.js';
import type { BoardRole } from '../../shared/domain/roles.js';

const OG = 10;
const IB = 20;
/** A third board, neither the risk's nor the one it escalates to. */
const SCB = 30;
const POLICE = 2;
const HEALTH = 3;

function actor(personId: number, agencyId: number, roles: [number, BoardRole][], admin = false, partnershipId = 1): Actor {
  return { personId, partnershipId, agencyId, isPartnershipAdmin: admin, boardRoles: new Map(roles) };
}

const risk: RiskCommandFacts = {
  partnershipId: 1,
  boardId: OG,
  escalatedToBoardId: null,
  ownerId: 100,
  leadAgencyId: POLICE,
  mitigationOwnerIds: [200],
  liveMeetingBoardIds: [],
};

const people = {
  owner: actor(100, POLICE, [[OG, 'member']]),
  mitigationOwner: actor(200, HEALTH, [[OG, 'member']]),
  leadAgencyColleague: actor(101, POLICE, []),
  otherAgencyMember: actor(300, HEALTH, [[OG, 'member']]),
  chairHere: actor(400, 9, [[OG, 'chair']]),
  chairAbove: actor(500, 9, [[IB, 'chair']]),
  memberAbove: actor(501, 8, [[IB, 'member']]),
  chairElsewhere: actor(502, 9, [[SCB, 'chair']]),
  memberHereAndElsewhere: actor(301, HEALTH, [[OG, 'member'], [SCB, 'member']]),
  observerHere: actor(600, POLICE, [[OG, 'observer']]),
  observerElsewhere: actor(601, 8, [[IB, 'observer']]),
  admin: actor(700, 9, [], true),
  otherPartnershipAdmin: actor(800, POLICE, [[OG, 'chair']], true, 2),
};

describe('riskAccess: the single edit-right rule', () => {
  const cases: [keyof typeof people, Partial<RiskCommandFacts>, 'none' | 'read' | 'edit'][] = [
    ['owner', {}, 'edit'],
    ['mitigationOwner', {}, 'edit'],
    ['leadAgencyColleague', {}, 'edit'],
    ['otherAgencyMember', {}, 'read'],
    ['chairHere', {}, 'edit'],
    ['chairAbove', {}, 'read'],
    ['chairAbove', { escalatedToBoardId: IB }, 'edit'],
    ['observerHere', {}, 'read'],
    ['observerElsewhere', {}, 'read'],
    ['observerElsewhere', { liveMeetingBoardIds: [IB] }, 'read'],
    ['admin', {}, 'edit'],
    ['otherPartnershipAdmin', {}, 'none'],
    ['otherAgencyMember', { liveMeetingBoardIds: [OG] }, 'edit'],
    ['otherAgencyMember', { liveMeetingBoardIds: [IB] }, 'read'],
    // A closed risk is kept as it was closed: nobody edits it until it is reopened.
    ['owner', { status: 'closed' }, 'read'],
    ['chairHere', { status: 'closed' }, 'read'],
    ['admin', { status: 'closed' }, 'read'],
    ['otherAgencyMember', { status: 'closed', liveMeetingBoardIds: [OG] }, 'read'],
    ['otherPartnershipAdmin', { status: 'closed' }, 'none'],
    ['owner', { status: 'open' }, 'edit'],
  ];
  it.each(cases)('%s with %o → %s', (who, change, expected) => {
    expect(riskAccess(people[who], { ...risk, ...change })).toBe(expected);
  });

  it('never lets an observer of the risk’s own board edit, even from the lead agency', () => {
    expect(people.observerHere.agencyId).toBe(risk.leadAgencyId);
    expect(riskAccess(people.observerHere, risk)).toBe('read');
  });
});

describe('riskAccess: a live meeting lends edit only on what its board already holds', () => {
  // The risk sits at OG. A live meeting lends its members present the right to edit only when it is a
  // meeting of OG, or of the board the risk is escalated to: never of any board whose chair put it on
  // the agenda (the chair of IB lending themselves a risk of OG, issue 9 item 10).
  const cases: [keyof typeof people, Partial<RiskCommandFacts>, 'none' | 'read' | 'edit'][] = [
    ['otherAgencyMember', { liveMeetingBoardIds: [OG] }, 'edit'],
    ['otherAgencyMember', { liveMeetingBoardIds: [OG], escalatedToBoardId: IB }, 'edit'],
    ['memberAbove', {}, 'read'],
    ['memberAbove', { liveMeetingBoardIds: [IB] }, 'read'],
    ['memberAbove', { liveMeetingBoardIds: [IB], escalatedToBoardId: IB }, 'edit'],
    ['memberAbove', { liveMeetingBoardIds: [], escalatedToBoardId: IB }, 'read'],
    ['memberAbove', { liveMeetingBoardIds: [IB], escalatedToBoardId: SCB }, 'read'],
    ['chairAbove', { liveMeetingBoardIds: [IB] }, 'read'],
    ['chairElsewhere', {}, 'read'],
    ['chairElsewhere', { liveMeetingBoardIds: [SCB] }, 'read'],
    ['chairElsewhere', { liveMeetingBoardIds: [SCB], escalatedToBoardId: IB }, 'read'],
    ['memberHereAndElsewhere', { liveMeetingBoardIds: [SCB] }, 'read'],
    ['memberHereAndElsewhere', { liveMeetingBoardIds: [SCB, OG] }, 'edit'],
    ['observerElsewhere', { liveMeetingBoardIds: [IB], escalatedToBoardId: IB }, 'read'],
  ];
  it.each(cases)('%s with %o → %s', (who, change, expected) => {
    expect(riskAccess(people[who], { ...risk, ...change })).toBe(expected);
  });
});

describe('canCommandRisk', () => {
  const table: [keyof typeof people, RiskCommand, boolean][] = [
    ['owner', 'create', true],
    ['otherAgencyMember', 'create', true],
    ['observerHere', 'create', false],
    ['chairAbove', 'create', false],
    ['chairHere', 'close', true],
    ['owner', 'close', false],
    ['otherAgencyMember', 'close', false],
    ['admin', 'close', true],
    // Escalating to the parent board is the board's decision: its chair's (or an admin's), never the owner's alone.
    ['owner', 'escalate', false],
    ['chairHere', 'escalate', true],
    ['mitigationOwner', 'escalate', false],
    ['owner', 'changeOwner', true],
    ['leadAgencyColleague', 'changeOwner', false],
    ['observerHere', 'changeOwner', false],
    ['otherPartnershipAdmin', 'close', false],
  ];
  it.each(table)('%s may %s: %s', (who, command, expected) => {
    expect(canCommandRisk(people[who], command, risk)).toBe(expected);
  });

  it('lets the receiving board’s chair take an escalated risk back down', () => {
    expect(canCommandRisk(people.chairAbove, 'deescalate', { ...risk, escalatedToBoardId: IB })).toBe(true);
    expect(canCommandRisk(people.chairAbove, 'deescalate', risk)).toBe(false);
  });
});
