import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_GROUPS, auditGroupOf, type AuditAction } from '../../shared/domain/audit-actions.js';
import { recordKey, wantedNames, type AuditFacts, type AuditNames, type AuditRecordName } from '../../shared/domain/audit-names.js';
import { auditChanges, auditSentence, changesLine } from '../../shared/domain/audit-words.js';
import { AuditQuery } from '../../shared/schemas/common.js';

const rec = (r: AuditRecordName): [string, AuditRecordName] => [recordKey(r.kind, r.id), r];
const NAMES: AuditNames = {
  people: new Map([
    [1, 'Margaret Ellison'],
    [2, 'Tom Brennan'],
    [3, 'Anita Desai'],
  ]),
  agencies: new Map([[10, 'Northbrook ICB']]),
  boards: new Map([
    [20, 'Safeguarding Children Partnership'],
    [21, 'Northbrook Executive'],
  ]),
  items: new Map([
    [30, 'Exploitation update'],
    [31, 'Any other business'],
  ]),
  records: new Map([
    rec({ kind: 'risk', id: 6, label: 'R-006 Exploitation of children', short: 'R-006', link: '/risks/6' }),
    rec({ kind: 'challenge', id: 4, label: 'C-004 Waiting times', short: 'C-004', link: '/challenges/4', agency: 'Northbrook ICB' }),
    rec({ kind: 'meeting', id: 7, label: 'Board meeting of 10 Dec 2026', short: 'Board meeting of 10 Dec 2026', link: '/meetings/7' }),
    rec({ kind: 'action', id: 12, label: 'A-012 Send the audit', short: 'A-012', link: '/boards/20/actions' }),
    rec({ kind: 'plan', id: 2, label: 'Plan 2026', short: '“Plan 2026”', link: '/plans/2' }),
    rec({ kind: 'plan_theme', id: 3, label: 'Early help', short: '“Early help”', link: '/plans/2' }),
    rec({ kind: 'plan_objective', id: 5, label: 'Children are safer', short: '“Children are safer”', link: '/plans/2/objectives/5' }),
    rec({ kind: 'plan_action', id: 8, label: 'Train staff', short: '“Train staff”', link: '/plans/2/actions' }),
    rec({ kind: 'inspection_recommendation', id: 9, label: 'Recommendation 3: Improve', short: 'recommendation 3', link: '/recommendations/9' }),
    rec({ kind: 'indicator', id: 11, label: 'Re-referrals', short: '“Re-referrals”', link: '/indicators/11' }),
    rec({ kind: 'evidence', id: 13, label: 'Audit report', short: '“Audit report”', link: null }),
    rec({ kind: 'person', id: 2, label: 'Tom Brennan', short: 'Tom Brennan', link: '/admin/people' }),
    rec({ kind: 'agency', id: 10, label: 'Northbrook ICB', short: 'Northbrook ICB', link: '/admin/agencies' }),
    rec({ kind: 'board', id: 20, label: 'Safeguarding Children Partnership', short: 'Safeguarding Children Partnership', link: '/boards/20' }),
    rec({ kind: 'membership', id: 40, label: 'Tom Brennan on Northbrook Executive', short: 'Tom Brennan on Northbrook Executive', link: '/admin/memberships' }),
    rec({ kind: 'partnership', id: 1, label: 'Northbrook', short: 'Northbrook', link: '/admin/settings' }),
  ]),
};

const M = 'Margaret Ellison';

/** Every action, with a detail of the shape the server writes, its sentence and (where it records a before and after) its changes. */
const TABLE: Record<AuditAction, { on: [string, number | null]; detail?: unknown; actorId?: number | null; sentence: string; changes?: string }> = {
  'risk.create': { on: ['risk', 6], detail: { title: 'Exploitation of children' }, sentence: `${M} added R-006 to the register` },
  'risk.close': { on: ['risk', 6], detail: { reason: 'Mitigated', before: { status: 'open', closedReason: null }, after: { status: 'closed', closedReason: 'Mitigated' } }, sentence: `${M} closed R-006, giving the reason “Mitigated”`, changes: 'Status: Open → Closed; Reason for closing: none → Mitigated' },
  'risk.reopen': { on: ['risk', 6], detail: { reason: 'Back', before: { status: 'closed' }, after: { status: 'open' } }, sentence: `${M} reopened R-006, giving the reason “Back”`, changes: 'Status: Closed → Open' },
  'risk.escalate': { on: ['risk', 6], detail: { reason: 'Beyond us', before: { escalatedToBoardId: null }, after: { escalatedToBoardId: 20 } }, sentence: `${M} escalated R-006 to Safeguarding Children Partnership, giving the reason “Beyond us”`, changes: 'Escalated to: none → Safeguarding Children Partnership' },
  'risk.deescalate': { on: ['risk', 6], detail: { reason: '', before: { escalatedToBoardId: 20 }, after: { escalatedToBoardId: null } }, sentence: `${M} took R-006 back from Safeguarding Children Partnership`, changes: 'Escalated to: Safeguarding Children Partnership → none' },
  'risk.changeOwner': { on: ['risk', 6], detail: { ownerId: 2, before: { ownerId: 3, leadAgencyId: 10 }, after: { ownerId: 2, leadAgencyId: 10 } }, sentence: `${M} made Tom Brennan the owner of R-006`, changes: 'Owner: Anita Desai → Tom Brennan' },

  'challenge.raise': { on: ['challenge', 4], detail: { title: 'Waiting times', directedTo: 'Northbrook ICB', dueDate: '2027-01-14' }, sentence: `${M} raised C-004 “Waiting times” with Northbrook ICB` },
  'challenge.submit': { on: ['challenge', 4], detail: { from: 'open', to: 'response_submitted' }, sentence: `${M} submitted the response of Northbrook ICB to C-004`, changes: 'Status: Open – response due → Response submitted' },
  'challenge.accept': { on: ['challenge', 4], detail: { from: 'response_submitted', to: 'accepted' }, sentence: `${M} accepted the response of Northbrook ICB to C-004`, changes: 'Status: Response submitted → Response accepted' },
  'challenge.press': { on: ['challenge', 4], detail: { from: 'response_submitted', to: 'pressed', dueDate: '2027-01-14', reason: 'Not enough' }, sentence: `${M} asked Northbrook ICB for a further response to C-004, due 14 Jan 2027, giving the reason “Not enough”`, changes: 'Status: Response submitted → Pressed – further response due' },
  'challenge.close': { on: ['challenge', 4], detail: { from: 'accepted', to: 'closed' }, sentence: `${M} closed C-004`, changes: 'Status: Response accepted → Closed' },
  'challenge.escalate': { on: ['challenge', 4], detail: { from: 'pressed', to: 'escalated', reason: 'No answer' }, sentence: `${M} escalated C-004 to the board above, giving the reason “No answer”`, changes: 'Status: Pressed – further response due → Escalated' },

  'meeting.create': { on: ['meeting', 7], detail: { title: 'Board meeting' }, sentence: `${M} scheduled Board meeting of 10 Dec 2026` },
  'meeting.update': { on: ['meeting', 7], detail: { before: { location: 'Room 1' }, after: { location: 'Room 2' } }, sentence: `${M} changed the details of Board meeting of 10 Dec 2026`, changes: 'Place: Room 1 → Room 2' },
  'meeting.start': { on: ['meeting', 7], detail: { from: 'scheduled', to: 'in_progress' }, sentence: `${M} started Board meeting of 10 Dec 2026`, changes: 'Status: Scheduled → In progress' },
  'meeting.advance': { on: ['meeting', 7], detail: { from: 30, to: 31 }, sentence: `${M} moved Board meeting of 10 Dec 2026 on to “Any other business”`, changes: 'Current item: “Exploitation update” → “Any other business”' },
  'meeting.close': { on: ['meeting', 7], detail: { from: 'in_progress', to: 'closed' }, sentence: `${M} closed Board meeting of 10 Dec 2026`, changes: 'Status: In progress → Closed' },
  'meeting.sign_off': { on: ['meeting', 7], detail: { items: 4, decisions: 2 }, sentence: `${M} signed off the minutes of Board meeting of 10 Dec 2026` },
  'meeting.attendance': { on: ['meeting', 7], detail: { personId: 2, status: 'represented', deputyPersonId: 3 }, sentence: `${M} recorded Tom Brennan as represented by Anita Desai at Board meeting of 10 Dec 2026` },
  'meeting.guest_add': { on: ['meeting', 7], detail: { name: 'Jo Guest', agency: 'Ofsted' }, sentence: `${M} added Jo Guest (Ofsted) as a guest at Board meeting of 10 Dec 2026` },
  'meeting.guest_remove': { on: ['meeting', 7], detail: { name: 'Jo Guest' }, sentence: `${M} removed the guest Jo Guest from Board meeting of 10 Dec 2026` },
  'meeting.hand_raise': { on: ['meeting', 7], detail: {}, sentence: `${M} raised their hand at Board meeting of 10 Dec 2026` },
  'meeting.hand_lower': { on: ['meeting', 7], detail: { personId: 2 }, sentence: `${M} lowered the hand of Tom Brennan at Board meeting of 10 Dec 2026` },
  'meeting.agenda_add': { on: ['meeting', 7], detail: { itemId: 30, title: 'Exploitation update', links: [] }, sentence: `${M} added “Exploitation update” to the agenda of Board meeting of 10 Dec 2026` },
  'meeting.agenda_build': { on: ['meeting', 7], detail: { added: ['a', 'b', 'c'] }, sentence: `${M} built the agenda of Board meeting of 10 Dec 2026, adding 3 items` },
  'meeting.agenda_update': { on: ['meeting', 7], detail: { itemId: 30, title: 'Exploitation' }, sentence: `${M} changed the agenda item “Exploitation update” of Board meeting of 10 Dec 2026` },
  'meeting.agenda_remove': { on: ['meeting', 7], detail: { itemId: 31, title: 'Any other business' }, sentence: `${M} removed “Any other business” from the agenda of Board meeting of 10 Dec 2026` },
  'meeting.agenda_move': { on: ['meeting', 7], detail: { itemId: 31, from: 1, to: 0 }, sentence: `${M} moved “Any other business” on the agenda of Board meeting of 10 Dec 2026`, changes: 'Place on the agenda: 2 → 1' },
  'meeting.agenda_restore': { on: ['meeting', 7], detail: { itemId: 31, title: 'Any other business', position: 1 }, sentence: `${M} put “Any other business” back on the agenda of Board meeting of 10 Dec 2026` },
  'paper.add': { on: ['meeting', 7], detail: { paperId: 1, itemId: 30, title: 'Exploitation paper', authorPersonId: 2, evidenceId: null }, sentence: `${M} asked for the paper “Exploitation paper” for Board meeting of 10 Dec 2026 from Tom Brennan` },
  'paper.attach': { on: ['meeting', 7], detail: { paperId: 1, evidenceId: 13, replaced: null }, sentence: `${M} attached “Audit report” as a paper for Board meeting of 10 Dec 2026` },
  'paper.remove': { on: ['meeting', 7], detail: { paperId: 1, title: 'Exploitation paper' }, sentence: `${M} removed the paper “Exploitation paper” from Board meeting of 10 Dec 2026` },
  'pack.publish': { on: ['meeting', 7], detail: { version: 2, pages: 14 }, sentence: `${M} published version 2 of the board pack for Board meeting of 10 Dec 2026` },
  'action.create': { on: ['action', 12], detail: { meetingId: 7, description: 'Send the audit', ownerId: 2 }, sentence: `${M} recorded the action A-012 at Board meeting of 10 Dec 2026` },
  'action.update': { on: ['action', 12], detail: { from: 'open', to: 'done' }, sentence: `${M} marked A-012 as done`, changes: 'Status: Open → Done' },

  'plan.create': { on: ['plan', 2], detail: { title: 'Plan 2026', board: 'Safeguarding Children Partnership' }, sentence: `${M} created the plan “Plan 2026” for Safeguarding Children Partnership` },
  'plan.update': { on: ['plan', 2], detail: { title: { from: 'Plan', to: 'Plan 2026' }, boardId: { from: 21, to: 20 } }, sentence: `${M} changed the plan “Plan 2026”`, changes: 'Title: Plan → Plan 2026; Board: Northbrook Executive → Safeguarding Children Partnership' },
  'plan_theme.create': { on: ['plan_theme', 3], detail: { planId: 2, title: 'Early help' }, sentence: `${M} added the theme “Early help” to “Plan 2026”` },
  'plan_theme.update': { on: ['plan_theme', 3], detail: { title: { from: 'Help', to: 'Early help' } }, sentence: `${M} changed the theme “Early help”`, changes: 'Title: Help → Early help' },
  'plan_objective.create': { on: ['plan_objective', 5], detail: { planId: 2, outcome: 'Children are safer', leadPersonId: 2, riskIds: [6] }, sentence: `${M} added the objective “Children are safer” to “Plan 2026”` },
  'plan_objective.update': { on: ['plan_objective', 5], detail: { leadPersonId: { from: 2, to: 3 }, riskIds: [6] }, sentence: `${M} changed the objective “Children are safer”`, changes: 'Lead: Tom Brennan → Anita Desai' },
  'plan_objective.rag': { on: ['plan_objective', 5], detail: { period: '2026-11', rag: 'amber', suggested: 'red', reasons: [], rationale: 'Better' }, sentence: `${M} set the RAG of “Children are safer” for November 2026 to Amber` },
  'plan_objective.propose_rag': { on: ['plan_objective', 5], detail: { meetingId: 7, period: '2026-11', rag: 'green', rationale: 'Done' }, sentence: `${M} proposed Green for “Children are safer” for November 2026 at Board meeting of 10 Dec 2026` },
  'plan_action.create': { on: ['plan_action', 8], detail: { planId: 2, description: 'Train staff', leadOfficerIds: [2] }, sentence: `${M} added the action “Train staff” to “Plan 2026”` },
  'plan_action.update': { on: ['plan_action', 8], detail: { status: { from: 'on_track', to: 'completed' }, leadOfficerIds: { from: [2], to: [2, 3] } }, sentence: `${M} updated the plan action “Train staff”`, changes: 'Status: On track → Completed; Lead officers: Tom Brennan → Tom Brennan, Anita Desai' },
  'inspection_recommendation.create': { on: ['inspection_recommendation', 9], detail: { source: 'Ofsted', number: 3, text: 'Improve' }, sentence: `${M} added recommendation 3` },
  'inspection_recommendation.update': { on: ['inspection_recommendation', 9], detail: { reportDate: { from: '2026-01-05', to: '2026-02-05' } }, sentence: `${M} changed recommendation 3`, changes: 'Report date: 5 Jan 2026 → 5 Feb 2026' },

  'indicator.create': { on: ['indicator', 11], detail: { name: 'Re-referrals', area: 'front_door' }, sentence: `${M} added the indicator “Re-referrals”` },
  'indicator.update': { on: ['indicator', 11], detail: { changes: { area: { from: 'front_door', to: 'early_help' }, target: { from: 20, to: 18 } } }, sentence: `${M} changed the indicator “Re-referrals”`, changes: 'Area: Front Door → Early Help; Target: 20 → 18' },
  'indicator.comparators': { on: ['indicator', 11], detail: { comparators: [{ kind: 'england', name: 'England', values: 4 }] }, sentence: `${M} set the comparators of “Re-referrals”` },
  'indicator.value_recorded': { on: ['indicator', 11], detail: { valueId: 1, period: '2026-10', value: 21.5 }, sentence: `${M} recorded 21.5 for “Re-referrals” for October 2026` },
  'indicator.value_corrected': { on: ['indicator', 11], detail: { valueId: 2, period: '2026-10', value: 22, was: 21.5 }, sentence: `${M} corrected “Re-referrals” for October 2026 from 21.5 to 22`, changes: 'Value for October 2026: 21.5 → 22' },

  'evidence.upload': { on: ['evidence', 13], detail: { title: 'Audit report', kind: 'audit', fileName: 'audit.pdf', size: 100 }, sentence: `${M} uploaded audit.pdf as the evidence “Audit report”` },
  'evidence.add_link': { on: ['evidence', 13], detail: { title: 'Audit report', url: 'https://example.org' }, sentence: `${M} added a link as the evidence “Audit report”` },
  'evidence.add_note': { on: ['evidence', 13], detail: { title: 'Audit report', note: 'n' }, sentence: `${M} added a note as the evidence “Audit report”` },
  'evidence.update': { on: ['evidence', 13], detail: { kind: { from: 'document', to: 'audit' }, riskIds: [6] }, sentence: `${M} changed the evidence “Audit report”`, changes: 'Kind: Document → Audit' },
  'evidence.remove': { on: ['evidence', 13], detail: { title: 'Audit report' }, sentence: `${M} removed the evidence “Audit report”` },
  'evidence.download': { on: ['evidence', 13], detail: { fileName: 'audit.pdf', size: 100 }, sentence: `${M} downloaded audit.pdf of the evidence “Audit report”` },

  'person.create': { on: ['person', 2], detail: { name: 'Tom Brennan', email: 't@example.org', agency: 'Northbrook ICB', isPartnershipAdmin: false }, sentence: `${M} added Tom Brennan of Northbrook ICB to the partnership` },
  'person.link_account': { on: ['person', 2], detail: { name: 'Tom Brennan', agency: 'Northbrook ICB' }, sentence: `${M} added Tom Brennan of Northbrook ICB to the partnership, with the account they already had` },
  'person.update': { on: ['person', 2], detail: { person: 'Tom Brennan', before: { isPartnershipAdmin: false, agencyId: null }, after: { isPartnershipAdmin: true, agencyId: 10 } }, sentence: `${M} changed the details of Tom Brennan`, changes: 'Administrator: no → yes; Agency: none → Northbrook ICB' },
  'person.invite': { on: ['person', 2], detail: { person: 'Tom Brennan' }, sentence: `${M} issued an invitation link to Tom Brennan` },
  'person.reset_link': { on: ['person', 2], detail: { person: 'Tom Brennan' }, sentence: `${M} issued a password reset link to Tom Brennan` },
  'person.accept_invitation': { on: ['person', 1], sentence: `${M} accepted their invitation and set a password` },
  'agency.create': { on: ['agency', 10], detail: { name: 'Northbrook ICB', kind: 'health' }, sentence: `${M} added the agency Northbrook ICB` },
  'agency.update': { on: ['agency', 10], detail: { agency: 'Northbrook CCG', before: { kind: 'other' }, after: { kind: 'health' } }, sentence: `${M} changed the agency Northbrook ICB`, changes: 'Kind: Other → Health' },
  'board.create': { on: ['board', 20], detail: { name: 'Safeguarding Children Partnership' }, sentence: `${M} added the board Safeguarding Children Partnership` },
  'board.update': { on: ['board', 20], detail: { board: 'SCP', before: { parentBoardId: null }, after: { parentBoardId: 21 } }, sentence: `${M} changed the board Safeguarding Children Partnership`, changes: 'Reports to: none → Northbrook Executive' },
  'membership.add': { on: ['membership', 40], detail: { boardId: 21, personId: 2, person: 'Tom Brennan', role: 'vice_chair', deputyPersonId: null }, sentence: `${M} gave Tom Brennan a seat on Northbrook Executive as vice-chair` },
  'membership.update': { on: ['membership', 40], detail: { boardId: 21, personId: 2, person: 'Tom Brennan', before: { role: 'member', deputyPersonId: null }, after: { role: 'chair', deputyPersonId: 3 } }, sentence: `${M} changed the seat of Tom Brennan on Northbrook Executive`, changes: 'Role: Member → Chair; Deputy: none → Anita Desai' },
  'membership.remove': { on: ['membership', 40], detail: { boardId: 21, personId: 2, role: 'observer' }, sentence: `${M} removed Tom Brennan (observer) from Northbrook Executive` },
  'membership.chair_handover': { on: ['membership', 41], detail: { boardId: 21, from: 3, toSeat: 40 }, sentence: `Anita Desai stopped chairing Northbrook Executive and stayed on as a member, when ${M} gave the chair to someone else` },

  'partnership.create': { on: ['partnership', 1], actorId: null, detail: { name: 'Northbrook', admin: 'admin@example.org' }, sentence: 'The partnership Northbrook was set up, with admin@example.org as its administrator' },
  'partnership.seed_demo': { on: ['partnership', 1], actorId: null, sentence: 'Demonstration data was loaded' },
  'partnership.settings': { on: ['partnership', 1], detail: { before: { protectiveMarking: 'OFFICIAL', mailDetails: false }, after: { protectiveMarking: 'OFFICIAL-SENSITIVE', mailDetails: true } }, sentence: `${M} changed the partnership’s settings`, changes: 'Protective marking: OFFICIAL → OFFICIAL-SENSITIVE; Mails carry details: no → yes' },
  'partnership.sso_settings': { on: ['partnership', 1], detail: { before: { allowedDomains: ['a.org'], required: false }, after: { allowedDomains: ['a.org', 'b.org'], required: true }, secretChanged: false, sessionsEnded: 3 }, sentence: `${M} changed the single sign-on settings, which ended 3 sessions`, changes: 'Allowed e-mail domains: a.org → a.org, b.org; Required for everyone: no → yes' },
  'partnership.risk_matrix': { on: ['partnership', 1], detail: { before: { size: 5 }, after: { size: 5 }, changedBand: [{ risk: 'R-006', from: 'Moderate', to: 'High' }] }, sentence: `${M} changed the risk matrix; 1 risk changed band`, changes: 'R-006 band: Moderate → High' },
  'board.challenge_settings': { on: ['board', 20], detail: { board: 'SCP', raiserMayDecide: true }, sentence: `${M} let those who raise challenges on Safeguarding Children Partnership decide on the responses` },
  'board.quorum_rule': { on: ['board', 20], detail: { percent: 60, chairRequired: true }, sentence: `${M} changed the quorum of Safeguarding Children Partnership` },

  'auth.sso_sign_in': { on: ['person', 1], detail: { created: false }, sentence: `${M} signed in through single sign-on` },
  'auth.sso_refused': { on: ['partnership', 1], actorId: null, detail: { reason: 'domain', email: 'x@evil.example' }, sentence: 'A single sign-on was refused: the e-mail address is not of a domain the partnership accepts' },
  'account.reset_requested': { on: ['person', 2], actorId: null, detail: { address: '127.0.0.1' }, sentence: 'A password reset link was sent to Tom Brennan' },
  'account.password_reset': { on: ['person', 1], sentence: `${M} set a new password with a reset link` },

  'command.refused': { on: ['command', null], detail: { command: 'socket challenge:accept', code: 'FORBIDDEN', message: 'Only the board’s chair can accept a response.' }, sentence: `${M} was refused: Only the board’s chair can accept a response` },
  'doc.update_refused': { on: ['risk', 6], detail: { doc: 'risk:6', reason: 'too_large', bytes: 1 }, sentence: `A change ${M} made to R-006 was refused: it would have made the record too large` },
  'doc.write_refused': { on: ['risk', 6], detail: { doc: 'risk:6' }, sentence: `${M} tried to change R-006, which they may only read; the change was refused` },
  'meeting.edit_refused': { on: ['meeting', 7], detail: { attempted: 'attendance', reason: 'minutes signed off' }, sentence: `${M} tried to change Board meeting of 10 Dec 2026 (attendance) after its minutes were signed off; it was refused` },

  'import.committed': { on: ['import', null], detail: { kind: 'risks', file: 'register.xlsx', rows: 5, create: 3, update: 2, unchanged: 0, withErrors: 0 }, sentence: `${M} imported register.xlsx: 3 records added, 2 changed` },
};

const facts = (action: string, t: { on: [string, number | null]; detail?: unknown; actorId?: number | null }): AuditFacts => {
  const actorId = t.actorId === undefined ? 1 : t.actorId;
  return { action, actorId, actorName: actorId === null ? null : (NAMES.people.get(actorId) ?? null), entityType: t.on[0], entityId: t.on[1], detail: t.detail ?? null };
};

/** Anything a person should never be shown: a code, JSON, a missing value. */
const RAW = /[{}[\]]|\bundefined\b|\bnull\b|NaN|\[object|[a-z]+_[a-z]+|[a-z]+\.[a-z_]+[A-Za-z]*\b(?!\.)/;

describe('the audit log in words', () => {
  it.each(Object.entries(TABLE))('%s reads as a sentence, with its changes in words', (action, t) => {
    const e = facts(action, t);
    expect(auditSentence(e, NAMES)).toBe(t.sentence);
    expect(changesLine(auditChanges(e, NAMES))).toBe(t.changes ?? '');
  });

  it('covers every action the server writes, each in a kind', () => {
    expect(Object.keys(TABLE).sort()).toEqual(Object.keys(AUDIT_ACTIONS).sort());
    for (const action of Object.keys(AUDIT_ACTIONS)) expect(AUDIT_GROUPS).toContain(auditGroupOf(action));
  });

  it('never shows a code, an id or JSON, whatever the detail holds', () => {
    const odd: unknown[] = [null, 'text', 42, [], { before: { x: { deep: { deeper: 1 } } }, after: { x: [1, { y: 2 }] } }, { __proto__: { role: 'chair' } }, { from: { a: 1 }, to: 'weird_code' }, { personId: 999, boardId: 999, riskIds: [999] }];
    for (const action of [...Object.keys(AUDIT_ACTIONS), 'meeting.agenda_teleport', 'something.new_thing']) {
      for (const detail of odd) {
        const e: AuditFacts = { action, actorId: 2, actorName: 'Tom Brennan', entityType: 'risk', entityId: 999, detail };
        const sentence = auditSentence(e, NAMES);
        const changes = changesLine(auditChanges(e, NAMES));
        expect(sentence, `${action} ${JSON.stringify(detail)}`).not.toMatch(RAW);
        expect(changes, `${action} ${JSON.stringify(detail)}`).not.toMatch(/[{}]|\bundefined\b|\[object|weird_code|999/);
      }
    }
  });

  it('an action no longer written falls back to words naming its record', () => {
    expect(auditSentence({ action: 'risk.teleport', actorId: 1, actorName: M, entityType: 'risk', entityId: 6, detail: null }, NAMES)).toBe(`${M} made a change to R-006`);
    expect(auditSentence({ action: 'x.y', actorId: 5, actorName: null, entityType: 'import', entityId: null, detail: null }, NAMES)).toBe('A person no longer listed made a change');
    expect(auditGroupOf('x.y')).toBe('other');
  });

  it('asks for the names a page needs, ids only (never a prototype key)', () => {
    const want = wantedNames([
      facts('membership.update', TABLE['membership.update']),
      facts('meeting.advance', TABLE['meeting.advance']),
      facts('plan.update', TABLE['plan.update']),
      facts('plan_objective.create', TABLE['plan_objective.create']),
      { action: 'x', actorId: 1, actorName: null, entityType: 'objective', entityId: 5, detail: JSON.parse('{"__proto__": {"personId": 77}, "personId": "1"}') },
    ]);
    expect([...want.people].sort()).toEqual([2, 3]);
    expect([...want.boards].sort()).toEqual([20, 21]);
    expect([...want.items].sort()).toEqual([30, 31]);
    expect([...(want.records.get('plan_objective') ?? [])]).toEqual([5]);
    expect([...(want.records.get('risk') ?? [])]).toEqual([6]);
    expect([...(want.records.get('plan') ?? [])]).toEqual([2]);
    expect([...(want.records.get('membership') ?? [])]).toEqual([40]);
  });

  it('reads its query: each bad value refused naming its field', () => {
    const bad = (q: Record<string, string>) => {
      const r = AuditQuery.safeParse(q);
      return r.success ? null : r.error.issues.map((i) => i.path.join('.'));
    };
    expect(AuditQuery.parse({ person: '3', group: 'challenges', record: 'risk:6', from: '2026-01-01', to: '2026-01-31', before: '900' })).toMatchObject({ person: 3, group: 'challenges', record: { kind: 'risk', id: 6 }, limit: 100, before: 900 });
    expect(bad({ person: 'x' })).toEqual(['person']);
    expect(bad({ group: 'nonsense' })).toEqual(['group']);
    expect(bad({ record: 'risk:0' })).toEqual(['record']);
    expect(bad({ record: '__proto__:1' })).toEqual(['record']);
    expect(bad({ from: '2026-02-30' })).toEqual(['from']);
    expect(bad({ from: '2026-03-01', to: '2026-02-01' })).toEqual(['to']);
    expect(bad({ before: '99999999999' })).toEqual(['before']);
  });
});

describe('every action the server writes is declared (shared/domain/audit-actions.ts)', () => {
  const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));
  it('each quoted action beside `action:` in server/ is one of AUDIT_ACTIONS', () => {
    const found = new Set<string>();
    for (const file of files('server')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/action: (?:[^,}]*\? )?'([a-z_]+\.[a-zA-Z_]+)'(?: : '([a-z_]+\.[a-zA-Z_]+)')?/g)) {
        found.add(m[1]!);
        if (m[2]) found.add(m[2]);
      }
    }
    expect(found.size).toBeGreaterThan(40);
    for (const action of found) expect(Object.keys(AUDIT_ACTIONS), action).toContain(action);
  });
});
