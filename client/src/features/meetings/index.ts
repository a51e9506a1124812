/** Board meetings: the live meeting, its minutes, the actions log, the attendance report. */
import { lazy, type Feature } from '../../lib/router.svelte';
export { default as MeetingsSection } from './MeetingsSection.svelte';

export const meetings: Feature = {
  routes: [
    { name: 'meeting', path: '/meetings/:meetingId', page: lazy(() => import('./MeetingPage.svelte')) },
    { name: 'minutes', path: '/meetings/:meetingId/minutes', page: lazy(() => import('./MinutesPage.svelte')) },
    { name: 'actions', path: '/boards/:boardId/actions', page: lazy(() => import('./ActionsLogPage.svelte')) },
    { name: 'attendance', path: '/boards/:boardId/attendance', page: lazy(() => import('./AttendanceReportPage.svelte')) },
  ],
};
