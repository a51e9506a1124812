import { eq } from 'drizzle-orm';
import { planActions, planObjectiveRisks } from '../../db/schema.js';
import { suggestRag, type RagActionFact, type RagRiskFact, type RagSuggestion } from '../../../shared/domain/plan-rag.js';
import type { ServiceContext } from '../../core/context.js';

/** A risk of the register as an objective links it: its reference, title and tolerance flag. */
export interface LinkedRiskRow extends RagRiskFact {
  id: number;
  title: string;
}

/**
 * The register's risks of a partnership by id (the risks feature's projection rows; only the
 * partnership's come back). Synchronous: a RAG decision reads it inside its transaction.
 */
export type RiskReader = (partnershipId: number, riskIds: number[]) => LinkedRiskRow[];

/**
 * What an objective's suggested RAG is worked out from (shared/domain/plan-rag.ts): its actions, and
 * the linked risks as the register has them now. One place, so the plan page and the check of a
 * decision (inside its transaction) weigh the same facts. Indicators join when the scorecard exists.
 */
export class EvidenceReader {
  constructor(
    private readonly ctx: ServiceContext,
    readonly risks: RiskReader,
  ) {}

  suggestionFor(partnershipId: number, objectiveId: number, today: string): RagSuggestion {
    const actions = this.ctx.db.select({ status: planActions.status, dueDate: planActions.dueDate }).from(planActions).where(eq(planActions.objectiveId, objectiveId)).all();
    const riskIds = this.ctx.db.select({ id: planObjectiveRisks.riskId }).from(planObjectiveRisks).where(eq(planObjectiveRisks.objectiveId, objectiveId)).all().map((r) => r.id);
    return suggestionOf(actions, riskIds.length ? this.risks(partnershipId, riskIds) : [], today);
  }
}

/** The suggestion from an objective's actions and linked risks. */
export function suggestionOf(actions: readonly RagActionFact[], risks: readonly RagRiskFact[], today: string): RagSuggestion {
  return suggestRag({ today, actions, risks, indicatorsOutOfTolerance: 0 });
}
