import { Router } from 'express';
import { PartnershipParams } from '../../../shared/schemas/common.js';
import { ObjectiveParams, ObjectiveQuery, PlanParams, RecommendationParams } from '../../../shared/schemas/plan.js';
import { parse } from '../../../shared/validate.js';
import { requirePartnership } from '../../http/access.js';
import type { RecommendationService } from './recommendations.js';
import type { PlanService } from './service.js';

/** The improvement plan's reads; every change is a command (POST /api/commands/<name>, or over Socket.io). */
export function planRoutes(plans: PlanService, recommendations: RecommendationService): Router {
  const router = Router();
  const base = '/partnerships/:partnershipId';

  router.get(`${base}/plans`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    res.json(await plans.list(actor));
  });

  router.get(`${base}/plans/:planId`, async (req, res) => {
    const { partnershipId, planId } = parse(PlanParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    res.json(await plans.detail(actor, planId));
  });

  router.get(`${base}/objectives/:objectiveId`, async (req, res) => {
    const { partnershipId, objectiveId } = parse(ObjectiveParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    const { meetingId } = parse(ObjectiveQuery, req.query);
    res.json(await plans.objectiveDetail(actor, objectiveId, meetingId));
  });

  router.get(`${base}/recommendations`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    res.json(await recommendations.list(actor));
  });

  router.get(`${base}/recommendations/:recommendationId`, async (req, res) => {
    const { partnershipId, recommendationId } = parse(RecommendationParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    res.json(await recommendations.detail(actor, recommendationId));
  });

  return router;
}
