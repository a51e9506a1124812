/** The improvement plan: its plans, each plan's themes, objectives, RAG and actions, and the inspection recommendations they answer. */
import { lazy, type Feature } from '../../lib/router.svelte';
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
    { name: 'plans', path: '/plans', page: lazy(() => import('./PlansPage.svelte')), section: 'plans' },
    { name: 'plan', path: '/plans/:planId', page: lazy(() => import('./PlanPage.svelte')), section: 'plans' },
    { name: 'planActions', path: '/plans/:planId/actions', page: lazy(() => import('./PlanActionsPage.svelte')), section: 'plans' },
    { name: 'objective', path: '/plans/:planId/objectives/:objectiveId', page: lazy(() => import('./ObjectivePage.svelte')), section: 'plans' },
    { name: 'recommendations', path: '/recommendations', page: lazy(() => import('./RecommendationsPage.svelte')), section: 'plans' },
    { name: 'recommendation', path: '/recommendations/:recommendationId', page: lazy(() => import('./RecommendationPage.svelte')), section: 'plans' },
  ],
  nav: [{ section: 'plans', href: '/plans', label: 'Improvement plan', testid: 'nav-plans' }],
};
