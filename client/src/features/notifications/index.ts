/** The person's notifications: the bell in the header and the notifications page. */
import { lazy, type Feature } from '../../lib/router.svelte';
export { default as NotificationBell } from './NotificationBell.svelte';

export const notifications: Feature = {
  routes: [
    { name: 'notifications', path: '/notifications', page: lazy(() => import('./NotificationsPage.svelte')), section: 'notifications' },
    { name: 'mailPreferences', path: '/me/mail', page: lazy(() => import('./MailPreferencesPage.svelte')), section: 'notifications' },
  ],
};
