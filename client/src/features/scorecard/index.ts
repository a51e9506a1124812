/** The performance scorecard: indicators by area, an indicator's trend, the exceptions, and a period's values entered in a grid. */
import { lazy, type Feature } from '../../lib/router.svelte';

export const scorecard: Feature = {
  routes: [
    { name: 'scorecard', path: '/scorecard', page: lazy(() => import('./ScorecardPage.svelte')), section: 'scorecard' },
    { name: 'scorecardExceptions', path: '/scorecard/exceptions', page: lazy(() => import('./ExceptionsPage.svelte')), section: 'scorecard' },
    { name: 'scorecardEnter', path: '/scorecard/enter', page: lazy(() => import('./EnterValuesPage.svelte')), section: 'scorecard' },
    { name: 'indicator', path: '/indicators/:indicatorId', page: lazy(() => import('./IndicatorPage.svelte')), section: 'scorecard' },
  ],
  nav: [{ section: 'scorecard', href: '/scorecard', label: 'Scorecard', testid: 'nav-scorecard' }],
};
export { default as RiskIndicators } from './RiskIndicators.svelte';
