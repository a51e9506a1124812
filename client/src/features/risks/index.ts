/** The risk register, a risk's own page, and the risk widgets other features show (a meeting's linked risk). */
import { lazy, type Feature } from '../../lib/router.svelte';
export { default as RiskRegister } from './RiskRegister.svelte';
export { default as Mitigations } from './Mitigations.svelte';
export { default as ScorePicker } from './ScorePicker.svelte';
export { RiskDocSession } from './risk-doc.svelte';

export const risks: Feature = {
  routes: [
    { name: 'register', path: '/register', page: lazy(() => import('./RegisterPage.svelte')), props: { boardId: null }, section: 'register' },
    { name: 'boardRegister', path: '/boards/:boardId/register', page: lazy(() => import('./RegisterPage.svelte')), section: 'register' },
    { name: 'risk', path: '/risks/:riskId', page: lazy(() => import('./RiskPage.svelte')), section: 'register' },
  ],
  nav: [{ section: 'register', href: '/register', label: 'Risk register', testid: 'nav-register' }],
};
