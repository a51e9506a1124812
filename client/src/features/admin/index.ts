/** Partnership administration: agencies, people, boards, memberships, the risk matrix, the audit log. */
import { lazy, type Feature } from '../../lib/router.svelte';
import { ADMIN_TABS } from './tabs';

export const admin: Feature = {
  routes: [
    { name: 'admin', path: '/admin', page: lazy(() => import('./AdminPage.svelte')), props: { tab: 'agencies' }, section: 'admin' },
    { name: 'adminTab', path: '/admin/:tab', params: { tab: ADMIN_TABS }, page: lazy(() => import('./AdminPage.svelte')), section: 'admin' },
  ],
  nav: [{ section: 'admin', href: '/admin', label: 'Administration', testid: 'nav-admin', shows: (me) => me.capabilities.administer }],
};
