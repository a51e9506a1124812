/** The improvement plan: its plans, each plan's themes, objectives, RAG and actions, and the inspection recommendations they answer. */
import type { Feature } from '../../lib/router.svelte';
import ObjectivePage from './ObjectivePage.svelte';
import PlanActionsPage from './PlanActionsPage.svelte';
import PlanPage from './PlanPage.svelte';
import PlansPage from './PlansPage.svelte';
import RecommendationPage from './RecommendationPage.svelte';
import RecommendationsPage from './RecommendationsPage.svelte';
// The plan's widgets other features show (a meeting's agenda item on an objective, the scorecard's RAG).
export { default as RagBadge } from './RagBadge.svelte';
export { default as RagChoices } from './RagChoices.svelte';
export { default as RagForm } from './RagForm.svelte';
export { default as RagHistory } from './RagHistory.svelte';
export { default as RagProposals } from './RagProposals.svelte';
export { DIRECTION_WORDS, RAG_STYLE } from './rag';
export { LiveRead } from './live-read.svelte';
export { default as ObjectiveProgress } from './ObjectiveProgress.svelte';

export const plans: Feature = {
  routes: [
    { name: 'plans', path: '/plans', page: PlansPage, section: 'plans' },
    { name: 'plan', path: '/plans/:planId', page: PlanPage, section: 'plans' },
    { name: 'planActions', path: '/plans/:planId/actions', page: PlanActionsPage, section: 'plans' },
    { name: 'objective', path: '/plans/:planId/objectives/:objectiveId', page: ObjectivePage, section: 'plans' },
    { name: 'recommendations', path: '/recommendations', page: RecommendationsPage, section: 'plans' },
    { name: 'recommendation', path: '/recommendations/:recommendationId', page: RecommendationPage, section: 'plans' },
  ],
  nav: [{ section: 'plans', href: '/plans', label: 'Improvement plan', testid: 'nav-plans' }],
};
