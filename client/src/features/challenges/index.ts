/** The challenge log, raising a challenge, and one challenge's page. */
import type { Feature } from '../../lib/router.svelte';
import ChallengeLogPage from './ChallengeLogPage.svelte';
import ChallengePage from './ChallengePage.svelte';
import RaiseChallengePage from './RaiseChallengePage.svelte';

export const challenges: Feature = {
  routes: [
    { name: 'challenges', path: '/challenges', page: ChallengeLogPage, section: 'challenges' },
    // Prefilled from the query (raised from a risk or a meeting): a new query is a new form.
    { name: 'challengeNew', path: '/challenges/new', page: RaiseChallengePage, section: 'challenges', keyOnSearch: true },
    { name: 'challenge', path: '/challenges/:challengeId', page: ChallengePage, section: 'challenges' },
  ],
  nav: [{ section: 'challenges', href: '/challenges', label: 'Challenge log', testid: 'nav-challenges' }],
};
