/** The person's notifications: the bell in the header and the notifications page. */
import type { Feature } from '../../lib/router.svelte';
import NotificationsPage from './NotificationsPage.svelte';
export { default as NotificationBell } from './NotificationBell.svelte';

export const notifications: Feature = {
  routes: [{ name: 'notifications', path: '/notifications', page: NotificationsPage, section: 'notifications' }],
};
