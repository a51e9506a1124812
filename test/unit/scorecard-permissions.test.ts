import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/domain/permissions.js';
import type { BoardRole } from '../../shared/domain/roles.js';
import { canDefineIndicators, canEnterValues, canReadScorecard, type IndicatorFacts } from '../../shared/domain/scorecard-permissions.js';

const IB = 10;
const OG = 20;
const HEALTH = 3;
const POLICE = 4;
const LEAD = 100;

function actor(personId: number, agencyId: number, roles: [number, BoardRole][], admin = false, partnershipId = 1): Actor {
  return { personId, partnershipId, agencyId, isPartnershipAdmin: admin, boardRoles: new Map(roles) };
}

/** An indicator owned by health, led by LEAD. */
const indicator: IndicatorFacts = { partnershipId: 1, agencyId: HEALTH, leadPersonId: LEAD };

describe('scorecard permissions, by seat', () => {
  // who → [reads, defines indicators, enters values]
  const table: [string, Actor, [boolean, boolean, boolean]][] = [
    ['administrator', actor(1, POLICE, [], true), [true, true, true]],
    ['chair of a board', actor(2, POLICE, [[IB, 'chair']]), [true, true, true]],
    ['vice-chair of a board', actor(3, POLICE, [[OG, 'vice_chair']]), [true, true, false]],
    ['member of the owning agency', actor(5, HEALTH, [[IB, 'member']]), [true, false, true]],
    ['vice-chair of the owning agency', actor(6, HEALTH, [[OG, 'vice_chair']]), [true, true, true]],
    ['member of another agency', actor(7, POLICE, [[IB, 'member']]), [true, false, false]],
    ['the lead, of another agency, sitting nowhere', actor(LEAD, POLICE, []), [true, false, true]],
    ['someone of the owning agency sitting on no board', actor(8, HEALTH, []), [true, false, false]],
    ['observer of the owning agency', actor(9, HEALTH, [[IB, 'observer']]), [true, false, false]],
    ['the lead, only an observer', actor(LEAD, HEALTH, [[IB, 'observer']]), [true, false, false]],
    ['chair who observes elsewhere too', actor(11, POLICE, [[IB, 'chair'], [OG, 'observer']]), [true, true, true]],
    ['administrator of another partnership', actor(12, HEALTH, [[IB, 'chair']], true, 2), [false, false, false]],
    ['the lead, in another partnership', actor(LEAD, HEALTH, [[IB, 'member']], false, 2), [false, false, false]],
  ];
  it.each(table)('%s', (_who, a, [reads, defines, enters]) => {
    expect({ reads: canReadScorecard(a, 1), defines: canDefineIndicators(a, 1), enters: canEnterValues(a, indicator) }).toEqual({ reads, defines, enters });
  });

  it('an indicator with no owning agency: its lead, chairs and administrators enter its values', () => {
    const noAgency = { ...indicator, agencyId: null };
    expect([canEnterValues(actor(5, HEALTH, [[IB, 'member']]), noAgency), canEnterValues(actor(LEAD, POLICE, []), noAgency), canEnterValues(actor(2, POLICE, [[IB, 'chair']]), noAgency)]).toEqual([false, true, true]);
  });
});
