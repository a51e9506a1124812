import { Router } from 'express';
import { ActionListQuery, MeetingDetailsPatch } from '../../../shared/schemas/meeting.js';
import { BoardParams, MeetingParams, PartnershipParams } from '../../../shared/schemas/common.js';
import { parse } from '../../../shared/validate.js';
import type { DispatchFromRequest } from '../../http/commands.js';
import type { MeetingService } from './service.js';
import { requirePartnership } from '../../http/access.js';
import { requireAuth } from '../../http/request-auth.js';

/**
 * Meetings over REST: lists, the state of one meeting, its minutes, the actions log and the attendance
 * report; and the two writes a form makes (details, an action), which obey the same freeze as commands.
 */
export function meetingRoutes(m: MeetingService, dispatch: DispatchFromRequest): Router {
  const router = Router();
  const base = '/partnerships/:partnershipId';

  router.get(`${base}/boards/:boardId/meetings`, async (req, res) => {
    const { partnershipId, boardId } = parse(BoardParams, req.params);
    res.json(await m.list(requirePartnership(req, partnershipId).actor, boardId));
  });

  router.get(`${base}/boards/:boardId/attendance-report`, async (req, res) => {
    const { partnershipId, boardId } = parse(BoardParams, req.params);
    res.json(await m.attendanceReport(requirePartnership(req, partnershipId).actor, boardId));
  });

  router.get(`${base}/actions`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    res.json(await m.actions(requirePartnership(req, partnershipId).actor, parse(ActionListQuery, req.query).boardId));
  });

  router.get(`${base}/meetings/:meetingId`, async (req, res) => {
    const { partnershipId, meetingId } = parse(MeetingParams, req.params);
    res.json(await m.detail(requirePartnership(req, partnershipId).actor, meetingId));
  });

  router.get(`${base}/meetings/:meetingId/minutes`, async (req, res) => {
    const { partnershipId, meetingId } = parse(MeetingParams, req.params);
    res.json(await m.minutes(requirePartnership(req, partnershipId).actor, meetingId));
  });

  router.patch(`${base}/meetings/:meetingId`, async (req, res) => {
    const { partnershipId, meetingId } = parse(MeetingParams, req.params);
    // Signed in before the body is read, as before; the address's partnership is the dispatcher's to check.
    requireAuth(req);
    // Only the details a form edits: the rest of meeting:update is the chair's, over the command.
    res.json(await dispatch(req, 'meeting:update', { ...parse(MeetingDetailsPatch, req.body), meetingId }, partnershipId));
  });

  router.post(`${base}/meetings/:meetingId/actions`, async (req, res) => {
    const { partnershipId, meetingId } = parse(MeetingParams, req.params);
    res.status(201).json(await dispatch(req, 'action:create', { ...(req.body as object), meetingId }, partnershipId));
  });

  return router;
}
