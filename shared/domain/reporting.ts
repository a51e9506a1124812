/**
 * A board's highlight-report cycle (seed 004: "the Operational Group sends the Improvement Board
 * highlight reports" each month). `none`: the board sends no highlight report.
 */
export const REPORTING_CYCLES = ['monthly', 'two-weekly', 'quarterly', 'none'] as const;
export type ReportingCycle = (typeof REPORTING_CYCLES)[number];

export const REPORTING_CYCLE_LABELS: Record<ReportingCycle, string> = {
  monthly: 'Monthly',
  'two-weekly': 'Every two weeks',
  quarterly: 'Quarterly',
  none: 'No highlight report',
};

/** Protective markings a partnership may print (Government Security Classifications, with the handling caveat most boards use). */
export const PROTECTIVE_MARKINGS = ['OFFICIAL', 'OFFICIAL-SENSITIVE', 'OFFICIAL-SENSITIVE PERSONAL'] as const;
export type ProtectiveMarking = (typeof PROTECTIVE_MARKINGS)[number];

/** Who reads a board's highlight report: its administrators, the people of the board, and those of the board it reports to. */
export function canReadHighlightReport(actor: { isPartnershipAdmin: boolean; partnershipId: number; boardRoles: ReadonlyMap<number, unknown> }, board: { partnershipId: number; id: number; parentBoardId: number | null }): boolean {
  if (actor.partnershipId !== board.partnershipId) return false;
  if (actor.isPartnershipAdmin) return true;
  return actor.boardRoles.has(board.id) || (board.parentBoardId !== null && actor.boardRoles.has(board.parentBoardId));
}

/**
 * When a month's highlight report is due: by the papers deadline of the receiving board's first
 * meeting after the month ends (its papers go out with that meeting's pack); null when none is set.
 */
export function highlightDueBy(month: string, receivingMeetings: readonly { date: string; papersDeadline: string }[]): string | null {
  const after = receivingMeetings.filter((m) => m.date.slice(0, 7) > month).sort((a, b) => a.date.localeCompare(b.date));
  return after[0]?.papersDeadline ?? null;
}

/** The month a day falls in, and the months a report may be asked for (YYYY-MM, from 2000 to 2099). */
export const MONTH = /^20\d{2}-(0[1-9]|1[0-2])$/;
