/** The accountability report: each agency's actions, attendance and challenges. */
import type { Feature } from '../../lib/router.svelte';
import AccountabilityPage from './AccountabilityPage.svelte';

export const accountability: Feature = {
  routes: [{ name: 'accountability', path: '/accountability', page: AccountabilityPage, section: 'accountability' }],
  nav: [{ section: 'accountability', href: '/accountability', label: 'Accountability', testid: 'nav-accountability' }],
};
