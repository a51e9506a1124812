/** Signing in and accepting an invitation: the pages open to someone not signed in. */
import type { Feature } from '../../lib/router.svelte';
import InvitePage from './InvitePage.svelte';
import LoginPage from './LoginPage.svelte';
import ForgottenPasswordPage from './ForgottenPasswordPage.svelte';
import ResetPasswordPage from './ResetPasswordPage.svelte';

export const auth: Feature = {
  routes: [
    { name: 'login', path: '/login', page: LoginPage, public: true },
    { name: 'invite', path: '/invite/:token', params: { token: /^[A-Za-z0-9_-]{16,200}$/ }, page: InvitePage, public: true },
    { name: 'forgottenPassword', path: '/forgotten-password', page: ForgottenPasswordPage, public: true },
    { name: 'resetPassword', path: '/reset/:token', params: { token: /^[A-Za-z0-9_-]{16,200}$/ }, page: ResetPasswordPage, public: true },
  ],
};
