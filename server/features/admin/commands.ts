import type { CommandHandlers } from '../../core/dispatcher.js';
import type { InvitationView } from '../../../shared/schemas/admin.js';
import type { AdminService } from './service.js';
import type { PeopleAdmin } from './people.js';

type AdminCommands = Pick<
  CommandHandlers,
  'partnership:settings' | 'agency:create' | 'agency:update' | 'person:create' | 'person:update' | 'person:invite' | 'board:create' | 'board:update' | 'membership:add' | 'membership:update' | 'membership:remove'
>;

/**
 * The partnership's administration as commands: the dispatcher has already let only its administrators
 * through (gate `admin`); each acts in the partnership the session works in, audited by the service.
 * An invitation link is written with the configured public address, the same one e-mails and the
 * command-line tool use, so it is the same whichever channel asked for it.
 */
export function adminCommands(admin: AdminService, people: PeopleAdmin, publicUrl: string): AdminCommands {
  const link = (token: string, expiresAt: number): InvitationView => ({ url: `${publicUrl}/invite/${token}`, expiresAt: new Date(expiresAt).toISOString() });
  return {
    'partnership:settings': (a, p) => admin.saveSettings(a.partnershipId, a.personId, p),
    'agency:create': (a, p) => admin.createAgency(a.partnershipId, a.personId, p),
    'agency:update': (a, { agencyId, ...patch }) => admin.updateAgency(a.partnershipId, a.personId, agencyId, patch),
    'person:create': async (a, p) => {
      const created = await people.createPerson(a.partnershipId, a.personId, p);
      return { person: created.person, linked: created.linked, invitation: created.invitation && link(created.invitation.token, created.invitation.expiresAt) };
    },
    'person:update': (a, { personId, ...patch }) => people.updatePerson(a.partnershipId, a.personId, personId, patch),
    'person:invite': async (a, p) => {
      const issued = await people.issueInvitation(a.partnershipId, a.personId, p.personId);
      return link(issued.token, issued.expiresAt);
    },
    'board:create': (a, p) => admin.createBoard(a.partnershipId, a.personId, p),
    'board:update': (a, { boardId, ...patch }) => admin.updateBoard(a.partnershipId, a.personId, boardId, patch),
    'membership:add': (a, { boardId, ...body }) => admin.addMember(a.partnershipId, a.personId, boardId, body),
    'membership:update': (a, { boardId, membershipId, ...patch }) => admin.updateMember(a.partnershipId, a.personId, boardId, membershipId, patch),
    'membership:remove': async (a, p) => {
      await admin.removeMember(a.partnershipId, a.personId, p.boardId, p.membershipId);
      return { membershipId: p.membershipId };
    },
  };
}
