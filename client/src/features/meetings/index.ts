/** Board meetings: the live meeting, its presenter view for the room's screen, its minutes, the actions log, the attendance report. */
import { lazy, type Feature } from '../../lib/router.svelte';
export { default as MeetingsSection } from './MeetingsSection.svelte';

export const meetings: Feature = {
  routes: [
    { name: 'meeting', path: '/meetings/:meetingId', page: lazy(() => import('./MeetingPage.svelte')), layout: 'wide' },
    // The room's screen: the chair's current item in large type, without the header and footer.
    { name: 'presenter', path: '/meetings/:meetingId/present', page: lazy(() => import('./PresenterPage.svelte')), layout: 'bare' },
    { name: 'minutes', path: '/meetings/:meetingId/minutes', page: lazy(() => import('./MinutesPage.svelte')) },
    { name: 'actions', path: '/boards/:boardId/actions', page: lazy(() => import('./ActionsLogPage.svelte')) },
    { name: 'attendance', path: '/boards/:boardId/attendance', page: lazy(() => import('./AttendanceReportPage.svelte')) },
  ],
};
