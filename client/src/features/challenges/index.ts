/** The challenge log, raising a challenge, and one challenge's page. */
import { lazy, type Feature } from '../../lib/router.svelte';

export const challenges: Feature = {
  routes: [
    { name: 'challenges', path: '/challenges', page: lazy(() => import('./ChallengeLogPage.svelte')), section: 'challenges' },
    // Prefilled from the query (raised from a risk or a meeting): a new query is a new form.
    { name: 'challengeNew', path: '/challenges/new', page: lazy(() => import('./RaiseChallengePage.svelte')), section: 'challenges', keyOnSearch: true },
    { name: 'challenge', path: '/challenges/:challengeId', page: lazy(() => import('./ChallengePage.svelte')), section: 'challenges' },
  ],
  nav: [{ section: 'challenges', href: '/challenges', label: 'Challenge log', testid: 'nav-challenges' }],
};
