/** The person's boards and one board's page (members, meetings, register). */
import { lazy, type Feature } from '../../lib/router.svelte';
export { default as NotFoundPage } from './NotFoundPage.svelte';

export const home: Feature = {
  routes: [
    { name: 'home', path: '/', page: lazy(() => import('./HomePage.svelte')), section: 'boards' },
    { name: 'board', path: '/boards/:boardId', page: lazy(() => import('./BoardPage.svelte')), section: 'boards' },
  ],
  nav: [{ section: 'boards', href: '/', label: 'Boards', testid: 'nav-home' }],
};
