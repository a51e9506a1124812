import { Router } from 'express';
import { AppError } from '../../../shared/errors.js';
import { IMPORT_LIMITS } from '../../../shared/limits.js';
import { PartnershipParams } from '../../../shared/schemas/common.js';
import { ImportForm, ImportParams } from '../../../shared/schemas/imports.js';
import { parse } from '../../../shared/validate.js';
import type { CommandBudgets } from '../../core/command-budgets.js';
import { requirePartnership } from '../../http/access.js';
import { readUpload, type UploadLimits } from '../../http/multipart.js';
import { UploadGate } from '../../http/upload-gate.js';
import type { ImportService } from './service.js';

const IMPORT_UPLOAD: UploadLimits = { fileBytesMax: IMPORT_LIMITS.bytesMax, fieldsMax: 4, fieldBytesMax: 20_000, fileNameMax: 200, defaultName: 'import' };

/**
 * Imports over REST: a file (multipart: `kind`, optional `mapping` and `planId`, and `file`) is
 * previewed and kept; its commit is a second request naming the preview. Reading a workbook is work
 * the process does for nobody else meanwhile: one file per person and two per process at a time, and
 * each costs a command from the person's budget.
 */
export function importRoutes(service: ImportService, budgets: CommandBudgets, uploadIdleMs: number): Router {
  const router = Router();
  const base = '/partnerships/:partnershipId/imports';
  const gate = new UploadGate(1, 2);

  router.post(base, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    const { actor, allowance } = requirePartnership(req, partnershipId);
    await budgets.of(allowance).spend();
    const leave = gate.enter(allowance);
    try {
      const { fields, file } = await readUpload(req, uploadIdleMs, IMPORT_UPLOAD);
      const form = parse(ImportForm, fields);
      if (!file || file.bytes.length === 0) throw new AppError('VALIDATION_FAILED', 'Choose a CSV or Excel file.', [{ path: 'file', message: 'Required' }]);
      res.status(201).json(await service.preview(actor, form, file.name, file.bytes));
    } finally {
      leave();
    }
  });

  router.get(`${base}/:importId`, async (req, res) => {
    const { partnershipId, importId } = parse(ImportParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    res.json((await service.view(actor, importId)));
  });

  router.post(`${base}/:importId/commit`, async (req, res) => {
    const { partnershipId, importId } = parse(ImportParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    res.json(await service.commit(actor, importId));
  });

  return router;
}
