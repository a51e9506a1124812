/** Spreadsheets in: risks, mitigations, plan actions and scorecard values, previewed and committed. */
import { lazy, type Feature } from '../../lib/router.svelte';

export const imports: Feature = {
  routes: [{ name: 'import', path: '/import', page: lazy(() => import('./ImportPage.svelte')), section: 'register', keyOnSearch: true }],
};

/** A file of one kind imported in place (the scorecard's values page). */
export { default as ImportFile } from './ImportFile.svelte';
