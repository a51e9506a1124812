import { and, eq, inArray, isNull, notInArray } from 'drizzle-orm';
import { boardChallengeSettings, boards, challenges, meetingPapers, meetings, risks } from '../../db/schema.js';
import { awaitingResponse, canChallenge, challengeReference, isChallengeOverdue, type ChallengeFacts } from '../../../shared/domain/challenges.js';
import { londonDay } from '../../../shared/domain/meeting-time.js';
import type { Actor } from '../../../shared/domain/permissions.js';
import { addDays, riskReference, todayIn } from '../../../shared/domain/scoring.js';
import { byUrgency } from '../../../shared/domain/waiting.js';
import { WAITING_HORIZON_DAYS, WAITING_KINDS, type WaitingItem, type WaitingKind, type WaitingList } from '../../../shared/schemas/waiting.js';
import type { ServiceContext } from '../../core/context.js';
import { DUE_SOURCES, ragReminders, valuesReminders, type DueScope } from '../reminders/index.js';

/** The reminders' dated obligations, as "Waiting for you" names them. */
const KIND_OF_SOURCE: Record<string, WaitingKind> = { action_due: 'action_due', mitigation_due: 'mitigation_due', review_due: 'review_due' };

/**
 * What the board expects of one person now (issue 16 item 7), read for their home page. Each item is
 * found by the rule that lets them do it (a response is answered by the directed agency, decided by the
 * board's chair or, where the board allows, its raiser), from the same dated obligations the reminders
 * mail (reminders/due-dates.ts), within WAITING_HORIZON_DAYS or overdue.
 */
export class WaitingService {
  constructor(private readonly ctx: ServiceContext) {}

  async forPerson(actor: Actor): Promise<WaitingList> {
    const now = this.ctx.clock();
    const today = todayIn(now);
    const horizon = addDays(today, WAITING_HORIZON_DAYS);
    const scope: DueScope = { partnershipId: actor.partnershipId, personId: actor.personId };
    const boardNames = new Map((await this.ctx.db.select({ id: boards.id, name: boards.name }).from(boards).where(eq(boards.partnershipId, actor.partnershipId)).all()).map((b) => [b.id, b.name]));
    const chaired = [...actor.boardRoles].filter(([, role]) => role === 'chair').map(([boardId]) => boardId);
    const boardName = (id: number) => boardNames.get(id) ?? null;

    const items: WaitingItem[] = [
      ...(await this.challenges(actor, today, boardName)),
      ...(await this.chairing(actor, chaired, today, horizon, boardName)),
      ...(await this.papers(actor, now, boardName)),
    ];
    for (const source of DUE_SOURCES) {
      for (const item of (await source.items(this.ctx, scope))) {
        if (item.dueDate > horizon) continue;
        items.push({ kind: KIND_OF_SOURCE[source.due]!, reference: null, title: item.text, boardName: null, due: item.dueDate, overdue: item.dueDate < today, link: item.link });
      }
    }
    for (const r of (await ragReminders(this.ctx, today, scope))) items.push({ kind: 'rag_due', reference: null, title: r.n.text, boardName: null, due: r.dueDate, overdue: false, link: r.n.link ?? '/' });
    for (const r of (await valuesReminders(this.ctx, today, scope))) items.push({ kind: 'values_due', reference: null, title: r.n.text, boardName: null, due: r.dueDate, overdue: false, link: r.n.link ?? '/' });
    return { items: items.sort(byUrgency(WAITING_KINDS)), today };
  }

  /** Challenges to answer (the directed agency, or the person it is directed to), responses to decide, and those escalated to a board the person chairs. */
  private async challenges(actor: Actor, today: string, boardName: (id: number) => string | null): Promise<WaitingItem[]> {
    const open = await this.ctx.db
      .select()
      .from(challenges)
      .where(and(eq(challenges.partnershipId, actor.partnershipId), notInArray(challenges.status, ['accepted', 'closed'])))
      .all();
    if (open.length === 0) return [];
    const raiserMayDecide = new Set(
      (await this.ctx.db
        .select({ boardId: boardChallengeSettings.boardId })
        .from(boardChallengeSettings)
        .where(and(inArray(boardChallengeSettings.boardId, [...new Set(open.map((c) => c.boardId))]), eq(boardChallengeSettings.raiserMayDecide, true)))
        .all())
        .map((s) => s.boardId),
    );
    const items: WaitingItem[] = [];
    for (const c of open) {
      const facts: ChallengeFacts = { ...c, raiserMayDecide: raiserMayDecide.has(c.boardId) };
      const base = { reference: challengeReference(c.number), title: c.title, boardName: boardName(c.escalatedToBoardId ?? c.boardId), link: `/challenges/${c.id}` };
      const answers = awaitingResponse(c.status) && canChallenge(actor, 'submit', facts) && (c.directedPersonId === null || c.directedPersonId === actor.personId);
      if (answers) items.push({ ...base, kind: 'challenge_to_answer', due: c.dueDate, overdue: isChallengeOverdue(c.dueDate, c.status, today) });
      else if (c.status === 'response_submitted' && canChallenge(actor, 'accept', facts)) items.push({ ...base, kind: 'response_to_decide', due: c.dueDate, overdue: false });
      else if (c.status === 'escalated' && c.escalatedToBoardId !== null && actor.boardRoles.get(c.escalatedToBoardId) === 'chair') {
        items.push({ ...base, kind: 'challenge_escalated', due: c.dueDate, overdue: isChallengeOverdue(c.dueDate, c.status, today) });
      }
    }
    return items;
  }

  /** For a board's chair: risks escalated to it, its meetings of the next days to prepare, its closed meetings' minutes to sign off. */
  private async chairing(actor: Actor, chaired: number[], today: string, horizon: string, boardName: (id: number) => string | null): Promise<WaitingItem[]> {
    if (chaired.length === 0) return [];
    const items: WaitingItem[] = [];
    const escalated = await this.ctx.db
      .select()
      .from(risks)
      .where(and(eq(risks.partnershipId, actor.partnershipId), eq(risks.status, 'open'), inArray(risks.escalatedToBoardId, chaired)))
      .all();
    for (const r of escalated) {
      items.push({ kind: 'risk_escalated', reference: riskReference(r.number), title: r.title, boardName: boardName(r.boardId), due: r.nextReviewDate, overdue: r.nextReviewDate !== null && r.nextReviewDate < today, link: `/risks/${r.id}` });
    }
    const ours = await this.ctx.db
      .select()
      .from(meetings)
      .where(and(eq(meetings.partnershipId, actor.partnershipId), inArray(meetings.boardId, chaired), inArray(meetings.status, ['scheduled', 'closed'])))
      .all();
    for (const m of ours) {
      const base = { reference: null, title: m.title, boardName: boardName(m.boardId), overdue: false };
      const day = londonDay(m.startsAt);
      if (m.status === 'scheduled' && day >= today && day <= horizon) items.push({ ...base, kind: 'meeting_to_prepare', due: day, link: `/meetings/${m.id}` });
      if (m.status === 'closed') items.push({ ...base, kind: 'minutes_to_sign_off', due: null, link: `/meetings/${m.id}/minutes` });
    }
    return items;
  }

  /** Papers the person is named to write for a meeting still to come, not yet in. */
  private async papers(actor: Actor, now: number, boardName: (id: number) => string | null): Promise<WaitingItem[]> {
    return (await this.ctx.db
      .select({ paper: meetingPapers, meeting: meetings })
      .from(meetingPapers)
      .innerJoin(meetings, eq(meetings.id, meetingPapers.meetingId))
      .where(and(eq(meetingPapers.partnershipId, actor.partnershipId), eq(meetingPapers.authorPersonId, actor.personId), isNull(meetingPapers.evidenceId), eq(meetings.status, 'scheduled')))
      .all())
      .map(({ paper, meeting }) => ({
        kind: 'paper_to_write' as const,
        reference: null,
        title: `${paper.title} (for ${meeting.title})`,
        boardName: boardName(meeting.boardId),
        due: londonDay(meeting.papersDeadline),
        overdue: Date.parse(meeting.papersDeadline) < now,
        link: `/meetings/${meeting.id}`,
      }));
  }
}
