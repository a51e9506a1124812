import { describe, expect, it } from 'vitest';
import { objectiveAttention, shortenOutcome } from '../../shared/domain/plan-agenda.js';
import type { Actor } from '../../shared/domain/permissions.js';
import { ragProposalRefusal, type ObjectiveFacts, type ProposalMeetingFacts } from '../../shared/domain/plan-permissions.js';
import type { BoardRole } from '../../shared/domain/roles.js';

const IB = 10;
const OG = 20;
const LEAD = 100;

function actor(personId: number, roles: [number, BoardRole][], admin = false, partnershipId = 1): Actor {
  return { personId, partnershipId, agencyId: 1, isPartnershipAdmin: admin, boardRoles: new Map(roles) };
}

/** An objective of a plan the Improvement Board owns, led by LEAD; its meeting in progress with the objective on the agenda. */
const objective: ObjectiveFacts = { partnershipId: 1, boardId: IB, leadPersonId: LEAD };
const live: Omit<ProposalMeetingFacts, 'attends'> = { partnershipId: 1, boardId: IB, status: 'in_progress', linksObjective: true };

describe('who may propose an objective’s RAG at a meeting', () => {
  // who → [actor, attends the meeting, the refusal's code (null: may propose)]
  const table: Record<string, [Actor, boolean, string | null]> = {
    'a member present': [actor(3, [[IB, 'member']]), true, null],
    'a member absent': [actor(3, [[IB, 'member']]), false, 'FORBIDDEN'],
    'a vice-chair present': [actor(2, [[IB, 'vice_chair']]), true, null],
    'a vice-chair absent': [actor(2, [[IB, 'vice_chair']]), false, 'FORBIDDEN'],
    'a named deputy standing in (given the member’s role)': [actor(8, [[IB, 'member']]), true, null],
    'the chair, absent': [actor(1, [[IB, 'chair']]), false, null],
    'the objective’s lead, not on the board': [actor(LEAD, [[OG, 'member']]), false, null],
    'an administrator with no seat': [actor(6, [], true), false, null],
    'an observer present': [actor(4, [[IB, 'observer']]), true, 'FORBIDDEN'],
    'an observer who leads the objective': [actor(LEAD, [[IB, 'observer']]), true, 'FORBIDDEN'],
    'someone only observing elsewhere who leads the objective': [actor(LEAD, [[OG, 'observer']]), false, 'FORBIDDEN'],
    'a member of another board': [actor(5, [[OG, 'chair']]), true, 'NOT_FOUND'],
    'another partnership’s administrator': [actor(7, [[IB, 'chair']], true, 2), true, 'NOT_FOUND'],
    'another partnership’s person with the lead’s id': [actor(LEAD, [[IB, 'member']], false, 2), true, 'NOT_FOUND'],
  };
  it.each(Object.entries(table))('%s', (_who, [a, attends, code]) => {
    expect(ragProposalRefusal(a, objective, { ...live, attends })?.code ?? null).toBe(code);
  });

  // the meeting's state → the refusal a member present meets (null: may propose), and the same for an administrator
  const meetings: Record<string, [Partial<ProposalMeetingFacts>, string | null]> = {
    'in progress, on the agenda': [{}, null],
    'scheduled': [{ status: 'scheduled' }, 'CONFLICT'],
    'closed': [{ status: 'closed' }, 'CONFLICT'],
    'signed off': [{ status: 'signed_off' }, 'CONFLICT'],
    'not on the agenda': [{ linksObjective: false }, 'FORBIDDEN'],
    'of another partnership': [{ partnershipId: 2 }, 'NOT_FOUND'],
  };
  it.each(Object.entries(meetings))('a meeting %s', (_what, [facts, code]) => {
    expect(ragProposalRefusal(actor(3, [[IB, 'member']]), objective, { ...live, attends: true, ...facts })?.code ?? null).toBe(code);
    expect(ragProposalRefusal(actor(6, [], true), objective, { ...live, attends: false, ...facts })?.code ?? null).toBe(code);
  });

  it('a meeting of another board lends nothing, even to someone who sits on both', () => {
    const both = actor(3, [[IB, 'member'], [OG, 'member']]);
    expect(ragProposalRefusal(both, objective, { ...live, boardId: OG, attends: true })).toEqual({ code: 'FORBIDDEN', message: 'A RAG is proposed at a meeting of the board that owns the plan.' });
  });
});

describe('which objectives a board meeting should look at, and why', () => {
  const actions = (overdue: number, total: number) => Array.from({ length: total }, (_, i) => ({ overdue: i < overdue }));
  // facts → the reason, or null when nothing calls for it
  const table: [string, Parameters<typeof objectiveAttention>[0], string | null][] = [
    ['red, worsening, overdue', { rag: 'red', direction: 'worsening', actions: actions(2, 5) }, 'RAG red, worsening; 2 of 5 actions overdue'],
    ['red only', { rag: 'red', direction: 'same', actions: actions(0, 3) }, 'RAG red'],
    ['amber, worsening', { rag: 'amber', direction: 'worsening', actions: [] }, 'RAG amber, worsening'],
    ['green with one overdue action', { rag: 'green', direction: 'improving', actions: actions(1, 1) }, '1 of 1 action overdue'],
    ['not rated with overdue actions', { rag: null, direction: null, actions: actions(3, 4) }, '3 of 4 actions overdue'],
    ['amber, same, none overdue', { rag: 'amber', direction: 'same', actions: actions(0, 2) }, null],
    ['green, improving', { rag: 'green', direction: 'improving', actions: [] }, null],
    ['not rated, no actions', { rag: null, direction: null, actions: [] }, null],
  ];
  it.each(table)('%s', (_what, facts, reason) => {
    expect(objectiveAttention(facts)?.reason ?? null).toBe(reason);
  });

  it('red weighs most, then worsening, then each overdue action', () => {
    const w = (f: Parameters<typeof objectiveAttention>[0]) => objectiveAttention(f)!.weight;
    expect(w({ rag: 'red', direction: null, actions: [] })).toBeGreaterThan(w({ rag: 'amber', direction: 'worsening', actions: actions(9, 9) }));
    expect(w({ rag: 'amber', direction: 'worsening', actions: [] })).toBeGreaterThan(w({ rag: 'green', direction: null, actions: actions(20, 20) }));
    expect(w({ rag: null, direction: null, actions: actions(3, 5) })).toBeGreaterThan(w({ rag: null, direction: null, actions: actions(2, 5) }));
  });

  it('an outcome is shortened at a word, with an ellipsis', () => {
    expect(shortenOutcome('Short outcome', 80)).toBe('Short outcome');
    expect(shortenOutcome('Children  in\ncare have stable placements', 80)).toBe('Children in care have stable placements');
    const long = 'Children and young people in need of help and protection are identified early, and their plans reviewed monthly';
    const cut = shortenOutcome(long, 40);
    expect(cut.length).toBeLessThanOrEqual(40);
    expect(cut).toBe('Children and young people in need of…');
  });
});
