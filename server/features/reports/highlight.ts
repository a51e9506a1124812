import { and, asc, eq, gte, inArray, isNotNull, lt, or } from 'drizzle-orm';
import { agencies, agendaItems, auditLog, boards, challenges, meetingDecisions, meetings, partnerships, people, planObjectives, plans, risks, objectiveRags } from '../../db/schema.js';
import { challengeReference } from '../../../shared/domain/challenges.js';
import { londonDate } from '../../../shared/domain/meetings.js';
import { canReadHighlightReport, highlightDueBy } from '../../../shared/domain/reporting.js';
import { riskReference, scoreOf, todayIn } from '../../../shared/domain/scoring.js';
import { EXCEPTION_REASON_WORDS } from '../../../shared/domain/scorecard.js';
import type { Actor } from '../../../shared/domain/permissions.js';
import { AppError } from '../../../shared/errors.js';
import type { HighlightReport } from '../../../shared/schemas/reports.js';
import type { ServiceContext } from '../../core/context.js';
import type { ScorecardService } from '../scorecard/index.js';

/** The month's bounds as stored times: a day either side, the month itself then decided in London time. */
function around(month: string): { from: string; to: string; inMonth: (iso: string) => boolean } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(y, m - 1, 1) - 86_400_000).toISOString();
  const to = new Date(Date.UTC(y, m, 1) + 86_400_000).toISOString();
  return { from, to, inMonth: (iso) => londonDate(iso).slice(0, 7) === month };
}

/**
 * A board's highlight report for a month, read from the record (issue 14 item 5): risks it escalated
 * and de-escalated (from their audit), its risks above tolerance now, decisions recorded at its
 * meetings, challenges it escalated, RAG changes of its plans' objectives, and the scorecard's
 * exceptions. Read by the board's people, the receiving board's and administrators.
 */
export async function highlightReport(ctx: ServiceContext, scorecard: ScorecardService, actor: Actor, boardId: number, month: string | undefined): Promise<HighlightReport> {
  const board = await ctx.db.select().from(boards).where(eq(boards.id, boardId)).get();
  if (!board || !canReadHighlightReport(actor, board)) throw new AppError('NOT_FOUND', 'Board not found.');
  const asked = month ?? todayIn(ctx.clock()).slice(0, 7);
  const { from, to, inMonth } = around(asked);
  const parent = board.parentBoardId === null ? null : ((await ctx.db.select({ id: boards.id, name: boards.name }).from(boards).where(eq(boards.id, board.parentBoardId)).get()) ?? null);
  const marking = (await ctx.db.select({ m: partnerships.protectiveMarking }).from(partnerships).where(eq(partnerships.id, board.partnershipId)).get())!.m;

  // Escalations and de-escalations of the board's own risks, as their audit rows record them.
  const moves = (await ctx.db
    .select({ action: auditLog.action, riskId: auditLog.entityId, at: auditLog.at, detail: auditLog.detail, byName: people.name, number: risks.number, title: risks.title })
    .from(auditLog)
    .innerJoin(risks, eq(risks.id, auditLog.entityId))
    .leftJoin(people, eq(people.id, auditLog.actorId))
    .where(and(eq(auditLog.entityType, 'risk'), inArray(auditLog.action, ['risk.escalate', 'risk.deescalate']), eq(risks.boardId, board.id), gte(auditLog.at, from), lt(auditLog.at, to)))
    .orderBy(asc(auditLog.at))
    .all())
    .filter((r) => inMonth(r.at))
    .map((r) => ({ action: r.action, move: { riskId: r.riskId!, reference: riskReference(r.number), title: r.title, at: r.at, reason: String((r.detail as { reason?: unknown } | null)?.reason ?? ''), byName: r.byName } }));

  const onRegister = await ctx.db
    .select()
    .from(risks)
    .where(and(or(eq(risks.boardId, board.id), eq(risks.escalatedToBoardId, board.id)), eq(risks.status, 'open'), isNotNull(risks.aboveToleranceSince)))
    .orderBy(asc(risks.number))
    .all();

  const decisions = (await ctx.db
    .select({ meetingId: meetings.id, meetingTitle: meetings.title, startsAt: meetings.startsAt, text: meetingDecisions.text })
    .from(meetingDecisions)
    .innerJoin(meetings, eq(meetings.id, meetingDecisions.meetingId))
    // A decision under an agenda item since removed is not in the minutes, nor here.
    .innerJoin(agendaItems, eq(agendaItems.id, meetingDecisions.itemId))
    .where(and(eq(meetings.boardId, board.id), eq(agendaItems.removed, false), gte(meetings.startsAt, from), lt(meetings.startsAt, to)))
    .orderBy(asc(meetings.startsAt), asc(meetingDecisions.createdAt))
    .all())
    .filter((d) => inMonth(d.startsAt) && d.text.trim() !== '')
    .map((d) => ({ meetingId: d.meetingId, meetingTitle: d.meetingTitle, date: londonDate(d.startsAt), text: d.text }));

  const challengesEscalated = (await ctx.db
    .select({ id: challenges.id, number: challenges.number, title: challenges.title, agencyName: agencies.name, at: auditLog.at, detail: auditLog.detail })
    .from(auditLog)
    .innerJoin(challenges, eq(challenges.id, auditLog.entityId))
    .innerJoin(agencies, eq(agencies.id, challenges.directedAgencyId))
    .where(and(eq(auditLog.entityType, 'challenge'), eq(auditLog.action, 'challenge.escalate'), eq(challenges.boardId, board.id), gte(auditLog.at, from), lt(auditLog.at, to)))
    .orderBy(asc(auditLog.at))
    .all())
    .filter((c) => inMonth(c.at))
    .map((c) => ({ challengeId: c.id, reference: challengeReference(c.number), title: c.title, agencyName: c.agencyName, at: c.at, reason: String((c.detail as { reason?: unknown } | null)?.reason ?? '') }));

  // Each decision of the month against the objective's decision before it: a change of RAG is reported.
  const rated = await ctx.db
    .select({ objectiveId: objectiveRags.objectiveId, rag: objectiveRags.rag, period: objectiveRags.period, decidedAt: objectiveRags.decidedAt, byName: people.name, outcome: planObjectives.outcome, planTitle: plans.title })
    .from(objectiveRags)
    .innerJoin(planObjectives, eq(planObjectives.id, objectiveRags.objectiveId))
    .innerJoin(plans, eq(plans.id, planObjectives.planId))
    .leftJoin(people, eq(people.id, objectiveRags.decidedById))
    .where(and(eq(plans.boardId, board.id), lt(objectiveRags.decidedAt, to)))
    .orderBy(asc(objectiveRags.decidedAt), asc(objectiveRags.id))
    .all();
  const lastRag = new Map<number, string>();
  const ragChanges: HighlightReport['ragChanges'] = [];
  for (const r of rated) {
    const before = lastRag.get(r.objectiveId) ?? null;
    if (r.decidedAt >= from && inMonth(r.decidedAt) && before !== r.rag) ragChanges.push({ objectiveId: r.objectiveId, planTitle: r.planTitle, outcome: r.outcome, period: r.period, from: before, to: r.rag, decidedAt: r.decidedAt, byName: r.byName });
    lastRag.set(r.objectiveId, r.rag);
  }

  const exceptions = (await scorecard.exceptions(actor)).map((i) => ({
    indicatorId: i.id,
    name: i.name,
    rag: i.rag,
    reasons: i.exceptions.map((e) => EXCEPTION_REASON_WORDS[e]),
    latest: i.latest ? `${i.latest.value} (${i.latest.period})` : null,
  }));

  const receiving = board.parentBoardId === null ? [] : (await ctx.db.select({ startsAt: meetings.startsAt, papersDeadline: meetings.papersDeadline }).from(meetings).where(eq(meetings.boardId, board.parentBoardId)).all());
  return {
    board: { id: board.id, name: board.name },
    month: asked,
    reportsTo: parent,
    cycle: board.reportingCycle,
    dueBy: highlightDueBy(asked, receiving.map((m) => ({ date: londonDate(m.startsAt), papersDeadline: m.papersDeadline }))),
    marking,
    escalated: moves.filter((m) => m.action === 'risk.escalate').map((m) => m.move),
    deescalated: moves.filter((m) => m.action === 'risk.deescalate').map((m) => m.move),
    aboveTolerance: onRegister.map((r) => ({ riskId: r.id, reference: riskReference(r.number), title: r.title, score: scoreOf(r.currentLikelihood, r.currentImpact), tolerance: r.tolerance, since: r.aboveToleranceSince })),
    decisions,
    challengesEscalated,
    ragChanges,
    exceptions,
  };
}

/**
 * The highlight reports a board receives for a meeting (a section each of its pack): those of the
 * boards that report to it with a cycle, for the month before the meeting's month, as the person
 * reading the pack may read them.
 */
export async function receivedHighlights(ctx: ServiceContext, scorecard: ScorecardService, actor: Actor, boardId: number, meetingStartsAt: string): Promise<HighlightReport[]> {
  const [y, m] = londonDate(meetingStartsAt).split('-').map(Number) as [number, number];
  const month = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  const senders = await ctx.db.select({ id: boards.id, cycle: boards.reportingCycle }).from(boards).where(eq(boards.parentBoardId, boardId)).all();
  const out: HighlightReport[] = [];
  for (const b of senders) if (b.cycle !== 'none') out.push(await highlightReport(ctx, scorecard, actor, b.id, month));
  return out;
}
