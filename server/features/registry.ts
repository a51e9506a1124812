import { longDate } from '../../shared/domain/date-words.js';
import { DocStore } from '../db/doc-store.js';
import type { ServiceContext } from '../core/context.js';
import type { CommandHandlers } from '../core/dispatcher.js';
import type { DocKindHandler } from '../realtime/yjs/doc-kind.js';
import type { RowLoaders } from '../realtime/socket/pushes.js';
import type { DocKind } from '../../shared/protocol/yjs.js';
import type { Router } from 'express';
import { awaitingResponse } from '../../shared/domain/challenges.js';
import type { FeatureKit, FeatureParts } from './feature.js';
import { AdminQueries, AdminRepository, AdminService, PeopleAdmin, PeopleRepository, adminFeature } from './admin/index.js';
import { AuthRepository, AuthService, PasswordResets, authFeature } from './auth/index.js';
import { NotificationRepository, NotificationService, notificationsFeature } from './notifications/index.js';
import { MailService, mailFeature } from './mail/index.js';
import { RegisterQueries, RiskAlerts, RiskMatrixService, RiskQueries, RiskRepository, RiskService, risksFeature } from './risks/index.js';
import { AgendaService, MeetingQueries, MeetingRepository, MeetingService, meetingsFeature } from './meetings/index.js';
import { ChallengeQueries, ChallengeRepository, ChallengeService, challengesFeature } from './challenges/index.js';
import { EvidenceQueries, EvidenceRepository, EvidenceService, evidenceFeature } from './evidence/index.js';
import { EvidenceReader, PlanQueries, PlanRepository, PlanService, RecommendationService, objectivesForAgenda, plansFeature } from './plans/index.js';
import { importsFeature } from './imports/index.js';
import { highlightBody, receivedHighlights, reportsFeature } from './reports/index.js';
import { exportsFeature } from './exports/index.js';
import { ScorecardQueries, ScorecardRepository, ScorecardService, exceptionsForAgenda, indicatorsOutOfTolerance, scorecardFeature } from './scorecard/index.js';
import { PackService, PaperQueries, PdfRenderer, packsFeature } from './packs/index.js';
import { SsoRepository, SsoService, ssoFeature } from './sso/index.js';
import { SearchService, searchFeature, searchRepository } from './search/index.js';
import { waitingFeature } from './waiting/index.js';

export interface Services {
  auth: AuthService;
  admin: AdminService;
  people: PeopleAdmin;
  risks: RiskService;
  riskAlerts: RiskAlerts;
  riskMatrix: RiskMatrixService;
  meetings: MeetingService;
  agenda: AgendaService;
  challenges: ChallengeService;
  plans: PlanService;
  recommendations: RecommendationService;
  evidence: EvidenceService;
  scorecard: ScorecardService;
  notifications: NotificationService;
  mail: MailService;
  passwordResets: PasswordResets;
  docs: DocStore;
  /** Prints pages to PDF in one warm Chromium per process; closed with the server. */
  pdf: PdfRenderer;
  packs: PackService;
  /** Single sign-on with OpenID Connect, per partnership. */
  sso: SsoService;
  /** Full-text search across the partnership's records, behind a repository (FTS5 on SQLite, text search on PostgreSQL). */
  search: SearchService;
}

/**
 * The features, in one list: each plugs its routes, commands, document kinds and list rows into the
 * spine. Adding a feature is its folder and one line here.
 */
const FEATURES: ((services: Services, kit: FeatureKit) => FeatureParts)[] = [authFeature, adminFeature, notificationsFeature, mailFeature, risksFeature, meetingsFeature, challengesFeature, plansFeature, evidenceFeature, scorecardFeature, importsFeature, exportsFeature, reportsFeature, packsFeature, ssoFeature, waitingFeature, searchFeature];

/** The services, each given what it needs when it is built (nothing is assigned afterwards). */
export function createServices(ctx: ServiceContext): Services {
  const docs = new DocStore(ctx.database);
  const adminQueries = new AdminQueries(ctx);
  const admin = new AdminService(ctx, adminQueries, new AdminRepository(ctx));
  const mail = new MailService(ctx);
  const notifications = new NotificationService(ctx, new NotificationRepository(ctx, async (row) => mail.notified(row)));
  const meetingQueries = new MeetingQueries(ctx, admin);
  // Lent rights are decided synchronously, inside the Yjs commit too: the meetings feature's commit-path read.
  const { liveMeetingBoardsLinking, meetingLinking } = meetingQueries.commitPath;
  const riskQueries = new RiskQueries(ctx);
  const riskAlerts = new RiskAlerts(ctx, notifications);
  // Members present at a board's meeting (or their deputies) may edit the risks on its agenda while it runs...
  const risks = new RiskService(ctx, new RiskRepository(ctx, docs, riskAlerts, async (p) => riskQueries.matrix(p)), riskQueries, {
    notifications,
    liveMeetingBoards: (riskId, personId) => liveMeetingBoardsLinking('risk', String(riskId), personId),
  });
  const meetings = new MeetingService(ctx, new MeetingRepository(ctx, notifications), meetingQueries, admin, notifications);
  // ...and the challenges on it, likewise.
  const challenges = new ChallengeService(
    ctx,
    new ChallengeRepository(ctx, docs, notifications),
    new ChallengeQueries(ctx, async (p) => riskQueries.matrix(p)),
    notifications,
    (challengeId, personId) => liveMeetingBoardsLinking('challenge', String(challengeId), personId),
  );
  // An objective's suggested RAG weighs its linked risks as the register has them (above tolerance or not).
  const evidence = new EvidenceReader(
    ctx,
    async (partnershipId, ids) => (await riskQueries.list(partnershipId, { ids })).map((r) => ({ id: r.id, reference: r.reference, title: r.title, status: r.status, aboveTolerance: r.aboveTolerance })),
    // ...and the scorecard's indicators linked to it (out of tolerance or not).
    async (partnershipId, objectiveIds) => indicatorsOutOfTolerance(ctx, partnershipId, objectiveIds),
  );
  const planRepo = new PlanRepository(ctx, evidence);
  // ...and the progress of the improvement plan objectives on it; and those present propose an objective's RAG there.
  const plans = new PlanService(
    ctx,
    planRepo,
    new PlanQueries(ctx, evidence),
    (objectiveId, personId) => liveMeetingBoardsLinking('objective', String(objectiveId), personId),
    async (meetingId, objectiveId, personId) => {
      const m = await meetingLinking(meetingId, 'objective', String(objectiveId), personId);
      return m && { partnershipId: m.partnershipId, boardId: m.boardId, status: m.status, linksObjective: m.linksRecord, attends: m.attends };
    },
  );
  // "Build agenda" proposes the challenges awaiting a response at the board, and its plans' objectives needing attention.
  const challengesDue = async (partnershipId: number, boardId: number, byDate: string) =>
    (await challenges.queries.list(partnershipId))
      .filter((c) => (c.boardId === boardId || c.escalatedToBoardId === boardId) && awaitingResponse(c.status) && c.dueDate <= byDate)
      .map((c) => ({
        title: `Challenge ${c.reference} to ${c.directedAgencyName}: ${c.title}`,
        reason: c.overdue ? `Response overdue since ${longDate(c.dueDate)}` : `Response due ${longDate(c.dueDate)}`,
        links: [{ kind: 'challenge' as const, ref: String(c.id) }],
        presenterPersonId: c.directedPersonId,
        presenterAgencyId: c.directedAgencyId,
      }));
  // ...and the scorecard's exceptions.
  const scorecardQueries = new ScorecardQueries(ctx);
  const agenda = new AgendaService(meetings, riskQueries, challengesDue, (partnershipId, boardId) => objectivesForAgenda(plans, partnershipId, boardId), (partnershipId) => exceptionsForAgenda(scorecardQueries, partnershipId));
  const evidenceStore = new EvidenceService(ctx, new EvidenceRepository(ctx), new EvidenceQueries(ctx));
  const scorecard = new ScorecardService(ctx, new ScorecardRepository(ctx), scorecardQueries);
  // PDFs: one Chromium for the process, started by the first PDF asked for.
  const pdf = new PdfRenderer({ executablePath: ctx.config.chromiumPath, log: ctx.config.log });
  // A board pack reads each feature through its own services, as their pages do.
  const packs = new PackService(
    {
      meetings,
      admin,
      risks: riskQueries,
      register: new RegisterQueries(ctx, riskQueries),
      challenges: challenges.queries,
      plans,
      scorecard,
      papers: new PaperQueries(ctx),
      // The highlight reports the boards below send it: a section of the receiving board's pack each.
      highlights: async (actor, boardId, startsAt) => (await receivedHighlights(ctx, scorecard, actor, boardId, startsAt)).map((r) => highlightBody(r, 2)),
    },
    pdf,
    ctx.clock,
  );
  return {
    auth: new AuthService(ctx, new AuthRepository(ctx)),
    admin,
    people: new PeopleAdmin(ctx, adminQueries, new PeopleRepository(ctx, notifications, async (personId, purpose, url, expiresAt) => mail.linkWithin(personId, purpose, url, expiresAt)), notifications),
    risks,
    riskAlerts,
    riskMatrix: new RiskMatrixService(ctx, riskQueries),
    meetings,
    agenda,
    challenges,
    plans,
    recommendations: new RecommendationService(ctx, planRepo, plans, (actor, recommendationId) => evidenceStore.queries.list(actor, { recommendationId })),
    evidence: evidenceStore,
    scorecard,
    notifications,
    mail,
    passwordResets: new PasswordResets(ctx, async (personId, purpose, url, expiresAt) => mail.linkWithin(personId, purpose, url, expiresAt)),
    docs,
    pdf,
    packs,
    sso: new SsoService(ctx, new SsoRepository(ctx)),
    search: new SearchService(searchRepository(ctx)),
  };
}

export interface ComposedFeatures {
  routes: Router[];
  commands: CommandHandlers;
  docKinds: Partial<Record<DocKind, DocKindHandler<never>>>;
  rows: RowLoaders;
}

/** Gathers every feature's parts; a command without a handler is a start-up error, not a runtime one. */
export function composeFeatures(services: Services, kit: FeatureKit): ComposedFeatures {
  const out: ComposedFeatures = { routes: [], commands: {} as CommandHandlers, docKinds: {}, rows: {} };
  for (const feature of FEATURES) {
    const parts = feature(services, kit);
    if (parts.routes) out.routes.push(parts.routes);
    Object.assign(out.commands, parts.commands);
    Object.assign(out.docKinds, parts.docKinds);
    Object.assign(out.rows, parts.rows);
  }
  return out;
}
