import type { FeatureKit, FeatureParts } from '../feature.js';
import type { Services } from '../registry.js';
import type { DocKindHandler } from '../../realtime/yjs/doc-kind.js';
import { meetingCommands } from './commands.js';
import { meetingDocHandler } from './doc.js';
import { meetingRoutes } from './routes.js';
import { PaperService } from './papers.js';

export { MeetingService } from './service.js';
export { MeetingQueries, type MeetingCommitReads } from './queries.js';
export { MeetingRepository } from './repo.js';
export { AgendaService } from './agenda.js';
export { seedDemoMeetings, scheduleDemoMeeting } from './seed.js';
export { sendPaperReminders, PAPER_REMINDER_DAYS } from './paper-reminders.js';

/**
 * Board meetings: scheduling, the agenda, attendance and quorum, the chair's control, actions, minutes.
 * No row loader: a board's meetings are seen by its members only, so "rows:changed" names the ids and
 * each open list asks again with its own rights.
 */
export const meetingsFeature = (s: Services, kit: FeatureKit): FeatureParts => ({
  routes: meetingRoutes(s.meetings, kit.dispatch),
  commands: meetingCommands(s.meetings, s.agenda, new PaperService(kit.ctx, s.meetings, s.notifications)),
  docKinds: { meeting: meetingDocHandler(kit.ctx, s.meetings.queries.commitPath) as DocKindHandler<never> },
});
