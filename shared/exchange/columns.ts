/**
 * The columns of the spreadsheets the product reads and writes (issue 14), declared once: an export
 * heads each importable column with its field's first heading, and an import recognises any of the
 * headings (compared without case, spaces or punctuation), so an exported file comes back in as it went
 * out. Headings after the first are the ones partnerships' own registers use ("Risk description",
 * "Lead Officers", "Timescales", …).
 */

export const IMPORT_KINDS = ['risks', 'mitigations', 'plan-actions', 'indicator-values'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const EXPORT_KINDS = ['risks', 'mitigations', 'challenges', 'actions', 'plan', 'scorecard', 'audit'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface ExchangeColumn {
  /** The heading an export writes, first; then others an import also recognises. */
  headings: readonly [string, ...string[]];
  /** Whether an import cannot do without it (for a new record). */
  required?: boolean;
}

export const EXCHANGE_COLUMNS = {
  risks: {
    reference: { headings: ['Reference', 'Ref', 'Risk ref', 'Risk reference', 'Risk ID', 'Risk no', 'ID'] },
    title: { headings: ['Title', 'Risk title', 'Risk', 'Risk name'], required: true },
    event: { headings: ['Risk description', 'Description', 'Risk event', 'Event'] },
    cause: { headings: ['Cause', 'Causes'] },
    effect: { headings: ['Effect', 'Effects', 'Consequence', 'Consequences'] },
    category: { headings: ['Category', 'Risk category', 'Theme'] },
    board: { headings: ['Board', 'Register', 'Board register'] },
    leadAgency: { headings: ['Lead agency', 'Agency', 'Lead organisation', 'Organisation'], required: true },
    owner: { headings: ['Owner', 'Risk owner', 'Lead'], required: true },
    inherentLikelihood: { headings: ['Inherent likelihood', 'Likelihood (inherent)', 'Initial likelihood'] },
    inherentImpact: { headings: ['Inherent impact', 'Impact (inherent)', 'Initial impact'] },
    currentLikelihood: { headings: ['Current likelihood', 'Likelihood', 'Residual likelihood', 'Likelihood (current)'] },
    currentImpact: { headings: ['Current impact', 'Impact', 'Residual impact', 'Impact (current)'] },
    targetLikelihood: { headings: ['Target likelihood', 'Likelihood (target)'] },
    targetImpact: { headings: ['Target impact', 'Impact (target)'] },
    tolerance: { headings: ['Tolerance', 'Risk tolerance', 'Appetite', 'Risk appetite'] },
  },
  mitigations: {
    riskReference: { headings: ['Risk reference', 'Risk ref', 'Risk', 'Risk ID'], required: true },
    mitigationId: { headings: ['Mitigation ID', 'Mitigation ref', 'Mitigation reference'] },
    action: { headings: ['Mitigation', 'Mitigating action', 'Action', 'Control', 'Controls'], required: true },
    owner: { headings: ['Owner', 'Action owner', 'Lead officer', 'Lead'] },
    agency: { headings: ['Agency', 'Lead agency', 'Organisation'] },
    dueDate: { headings: ['Due date', 'Due', 'Target date', 'Timescale', 'Deadline'] },
    status: { headings: ['Status', 'Progress status'] },
  },
  'plan-actions': {
    actionId: { headings: ['Action ID', 'Action ref', 'Action reference'] },
    objective: { headings: ['Objective', 'Objective reference', 'Objective ref', 'Priority'], required: true },
    description: { headings: ['Action', 'Actions', 'Action description'], required: true },
    milestones: { headings: ['Milestones', 'Milestone'] },
    dueDate: { headings: ['Timescales', 'Timescale', 'Due date', 'Due', 'Deadline'] },
    leads: { headings: ['Lead Officers', 'Lead officer', 'Lead officers', 'Lead', 'Owner'] },
    status: { headings: ['Status', 'RAG status'] },
    progress: { headings: ['Progress', 'Progress update', 'Update'] },
  },
  'indicator-values': {
    indicator: { headings: ['Indicator', 'Indicator name', 'Measure', 'Name'], required: true },
    period: { headings: ['Period', 'Month', 'Quarter', 'Term', 'Year'], required: true },
    value: { headings: ['Value', 'Figure', 'Actual', 'Result'], required: true },
    numerator: { headings: ['Numerator'] },
    denominator: { headings: ['Denominator'] },
    note: { headings: ['Note', 'Notes', 'Comment', 'Comments'] },
  },
} as const satisfies Record<ImportKind, Record<string, ExchangeColumn>>;

export type ImportField<K extends ImportKind> = keyof (typeof EXCHANGE_COLUMNS)[K] & string;

/** The heading an export writes for a field: the first the import recognises. */
export function exportHeading<K extends ImportKind>(kind: K, field: ImportField<K>): string {
  return (EXCHANGE_COLUMNS[kind] as Record<string, ExchangeColumn>)[field]!.headings[0];
}

/** A heading as compared: no case, spaces, punctuation ("Lead Officer(s)" = "lead officers"). */
export function headingKey(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9]+/g, '');
}
