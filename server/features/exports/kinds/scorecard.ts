import { FREQUENCY_LABELS, periodLabel } from '../../../../shared/domain/indicator-periods.js';
import { applyFilters } from '../../../../shared/domain/scorecard-filters.js';
import { EXCEPTION_REASON_WORDS, TRAVEL_WORDS } from '../../../../shared/domain/scorecard.js';
import { INDICATOR_AREA_LABELS, INDICATOR_UNIT_LABELS, ScorecardExportQuery, type IndicatorRow } from '../../../../shared/schemas/scorecard.js';
import type { SheetColumn } from '../../../core/spreadsheet/write.js';
import type { ScorecardService } from '../../scorecard/index.js';
import { ragCell, type ExportKindHandler } from './kind.js';

const POLARITY_SHORT = { bigger_is_better: 'BB', smaller_is_better: 'SB', neither: '' } as const;
const england = (r: IndicatorRow) => r.comparators.find((c) => c.kind === 'england') ?? null;
/** Values to the indicator's own decimals. */
const decimals = (r: IndicatorRow) => (r.decimals > 0 ? `0.${'0'.repeat(r.decimals)}` : '0');

/** The scorecard's rows with polarity, RAG and direction of travel in words (issue 13 item 5). */
const COLUMNS: SheetColumn<IndicatorRow>[] = [
  { header: 'Area', width: 20, type: 'text', value: (r) => INDICATOR_AREA_LABELS[r.area] },
  { header: 'Indicator', width: 50, type: 'text', value: (r) => r.name },
  { header: 'Polarity', width: 9, type: 'text', value: (r) => POLARITY_SHORT[r.polarity] },
  { header: 'Unit', width: 16, type: 'text', value: (r) => INDICATOR_UNIT_LABELS[r.unit] },
  { header: 'Frequency', width: 11, type: 'text', value: (r) => FREQUENCY_LABELS[r.frequency] },
  { header: 'Latest period', width: 14, type: 'text', value: (r) => (r.latest ? periodLabel(r.frequency, r.latest.period) : null) },
  { header: 'Latest value', width: 12, type: 'number', value: (r) => r.latest?.value ?? null, format: decimals },
  { header: 'Previous period', width: 14, type: 'text', value: (r) => (r.previous ? periodLabel(r.frequency, r.previous.period) : null) },
  { header: 'Previous value', width: 12, type: 'number', value: (r) => r.previous?.value ?? null, format: decimals },
  { header: 'England', width: 10, type: 'number', value: (r) => england(r)?.value?.value ?? null, format: decimals },
  {
    header: 'England period',
    width: 14,
    type: 'text',
    value: (r) => {
      const e = england(r)?.value;
      return e ? periodLabel(r.frequency, e.period) : null;
    },
  },
  { header: 'Against England', width: 14, type: 'text', value: (r) => england(r)?.comparison ?? null },
  { header: 'Target', width: 10, type: 'number', value: (r) => r.target, format: decimals },
  { header: 'Tolerance', width: 10, type: 'number', value: (r) => r.tolerance, format: decimals },
  { header: 'RAG', width: 10, type: 'rag', value: (r) => ragCell(r.rag), none: 'Not rated' },
  { header: 'Direction of travel', width: 18, type: 'text', value: (r) => (r.travel ? TRAVEL_WORDS[r.travel].words : 'No trend yet') },
  { header: 'Exception', width: 40, type: 'text', value: (r) => r.exceptions.map((e) => EXCEPTION_REASON_WORDS[e]).join('; ') },
  { header: 'Agency', width: 28, type: 'text', value: (r) => r.agencyName },
  { header: 'Lead', width: 22, type: 'text', value: (r) => r.leadPersonName },
  { header: 'Caveat', width: 40, type: 'text', value: (r) => r.caveat },
];

/** The scorecard as its page shows it: the person's list with the page's own filters (scorecard-filters.ts). */
export function scorecardExport(scorecard: ScorecardService): ExportKindHandler<ScorecardExportQuery> {
  return {
    query: ScorecardExportQuery,
    async build(actor, q) {
      const rows = applyFilters(await scorecard.list(actor), { agencyId: q.agency ?? null, area: q.area ?? null, rag: q.rag ?? null, exceptions: q.exceptions === 'true' });
      return { name: 'scorecard', sheets: [{ name: 'Scorecard', columns: COLUMNS, rows }] };
    },
  };
}
