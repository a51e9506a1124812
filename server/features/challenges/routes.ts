import { Router } from 'express';
import { AppError } from '../../../shared/errors.js';
import { BoardParams, ChallengeParams, PartnershipParams } from '../../../shared/schemas/common.js';
import { ChallengeListQuery, DashboardQuery } from '../../../shared/schemas/challenge.js';
import { parse } from '../../../shared/validate.js';
import { requirePartnership } from '../../http/access.js';
import type { DispatchFromRequest } from '../../http/commands.js';
import type { ChallengeService } from './service.js';

export function challengeRoutes(challenges: ChallengeService, dispatch: DispatchFromRequest): Router {
  const router = Router();
  const base = '/partnerships/:partnershipId';

  router.get(`${base}/challenges`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json(await challenges.queries.list(partnershipId, parse(ChallengeListQuery, req.query)));
  });

  router.post(`${base}/challenges`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    res.status(201).json(await dispatch(req, 'challenge:raise', req.body, partnershipId));
  });

  router.get(`${base}/challenges/:challengeId`, async (req, res) => {
    const { partnershipId, challengeId } = parse(ChallengeParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    res.json(await challenges.detail(actor, challengeId));
  });

  router.get(`${base}/accountability`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json(await challenges.queries.dashboard(partnershipId, parse(DashboardQuery, req.query)));
  });

  router.put(`${base}/boards/:boardId/challenge-settings`, async (req, res) => {
    const { partnershipId, boardId } = parse(BoardParams, req.params);
    const body = typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? req.body : {};
    res.json(await dispatch(req, 'board:challenge-settings', { ...body, boardId }, partnershipId));
  });

  router.use(`${base}/challenges/:challengeId/*rest`, () => {
    throw new AppError('NOT_FOUND', 'Challenge transitions are Socket.io commands: see docs/API.md.');
  });

  return router;
}
