import { and, eq, max } from 'drizzle-orm';
import type { DocStore } from '../../db/doc-store.js';
import { boards, fieldChanges, mitigations, risks } from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import type { Actor, RiskCommand, RiskCommandFacts } from '../../../shared/domain/permissions.js';
import type { RiskMatrix } from '../../../shared/domain/scoring.js';
import { docName } from '../../../shared/protocol/yjs.js';
import { writeAudit } from '../../core/audit.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import { referencedAgency, referencedPerson } from '../../core/references.js';
import type { Delivery } from '../notifications/index.js';
import type { RiskAlerts } from './tolerance.js';

export type RiskRecord = typeof risks.$inferSelect;
type RiskPatch = Partial<typeof risks.$inferInsert>;

/** A risk as the command rules weigh it (shared/domain/permissions.ts), with the board its own board reports to. */
export interface RiskFacts extends RiskCommandFacts {
  status: 'open' | 'closed';
  /** Where the risk would be escalated to; null for a board at the top. */
  parentBoardId: number | null;
}

/**
 * The service's decision, taken again inside the transaction on the risk as it is then. It returns
 * when the command still stands and throws the refusal when it does not; a refusal writes nothing.
 */
export type Recheck = (now: RiskFacts) => void;

/** What a new risk is checked against inside its transaction. */
export interface CreateFacts {
  board: { id: number; partnershipId: number } | null;
  matrix: RiskMatrix;
}

/** A new risk's row, less what its transaction sets (its id and its number). */
export type NewRisk = Omit<typeof risks.$inferInsert, 'id' | 'number'>;

/** A line in the risk's history: the field, what it was, what it became. */
type HistoryLine = [field: string, from: unknown, to: unknown];

/** What a transition writes, given the row as it is inside the transaction. */
interface TransitionWrite {
  patch: RiskPatch;
  history?: HistoryLine[];
  /** Notifications written with the change, delivered once it has committed. */
  tell?: () => Promise<Delivery>;
}

/**
 * Every write of the risk service (a new risk; close, reopen, escalate, de-escalate, change owner) and
 * the reads its commands decide on. Public methods are asynchronous, so the storage behind them may
 * be. Each write is one unit of work: the row, its first document state or its history lines, its
 * audit row and its notifications, in one transaction; the service never splits one change over
 * several calls. (The register's views are RiskQueries'; the co-edited fields are written by the Yjs
 * commit path, doc.ts and projection.ts, which stays synchronous.)
 *
 * On SQLite every call resolves at once, but the service's checks and its write are still separate
 * steps, and two commands read from one network packet do interleave between them. So each write takes
 * the service's decision again (`Recheck`), inside its transaction, on the risk as it is then: two
 * closes give one close and one "already closed", an escalation meets the one that committed first, a
 * hand-on by an owner who has just been replaced is refused. A new risk re-checks its board, the
 * matrix its scores must fit and the people it names, and takes the next number inside the same
 * transaction. A PostgreSQL repository must do the same: every condition a write depends on is
 * re-checked inside its transaction (and the number taken under the unique index or a lock).
 *
 * `commitPath` holds the synchronous read the Yjs server's rights checks need.
 */
export class RiskRepository {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly docs: DocStore,
    private readonly alerts: RiskAlerts,
    /** The partnership's matrix as stored (RiskQueries.matrix): synchronous, read inside transactions. */
    private readonly matrixOf: (partnershipId: number) => Promise<RiskMatrix>,
  ) {}

  /** Synchronous, for the Yjs server's rights checks only (doc.ts, through the service's commitPath). */
  readonly commitPath = {
    facts: async (riskId: number): Promise<RiskFacts | null> => {
      const r = await this.ctx.db.select().from(risks).where(eq(risks.id, riskId)).get();
      return r ? (this.factsOf(r)) : null;
    },
  };

  // --- what commands decide on ---

  async facts(riskId: number): Promise<RiskFacts | null> {
    return this.commitPath.facts(riskId);
  }

  async board(partnershipId: number, boardId: number): Promise<{ id: number; partnershipId: number } | null> {
    return this.boardIn(partnershipId, boardId);
  }

  async matrix(partnershipId: number): Promise<RiskMatrix> {
    return this.matrixOf(partnershipId);
  }

  /** The owner and lead agency a risk would name are the partnership's, or a refusal naming the field. */
  async references(partnershipId: number, ownerId: number | null, leadAgencyId: number | null): Promise<void> {
    await this.owner(partnershipId, ownerId, leadAgencyId);
  }

  // --- units of work ---

  /**
   * A new risk, numbered next in its partnership: the row, the first state of its document, the audit
   * row and (when it starts above tolerance) the owner's and chair's notifications, in one transaction.
   */
  async create(
    actor: Actor,
    values: NewRisk,
    write: { recheck: (now: CreateFacts) => void; doc: Uint8Array; detail: unknown },
  ): Promise<{ riskId: number; delivery: Delivery }> {
    return this.ctx.database.transaction(async () => {
      const p = values.partnershipId;
      write.recheck({ board: (await this.boardIn(p, values.boardId)), matrix: await this.matrixOf(p) });
      await this.owner(p, values.ownerId ?? null, values.leadAgencyId ?? null);
      const next = ((await this.ctx.db.select({ n: max(risks.number) }).from(risks).where(eq(risks.partnershipId, p)).get())?.n ?? 0) + 1;
      const row = await this.ctx.db
        .insert(risks)
        .values({ ...values, number: next })
        .returning()
        .get();
      await this.docs.append(docName('risk', row.id), write.doc, actor.personId, this.ctx.clock());
      await writeAudit(this.ctx, { partnershipId: p, actorId: actor.personId, action: 'risk.create', entityType: 'risk', entityId: row.id, detail: write.detail });
      const delivery = row.aboveToleranceSince ? (await this.alerts.roseAboveTolerance(row.id, row.aboveToleranceSince)) : [];
      return { riskId: row.id, delivery };
    });
  }

  async close(actor: Actor, riskId: number, reason: string, recheck: Recheck): Promise<Delivery> {
    return this.transition(actor, riskId, 'close', recheck, { reason }, () => ({ patch: { status: 'closed', closedReason: reason } }));
  }

  async reopen(actor: Actor, riskId: number, reason: string, recheck: Recheck): Promise<Delivery> {
    return this.transition(actor, riskId, 'reopen', recheck, { reason }, () => ({ patch: { status: 'open', closedReason: null } }));
  }

  /** To the board above the risk's own (as it is inside the transaction); the receiving chair is told. */
  async escalate(actor: Actor, riskId: number, reason: string, recheck: Recheck): Promise<Delivery> {
    return this.transition(actor, riskId, 'escalate', recheck, { reason }, async (now) => {
      if (now.parentBoardId === null) throw new AppError('CONFLICT', 'This board has no board to escalate to.');
      return {
        patch: { escalatedToBoardId: now.parentBoardId },
        history: [['escalatedTo', null, (await this.boardName(now.parentBoardId))], ['escalationReason', null, reason]],
        tell: async () => this.alerts.escalated(riskId, reason),
      };
    });
  }

  async deescalate(actor: Actor, riskId: number, reason: string, recheck: Recheck): Promise<Delivery> {
    return this.transition(actor, riskId, 'deescalate', recheck, { reason }, async (now) => {
      if (now.escalatedToBoardId === null) throw new AppError('CONFLICT', 'The risk is not escalated.');
      const from = await this.boardName(now.escalatedToBoardId);
      return { patch: { escalatedToBoardId: null }, history: [['escalatedTo', from, null], ...(reason ? [['escalationReason', null, reason] as HistoryLine] : [])] };
    });
  }

  /** The new owner (and lead agency, or the owner's own) must be the partnership's as they are inside the transaction. */
  async changeOwner(actor: Actor, riskId: number, ownerId: number, leadAgencyId: number | undefined, recheck: Recheck): Promise<Delivery> {
    return this.transition(actor, riskId, 'changeOwner', recheck, { ownerId, leadAgencyId }, async (now) => {
      const owner = (await this.owner(now.partnershipId, ownerId, leadAgencyId ?? null))!;
      return { patch: { ownerId, leadAgencyId: leadAgencyId ?? owner.agencyId } };
    });
  }

  // --- inside a transaction ---

  /**
   * One transaction: the risk read as it is now, the service's decision taken again on it, then the
   * row patched, its audit row (what the patch changed, before and after), its history lines and its
   * notifications. Returns the notifications to deliver once it has committed.
   */
  private async transition(actor: Actor, riskId: number, command: RiskCommand, recheck: Recheck, detail: Record<string, unknown>, write: (now: RiskFacts) => TransitionWrite | Promise<TransitionWrite>): Promise<Delivery> {
    const at = isoAt(this.ctx.clock);
    return this.ctx.database.transaction(async () => {
      const before = await this.ctx.db.select().from(risks).where(eq(risks.id, riskId)).get();
      if (!before) throw new AppError('NOT_FOUND', 'Risk not found.');
      const now = await this.factsOf(before);
      recheck(now);
      const { patch, history = [], tell } = await write(now);
      await this.ctx.db.update(risks).set({ ...patch, updatedAt: at, updatedBy: actor.personId }).where(eq(risks.id, riskId)).run();
      const changed = Object.fromEntries(Object.keys(patch).map((k) => [k, (before as Record<string, unknown>)[k]]));
      await writeAudit(this.ctx, { partnershipId: before.partnershipId, actorId: actor.personId, action: `risk.${command}`, entityType: 'risk', entityId: riskId, detail: { ...detail, before: changed, after: patch } });
      for (const [field, from, to] of history) {
        await this.ctx.db.insert(fieldChanges).values({ partnershipId: before.partnershipId, docName: docName('risk', riskId), recordId: riskId, mitigationId: null, field, fromValue: from, toValue: to, editorId: actor.personId, at }).run();
      }
      return (await tell?.()) ?? [];
    });
  }

  private async factsOf(r: RiskRecord): Promise<RiskFacts> {
    const mitigationOwnerIds = (await this.ctx.db
      .select({ ownerId: mitigations.ownerId })
      .from(mitigations)
      .where(eq(mitigations.riskId, r.id))
      .all())
      .flatMap((m) => (m.ownerId === null ? [] : [m.ownerId]));
    return {
      partnershipId: r.partnershipId,
      boardId: r.boardId,
      escalatedToBoardId: r.escalatedToBoardId,
      ownerId: r.ownerId,
      leadAgencyId: r.leadAgencyId,
      mitigationOwnerIds,
      status: r.status,
      parentBoardId: (await this.ctx.db.select({ p: boards.parentBoardId }).from(boards).where(eq(boards.id, r.boardId)).get())?.p ?? null,
    };
  }

  private async boardIn(partnershipId: number, boardId: number): Promise<{ id: number; partnershipId: number } | null> {
    return (await this.ctx.db.select({ id: boards.id, partnershipId: boards.partnershipId }).from(boards).where(and(eq(boards.id, boardId), eq(boards.partnershipId, partnershipId))).get()) ?? null;
  }

  private async boardName(boardId: number): Promise<string> {
    return (await this.ctx.db.select({ name: boards.name }).from(boards).where(eq(boards.id, boardId)).get())?.name ?? '';
  }

  /** The owner and lead agency a risk names are the partnership's, or a refusal naming the field (core/references.ts). */
  private async owner(partnershipId: number, ownerId: number | null, leadAgencyId: number | null) {
    const person = ownerId === null ? null : (await referencedPerson(this.ctx, partnershipId, ownerId, 'ownerId'));
    if (leadAgencyId !== null) await referencedAgency(this.ctx, partnershipId, leadAgencyId, 'leadAgencyId');
    return person;
  }
}
