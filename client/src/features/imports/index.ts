/** Spreadsheets in: risks, mitigations, plan actions and scorecard values, previewed and committed. */
import type { Feature } from '../../lib/router.svelte';
import ImportPage from './ImportPage.svelte';

export const imports: Feature = {
  routes: [{ name: 'import', path: '/import', page: ImportPage, section: 'register', keyOnSearch: true }],
};

/** A file of one kind imported in place (the scorecard's values page). */
export { default as ImportFile } from './ImportFile.svelte';
