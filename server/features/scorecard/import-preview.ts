import { isIndicatorPeriod, PERIOD_FORMATS, type Frequency } from '../../../shared/domain/indicator-periods.js';
import type { ImportPreview, ImportRowView } from '../../../shared/schemas/scorecard.js';
import { SCORECARD_LIMITS } from '../../../shared/limits.js';
import { readNumber } from '../../../shared/domain/spreadsheet-number.js';

/** What the preview knows of each indicator: its name, frequency, whether this person enters it, and its values by period. */
export interface ImportTarget {
  id: number;
  name: string;
  frequency: Frequency;
  enterValues: boolean;
  /** Period → the period's current value, note, numerator and denominator. */
  current: Map<string, { value: number; note: string; numerator: number | null; denominator: number | null }>;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A period as written in a spreadsheet: its key, or as a month ("Nov 2026", "Nov-26", "November 2026", a date). */
export function readPeriod(frequency: Frequency, text: string): string | null {
  const t = text.trim();
  if (isIndicatorPeriod(frequency, t)) return t;
  if (frequency !== 'monthly') return null;
  const date = /^(\d{4})-(\d{2})-\d{2}$/.exec(t);
  if (date && isIndicatorPeriod('monthly', `${date[1]}-${date[2]}`)) return `${date[1]}-${date[2]}`;
  const named = /^([A-Za-z]{3})[A-Za-z]*[\s-]+(\d{2}|\d{4})$/.exec(t);
  const month = named ? MONTHS.indexOf(named[1]!.toLowerCase()) : -1;
  if (!named || month < 0) return null;
  const year = named[2]!.length === 2 ? 2000 + Number(named[2]) : Number(named[2]);
  const key = `${year}-${String(month + 1).padStart(2, '0')}`;
  return isIndicatorPeriod('monthly', key) ? key : null;
}


/**
 * Each row of a values file checked as `indicator:record-values` would check it, and what committing
 * it would do, without storing anything: an unknown indicator (by name or id), one this person does not
 * enter, a period not of its frequency, a value that is not a number, the same indicator and period
 * twice. Every error names its row and column.
 */
/** A values row's cells, by field (the import service has mapped the file's columns). */
export type ValueCells = Record<(typeof VALUE_FIELDS)[number], string>;
export const VALUE_FIELDS = ['indicator', 'period', 'value', 'numerator', 'denominator', 'note'] as const;

export function previewImport(fileName: string, table: readonly ValueCells[], targets: readonly ImportTarget[]): ImportPreview {
  const byName = new Map(targets.map((t) => [t.name.trim().toLowerCase(), t]));
  const byId = new Map(targets.map((t) => [String(t.id), t]));
  const seen = new Set<string>();
  const rows: ImportRowView[] = table.map((cells, i) => {
    const cell = (c: keyof ValueCells) => cells[c].trim();
    const errors: ImportRowView['errors'] = [];
    const name = cell('indicator');
    const target = byName.get(name.toLowerCase()) ?? byId.get(name) ?? null;
    if (!target) errors.push({ column: 'indicator', message: name ? 'No indicator of that name on the scorecard' : 'Name the indicator' });
    else if (!target.enterValues) errors.push({ column: 'indicator', message: 'You do not enter this indicator’s values' });
    const period = target ? readPeriod(target.frequency, cell('period')) : null;
    if (target && !period) errors.push({ column: 'period', message: `Not a period of this indicator: ${PERIOD_FORMATS[target.frequency]}` });
    const value = readNumber(cell('value'));
    if (value === null || Number.isNaN(value)) errors.push({ column: 'value', message: value === null ? 'No value' : 'Not a number' });
    const numerator = readNumber(cell('numerator'));
    const denominator = readNumber(cell('denominator'));
    if (Number.isNaN(numerator)) errors.push({ column: 'numerator', message: 'Not a number' });
    if (Number.isNaN(denominator)) errors.push({ column: 'denominator', message: 'Not a number' });
    if ((numerator === null) !== (denominator === null)) errors.push({ column: numerator === null ? 'numerator' : 'denominator', message: 'Give both the numerator and the denominator, or neither' });
    const note = cell('note');
    if (note.length > SCORECARD_LIMITS.noteMax) errors.push({ column: 'note', message: `Longer than ${SCORECARD_LIMITS.noteMax} characters` });
    if (value !== null && Math.abs(value) > SCORECARD_LIMITS.valueMax) errors.push({ column: 'value', message: 'Too large' });
    if (target && period) {
      const key = `${target.id}|${period}`;
      if (seen.has(key)) errors.push({ column: 'period', message: 'The same indicator and period is on an earlier row too' });
      seen.add(key);
    }
    const ok = errors.length === 0;
    const now = ok ? target!.current.get(period!) : undefined;
    const same = now !== undefined && now.value === value && now.note === note && now.numerator === numerator && now.denominator === denominator;
    return {
      row: i + 2,
      indicatorId: target?.id ?? null,
      indicatorName: target?.name ?? name,
      period,
      value: value !== null && !Number.isNaN(value) ? value : null,
      numerator: numerator !== null && !Number.isNaN(numerator) ? numerator : null,
      denominator: denominator !== null && !Number.isNaN(denominator) ? denominator : null,
      note,
      action: ok ? (now === undefined ? 'new' : same ? 'unchanged' : 'correction') : null,
      errors,
    };
  });
  const count = (a: ImportRowView['action']) => rows.filter((r) => r.action === a).length;
  return {
    fileName,
    columns: {},
    rows,
    counts: { rows: rows.length, new: count('new'), corrections: count('correction'), unchanged: count('unchanged'), withErrors: rows.filter((r) => r.errors.length > 0).length },
  };
}
