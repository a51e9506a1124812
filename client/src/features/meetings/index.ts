/** Board meetings: the live meeting, its minutes, the actions log, the attendance report. */
import type { Feature } from '../../lib/router.svelte';
import ActionsLogPage from './ActionsLogPage.svelte';
import AttendanceReportPage from './AttendanceReportPage.svelte';
import MeetingPage from './MeetingPage.svelte';
import MinutesPage from './MinutesPage.svelte';
export { default as MeetingsSection } from './MeetingsSection.svelte';

export const meetings: Feature = {
  routes: [
    { name: 'meeting', path: '/meetings/:meetingId', page: MeetingPage },
    { name: 'minutes', path: '/meetings/:meetingId/minutes', page: MinutesPage },
    { name: 'actions', path: '/boards/:boardId/actions', page: ActionsLogPage },
    { name: 'attendance', path: '/boards/:boardId/attendance', page: AttendanceReportPage },
  ],
};
