import { Router } from 'express';
import { AppError } from '../../../shared/errors.js';
import { BoardParams, ChallengeParams, Id, PartnershipParams } from '../../../shared/schemas/common.js';
import { ChallengeListQuery, ChallengeSettingsBody, DashboardQuery, RaiseChallengePayload } from '../../../shared/schemas/challenge.js';
import { parse } from '../../../shared/validate.js';
import { z } from 'zod';
import type { Services } from '../registry.js';
import { requireAdmin, requirePartnership } from '../../http/access.js';
import { requireAuth } from '../auth/cookie-session.js';

const MarkReadBody = z.object({ ids: z.union([z.array(Id).max(500), z.literal('all')]) });

export interface ChallengeRouteHooks {
  changed(partnershipId: number, challengeId: number): void;
}

export function challengeRoutes(services: Services, hooks: ChallengeRouteHooks): Router {
  const router = Router();
  const base = '/partnerships/:partnershipId';

  router.get(`${base}/challenges`, (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json(services.challenges.queries.list(partnershipId, parse(ChallengeListQuery, req.query)));
  });

  router.post(`${base}/challenges`, (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    const row = services.challenges.raise(actor, parse(RaiseChallengePayload, req.body));
    hooks.changed(partnershipId, row.id);
    res.status(201).json(row);
  });

  router.get(`${base}/challenges/:challengeId`, (req, res) => {
    const { partnershipId, challengeId } = parse(ChallengeParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    res.json(services.challenges.detail(actor, challengeId));
  });

  router.get(`${base}/accountability`, (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json(services.challenges.queries.dashboard(partnershipId, parse(DashboardQuery, req.query)));
  });

  router.put(`${base}/boards/:boardId/challenge-settings`, (req, res) => {
    const { partnershipId, boardId } = parse(BoardParams, req.params);
    const { personId } = requireAdmin(req, partnershipId);
    const body = parse(ChallengeSettingsBody, req.body);
    services.challenges.setRaiserMayDecide(partnershipId, personId, boardId, body.raiserMayDecide);
    res.json(body);
  });

  router.get('/notifications', (req, res) => {
    res.json(services.notifications.list(requireAuth(req).personId));
  });

  router.post('/notifications/read', (req, res) => {
    const { personId } = requireAuth(req);
    services.notifications.markRead(personId, parse(MarkReadBody, req.body).ids);
    res.json(services.notifications.list(personId));
  });

  router.use(`${base}/challenges/:challengeId/*rest`, () => {
    throw new AppError('NOT_FOUND', 'Challenge transitions are Socket.io commands: see docs/API.md.');
  });

  return router;
}
