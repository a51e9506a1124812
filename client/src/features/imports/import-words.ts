import type { ImportKind } from '../../../../shared/exchange/columns';

/** What each kind of import holds, in the words of the page. */
export const IMPORT_KIND_WORDS: Record<ImportKind, { label: string; noun: string; hint: string }> = {
  risks: { label: 'Risks (the register)', noun: 'risk', hint: 'One row per risk. A row with a reference (R-004) changes that risk; a row without one adds a risk to the board it names.' },
  mitigations: { label: 'Mitigations', noun: 'mitigation', hint: 'One row per mitigation, naming its risk’s reference. A row with a Mitigation ID changes that mitigation; one without adds a mitigation.' },
  'plan-actions': { label: 'Improvement plan actions', noun: 'action', hint: 'Action, Milestones, Timescales, Lead Officers and Progress, under the objective each belongs to. A row with an Action ID changes that action.' },
  'indicator-values': { label: 'Scorecard values', noun: 'value', hint: 'Indicator, Period and Value (Numerator, Denominator and Note if you have them).' },
};

export const ACTION_WORDS = { create: 'Adds', update: 'Changes', unchanged: 'Unchanged' } as const;
