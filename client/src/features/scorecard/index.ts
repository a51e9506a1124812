/** The performance scorecard: indicators by area, an indicator's trend, the exceptions, and a period's values entered in a grid. */
import type { Feature } from '../../lib/router.svelte';
import EnterValuesPage from './EnterValuesPage.svelte';
import ExceptionsPage from './ExceptionsPage.svelte';
import IndicatorPage from './IndicatorPage.svelte';
import ScorecardPage from './ScorecardPage.svelte';

export const scorecard: Feature = {
  routes: [
    { name: 'scorecard', path: '/scorecard', page: ScorecardPage, section: 'scorecard' },
    { name: 'scorecardExceptions', path: '/scorecard/exceptions', page: ExceptionsPage, section: 'scorecard' },
    { name: 'scorecardEnter', path: '/scorecard/enter', page: EnterValuesPage, section: 'scorecard' },
    { name: 'indicator', path: '/indicators/:indicatorId', page: IndicatorPage, section: 'scorecard' },
  ],
  nav: [{ section: 'scorecard', href: '/scorecard', label: 'Scorecard', testid: 'nav-scorecard' }],
};
export { default as RiskIndicators } from './RiskIndicators.svelte';
