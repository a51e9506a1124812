/** The person's notifications: the bell in the header and the notifications page. */
import type { Feature } from '../../lib/router.svelte';
import NotificationsPage from './NotificationsPage.svelte';
import MailPreferencesPage from './MailPreferencesPage.svelte';
export { default as NotificationBell } from './NotificationBell.svelte';

export const notifications: Feature = {
  routes: [
    { name: 'notifications', path: '/notifications', page: NotificationsPage, section: 'notifications' },
    { name: 'mailPreferences', path: '/me/mail', page: MailPreferencesPage, section: 'notifications' },
  ],
};
