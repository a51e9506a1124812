import { describe, expect, it } from 'vitest';
import { boardCapabilities, capabilities, capabilitiesAt, canRaiseChallenge, canScheduleMeeting, type Actor } from '../../shared/domain/permissions.js';
import type { BoardRole } from '../../shared/domain/roles.js';
import type { BoardCapabilities } from '../../shared/schemas/auth.js';

/** What Me tells the client each person may do at a board: the same rules the server checks commands with. */
const BOARD = 10;
const OTHER = 20;

function actor(roles: [number, BoardRole][], admin = false, partnershipId = 1): Actor {
  return { personId: 7, partnershipId, agencyId: 3, isPartnershipAdmin: admin, boardRoles: new Map(roles) };
}

type Row = Omit<BoardCapabilities, 'boardId'>;
const NONE: Row = { takePart: false, schedule: false, runWhenChairAway: false, raiseChallenge: false, createRisk: false, updateAnyAction: false };

describe('boardCapabilities', () => {
  // A named deputy is loaded as the role they stand in with (a chair's or vice-chair's deputy: member).
  const cases: [who: string, Actor, Row][] = [
    ['the chair', actor([[BOARD, 'chair']]), { takePart: true, schedule: true, runWhenChairAway: true, raiseChallenge: true, createRisk: true, updateAnyAction: true }],
    ['a vice-chair', actor([[BOARD, 'vice_chair']]), { ...NONE, takePart: true, runWhenChairAway: true, raiseChallenge: true, createRisk: true }],
    ['a member', actor([[BOARD, 'member']]), { ...NONE, takePart: true, raiseChallenge: true, createRisk: true }],
    ['a deputy (as member)', actor([[BOARD, 'member']]), { ...NONE, takePart: true, raiseChallenge: true, createRisk: true }],
    ['an observer', actor([[BOARD, 'observer']]), NONE],
    ['an observer here who is a member elsewhere', actor([[BOARD, 'observer'], [OTHER, 'member']]), NONE],
    ['someone not on the board', actor([[OTHER, 'chair']]), NONE],
    ['an administrator not on the board', actor([], true), { ...NONE, schedule: true, runWhenChairAway: true, raiseChallenge: true, createRisk: true, updateAnyAction: true }],
    ['an administrator of another partnership', actor([[BOARD, 'chair']], true, 2), NONE],
  ];
  it.each(cases)('%s', (_who, who, expected) => {
    expect(boardCapabilities(who, { partnershipId: 1, boardId: BOARD })).toEqual({ boardId: BOARD, ...expected });
  });

  it('asks the same rules the server checks scheduling and raising with', () => {
    for (const [, who] of cases) {
      const caps = boardCapabilities(who, { partnershipId: 1, boardId: BOARD });
      expect(caps.schedule).toBe(canScheduleMeeting(who, { partnershipId: 1, boardId: BOARD }));
      expect(caps.raiseChallenge).toBe(canRaiseChallenge(who, { partnershipId: 1, boardId: BOARD }));
    }
  });
});

describe('capabilities', () => {
  it.each([
    ['a member of one board, observer of another', actor([[BOARD, 'member'], [OTHER, 'observer']]), [BOARD, OTHER], { administer: false, raiseChallenge: true, createRisk: true, defineIndicators: false, importRecords: true, boards: [BOARD] }],
    ['a vice-chair defines the scorecard’s indicators', actor([[BOARD, 'vice_chair']]), [BOARD], { administer: false, raiseChallenge: true, createRisk: true, defineIndicators: true, importRecords: true, boards: [BOARD] }],
    ['an observer only (a board where they may do nothing is left out)', actor([[BOARD, 'observer']]), [BOARD], { administer: false, raiseChallenge: false, createRisk: false, defineIndicators: false, importRecords: false, boards: [] }],
    ['on no board', actor([]), [], { administer: false, raiseChallenge: false, createRisk: false, defineIndicators: false, importRecords: false, boards: [] }],
    ['an administrator, asked for every board', actor([], true), [BOARD, OTHER], { administer: true, raiseChallenge: true, createRisk: true, defineIndicators: true, importRecords: true, boards: [BOARD, OTHER] }],
  ] as const)('%s', (_who, who, boardIds, expected) => {
    const caps = capabilities(who, boardIds);
    expect({ ...caps, boards: caps.boards.map((b) => b.boardId) }).toEqual(expected);
  });

  it('answers nothing for a board it does not list', () => {
    const caps = capabilities(actor([[BOARD, 'chair']]), [BOARD]);
    expect(capabilitiesAt(caps, BOARD).schedule).toBe(true);
    expect(capabilitiesAt(caps, OTHER)).toEqual({ boardId: OTHER, ...NONE });
  });
});
