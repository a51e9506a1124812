/** The header's search box and its results page (issue 16). */
import type { Feature } from '../../lib/router.svelte';
import SearchPage from './SearchPage.svelte';
export { default as SearchBox } from './SearchBox.svelte';

export const search: Feature = {
  // A new query or kind in the address starts the page again.
  routes: [{ name: 'search', path: '/search', page: SearchPage, keyOnSearch: true }],
};
