import { expect, vi } from 'vitest';
import { addDecision } from '../../shared/docs/meeting-doc.js';
import { addDays, NPSA_MATRIX, todayIn } from '../../shared/domain/scoring.js';
import type { CommandInput, CommandName, CommandResult } from '../../shared/protocol/commands.js';
import { docName } from '../../shared/protocol/yjs.js';
import { MEETING_DOC } from '../../shared/schemas/meeting.js';
import type { ApiClient } from './http.js';
import { meetingToday } from './meeting-time.js';
import { uploadEvidence } from './evidence.js';
import { openDoc } from './yjs.js';

/** Who runs each command: the Operational Group's chair (council), a member of it (health), an administrator. */
export type Runner = 'admin' | 'council' | 'health';
export type Run = <K extends CommandName>(who: Runner, name: K, payload: CommandInput<K>) => Promise<CommandResult<K>>;

export interface PlanIds {
  /** The Operational Group: council chairs it; health, police and admin sit on it. */
  boardId: number;
  /** Health's agency (the ICB) and person; police's person and their named deputy. */
  icbId: number;
  healthId: number;
  policeId: number;
  policeDeputyId: number;
}

/** Writes a challenge's response as the directed agency does, in its Y.Doc, and waits for it to be stored. */
async function writeResponse(health: ApiClient, challengeId: number, text: string): Promise<void> {
  const doc = openDoc(health, docName('challenge', challengeId, 'response'));
  await doc.synced();
  doc.doc.getText('response').insert(0, text);
  await vi.waitFor(async () => expect((await health.get<{ response: string }>(`/api/partnerships/1/challenges/${challengeId}`)).body.response).toContain(text));
  doc.destroy();
}

/**
 * Every command of shared/protocol/commands.ts, each meant to succeed, in an order that gives each a
 * record in the state it needs: a risk through its life, a challenge answered, pressed, answered again,
 * accepted and closed (another escalated), a meeting scheduled, run with notes, a decision, a deputy,
 * a guest, a raised hand and an action, closed and signed off; an improvement plan shaped, reported on and rated, with evidence of impact. `label` keeps two runs' titles apart.
 */
export async function runEveryCommand(run: Run, ids: PlanIds, clients: Record<Runner, ApiClient>, label: string): Promise<void> {
  const { boardId, icbId, healthId, policeId, policeDeputyId } = ids;
  const inTwoWeeks = addDays(todayIn(Date.now()), 14);

  const risk = await run('admin', 'risk:create', { boardId, title: `${label} risk`, leadAgencyId: icbId, ownerId: healthId, currentLikelihood: 3, currentImpact: 4, tolerance: 6 });
  await run('admin', 'risk:change-owner', { riskId: risk.id, ownerId: policeId });
  await run('admin', 'risk:escalate', { riskId: risk.id, reason: 'Needs the Improvement Board' });
  await run('admin', 'risk:deescalate', { riskId: risk.id, reason: 'Back to the group' });
  await run('admin', 'risk:close', { riskId: risk.id, reason: 'Mitigated in full' });
  await run('admin', 'risk:reopen', { riskId: risk.id, reason: 'It came back' });

  const challenge = await run('council', 'challenge:raise', {
    boardId,
    title: `${label} challenge`,
    question: 'Who covers the MASH on Fridays?',
    directedAgencyId: icbId,
    directedPersonId: healthId,
    subjectKind: 'risk',
    subjectRef: String(risk.id),
    dueDate: inTwoWeeks,
  });
  await writeResponse(clients.health, challenge.id, `${label}: a named nurse covers Fridays.`);
  await run('health', 'challenge:submit', { challengeId: challenge.id });
  await run('council', 'challenge:press', { challengeId: challenge.id, reason: 'Name the nurse', dueDate: inTwoWeeks });
  await run('health', 'challenge:submit', { challengeId: challenge.id });
  await run('council', 'challenge:accept', { challengeId: challenge.id, reason: 'Thank you' });
  await run('council', 'challenge:close', { challengeId: challenge.id, reason: 'Done' });
  const other = await run('council', 'challenge:raise', { boardId, title: `${label} challenge to escalate`, directedAgencyId: icbId, dueDate: inTwoWeeks });
  await run('council', 'challenge:escalate', { challengeId: other.id, reason: 'No answer in time' });

  await run('council', 'board:quorum-rule', { boardId, percent: 50, chairRequired: true });
  const meeting = await run('council', 'meeting:create', { boardId, title: `${label} meeting`, startsAt: meetingToday(), location: 'Room 1', onlineLink: 'https://meet.example/og' });
  const meetingId = meeting.id;
  await run('council', 'meeting:update', { meetingId, location: 'Room 2' });
  const first = (await run('council', 'agenda:add', { meetingId, title: 'Risk register', links: [{ kind: 'risk', ref: String(risk.id) }, { kind: 'challenge', ref: String(challenge.id) }], presenterPersonId: healthId, presenterAgencyId: icbId })).agenda.at(-1)!;
  const second = (await run('council', 'agenda:add', { meetingId, title: 'Any other business' })).agenda.at(-1)!;
  await run('council', 'agenda:update', { meetingId, itemId: first.id, title: 'The risk register', minutes: 20 });
  await run('council', 'agenda:move', { meetingId, itemId: second.id, toIndex: 0 });
  await run('council', 'meeting:build-agenda', { meetingId });
  await run('council', 'agenda:remove', { meetingId, itemId: second.id });
  // Put back as itself (Undo), then removed again: the rest of the run sees the agenda as before.
  await run('council', 'agenda:restore', { meetingId, itemId: second.id });
  await run('council', 'agenda:remove', { meetingId, itemId: second.id });
  await run('council', 'attendance:set', { meetingId, personId: healthId, status: 'present' });
  await run('council', 'attendance:set', { meetingId, personId: policeId, status: 'represented', deputyPersonId: policeDeputyId });
  const guests = (await run('council', 'guest:add', { meetingId, name: 'A visiting inspector', agency: 'Ofsted' })).guests;
  await run('council', 'guest:remove', { meetingId, guestId: guests.at(-1)!.id });
  await run('council', 'guest:add', { meetingId, name: 'A second visitor' });
  // A paper asked of health, its file uploaded to the evidence store and attached by its author; another added and removed.
  const asked = (await run('council', 'paper:add', { meetingId, itemId: first.id, title: `${label} performance report`, authorPersonId: healthId })).papers.at(-1)!;
  const file = await uploadEvidence(clients.health, 1, { name: 'report.csv', bytes: 'month,referrals\n2026-01,412\n' }, { title: `${label} performance report` });
  await run('health', 'paper:attach', { meetingId, paperId: asked.id, evidenceId: (file.body as { id: number }).id });
  const spare = (await run('council', 'paper:add', { meetingId, itemId: first.id, title: `${label} spare paper` })).papers.at(-1)!;
  await run('council', 'paper:remove', { meetingId, paperId: spare.id });
  // The pack published (printed by Chromium and kept) before the meeting starts.
  await run('council', 'pack:publish', { meetingId });
  await run('council', 'meeting:start', { meetingId });
  await run('council', 'meeting:advance', { meetingId, itemId: first.id });

  // Notes, a decision and the summary, typed into the meeting's doc: the states and minutes carry them.
  const notes = openDoc(clients.council, docName('meeting', meetingId));
  await notes.synced();
  notes.doc.getText(MEETING_DOC.notes(first.id)).insert(0, 'The group went through the register.');
  notes.doc.getText(MEETING_DOC.summary).insert(0, 'A short meeting.');
  addDecision(notes.doc, first.id, `d-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, 'The risk stays on the register.');
  await vi.waitFor(async () => expect((await clients.council.get<{ decisions: unknown[] }>(`/api/partnerships/1/meetings/${meetingId}`)).body.decisions).toHaveLength(1));
  notes.destroy();

  await run('health', 'hand:raise', { meetingId });
  await run('council', 'hand:lower', { meetingId, personId: healthId });
  await run('health', 'hand:raise', { meetingId });
  const action = await run('council', 'action:create', { meetingId, itemId: first.id, description: 'Report back on the register', ownerId: healthId, dueDate: inTwoWeeks });
  await run('health', 'action:update', { actionId: action.id, status: 'in_progress' });
  await run('council', 'meeting:close', { meetingId });
  await run('council', 'meeting:sign-off', { meetingId });

  // The improvement plan: a recommendation, a plan at the group answering it, an action its lead
  // officer reports on, and the objective's RAG decided by its lead against the suggestion, with a rationale.
  const recommendation = await run('admin', 'recommendation:create', { source: `${label} inspection`, reportDate: addDays(todayIn(Date.now()), -30), number: 1, text: 'Strengthen the line of sight on frontline practice.' });
  await run('admin', 'recommendation:update', { recommendationId: recommendation.id, text: 'Strengthen the line of sight senior managers have on frontline practice.' });
  const plan = await run('council', 'plan:create', { boardId, title: `${label} plan` });
  await run('council', 'plan:update', { planId: plan.id, title: `${label} improvement plan` });
  const theme = await run('council', 'theme:create', { planId: plan.id, title: 'Quality of front line practice' });
  await run('council', 'theme:update', { themeId: theme.id, title: 'Quality and effectiveness of front line practice', position: 0 });
  const objective = await run('council', 'objective:create', { themeId: theme.id, outcome: 'Managers have a clear line of sight on practice', leadPersonId: healthId, leadAgencyId: icbId, recommendationIds: [recommendation.id], riskIds: [risk.id] });
  await run('council', 'objective:update', { objectiveId: objective.id, riskIds: [] });
  const planAction = await run('council', 'plan-action:create', { objectiveId: objective.id, description: 'Daily figures to the DCS', milestones: 'Monthly dashboard', dueDate: inTwoWeeks, leadOfficerIds: [healthId, policeId], recommendationIds: [recommendation.id] });
  await run('health', 'plan-action:update', { actionId: planAction.id, status: 'on_track' });
  await run('health', 'objective:set-rag', { objectiveId: objective.id, rag: 'amber', rationale: 'One action only, and early days' });
  // A RAG proposed live: a meeting of the group with the objective on its agenda, police's deputy standing in for them.
  const ragMeeting = (await run('council', 'meeting:create', { boardId, title: `${label} plan meeting`, startsAt: meetingToday(), location: 'Room 3' })).id;
  await run('council', 'agenda:add', { meetingId: ragMeeting, title: 'Improvement plan RAG', links: [{ kind: 'objective', ref: String(objective.id) }] });
  await run('council', 'attendance:set', { meetingId: ragMeeting, personId: policeId, status: 'represented', deputyPersonId: policeDeputyId });
  await run('council', 'meeting:start', { meetingId: ragMeeting });
  await run('health', 'attendance:set', { meetingId: ragMeeting, personId: healthId, status: 'present' });
  await run('health', 'objective:propose-rag', { meetingId: ragMeeting, objectiveId: objective.id, rag: 'red', rationale: 'The figures reached the DCS late twice this month' });
  await run('council', 'meeting:close', { meetingId: ragMeeting });

  // Evidence of impact: a link by a member, relinked by them; a note by the chair, removed.
  const today = todayIn(Date.now());
  const link = await run('health', 'evidence:add-link', { title: `${label} dashboard`, date: today, kind: 'data', url: 'https://example.org/dashboard', recommendationIds: [recommendation.id], objectiveIds: [objective.id], actionIds: [planAction.id], riskIds: [risk.id], challengeIds: [challenge.id] });
  await run('health', 'evidence:update', { evidenceId: link.id, title: `${label} monthly dashboard`, riskIds: [] });
  const note = await run('council', 'evidence:add-note', { title: `${label} staff feedback`, date: today, kind: 'staff_feedback', note: 'Team managers find the daily figures useful.', objectiveIds: [objective.id] });
  await run('council', 'evidence:remove', { evidenceId: note.id });

  // The scorecard: an indicator set by a chair, England beside it, a month's value entered by its lead and then corrected.
  const month = today.slice(0, 7);
  const indicator = await run('council', 'indicator:create', { area: 'front_door', name: `${label} re-referrals within 12 months`, polarity: 'smaller_is_better', unit: 'percentage', frequency: 'monthly', agencyId: icbId, leadPersonId: healthId, target: 15, tolerance: 3, objectiveIds: [objective.id], riskIds: [risk.id] });
  await run('council', 'indicator:update', { indicatorId: indicator.id, maintainedWithin: 0.5 });
  await run('council', 'indicator:set-comparators', { indicatorId: indicator.id, comparators: [{ kind: 'england', name: 'England', values: [{ period: month, value: 24.9 }] }] });
  await run('health', 'indicator:record-values', { values: [{ indicatorId: indicator.id, period: month, value: 14.8 }] });
  await run('health', 'indicator:record-values', { values: [{ indicatorId: indicator.id, period: month, value: 14.6, note: 'Corrected after the data cleanse' }] });

  // The partnership's administration, and a person's own notifications.
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  await run('admin', 'board:challenge-settings', { boardId, raiserMayDecide: true });
  await run('admin', 'risk-matrix:save', { ...NPSA_MATRIX, impact: ['Negligible', 'Minor', 'Moderate', 'Major', `Catastrophic (${label})`] });
  await run('health', 'notifications:read', { ids: 'all' });
  // The marking printed on every page: changed, and put back as the demo has it.
  await run('admin', 'partnership:settings', { protectiveMarking: 'OFFICIAL-SENSITIVE', mailDetails: true });
  await run('admin', 'partnership:settings', { protectiveMarking: 'OFFICIAL', mailDetails: false });
  // Single sign-on, saved turned off (so no provider need answer); test/integration/sso.test.ts drives it turned on.
  await run('admin', 'partnership:sso', { label: `${label} County Council`, issuerUrl: 'https://login.example.test/tenant/v2.0', clientId: 'every-command', clientSecret: 'every-command-secret', allowedDomains: ['example.test'], enabled: false });
  const agency = await run('admin', 'agency:create', { name: `${label} agency`, kind: 'other' });
  await run('admin', 'agency:update', { agencyId: agency.id, kind: 'schools' });
  const { person } = await run('admin', 'person:create', { name: `${label} Person`, email: `${slug}@example.test`, agencyId: agency.id });
  await run('admin', 'person:update', { personId: person.id, jobTitle: 'Analyst' });
  await run('admin', 'person:invite', { personId: person.id });
  const board = await run('admin', 'board:create', { name: `${label} board`, parentBoardId: boardId });
  await run('admin', 'board:update', { boardId: board.id, description: 'Made by every command' });
  const seat = await run('admin', 'membership:add', { boardId: board.id, personId: person.id, role: 'member' });
  await run('admin', 'membership:update', { boardId: board.id, membershipId: seat.id, role: 'observer' });
  await run('admin', 'membership:remove', { boardId: board.id, membershipId: seat.id });
}
