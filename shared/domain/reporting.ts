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
