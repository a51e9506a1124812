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
export type RiskReader = (partnershipId: number, riskIds: number[]) => Promise<LinkedRiskRow[]>;

/** Per objective, how many of the scorecard indicators evidencing it are out of tolerance (the scorecard feature's). Synchronous, as RiskReader. */
export type IndicatorReader = (partnershipId: number, objectiveIds: readonly number[]) => Promise<Map<number, number>>;

/**
 * What an objective's suggested RAG is worked out from (shared/domain/plan-rag.ts): its actions, and
 * the linked risks as the register has them now. One place, so the plan page and the check of a
 * decision (inside its transaction) weigh the same facts: its actions, linked risks and linked indicators.
 */
export class EvidenceReader {
  constructor(
    private readonly ctx: ServiceContext,
    readonly risks: RiskReader,
    readonly indicatorsOut: IndicatorReader = async () => new Map(),
  ) {}

  async suggestionFor(partnershipId: number, objectiveId: number, today: string): Promise<RagSuggestion> {
    const actions = await this.ctx.db.select({ status: planActions.status, dueDate: planActions.dueDate }).from(planActions).where(eq(planActions.objectiveId, objectiveId)).all();
    const riskIds = (await this.ctx.db.select({ id: planObjectiveRisks.riskId }).from(planObjectiveRisks).where(eq(planObjectiveRisks.objectiveId, objectiveId)).all()).map((r) => r.id);
    return suggestionOf(actions, riskIds.length ? await this.risks(partnershipId, riskIds) : [], today, (await this.indicatorsOut(partnershipId, [objectiveId])).get(objectiveId) ?? 0);
  }
}

/** The suggestion from an objective's actions, linked risks and how many of its linked indicators are out of tolerance. */
export function suggestionOf(actions: readonly RagActionFact[], risks: readonly RagRiskFact[], today: string, indicatorsOutOfTolerance: number): RagSuggestion {
  return suggestRag({ today, actions, risks, indicatorsOutOfTolerance });
}
