import type { PartnershipSettings, PartnershipSettingsPayload } from '../../../shared/schemas/admin.js';
import type {
  AgencyBody,
  AgencyView,
  AuditEntry,
  BoardBody,
  BoardDetail,
  BoardPatch,
  BoardView,
  MembershipBody,
  MembershipPatch,
  MembershipView,
  PartnershipView,
} from '../../../shared/schemas/admin.js';
import type { ServiceContext } from '../../core/context.js';
import type { AuditQuery } from '../../../shared/schemas/common.js';
import type { AdminQueries, PresenceIdentity, PrintHeading } from './queries.js';
import type { AdminRepository } from './repo.js';
import { changedOnly } from './views.js';

/**
 * Partnership administration: agencies, boards and their seats. Callers have already checked the
 * actor may administer partnershipId. Storage is the repository's (each change one unit of work that
 * re-checks what is checked here) and the queries' (the views).
 */
export class AdminService {
  constructor(
    private readonly ctx: ServiceContext,
    readonly queries: AdminQueries,
    private readonly repo: AdminRepository,
  ) {}

  partnership(partnershipId: number): Promise<PartnershipView> {
    return this.queries.partnership(partnershipId);
  }

  /** The partnership's name and protective marking, as its printed pages carry them. */
  printHeading(partnershipId: number): Promise<PrintHeading> {
    return this.queries.printHeading(partnershipId);
  }

  agencies(partnershipId: number): Promise<AgencyView[]> {
    return this.queries.agencies(partnershipId);
  }

  boards(partnershipId: number): Promise<BoardView[]> {
    return this.queries.boards(partnershipId);
  }

  board(partnershipId: number, boardId: number): Promise<BoardDetail> {
    return this.queries.board(partnershipId, boardId);
  }

  members(boardId: number): Promise<MembershipView[]> {
    return this.queries.members(boardId);
  }

  async presenceIdentity(personId: number): Promise<PresenceIdentity> {
    return this.queries.presenceIdentity(personId);
  }

  audit(partnershipId: number, opts: AuditQuery): Promise<AuditEntry[]> {
    return this.queries.audit(partnershipId, opts);
  }

  async createAgency(partnershipId: number, actorId: number, body: AgencyBody): Promise<AgencyView> {
    await this.repo.assertAgencyNameFree(partnershipId, body.name);
    return this.repo.createAgency(partnershipId, actorId, body);
  }

  async updateAgency(partnershipId: number, actorId: number, agencyId: number, requested: Partial<AgencyBody>): Promise<AgencyView> {
    const before = await this.repo.agency(partnershipId, agencyId);
    const patch = changedOnly(before, requested);
    if (Object.keys(patch).length === 0) return { id: before.id, name: before.name, kind: before.kind };
    if (patch.name) await this.repo.assertAgencyNameFree(partnershipId, patch.name);
    return this.repo.updateAgency(before, actorId, patch);
  }

  /** The partnership's protective marking (printed on everything from now on; published packs keep theirs) and whether mails carry details: audited. */
  async saveSettings(partnershipId: number, actorId: number, p: PartnershipSettingsPayload): Promise<PartnershipSettings> {
    return this.repo.saveSettings(partnershipId, actorId, p);
  }

  async createBoard(partnershipId: number, actorId: number, body: BoardBody): Promise<BoardView> {
    await this.repo.assertBoardNameFree(partnershipId, body.name);
    if (body.parentBoardId) await this.repo.assertParent(partnershipId, null, body.parentBoardId);
    const boardId = await this.repo.createBoard(partnershipId, actorId, body);
    return this.queries.boardView(partnershipId, boardId);
  }

  async updateBoard(partnershipId: number, actorId: number, boardId: number, requested: BoardPatch): Promise<BoardView> {
    const before = await this.repo.board(partnershipId, boardId);
    const patch = changedOnly(before, requested);
    if (Object.keys(patch).length === 0) return this.queries.boardView(partnershipId, boardId);
    if (patch.name) await this.repo.assertBoardNameFree(partnershipId, patch.name);
    if (patch.parentBoardId) await this.repo.assertParent(partnershipId, boardId, patch.parentBoardId);
    await this.repo.updateBoard(before, actorId, patch);
    return this.queries.boardView(partnershipId, boardId);
  }

  async addMember(partnershipId: number, actorId: number, boardId: number, body: MembershipBody): Promise<MembershipView> {
    await this.repo.board(partnershipId, boardId);
    const person = await this.repo.referencedPerson(partnershipId, body.personId, 'personId');
    await this.repo.assertSeatFree(boardId, person);
    if (body.deputyPersonId) await this.repo.assertDeputy(partnershipId, person.id, body.deputyPersonId);
    const { seatId, demoted } = await this.repo.addSeat(partnershipId, actorId, boardId, person, body);
    this.seatsChanged(body.personId, body.deputyPersonId ?? null, ...demoted);
    return this.queries.member(boardId, seatId);
  }

  async updateMember(partnershipId: number, actorId: number, boardId: number, membershipId: number, requested: MembershipPatch): Promise<MembershipView> {
    const before = await this.repo.seat(partnershipId, boardId, membershipId);
    const patch = changedOnly(before, requested);
    if (Object.keys(patch).length === 0) return this.queries.member(boardId, membershipId);
    const person = await this.repo.person(partnershipId, before.personId);
    if (patch.deputyPersonId) await this.repo.assertDeputy(partnershipId, person.id, patch.deputyPersonId);
    const { demoted } = await this.repo.updateSeat(partnershipId, actorId, before, person, patch);
    const updated = await this.queries.member(boardId, membershipId);
    this.seatsChanged(before.personId, before.deputyPersonId, updated.deputy?.id, ...demoted);
    return updated;
  }

  async removeMember(partnershipId: number, actorId: number, boardId: number, membershipId: number): Promise<{ personId: number; deputyPersonId: number | null }> {
    const before = await this.repo.seat(partnershipId, boardId, membershipId);
    await this.repo.removeSeat(partnershipId, actorId, before);
    this.seatsChanged(before.personId, before.deputyPersonId);
    return { personId: before.personId, deputyPersonId: before.deputyPersonId };
  }

  /**
   * Whoever gained or lost a seat, a deputy's place or the chair has their rooms and document rights
   * decided again; announced once the change has committed.
   */
  private seatsChanged(...personIds: (number | null | undefined)[]): void {
    for (const personId of new Set(personIds)) if (personId) this.ctx.bus.emit('membership.changed', { personId });
  }
}
