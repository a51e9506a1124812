import { Router, type Request, type Response } from 'express';
import { AppError } from '../../../shared/errors.js';
import { MeetingParams } from '../../../shared/schemas/common.js';
import { parse } from '../../../shared/validate.js';
import type { Actor } from '../../../shared/domain/permissions.js';
import type { CommandBudgets } from '../../core/command-budgets.js';
import { requirePartnership } from '../../http/access.js';
import { PRINT_PAGE_POLICY } from './document.js';
import type { PackService, PdfFile } from './service.js';
import type { PackPublisher } from './publish.js';
import { PackVersionParams } from '../../../shared/schemas/packs.js';

/**
 * A meeting's board pack and minutes, each as a print page (HTML a browser opens directly) and as a
 * PDF of that page. Who may read them is who may read the meeting. Without Chromium the PDFs answer
 * 503 PDF_UNAVAILABLE, naming the print page, which still works.
 */
export function packRoutes(packs: PackService, budgets: CommandBudgets, publisher: PackPublisher): Router {
  const router = Router();
  const base = '/partnerships/:partnershipId/meetings/:meetingId';

  router.get(`${base}/pack.html`, async (req, res) => {
    const { partnershipId, meetingId } = parse(MeetingParams, req.params);
    sendPage(res, await packs.packHtml(requirePartnership(req, partnershipId).actor, meetingId));
  });

  router.get(`${base}/pack.pdf`, async (req, res) => {
    const { partnershipId, meetingId } = parse(MeetingParams, req.params);
    const actor = charged(req, partnershipId, budgets);
    sendPdf(res, await orPrintPage(req, packs.packPdf(actor, meetingId)));
  });

  router.get(`${base}/minutes.html`, async (req, res) => {
    const { partnershipId, meetingId } = parse(MeetingParams, req.params);
    sendPage(res, await packs.minutesHtml(requirePartnership(req, partnershipId).actor, meetingId));
  });

  router.get(`${base}/minutes.pdf`, async (req, res) => {
    const { partnershipId, meetingId } = parse(MeetingParams, req.params);
    const actor = charged(req, partnershipId, budgets);
    sendPdf(res, await orPrintPage(req, packs.minutesPdf(actor, meetingId)));
  });

  // Published packs: their list, each version's PDF as it was published, and what has moved since.
  router.get(`${base}/packs`, async (req, res) => {
    const { partnershipId, meetingId } = parse(MeetingParams, req.params);
    res.json(await publisher.versions(requirePartnership(req, partnershipId).actor, meetingId));
  });

  router.get(`${base}/packs/:version/pack.pdf`, async (req, res) => {
    const { partnershipId, meetingId, version } = parse(PackVersionParams, req.params);
    const file = await publisher.pdf(requirePartnership(req, partnershipId).actor, meetingId, version);
    sendPdf(res, file);
  });

  router.get(`${base}/pack-changes`, async (req, res) => {
    const { partnershipId, meetingId } = parse(MeetingParams, req.params);
    res.json(await publisher.changes(requirePartnership(req, partnershipId).actor, meetingId));
  });

  return router;
}

/**
 * A PDF costs most of a second of a core: it draws a token from the person's command budget, as a
 * command does, so one person cannot keep the queue full for everyone else.
 */
function charged(req: Request, partnershipId: number, budgets: CommandBudgets): Actor {
  const { actor, accountId } = requirePartnership(req, partnershipId);
  const budget = budgets.of(accountId);
  if (!budget.take()) throw new AppError('RATE_LIMITED', 'Too many actions at once. Wait a moment and try again.', { retryAfterSeconds: Math.max(1, Math.ceil(budget.msUntilToken() / 1000)) });
  return actor;
}

/** A print page: its own policy (inline styles, nothing fetched, no script), never cached, never framed. */
function sendPage(res: Response, page: string): void {
  res.setHeader('Content-Security-Policy', `${PRINT_PAGE_POLICY}; frame-ancestors 'none'`);
  res.setHeader('Cache-Control', 'no-store');
  res.type('html').send(page);
}

function sendPdf(res: Response, file: PdfFile): void {
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Pdf-Pages', String(file.pages));
  res.end(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
}

/** Without Chromium, the refusal names the print page of the same thing, which works without it. */
async function orPrintPage(req: Request, making: Promise<PdfFile>): Promise<PdfFile> {
  try {
    return await making;
  } catch (err) {
    if (err instanceof AppError && err.code === 'PDF_UNAVAILABLE') {
      throw new AppError(err.code, err.message, { printPage: req.originalUrl.split('?')[0]!.replace(/\.pdf$/, '.html') });
    }
    throw err;
  }
}
