import { Router } from 'express';
import { HighlightParams, HighlightQuery } from '../../../shared/schemas/reports.js';
import { parse } from '../../../shared/validate.js';
import { requirePartnership } from '../../http/access.js';
import type { ServiceContext } from '../../core/context.js';
import type { ScorecardService } from '../scorecard/index.js';
import { highlightReport } from './highlight.js';

/** Reports made from the record: a board's monthly highlight report. */
export function reportRoutes(ctx: ServiceContext, scorecard: ScorecardService): Router {
  const router = Router();
  router.get('/partnerships/:partnershipId/boards/:boardId/highlight-report', async (req, res) => {
    const { partnershipId, boardId } = parse(HighlightParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    const { month } = parse(HighlightQuery, req.query);
    res.json(await highlightReport(ctx, scorecard, actor, boardId, month));
  });
  return router;
}
