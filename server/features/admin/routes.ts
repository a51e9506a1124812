import { Router } from 'express';
import { AgencyParams, AuditQuery, BoardParams, MembershipParams, PartnershipParams, PersonParams } from '../../../shared/schemas/common.js';
import type { DispatchFromRequest } from '../../http/commands.js';
import type { AdminService } from './service.js';
import type { PeopleAdmin } from './people.js';
import { requireAdmin, requirePartnership } from '../../http/access.js';
import { parse } from '../../../shared/validate.js';

/** A REST write's body as an object the address's ids are added to (anything else is the command schema's to refuse). */
const bodyOf = (body: unknown): object => (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {});

/**
 * The partnership's reads, and the REST forms of its administration commands (admin/commands.ts): each
 * write runs through the one dispatcher, so it is budgeted, gated, validated and audited as over Socket.io.
 */
export function partnershipRoutes(admin: AdminService, peopleAdmin: PeopleAdmin, dispatch: DispatchFromRequest): Router {
  const router = Router();
  const base = '/partnerships/:partnershipId';

  router.get(base, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json(await admin.partnership(partnershipId));
  });

  router.get(`${base}/agencies`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json(await admin.agencies(partnershipId));
  });

  router.post(`${base}/agencies`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    res.status(201).json(await dispatch(req, 'agency:create', req.body, partnershipId));
  });

  router.patch(`${base}/agencies/:agencyId`, async (req, res) => {
    const { partnershipId, agencyId } = parse(AgencyParams, req.params);
    res.json(await dispatch(req, 'agency:update', { ...bodyOf(req.body), agencyId }, partnershipId));
  });

  router.get(`${base}/people`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json(await peopleAdmin.people(partnershipId));
  });

  router.post(`${base}/people`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    res.status(201).json(await dispatch(req, 'person:create', req.body, partnershipId));
  });

  router.patch(`${base}/people/:personId`, async (req, res) => {
    const { partnershipId, personId } = parse(PersonParams, req.params);
    res.json(await dispatch(req, 'person:update', { ...bodyOf(req.body), personId }, partnershipId));
  });

  router.post(`${base}/people/:personId/invitation`, async (req, res) => {
    const { partnershipId, personId } = parse(PersonParams, req.params);
    res.status(201).json(await dispatch(req, 'person:invite', { personId }, partnershipId));
  });

  router.get(`${base}/boards`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json(await admin.boards(partnershipId));
  });

  router.post(`${base}/boards`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    res.status(201).json(await dispatch(req, 'board:create', req.body, partnershipId));
  });

  router.get(`${base}/boards/:boardId`, async (req, res) => {
    const { partnershipId, boardId } = parse(BoardParams, req.params);
    requirePartnership(req, partnershipId);
    res.json(await admin.board(partnershipId, boardId));
  });

  router.patch(`${base}/boards/:boardId`, async (req, res) => {
    const { partnershipId, boardId } = parse(BoardParams, req.params);
    res.json(await dispatch(req, 'board:update', { ...bodyOf(req.body), boardId }, partnershipId));
  });

  router.post(`${base}/boards/:boardId/memberships`, async (req, res) => {
    const { partnershipId, boardId } = parse(BoardParams, req.params);
    res.status(201).json(await dispatch(req, 'membership:add', { ...bodyOf(req.body), boardId }, partnershipId));
  });

  router.patch(`${base}/boards/:boardId/memberships/:membershipId`, async (req, res) => {
    const { partnershipId, boardId, membershipId } = parse(MembershipParams, req.params);
    res.json(await dispatch(req, 'membership:update', { ...bodyOf(req.body), boardId, membershipId }, partnershipId));
  });

  router.delete(`${base}/boards/:boardId/memberships/:membershipId`, async (req, res) => {
    const { partnershipId, boardId, membershipId } = parse(MembershipParams, req.params);
    await dispatch(req, 'membership:remove', { boardId, membershipId }, partnershipId);
    res.status(204).end();
  });

  router.get(`${base}/audit`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requireAdmin(req, partnershipId);
    res.json(await admin.audit(partnershipId, parse(AuditQuery, req.query)));
  });

  return router;
}
