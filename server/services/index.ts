import { DocStore } from '../db/doc-store.js';
import type { DocKind } from '../../shared/protocol/yjs.js';
import type { ServiceContext } from './context.js';
import { AdminService } from './admin.js';
import { AuthService } from './auth.js';
import { riskDocHandler, type DocKindHandler } from './doc-handlers.js';
import { AgendaService } from './meeting-agenda.js';
import { meetingDocHandler } from './meeting-doc-handler.js';
import { MeetingQueries } from './meeting-queries.js';
import { MeetingService } from './meetings.js';
import { RiskQueries } from './risk-queries.js';
import { RegisterQueries } from './register-queries.js';
import { RiskService } from './risks.js';
import { RiskMatrixService } from './risk-matrix.js';
import { challengeDocHandler } from './challenge-doc-handler.js';
import { ChallengeQueries } from './challenge-queries.js';
import { ChallengeService } from './challenges.js';
import { NotificationService } from './notifications.js';
import { PeopleAdmin } from './people-admin.js';
import { RiskAlerts } from './risk-tolerance.js';
import { awaitingResponse } from '../../shared/domain/challenges.js';

export interface Services {
  auth: AuthService;
  admin: AdminService;
  people: PeopleAdmin;
  risks: RiskService;
  /** The register a page at a time, its heat map and counts, and the lookup naming risks elsewhere. */
  register: RegisterQueries;
  riskMatrix: RiskMatrixService;
  meetings: MeetingService;
  agenda: AgendaService;
  challenges: ChallengeService;
  notifications: NotificationService;
  docs: DocStore;
  docKinds: Partial<Record<DocKind, DocKindHandler<never>>>;
}

export function createServices(ctx: ServiceContext): Services {
  const docs = new DocStore(ctx.database);
  const risks = new RiskService(ctx, docs, new RiskQueries(ctx));
  const admin = new AdminService(ctx);
  const meetingQueries = new MeetingQueries(ctx, admin);
  const meetings = new MeetingService(ctx, meetingQueries, admin);
  // Members present at a board's meeting (or their deputies) may edit the risks on its agenda while it runs...
  risks.liveMeetingBoards = (riskId, personId) => meetingQueries.liveMeetingBoardsLinking('risk', String(riskId), personId);
  const notifications = new NotificationService(ctx);
  meetings.notifications = notifications;
  const alerts = new RiskAlerts(ctx, notifications);
  risks.alerts = alerts;
  risks.notifications = notifications;
  const challenges = new ChallengeService(ctx, new ChallengeQueries(ctx, (p) => risks.queries.matrix(p)), notifications, docs);
  // ...and the challenges on it, likewise.
  challenges.liveMeetingBoards = (challengeId, personId) => meetingQueries.liveMeetingBoardsLinking('challenge', String(challengeId), personId);
  const agenda = new AgendaService(ctx, meetings, risks.queries);
  agenda.challengesDue = (partnershipId, boardId, byDate) =>
    challenges.queries
      .list(partnershipId)
      .filter((c) => (c.boardId === boardId || c.escalatedToBoardId === boardId) && awaitingResponse(c.status) && c.dueDate <= byDate)
      .map((c) => ({
        title: `Challenge ${c.reference} to ${c.directedAgencyName}: ${c.title}`,
        reason: c.overdue ? `Response overdue since ${c.dueDate}` : `Response due ${c.dueDate}`,
        links: [{ kind: 'challenge' as const, ref: String(c.id) }],
        presenterPersonId: c.directedPersonId,
        presenterAgencyId: c.directedAgencyId,
      }));
  return {
    auth: new AuthService(ctx),
    admin,
    people: new PeopleAdmin(ctx, admin, notifications),
    risks,
    register: new RegisterQueries(ctx, risks.queries),
    riskMatrix: new RiskMatrixService(ctx, risks.queries),
    meetings,
    agenda,
    challenges,
    notifications,
    docs,
    docKinds: {
      risk: riskDocHandler(ctx, docs, risks, alerts, notifications) as DocKindHandler<never>,
      meeting: meetingDocHandler(ctx, docs, meetingQueries) as DocKindHandler<never>,
      challenge: challengeDocHandler(ctx, docs, challenges) as DocKindHandler<never>,
    },
  };
}
