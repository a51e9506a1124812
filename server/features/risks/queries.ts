import { and, asc, desc, eq, getTableColumns, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { agencies, boards, fieldChanges, mitigations, partnerships, people, risks, scoreHistory } from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import { NPSA_MATRIX, isAboveTolerance, isOverdue, riskReference, scoreOf, todayIn, trendOf, type RiskMatrix } from '../../../shared/domain/scoring.js';
import { docName } from '../../../shared/protocol/yjs.js';
import type { FieldChange, MitigationRow, RiskHistory, RiskRow, RiskStatus } from '../../../shared/schemas/risk.js';
import { RiskMatrixBody } from '../../../shared/schemas/matrix.js';
import { normaliseMatrix } from '../../../shared/domain/matrix.js';
import type { ServiceContext } from '../../core/context.js';
import { namesOf, overtakenOf, peopleIn } from './overtaken.js';

const escalatedTo = alias(boards, 'escalated_to');
// A list row never carries the long texts: a register of thousands stays small on the wire.
const { cause: _cause, event: _event, effect: _effect, ...listColumns } = getTableColumns(risks);
const owner = alias(people, 'owner');
const updater = alias(people, 'updater');

/**
 * Read side of the register: everything here comes from projections, never from opening docs. The
 * views only a request reads (one risk, its texts, its mitigations, its history) are asynchronous, so
 * the storage behind them may be; the list and the matrix stay synchronous, as the Yjs commit path
 * (the matrix a score must fit), the rows pushed to open pages and the register's pages read them.
 */
export class RiskQueries {
  constructor(private readonly ctx: ServiceContext) {}

  /** The partnership's matrix; null (never set) is the NPSA default, as is anything stored that is not a valid matrix. */
  async matrix(partnershipId: number): Promise<RiskMatrix> {
    const row = await this.ctx.db.select({ m: partnerships.riskMatrix }).from(partnerships).where(eq(partnerships.id, partnershipId)).get();
    if (!row?.m) return NPSA_MATRIX;
    const parsed = RiskMatrixBody.safeParse(row.m);
    return parsed.success ? normaliseMatrix(parsed.data) : NPSA_MATRIX;
  }

  async list(partnershipId: number, filter: { boardId?: number | undefined; status?: RiskStatus | undefined; ids?: number[] } = {}): Promise<RiskRow[]> {
    const conditions = [eq(risks.partnershipId, partnershipId)];
    // A board's register holds its own risks and those escalated to it.
    if (filter.boardId) conditions.push(or(eq(risks.boardId, filter.boardId), eq(risks.escalatedToBoardId, filter.boardId))!);
    if (filter.status) conditions.push(eq(risks.status, filter.status));
    if (filter.ids) conditions.push(inArray(risks.id, filter.ids));
    const today = todayIn(this.ctx.clock());
    const rows = await this.ctx.db
      .select({
        r: listColumns,
        boardName: boards.name,
        escalatedToBoardName: escalatedTo.name,
        leadAgencyName: agencies.name,
        ownerName: owner.name,
        updatedByName: updater.name,
      })
      .from(risks)
      .innerJoin(boards, eq(boards.id, risks.boardId))
      .leftJoin(escalatedTo, eq(escalatedTo.id, risks.escalatedToBoardId))
      .leftJoin(agencies, eq(agencies.id, risks.leadAgencyId))
      .leftJoin(owner, eq(owner.id, risks.ownerId))
      .leftJoin(updater, eq(updater.id, risks.updatedBy))
      .where(and(...conditions))
      .orderBy(asc(risks.number))
      .all();
    const counts = await this.mitigationCounts(rows.map((row) => row.r.id), today);
    return rows.map(({ r, ...names }) => {
      const current = scoreOf(r.currentLikelihood, r.currentImpact);
      return {
        id: r.id,
        reference: riskReference(r.number),
        title: r.title,
        category: r.category,
        boardId: r.boardId,
        boardName: names.boardName,
        escalatedToBoardId: r.escalatedToBoardId,
        escalatedToBoardName: names.escalatedToBoardName,
        leadAgencyId: r.leadAgencyId,
        leadAgencyName: names.leadAgencyName,
        ownerId: r.ownerId,
        ownerName: names.ownerName,
        inherent: { likelihood: r.inherentLikelihood, impact: r.inherentImpact, score: scoreOf(r.inherentLikelihood, r.inherentImpact) },
        current: { likelihood: r.currentLikelihood, impact: r.currentImpact, score: current },
        target: { likelihood: r.targetLikelihood, impact: r.targetImpact, score: scoreOf(r.targetLikelihood, r.targetImpact) },
        tolerance: r.tolerance,
        aboveTolerance: isAboveTolerance(current, r.tolerance),
        aboveToleranceSince: isAboveTolerance(current, r.tolerance) ? r.aboveToleranceSince : null,
        trend: trendOf(current, r.lastReviewScore),
        reviewFrequencyDays: r.reviewFrequencyDays,
        nextReviewDate: r.nextReviewDate,
        reviewOverdue: r.status === 'open' && isOverdue(r.nextReviewDate, today),
        status: r.status,
        closedReason: r.closedReason,
        mitigationCount: counts.get(r.id)?.total ?? 0,
        overdueMitigationCount: counts.get(r.id)?.overdue ?? 0,
        updatedAt: r.updatedAt,
        updatedByName: names.updatedByName,
      };
    });
  }

  async row(partnershipId: number, riskId: number): Promise<RiskRow> {
    const [row] = await this.list(partnershipId, { ids: [riskId] });
    if (!row) throw new AppError('NOT_FOUND', 'Risk not found.');
    return row;
  }

  /** Every risk of the partnership as an import compares it: the projected texts, scores and people. */
  async importState(partnershipId: number) {
    return this.ctx.db
      .select({
        id: risks.id,
        number: risks.number,
        boardId: risks.boardId,
        leadAgencyId: risks.leadAgencyId,
        ownerId: risks.ownerId,
        title: risks.title,
        cause: risks.cause,
        event: risks.event,
        effect: risks.effect,
        category: risks.category,
        inherentLikelihood: risks.inherentLikelihood,
        inherentImpact: risks.inherentImpact,
        currentLikelihood: risks.currentLikelihood,
        currentImpact: risks.currentImpact,
        targetLikelihood: risks.targetLikelihood,
        targetImpact: risks.targetImpact,
        tolerance: risks.tolerance,
        status: risks.status,
      })
      .from(risks)
      .where(eq(risks.partnershipId, partnershipId))
      .all();
  }

  async texts(riskId: number): Promise<{ cause: string; event: string; effect: string }> {
    return (await this.ctx.db.select({ cause: risks.cause, event: risks.event, effect: risks.effect }).from(risks).where(eq(risks.id, riskId)).get()) ?? { cause: '', event: '', effect: '' };
  }

  async mitigations(riskIds: number[]): Promise<MitigationRow[]> {
    if (riskIds.length === 0) return [];
    return this.mitigationRows(inArray(mitigations.riskId, riskIds));
  }

  /**
   * The partnership's mitigations (of the named risks only, when given), scoped by a join to its risks:
   * never a list of every risk id first, which at thousands of risks outgrows a statement's parameters.
   */
  async partnershipMitigations(partnershipId: number, riskIds?: number[]): Promise<MitigationRow[]> {
    const mine = inArray(mitigations.riskId, this.ctx.db.select({ id: risks.id }).from(risks).where(eq(risks.partnershipId, partnershipId)));
    return this.mitigationRows(riskIds ? and(mine, inArray(mitigations.riskId, riskIds))! : mine);
  }

  private async mitigationRows(where: SQL): Promise<MitigationRow[]> {
    const today = todayIn(this.ctx.clock());
    return (await this.ctx.db
      .select({ m: mitigations, ownerName: people.name, agencyName: agencies.name })
      .from(mitigations)
      .leftJoin(people, eq(people.id, mitigations.ownerId))
      .leftJoin(agencies, eq(agencies.id, mitigations.agencyId))
      .where(where)
      // Undated first (SQLite's own order for nulls, said outright for PostgreSQL), then by id: one order on both.
      .orderBy(sql`${mitigations.dueDate} asc nulls first`, asc(mitigations.id))
      .all())
      .map(({ m, ownerName, agencyName }) => ({
        id: m.id,
        key: m.key,
        riskId: m.riskId,
        action: m.action,
        ownerId: m.ownerId,
        ownerName,
        agencyId: m.agencyId,
        agencyName,
        dueDate: m.dueDate,
        status: m.status,
        overdue: isOverdue(m.dueDate, today, m.status === 'complete'),
        lastNoteAt: m.lastNoteAt,
      }));
  }

  async history(riskId: number): Promise<RiskHistory> {
    const editor = alias(people, 'editor');
    const rows = await this.ctx.db
      .select({ c: fieldChanges, editorName: editor.name })
      .from(fieldChanges)
      .leftJoin(editor, eq(editor.id, fieldChanges.editorId))
      .where(eq(fieldChanges.docName, docName('risk', riskId)))
      .orderBy(desc(fieldChanges.id))
      .limit(500)
      .all();
    // An overtaken change names two people: both names are looked up at once.
    const names = await namesOf(this.ctx, rows.flatMap(({ c }) => peopleIn(c)));
    const changes: FieldChange[] = rows.map(({ c, editorName }) => {
      const overtaken = overtakenOf(c, names);
      return { id: c.id, at: c.at, editorId: c.editorId, editorName, field: c.field, from: c.fromValue, to: c.toValue, mitigationId: c.mitigationId, ...(overtaken ? { overtaken } : {}) };
    });
    const scores = (await this.ctx.db
      .select({ s: scoreHistory, editorName: editor.name })
      .from(scoreHistory)
      .leftJoin(editor, eq(editor.id, scoreHistory.editorId))
      .where(eq(scoreHistory.riskId, riskId))
      .orderBy(asc(scoreHistory.at), asc(scoreHistory.id))
      .all())
      .map(({ s, editorName }) => ({ at: s.at, kind: s.kind, score: s.score, likelihood: s.likelihood, impact: s.impact, editorName }));
    return { changes, scores };
  }

  private async mitigationCounts(riskIds: number[], today: string): Promise<Map<number, { total: number; overdue: number }>> {
    const result = new Map<number, { total: number; overdue: number }>();
    if (riskIds.length === 0) return result;
    const rows = await this.ctx.db
      .select({
        riskId: mitigations.riskId,
        total: sql<number>`count(*)`,
        overdue: sql<number>`sum(case when ${mitigations.status} != 'complete' and ${mitigations.dueDate} < ${today} then 1 else 0 end)`,
      })
      .from(mitigations)
      .where(riskIds.length > 500 ? undefined : inArray(mitigations.riskId, riskIds))
      .groupBy(mitigations.riskId)
      .all();
    for (const r of rows) result.set(r.riskId, { total: r.total, overdue: r.overdue ?? 0 });
    return result;
  }
}
