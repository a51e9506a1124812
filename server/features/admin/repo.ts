import { and, eq, ne } from 'drizzle-orm';
import { agencies, boards, memberships, partnerships, people } from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import { deputyRefusal } from '../../../shared/domain/attendance.js';
import type { AgencyBody, AgencyView, BoardBody, BoardPatch, MembershipBody, MembershipPatch, PartnershipView } from '../../../shared/schemas/admin.js';
import { writeAudit } from '../../core/audit.js';
import type { ServiceContext } from '../../core/context.js';
import { referencedBoard, referencedPerson, refused } from '../../core/references.js';
import { pick } from './views.js';

export type AgencyRow = typeof agencies.$inferSelect;
export type BoardRow = typeof boards.$inferSelect;
export type SeatRow = typeof memberships.$inferSelect;
export type PersonRow = typeof people.$inferSelect;

const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found.`);
const changedMeanwhile = (what: string) => new AppError('CONFLICT', `The ${what} changed a moment ago. Look again and retry.`);

/** Did none of `keys` change since `before` was read? (The audit row's "before" must be true.) */
function unchanged(now: object | undefined, before: object, keys: string[]): boolean {
  if (!now) return false;
  const a = now as Record<string, unknown>;
  const b = before as Record<string, unknown>;
  return keys.every((k) => a[k] === b[k]);
}

/**
 * Every write of a partnership's agencies, boards and board seats, and the reads a command checks
 * before it writes (the views are AdminQueries'). Public methods are asynchronous, so the storage
 * behind them may be. Each write is one unit of work: the change, its audit row and any chair
 * hand-over, in one transaction.
 *
 * A service's checks and its write are separate steps, and two requests arriving together do
 * interleave between them, even on SQLite. So each write re-checks inside its transaction what the
 * service checked: the row is still as the service read it (CONFLICT otherwise), the name is still
 * free, the seat still empty, the deputy still of the member's agency, the escalation chain still
 * free of loops (each refused as it would be had the requests come one after the other). A PostgreSQL
 * repository must do the same inside its own transaction (reading the rows it re-checks FOR UPDATE).
 */
export class AdminRepository {
  constructor(private readonly ctx: ServiceContext) {}

  // --- what commands check; each lookup doubles as a tenant check: another partnership's row is not found ---

  async agency(partnershipId: number, agencyId: number): Promise<AgencyRow> {
    const row = await this.ctx.db.select().from(agencies).where(and(eq(agencies.id, agencyId), eq(agencies.partnershipId, partnershipId))).get();
    if (!row) throw notFound('Agency');
    return row;
  }

  async person(partnershipId: number, personId: number): Promise<PersonRow> {
    const row = await this.ctx.db.select().from(people).where(and(eq(people.id, personId), eq(people.partnershipId, partnershipId))).get();
    if (!row) throw notFound('Person');
    return row;
  }

  async board(partnershipId: number, boardId: number): Promise<BoardRow> {
    const row = await this.boardNow(partnershipId, boardId);
    if (!row) throw notFound('Board');
    return row;
  }

  async seat(partnershipId: number, boardId: number, membershipId: number): Promise<SeatRow> {
    await this.board(partnershipId, boardId);
    const row = await this.seatNow(membershipId, boardId);
    if (!row) throw notFound('Membership');
    return row;
  }

  /** A person of the partnership named in a payload, or a refusal naming the field (core/references.ts). */
  async referencedPerson(partnershipId: number, personId: number, path: string): Promise<PersonRow> {
    return referencedPerson(this.ctx, partnershipId, personId, path);
  }

  async assertAgencyNameFree(partnershipId: number, name: string): Promise<void> {
    await this.agencyNameFree(partnershipId, name);
  }

  async assertBoardNameFree(partnershipId: number, name: string): Promise<void> {
    await this.boardNameFree(partnershipId, name);
  }

  /** `parentId` is a board of the partnership, and escalating `boardId` (null: a new board) to it makes no loop. */
  async assertParent(partnershipId: number, boardId: number | null, parentId: number): Promise<void> {
    await this.parentAllowed(partnershipId, boardId, parentId);
  }

  async assertSeatFree(boardId: number, person: PersonRow): Promise<void> {
    await this.seatFree(boardId, person);
  }

  async assertDeputy(partnershipId: number, memberId: number, deputyId: number): Promise<void> {
    await this.deputyAllowed(partnershipId, memberId, deputyId);
  }

  // --- units of work ---

  async createAgency(partnershipId: number, actorId: number, body: AgencyBody): Promise<AgencyView> {
    return this.ctx.database.transaction(async () => {
      await this.agencyNameFree(partnershipId, body.name);
      const row = await this.ctx.db.insert(agencies).values({ partnershipId, ...body }).returning().get();
      await writeAudit(this.ctx, { partnershipId, actorId, action: 'agency.create', entityType: 'agency', entityId: row.id, detail: body });
      return { id: row.id, name: row.name, kind: row.kind };
    });
  }

  async updateAgency(before: AgencyRow, actorId: number, patch: Partial<AgencyBody>): Promise<AgencyView> {
    return this.ctx.database.transaction(async () => {
      const now = await this.ctx.db.select().from(agencies).where(eq(agencies.id, before.id)).get();
      if (!unchanged(now, before, Object.keys(patch))) throw changedMeanwhile('agency');
      if (patch.name) await this.agencyNameFree(before.partnershipId, patch.name);
      const row = (await this.ctx.db.update(agencies).set(patch).where(eq(agencies.id, before.id)).returning().get())!;
      await writeAudit(this.ctx, { partnershipId: before.partnershipId, actorId, action: 'agency.update', entityType: 'agency', entityId: before.id, detail: { agency: before.name, before: pick(before, Object.keys(patch)), after: patch } });
      return { id: row.id, name: row.name, kind: row.kind };
    });
  }

  async saveSettings(partnershipId: number, actorId: number, p: { protectiveMarking: string; mailDetails?: boolean | undefined }): Promise<{ protectiveMarking: PartnershipView['protectiveMarking']; mailDetails: boolean }> {
    return this.ctx.database.transaction(async () => {
      const before = await this.ctx.db.select({ protectiveMarking: partnerships.protectiveMarking, mailDetails: partnerships.mailDetails }).from(partnerships).where(eq(partnerships.id, partnershipId)).get();
      const after = { protectiveMarking: p.protectiveMarking, mailDetails: p.mailDetails ?? before?.mailDetails ?? false };
      await this.ctx.db.update(partnerships).set(after).where(eq(partnerships.id, partnershipId)).run();
      await writeAudit(this.ctx, { partnershipId, actorId, action: 'partnership.settings', entityType: 'partnership', entityId: partnershipId, detail: { before: before ?? null, after } });
      return { protectiveMarking: after.protectiveMarking as PartnershipView['protectiveMarking'], mailDetails: after.mailDetails };
    });
  }

  async createBoard(partnershipId: number, actorId: number, body: BoardBody): Promise<number> {
    return this.ctx.database.transaction(async () => {
      await this.boardNameFree(partnershipId, body.name);
      if (body.parentBoardId) await this.parentAllowed(partnershipId, null, body.parentBoardId);
      const row = await this.ctx.db
        .insert(boards)
        .values({ partnershipId, name: body.name, description: body.description ?? null, parentBoardId: body.parentBoardId ?? null, reportingCycle: body.reportingCycle ?? 'monthly' })
        .returning()
        .get();
      await writeAudit(this.ctx, { partnershipId, actorId, action: 'board.create', entityType: 'board', entityId: row.id, detail: body });
      return row.id;
    });
  }

  async updateBoard(before: BoardRow, actorId: number, patch: Partial<BoardPatch>): Promise<void> {
    await this.ctx.database.transaction(async () => {
      const now = await this.ctx.db.select().from(boards).where(eq(boards.id, before.id)).get();
      if (!unchanged(now, before, Object.keys(patch))) throw changedMeanwhile('board');
      if (patch.name) await this.boardNameFree(before.partnershipId, patch.name);
      // Two boards each made the other's parent at once would loop: the chain is walked again here.
      if (patch.parentBoardId) await this.parentAllowed(before.partnershipId, before.id, patch.parentBoardId);
      await this.ctx.db.update(boards).set(patch).where(eq(boards.id, before.id)).run();
      await writeAudit(this.ctx, { partnershipId: before.partnershipId, actorId, action: 'board.update', entityType: 'board', entityId: before.id, detail: { board: before.name, before: pick(before, Object.keys(patch)), after: patch } });
    });
  }

  /** A new seat (and, for a chair, the hand-over); returns it and whoever lost the chair. */
  async addSeat(partnershipId: number, actorId: number, boardId: number, person: PersonRow, body: MembershipBody): Promise<{ seatId: number; demoted: number[] }> {
    return this.ctx.database.transaction(async () => {
      await this.seatFree(boardId, person);
      if (body.deputyPersonId) await this.deputyAllowed(partnershipId, person.id, body.deputyPersonId);
      const row = await this.ctx.db
        .insert(memberships)
        .values({ boardId, personId: body.personId, role: body.role, deputyPersonId: body.deputyPersonId ?? null })
        .returning()
        .get();
      const demoted = body.role === 'chair' ? (await this.handOverChair(partnershipId, actorId, boardId, row.id)) : [];
      await writeAudit(this.ctx, { partnershipId, actorId, action: 'membership.add', entityType: 'membership', entityId: row.id, detail: { boardId, personId: person.id, person: person.name, role: body.role, deputyPersonId: body.deputyPersonId ?? null } });
      return { seatId: row.id, demoted };
    });
  }

  async updateSeat(partnershipId: number, actorId: number, before: SeatRow, person: PersonRow, patch: Partial<MembershipPatch>): Promise<{ demoted: number[] }> {
    return this.ctx.database.transaction(async () => {
      if (!unchanged((await this.seatNow(before.id, before.boardId)), before, Object.keys(patch))) throw changedMeanwhile('seat');
      if (patch.deputyPersonId) await this.deputyAllowed(partnershipId, person.id, patch.deputyPersonId);
      await this.ctx.db.update(memberships).set(patch).where(eq(memberships.id, before.id)).run();
      const demoted = patch.role === 'chair' ? (await this.handOverChair(partnershipId, actorId, before.boardId, before.id)) : [];
      await writeAudit(this.ctx, { partnershipId, actorId, action: 'membership.update', entityType: 'membership', entityId: before.id, detail: { boardId: before.boardId, personId: person.id, person: person.name, before: pick(before, Object.keys(patch)), after: patch } });
      return { demoted };
    });
  }

  async removeSeat(partnershipId: number, actorId: number, before: SeatRow): Promise<void> {
    await this.ctx.database.transaction(async () => {
      const gone = await this.ctx.db.delete(memberships).where(eq(memberships.id, before.id)).run();
      if (gone.changes === 0) throw changedMeanwhile('seat');
      await writeAudit(this.ctx, { partnershipId, actorId, action: 'membership.remove', entityType: 'membership', entityId: before.id, detail: { boardId: before.boardId, personId: before.personId, role: before.role } });
    });
  }

  // --- inside a transaction (or a check before it) ---

  /**
   * A board has one chair: whoever held the chair besides `newChairSeat` becomes a member, on the
   * record. Returns their person ids: their rights change, which the service announces once committed.
   */
  private async handOverChair(partnershipId: number, actorId: number, boardId: number, newChairSeat: number): Promise<number[]> {
    const previous = await this.ctx.db.select().from(memberships).where(and(eq(memberships.boardId, boardId), eq(memberships.role, 'chair'), ne(memberships.id, newChairSeat))).all();
    for (const seat of previous) {
      await this.ctx.db.update(memberships).set({ role: 'member' }).where(eq(memberships.id, seat.id)).run();
      await writeAudit(this.ctx, { partnershipId, actorId, action: 'membership.chair_handover', entityType: 'membership', entityId: seat.id, detail: { boardId, from: seat.personId, toSeat: newChairSeat } });
    }
    return previous.map((s) => s.personId);
  }

  private async boardNow(partnershipId: number, boardId: number): Promise<BoardRow | undefined> {
    return this.ctx.db.select().from(boards).where(and(eq(boards.id, boardId), eq(boards.partnershipId, partnershipId))).get();
  }

  private async seatNow(membershipId: number, boardId: number): Promise<SeatRow | undefined> {
    return this.ctx.db.select().from(memberships).where(and(eq(memberships.id, membershipId), eq(memberships.boardId, boardId))).get();
  }

  private async agencyNameFree(partnershipId: number, name: string): Promise<void> {
    const clash = await this.ctx.db.select({ id: agencies.id }).from(agencies).where(and(eq(agencies.partnershipId, partnershipId), eq(agencies.name, name))).get();
    if (clash) throw new AppError('CONFLICT', 'An agency with that name already exists.', { field: 'name' });
  }

  private async boardNameFree(partnershipId: number, name: string): Promise<void> {
    const clash = await this.ctx.db.select({ id: boards.id }).from(boards).where(and(eq(boards.partnershipId, partnershipId), eq(boards.name, name))).get();
    if (clash) throw new AppError('CONFLICT', 'A board with that name already exists.', { field: 'name' });
  }

  private async seatFree(boardId: number, person: PersonRow): Promise<void> {
    const existing = await this.ctx.db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.boardId, boardId), eq(memberships.personId, person.id))).get();
    if (existing) throw new AppError('CONFLICT', `${person.name} is already on this board.`);
  }

  /** The deputy is a person of the partnership, not the member, and of the member's agency as it is now. */
  private async deputyAllowed(partnershipId: number, memberId: number, deputyId: number): Promise<void> {
    const deputy = await referencedPerson(this.ctx, partnershipId, deputyId, 'deputyPersonId');
    const member = (await this.ctx.db
      .select({ agencyId: people.agencyId, agencyName: agencies.name })
      .from(people)
      .innerJoin(agencies, eq(agencies.id, people.agencyId))
      .where(eq(people.id, memberId))
      .get())!;
    const refusal = deputyRefusal({ personId: memberId, agencyId: member.agencyId, agencyName: member.agencyName }, { personId: deputy.id, agencyId: deputy.agencyId });
    if (refusal) throw refused('deputyPersonId', deputy.id === memberId ? 'Not the member themselves' : 'Not of the member’s agency', refusal);
  }

  private async parentAllowed(partnershipId: number, boardId: number | null, parentId: number): Promise<void> {
    await referencedBoard(this.ctx, partnershipId, parentId, 'parentBoardId');
    if (boardId === null) return;
    let cursor: number | null = parentId;
    const seen = new Set<number>();
    while (cursor !== null) {
      if (cursor === boardId || seen.has(cursor)) {
        throw refused('parentBoardId', 'Not itself or a board below it', 'A board cannot escalate to itself or to a board that escalates to it.');
      }
      seen.add(cursor);
      const row = await this.boardNow(partnershipId, cursor);
      if (!row) throw notFound('Board');
      cursor = row.parentBoardId;
    }
  }
}
