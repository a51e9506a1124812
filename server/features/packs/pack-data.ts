import type { Actor } from '../../../shared/domain/permissions.js';
import type { RiskMatrix } from '../../../shared/domain/scoring.js';
import type { ChallengeRow } from '../../../shared/schemas/challenge.js';
import type { ActionView, MeetingDetail } from '../../../shared/schemas/meeting.js';
import type { PlanDetail } from '../../../shared/schemas/plan.js';
import { RegisterSummaryQuery, type RegisterSummary } from '../../../shared/schemas/register.js';
import type { RiskRow } from '../../../shared/schemas/risk.js';
import type { IndicatorDetail } from '../../../shared/schemas/scorecard.js';
import type { AdminService, PrintHeading } from '../admin/index.js';
import type { ChallengeQueries } from '../challenges/index.js';
import type { MeetingService } from '../meetings/index.js';
import type { PlanService } from '../plans/index.js';
import type { RegisterQueries, RiskQueries } from '../risks/index.js';
import type { ScorecardService } from '../scorecard/index.js';
import type { PackPaper, PaperQueries } from './papers.js';
import type { Html } from '../../core/html.js';

/** Where a pack reads from: each feature's own services and queries, as their pages read them. */
export interface PackReaders {
  meetings: MeetingService;
  admin: AdminService;
  risks: RiskQueries;
  register: RegisterQueries;
  challenges: ChallengeQueries;
  plans: PlanService;
  scorecard: ScorecardService;
  papers: PaperQueries;
  /**
   * The highlight reports the boards below this one send it for the month before the meeting, each as
   * a section of the pack (the reports feature's, lent by the composition root; none when not lent).
   */
  highlights?: (actor: Actor, boardId: number, meetingDay: string) => Promise<Html[]>;
}

/** Everything a board pack shows, read once, as the person asking may see it. */
export interface PackData {
  heading: PrintHeading;
  meeting: MeetingDetail;
  papers: PackPaper[];
  matrix: RiskMatrix;
  /** The board's open risks escalated to it or above their tolerance (what "Build agenda" proposes). */
  risks: RiskRow[];
  /** The heat map of the board's open risks by current score. */
  heat: RegisterSummary;
  /** The challenges raised at the board or escalated to it. */
  challenges: ChallengeRow[];
  /** The improvement plans the board owns. */
  plans: PlanDetail[];
  exceptions: IndicatorDetail[];
  /** The board's actions not yet done. */
  actions: ActionView[];
  /** Highlight reports received from the boards below. */
  highlights: Html[];
}

/**
 * Reads a pack's contents. The meeting is read first, with the rights of its page: another
 * partnership's meeting, or one of a board the person does not sit on, is "not found" before anything
 * else is read.
 */
export async function readPack(r: PackReaders, actor: Actor, meetingId: number): Promise<PackData> {
  const meeting = await r.meetings.detail(actor, meetingId);
  const { partnershipId } = actor;
  const boardId = meeting.meeting.boardId;
  const [heading, challenges, planList, exceptions, actions] = await Promise.all([
    r.admin.printHeading(partnershipId),
    r.challenges.list(partnershipId),
    r.plans.list(actor),
    r.scorecard.exceptions(actor),
    r.meetings.actions(actor, boardId),
  ]);
  const register = await r.risks.list(partnershipId, { status: 'open', boardId });
  return {
    heading,
    meeting,
    papers: (await r.papers.list(partnershipId, meetingId)),
    matrix: (await r.risks.matrix(partnershipId)),
    risks: register.filter((x) => x.escalatedToBoardId === boardId || x.aboveTolerance),
    heat: (await r.register.summary(partnershipId, RegisterSummaryQuery.parse({ boardId: String(boardId), status: 'open', kind: 'current' }))),
    challenges: challenges.filter((c) => c.boardId === boardId || c.escalatedToBoardId === boardId),
    plans: await Promise.all(planList.filter((p) => p.boardId === boardId).map((p) => r.plans.detail(actor, p.id))),
    exceptions,
    actions: actions.filter((a) => a.status !== 'done'),
    highlights: r.highlights ? await r.highlights(actor, boardId, meeting.meeting.startsAt) : [],
  };
}
