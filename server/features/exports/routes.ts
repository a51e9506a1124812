import { Router } from 'express';
import { todayIn } from '../../../shared/domain/scoring.js';
import type { ExportKind } from '../../../shared/exchange/columns.js';
import { PartnershipParams } from '../../../shared/schemas/common.js';
import { ExportFileParams } from '../../../shared/schemas/exports.js';
import { parse } from '../../../shared/validate.js';
import type { CommandBudgets } from '../../core/command-budgets.js';
import type { ServiceContext } from '../../core/context.js';
import { writeCsv, writeXlsx } from '../../core/spreadsheet/write.js';
import { requirePartnership } from '../../http/access.js';
import type { ExportRun } from './kinds/kind.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * GET /api/partnerships/:pid/exports/<kind>.<xlsx|csv>: a list as a download, with its page's query.
 * The person is checked before the file's name is read (no session 401, another partnership 404),
 * then the kind's query (400 naming the field); the rows are the kind's list's for this person.
 * Writing a workbook is work a command's worth or more: each export costs one from the person's budget.
 */
export function exportRoutes(ctx: ServiceContext, kinds: Record<ExportKind, ExportRun>, budgets: CommandBudgets): Router {
  const router = Router();

  router.get('/partnerships/:partnershipId/exports/:file', async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, { partnershipId: req.params.partnershipId });
    const { actor, allowance } = requirePartnership(req, partnershipId);
    const { file } = parse(ExportFileParams, { file: req.params.file });
    const build = kinds[file.kind](req.query);
    await budgets.of(allowance).spend();
    const book = await build(actor);
    const name = `${book.name}-${todayIn(ctx.clock())}.${file.format}`;
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    // Registers hold sensitive safeguarding information: never kept by a browser or a proxy.
    res.setHeader('Cache-Control', 'no-store');
    if (file.format === 'csv') res.type('text/csv; charset=utf-8').send(writeCsv(book.sheets[0]!));
    else res.type(XLSX_TYPE).send(await writeXlsx(book.sheets));
  });

  return router;
}
