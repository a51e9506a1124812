import { and, eq, max } from 'drizzle-orm';
import * as Y from 'yjs';
import { boards, mitigations, risks } from '../db/schema.js';
import type { DocStore } from '../db/doc-store.js';
import { AppError } from '../../shared/errors.js';
import { canCommandRisk, riskAccess, type Access, type Actor, type RiskCommand, type RiskCommandFacts } from '../../shared/domain/permissions.js';
import { initialRiskDoc } from '../../shared/docs/risk-doc.js';
import { docName } from '../../shared/protocol/yjs.js';
import type { CreateRiskPayload, RiskDetail, RiskRow } from '../../shared/schemas/risk.js';
import { writeAudit } from './audit.js';
import { isoAt, type ServiceContext } from './context.js';
import type { RiskQueries } from './risk-queries.js';
import { referencedAgency, referencedPerson } from './references.js';

/** Boards with a live meeting linking a risk at which the person attends; the meetings capability supplies it. */
export type LiveMeetingLookup = (riskId: number, personId: number) => number[];

export class RiskService {
  liveMeetingBoards: LiveMeetingLookup = () => [];

  constructor(
    private readonly ctx: ServiceContext,
    private readonly docs: DocStore,
    readonly queries: RiskQueries,
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
      liveMeetingBoardIds: personId === undefined ? [] : this.liveMeetingBoards(riskId, personId),
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
    return {
      ...this.queries.row(facts.partnershipId, riskId),
      ...this.queries.texts(riskId),
      mitigations: this.queries.mitigations([riskId]),
      access,
      canCommand: {
        close: canCommandRisk(actor, facts.status === 'open' ? 'close' : 'reopen', facts),
        escalate: canCommandRisk(actor, facts.escalatedToBoardId ? 'deescalate' : 'escalate', facts),
        changeOwner: canCommandRisk(actor, 'changeOwner', facts),
      },
    };
  }

  create(actor: Actor, payload: CreateRiskPayload): RiskRow {
    const board = this.ctx.db.select().from(boards).where(and(eq(boards.id, payload.boardId), eq(boards.partnershipId, actor.partnershipId))).get();
    if (!board) throw new AppError('NOT_FOUND', 'Board not found.');
    const facts: RiskCommandFacts = { partnershipId: actor.partnershipId, boardId: board.id, escalatedToBoardId: null, ownerId: null, leadAgencyId: null, mitigationOwnerIds: [] };
    if (!canCommandRisk(actor, 'create', facts)) throw new AppError('FORBIDDEN', 'Only members of this board can add risks to its register.');
    this.assertPersonAndAgency(actor.partnershipId, payload.ownerId, payload.leadAgencyId);
    const at = isoAt(this.ctx.clock);
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
          createdAt: at,
          createdBy: actor.personId,
          updatedAt: at,
          updatedBy: actor.personId,
        })
        .returning()
        .get();
      const doc = initialRiskDoc({ title: payload.title, category: payload.category });
      this.docs.append(docName('risk', row.id), Y.encodeStateAsUpdate(doc), actor.personId, this.ctx.clock());
      writeAudit(this.ctx, { partnershipId: actor.partnershipId, actorId: actor.personId, action: 'risk.create', entityType: 'risk', entityId: row.id, detail: payload });
      return row.id;
    });
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

  escalate(actor: Actor, riskId: number, reason: string): RiskRow {
    return this.transition(actor, riskId, 'escalate', (f) => {
      if (f.escalatedToBoardId) throw new AppError('CONFLICT', 'The risk is already escalated.');
      const parent = this.ctx.db.select({ parentBoardId: boards.parentBoardId }).from(boards).where(eq(boards.id, f.boardId)).get()?.parentBoardId;
      if (!parent) throw new AppError('CONFLICT', 'This board has no board to escalate to.');
      return { escalatedToBoardId: parent };
    }, { reason });
  }

  deescalate(actor: Actor, riskId: number, reason: string): RiskRow {
    return this.transition(actor, riskId, 'deescalate', (f) => {
      if (!f.escalatedToBoardId) throw new AppError('CONFLICT', 'The risk is not escalated.');
      return { escalatedToBoardId: null };
    }, { reason });
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
  ): RiskRow {
    const facts = this.facts(riskId, actor.personId);
    if (!facts || riskAccess(actor, facts) === 'none') throw new AppError('NOT_FOUND', 'Risk not found.');
    if (!canCommandRisk(actor, command, facts)) throw new AppError('FORBIDDEN', 'You cannot do that to this risk.');
    const patch = decide(facts);
    const at = isoAt(this.ctx.clock);
    this.ctx.database.transaction(() => {
      const before = this.ctx.db.select().from(risks).where(eq(risks.id, riskId)).get()!;
      this.ctx.db.update(risks).set({ ...patch, updatedAt: at, updatedBy: actor.personId }).where(eq(risks.id, riskId)).run();
      const changed = Object.fromEntries(Object.keys(patch).map((k) => [k, (before as Record<string, unknown>)[k]]));
      writeAudit(this.ctx, { partnershipId: facts.partnershipId, actorId: actor.personId, action: `risk.${command}`, entityType: 'risk', entityId: riskId, detail: { ...detail, before: changed, after: patch } });
    });
    return this.queries.row(facts.partnershipId, riskId);
  }

  private assertPersonAndAgency(partnershipId: number, personId: number, agencyId: number | null) {
    const person = referencedPerson(this.ctx, partnershipId, personId, 'ownerId');
    if (agencyId !== null) referencedAgency(this.ctx, partnershipId, agencyId, 'leadAgencyId');
    return person;
  }
}
