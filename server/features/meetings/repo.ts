import { and, asc, eq, inArray, max } from 'drizzle-orm';
import type { MeetingAuditStep } from '../../../shared/domain/audit-actions.js';
import { agendaItems, agendaLinks, boardQuorumRules, boards, challenges, meetingActions, meetingAttendance, meetingGuests, meetings, memberships, mitigations, people, planObjectives, risks, indicators } from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import type { Actor } from '../../../shared/domain/permissions.js';
import type { ActionStatus, AddAgendaItemPayload, AgendaLink, AttendanceStatus, QuorumRule } from '../../../shared/schemas/meeting.js';
import { writeAudit } from '../../core/audit.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import { referencedAgency, referencedPerson } from '../../core/references.js';
import type { Delivery, NewNotification, NotificationService } from '../notifications/index.js';
import type { MeetingRow } from './queries.js';

/** A link to a numbered record names it in canonical digits, so "01" never stands for record 1. */
const DIGITS = /^[1-9][0-9]{0,9}$/;

export type ActionRow = typeof meetingActions.$inferSelect;
export type AgendaItemRow = typeof agendaItems.$inferSelect;
type MeetingPatch = Partial<typeof meetings.$inferInsert>;
type NewItem = Omit<AddAgendaItemPayload, 'meetingId'>;

/**
 * Every write of meetings, their agendas, attendance, guests and actions, and the reads a command
 * checks before it writes (the views are MeetingQueries'). Public methods are asynchronous, so the
 * storage behind them may be. Each write is one unit of work: the change, its audit row and any
 * notification, in one transaction; a service never splits one change over several calls.
 *
 * On SQLite every call resolves at once, but a service's checks and its write are still separate
 * steps, and two commands that arrive in one network read do interleave between them. So each write
 * re-checks, inside its transaction, that the meeting's status is still the one the service decided
 * on (and an agenda item or action is still as it was), refusing with CONFLICT otherwise. A PostgreSQL
 * repository must do the same: re-check every condition a write depends on inside its transaction.
 * (Not re-checked here: the seat rules of attendance, which weigh the other seats' rows.)
 */
export class MeetingRepository {
  constructor(
    private readonly ctx: ServiceContext,
    /** Tells an action's owner it is theirs (none while the demo is seeded). */
    private readonly notifications: Pick<NotificationService, 'notify'> | null,
  ) {}

  // --- what commands check ---

  async board(partnershipId: number, boardId: number) {
    return (await this.ctx.db.select().from(boards).where(and(eq(boards.id, boardId), eq(boards.partnershipId, partnershipId))).get()) ?? null;
  }

  /** A person of the partnership, or a refusal naming the field (core/references.ts). */
  async person(partnershipId: number, personId: number, path: string) {
    return referencedPerson(this.ctx, partnershipId, personId, path);
  }

  async agency(partnershipId: number, agencyId: number, path: string) {
    return referencedAgency(this.ctx, partnershipId, agencyId, path);
  }

  async personName(personId: number): Promise<string> {
    return (await this.ctx.db.select({ name: people.name }).from(people).where(eq(people.id, personId)).get())!.name;
  }

  /** The deputy named on the member's seat, with their agency. */
  async namedDeputy(boardId: number, personId: number): Promise<{ id: number; agencyId: number } | null> {
    const row = await this.ctx.db
      .select({ id: people.id, agencyId: people.agencyId })
      .from(memberships)
      .innerJoin(people, eq(people.id, memberships.deputyPersonId))
      .where(and(eq(memberships.boardId, boardId), eq(memberships.personId, personId)))
      .get();
    return row ?? null;
  }

  async action(partnershipId: number, actionId: number): Promise<ActionRow | null> {
    return (await this.ctx.db.select().from(meetingActions).where(and(eq(meetingActions.id, actionId), eq(meetingActions.partnershipId, partnershipId))).get()) ?? null;
  }

  /** An item on the meeting's agenda (not removed). */
  async agendaItem(meetingId: number, itemId: number): Promise<AgendaItemRow | null> {
    return this.liveItem(meetingId, itemId);
  }

  /** An item of the meeting, removed or not (a removed one may be put back). */
  async anyAgendaItem(meetingId: number, itemId: number): Promise<AgendaItemRow | null> {
    return (await this.ctx.db.select().from(agendaItems).where(and(eq(agendaItems.id, itemId), eq(agendaItems.meetingId, meetingId))).get()) ?? null;
  }

  async itemLinks(itemId: number): Promise<AgendaLink[]> {
    return this.ctx.db.select({ kind: agendaLinks.kind, ref: agendaLinks.ref }).from(agendaLinks).where(eq(agendaLinks.itemId, itemId)).all();
  }

  /** The record an agenda link names exists in the partnership. */
  async linkTargetExists(partnershipId: number, l: AgendaLink): Promise<boolean> {
    const db = this.ctx.db;
    const id = Number(l.ref);
    switch (l.kind) {
      case 'risk':
        return DIGITS.test(l.ref) && (await db.select({ id: risks.id }).from(risks).where(and(eq(risks.id, id), eq(risks.partnershipId, partnershipId))).get()) !== undefined;
      case 'action':
        return DIGITS.test(l.ref) && (await db.select({ id: meetingActions.id }).from(meetingActions).where(and(eq(meetingActions.id, id), eq(meetingActions.partnershipId, partnershipId))).get()) !== undefined;
      case 'mitigation':
        return (
          (await db
            .select({ id: mitigations.id })
            .from(mitigations)
            .innerJoin(risks, eq(risks.id, mitigations.riskId))
            .where(and(inArray(mitigations.id, [l.ref]), eq(risks.partnershipId, partnershipId)))
            .get()) !== undefined
        );
      case 'indicator':
        return DIGITS.test(l.ref) && (await db.select({ id: indicators.id }).from(indicators).where(and(eq(indicators.id, id), eq(indicators.partnershipId, partnershipId))).get()) !== undefined;
      case 'objective':
        return DIGITS.test(l.ref) && (await db.select({ id: planObjectives.id }).from(planObjectives).where(and(eq(planObjectives.id, id), eq(planObjectives.partnershipId, partnershipId))).get()) !== undefined;
      default:
        return DIGITS.test(l.ref) && (await db.select({ id: challenges.id }).from(challenges).where(and(eq(challenges.id, id), eq(challenges.partnershipId, partnershipId))).get()) !== undefined;
    }
  }

  // --- units of work ---

  async create(values: Omit<typeof meetings.$inferInsert, 'id'>, actor: Actor, detail: unknown): Promise<number> {
    return this.ctx.database.transaction(async () => {
      const row = await this.ctx.db.insert(meetings).values(values).returning().get();
      await writeAudit(this.ctx, { partnershipId: row.partnershipId, actorId: actor.personId, action: 'meeting.create', entityType: 'meeting', entityId: row.id, detail });
      return row.id;
    });
  }

  /** The meeting's own row changed (details, start, advance, close, sign-off), with its audit row. */
  async change(m: MeetingRow, actor: Actor, set: MeetingPatch, action: MeetingAuditStep, detail: unknown): Promise<void> {
    await this.ctx.database.transaction(async () => {
      const moved = await this.ctx.db.update(meetings).set(set).where(and(eq(meetings.id, m.id), eq(meetings.status, m.status))).run();
      if (moved.changes === 0) throw changedMeanwhile();
      await this.audit(actor, m, action, detail);
    });
  }

  async setAttendance(m: MeetingRow, actor: Actor, personId: number, status: AttendanceStatus, deputyId: number | null): Promise<void> {
    const at = isoAt(this.ctx.clock);
    await this.unitOf(m, async () => {
      await this.ctx.db
        .insert(meetingAttendance)
        .values({ meetingId: m.id, personId, status, deputyPersonId: deputyId, recordedBy: actor.personId, at })
        .onConflictDoUpdate({ target: [meetingAttendance.meetingId, meetingAttendance.personId], set: { status, deputyPersonId: deputyId, recordedBy: actor.personId, at } })
        .run();
      await this.audit(actor, m, 'attendance', { personId, status, deputyPersonId: deputyId });
    });
  }

  async addGuest(m: MeetingRow, actor: Actor, name: string, agency: string): Promise<void> {
    await this.unitOf(m, async () => {
      await this.ctx.db.insert(meetingGuests).values({ meetingId: m.id, name, agency }).run();
      await this.audit(actor, m, 'guest_add', { name, agency });
    });
  }

  async removeGuest(m: MeetingRow, actor: Actor, guestId: number): Promise<void> {
    await this.unitOf(m, async () => {
      const gone = await this.ctx.db.delete(meetingGuests).where(and(eq(meetingGuests.id, guestId), eq(meetingGuests.meetingId, m.id))).returning().get();
      if (!gone) throw new AppError('NOT_FOUND', 'Guest not found.');
      await this.audit(actor, m, 'guest_remove', { name: gone.name });
    });
  }

  /** A change kept outside the rows (the raise-hand queue) still goes on the record. */
  async record(m: MeetingRow, actor: Actor, action: MeetingAuditStep, detail: unknown): Promise<void> {
    await this.audit(actor, m, action, detail);
  }

  /** An attempt to change signed-off minutes, on the record. */
  async recordRefusedEdit(m: MeetingRow, actor: Actor, attempted: string): Promise<void> {
    await writeAudit(this.ctx, { partnershipId: m.partnershipId, actorId: actor.personId, action: 'meeting.edit_refused', entityType: 'meeting', entityId: m.id, detail: { attempted, reason: 'minutes signed off' } });
  }

  /** A new action, its audit row and (through `tell`, given its id) its owner's notification. */
  async createAction(m: MeetingRow, actor: Actor, values: Omit<typeof meetingActions.$inferInsert, 'id'>, detail: unknown, tell: (actionId: number) => { to: number[]; n: NewNotification } | null): Promise<{ id: number; delivery: Delivery }> {
    return this.unitOf(m, async () => {
      const row = await this.ctx.db.insert(meetingActions).values(values).returning().get();
      await writeAudit(this.ctx, { partnershipId: m.partnershipId, actorId: actor.personId, action: 'action.create', entityType: 'action', entityId: row.id, detail });
      const notice = tell(row.id);
      return { id: row.id, delivery: notice && this.notifications ? (await this.notifications.notify(notice.to, notice.n)) : [] };
    });
  }

  async updateAction(a: ActionRow, actor: Actor, status: ActionStatus): Promise<void> {
    await this.ctx.database.transaction(async () => {
      const moved = await this.ctx.db.update(meetingActions).set({ status, updatedAt: isoAt(this.ctx.clock) }).where(and(eq(meetingActions.id, a.id), eq(meetingActions.status, a.status))).run();
      if (moved.changes === 0) throw new AppError('CONFLICT', 'The action changed a moment ago. Look again and retry.');
      await writeAudit(this.ctx, { partnershipId: a.partnershipId, actorId: actor.personId, action: 'action.update', entityType: 'action', entityId: a.id, detail: { from: a.status, to: status } });
    });
  }

  async setQuorumRule(board: { id: number; partnershipId: number }, actor: Actor, rule: QuorumRule): Promise<void> {
    await this.ctx.database.transaction(async () => {
      await this.ctx.db.insert(boardQuorumRules).values({ boardId: board.id, ...rule }).onConflictDoUpdate({ target: boardQuorumRules.boardId, set: rule }).run();
      await writeAudit(this.ctx, { partnershipId: board.partnershipId, actorId: actor.personId, action: 'board.quorum_rule', entityType: 'board', entityId: board.id, detail: rule });
    });
  }

  // --- the agenda ---

  /** Items added at the end of the agenda, each on the record; `built` also records a "Build agenda". */
  async addAgendaItems(m: MeetingRow, actor: Actor, items: NewItem[], built?: { added: string[] }): Promise<void> {
    await this.unitOf(m, async () => {
      for (const p of items) {
        const last = (await this.ctx.db.select({ n: max(agendaItems.position) }).from(agendaItems).where(eq(agendaItems.meetingId, m.id)).get())?.n ?? -1;
        const row = await this.ctx.db
          .insert(agendaItems)
          .values({ meetingId: m.id, position: last + 1, title: p.title, presenterPersonId: p.presenterPersonId, presenterAgencyId: p.presenterAgencyId, minutes: p.minutes })
          .returning()
          .get();
        for (const l of p.links) await this.ctx.db.insert(agendaLinks).values({ itemId: row.id, meetingId: m.id, kind: l.kind, ref: l.ref }).run();
        await this.audit(actor, m, 'agenda_add', { itemId: row.id, title: p.title, links: p.links });
      }
      if (built) await this.audit(actor, m, 'agenda_build', built);
    });
  }

  async updateAgendaItem(m: MeetingRow, actor: Actor, itemId: number, fields: Partial<Omit<NewItem, 'links'>>, links: AgendaLink[] | undefined): Promise<void> {
    await this.unitOf(m, async () => {
      if (!(await this.liveItem(m.id, itemId))) throw new AppError('NOT_FOUND', 'That item is not on the agenda.');
      if (Object.keys(fields).length > 0) await this.ctx.db.update(agendaItems).set(fields).where(eq(agendaItems.id, itemId)).run();
      if (links) {
        await this.ctx.db.delete(agendaLinks).where(eq(agendaLinks.itemId, itemId)).run();
        for (const l of links) await this.ctx.db.insert(agendaLinks).values({ itemId, meetingId: m.id, kind: l.kind, ref: l.ref }).run();
      }
      await this.audit(actor, m, 'agenda_update', { itemId, ...fields, ...(links ? { links } : {}) });
    });
  }

  /** Kept as a row: notes, decisions and actions typed in it still point at it. */
  async removeAgendaItem(m: MeetingRow, actor: Actor, item: AgendaItemRow): Promise<void> {
    await this.unitOf(m, async () => {
      const gone = await this.ctx.db.update(agendaItems).set({ removed: true }).where(and(eq(agendaItems.id, item.id), eq(agendaItems.removed, false))).run();
      if (gone.changes === 0) throw new AppError('NOT_FOUND', 'That item is not on the agenda.');
      await this.audit(actor, m, 'agenda_remove', { itemId: item.id, title: item.title });
    });
  }

  /**
   * A removed item back on the agenda, as itself. Without `toIndex` it goes before the first item that
   * stood after it (positions are kept through a removal, so an Undo puts it back where it was). Two
   * restores of one item at once: the second finds it back already and is refused, changing nothing.
   */
  async restoreAgendaItem(m: MeetingRow, actor: Actor, item: AgendaItemRow, toIndex: number | undefined): Promise<void> {
    await this.unitOf(m, async () => {
      const back = await this.ctx.db.update(agendaItems).set({ removed: false }).where(and(eq(agendaItems.id, item.id), eq(agendaItems.meetingId, m.id), eq(agendaItems.removed, true))).run();
      if (back.changes === 0) throw new AppError('CONFLICT', 'That item is on the agenda already; there is nothing to put back.');
      const others = (await this.ctx.db
        .select({ id: agendaItems.id, position: agendaItems.position })
        .from(agendaItems)
        .where(and(eq(agendaItems.meetingId, m.id), eq(agendaItems.removed, false)))
        .orderBy(asc(agendaItems.position), asc(agendaItems.id))
        .all())
        .filter((i) => i.id !== item.id);
      const after = others.findIndex((i) => i.position > item.position || (i.position === item.position && i.id > item.id));
      const at = Math.min(toIndex ?? (after < 0 ? others.length : after), others.length);
      const order = others.map((i) => i.id);
      order.splice(at, 0, item.id);
      await this.writeOrder(m, order);
      await this.audit(actor, m, 'agenda_restore', { itemId: item.id, title: item.title, position: at });
    });
  }

  /**
   * The agenda in this order (item ids, first to last). The order was read before this transaction: if
   * an item was put back, added or removed meanwhile, writing it would give two items one place (or
   * leave one out), so the move is refused and the chair looks again.
   */
  async reorderAgenda(m: MeetingRow, actor: Actor, order: number[], detail: unknown): Promise<void> {
    await this.unitOf(m, async () => {
      const live = await this.ctx.db.select({ id: agendaItems.id }).from(agendaItems).where(and(eq(agendaItems.meetingId, m.id), eq(agendaItems.removed, false))).all();
      const ordered = new Set(order);
      if (live.length !== ordered.size || order.length !== ordered.size || live.some((i) => !ordered.has(i.id))) {
        throw new AppError('CONFLICT', 'The agenda changed a moment ago. Look again and retry.');
      }
      await this.writeOrder(m, order);
      await this.audit(actor, m, 'agenda_move', detail);
    });
  }

  /** Each item's position from its place in `order` (item ids, first to last); only this meeting's items. Inside a transaction. */
  private async writeOrder(m: MeetingRow, order: readonly number[]): Promise<void> {
    for (const [position, id] of order.entries()) await this.ctx.db.update(agendaItems).set({ position }).where(and(eq(agendaItems.id, id), eq(agendaItems.meetingId, m.id))).run();
  }

  // --- inside a transaction ---

  /** One transaction that first re-checks the meeting is at the status the service decided on. */
  private async unitOf<T>(m: MeetingRow, fn: () => T): Promise<T> {
    return this.ctx.database.transaction(async () => {
      const now = await this.ctx.db.select({ status: meetings.status }).from(meetings).where(eq(meetings.id, m.id)).get();
      if (now?.status !== m.status) throw changedMeanwhile();
      return fn();
    });
  }

  private async liveItem(meetingId: number, itemId: number): Promise<AgendaItemRow | null> {
    return (await this.ctx.db.select().from(agendaItems).where(and(eq(agendaItems.id, itemId), eq(agendaItems.meetingId, meetingId), eq(agendaItems.removed, false))).get()) ?? null;
  }

  private async audit(actor: Actor, m: MeetingRow, action: MeetingAuditStep, detail: unknown): Promise<void> {
    await writeAudit(this.ctx, { partnershipId: m.partnershipId, actorId: actor.personId, action: `meeting.${action}`, entityType: 'meeting', entityId: m.id, detail });
  }
}

const changedMeanwhile = () => new AppError('CONFLICT', 'The meeting changed a moment ago. Look again and retry.');
