import { AppError } from '../../../shared/errors.js';
import type { Actor } from '../../../shared/domain/permissions.js';
import type { AddAgendaItemPayload, AgendaLink, AgendaProposal, UpdateAgendaItemPayload } from '../../../shared/schemas/meeting.js';
import { actionReference } from '../../../shared/domain/meetings.js';
import type { MeetingGuard, MeetingResult } from './guard.js';
import type { MeetingRow } from './queries.js';
import type { MeetingRepository } from './repo.js';
import type { MeetingService } from './service.js';
import type { RiskQueries } from '../risks/index.js';

/** A link to a numbered record names it in canonical digits, so "01" never stands for record 1. */
const DIGITS = /^[1-9][0-9]{0,9}$/;

/**
 * The challenge log's part of "Build agenda": challenges whose responses fall due before the meeting,
 * as proposals linking `{ kind: 'challenge', ref }`. Set by the composition root.
 */
export type ChallengesDueHook = (partnershipId: number, boardId: number, byDate: string) => Promise<AgendaProposal[]>;
export const noChallengesYet: ChallengesDueHook = async () => [];

/**
 * The improvement plan's part of "Build agenda": the objectives of the plans this board owns that are
 * red, worsening or have overdue actions, worst first and capped, as proposals linking
 * `{ kind: 'objective', ref }`. Set by the composition root, so meetings never read plans' internals.
 */
export type PlanObjectivesHook = (partnershipId: number, boardId: number) => Promise<AgendaProposal[]>;
export const noPlansYet: PlanObjectivesHook = async () => [];

/** The scorecard's part of "Build agenda": its exceptions, as one item linking each indicator. Set by the composition root. */
export type ScorecardExceptionsHook = (partnershipId: number) => Promise<AgendaProposal[]>;
export const noScorecardYet: ScorecardExceptionsHook = async () => [];

/** The linked records whose open documents a live meeting lends edit rights on. */
const LENT_KINDS = ['risk', 'challenge', 'objective'] as const;

/** The agenda: ordered items, editable by the chair (and admins) before and during the meeting. */
export class AgendaService {
  constructor(
    private readonly meetings: MeetingService,
    private readonly risks: RiskQueries,
    /** The challenges awaiting a response at a board (the challenges feature's). */
    private readonly challengesDue: ChallengesDueHook = noChallengesYet,
    /** The objectives of the board's plans calling for its attention (the plans feature's). */
    private readonly planObjectives: PlanObjectivesHook = noPlansYet,
    /** The scorecard's exceptions (the scorecard feature's). */
    private readonly scorecardExceptions: ScorecardExceptionsHook = noScorecardYet,
  ) {}

  private get guard(): MeetingGuard {
    return this.meetings.guard;
  }

  private get repo(): MeetingRepository {
    return this.meetings.repo;
  }

  private async editable(actor: Actor, meetingId: number, attempted: string): Promise<MeetingRow> {
    const m = await this.guard.chair(actor, meetingId, attempted);
    if (m.status === 'closed') throw new AppError('CONFLICT', 'The meeting has closed; its agenda can no longer change.');
    return m;
  }

  async add(actor: Actor, p: AddAgendaItemPayload): Promise<MeetingResult> {
    const m = await this.editable(actor, p.meetingId, 'add agenda item');
    await this.checkPresenter(m, p.presenterPersonId, p.presenterAgencyId);
    await this.checkLinks(m, p.links);
    await this.repo.addAgendaItems(m, actor, [p]);
    return this.meetings.changed('agenda.add', m, this.rechecks(m, p.links));
  }

  async update(actor: Actor, p: UpdateAgendaItemPayload): Promise<MeetingResult> {
    const m = await this.editable(actor, p.meetingId, 'update agenda item');
    const item = await this.item(m, p.itemId);
    const { meetingId: _m, itemId: _i, links, ...fields } = p;
    if (fields.presenterPersonId !== undefined || fields.presenterAgencyId !== undefined) await this.checkPresenter(m, fields.presenterPersonId ?? null, fields.presenterAgencyId ?? null);
    const before = await this.repo.itemLinks(item.id);
    if (links) await this.checkLinks(m, links);
    await this.repo.updateAgendaItem(m, actor, item.id, fields, links);
    return this.meetings.changed('agenda.update', m, this.rechecks(m, [...before, ...(links ?? [])]));
  }

  async remove(actor: Actor, meetingId: number, itemId: number): Promise<MeetingResult> {
    const m = await this.editable(actor, meetingId, 'remove agenda item');
    const item = await this.item(m, itemId);
    const links = await this.repo.itemLinks(item.id);
    await this.repo.removeAgendaItem(m, actor, item);
    return this.meetings.changed('agenda.remove', m, this.rechecks(m, links));
  }

  /**
   * Undo of a removal: the same item (same id) back on the agenda, so the notes and decisions typed
   * under it in the meeting doc, its actions and its papers come back with it. It returns at the place
   * it had (its kept position among the others) or at `toIndex`. Its links lend edit rights again.
   */
  async restore(actor: Actor, meetingId: number, itemId: number, toIndex?: number): Promise<MeetingResult> {
    const m = await this.editable(actor, meetingId, 'restore agenda item');
    const item = await this.repo.anyAgendaItem(m.id, itemId);
    if (!item) throw new AppError('NOT_FOUND', 'That item is not an item of this meeting.');
    if (!item.removed) throw new AppError('CONFLICT', 'That item is on the agenda already; there is nothing to put back.');
    const links = await this.repo.itemLinks(item.id);
    await this.repo.restoreAgendaItem(m, actor, item, toIndex);
    return this.meetings.changed('agenda.restore', m, this.rechecks(m, links));
  }

  async move(actor: Actor, meetingId: number, itemId: number, toIndex: number): Promise<MeetingResult> {
    const m = await this.editable(actor, meetingId, 'reorder agenda');
    const order = (await this.meetings.queries.agenda(m.id)).map((i) => i.id);
    const from = order.indexOf(itemId);
    if (from < 0) throw new AppError('NOT_FOUND', 'That item is not on the agenda.');
    order.splice(from, 1);
    order.splice(Math.min(toIndex, order.length), 0, itemId);
    await this.repo.reorderAgenda(m, actor, order, { itemId, from, to: order.indexOf(itemId) });
    return this.meetings.changed('agenda.move', m);
  }

  /** "Build agenda": the standing items the data calls for, added unless already on the agenda. */
  async build(actor: Actor, meetingId: number): Promise<MeetingResult> {
    const m = await this.editable(actor, meetingId, 'build agenda');
    const existing = await this.meetings.queries.agenda(m.id);
    const linked = new Set(existing.flatMap((i) => i.links.map((l) => `${l.kind}:${l.ref}`)));
    const titles = new Set(existing.map((i) => i.title));
    const fresh = (await this.proposals(m)).filter((p) => (p.links.length > 0 ? !p.links.every((l) => linked.has(`${l.kind}:${l.ref}`)) : !titles.has(p.title)));
    const items = fresh.map((p) => ({ title: p.title, presenterPersonId: p.presenterPersonId, presenterAgencyId: p.presenterAgencyId, minutes: 10, links: p.links }));
    await this.repo.addAgendaItems(m, actor, items, { added: fresh.map((p) => p.title) });
    return this.meetings.changed('agenda.build', m, this.rechecks(m, fresh.flatMap((p) => p.links)));
  }

  /** Risks escalated to this board or above tolerance, challenges due, plan objectives needing attention, overdue mitigations and actions. */
  async proposals(m: MeetingRow): Promise<AgendaProposal[]> {
    const out: AgendaProposal[] = [{ title: 'Welcome, apologies and quorum', reason: 'Standing item', links: [], presenterPersonId: null, presenterAgencyId: null }];
    // The board's own open risks and those escalated to it, read as such: never the whole register.
    const here = await this.risks.list(m.partnershipId, { status: 'open', boardId: m.boardId });
    for (const r of here.filter((x) => x.escalatedToBoardId === m.boardId)) {
      out.push({ title: `Escalated risk ${r.reference}: ${r.title}`, reason: `Escalated from ${r.boardName}`, links: [{ kind: 'risk', ref: String(r.id) }], presenterPersonId: r.ownerId, presenterAgencyId: r.leadAgencyId });
    }
    for (const r of here.filter((x) => x.aboveTolerance && x.escalatedToBoardId !== m.boardId)) {
      out.push({ title: `Risk above tolerance ${r.reference}: ${r.title}`, reason: `Current score ${r.current.score} above tolerance ${r.tolerance}`, links: [{ kind: 'risk', ref: String(r.id) }], presenterPersonId: r.ownerId, presenterAgencyId: r.leadAgencyId });
    }
    out.push(...(await this.challengesDue(m.partnershipId, m.boardId, m.startsAt.slice(0, 10))));
    out.push(...(await this.planObjectives(m.partnershipId, m.boardId)));
    out.push(...(await this.scorecardExceptions(m.partnershipId)));
    const overdueMitigations = (await this.risks.mitigations(here.map((r) => r.id))).filter((x) => x.overdue).slice(0, 20);
    if (overdueMitigations.length > 0) {
      out.push({ title: 'Overdue mitigations', reason: `${overdueMitigations.length} past their due date`, links: overdueMitigations.map((x) => ({ kind: 'mitigation' as const, ref: x.id })), presenterPersonId: null, presenterAgencyId: null });
    }
    const overdueActions = (await this.meetings.queries.actions(m.partnershipId, { boardId: m.boardId })).filter((a) => a.overdue).slice(0, 20);
    if (overdueActions.length > 0) {
      out.push({ title: 'Overdue actions', reason: `${overdueActions.map((a) => a.reference).join(', ')} past their due date`, links: overdueActions.map((a) => ({ kind: 'action' as const, ref: String(a.id) })), presenterPersonId: null, presenterAgencyId: null });
    }
    out.push({ title: 'Any other business', reason: 'Standing item', links: [], presenterPersonId: null, presenterAgencyId: null });
    return out;
  }

  private async item(m: MeetingRow, itemId: number) {
    const item = await this.repo.agendaItem(m.id, itemId);
    if (!item) throw new AppError('NOT_FOUND', 'That item is not on the agenda.');
    return item;
  }

  /** While the meeting runs, linking or unlinking a risk, challenge or objective changes who may edit it: re-check its editors. */
  private rechecks(m: MeetingRow, links: AgendaLink[]): MeetingResult['recheck'] {
    if (m.status !== 'in_progress') return [];
    return LENT_KINDS.flatMap((kind) => [...new Set(links.filter((l) => l.kind === kind).map((l) => Number(l.ref)))].map((id) => ({ kind, id })));
  }

  private async checkPresenter(m: MeetingRow, personId: number | null, agencyId: number | null): Promise<void> {
    if (personId !== null) await this.repo.person(m.partnershipId, personId, 'presenterPersonId');
    if (agencyId !== null) await this.repo.agency(m.partnershipId, agencyId, 'presenterAgencyId');
  }

  private async checkLinks(m: MeetingRow, links: AgendaLink[]): Promise<void> {
    const missing: Record<AgendaLink['kind'], (ref: string) => string> = {
      risk: () => 'No such risk in this partnership',
      action: (ref) => `No such action (${DIGITS.test(ref) ? actionReference(Number(ref)) : ref})`,
      mitigation: () => 'No such mitigation in this partnership',
      challenge: () => 'No such challenge in this partnership',
      objective: () => 'No such improvement plan objective in this partnership',
      indicator: () => 'No such scorecard indicator in this partnership',
    };
    for (const [i, l] of links.entries()) {
      if (await this.repo.linkTargetExists(m.partnershipId, l)) continue;
      const message = missing[l.kind](l.ref);
      throw new AppError('VALIDATION_FAILED', message, [{ path: `links.${i}.ref`, message }]);
    }
  }
}
