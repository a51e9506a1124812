import { parse } from '../../../shared/validate.js';
import { CreateRiskPayload } from '../../../shared/schemas/risk.js';
import { loadActor } from '../../core/actors.js';
import type { ServiceContext } from '../../core/context.js';
import type { Services } from '../registry.js';
import { createPartnership } from '../admin/index.js';

/**
 * A neighbouring partnership in the demo. Independent chairs often chair more than one partnership:
 * Margaret Ellison (chair@demo.test) chairs Eastbridge's executive too, with one account, and sees a
 * partnership switcher in the header. The same police force serves both authorities (its DCI here is
 * a person of Eastbridge's own). Eastbridge is small: a board, two risks.
 */
export async function seedDemoNeighbour(ctx: ServiceContext, services: Services, password: string): Promise<void> {
  const { partnershipId, adminId } = await createPartnership(ctx, {
    name: 'Eastbridge Safeguarding Children Partnership',
    agency: { name: 'Eastbridge Safeguarding Partnership business unit', kind: 'safeguarding_board' },
    admin: { name: 'Femi Adeyemi', email: 'admin@eastbridge.demo.test', password },
  });
  const council = await services.admin.createAgency(partnershipId, adminId, { name: "Eastbridge Council Children's Services", kind: 'childrens_services' });
  const police = await services.admin.createAgency(partnershipId, adminId, { name: 'Northbrook and Eastbridge Police', kind: 'police' });
  const dcs = await services.people.createPerson(partnershipId, adminId, { name: 'Joanne Pike', email: 'joanne.pike@eastbridge.demo.test', agencyId: council.id, jobTitle: "Director of Children's Services", isPartnershipAdmin: false });
  const dci = await services.people.createPerson(partnershipId, adminId, { name: 'DCI Sunita Bains', email: 'sunita.bains@eastbridge.demo.test', agencyId: police.id, jobTitle: 'Detective Chief Inspector, Public Protection', isPartnershipAdmin: false });
  // The account Northbrook already knows: linked, keeping its password.
  const chair = await services.people.createPerson(partnershipId, adminId, { name: 'Margaret Ellison', email: 'chair@demo.test', agencyId: await agencyOfChair(services, partnershipId, adminId), jobTitle: 'Independent Chair', isPartnershipAdmin: false });
  const board = await services.admin.createBoard(partnershipId, adminId, { name: 'Eastbridge Safeguarding Partnership Executive', description: 'The statutory safeguarding partners of Eastbridge.', parentBoardId: null });
  await services.admin.addMember(partnershipId, adminId, board.id, { personId: chair.person.id, role: 'chair', deputyPersonId: null });
  await services.admin.addMember(partnershipId, adminId, board.id, { personId: dci.person.id, role: 'member', deputyPersonId: null });
  await services.admin.addMember(partnershipId, adminId, board.id, { personId: dcs.person.id, role: 'member', deputyPersonId: null });
  const actor = (await loadActor(ctx, adminId))!;
  await services.risks.create(actor, parse(CreateRiskPayload, { boardId: board.id, title: 'Missing children not offered a return home interview within 72 hours', leadAgencyId: police.id, ownerId: dci.person.id, category: null }));
  await services.risks.create(actor, parse(CreateRiskPayload, { boardId: board.id, title: 'Rising demand at the front door outpaces social work capacity', leadAgencyId: council.id, ownerId: dcs.person.id, category: null }));
}

/** The independent chair sits for the partnership itself: its business unit, the first agency made. */
async function agencyOfChair(services: Services, partnershipId: number, adminId: number): Promise<number> {
  return (await services.people.people(partnershipId)).find((p) => p.id === adminId)!.agencyId;
}
