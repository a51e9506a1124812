/** Reports made from the record: a board's monthly highlight report for the board it reports to. */
import { lazy, type Feature } from '../../lib/router.svelte';

export const reports: Feature = {
  routes: [{ name: 'highlightReport', path: '/boards/:boardId/highlight-report', page: lazy(() => import('./HighlightReportPage.svelte')), section: 'boards', keyOnSearch: true }],
};
