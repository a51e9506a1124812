import { Router } from 'express';
import { MeetingParams } from '../../../shared/schemas/common.js';
import { parse } from '../../../shared/validate.js';
import type { CommandBudgets } from '../../core/command-budgets.js';
import { requirePartnership } from '../../http/access.js';
import type { PackService } from './service.js';
import { charged, orPrintPage, sendPage, sendPdf } from './respond.js';
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
    const actor = await charged(req, partnershipId, budgets);
    sendPdf(res, await orPrintPage(req, packs.packPdf(actor, meetingId)));
  });

  router.get(`${base}/minutes.html`, async (req, res) => {
    const { partnershipId, meetingId } = parse(MeetingParams, req.params);
    sendPage(res, await packs.minutesHtml(requirePartnership(req, partnershipId).actor, meetingId));
  });

  router.get(`${base}/minutes.pdf`, async (req, res) => {
    const { partnershipId, meetingId } = parse(MeetingParams, req.params);
    const actor = await charged(req, partnershipId, budgets);
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

