import { describe, expect, it } from 'vitest';
import { awaitingResponse, canChallenge, challengeAccess, daysBetween, isChallengeOverdue, median, nextChallengeStatus, type ChallengeFacts } from '../../shared/domain/challenges.js';
import type { Actor } from '../../shared/domain/permissions.js';
import type { BoardRole } from '../../shared/domain/roles.js';
import { CHALLENGE_COMMANDS, CHALLENGE_STATUSES, type ChallengeCommand, type ChallengeStatus } from '../../shared/schemas/challenge.js';

describe('challenge transitions', () => {
  const expected: Record<ChallengeStatus, Partial<Record<ChallengeCommand, ChallengeStatus>>> = {
    open: { submit: 'response_submitted', escalate: 'escalated', close: 'closed' },
    response_submitted: { accept: 'accepted', press: 'pressed', escalate: 'escalated', close: 'closed' },
    pressed: { submit: 'response_submitted', escalate: 'escalated', close: 'closed' },
    escalated: { submit: 'response_submitted', close: 'closed' },
    accepted: { close: 'closed' },
    closed: {},
  };
  const table = CHALLENGE_STATUSES.flatMap((s) => CHALLENGE_COMMANDS.map((c) => [s, c, expected[s][c] ?? null] as const));
  it.each(table)('%s --%s--> %s', (status, command, next) => {
    expect(nextChallengeStatus(status, command)).toBe(next);
  });
});

describe('overdue and response times', () => {
  it.each([
    ['2026-11-20', 'open', '2026-11-23', true],
    ['2026-11-20', 'pressed', '2026-11-23', true],
    ['2026-11-20', 'escalated', '2026-11-23', true],
    ['2026-11-20', 'response_submitted', '2026-11-23', false],
    ['2026-11-20', 'accepted', '2026-11-23', false],
    ['2026-11-23', 'open', '2026-11-23', false],
    ['2026-11-24', 'open', '2026-11-23', false],
  ] as const)('due %s, %s, today %s → overdue %s', (due, status, today, overdue) => {
    expect(isChallengeOverdue(due, status, today)).toBe(overdue);
  });

  it.each([
    [[], null],
    [[5], 5],
    [[9, 1, 5], 5],
    [[1, 2, 3, 10], 2.5],
    [[14, 20, 25, 9], 17],
  ] as const)('median of %o is %s', (values, m) => {
    expect(median(values)).toBe(m);
  });

  it('counts calendar days between timestamps', () => {
    expect(daysBetween('2026-11-01T23:59:00Z', '2026-11-02T00:01:00Z')).toBe(1);
    expect(daysBetween('2026-11-01T08:00:00Z', '2026-11-15T17:00:00Z')).toBe(14);
    expect(awaitingResponse('response_submitted')).toBe(false);
  });
});

describe('who may move and write a challenge', () => {
  const IB = 1;
  const OG = 2;
  const HEALTH = 3;
  const a = (personId: number, agencyId: number, roles: [number, BoardRole][], admin = false): Actor => ({ personId, partnershipId: 1, agencyId, isPartnershipAdmin: admin, boardRoles: new Map(roles) });
  const people = {
    chair: a(1, 7, [[IB, 'chair']]),
    raiser: a(2, 2, [[IB, 'member']]),
    health: a(3, HEALTH, [[IB, 'member']]),
    healthColleague: a(4, HEALTH, []),
    police: a(5, 2, [[IB, 'member']]),
    observer: a(6, 8, [[IB, 'observer']]),
    admin: a(7, 7, [], true),
    chairAbove: a(8, 7, [[OG, 'chair']]),
    ogMember: a(9, 2, [[OG, 'member']]),
  };
  const facts = (status: ChallengeStatus, extra: Partial<ChallengeFacts> = {}): ChallengeFacts => ({ partnershipId: 1, boardId: IB, escalatedToBoardId: null, raisedById: 2, directedAgencyId: HEALTH, status, raiserMayDecide: false, ...extra });

  const table: [keyof typeof people, ChallengeCommand, ChallengeStatus, Partial<ChallengeFacts>, boolean][] = [
    ['health', 'submit', 'open', {}, true],
    ['healthColleague', 'submit', 'open', {}, true],
    ['police', 'submit', 'open', {}, false],
    ['chair', 'submit', 'open', {}, false],
    ['health', 'submit', 'response_submitted', {}, false],
    ['chair', 'accept', 'response_submitted', {}, true],
    ['raiser', 'accept', 'response_submitted', {}, false],
    ['raiser', 'accept', 'response_submitted', { raiserMayDecide: true }, true],
    ['health', 'accept', 'response_submitted', {}, false],
    ['admin', 'accept', 'response_submitted', {}, false],
    ['observer', 'accept', 'response_submitted', {}, false],
    ['chair', 'press', 'response_submitted', {}, true],
    ['chair', 'accept', 'open', {}, false],
    ['chair', 'escalate', 'open', {}, true],
    ['chair', 'escalate', 'open', { escalatedToBoardId: OG }, false],
    ['chairAbove', 'accept', 'response_submitted', { escalatedToBoardId: OG }, true],
    ['chair', 'close', 'accepted', {}, true],
    ['police', 'close', 'accepted', {}, false],
  ];
  it.each(table)('%s %s when %s (%o): %s', (who, command, status, extra, allowed) => {
    expect(canChallenge(people[who], command, facts(status, extra))).toBe(allowed);
  });

  it.each([
    ['raiser', 'question', 'open', 'edit'],
    ['chair', 'question', 'open', 'edit'],
    ['police', 'question', 'open', 'read'],
    ['police', 'question', 'open', 'edit', [IB]],
    ['health', 'question', 'closed', 'read'],
    ['health', 'response', 'open', 'edit'],
    ['healthColleague', 'response', 'pressed', 'edit'],
    ['health', 'response', 'response_submitted', 'read'],
    ['chair', 'response', 'open', 'read'],
    ['observer', 'question', 'open', 'read'],
  ] as const)('%s on the %s when %s → %s', (who, part, status, access, live: readonly number[] = []) => {
    expect(challengeAccess(people[who], facts(status, { liveMeetingBoardIds: live }), part)).toBe(access);
  });

  // The challenge sits at IB. A live meeting lends the question to its members present only when it is
  // a meeting of IB or of the board the challenge is escalated to, never of a board that merely put it
  // on its agenda (issue 9 item 10).
  it.each([
    ['police', [IB], {}, 'edit'],
    ['ogMember', [OG], {}, 'read'],
    ['ogMember', [OG], { escalatedToBoardId: OG }, 'edit'],
    ['ogMember', [], { escalatedToBoardId: OG }, 'read'],
    ['police', [OG], { escalatedToBoardId: OG }, 'read'],
    ['chairAbove', [OG], {}, 'read'],
    ['observer', [IB], {}, 'read'],
  ] as const)('%s at a live meeting of %o (%o) → %s', (who, live, extra, access) => {
    expect(challengeAccess(people[who], facts('open', { ...extra, liveMeetingBoardIds: live }), 'question')).toBe(access);
  });
});
