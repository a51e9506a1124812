import { z } from 'zod';
import { MONTH, REPORTING_CYCLES } from '../domain/reporting.js';
import { IsoDate, NamedRef, PartnershipParams, RowId, Timestamp } from './common.js';

export const HighlightParams = PartnershipParams.extend({ boardId: z.string().regex(/^[1-9][0-9]{0,9}$/, 'Not a board').transform(Number) });
export const HighlightQuery = z.object({ month: z.string().regex(MONTH, 'A month as YYYY-MM').optional() });

const RiskMove = z.strictObject({ riskId: RowId, reference: z.string(), title: z.string(), at: Timestamp, reason: z.string(), byName: z.string().nullable() });

/**
 * A board's highlight report for a month (seed 004: "highlight reports including risks, issues and
 * decisions escalated"), made from the record: what moved on its register, what is above tolerance,
 * what the board decided and escalated, its plan's RAG changes and the scorecard's exceptions.
 */
export const HighlightReport = z.strictObject({
  board: NamedRef,
  month: z.string(),
  reportsTo: NamedRef.nullable(),
  cycle: z.enum(REPORTING_CYCLES),
  /** The receiving board's papers deadline this report goes out with; null when none is scheduled. */
  dueBy: IsoDate.nullable(),
  marking: z.string(),
  escalated: z.array(RiskMove),
  deescalated: z.array(RiskMove),
  aboveTolerance: z.array(z.strictObject({ riskId: RowId, reference: z.string(), title: z.string(), score: z.number().int().nullable(), tolerance: z.number().int().nullable(), since: Timestamp.nullable() })),
  decisions: z.array(z.strictObject({ meetingId: RowId, meetingTitle: z.string(), date: IsoDate, text: z.string() })),
  challengesEscalated: z.array(z.strictObject({ challengeId: RowId, reference: z.string(), title: z.string(), agencyName: z.string(), at: Timestamp, reason: z.string() })),
  ragChanges: z.array(z.strictObject({ objectiveId: RowId, planTitle: z.string(), outcome: z.string(), period: z.string(), from: z.string().nullable(), to: z.string(), decidedAt: Timestamp, byName: z.string().nullable() })),
  exceptions: z.array(z.strictObject({ indicatorId: RowId, name: z.string(), rag: z.string().nullable(), reasons: z.array(z.string()), latest: z.string().nullable() })),
});
export type HighlightReport = z.infer<typeof HighlightReport>;
