import { Router } from 'express';
import { PartnershipParams } from '../../../shared/schemas/common.js';
import { IndicatorParams, IndicatorQuery, ScorecardExportQuery } from '../../../shared/schemas/scorecard.js';
import { applyFilters } from '../../../shared/domain/scorecard-filters.js';
import { todayIn } from '../../../shared/domain/scoring.js';
import { scorecardCsv, scorecardXlsx } from './export.js';
import { parse } from '../../../shared/validate.js';
import { requirePartnership } from '../../http/access.js';
import type { ScorecardService } from './service.js';

/** The scorecard's reads; every change is a command (POST /api/commands/<name>, or over Socket.io). */
export function scorecardRoutes(scorecard: ScorecardService): Router {
  const router = Router();
  const base = '/partnerships/:partnershipId';

  router.get(`${base}/indicators`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    const query = parse(IndicatorQuery, req.query);
    res.json(await scorecard.list(actor, query));
  });

  router.get(`${base}/indicators/:indicatorId`, async (req, res) => {
    const { partnershipId, indicatorId } = parse(IndicatorParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    res.json(await scorecard.detail(actor, indicatorId));
  });

  // The rows the page shows with the same filters, as a download (never rendered inline).
  router.get(`${base}/scorecard/export`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    const q = parse(ScorecardExportQuery, req.query);
    const rows = applyFilters(await scorecard.list(actor), { agencyId: q.agency ?? null, area: q.area ?? null, rag: q.rag ?? null, exceptions: q.exceptions === 'true' });
    const name = `scorecard-${todayIn(Date.now())}.${q.format}`;
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (q.format === 'csv') res.type('text/csv; charset=utf-8').send(`\ufeff${scorecardCsv(rows)}`);
    else res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await scorecardXlsx(rows));
  });

  router.get(`${base}/scorecard/exceptions`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    res.json(await scorecard.exceptions(actor));
  });

  return router;
}
