import { Router } from 'express';
import { HighlightParams, HighlightQuery } from '../../../shared/schemas/reports.js';
import { parse } from '../../../shared/validate.js';
import { requirePartnership } from '../../http/access.js';
import type { ServiceContext } from '../../core/context.js';
import type { ScorecardService } from '../scorecard/index.js';
import { highlightReport } from './highlight.js';
import { highlightPage, highlightTitle } from './print.js';
import type { CommandBudgets } from '../../core/command-budgets.js';
import { charged, html, orPrintPage, sendPage, sendPdf, type PdfRenderer } from '../packs/index.js';

/** Reports made from the record: a board's monthly highlight report. */
export function reportRoutes(ctx: ServiceContext, scorecard: ScorecardService, pdf: PdfRenderer, budgets: CommandBudgets): Router {
  const router = Router();
  const base = '/partnerships/:partnershipId/boards/:boardId/highlight-report';

  // The print page and its PDF, declared before the JSON route's address so `.html` and `.pdf` are theirs.
  router.get(`${base}.html`, async (req, res) => {
    const { partnershipId, boardId } = parse(HighlightParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    const { month } = parse(HighlightQuery, req.query);
    const report = await highlightReport(ctx, scorecard, actor, boardId, month);
    sendPage(res, highlightPage(report, html`<p>This is the print version of the highlight report. <a href="highlight-report.pdf?month=${report.month}">Download it as a PDF</a>, or print it from your browser.</p>`));
  });

  router.get(`${base}.pdf`, async (req, res) => {
    const { partnershipId, boardId } = parse(HighlightParams, req.params);
    const actor = await charged(req, partnershipId, budgets);
    const { month } = parse(HighlightQuery, req.query);
    const report = await highlightReport(ctx, scorecard, actor, boardId, month);
    const printed = await orPrintPage(req, pdf.render(highlightPage(report, html``), { marking: report.marking, title: highlightTitle(report) }).then((p) => ({ ...p, fileName: `highlight-report-board-${boardId}-${report.month}.pdf` })));
    sendPdf(res, printed);
  });

  router.get(base, async (req, res) => {
    const { partnershipId, boardId } = parse(HighlightParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    const { month } = parse(HighlightQuery, req.query);
    res.json(await highlightReport(ctx, scorecard, actor, boardId, month));
  });
  return router;
}
