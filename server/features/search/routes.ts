import { Router } from 'express';
import { PartnershipParams } from '../../../shared/schemas/common.js';
import { SearchQuery } from '../../../shared/schemas/search.js';
import { parse } from '../../../shared/validate.js';
import type { CommandBudgets } from '../../core/command-budgets.js';
import { requirePartnership } from '../../http/access.js';
import type { SearchService } from './service.js';

/**
 * GET /api/partnerships/:pid/search?q=…&kind=…: the person is checked first (no session 401, another
 * partnership 404), then the query (400 naming the field). A search reads seven indexes: each costs
 * one from the person's command budget, as an export does, so a script cannot hammer the database.
 */
export function searchRoutes(search: SearchService, budgets: CommandBudgets): Router {
  const router = Router();

  router.get('/partnerships/:partnershipId/search', async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    const { actor, allowance } = requirePartnership(req, partnershipId);
    const query = parse(SearchQuery, req.query);
    await budgets.of(allowance).spend('Too many searches at once. Wait a moment and try again.');
    // Safeguarding records: never kept by a browser or a proxy.
    res.setHeader('Cache-Control', 'no-store');
    res.json(await search.search(actor, query));
  });

  return router;
}
