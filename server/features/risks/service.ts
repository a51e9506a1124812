import * as Y from 'yjs';
import { AppError } from '../../../shared/errors.js';
import { canCommandRisk, riskAccess, type Access, type Actor, type RiskCommand } from '../../../shared/domain/permissions.js';
import { initialRiskDoc } from '../../../shared/docs/risk-doc.js';
import { SCORE_FIELDS, outOfRangeFields, outOfRangeMessage } from '../../../shared/domain/matrix.js';
import { isAboveTolerance, scoreOf } from '../../../shared/domain/scoring.js';
import { escalationRefusal, mayOfferEscalation } from '../../../shared/domain/tolerance.js';
import type { CreateRiskPayload, RiskDetail, RiskRow } from '../../../shared/schemas/risk.js';

/** A new risk's texts beyond its title (an import brings them; the create command does not). */
export type NewRiskTexts = Partial<Record<'event' | 'cause' | 'effect', string>>;
import { isoAt, type ServiceContext } from '../../core/context.js';
import { RefusedReference } from '../../core/references.js';
import { runPrepared, type Prepared } from '../../core/prepared.js';
import type { RiskQueries } from './queries.js';
import type { CreateFacts, Recheck, RiskFacts, RiskRepository } from './repo.js';
import type { Delivery, NotificationService } from '../notifications/index.js';

/** Boards with a live meeting linking a risk at which the person attends; the meetings capability supplies it (synchronous, as rights are decided inside the Yjs commit too). */
export type LiveMeetingLookup = (riskId: number, personId: number) => Promise<number[]>;

/** What the risk service is given by the composition root (the meetings feature supplies live boards). */
export interface RiskServiceDeps {
  liveMeetingBoards: LiveMeetingLookup;
  notifications: NotificationService;
}

/** A risk as its commands weigh it: the rules' facts, with the live meetings the person attends. */
export type RiskCommandState = RiskFacts & { liveMeetingBoardIds: number[] };

/** What the Yjs server's rights checks read of risks: synchronous, and for doc.ts only. */
export interface RiskCommitReads {
  facts(riskId: number, personId?: number): Promise<RiskCommandState | null>;
  access(actor: Actor, riskId: number): Promise<Access>;
}

/**
 * The risk's life outside its co-edited document: a new risk, closing and reopening, escalation and
 * its reversal, a change of owner; each authorised, on the record and announced. Storage is the
 * repository's (asynchronous); each change is one call to it, which takes the decision made here
 * again inside its transaction (see RiskRepository), and is announced once committed.
 */
export class RiskService {
  readonly commitPath: RiskCommitReads;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: RiskRepository,
    readonly queries: RiskQueries,
    private readonly deps: RiskServiceDeps,
  ) {
    const withLive = async (facts: RiskFacts | null, riskId: number, personId?: number): Promise<RiskCommandState | null> =>
      facts && { ...facts, liveMeetingBoardIds: personId === undefined ? [] : await this.deps.liveMeetingBoards(riskId, personId) };
    this.commitPath = {
      facts: async (riskId, personId) => withLive((await repo.commitPath.facts(riskId)), riskId, personId),
      access: async (actor, riskId) => {
        const facts = await this.commitPath.facts(riskId, actor.personId);
        return facts ? riskAccess(actor, facts) : 'none';
      },
    };
  }

  /** Who may do what to a risk; `personId` adds the live meetings that person attends. */
  async facts(riskId: number, personId?: number): Promise<RiskCommandState | null> {
    const facts = await this.repo.facts(riskId);
    return facts && { ...facts, liveMeetingBoardIds: personId === undefined ? [] : await this.deps.liveMeetingBoards(riskId, personId) };
  }

  async access(actor: Actor, riskId: number): Promise<Access> {
    const facts = await this.facts(riskId, actor.personId);
    return facts ? riskAccess(actor, facts) : 'none';
  }

  async detail(actor: Actor, riskId: number): Promise<RiskDetail> {
    const facts = await this.facts(riskId, actor.personId);
    const access = facts ? riskAccess(actor, facts) : 'none';
    if (!facts || access === 'none') throw new AppError('NOT_FOUND', 'Risk not found.');
    const row = await this.queries.row(facts.partnershipId, riskId);
    return {
      ...row,
      ...(await this.queries.texts(riskId)),
      mitigations: await this.queries.mitigations([riskId]),
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
        parentBoardId: facts.parentBoardId,
        chairOrAdmin: canCommandRisk(actor, 'escalate', facts),
      }),
    };
  }

  async create(actor: Actor, payload: CreateRiskPayload): Promise<RiskRow> {
    return runPrepared(this.ctx, await this.prepareCreate(actor, payload));
  }

  /** The create command decided now, written when the caller's transaction runs it (an import's new risks come with their texts). */
  async prepareCreate(actor: Actor, payload: CreateRiskPayload, texts: NewRiskTexts = {}): Promise<Prepared<Promise<RiskRow>>> {
    const scores = Object.fromEntries(SCORE_FIELDS.map((f) => [f, payload[f] ?? null])) as Record<(typeof SCORE_FIELDS)[number], number | null>;
    // The board is the actor's partnership's and theirs to add to; the people named are the
    // partnership's; the scores fit its matrix. Decided here, and again inside the repository's
    // transaction (a matrix saved meanwhile, say).
    const allowedAt = (board: CreateFacts['board']) => {
      if (!board) throw new AppError('NOT_FOUND', 'Board not found.');
      const facts = { partnershipId: actor.partnershipId, boardId: board.id, escalatedToBoardId: null, ownerId: null, leadAgencyId: null, mitigationOwnerIds: [] };
      if (!canCommandRisk(actor, 'create', facts)) throw new AppError('FORBIDDEN', 'Only members of this board can add risks to its register.');
    };
    const fits = (matrix: CreateFacts['matrix']) => {
      const outside = outOfRangeFields(scores, matrix.size);
      if (outside.length > 0) {
        throw new RefusedReference('A score is outside this partnership’s risk matrix.', outside.map((f) => ({ path: f, message: outOfRangeMessage(f, matrix.size) })));
      }
    };
    allowedAt(await this.repo.board(actor.partnershipId, payload.boardId));
    await this.repo.references(actor.partnershipId, payload.ownerId, payload.leadAgencyId);
    fits(await this.repo.matrix(actor.partnershipId));
    const at = isoAt(this.ctx.clock);
    const above = isAboveTolerance(scoreOf(scores.currentLikelihood, scores.currentImpact), scores.tolerance);
    const doc = initialRiskDoc({ title: payload.title, category: payload.category, texts, fields: Object.fromEntries(Object.entries(scores).filter(([, v]) => v !== null)) });
    const write = async () => this.repo.create(
      actor,
      {
        partnershipId: actor.partnershipId,
        boardId: payload.boardId,
        leadAgencyId: payload.leadAgencyId,
        ownerId: payload.ownerId,
        title: payload.title,
        ...texts,
        category: payload.category,
        ...scores,
        aboveToleranceSince: above ? at : null,
        createdAt: at,
        createdBy: actor.personId,
        updatedAt: at,
        updatedBy: actor.personId,
      },
      { recheck: ({ board, matrix }) => (allowedAt(board), fits(matrix)), doc: Y.encodeStateAsUpdate(doc), detail: { ...payload, ...texts } },
    );
    return {
      write: async () => {
        const { riskId, delivery } = await write();
        return () => {
          this.deps.notifications.deliver(delivery);
          this.ctx.bus.emit('risk.changed', { partnershipId: actor.partnershipId, riskId, command: 'create' });
          return this.queries.row(actor.partnershipId, riskId);
        };
      },
    };
  }

  async close(actor: Actor, riskId: number, reason: string): Promise<RiskRow> {
    return this.transition(actor, riskId, 'close', (f) => {
      if (f.status === 'closed') throw new AppError('CONFLICT', 'The risk is already closed.');
    }, async (recheck) => (this.repo.close(actor, riskId, reason, recheck)));
  }

  async reopen(actor: Actor, riskId: number, reason: string): Promise<RiskRow> {
    return this.transition(actor, riskId, 'reopen', (f) => {
      if (f.status === 'open') throw new AppError('CONFLICT', 'The risk is already open.');
    }, async (recheck) => (this.repo.reopen(actor, riskId, reason, recheck)));
  }

  /**
   * Escalation to the parent board, with a reason: the chair's (or an admin's) decision, offered when the
   * risk rises above tolerance. Recorded in the risk's history, audited, and the receiving chair is told.
   */
  async escalate(actor: Actor, riskId: number, reason: string): Promise<RiskRow> {
    return this.transition(actor, riskId, 'escalate', (f) => {
      const why = escalationRefusal({ status: f.status, escalatedToBoardId: f.escalatedToBoardId, parentBoardId: f.parentBoardId, chairOrAdmin: true });
      if (why) throw new AppError('CONFLICT', why);
    }, async (recheck) => (this.repo.escalate(actor, riskId, reason, recheck)));
  }

  async deescalate(actor: Actor, riskId: number, reason: string): Promise<RiskRow> {
    return this.transition(actor, riskId, 'deescalate', (f) => {
      if (!f.escalatedToBoardId) throw new AppError('CONFLICT', 'The risk is not escalated.');
    }, async (recheck) => (this.repo.deescalate(actor, riskId, reason, recheck)));
  }

  /** The owner (and the lead agency, by default the owner's) are checked against the partnership inside the repository's transaction. */
  async changeOwner(actor: Actor, riskId: number, ownerId: number, leadAgencyId?: number): Promise<RiskRow> {
    return runPrepared(this.ctx, await this.prepareChangeOwner(actor, riskId, ownerId, leadAgencyId));
  }

  prepareChangeOwner(actor: Actor, riskId: number, ownerId: number, leadAgencyId?: number): Promise<Prepared<Promise<RiskRow>>> {
    return this.prepare(actor, riskId, 'changeOwner', () => {}, async (recheck) => (this.repo.changeOwner(actor, riskId, ownerId, leadAgencyId, recheck)));
  }

  /**
   * A command on a risk: decided on the risk as read (seen, allowed, `guard` passes), then written by
   * `write` in one transaction that takes the same decision again on the risk as it is by then. A
   * command that lost a race is refused there with CONFLICT: the guard's own words (already closed,
   * already escalated), or, when the risk moved so that the actor may no longer do it (a hand-on by an
   * owner replaced a moment ago), a plain "changed a moment ago".
   */
  private async transition(actor: Actor, riskId: number, command: RiskCommand, guard: (f: RiskFacts) => void, write: (recheck: Recheck) => Promise<Delivery>): Promise<RiskRow> {
    return runPrepared(this.ctx, await this.prepare(actor, riskId, command, guard, write));
  }

  private async prepare(actor: Actor, riskId: number, command: RiskCommand, guard: (f: RiskFacts) => void, write: (recheck: Recheck) => Promise<Delivery>): Promise<Prepared<Promise<RiskRow>>> {
    const facts = await this.facts(riskId, actor.personId);
    if (!facts || riskAccess(actor, facts) === 'none') throw new AppError('NOT_FOUND', 'Risk not found.');
    if (!canCommandRisk(actor, command, facts)) throw new AppError('FORBIDDEN', 'You cannot do that to this risk.');
    guard(facts);
    return {
      write: async () => {
        const delivery = await write((now) => {
          guard(now);
          if (!canCommandRisk(actor, command, now)) throw new AppError('CONFLICT', 'The risk changed a moment ago and this is no longer yours to do. Look again.');
        });
        return () => {
          this.deps.notifications.deliver(delivery);
          this.ctx.bus.emit('risk.changed', { partnershipId: facts.partnershipId, riskId, command });
          return this.queries.row(facts.partnershipId, riskId);
        };
      },
    };
  }
}
