import { Router } from 'express';
import { AppError } from '../../shared/errors.js';
import { PartnershipParams, RiskParams } from '../../shared/schemas/common.js';
import { CreateRiskPayload, MitigationListQuery, RiskListQuery } from '../../shared/schemas/risk.js';
import { parse } from '../../shared/validate.js';
import type { Services } from '../services/index.js';
import { requireAdmin, requirePartnership } from './access.js';
import { registerRoutes } from './register-routes.js';
import { RiskMatrixBody } from '../../shared/schemas/matrix.js';
import type { RiskMatrix } from '../../shared/domain/scoring.js';

export interface RiskRouteHooks {
  created(partnershipId: number, riskId: number): void;
  /** The matrix changed: every open page redraws with it (bands are read from the matrix, so every risk is re-banded). */
  matrixChanged(partnershipId: number, matrix: RiskMatrix): void;
}

export function riskRoutes(services: Services, hooks: RiskRouteHooks): Router {
  const router = Router();
  const base = '/partnerships/:partnershipId';
  // The register a page at a time, beside the whole list that older callers read.
  router.use(registerRoutes(services));

  router.get(`${base}/risk-matrix`, (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json(services.risks.queries.matrix(partnershipId));
  });

  // What a new matrix would do, before it is saved: which risks change band, which must be rescored.
  router.post(`${base}/risk-matrix/preview`, (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requireAdmin(req, partnershipId);
    res.json(services.riskMatrix.preview(partnershipId, parse(RiskMatrixBody, req.body)));
  });

  router.put(`${base}/risk-matrix`, (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    const { personId } = requireAdmin(req, partnershipId);
    const saved = services.riskMatrix.save(partnershipId, personId, parse(RiskMatrixBody, req.body));
    hooks.matrixChanged(partnershipId, saved.matrix);
    res.json(saved);
  });

  router.get(`${base}/risks`, (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json(services.risks.queries.list(partnershipId, parse(RiskListQuery, req.query)));
  });

  router.get(`${base}/mitigations`, (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    const { riskIds } = parse(MitigationListQuery, req.query);
    res.json(services.risks.queries.partnershipMitigations(partnershipId, riskIds));
  });

  router.post(`${base}/risks`, (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    const row = services.risks.create(actor, parse(CreateRiskPayload, req.body));
    hooks.created(partnershipId, row.id);
    res.status(201).json(row);
  });

  router.get(`${base}/risks/:riskId`, (req, res) => {
    const { partnershipId, riskId } = parse(RiskParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    res.json(services.risks.detail(actor, riskId));
  });

  router.get(`${base}/risks/:riskId/history`, (req, res) => {
    const { partnershipId, riskId } = parse(RiskParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    if (services.risks.access(actor, riskId) === 'none') throw new AppError('NOT_FOUND', 'Risk not found.');
    res.json(services.risks.queries.history(riskId));
  });

  return router;
}
