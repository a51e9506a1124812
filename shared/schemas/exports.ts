import { z } from 'zod';
import { EXPORT_KINDS, type ExportKind } from '../exchange/columns.js';

/**
 * GET /api/partnerships/:pid/exports/<kind>.<format>: a list as a spreadsheet, with the same query as
 * its page. The file's name in the address is read here, once, for the server and the client's links.
 */
export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_FORMAT_LABELS: Record<ExportFormat, string> = { xlsx: 'Excel (.xlsx)', csv: 'CSV' };

const FILE = /^([a-z]+)\.([a-z]+)$/;
const refusal = `Not an export: one of ${EXPORT_KINDS.join(', ')}, as .xlsx or .csv (e.g. risks.xlsx)`;

/** `risks.xlsx` → { kind: 'risks', format: 'xlsx' }; anything else names `file` with the choices. */
export const ExportFile = z.string().transform((s, ctx): { kind: ExportKind; format: ExportFormat } => {
  const m = FILE.exec(s);
  const kind = m?.[1] as ExportKind | undefined;
  const format = m?.[2] as ExportFormat | undefined;
  if (!kind || !format || !EXPORT_KINDS.includes(kind) || !EXPORT_FORMATS.includes(format)) {
    ctx.addIssue({ code: 'custom', message: refusal });
    return z.NEVER;
  }
  return { kind, format };
});

export const ExportFileParams = z.object({ file: ExportFile });

/** The address of an export, as the pages link to it (`query` with its "?", or empty). */
export function exportPath(partnershipId: number, kind: ExportKind, format: ExportFormat, query = ''): string {
  return `/api/partnerships/${partnershipId}/exports/${kind}.${format}${query}`;
}
