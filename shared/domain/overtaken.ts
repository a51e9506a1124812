import { clockTime } from './date-words.js';
import { RISK_FIELD_LABELS, type RiskDocFields } from '../schemas/risk.js';

/** A field's value as the sentence says it. */
export function valueInWords(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'nothing (not set)';
  return String(value);
}

/** The time of day in the UK, e.g. "10:42am": the partnership's working clock, whatever the server's zone. */
export function ukTimeOfDay(iso: string): string {
  return clockTime(iso);
}

/**
 * The history's sentence for a change that did not hold, e.g. "Dr Aisha Rahman's change of Current
 * likelihood to 3 was overtaken by DCI Tom Brennan's 1 at 10:42".
 */
export function overtakenSummary(input: { field: keyof RiskDocFields; value: unknown; byName: string | null; heldValue: unknown; heldByName: string | null; at: string }): string {
  const by = input.byName ?? 'Someone';
  const heldBy = input.heldByName ?? 'someone else';
  return `${by}'s change of ${RISK_FIELD_LABELS[input.field]} to ${valueInWords(input.value)} was overtaken by ${heldBy}'s ${valueInWords(input.heldValue)} at ${ukTimeOfDay(input.at)}`;
}
