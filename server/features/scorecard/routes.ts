import express, { Router } from 'express';
import { AppError } from '../../../shared/errors.js';
import { SCORECARD_LIMITS } from '../../../shared/limits.js';
import type { CommandBudgets } from '../../core/command-budgets.js';
import { PartnershipParams } from '../../../shared/schemas/common.js';
import { ImportPreviewQuery, IndicatorParams, IndicatorQuery } from '../../../shared/schemas/scorecard.js';
import { parse } from '../../../shared/validate.js';
import { requirePartnership } from '../../http/access.js';
import type { ScorecardService } from './service.js';

/** The scorecard's reads; every change is a command (POST /api/commands/<name>, or over Socket.io). */
export function scorecardRoutes(scorecard: ScorecardService, budgets: CommandBudgets): Router {
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

  /**
   * A values file (CSV or XLSX, the raw bytes as the body; `?name=` its file name) read and checked,
   * nothing stored: the page shows the preview and commits it as `indicator:record-values`. Reading a
   * workbook costs what a command costs, from the same budget, charged before it is read.
   */
  router.post(`${base}/scorecard/import-preview`, express.raw({ type: () => true, limit: SCORECARD_LIMITS.importBytesMax }), async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    const { actor, accountId } = requirePartnership(req, partnershipId);
    const { name } = parse(ImportPreviewQuery, req.query);
    const budget = budgets.of(accountId);
    if (!budget.take()) throw new AppError('RATE_LIMITED', 'Too many actions at once. Wait a moment and try again.', { retryAfterSeconds: Math.max(1, Math.ceil(budget.msUntilToken() / 1000)) });
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new AppError('VALIDATION_FAILED', 'Choose a CSV or Excel file.', [{ path: 'file', message: 'Required' }]);
    res.json(await scorecard.previewImport(actor, name, req.body));
  });

  router.get(`${base}/scorecard/exceptions`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    res.json(await scorecard.exceptions(actor));
  });

  return router;
}
