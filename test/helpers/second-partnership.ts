import { loadActor } from '../../server/core/actors.js';
import { createPartnership } from '../../server/features/admin/partnerships.js';
import { addDays, todayIn } from '../../shared/domain/scoring.js';
import { AddAgendaItemPayload, CreateActionPayload, CreateMeetingPayload } from '../../shared/schemas/meeting.js';
import { CreateRiskPayload } from '../../shared/schemas/risk.js';
import { parse } from '../../shared/validate.js';
import type { TestServer } from './server.js';

/**
 * A second partnership beside the demo, made through the running server's own services (as
 * provisioning and the demo seed do), so its ids are real ids another partnership's members can try.
 * Every name in it is distinctive: a test can assert none of them ever reaches the demo partnership.
 */
export interface SecondPartnership {
  partnershipId: number;
  agencyId: number;
  /** Its administrator, who also chairs its board and owns its risk. */
  personId: number;
  email: string;
  password: string;
  boardId: number;
  /** The administrator's seat (chair) at that board. */
  membershipId: number;
  meetingId: number;
  agendaItemId: number;
  riskId: number;
  actionId: number;
  /** The names that must never be shown to anyone of another partnership. */
  names: string[];
}

const NAMES = {
  partnership: 'Farshire Safeguarding Partnership',
  agency: 'Farshire Constabulary',
  person: 'Ysolde Quarrington',
  board: 'Farshire Executive Board',
  meeting: 'Farshire Executive Board meeting',
  item: 'Farshire county lines briefing',
  risk: 'Farshire exploitation risk',
  action: 'Farshire action on county lines',
};

export async function addSecondPartnership(server: TestServer): Promise<SecondPartnership> {
  const { ctx, services } = server;
  const email = 'ysolde@farshire.test';
  const password = 'farshire-passphrase';
  const { partnershipId, agencyId, adminId } = await createPartnership(ctx, {
    name: NAMES.partnership,
    agency: { name: NAMES.agency, kind: 'police' },
    admin: { name: NAMES.person, email, password },
  });
  const board = await services.admin.createBoard(partnershipId, adminId, { name: NAMES.board, description: null, parentBoardId: null });
  const seat = await services.admin.addMember(partnershipId, adminId, board.id, { personId: adminId, role: 'chair', deputyPersonId: null });
  // Read after the seat is added: the actor's authority is always read fresh from the database.
  const actor = (await loadActor(ctx, adminId))!;
  const risk = await services.risks.create(actor, parse(CreateRiskPayload, { boardId: board.id, title: NAMES.risk, leadAgencyId: agencyId, ownerId: adminId }));
  const meeting = await services.meetings.create(actor, parse(CreateMeetingPayload, { boardId: board.id, title: NAMES.meeting, startsAt: `${addDays(todayIn(ctx.clock()), 14)}T10:00:00.000Z` }));
  const state = (await services.agenda.add(actor, parse(AddAgendaItemPayload, { meetingId: meeting.id, title: NAMES.item, presenterPersonId: adminId, links: [{ kind: 'risk', ref: String(risk.id) }] }))).state;
  const agendaItemId = state.agenda.at(-1)!.id;
  const { action } = await services.meetings.createAction(
    actor,
    parse(CreateActionPayload, { meetingId: meeting.id, itemId: agendaItemId, description: NAMES.action, ownerId: adminId, agencyId, dueDate: addDays(todayIn(ctx.clock()), 30) }),
  );
  return {
    partnershipId,
    agencyId,
    personId: adminId,
    email,
    password,
    boardId: board.id,
    membershipId: seat.id,
    meetingId: meeting.id,
    agendaItemId,
    riskId: risk.id,
    actionId: action.id,
    names: Object.values(NAMES),
  };
}

/** Every name of the second partnership that appears in `value` (a reply, a state, a list), as JSON. */
export function leakedNames(second: SecondPartnership, value: unknown): string[] {
  const text = JSON.stringify(value) ?? '';
  return second.names.filter((name) => text.includes(name));
}
