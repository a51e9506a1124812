import { and, eq, inArray, max } from 'drizzle-orm';
import { agendaItems, agendaLinks, challenges, meetingActions, mitigations, risks } from '../db/schema.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../../shared/domain/permissions.js';
import { actionReference } from '../../shared/domain/meetings.js';
import type { AddAgendaItemPayload, AgendaLink, AgendaProposal, UpdateAgendaItemPayload } from '../../shared/schemas/meeting.js';
import type { ServiceContext } from './context.js';
import type { MeetingGuard, MeetingResult } from './meeting-guard.js';
import type { MeetingRow } from './meeting-queries.js';
import type { MeetingService } from './meetings.js';
import type { RiskQueries } from './risk-queries.js';
import { referencedAgency, referencedPerson } from './references.js';

/** A link to a numbered record names it in canonical digits, so "01" never stands for record 1. */
const DIGITS = /^[1-9][0-9]{0,9}$/;

/**
 * The challenge log's part of "Build agenda": challenges whose responses fall due before the meeting,
 * as proposals linking `{ kind: 'challenge', ref }`. Set by the composition root.
 */
export type ChallengesDueHook = (partnershipId: number, boardId: number, byDate: string) => AgendaProposal[];
export const noChallengesYet: ChallengesDueHook = () => [];

/** The agenda: ordered items, editable by the chair (and admins) before and during the meeting. */
export class AgendaService {
  challengesDue: ChallengesDueHook = noChallengesYet;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly meetings: MeetingService,
    private readonly risks: RiskQueries,
  ) {}

  private get guard(): MeetingGuard {
    return this.meetings.guard;
  }

  private editable(actor: Actor, meetingId: number, attempted: string): MeetingRow {
    const m = this.guard.chair(actor, meetingId, attempted);
    if (m.status === 'closed') throw new AppError('CONFLICT', 'The meeting has closed; its agenda can no longer change.');
    return m;
  }

  add(actor: Actor, p: AddAgendaItemPayload): MeetingResult {
    const m = this.editable(actor, p.meetingId, 'add agenda item');
    this.checkPresenter(m, p.presenterPersonId, p.presenterAgencyId);
    this.checkLinks(m, p.links);
    this.ctx.database.transaction(() => this.insert(actor, m, p));
    return this.meetings.result(m.id, this.rechecks(m, p.links));
  }

  update(actor: Actor, p: UpdateAgendaItemPayload): MeetingResult {
    const m = this.editable(actor, p.meetingId, 'update agenda item');
    const item = this.item(m, p.itemId);
    const { meetingId: _m, itemId: _i, links, ...fields } = p;
    if (fields.presenterPersonId !== undefined || fields.presenterAgencyId !== undefined) this.checkPresenter(m, fields.presenterPersonId ?? null, fields.presenterAgencyId ?? null);
    const before = this.itemLinks(item.id);
    if (links) this.checkLinks(m, links);
    this.ctx.database.transaction(() => {
      if (Object.keys(fields).length > 0) this.ctx.db.update(agendaItems).set(fields).where(eq(agendaItems.id, item.id)).run();
      if (links) {
        this.ctx.db.delete(agendaLinks).where(eq(agendaLinks.itemId, item.id)).run();
        for (const l of links) this.ctx.db.insert(agendaLinks).values({ itemId: item.id, meetingId: m.id, kind: l.kind, ref: l.ref }).run();
      }
      this.guard.audit(actor, m, 'agenda_update', { itemId: item.id, ...fields, ...(links ? { links } : {}) });
    });
    return this.meetings.result(m.id, this.rechecks(m, [...before, ...(links ?? [])]));
  }

  remove(actor: Actor, meetingId: number, itemId: number): MeetingResult {
    const m = this.editable(actor, meetingId, 'remove agenda item');
    const item = this.item(m, itemId);
    const links = this.itemLinks(item.id);
    this.ctx.database.transaction(() => {
      // Kept as a row: notes, decisions and actions typed in it still point at it.
      this.ctx.db.update(agendaItems).set({ removed: true }).where(eq(agendaItems.id, item.id)).run();
      this.guard.audit(actor, m, 'agenda_remove', { itemId: item.id, title: item.title });
    });
    return this.meetings.result(m.id, this.rechecks(m, links));
  }

  move(actor: Actor, meetingId: number, itemId: number, toIndex: number): MeetingResult {
    const m = this.editable(actor, meetingId, 'reorder agenda');
    const order = this.meetings.queries.agenda(m.id).map((i) => i.id);
    const from = order.indexOf(itemId);
    if (from < 0) throw new AppError('NOT_FOUND', 'That item is not on the agenda.');
    order.splice(from, 1);
    order.splice(Math.min(toIndex, order.length), 0, itemId);
    this.ctx.database.transaction(() => {
      order.forEach((id, position) => this.ctx.db.update(agendaItems).set({ position }).where(eq(agendaItems.id, id)).run());
      this.guard.audit(actor, m, 'agenda_move', { itemId, from, to: order.indexOf(itemId) });
    });
    return this.meetings.result(m.id);
  }

  /** "Build agenda": the standing items the data calls for, added unless already on the agenda. */
  build(actor: Actor, meetingId: number): MeetingResult {
    const m = this.editable(actor, meetingId, 'build agenda');
    const existing = this.meetings.queries.agenda(m.id);
    const linked = new Set(existing.flatMap((i) => i.links.map((l) => `${l.kind}:${l.ref}`)));
    const titles = new Set(existing.map((i) => i.title));
    const fresh = this.proposals(m).filter((p) => (p.links.length > 0 ? !p.links.every((l) => linked.has(`${l.kind}:${l.ref}`)) : !titles.has(p.title)));
    this.ctx.database.transaction(() => {
      for (const p of fresh) this.insert(actor, m, { meetingId: m.id, title: p.title, presenterPersonId: p.presenterPersonId, presenterAgencyId: p.presenterAgencyId, minutes: 10, links: p.links });
      this.guard.audit(actor, m, 'agenda_build', { added: fresh.map((p) => p.title) });
    });
    return this.meetings.result(m.id, this.rechecks(m, fresh.flatMap((p) => p.links)));
  }

  /** Risks escalated to this board or above tolerance, challenges due, overdue mitigations and actions. */
  proposals(m: MeetingRow): AgendaProposal[] {
    const out: AgendaProposal[] = [{ title: 'Welcome, apologies and quorum', reason: 'Standing item', links: [], presenterPersonId: null, presenterAgencyId: null }];
    // The board's own open risks and those escalated to it, read as such: never the whole register.
    const here = this.risks.list(m.partnershipId, { status: 'open', boardId: m.boardId });
    for (const r of here.filter((x) => x.escalatedToBoardId === m.boardId)) {
      out.push({ title: `Escalated risk ${r.reference}: ${r.title}`, reason: `Escalated from ${r.boardName}`, links: [{ kind: 'risk', ref: String(r.id) }], presenterPersonId: r.ownerId, presenterAgencyId: r.leadAgencyId });
    }
    for (const r of here.filter((x) => x.aboveTolerance && x.escalatedToBoardId !== m.boardId)) {
      out.push({ title: `Risk above tolerance ${r.reference}: ${r.title}`, reason: `Current score ${r.current.score} above tolerance ${r.tolerance}`, links: [{ kind: 'risk', ref: String(r.id) }], presenterPersonId: r.ownerId, presenterAgencyId: r.leadAgencyId });
    }
    out.push(...this.challengesDue(m.partnershipId, m.boardId, m.startsAt.slice(0, 10)));
    const overdueMitigations = this.risks.mitigations(here.map((r) => r.id)).filter((x) => x.overdue).slice(0, 20);
    if (overdueMitigations.length > 0) {
      out.push({ title: 'Overdue mitigations', reason: `${overdueMitigations.length} past their due date`, links: overdueMitigations.map((x) => ({ kind: 'mitigation' as const, ref: x.id })), presenterPersonId: null, presenterAgencyId: null });
    }
    const overdueActions = this.meetings.queries.actions(m.partnershipId, { boardId: m.boardId }).filter((a) => a.overdue).slice(0, 20);
    if (overdueActions.length > 0) {
      out.push({ title: 'Overdue actions', reason: `${overdueActions.map((a) => a.reference).join(', ')} past their due date`, links: overdueActions.map((a) => ({ kind: 'action' as const, ref: String(a.id) })), presenterPersonId: null, presenterAgencyId: null });
    }
    out.push({ title: 'Any other business', reason: 'Standing item', links: [], presenterPersonId: null, presenterAgencyId: null });
    return out;
  }

  private insert(actor: Actor, m: MeetingRow, p: AddAgendaItemPayload): number {
    const last = this.ctx.db.select({ n: max(agendaItems.position) }).from(agendaItems).where(eq(agendaItems.meetingId, m.id)).get()?.n ?? -1;
    const row = this.ctx.db
      .insert(agendaItems)
      .values({ meetingId: m.id, position: last + 1, title: p.title, presenterPersonId: p.presenterPersonId, presenterAgencyId: p.presenterAgencyId, minutes: p.minutes })
      .returning()
      .get();
    for (const l of p.links) this.ctx.db.insert(agendaLinks).values({ itemId: row.id, meetingId: m.id, kind: l.kind, ref: l.ref }).run();
    this.guard.audit(actor, m, 'agenda_add', { itemId: row.id, title: p.title, links: p.links });
    return row.id;
  }

  private item(m: MeetingRow, itemId: number) {
    const item = this.ctx.db.select().from(agendaItems).where(and(eq(agendaItems.id, itemId), eq(agendaItems.meetingId, m.id), eq(agendaItems.removed, false))).get();
    if (!item) throw new AppError('NOT_FOUND', 'That item is not on the agenda.');
    return item;
  }

  private itemLinks(itemId: number): AgendaLink[] {
    return this.ctx.db.select({ kind: agendaLinks.kind, ref: agendaLinks.ref }).from(agendaLinks).where(eq(agendaLinks.itemId, itemId)).all();
  }

  /** While the meeting runs, linking or unlinking a risk changes who may edit it: re-check its editors. */
  private rechecks(m: MeetingRow, links: AgendaLink[]): MeetingResult['recheck'] {
    if (m.status !== 'in_progress') return [];
    const ids = (kind: 'risk' | 'challenge') => [...new Set(links.filter((l) => l.kind === kind).map((l) => Number(l.ref)))].map((id) => ({ kind, id }));
    return [...ids('risk'), ...ids('challenge')];
  }

  private checkPresenter(m: MeetingRow, personId: number | null, agencyId: number | null): void {
    if (personId !== null) referencedPerson(this.ctx, m.partnershipId, personId, 'presenterPersonId');
    if (agencyId !== null) referencedAgency(this.ctx, m.partnershipId, agencyId, 'presenterAgencyId');
  }

  private checkLinks(m: MeetingRow, links: AgendaLink[]): void {
    const bad = (i: number, message: string) => new AppError('VALIDATION_FAILED', message, [{ path: `links.${i}.ref`, message }]);
    links.forEach((l, i) => {
      if (l.kind === 'risk') {
        const ok = DIGITS.test(l.ref) && this.ctx.db.select({ id: risks.id }).from(risks).where(and(eq(risks.id, Number(l.ref)), eq(risks.partnershipId, m.partnershipId))).get();
        if (!ok) throw bad(i, 'No such risk in this partnership');
      } else if (l.kind === 'action') {
        const ok = DIGITS.test(l.ref) && this.ctx.db.select({ id: meetingActions.id }).from(meetingActions).where(and(eq(meetingActions.id, Number(l.ref)), eq(meetingActions.partnershipId, m.partnershipId))).get();
        if (!ok) throw bad(i, `No such action (${DIGITS.test(l.ref) ? actionReference(Number(l.ref)) : l.ref})`);
      } else if (l.kind === 'mitigation') {
        const ok = this.ctx.db
          .select({ id: mitigations.id })
          .from(mitigations)
          .innerJoin(risks, eq(risks.id, mitigations.riskId))
          .where(and(inArray(mitigations.id, [l.ref]), eq(risks.partnershipId, m.partnershipId)))
          .get();
        if (!ok) throw bad(i, 'No such mitigation in this partnership');
      } else {
        const ok = DIGITS.test(l.ref) && this.ctx.db.select({ id: challenges.id }).from(challenges).where(and(eq(challenges.id, Number(l.ref)), eq(challenges.partnershipId, m.partnershipId))).get();
        if (!ok) throw bad(i, 'No such challenge in this partnership');
      }
    });
  }
}
