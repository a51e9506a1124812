import { createContext } from 'svelte';
import { EvidenceList } from './evidence-list.svelte';

/**
 * A plan's evidence, for its objective cards: one read of every item linked to any of the plan's
 * objectives or actions (`?planId=`), kept live (evidence:changed), shared by the cards through
 * context so the plan's sections need not carry it. Each card picks its own (evidenceOfObjective).
 */
export interface PlanEvidence {
  list: EvidenceList;
  partnershipId: number;
  /** Whether to offer "Add evidence" on the cards (the server decides). */
  canAdd: boolean;
}

const [getPlanEvidenceContext, setPlanEvidenceContext, hasPlanEvidenceContext] = createContext<PlanEvidence>();

/** Called by the plan's page: starts the live read and hands it to the cards; answers the stop. */
export function providePlanEvidence(partnershipId: number, planId: number, canAdd: boolean): PlanEvidence {
  const value: PlanEvidence = { list: new EvidenceList(partnershipId, () => ({ planId }), 'The plan’s evidence'), partnershipId, canAdd };
  setPlanEvidenceContext(value);
  return value;
}

/** The plan's evidence, where a plan page provided it (null elsewhere: the card shows none). */
export function planEvidence(): PlanEvidence | null {
  return hasPlanEvidenceContext() ? getPlanEvidenceContext() : null;
}
