import { Router, type Request } from 'express';
import {
  AgencyBody,
  AgencyPatch,
  BoardBody,
  BoardPatch,
  MembershipBody,
  MembershipPatch,
  PersonBody,
  PersonPatch,
  type CreatedPerson,
  type InvitationView,
} from '../../../shared/schemas/admin.js';
import {
  AgencyParams,
  AuditQuery,
  BoardParams,
  MembershipParams,
  PartnershipParams,
  PersonParams,
} from '../../../shared/schemas/common.js';
import type { AdminService } from './service.js';
import type { PeopleAdmin } from './people.js';
import { requireAdmin, requirePartnership } from '../../http/access.js';
import { parse } from '../../../shared/validate.js';

function invitationView(req: Request, token: string, expiresAt: number): InvitationView {
  // The link is shown to the admin to pass on; there is no mail server yet.
  return { url: `${req.protocol}://${req.get('host')}/invite/${token}`, expiresAt: new Date(expiresAt).toISOString() };
}

export function partnershipRoutes(admin: AdminService, peopleAdmin: PeopleAdmin): Router {
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
    const { personId } = requireAdmin(req, partnershipId);
    res.status(201).json(await admin.createAgency(partnershipId, personId, parse(AgencyBody, req.body)));
  });

  router.patch(`${base}/agencies/:agencyId`, async (req, res) => {
    const { partnershipId, agencyId } = parse(AgencyParams, req.params);
    const { personId } = requireAdmin(req, partnershipId);
    res.json(await admin.updateAgency(partnershipId, personId, agencyId, parse(AgencyPatch, req.body)));
  });

  router.get(`${base}/people`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json(await peopleAdmin.people(partnershipId));
  });

  router.post(`${base}/people`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    const { personId } = requireAdmin(req, partnershipId);
    const created = await peopleAdmin.createPerson(partnershipId, personId, parse(PersonBody, req.body));
    const body: CreatedPerson = { person: created.person, linked: created.linked, invitation: created.invitation && invitationView(req, created.invitation.token, created.invitation.expiresAt) };
    res.status(201).json(body);
  });

  router.patch(`${base}/people/:personId`, async (req, res) => {
    const params = parse(PersonParams, req.params);
    const { personId } = requireAdmin(req, params.partnershipId);
    const updated = await peopleAdmin.updatePerson(params.partnershipId, personId, params.personId, parse(PersonPatch, req.body));
    res.json(updated);
  });

  router.post(`${base}/people/:personId/invitation`, async (req, res) => {
    const params = parse(PersonParams, req.params);
    const { personId } = requireAdmin(req, params.partnershipId);
    const { token, expiresAt } = await peopleAdmin.issueInvitation(params.partnershipId, personId, params.personId);
    res.status(201).json(invitationView(req, token, expiresAt));
  });

  router.get(`${base}/boards`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json(await admin.boards(partnershipId));
  });

  router.post(`${base}/boards`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    const { personId } = requireAdmin(req, partnershipId);
    res.status(201).json(await admin.createBoard(partnershipId, personId, parse(BoardBody, req.body)));
  });

  router.get(`${base}/boards/:boardId`, async (req, res) => {
    const { partnershipId, boardId } = parse(BoardParams, req.params);
    requirePartnership(req, partnershipId);
    res.json(await admin.board(partnershipId, boardId));
  });

  router.patch(`${base}/boards/:boardId`, async (req, res) => {
    const { partnershipId, boardId } = parse(BoardParams, req.params);
    const { personId } = requireAdmin(req, partnershipId);
    res.json(await admin.updateBoard(partnershipId, personId, boardId, parse(BoardPatch, req.body)));
  });

  router.post(`${base}/boards/:boardId/memberships`, async (req, res) => {
    const { partnershipId, boardId } = parse(BoardParams, req.params);
    const { personId } = requireAdmin(req, partnershipId);
    const added = await admin.addMember(partnershipId, personId, boardId, parse(MembershipBody, req.body));
    res.status(201).json(added);
  });

  router.patch(`${base}/boards/:boardId/memberships/:membershipId`, async (req, res) => {
    const { partnershipId, boardId, membershipId } = parse(MembershipParams, req.params);
    const { personId } = requireAdmin(req, partnershipId);
    const updated = await admin.updateMember(partnershipId, personId, boardId, membershipId, parse(MembershipPatch, req.body));
    res.json(updated);
  });

  router.delete(`${base}/boards/:boardId/memberships/:membershipId`, async (req, res) => {
    const { partnershipId, boardId, membershipId } = parse(MembershipParams, req.params);
    const { personId } = requireAdmin(req, partnershipId);
    await admin.removeMember(partnershipId, personId, boardId, membershipId);
    res.status(204).end();
  });

  router.get(`${base}/audit`, async (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requireAdmin(req, partnershipId);
    res.json(await admin.audit(partnershipId, parse(AuditQuery, req.query)));
  });

  return router;
}
