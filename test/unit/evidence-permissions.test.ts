import { describe, expect, it } from 'vitest';
import { canAddEvidence, canEditEvidence, canReadEvidence } from '../../shared/domain/evidence-permissions.js';
import type { Actor } from '../../shared/domain/permissions.js';
import type { BoardRole } from '../../shared/domain/roles.js';

const IB = 10;
const OG = 20;
const ADDER = 100;

function actor(personId: number, roles: [number, BoardRole][], admin = false, partnershipId = 1): Actor {
  return { personId, partnershipId, agencyId: 1, isPartnershipAdmin: admin, boardRoles: new Map(roles) };
}

/** An item of partnership 1 added by ADDER. */
const item = { partnershipId: 1, addedById: ADDER };

// [who, read, add, edit the item ADDER added]
const TABLE: [string, Actor, boolean, boolean, boolean][] = [
  ['a chair', actor(1, [[IB, 'chair']]), true, true, true],
  ['a chair of another board', actor(2, [[OG, 'chair'], [IB, 'observer']]), true, true, true],
  ['a vice-chair', actor(3, [[IB, 'vice_chair']]), true, true, false],
  ['a member', actor(4, [[OG, 'member']]), true, true, false],
  ['a deputy (given the member’s role)', actor(5, [[IB, 'member']]), true, true, false],
  ['an observer', actor(6, [[IB, 'observer']]), true, false, false],
  ['an observer of every board they sit on', actor(7, [[IB, 'observer'], [OG, 'observer']]), true, false, false],
  ['someone on no board', actor(8, []), true, false, false],
  ['an administrator on no board', actor(9, [], true), true, true, true],
  ['whoever added it, a member', actor(ADDER, [[OG, 'member']]), true, true, true],
  ['whoever added it, now only an observer', actor(ADDER, [[OG, 'observer']]), true, false, false],
  ['another partnership’s administrator', actor(11, [[IB, 'chair']], true, 2), false, false, false],
  ['another partnership’s person with the same id as the adder', actor(ADDER, [[IB, 'member']], false, 2), false, false, false],
];

describe('who may read, add and change evidence', () => {
  it.each(TABLE)('%s', (_who, a, read, add, edit) => {
    expect([canReadEvidence(a, 1), canAddEvidence(a, 1), canEditEvidence(a, item)]).toEqual([read, add, edit]);
  });
});
