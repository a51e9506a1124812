import { and, eq, ne } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { agencies, boards, memberships, partnerships, people } from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import { deputyRefusal } from '../../../shared/domain/attendance.js';
import { BOARD_ROLE_ORDER } from '../../../shared/domain/roles.js';
import type {
  AgencyBody,
  AgencyView,
  BoardBody,
  BoardDetail,
  BoardPatch,
  BoardView,
  MembershipBody,
  MembershipPatch,
  MembershipView,
  PartnershipView,
} from '../../../shared/schemas/admin.js';
import { writeAudit } from '../../core/audit.js';
import type { ServiceContext } from '../../core/context.js';
import { changedOnly, pick } from './views.js';
import { referencedBoard, referencedPerson, refused } from '../../core/references.js';

const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found.`);

/** Partnership administration. Callers have already checked the actor may administer partnershipId. */
export class AdminService {
  /**
   * Where ended sessions are announced. The composition root puts the one the realtime channels hear
   * here; standing alone (seeding, scripts) nobody is connected, so nobody needs to hear.
   */

  constructor(private readonly ctx: ServiceContext) {}

  partnership(partnershipId: number): PartnershipView {
    const p = this.ctx.db.select().from(partnerships).where(eq(partnerships.id, partnershipId)).get();
    if (!p) throw notFound('Partnership');
    return { id: p.id, name: p.name, agencies: this.agencies(partnershipId), boards: this.boards(partnershipId) };
  }

  agencies(partnershipId: number): AgencyView[] {
    return this.ctx.db
      .select({ id: agencies.id, name: agencies.name, kind: agencies.kind })
      .from(agencies)
      .where(eq(agencies.partnershipId, partnershipId))
      .orderBy(agencies.name)
      .all();
  }

  createAgency(partnershipId: number, actorId: number, body: AgencyBody): AgencyView {
    this.assertUniqueAgencyName(partnershipId, body.name);
    return this.ctx.database.transaction(() => {
      const row = this.ctx.db.insert(agencies).values({ partnershipId, ...body }).returning().get();
      writeAudit(this.ctx, { partnershipId, actorId, action: 'agency.create', entityType: 'agency', entityId: row.id, detail: body });
      return { id: row.id, name: row.name, kind: row.kind };
    });
  }

  updateAgency(partnershipId: number, actorId: number, agencyId: number, requested: Partial<AgencyBody>): AgencyView {
    const before = this.agencyIn(partnershipId, agencyId);
    const patch = changedOnly(before, requested);
    if (Object.keys(patch).length === 0) return { id: before.id, name: before.name, kind: before.kind };
    if (patch.name && patch.name !== before.name) this.assertUniqueAgencyName(partnershipId, patch.name);
    return this.ctx.database.transaction(() => {
      const row = this.ctx.db.update(agencies).set(patch).where(eq(agencies.id, agencyId)).returning().get()!;
      writeAudit(this.ctx, { partnershipId, actorId, action: 'agency.update', entityType: 'agency', entityId: agencyId, detail: { agency: before.name, before: pick(before, Object.keys(patch)), after: patch } });
      return { id: row.id, name: row.name, kind: row.kind };
    });
  }

  boards(partnershipId: number): BoardView[] {
    const parent = alias(boards, 'parent');
    return this.ctx.db
      .select({ b: boards, parentName: parent.name })
      .from(boards)
      .leftJoin(parent, eq(parent.id, boards.parentBoardId))
      .where(eq(boards.partnershipId, partnershipId))
      .orderBy(boards.name)
      .all()
      .map(({ b, parentName }) => ({ id: b.id, name: b.name, description: b.description, parentBoardId: b.parentBoardId, parentBoardName: parentName }));
  }

  board(partnershipId: number, boardId: number): BoardDetail {
    const view = this.boards(partnershipId).find((b) => b.id === boardId);
    if (!view) throw notFound('Board');
    const children = this.ctx.db
      .select({ id: boards.id, name: boards.name })
      .from(boards)
      .where(and(eq(boards.partnershipId, partnershipId), eq(boards.parentBoardId, boardId)))
      .all();
    return { ...view, members: this.members(boardId), childBoards: children };
  }

  members(boardId: number): MembershipView[] {
    const deputy = alias(people, 'deputy');
    return this.ctx.db
      .select({ m: memberships, person: people, agency: agencies, deputy })
      .from(memberships)
      .innerJoin(people, eq(people.id, memberships.personId))
      .innerJoin(agencies, eq(agencies.id, people.agencyId))
      .leftJoin(deputy, eq(deputy.id, memberships.deputyPersonId))
      .where(eq(memberships.boardId, boardId))
      .all()
      .map(({ m, person, agency, deputy: d }) => ({
        id: m.id,
        boardId: m.boardId,
        personId: person.id,
        personName: person.name,
        agencyId: agency.id,
        agencyName: agency.name,
        role: m.role,
        deputy: d ? { id: d.id, name: d.name } : null,
      }))
      .sort((a, b) => BOARD_ROLE_ORDER[a.role] - BOARD_ROLE_ORDER[b.role] || a.agencyName.localeCompare(b.agencyName) || a.personName.localeCompare(b.personName));
  }

  createBoard(partnershipId: number, actorId: number, body: BoardBody): BoardView {
    this.assertUniqueBoardName(partnershipId, body.name);
    if (body.parentBoardId) referencedBoard(this.ctx, partnershipId, body.parentBoardId, 'parentBoardId');
    return this.ctx.database.transaction(() => {
      const row = this.ctx.db
        .insert(boards)
        .values({ partnershipId, name: body.name, description: body.description ?? null, parentBoardId: body.parentBoardId ?? null })
        .returning()
        .get();
      writeAudit(this.ctx, { partnershipId, actorId, action: 'board.create', entityType: 'board', entityId: row.id, detail: body });
      return this.boards(partnershipId).find((b) => b.id === row.id)!;
    });
  }

  updateBoard(partnershipId: number, actorId: number, boardId: number, requested: BoardPatch): BoardView {
    const before = this.boardIn(partnershipId, boardId);
    const patch = changedOnly(before, requested);
    if (Object.keys(patch).length === 0) return this.boards(partnershipId).find((b) => b.id === boardId)!;
    if (patch.name && patch.name !== before.name) this.assertUniqueBoardName(partnershipId, patch.name);
    if (patch.parentBoardId) this.assertNoEscalationCycle(partnershipId, boardId, patch.parentBoardId);
    return this.ctx.database.transaction(() => {
      this.ctx.db.update(boards).set(patch).where(eq(boards.id, boardId)).run();
      writeAudit(this.ctx, { partnershipId, actorId, action: 'board.update', entityType: 'board', entityId: boardId, detail: { board: before.name, before: pick(before, Object.keys(patch)), after: patch } });
      return this.boards(partnershipId).find((b) => b.id === boardId)!;
    });
  }

  addMember(partnershipId: number, actorId: number, boardId: number, body: MembershipBody): MembershipView {
    this.boardIn(partnershipId, boardId);
    const person = referencedPerson(this.ctx, partnershipId, body.personId, 'personId');
    const existing = this.ctx.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.boardId, boardId), eq(memberships.personId, body.personId)))
      .get();
    if (existing) throw new AppError('CONFLICT', `${person.name} is already on this board.`);
    if (body.deputyPersonId) this.assertValidDeputy(partnershipId, person, body.deputyPersonId);
    const added = this.ctx.database.transaction(() => {
      const row = this.ctx.db
        .insert(memberships)
        .values({ boardId, personId: body.personId, role: body.role, deputyPersonId: body.deputyPersonId ?? null })
        .returning()
        .get();
      if (body.role === 'chair') this.handOverChair(partnershipId, actorId, boardId, row.id);
      writeAudit(this.ctx, { partnershipId, actorId, action: 'membership.add', entityType: 'membership', entityId: row.id, detail: { boardId, personId: person.id, person: person.name, role: body.role, deputyPersonId: body.deputyPersonId ?? null } });
      return this.members(boardId).find((m) => m.id === row.id)!;
    });
    this.seatsChanged(body.personId, body.deputyPersonId ?? null);
    return added;
  }

  /** Whoever gained or lost a seat (or a deputy's place) has their rooms and document rights decided again. */
  private seatsChanged(...personIds: (number | null | undefined)[]): void {
    for (const personId of new Set(personIds)) if (personId) this.ctx.bus.emit('membership.changed', { personId });
  }

  updateMember(partnershipId: number, actorId: number, boardId: number, membershipId: number, requested: MembershipPatch): MembershipView {
    const before = this.membershipIn(partnershipId, boardId, membershipId);
    const patch = changedOnly(before, requested);
    if (Object.keys(patch).length === 0) return this.members(boardId).find((m) => m.id === membershipId)!;
    const person = this.personIn(partnershipId, before.personId);
    if (patch.deputyPersonId) this.assertValidDeputy(partnershipId, person, patch.deputyPersonId);
    const updated = this.ctx.database.transaction(() => {
      this.ctx.db.update(memberships).set(patch).where(eq(memberships.id, membershipId)).run();
      if (patch.role === 'chair') this.handOverChair(partnershipId, actorId, boardId, membershipId);
      writeAudit(this.ctx, { partnershipId, actorId, action: 'membership.update', entityType: 'membership', entityId: membershipId, detail: { boardId, personId: person.id, person: person.name, before: pick(before, Object.keys(patch)), after: patch } });
      return this.members(boardId).find((m) => m.id === membershipId)!;
    });
    this.seatsChanged(before.personId, before.deputyPersonId, updated.deputy?.id);
    return updated;
  }

  /**
   * A board has one chair: whoever held the chair before `newChairSeat` becomes a member, in the same
   * transaction and on the record. Their rights change, so it is announced like any change of seat.
   */
  private handOverChair(partnershipId: number, actorId: number, boardId: number, newChairSeat: number): void {
    const previous = this.ctx.db.select().from(memberships).where(and(eq(memberships.boardId, boardId), eq(memberships.role, 'chair'), ne(memberships.id, newChairSeat))).all();
    for (const seat of previous) {
      this.ctx.db.update(memberships).set({ role: 'member' }).where(eq(memberships.id, seat.id)).run();
      writeAudit(this.ctx, { partnershipId, actorId, action: 'membership.chair_handover', entityType: 'membership', entityId: seat.id, detail: { boardId, from: seat.personId, toSeat: newChairSeat } });
      this.ctx.bus.emit('membership.changed', { personId: seat.personId });
    }
  }

  removeMember(partnershipId: number, actorId: number, boardId: number, membershipId: number): { personId: number; deputyPersonId: number | null } {
    const before = this.membershipIn(partnershipId, boardId, membershipId);
    const removed = this.ctx.database.transaction(() => {
      this.ctx.db.delete(memberships).where(eq(memberships.id, membershipId)).run();
      writeAudit(this.ctx, { partnershipId, actorId, action: 'membership.remove', entityType: 'membership', entityId: membershipId, detail: { boardId, personId: before.personId, role: before.role } });
      return { personId: before.personId, deputyPersonId: before.deputyPersonId };
    });
    this.seatsChanged(removed.personId, removed.deputyPersonId);
    return removed;
  }

  // --- lookups that double as tenant checks: a row of another partnership is simply not found ---

  agencyIn(partnershipId: number, agencyId: number) {
    const row = this.ctx.db.select().from(agencies).where(and(eq(agencies.id, agencyId), eq(agencies.partnershipId, partnershipId))).get();
    if (!row) throw notFound('Agency');
    return row;
  }

  personIn(partnershipId: number, personId: number) {
    const row = this.ctx.db.select().from(people).where(and(eq(people.id, personId), eq(people.partnershipId, partnershipId))).get();
    if (!row) throw notFound('Person');
    return row;
  }

  presenceIdentity(personId: number): { personId: number; name: string; agencyName: string } {
    const row = this.ctx.db
      .select({ name: people.name, agencyName: agencies.name })
      .from(people)
      .innerJoin(agencies, eq(agencies.id, people.agencyId))
      .where(eq(people.id, personId))
      .get();
    return { personId, name: row?.name ?? 'Unknown', agencyName: row?.agencyName ?? '' };
  }

  boardOrNull(partnershipId: number, boardId: number) {
    return this.ctx.db.select().from(boards).where(and(eq(boards.id, boardId), eq(boards.partnershipId, partnershipId))).get() ?? null;
  }

  boardIn(partnershipId: number, boardId: number) {
    const row = this.ctx.db.select().from(boards).where(and(eq(boards.id, boardId), eq(boards.partnershipId, partnershipId))).get();
    if (!row) throw notFound('Board');
    return row;
  }

  private membershipIn(partnershipId: number, boardId: number, membershipId: number) {
    this.boardIn(partnershipId, boardId);
    const row = this.ctx.db.select().from(memberships).where(and(eq(memberships.id, membershipId), eq(memberships.boardId, boardId))).get();
    if (!row) throw notFound('Membership');
    return row;
  }

  private assertValidDeputy(partnershipId: number, member: { id: number; agencyId: number }, deputyId: number): void {
    const deputy = referencedPerson(this.ctx, partnershipId, deputyId, 'deputyPersonId');
    const agencyName = this.agencyIn(partnershipId, member.agencyId).name;
    const refusal = deputyRefusal({ personId: member.id, agencyId: member.agencyId, agencyName }, { personId: deputy.id, agencyId: deputy.agencyId });
    if (refusal) throw refused('deputyPersonId', deputy.id === member.id ? 'Not the member themselves' : 'Not of the member’s agency', refusal);
  }

  private assertUniqueAgencyName(partnershipId: number, name: string): void {
    const clash = this.ctx.db.select({ id: agencies.id }).from(agencies).where(and(eq(agencies.partnershipId, partnershipId), eq(agencies.name, name))).get();
    if (clash) throw new AppError('CONFLICT', 'An agency with that name already exists.', { field: 'name' });
  }

  private assertUniqueBoardName(partnershipId: number, name: string): void {
    const clash = this.ctx.db.select({ id: boards.id }).from(boards).where(and(eq(boards.partnershipId, partnershipId), eq(boards.name, name))).get();
    if (clash) throw new AppError('CONFLICT', 'A board with that name already exists.', { field: 'name' });
  }

  private assertNoEscalationCycle(partnershipId: number, boardId: number, parentId: number): void {
    referencedBoard(this.ctx, partnershipId, parentId, 'parentBoardId');
    let cursor: number | null = parentId;
    const seen = new Set<number>();
    while (cursor !== null) {
      if (cursor === boardId || seen.has(cursor)) {
        throw refused('parentBoardId', 'Not itself or a board below it', 'A board cannot escalate to itself or to a board that escalates to it.');
      }
      seen.add(cursor);
      cursor = this.boardIn(partnershipId, cursor).parentBoardId;
    }
  }
}
