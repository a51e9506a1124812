/** Reports made from the record: a board's monthly highlight report for the board it reports to. */
import type { Feature } from '../../lib/router.svelte';
import HighlightReportPage from './HighlightReportPage.svelte';

export const reports: Feature = {
  routes: [{ name: 'highlightReport', path: '/boards/:boardId/highlight-report', page: HighlightReportPage, section: 'boards', keyOnSearch: true }],
};
