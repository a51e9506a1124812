import { Router } from 'express';
import { AppError } from '../../shared/errors.js';
import { PartnershipParams, RiskParams } from '../../shared/schemas/common.js';
import { CreateRiskPayload, RiskListQuery } from '../../shared/schemas/risk.js';
import { parse } from '../../shared/validate.js';
import type { Services } from '../services/index.js';
import { requirePartnership } from './access.js';

export function riskRoutes(services: Services, onCreated: (partnershipId: number, riskId: number) => void): Router {
  const router = Router();
  const base = '/partnerships/:partnershipId';

  router.get(`${base}/risk-matrix`, (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json(services.risks.queries.matrix(partnershipId));
  });

  router.get(`${base}/risks`, (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json(services.risks.queries.list(partnershipId, parse(RiskListQuery, req.query)));
  });

  router.get(`${base}/mitigations`, (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    const ids = services.risks.queries.list(partnershipId).map((r) => r.id);
    res.json(services.risks.queries.mitigations(ids));
  });

  router.post(`${base}/risks`, (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    const row = services.risks.create(actor, parse(CreateRiskPayload, req.body));
    onCreated(partnershipId, row.id);
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
