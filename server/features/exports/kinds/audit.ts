import { AUDIT_GROUP_LABELS } from '../../../../shared/domain/audit-actions.js';
import { changesLine } from '../../../../shared/domain/audit-words.js';
import { AppError } from '../../../../shared/errors.js';
import type { AuditEntry } from '../../../../shared/schemas/admin.js';
import { AuditQuery } from '../../../../shared/schemas/common.js';
import { parse } from '../../../../shared/validate.js';
import type { SheetColumn } from '../../../core/spreadsheet/write.js';
import type { AdminService } from '../../admin/index.js';
import type { ExportRun } from './kind.js';

/** The most entries one file holds; narrower filters (dates, a kind) make a smaller one. */
export const AUDIT_EXPORT_MAX = 20_000;
const PAGE = 500;

const COLUMNS: SheetColumn<AuditEntry>[] = [
  { header: 'When', width: 17, type: 'datetime', value: (e) => e.at },
  { header: 'Who', width: 24, type: 'text', value: (e) => e.actorName ?? (e.actorId === null ? 'The system' : 'A person no longer listed') },
  { header: 'What happened', width: 70, type: 'text', value: (e) => e.sentence },
  { header: 'Record', width: 40, type: 'text', value: (e) => e.record?.label ?? null },
  { header: 'Changes', width: 60, type: 'text', value: (e) => changesLine(e.changes) || null },
  { header: 'Kind', width: 20, type: 'text', value: (e) => AUDIT_GROUP_LABELS[e.group] },
];

/**
 * The audit log as a spreadsheet, with the page's filters (`limit` is the page's, not the file's: the
 * file holds every entry they keep, newest first, up to AUDIT_EXPORT_MAX). The log is the
 * administrators' alone: the export route admits anyone of the partnership, so the kind refuses the
 * rest (FORBIDDEN) before it reads the query.
 */
export function auditExport(admin: AdminService): ExportRun {
  return (rawQuery) => async (actor) => {
    if (!actor.isPartnershipAdmin) throw new AppError('FORBIDDEN', 'Only the partnership’s administrators can download the audit log.');
    const { limit: _page, ...filter } = parse(AuditQuery, rawQuery);
    const rows: AuditEntry[] = [];
    let before = filter.before;
    while (rows.length < AUDIT_EXPORT_MAX) {
      const page = await admin.audit(actor.partnershipId, { ...filter, before, limit: Math.min(PAGE, AUDIT_EXPORT_MAX - rows.length) });
      rows.push(...page);
      if (page.length < PAGE) break;
      before = page[page.length - 1]!.id;
    }
    return { name: 'audit-log', sheets: [{ name: 'Audit log', columns: COLUMNS, rows }] };
  };
}
