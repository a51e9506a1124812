/** Signing in and accepting an invitation: the pages open to someone not signed in. */
import { lazy, type Feature } from '../../lib/router.svelte';

export const auth: Feature = {
  routes: [
    { name: 'login', path: '/login', page: lazy(() => import('./LoginPage.svelte')), public: true },
    { name: 'invite', path: '/invite/:token', params: { token: /^[A-Za-z0-9_-]{16,200}$/ }, page: lazy(() => import('./InvitePage.svelte')), public: true },
    { name: 'forgottenPassword', path: '/forgotten-password', page: lazy(() => import('./ForgottenPasswordPage.svelte')), public: true },
    { name: 'resetPassword', path: '/reset/:token', params: { token: /^[A-Za-z0-9_-]{16,200}$/ }, page: lazy(() => import('./ResetPasswordPage.svelte')), public: true },
  ],
};
