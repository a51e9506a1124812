import { and, eq } from 'drizzle-orm';
import { boards, memberships, risks } from '../../db/schema.js';
import { riskReference } from '../../../shared/domain/scoring.js';
import { toleranceDedupeKey } from '../../../shared/domain/tolerance.js';
import type { ServiceContext } from '../../core/context.js';
import type { Delivery, NotificationService } from '../notifications/index.js';

/**
 * Who is told when a risk crosses its tolerance or is escalated. The rules of when are pure
 * (shared/domain/tolerance.ts); this writes the notifications, inside the caller's transaction, and
 * returns them for `deliver` once it has committed.
 */
export class RiskAlerts {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly notifications: NotificationService,
  ) {}

  async chairsOf(boardId: number): Promise<number[]> {
    return (await this.ctx.db
      .select({ personId: memberships.personId })
      .from(memberships)
      .where(and(eq(memberships.boardId, boardId), eq(memberships.role, 'chair')))
      .all())
      .map((m) => m.personId);
  }

  /** The owner and the chair of the risk's board: once per crossing (the dedupe key names when it rose). */
  async roseAboveTolerance(riskId: number, since: string): Promise<Delivery> {
    const r = await this.ctx.db.select().from(risks).where(eq(risks.id, riskId)).get();
    if (!r) return [];
    const score = (r.currentLikelihood ?? 0) * (r.currentImpact ?? 0);
    const to = [...(r.ownerId === null ? [] : [r.ownerId]), ...(await this.chairsOf(r.boardId))];
    return this.notifications.notify(to, {
      partnershipId: r.partnershipId,
      kind: 'above_tolerance',
      challengeId: null,
      text: `${riskReference(r.number)} ${r.title}: the current score ${score} is above its tolerance of ${r.tolerance}`,
      link: `/risks/${r.id}`,
      dedupeKey: toleranceDedupeKey(r.id, since),
    });
  }

  /** The chair of the board a risk was escalated to. */
  async escalated(riskId: number, reason: string): Promise<Delivery> {
    const r = await this.ctx.db.select().from(risks).where(eq(risks.id, riskId)).get();
    if (!r?.escalatedToBoardId) return [];
    const from = (await this.ctx.db.select({ name: boards.name }).from(boards).where(eq(boards.id, r.boardId)).get())?.name ?? 'a board';
    return this.notifications.notify((await this.chairsOf(r.escalatedToBoardId)), {
      partnershipId: r.partnershipId,
      kind: 'risk_escalated',
      challengeId: null,
      text: `${riskReference(r.number)} ${r.title}: escalated by ${from}. Reason: ${reason.slice(0, 300)}`,
      link: `/risks/${r.id}`,
      dedupeKey: `escalated:${r.id}:${r.updatedAt}`,
    });
  }
}
