import { exportHeading, type ImportField } from '../../../../shared/exchange/columns.js';
import { RegisterExportQuery } from '../../../../shared/schemas/register.js';
import { MITIGATION_STATUS_LABELS, type MitigationRow } from '../../../../shared/schemas/risk.js';
import type { SheetColumn } from '../../../core/spreadsheet/write.js';
import type { RegisterQueries, RiskService } from '../../risks/index.js';
import { londonDay } from '../../../../shared/domain/meeting-time.js';
import { yesNo, type ExportKindHandler } from './kind.js';

const h = (field: ImportField<'mitigations'>) => exportHeading('mitigations', field);

type Row = MitigationRow & { riskReference: string; riskTitle: string };

/** The importable columns under the import's headings (the Mitigation ID is the mitigation's key in its risk's document), then read-only ones. */
const COLUMNS: SheetColumn<Row>[] = [
  { header: h('riskReference'), width: 10, type: 'text', value: (m) => m.riskReference },
  { header: 'Risk title', width: 36, type: 'text', value: (m) => m.riskTitle },
  { header: h('mitigationId'), width: 16, type: 'text', value: (m) => m.key },
  { header: h('action'), width: 50, type: 'text', value: (m) => m.action },
  { header: h('owner'), width: 24, type: 'text', value: (m) => m.ownerName },
  { header: h('agency'), width: 28, type: 'text', value: (m) => m.agencyName },
  { header: h('dueDate'), width: 12, type: 'date', value: (m) => m.dueDate },
  { header: h('status'), width: 12, type: 'text', value: (m) => MITIGATION_STATUS_LABELS[m.status] },
  { header: 'Overdue', width: 9, type: 'text', value: (m) => yesNo(m.overdue) },
  { header: 'Last note date', width: 12, type: 'date', value: (m) => (m.lastNoteAt ? londonDay(m.lastNoteAt) : null) },
];

/**
 * The mitigations of the risks the register shows (there is no mitigations list of its own: the
 * register is where they are read), with the register's filters, risk by risk in its order.
 */
export function mitigationsExport(register: RegisterQueries, risks: RiskService): ExportKindHandler<RegisterExportQuery> {
  return {
    query: RegisterExportQuery,
    async build(actor, query) {
      const shown = await register.every(actor.partnershipId, query);
      const byRisk = new Map<number, MitigationRow[]>();
      for (const m of (await risks.queries.partnershipMitigations(actor.partnershipId))) byRisk.set(m.riskId, [...(byRisk.get(m.riskId) ?? []), m]);
      const rows = shown.flatMap((r) => (byRisk.get(r.id) ?? []).map((m) => ({ ...m, riskReference: r.reference, riskTitle: r.title })));
      return { name: 'mitigations', sheets: [{ name: 'Mitigations', columns: COLUMNS, rows }] };
    },
  };
}
