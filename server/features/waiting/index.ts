import { Router } from 'express';
import { PartnershipParams } from '../../../shared/schemas/common.js';
import { parse } from '../../../shared/validate.js';
import { requirePartnership } from '../../http/access.js';
import type { FeatureKit, FeatureParts } from '../feature.js';
import type { Services } from '../registry.js';
import { WaitingService } from './service.js';

/** "Waiting for you" on the home page (issue 16 item 7): GET /api/partnerships/:pid/waiting, the signed-in person's own list. */
export const waitingFeature = (_s: Services, kit: FeatureKit): FeatureParts => {
  const waiting = new WaitingService(kit.ctx);
  const routes = Router();
  routes.get('/partnerships/:partnershipId/waiting', async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    res.json((await waiting.forPerson(actor)));
  });
  return { routes };
};
