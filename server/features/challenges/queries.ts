import { and, asc, eq, gte, inArray, lte, ne } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { agencies, boards, challengeEvents, challenges, meetingActions, meetingAttendance, meetings, memberships, mitigations, people, risks } from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import { challengeReference, daysBetween, isChallengeOverdue, median } from '../../../shared/domain/challenges.js';
import { attendanceRates, type AttendanceRecord } from '../../../shared/domain/meetings.js';
import { addDays, bandOf, scoreOf, todayIn, type RiskMatrix } from '../../../shared/domain/scoring.js';
import type { AgencyAccountability, ChallengeEvent, ChallengeRow, ChallengeStatus } from '../../../shared/schemas/challenge.js';
import type { ServiceContext } from '../../core/context.js';

const raiser = alias(people, 'raiser');
const raiserAgency = alias(agencies, 'raiser_agency');
const directedAgency = alias(agencies, 'directed_agency');
const directedPerson = alias(people, 'directed_person');
const escalatedTo = alias(boards, 'escalated_to');

export interface ChallengeFilter {
  boardId?: number | undefined;
  agencyId?: number | undefined;
  status?: ChallengeStatus | undefined;
  overdue?: boolean | undefined;
  subjectKind?: string | undefined;
  subjectRef?: string | undefined;
  ids?: number[] | undefined;
}

/**
 * Read side of the challenge log and the accountability dashboard, all from SQLite rows. Asynchronous,
 * so the storage behind it may be (on SQLite each call resolves at once).
 */
export class ChallengeQueries {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly matrix: (partnershipId: number) => Promise<RiskMatrix>,
  ) {}

  async agencyIn(partnershipId: number, agencyId: number) {
    const row = await this.ctx.db.select().from(agencies).where(and(eq(agencies.id, agencyId), eq(agencies.partnershipId, partnershipId))).get();
    if (!row) throw new AppError('VALIDATION_FAILED', 'Unknown agency.', [{ path: 'directedAgencyId', message: 'Not an agency of this partnership' }]);
    return row;
  }

  async list(partnershipId: number, filter: ChallengeFilter = {}): Promise<ChallengeRow[]> {
    const where = [eq(challenges.partnershipId, partnershipId)];
    if (filter.boardId) where.push(eq(challenges.boardId, filter.boardId));
    if (filter.agencyId) where.push(eq(challenges.directedAgencyId, filter.agencyId));
    if (filter.status) where.push(eq(challenges.status, filter.status));
    if (filter.subjectKind) where.push(eq(challenges.subjectKind, filter.subjectKind as ChallengeRow['subjectKind']));
    if (filter.subjectRef) where.push(eq(challenges.subjectRef, filter.subjectRef));
    if (filter.ids) where.push(inArray(challenges.id, filter.ids));
    const today = todayIn(this.ctx.clock());
    const rows = (await this.ctx.db
      .select({ c: challenges, boardName: boards.name, escalatedToBoardName: escalatedTo.name, raisedByName: raiser.name, raisedByAgencyName: raiserAgency.name, directedAgencyName: directedAgency.name, directedPersonName: directedPerson.name })
      .from(challenges)
      .innerJoin(boards, eq(boards.id, challenges.boardId))
      .leftJoin(escalatedTo, eq(escalatedTo.id, challenges.escalatedToBoardId))
      .innerJoin(raiser, eq(raiser.id, challenges.raisedById))
      .innerJoin(raiserAgency, eq(raiserAgency.id, challenges.raisedByAgencyId))
      .innerJoin(directedAgency, eq(directedAgency.id, challenges.directedAgencyId))
      .leftJoin(directedPerson, eq(directedPerson.id, challenges.directedPersonId))
      .where(and(...where))
      .orderBy(asc(challenges.number))
      .all())
      .map(({ c, ...names }) => ({
        id: c.id,
        reference: challengeReference(c.number),
        title: c.title,
        boardId: c.boardId,
        boardName: names.boardName,
        escalatedToBoardId: c.escalatedToBoardId,
        escalatedToBoardName: names.escalatedToBoardName,
        raisedById: c.raisedById,
        raisedByName: names.raisedByName,
        raisedByAgencyName: names.raisedByAgencyName,
        raisedAt: c.raisedAt,
        meetingId: c.meetingId,
        agendaItemId: c.agendaItemId,
        directedAgencyId: c.directedAgencyId,
        directedAgencyName: names.directedAgencyName,
        directedPersonId: c.directedPersonId,
        directedPersonName: names.directedPersonName,
        subjectKind: c.subjectKind,
        subjectRef: c.subjectRef,
        dueDate: c.dueDate,
        status: c.status,
        overdue: isChallengeOverdue(c.dueDate, c.status, today),
        round: c.round,
        respondedAt: c.respondedAt,
        closedAt: c.closedAt,
      }));
    return filter.overdue === undefined ? rows : rows.filter((r) => r.overdue === filter.overdue);
  }

  async row(partnershipId: number, challengeId: number): Promise<ChallengeRow> {
    const [row] = await this.list(partnershipId, { ids: [challengeId] });
    if (!row) throw new AppError('NOT_FOUND', 'Challenge not found.');
    return row;
  }

  async texts(challengeId: number): Promise<{ question: string; response: string }> {
    return (await this.ctx.db.select({ question: challenges.question, response: challenges.response }).from(challenges).where(eq(challenges.id, challengeId)).get()) ?? { question: '', response: '' };
  }

  async timeline(challengeId: number): Promise<ChallengeEvent[]> {
    return (await this.ctx.db
      .select({ e: challengeEvents, actorName: people.name, actorAgencyName: agencies.name })
      .from(challengeEvents)
      .leftJoin(people, eq(people.id, challengeEvents.actorId))
      .leftJoin(agencies, eq(agencies.id, people.agencyId))
      .where(eq(challengeEvents.challengeId, challengeId))
      .orderBy(asc(challengeEvents.id))
      .all())
      .map(({ e, actorName, actorAgencyName }) => ({ id: e.id, at: e.at, kind: e.kind, actorName, actorAgencyName, reason: e.reason, dueDate: e.dueDate, response: e.response }));
  }

  /** Every agency side by side: what it owes, how fast it answers, what it owns, whether it attends. */
  async dashboard(partnershipId: number, period: { from?: string | undefined; to?: string | undefined }): Promise<AgencyAccountability[]> {
    const today = todayIn(this.ctx.clock());
    const inPeriod = (iso: string) => (!period.from || iso.slice(0, 10) >= period.from) && (!period.to || iso.slice(0, 10) <= period.to);
    const all = (await this.list(partnershipId)).filter((c) => inPeriod(c.raisedAt));
    const matrix = await this.matrix(partnershipId);
    const openRisks = await this.ctx.db.select().from(risks).where(and(eq(risks.partnershipId, partnershipId), eq(risks.status, 'open'))).all();
    const overdueMitigations = await this.ctx.db
      .select({ agencyId: mitigations.agencyId })
      .from(mitigations)
      .innerJoin(risks, eq(risks.id, mitigations.riskId))
      .where(and(eq(risks.partnershipId, partnershipId), eq(risks.status, 'open'), ne(mitigations.status, 'complete'), lte(mitigations.dueDate, addDays(today, -1))))
      .all();
    const overdueActions = await this.ctx.db
      .select({ agencyId: meetingActions.agencyId })
      .from(meetingActions)
      .where(and(eq(meetingActions.partnershipId, partnershipId), ne(meetingActions.status, 'done'), lte(meetingActions.dueDate, addDays(today, -1))))
      .all();
    const rates = attendanceRates((await this.attendanceRecords(partnershipId, period))).agencies;

    return (await this.ctx.db
      .select()
      .from(agencies)
      .where(eq(agencies.partnershipId, partnershipId))
      .orderBy(asc(agencies.name))
      .all())
      .map((agency) => {
        const owed = all.filter((c) => c.directedAgencyId === agency.id);
        const risksByBand: Record<string, number> = {};
        for (const r of openRisks.filter((r) => r.leadAgencyId === agency.id)) {
          const score = scoreOf(r.currentLikelihood, r.currentImpact);
          const band = score === null ? 'Unscored' : bandOf(score, matrix).label;
          risksByBand[band] = (risksByBand[band] ?? 0) + 1;
        }
        return {
          agencyId: agency.id,
          agencyName: agency.name,
          challengesOpen: owed.filter((c) => c.status !== 'accepted' && c.status !== 'closed').length,
          challengesOverdue: owed.filter((c) => c.overdue).length,
          challengesClosed: owed.filter((c) => c.status === 'accepted' || c.status === 'closed').length,
          medianDaysToRespond: median(owed.filter((c) => c.respondedAt).map((c) => daysBetween(c.raisedAt, c.respondedAt!))),
          overdueMitigations: overdueMitigations.filter((m) => m.agencyId === agency.id).length,
          overdueActions: overdueActions.filter((a) => a.agencyId === agency.id).length,
          risksByBand,
          attendanceRate: rates.get(agency.id)?.rate ?? null,
        };
      });
  }

  private async attendanceRecords(partnershipId: number, period: { from?: string | undefined; to?: string | undefined }): Promise<AttendanceRecord[]> {
    const held = await this.ctx.db
      .select({ id: meetings.id, boardId: meetings.boardId })
      .from(meetings)
      .where(
        and(
          eq(meetings.partnershipId, partnershipId),
          inArray(meetings.status, ['closed', 'signed_off']),
          ...(period.from ? [gte(meetings.startsAt, period.from)] : []),
          ...(period.to ? [lte(meetings.startsAt, `${period.to}T23:59:59Z`)] : []),
        ),
      )
      .all();
    if (held.length === 0) return [];
    // Who represented whom, with the deputy's agency: one person fills one seat, of their own agency.
    const deputy = alias(people, 'deputy');
    const recorded = new Map<string, Omit<AttendanceRecord, 'personId' | 'agencyId'>>();
    for (const { a, deputyAgencyId } of (await this.ctx.db
      .select({ a: meetingAttendance, deputyAgencyId: deputy.agencyId })
      .from(meetingAttendance)
      .leftJoin(deputy, eq(deputy.id, meetingAttendance.deputyPersonId))
      .where(inArray(meetingAttendance.meetingId, held.map((m) => m.id)))
      .all())) {
      recorded.set(`${a.meetingId}:${a.personId}`, { status: a.status, deputyPersonId: a.deputyPersonId, deputyAgencyId });
    }
    const seats = (await this.ctx.db
      .select({ boardId: memberships.boardId, personId: memberships.personId, agencyId: people.agencyId, role: memberships.role })
      .from(memberships)
      .innerJoin(people, eq(people.id, memberships.personId))
      .all())
      .filter((s) => s.role !== 'observer');
    return held.flatMap((m) =>
      seats.filter((s) => s.boardId === m.boardId).map((s) => ({ meetingId: m.id, personId: s.personId, agencyId: s.agencyId, ...(recorded.get(`${m.id}:${s.personId}`) ?? { status: null }) })),
    );
  }
}
