import { Router } from 'express';
import { AppError } from '../../../shared/errors.js';
import { PartnershipParams } from '../../../shared/schemas/common.js';
import { EvidenceParams, EvidenceQuery, EvidenceUploadFields } from '../../../shared/schemas/evidence.js';
import { parse } from '../../../shared/validate.js';
import type { CommandBudgets } from '../../core/command-budgets.js';
import { requirePartnership } from '../../http/access.js';
import { detectContentType } from './content-type.js';
import type { EvidenceService } from './service.js';
import { attachmentDisposition, readUpload } from './upload.js';

/**
 * The evidence store over REST: the list, the upload (multipart: a file is not JSON, so it is no
 * command) and the download. Links and notes, changes and removal are commands.
 */
export function evidenceRoutes(evidence: EvidenceService, budgets: CommandBudgets, uploadIdleMs: number): Router {
  const router = Router();
  const base = '/partnerships/:partnershipId/evidence';

  router.get(base, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    res.json(await evidence.list(actor, parse(EvidenceQuery, req.query)));
  });

  router.post(base, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    const { actor: before, allowance, personId, tokenHash } = requirePartnership(req, partnershipId);
    // Refused before the body is read: an observer's upload is not even buffered.
    evidence.mayAdd(before);
    // Held in memory from its arrival until it is stored: a slot of the account's and the process's, or
    // refused before the body is read. The account's, not the person row's: one account has a row in
    // each partnership it works in, and would otherwise hold a share per partnership.
    const leave = evidence.uploads.enter(allowance);
    try {
      const { fields, file } = await readUpload(req, uploadIdleMs);
      const actor = await evidence.uploaderNow(personId, tokenHash);
      const meta = parse(EvidenceUploadFields, fields);
      if (!file) throw new AppError('VALIDATION_FAILED', 'Choose a file to upload.', [{ path: 'file', message: 'Required' }]);
      const contentType = await detectContentType(file.bytes, file.name);
      // A stored upload costs what a command costs, from the same budget: no one fills the database at
      // will. Charged once it would be stored (a refusal is charged, if recorded, by the error handler).
      await budgets.of(allowance).spend();
      res.status(201).json(await evidence.upload(actor, meta, { ...file, contentType }));
    } finally {
      leave();
    }
  });

  router.get(`${base}/:evidenceId/file`, async (req, res) => {
    const { partnershipId, evidenceId } = parse(EvidenceParams, req.params);
    const { actor } = requirePartnership(req, partnershipId);
    const file = await evidence.download(actor, evidenceId);
    // Always a download, in the type found when it was uploaded: never rendered, never sniffed.
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', attachmentDisposition(file.name));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Content-Length', String(file.bytes.length));
    res.end(file.bytes);
  });

  return router;
}
