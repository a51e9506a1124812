/** The person's boards and one board's page (members, meetings, register). */
import type { Feature } from '../../lib/router.svelte';
import BoardPage from './BoardPage.svelte';
import HomePage from './HomePage.svelte';
export { default as NotFoundPage } from './NotFoundPage.svelte';

export const home: Feature = {
  routes: [
    { name: 'home', path: '/', page: HomePage, section: 'boards' },
    { name: 'board', path: '/boards/:boardId', page: BoardPage, section: 'boards' },
  ],
  nav: [{ section: 'boards', href: '/', label: 'Boards', testid: 'nav-home' }],
};
