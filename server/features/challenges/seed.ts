import * as Y from 'yjs';
import { DocStore } from '../../db/doc-store.js';
import { challengeEvents, challenges } from '../../db/schema.js';
import { addDays, todayIn } from '../../../shared/domain/scoring.js';
import { docName } from '../../../shared/protocol/yjs.js';
import { CHALLENGE_DOC, CHALLENGE_RESPONSE_PART, type ChallengeStatus, type ChallengeSubjectKind } from '../../../shared/schemas/challenge.js';
import type { ServiceContext } from '../../core/context.js';
import { DEMO_PEOPLE, type DemoIds } from '../demo/index.js';

interface DemoChallenge {
  title: string;
  question: string;
  response?: string;
  board: string;
  raisedBy: string;
  to: string;
  toPerson?: string;
  subject: [ChallengeSubjectKind, string | null];
  /** Days ago it was raised, days from today it is due (negative: in the past). */
  raised: number;
  due: number;
  status: ChallengeStatus;
  /** Days after raising that the response came, if it did. */
  respondedAfter?: number;
  pressReason?: string;
}

/* Drawn from the council reports: health in MAST, probation at committees, reports to conferences. */
const DEMO_CHALLENGES: DemoChallenge[] = [
  {
    title: 'Health engagement in the MAST',
    question: 'Health input to MAST screening has fallen to two days a week since September. What will the ICB do to restore an active and consistent health presence, and by when?',
    board: 'ib', raisedBy: 'chair', to: 'icb', toPerson: 'health', subject: ['risk', '5'], raised: 40, due: -12, status: 'open',
  },
  {
    title: 'Probation attendance at board committees',
    question: 'Probation has attended one of the last six Policy, Procedure and Learning committees. How will probation be represented, with decision-making powers?',
    response: 'The delivery unit head will attend quarterly and a named senior probation officer will deputise at every other meeting.',
    board: 'scb', raisedBy: 'lscbChair', to: 'probation', toPerson: 'probation', subject: ['none', null], raised: 60, due: 10, status: 'pressed', respondedAfter: 20,
    pressReason: 'A deputy at alternate meetings is not enough: name the deputy and confirm attendance at every meeting.',
  },
  {
    title: 'Agency reports to child protection conferences in advance',
    question: 'Parents are not seeing police reports before conference. What proportion of police reports reached the chair three working days before conference last quarter?',
    response: 'Last quarter 58% of reports arrived three working days before conference. The MASH now sends a draft report the day the conference is booked.',
    board: 'qap', raisedBy: 'lscbChair', to: 'police', toPerson: 'police', subject: ['risk', '9'], raised: 50, due: -30, status: 'accepted', respondedAfter: 14,
  },
  {
    title: 'Return interviews for children missing from home',
    question: 'Only 41% of children who went missing were offered a return interview within 72 hours. What is the council doing about out-of-hours cover?',
    response: 'The service will be recommissioned with evening and weekend cover from April; until then the emergency duty team will make the offer.',
    board: 'scb', raisedBy: 'police', to: 'council', toPerson: 'council', subject: ['risk', '7'], raised: 30, due: -2, status: 'response_submitted', respondedAfter: 25,
  },
  {
    title: 'School exclusions of children on child protection plans',
    question: 'Three children on child protection plans were excluded this term without the social worker being told. How will schools make sure the social worker is consulted first?',
    board: 'scb', raisedBy: 'council', to: 'schools', toPerson: 'schools', subject: ['risk', '21'], raised: 5, due: 2, status: 'open',
  },
  {
    title: 'Health visiting caseloads',
    question: 'Caseloads above 500 families in two localities: what is the trust’s recovery plan?',
    response: 'Two health visitors start in January and caseloads will be rebalanced across localities.',
    board: 'og', raisedBy: 'council', to: 'trust', toPerson: 'healthDeputy', subject: ['risk', '13'], raised: 90, due: -60, status: 'closed', respondedAfter: 9,
  },
  {
    title: 'Police research for strategy discussions',
    question: 'Strategy discussions went ahead without police research in 14 cases last month. When will the MASH detective posts be filled?',
    board: 'og', raisedBy: 'council', to: 'police', toPerson: 'police', subject: ['risk', '6'], raised: 20, due: -5, status: 'escalated',
  },

];

export async function seedDemoChallenges(ctx: ServiceContext, ids: DemoIds): Promise<void> {
  const docs = new DocStore(ctx.database);
  const now = ctx.clock();
  const today = todayIn(now);
  const daysAgo = (d: number) => new Date(now - d * 86_400_000).toISOString();

  for (const [index, c] of DEMO_CHALLENGES.entries()) {
    const raisedAt = daysAgo(c.raised);
    const respondedAt = c.respondedAfter !== undefined ? daysAgo(c.raised - c.respondedAfter) : null;
    const decided = ['accepted', 'closed'].includes(c.status) ? daysAgo(Math.max(0, c.raised - (c.respondedAfter ?? 0) - 3)) : null;
    const row = await ctx.db
      .insert(challenges)
      .values({
        partnershipId: ids.partnershipId,
        number: index + 1,
        boardId: ids.board[c.board]!,
        escalatedToBoardId: c.status === 'escalated' ? ids.board.ib! : null,
        title: c.title,
        question: c.question,
        response: c.response ?? '',
        raisedById: ids.person[c.raisedBy]!,
        raisedByAgencyId: ids.agency[DEMO_PEOPLE.find((p) => p.key === c.raisedBy)!.agency]!,
        raisedAt,
        directedAgencyId: ids.agency[c.to]!,
        directedPersonId: c.toPerson ? ids.person[c.toPerson]! : null,
        subjectKind: c.subject[0],
        subjectRef: c.subject[1],
        dueDate: addDays(today, c.due),
        status: c.status,
        round: c.status === 'pressed' ? 2 : 1,
        respondedAt,
        closedAt: c.status === 'closed' ? decided : null,
        updatedAt: decided ?? respondedAt ?? raisedAt,
      })
      .returning()
      .get();
    const event = async (kind: string, at: string, actor: string, extra: { reason?: string; dueDate?: string; response?: string } = {}) =>
      ctx.db.insert(challengeEvents).values({ challengeId: row.id, kind, actorId: ids.person[actor]!, at, reason: extra.reason ?? null, dueDate: extra.dueDate ?? null, response: extra.response ?? null }).run();
    await event('raised', raisedAt, c.raisedBy, { dueDate: addDays(today, c.due) });
    if (respondedAt) await event('response_submitted', respondedAt, c.toPerson ?? c.to, { response: c.response ?? '' });
    if (c.status === 'pressed') await event('pressed', daysAgo(c.raised - (c.respondedAfter ?? 0) - 2), c.raisedBy, { reason: c.pressReason ?? '', dueDate: addDays(today, c.due) });
    if (c.status === 'accepted' || c.status === 'closed') await event('accepted', decided!, c.raisedBy);
    if (c.status === 'closed') await event('closed', decided!, c.raisedBy, { reason: 'Recovery plan in place; monitored through the risk register.' });
    if (c.status === 'escalated') await event('escalated', daysAgo(1), c.raisedBy, { reason: 'No response after the due date.' });

    const question = new Y.Doc();
    question.getText(CHALLENGE_DOC.question).insert(0, c.question);
    await docs.append(docName('challenge', row.id), Y.encodeStateAsUpdate(question), ids.person[c.raisedBy]!, now);
    if (c.response) {
      const response = new Y.Doc();
      response.getText(CHALLENGE_DOC.response).insert(0, c.response);
      await docs.append(docName('challenge', row.id, CHALLENGE_RESPONSE_PART), Y.encodeStateAsUpdate(response), ids.person[c.toPerson ?? c.to] ?? null, now);
    }
  };
}
