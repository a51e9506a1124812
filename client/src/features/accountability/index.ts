/** The accountability report: each agency's actions, attendance and challenges. */
import { lazy, type Feature } from '../../lib/router.svelte';

export const accountability: Feature = {
  routes: [{ name: 'accountability', path: '/accountability', page: lazy(() => import('./AccountabilityPage.svelte')), section: 'accountability' }],
  nav: [{ section: 'accountability', href: '/accountability', label: 'Accountability', testid: 'nav-accountability' }],
};
