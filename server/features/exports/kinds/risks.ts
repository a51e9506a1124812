import { bandOf, TREND_LABELS, type RiskMatrix } from '../../../../shared/domain/scoring.js';
import { exportHeading, type ImportField } from '../../../../shared/exchange/columns.js';
import { RegisterExportQuery } from '../../../../shared/schemas/register.js';
import type { RiskRow } from '../../../../shared/schemas/risk.js';
import type { Coloured, SheetColumn } from '../../../core/spreadsheet/write.js';
import type { RegisterQueries, RiskService } from '../../risks/index.js';
import { yesNo, type ExportKindHandler } from './kind.js';

const h = (field: ImportField<'risks'>) => exportHeading('risks', field);

interface Texts {
  cause: string;
  event: string;
  effect: string;
}

/** The current score's band on the partnership's matrix, in its label and colours. */
export function bandCell(score: number | null, matrix: RiskMatrix): Coloured | null {
  if (score === null) return null;
  const band = bandOf(score, matrix);
  return { word: band.label, fill: band.colour, text: band.textColour };
}

/**
 * The register's columns: first those an import reads, under the headings it recognises (so an
 * exported register comes back in unchanged), then read-only ones it passes over (worked out, or
 * changed only by commands). None of the read-only headings is one the import recognises.
 */
function columns(texts: ReadonlyMap<number, Texts>, matrix: RiskMatrix): SheetColumn<RiskRow>[] {
  const text = (id: number, f: keyof Texts) => texts.get(id)?.[f] ?? '';
  return [
    { header: h('reference'), width: 10, type: 'text', value: (r) => r.reference },
    { header: h('title'), width: 40, type: 'text', value: (r) => r.title },
    { header: h('event'), width: 50, type: 'text', value: (r) => text(r.id, 'event') },
    { header: h('cause'), width: 40, type: 'text', value: (r) => text(r.id, 'cause') },
    { header: h('effect'), width: 40, type: 'text', value: (r) => text(r.id, 'effect') },
    { header: h('category'), width: 26, type: 'text', value: (r) => r.category },
    { header: h('board'), width: 28, type: 'text', value: (r) => r.boardName },
    { header: h('leadAgency'), width: 28, type: 'text', value: (r) => r.leadAgencyName },
    { header: h('owner'), width: 24, type: 'text', value: (r) => r.ownerName },
    { header: h('inherentLikelihood'), width: 11, type: 'number', value: (r) => r.inherent.likelihood },
    { header: h('inherentImpact'), width: 11, type: 'number', value: (r) => r.inherent.impact },
    { header: h('currentLikelihood'), width: 11, type: 'number', value: (r) => r.current.likelihood },
    { header: h('currentImpact'), width: 11, type: 'number', value: (r) => r.current.impact },
    { header: h('targetLikelihood'), width: 11, type: 'number', value: (r) => r.target.likelihood },
    { header: h('targetImpact'), width: 11, type: 'number', value: (r) => r.target.impact },
    { header: h('tolerance'), width: 10, type: 'number', value: (r) => r.tolerance },
    { header: 'Current score', width: 10, type: 'number', value: (r) => r.current.score },
    { header: 'Band', width: 12, type: 'band', value: (r) => bandCell(r.current.score, matrix), none: 'Not scored' },
    { header: 'Above tolerance', width: 11, type: 'text', value: (r) => yesNo(r.aboveTolerance) },
    { header: 'Trend', width: 11, type: 'text', value: (r) => TREND_LABELS[r.trend] },
    { header: 'Status', width: 9, type: 'text', value: (r) => (r.status === 'open' ? 'Open' : 'Closed') },
    { header: 'Escalated to', width: 28, type: 'text', value: (r) => r.escalatedToBoardName },
    { header: 'Next review date', width: 12, type: 'date', value: (r) => r.nextReviewDate },
    { header: 'Last updated', width: 17, type: 'datetime', value: (r) => r.updatedAt },
  ];
}

/** The register as its page shows it: its filters and sort, every matching row (the page reads them a page at a time). */
export function risksExport(register: RegisterQueries, risks: RiskService): ExportKindHandler<RegisterExportQuery> {
  return {
    query: RegisterExportQuery,
    async build(actor, query) {
      const rows = await register.every(actor.partnershipId, query);
      // The long texts are not on a list row; read with every risk's, once.
      const texts = new Map((await risks.queries.importState(actor.partnershipId)).map((r) => [r.id, r]));
      return { name: 'risk-register', sheets: [{ name: 'Risk register', columns: columns(texts, (await risks.queries.matrix(actor.partnershipId))), rows }] };
    },
  };
}
