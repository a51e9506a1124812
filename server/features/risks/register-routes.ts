import { Router } from 'express';
import { PartnershipParams } from '../../../shared/schemas/common.js';
import { RegisterPageQuery, RegisterRowsQuery, RegisterSummaryQuery, RiskLookupQuery } from '../../../shared/schemas/register.js';
import { parse } from '../../../shared/validate.js';
import { requirePartnership } from '../../http/access.js';
import type { RegisterQueries } from './register-queries.js';

/**
 * The register read a page at a time (shared/schemas/register.ts). Rights as the whole list's:
 * everyone in a partnership reads its register, and nothing of another partnership's.
 */
export function registerRoutes(register: RegisterQueries): Router {
  const router = Router();
  const base = '/partnerships/:partnershipId/register';

  router.get(base, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json((await register.page(partnershipId, parse(RegisterPageQuery, req.query))));
  });

  router.get(`${base}/rows`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json((await register.placed(partnershipId, parse(RegisterRowsQuery, req.query))));
  });

  router.get(`${base}/summary`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json((await register.summary(partnershipId, parse(RegisterSummaryQuery, req.query))));
  });

  router.get(`${base}/lookup`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json(await register.lookup(partnershipId, parse(RiskLookupQuery, req.query)));
  });

  return router;
}
