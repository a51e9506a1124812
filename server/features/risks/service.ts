import { and, eq, max } from 'drizzle-orm';
import * as Y from 'yjs';
import { boards, fieldChanges, mitigations, risks } from '../../db/schema.js';
import type { DocStore } from '../../db/doc-store.js';
import { AppError } from '../../../shared/errors.js';
import { canCommandRisk, riskAccess, type Access, type Actor, type RiskCommand, type RiskCommandFacts } from '../../../shared/domain/permissions.js';
import { initialRiskDoc } from '../../../shared/docs/risk-doc.js';
import { SCORE_FIELDS, outOfRangeFields, outOfRangeMessage } from '../../../shared/domain/matrix.js';
import { isAboveTolerance, scoreOf } from '../../../shared/domain/scoring.js';
import { escalationRefusal, mayOfferEscalation } from '../../../shared/domain/tolerance.js';
import { docName } from '../../../shared/protocol/yjs.js';
import type { CreateRiskPayload, RiskDetail, RiskRow } from '../../../shared/schemas/risk.js';
import { writeAudit } from '../../core/audit.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import type { RiskQueries } from './queries.js';
import { RefusedReference, referencedAgency, referencedPerson } from '../../core/references.js';
import type { Delivery, NotificationService } from '../notifications/index.js';
import type { RiskAlerts } from './tolerance.js';

/** Boards with a live meeting linking a risk at which the person attends; the meetings capability supplies it. */
export type LiveMeetingLookup = (riskId: number, personId: number) => number[];

/** What the risk service is given by the composition root (the meetings feature supplies live boards). */
export interface RiskServiceDeps {
  liveMeetingBoards: LiveMeetingLookup;
  /** Who is told of tolerance crossings and escalations. */
  alerts: RiskAlerts;
  notifications: NotificationService;
}

export class RiskService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly docs: DocStore,
    readonly queries: RiskQueries,
    private readonly deps: RiskServiceDeps,
  ) {}

  /** Who may do what to a risk; `personId` adds the live meetings that person attends. */
  facts(riskId: number, personId?: number): (RiskCommandFacts & { status: 'open' | 'closed' }) | null {
    const r = this.ctx.db.select().from(risks).where(eq(risks.id, riskId)).get();
    if (!r) return null;
    const mitigationOwnerIds = this.ctx.db
      .select({ ownerId: mitigations.ownerId })
      .from(mitigations)
      .where(eq(mitigations.riskId, riskId))
      .all()
      .flatMap((m) => (m.ownerId === null ? [] : [m.ownerId]));
    return {
      partnershipId: r.partnershipId,
      boardId: r.boardId,
      escalatedToBoardId: r.escalatedToBoardId,
      ownerId: r.ownerId,
      leadAgencyId: r.leadAgencyId,
      mitigationOwnerIds,
      liveMeetingBoardIds: personId === undefined ? [] : this.deps.liveMeetingBoards(riskId, personId),
      status: r.status,
    };
  }

  access(actor: Actor, riskId: number): Access {
    const facts = this.facts(riskId, actor.personId);
    return facts ? riskAccess(actor, facts) : 'none';
  }

  detail(actor: Actor, riskId: number): RiskDetail {
    const facts = this.facts(riskId, actor.personId);
    const access = facts ? riskAccess(actor, facts) : 'none';
    if (!facts || access === 'none') throw new AppError('NOT_FOUND', 'Risk not found.');
    const row = this.queries.row(facts.partnershipId, riskId);
    return {
      ...row,
      ...this.queries.texts(riskId),
      mitigations: this.queries.mitigations([riskId]),
      access,
      canCommand: {
        close: canCommandRisk(actor, facts.status === 'open' ? 'close' : 'reopen', facts),
        escalate: canCommandRisk(actor, facts.escalatedToBoardId ? 'deescalate' : 'escalate', facts),
        changeOwner: canCommandRisk(actor, 'changeOwner', facts),
      },
      offerEscalation: mayOfferEscalation({
        status: facts.status,
        aboveTolerance: row.aboveTolerance,
        escalatedToBoardId: facts.escalatedToBoardId,
        parentBoardId: this.parentOf(facts.boardId),
        chairOrAdmin: canCommandRisk(actor, 'escalate', facts),
      }),
    };
  }

  create(actor: Actor, payload: CreateRiskPayload): RiskRow {
    const board = this.ctx.db.select().from(boards).where(and(eq(boards.id, payload.boardId), eq(boards.partnershipId, actor.partnershipId))).get();
    if (!board) throw new AppError('NOT_FOUND', 'Board not found.');
    const facts: RiskCommandFacts = { partnershipId: actor.partnershipId, boardId: board.id, escalatedToBoardId: null, ownerId: null, leadAgencyId: null, mitigationOwnerIds: [] };
    if (!canCommandRisk(actor, 'create', facts)) throw new AppError('FORBIDDEN', 'Only members of this board can add risks to its register.');
    this.assertPersonAndAgency(actor.partnershipId, payload.ownerId, payload.leadAgencyId);
    const scores = Object.fromEntries(SCORE_FIELDS.map((f) => [f, payload[f] ?? null])) as Record<(typeof SCORE_FIELDS)[number], number | null>;
    const size = this.queries.matrix(actor.partnershipId).size;
    const outside = outOfRangeFields(scores, size);
    if (outside.length > 0) {
      throw new RefusedReference('A score is outside this partnership’s risk matrix.', outside.map((f) => ({ path: f, message: outOfRangeMessage(f, size) })));
    }
    const at = isoAt(this.ctx.clock);
    const above = isAboveTolerance(scoreOf(scores.currentLikelihood, scores.currentImpact), scores.tolerance);
    let told: Delivery = [];
    const riskId = this.ctx.database.transaction(() => {
      const next = (this.ctx.db.select({ n: max(risks.number) }).from(risks).where(eq(risks.partnershipId, actor.partnershipId)).get()?.n ?? 0) + 1;
      const row = this.ctx.db
        .insert(risks)
        .values({
          partnershipId: actor.partnershipId,
          number: next,
          boardId: board.id,
          leadAgencyId: payload.leadAgencyId,
          ownerId: payload.ownerId,
          title: payload.title,
          category: payload.category,
          ...scores,
          aboveToleranceSince: above ? at : null,
          createdAt: at,
          createdBy: actor.personId,
          updatedAt: at,
          updatedBy: actor.personId,
        })
        .returning()
        .get();
      const doc = initialRiskDoc({ title: payload.title, category: payload.category, fields: Object.fromEntries(Object.entries(scores).filter(([, v]) => v !== null)) });
      this.docs.append(docName('risk', row.id), Y.encodeStateAsUpdate(doc), actor.personId, this.ctx.clock());
      writeAudit(this.ctx, { partnershipId: actor.partnershipId, actorId: actor.personId, action: 'risk.create', entityType: 'risk', entityId: row.id, detail: payload });
      if (above) told = this.deps.alerts.roseAboveTolerance(row.id, at);
      return row.id;
    });
    this.deps.notifications.deliver(told);
    this.ctx.bus.emit('risk.changed', { partnershipId: actor.partnershipId, riskId, command: 'create' });
    return this.queries.row(actor.partnershipId, riskId);
  }

  close(actor: Actor, riskId: number, reason: string): RiskRow {
    return this.transition(actor, riskId, 'close', (f) => {
      if (f.status === 'closed') throw new AppError('CONFLICT', 'The risk is already closed.');
      return { status: 'closed', closedReason: reason };
    }, { reason });
  }

  reopen(actor: Actor, riskId: number, reason: string): RiskRow {
    return this.transition(actor, riskId, 'reopen', (f) => {
      if (f.status === 'open') throw new AppError('CONFLICT', 'The risk is already open.');
      return { status: 'open', closedReason: null };
    }, { reason });
  }

  /**
   * Escalation to the parent board, with a reason: the chair's (or an admin's) decision, offered when the
   * risk rises above tolerance. Recorded in the risk's history, audited, and the receiving chair is told.
   */
  escalate(actor: Actor, riskId: number, reason: string): RiskRow {
    let parentName = '';
    const row = this.transition(actor, riskId, 'escalate', (f) => {
      const parent = this.parentOf(f.boardId);
      const why = escalationRefusal({ status: f.status, escalatedToBoardId: f.escalatedToBoardId, parentBoardId: parent, chairOrAdmin: true });
      if (why) throw new AppError('CONFLICT', why);
      parentName = this.ctx.db.select({ name: boards.name }).from(boards).where(eq(boards.id, parent!)).get()?.name ?? '';
      return { escalatedToBoardId: parent };
    }, { reason }, (f, at) => {
      this.history(f.partnershipId, riskId, actor.personId, at, [['escalatedTo', null, parentName], ['escalationReason', null, reason]]);
      return this.deps.alerts.escalated(riskId, reason);
    });
    return row;
  }

  deescalate(actor: Actor, riskId: number, reason: string): RiskRow {
    let fromName = '';
    return this.transition(actor, riskId, 'deescalate', (f) => {
      if (!f.escalatedToBoardId) throw new AppError('CONFLICT', 'The risk is not escalated.');
      fromName = this.ctx.db.select({ name: boards.name }).from(boards).where(eq(boards.id, f.escalatedToBoardId)).get()?.name ?? '';
      return { escalatedToBoardId: null };
    }, { reason }, (f, at) => {
      this.history(f.partnershipId, riskId, actor.personId, at, [['escalatedTo', fromName, null], ...(reason ? [['escalationReason', null, reason] as [string, unknown, unknown]] : [])]);
      return [];
    });
  }

  changeOwner(actor: Actor, riskId: number, ownerId: number, leadAgencyId?: number): RiskRow {
    return this.transition(actor, riskId, 'changeOwner', (f) => {
      const owner = this.assertPersonAndAgency(f.partnershipId, ownerId, leadAgencyId ?? null);
      return { ownerId, leadAgencyId: leadAgencyId ?? owner.agencyId };
    }, { ownerId, leadAgencyId });
  }

  private transition(
    actor: Actor,
    riskId: number,
    command: RiskCommand,
    decide: (facts: NonNullable<ReturnType<RiskService['facts']>>) => Partial<typeof risks.$inferInsert>,
    detail: Record<string, unknown>,
    /** More to write in the same transaction (history, notifications to deliver once it commits). */
    also?: (facts: NonNullable<ReturnType<RiskService['facts']>>, at: string) => Delivery,
  ): RiskRow {
    const facts = this.facts(riskId, actor.personId);
    if (!facts || riskAccess(actor, facts) === 'none') throw new AppError('NOT_FOUND', 'Risk not found.');
    if (!canCommandRisk(actor, command, facts)) throw new AppError('FORBIDDEN', 'You cannot do that to this risk.');
    const patch = decide(facts);
    const at = isoAt(this.ctx.clock);
    const told = this.ctx.database.transaction(() => {
      const before = this.ctx.db.select().from(risks).where(eq(risks.id, riskId)).get()!;
      this.ctx.db.update(risks).set({ ...patch, updatedAt: at, updatedBy: actor.personId }).where(eq(risks.id, riskId)).run();
      const changed = Object.fromEntries(Object.keys(patch).map((k) => [k, (before as Record<string, unknown>)[k]]));
      writeAudit(this.ctx, { partnershipId: facts.partnershipId, actorId: actor.personId, action: `risk.${command}`, entityType: 'risk', entityId: riskId, detail: { ...detail, before: changed, after: patch } });
      return also?.(facts, at) ?? [];
    });
    this.deps.notifications.deliver(told);
    this.ctx.bus.emit('risk.changed', { partnershipId: facts.partnershipId, riskId, command });
    return this.queries.row(facts.partnershipId, riskId);
  }

  private parentOf(boardId: number): number | null {
    return this.ctx.db.select({ parentBoardId: boards.parentBoardId }).from(boards).where(eq(boards.id, boardId)).get()?.parentBoardId ?? null;
  }

  /** Lines in the risk's history (the field-change trail the risk page shows), beside the audit. */
  private history(partnershipId: number, riskId: number, editorId: number, at: string, lines: [field: string, from: unknown, to: unknown][]): void {
    for (const [field, from, to] of lines) {
      this.ctx.db.insert(fieldChanges).values({ partnershipId, docName: docName('risk', riskId), recordId: riskId, mitigationId: null, field, fromValue: from, toValue: to, editorId, at }).run();
    }
  }

  private assertPersonAndAgency(partnershipId: number, personId: number, agencyId: number | null) {
    const person = referencedPerson(this.ctx, partnershipId, personId, 'ownerId');
    if (agencyId !== null) referencedAgency(this.ctx, partnershipId, agencyId, 'leadAgencyId');
    return person;
  }
}
