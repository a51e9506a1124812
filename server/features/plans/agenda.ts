import { objectiveAttention, shortenOutcome } from '../../../shared/domain/plan-agenda.js';
import { PLAN_LIMITS } from '../../../shared/limits.js';
import type { AgendaProposal } from '../../../shared/schemas/meeting.js';
import type { PlanService } from './service.js';

/**
 * The improvement plan's proposals for a board meeting's "Build agenda": one item per objective of the
 * board's own plans that is red, worsening or has overdue actions, worst first, at most
 * PLAN_LIMITS.agendaObjectivesMax (the rest wait for the next meeting), each presented by the
 * objective's lead and linking it.
 */
export async function objectivesForAgenda(plans: PlanService, partnershipId: number, boardId: number): Promise<AgendaProposal[]> {
  const weighed = (await plans.objectivesOfBoard(partnershipId, boardId)).flatMap((o) => {
    const attention = objectiveAttention({ rag: o.rag?.rag ?? null, direction: o.direction, actions: o.actions });
    return attention ? [{ o, attention }] : [];
  });
  // A stable sort: equally weighty objectives keep the plan's order.
  weighed.sort((a, b) => b.attention.weight - a.attention.weight);
  return weighed.slice(0, PLAN_LIMITS.agendaObjectivesMax).map(({ o, attention }) => ({
    title: `Improvement plan: ${shortenOutcome(o.outcome, PLAN_LIMITS.agendaOutcomeChars)}`,
    reason: attention.reason,
    links: [{ kind: 'objective' as const, ref: String(o.id) }],
    presenterPersonId: o.leadPersonId,
    presenterAgencyId: o.leadAgencyId,
  }));
}
