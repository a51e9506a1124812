import { Router } from 'express';
import { AppError } from '../../../shared/errors.js';
import { PartnershipParams, RiskParams } from '../../../shared/schemas/common.js';
import { MitigationListQuery, RiskListQuery } from '../../../shared/schemas/risk.js';
import { parse } from '../../../shared/validate.js';
import type { DispatchFromRequest } from '../../http/commands.js';
import type { RiskService } from './service.js';
import type { RiskMatrixService } from './matrix.js';
import type { RegisterQueries } from './register-queries.js';
import { registerRoutes } from './register-routes.js';
import { requireAdmin, requirePartnership } from '../../http/access.js';
import { RiskMatrixBody } from '../../../shared/schemas/matrix.js';

export function riskRoutes(risks: RiskService, riskMatrix: RiskMatrixService, register: RegisterQueries, dispatch: DispatchFromRequest): Router {
  const router = Router();
  const base = '/partnerships/:partnershipId';
  // The register a page at a time, beside the whole list that older callers read.
  router.use(registerRoutes(register));

  router.get(`${base}/risk-matrix`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json((await risks.queries.matrix(partnershipId)));
  });

  // What a new matrix would do, before it is saved: which risks change band, which must be rescored.
  router.post(`${base}/risk-matrix/preview`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requireAdmin(req, partnershipId);
    res.json((await riskMatrix.preview(partnershipId, parse(RiskMatrixBody, req.body))));
  });

  router.put(`${base}/risk-matrix`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    res.json(await dispatch(req, 'risk-matrix:save', req.body, partnershipId));
  });

  router.get(`${base}/risks`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json((await risks.queries.list(partnershipId, parse(RiskListQuery, req.query))));
  });

  router.get(`${base}/mitigations`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    const { riskIds } = parse(MitigationListQuery, req.query);
    res.json((await risks.queries.partnershipMitigations(partnershipId, riskIds)));
  });

  router.post(`${base}/risks`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    res.status(201).json(await dispatch(req, 'risk:create', req.body, partnershipId));
  });

  router.get(`${base}/risks/:riskId`, async (req, res) => {
    const { partnershipId, riskId } = parse(RiskParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    res.json(await risks.detail(actor, riskId));
  });

  router.get(`${base}/risks/:riskId/history`, async (req, res) => {
    const { partnershipId, riskId } = parse(RiskParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    if ((await risks.access(actor, riskId)) === 'none') throw new AppError('NOT_FOUND', 'Risk not found.');
    res.json(await risks.queries.history(riskId));
  });

  return router;
}
