import { Router } from 'express';
import { PartnershipParams } from '../../../shared/schemas/common.js';
import { IndicatorParams, IndicatorQuery } from '../../../shared/schemas/scorecard.js';
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

  router.get(`${base}/scorecard/exceptions`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    res.json(await scorecard.exceptions(actor));
  });

  return router;
}
