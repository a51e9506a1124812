/** Board meetings: the live meeting, its presenter view for the room's screen, its minutes, the actions log, the attendance report. */
import type { Feature } from '../../lib/router.svelte';
import ActionsLogPage from './ActionsLogPage.svelte';
import AttendanceReportPage from './AttendanceReportPage.svelte';
import MeetingPage from './MeetingPage.svelte';
import MinutesPage from './MinutesPage.svelte';
import PresenterPage from './PresenterPage.svelte';
export { default as MeetingsSection } from './MeetingsSection.svelte';

export const meetings: Feature = {
  routes: [
    { name: 'meeting', path: '/meetings/:meetingId', page: MeetingPage, layout: 'wide' },
    // The room's screen: the chair's current item in large type, without the header and footer.
    { name: 'presenter', path: '/meetings/:meetingId/present', page: PresenterPage, layout: 'bare' },
    { name: 'minutes', path: '/meetings/:meetingId/minutes', page: MinutesPage },
    { name: 'actions', path: '/boards/:boardId/actions', page: ActionsLogPage },
    { name: 'attendance', path: '/boards/:boardId/attendance', page: AttendanceReportPage },
  ],
};
