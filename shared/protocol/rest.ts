import { z } from 'zod';
import * as A from '../schemas/admin.js';
import * as Auth from '../schemas/auth.js';
import * as C from '../schemas/challenge.js';
import * as E from '../schemas/evidence.js';
import { NoContent } from '../schemas/common.js';
import * as Mx from '../schemas/matrix.js';
import * as M from '../schemas/meeting.js';
import * as Pl from '../schemas/plan.js';
import * as Sc from '../schemas/scorecard.js';
import * as Im from '../schemas/imports.js';
import * as Rp from '../schemas/reports.js';
import * as Pk from '../schemas/packs.js';
import * as Reg from '../schemas/register.js';
import * as R from '../schemas/risk.js';
import * as Ml from '../schemas/mail.js';
import * as Sso from '../schemas/sso.js';
import * as Se from '../schemas/search.js';
import * as W from '../schemas/waiting.js';

/**
 * What GET /api/health answers: whether the database and Redis answer (`unused` without REDIS_URL),
 * `ok` when both do, and for how long the process has run. The same body comes with 503 when one is down.
 */
export const Health = z.strictObject({
  ok: z.boolean(),
  database: z.enum(['up', 'down']),
  redis: z.enum(['up', 'down', 'unused']),
  uptimeSeconds: z.number().int().min(0),
});

const P = '/api/partnerships/:partnershipId';

/**
 * Every REST route's answer, declared once: `"<METHOD> <path as the server's router declares it>"` →
 * the schema of a 2xx answer's body (NoContent for 204). Errors are ErrorBody everywhere (shared/errors.ts).
 * The client names its calls by these keys (client/src/lib/api/http.ts `call`), and
 * test/integration/response-schemas.test.ts checks that every route the server registers is here and
 * answers what it says. Commands over REST (`POST /api/commands/:name`) answer their `result` in
 * shared/protocol/commands.ts.
 */
export const REST_ANSWERS = {
  'GET /api/health': Health,

  'POST /api/auth/login': Auth.Me,
  'POST /api/auth/logout': NoContent,
  'GET /api/auth/me': Auth.Me,
  'POST /api/auth/partnership': Auth.Me,
  'GET /api/invitations/:token': Auth.InvitationPreview,
  'POST /api/invitations/accept': Auth.Me,
  /** Self-service "forgotten password" (issue 15): the same answer whether or not the address has an account. */
  'POST /api/auth/forgotten-password': Auth.ForgottenPasswordAnswer,
  'GET /api/auth/reset/:token': Auth.PasswordResetPreview,
  'POST /api/auth/reset': Auth.Me,
  /** Which organisations' sign-in an address's domain may use (its start and callback are redirects: see response-schemas.test.ts). */
  'POST /api/auth/sso/lookup': Sso.SsoLookup,

  [`GET ${P}`]: A.PartnershipView,
  [`GET ${P}/agencies`]: z.array(A.AgencyView),
  [`POST ${P}/agencies`]: A.AgencyView,
  [`PATCH ${P}/agencies/:agencyId`]: A.AgencyView,
  [`GET ${P}/people`]: z.array(A.PersonView),
  [`POST ${P}/people`]: A.CreatedPerson,
  [`PATCH ${P}/people/:personId`]: A.PersonView,
  [`POST ${P}/people/:personId/invitation`]: A.InvitationView,
  [`GET ${P}/boards`]: z.array(A.BoardView),
  [`POST ${P}/boards`]: A.BoardView,
  [`GET ${P}/boards/:boardId`]: A.BoardDetail,
  [`PATCH ${P}/boards/:boardId`]: A.BoardView,
  [`POST ${P}/boards/:boardId/memberships`]: A.MembershipView,
  [`PATCH ${P}/boards/:boardId/memberships/:membershipId`]: A.MembershipView,
  [`DELETE ${P}/boards/:boardId/memberships/:membershipId`]: NoContent,
  [`GET ${P}/audit`]: z.array(A.AuditEntry),
  [`GET ${P}/sso`]: Sso.SsoSettingsView,
  [`PUT ${P}/sso`]: Sso.SsoSettingsView,

  [`GET ${P}/risk-matrix`]: Mx.RiskMatrixView,
  [`POST ${P}/risk-matrix/preview`]: Mx.MatrixPreview,
  [`PUT ${P}/risk-matrix`]: Mx.MatrixSaved,
  [`GET ${P}/risks`]: z.array(R.RiskRow),
  [`GET ${P}/mitigations`]: z.array(R.MitigationRow),
  [`GET ${P}/register`]: Reg.RegisterPage,
  [`GET ${P}/register/rows`]: Reg.RegisterRows,
  [`GET ${P}/register/summary`]: Reg.RegisterSummary,
  [`GET ${P}/register/lookup`]: z.array(Reg.RiskLookupRow),
  [`POST ${P}/risks`]: R.RiskRow,
  [`GET ${P}/risks/:riskId`]: R.RiskDetail,
  [`GET ${P}/risks/:riskId/history`]: R.RiskHistory,

  [`GET ${P}/boards/:boardId/meetings`]: z.array(M.MeetingSummary),
  [`GET ${P}/boards/:boardId/attendance-report`]: M.AttendanceReport,
  [`GET ${P}/actions`]: z.array(M.ActionView),
  [`GET ${P}/meetings/:meetingId`]: M.MeetingDetail,
  [`GET ${P}/meetings/:meetingId/minutes`]: M.Minutes,
  [`PATCH ${P}/meetings/:meetingId`]: M.MeetingState,
  [`POST ${P}/meetings/:meetingId/actions`]: M.ActionView,

  [`GET ${P}/challenges`]: z.array(C.ChallengeRow),
  [`POST ${P}/challenges`]: C.ChallengeRow,
  [`GET ${P}/challenges/:challengeId`]: C.ChallengeDetail,
  [`GET ${P}/accountability`]: z.array(C.AgencyAccountability),
  [`PUT ${P}/boards/:boardId/challenge-settings`]: C.ChallengeSettings,

  [`GET ${P}/plans`]: z.array(Pl.PlanSummary),
  [`GET ${P}/plans/:planId`]: Pl.PlanDetail,
  [`GET ${P}/objectives/:objectiveId`]: Pl.ObjectiveDetail,
  [`GET ${P}/recommendations`]: z.array(Pl.RecommendationView),
  [`GET ${P}/recommendations/:recommendationId`]: Pl.RecommendationDetail,

  [`GET ${P}/indicators`]: z.array(Sc.IndicatorRow),
  [`GET ${P}/indicators/:indicatorId`]: Sc.IndicatorDetail,
  [`GET ${P}/scorecard/exceptions`]: z.array(Sc.IndicatorDetail),

  /** A meeting's published board packs, newest first (each version's PDF: …/packs/:version/pack.pdf, bytes, not JSON). */
  [`GET ${P}/meetings/:meetingId/packs`]: z.array(Pk.PackVersionView),
  /** What has moved in the register, plan and scorecard since the latest published pack. */
  [`GET ${P}/meetings/:meetingId/pack-changes`]: Pk.PackChangesView,

  /** `?month=YYYY-MM` (this month when absent): the board's highlight report for the board it reports to. */
  [`GET ${P}/boards/:boardId/highlight-report`]: Rp.HighlightReport,

  /** A multipart upload (`kind`, optional `mapping` and `planId`, and `file`): previewed and kept, nothing changed. */
  [`POST ${P}/imports`]: Im.ImportPreviewView,
  [`GET ${P}/imports/:importId`]: Im.ImportPreviewView,
  [`POST ${P}/imports/:importId/commit`]: Im.ImportPreviewView,

  /** `?q=…&kind=…`: the header's search across the partnership's records the person may read (issue 16). */
  [`GET ${P}/search`]: Se.SearchAnswer,

  [`GET ${P}/evidence`]: z.array(E.EvidenceView),
  /** A multipart upload (one file, and the fields of EvidenceUploadFields). The file's download, GET …/evidence/:evidenceId/file, answers its bytes, not JSON. */
  [`POST ${P}/evidence`]: E.EvidenceView,

  'GET /api/notifications': C.NotificationList,
  'POST /api/notifications/read': C.NotificationList,
  /** The signed-in person's mail choices, per kind (issue 15). */
  'GET /api/me/mail-preferences': Ml.MailPreferencesView,
  'PUT /api/me/mail-preferences': Ml.MailPreferencesView,
  /** The partnership's latest mails, for its administrators (with no SMTP server, the only place they are). */
  'GET /api/partnerships/:partnershipId/mail-outbox': Ml.OutboxList,
  'GET /api/partnerships/:partnershipId/waiting': W.WaitingList,
} as const satisfies Record<string, z.ZodType>;

export type RestRoute = keyof typeof REST_ANSWERS;
export type RestAnswer<R extends RestRoute> = z.infer<(typeof REST_ANSWERS)[R]>;
export type RestMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * What the client logs (as an error) when an answer or a push does not match its schema, where it checks
 * (client/src/lib/api/check.ts); the e2e suite fails a test whose pages logged it (test/e2e/fixtures.ts).
 */
/**
 * Sent (as "1") on a GET the page makes by itself, because a push said a list changed or the socket came
 * back: the server answers it as any read but does not count it as use of the session, so a page left
 * open on a busy board still signs out after the idle time. Only ever shortens the sender's own session.
 */
export const BACKGROUND_READ_HEADER = 'X-Background-Read';

export const ANSWER_MISMATCH_MARK = '[answer does not match its schema]';

/** The method and the path pattern of a route key. */
export function routeParts(route: RestRoute): { method: RestMethod; pattern: string } {
  const space = route.indexOf(' ');
  return { method: route.slice(0, space) as RestMethod, pattern: route.slice(space + 1) };
}

/** Does a concrete address (query string allowed) fit a route's path pattern? `:name` stands for one segment. */
export function fitsRoute(pattern: string, url: string): boolean {
  const path = url.split('?')[0]!;
  const source = pattern
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`).test(path);
}
