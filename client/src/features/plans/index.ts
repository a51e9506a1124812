/** The improvement plan: its plans, each plan's themes, objectives, RAG and actions, and the inspection recommendations they answer. */
import type { Feature } from '../../lib/router.svelte';
import ObjectivePage from './ObjectivePage.svelte';
import PlanActionsPage from './PlanActionsPage.svelte';
import PlanPage from './PlanPage.svelte';
import PlansPage from './PlansPage.svelte';
import RecommendationPage from './RecommendationPage.svelte';
import RecommendationsPage from './RecommendationsPage.svelte';

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
