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
import { listAudit } from '../../core/audit.js';
import type { ServiceContext } from '../../core/context.js';
import { requireAdmin, requirePartnership } from '../../http/access.js';
import { parse } from '../../../shared/validate.js';

function invitationView(req: Request, token: string, expiresAt: number): InvitationView {
  // The link is shown to the admin to pass on; there is no mail server yet.
  return { url: `${req.protocol}://${req.get('host')}/invite/${token}`, expiresAt: new Date(expiresAt).toISOString() };
}

export function partnershipRoutes(ctx: ServiceContext, admin: AdminService, peopleAdmin: PeopleAdmin): Router {
  const router = Router();
  const base = '/partnerships/:partnershipId';

  router.get(base, (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json(admin.partnership(partnershipId));
  });

  router.get(`${base}/agencies`, (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json(admin.agencies(partnershipId));
  });

  router.post(`${base}/agencies`, (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    const { personId } = requireAdmin(req, partnershipId);
    res.status(201).json(admin.createAgency(partnershipId, personId, parse(AgencyBody, req.body)));
  });

  router.patch(`${base}/agencies/:agencyId`, (req, res) => {
    const { partnershipId, agencyId } = parse(AgencyParams, req.params);
    const { personId } = requireAdmin(req, partnershipId);
    res.json(admin.updateAgency(partnershipId, personId, agencyId, parse(AgencyPatch, req.body)));
  });

  router.get(`${base}/people`, (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json(peopleAdmin.people(partnershipId));
  });

  router.post(`${base}/people`, (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    const { personId } = requireAdmin(req, partnershipId);
    const created = peopleAdmin.createPerson(partnershipId, personId, parse(PersonBody, req.body));
    const body: CreatedPerson = { person: created.person, linked: created.linked, invitation: created.invitation && invitationView(req, created.invitation.token, created.invitation.expiresAt) };
    res.status(201).json(body);
  });

  router.patch(`${base}/people/:personId`, (req, res) => {
    const params = parse(PersonParams, req.params);
    const { personId } = requireAdmin(req, params.partnershipId);
    const updated = peopleAdmin.updatePerson(params.partnershipId, personId, params.personId, parse(PersonPatch, req.body));
    res.json(updated);
  });

  router.post(`${base}/people/:personId/invitation`, (req, res) => {
    const params = parse(PersonParams, req.params);
    const { personId } = requireAdmin(req, params.partnershipId);
    const { token, expiresAt } = peopleAdmin.issueInvitation(params.partnershipId, personId, params.personId);
    res.status(201).json(invitationView(req, token, expiresAt));
  });

  router.get(`${base}/boards`, (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requirePartnership(req, partnershipId);
    res.json(admin.boards(partnershipId));
  });

  router.post(`${base}/boards`, (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    const { personId } = requireAdmin(req, partnershipId);
    res.status(201).json(admin.createBoard(partnershipId, personId, parse(BoardBody, req.body)));
  });

  router.get(`${base}/boards/:boardId`, (req, res) => {
    const { partnershipId, boardId } = parse(BoardParams, req.params);
    requirePartnership(req, partnershipId);
    res.json(admin.board(partnershipId, boardId));
  });

  router.patch(`${base}/boards/:boardId`, (req, res) => {
    const { partnershipId, boardId } = parse(BoardParams, req.params);
    const { personId } = requireAdmin(req, partnershipId);
    res.json(admin.updateBoard(partnershipId, personId, boardId, parse(BoardPatch, req.body)));
  });

  router.post(`${base}/boards/:boardId/memberships`, (req, res) => {
    const { partnershipId, boardId } = parse(BoardParams, req.params);
    const { personId } = requireAdmin(req, partnershipId);
    const added = admin.addMember(partnershipId, personId, boardId, parse(MembershipBody, req.body));
    res.status(201).json(added);
  });

  router.patch(`${base}/boards/:boardId/memberships/:membershipId`, (req, res) => {
    const { partnershipId, boardId, membershipId } = parse(MembershipParams, req.params);
    const { personId } = requireAdmin(req, partnershipId);
    const updated = admin.updateMember(partnershipId, personId, boardId, membershipId, parse(MembershipPatch, req.body));
    res.json(updated);
  });

  router.delete(`${base}/boards/:boardId/memberships/:membershipId`, (req, res) => {
    const { partnershipId, boardId, membershipId } = parse(MembershipParams, req.params);
    const { personId } = requireAdmin(req, partnershipId);
    admin.removeMember(partnershipId, personId, boardId, membershipId);
    res.status(204).end();
  });

  router.get(`${base}/audit`, (req, res) => {
    const { partnershipId } = parse(PartnershipParams, req.params);
    requireAdmin(req, partnershipId);
    res.json(listAudit(ctx, partnershipId, parse(AuditQuery, req.query)));
  });

  return router;
}
