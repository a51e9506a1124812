import { and, eq, inArray } from 'drizzle-orm';
import {
  agencies,
  agendaItems,
  boards,
  challenges,
  evidenceItems,
  indicators,
  inspectionRecommendations,
  meetingActions,
  meetings,
  memberships,
  partnerships,
  people,
  planActions,
  planObjectives,
  planThemes,
  plans,
  risks,
} from '../../db/schema.js';
import { auditGroupOf, recordKindOf, type AuditRecordKind } from '../../../shared/domain/audit-actions.js';
import { cut, dateWords } from '../../../shared/domain/audit-changes.js';
import { plainObject, recordKey, wantedNames, type AuditNames, type AuditRecordName } from '../../../shared/domain/audit-names.js';
import { auditChanges, auditSentence } from '../../../shared/domain/audit-words.js';
import { challengeReference } from '../../../shared/domain/challenges.js';
import { actionReference } from '../../../shared/domain/meetings.js';
import { londonDay } from '../../../shared/domain/meeting-time.js';
import { riskReference } from '../../../shared/domain/scoring.js';
import type { AuditEntry } from '../../../shared/schemas/admin.js';
import { listAudit, type AuditFilter, type AuditRow } from '../../core/audit.js';
import type { ServiceContext } from '../../core/context.js';

const TITLE = 60;
const quote = (s: string) => `“${s}”`;

/**
 * The audit log as people read it (issue 16, item 6): a page of entries, each with its sentence, kind,
 * record (named, with its page) and changes in words. The names a page needs are read in one query per
 * kind of record, always within the partnership: an id of another partnership's record names nothing.
 */
export class AuditLog {
  constructor(private readonly ctx: ServiceContext) {}

  async page(partnershipId: number, filter: AuditFilter): Promise<AuditEntry[]> {
    const rows = await listAudit(this.ctx, partnershipId, filter);
    const names = await this.names(partnershipId, rows);
    return rows.map((row) => this.entry(row, names));
  }

  private entry(row: AuditRow, names: AuditNames): AuditEntry {
    const kind = recordKindOf(row.entityType);
    let record: AuditRecordName | null = kind && row.entityId !== null ? (names.records.get(recordKey(kind, row.entityId)) ?? null) : null;
    if (!record && kind === 'membership' && row.entityId !== null) record = this.goneSeat(row, names);
    return {
      ...row,
      sentence: auditSentence(row, names),
      group: auditGroupOf(row.action),
      record: record ? { kind: record.kind, id: record.id, label: record.label, link: record.link } : null,
      changes: auditChanges(row, names),
    };
  }

  /** A seat since removed is still named by whom it was and where, from the entry's own detail. */
  private goneSeat(row: AuditRow, names: AuditNames): AuditRecordName | null {
    const d = plainObject(row.detail);
    const person = typeof d?.['person'] === 'string' ? d['person'] : typeof d?.['personId'] === 'number' ? names.people.get(d['personId']) : undefined;
    const board = typeof d?.['boardId'] === 'number' ? names.boards.get(d['boardId']) : undefined;
    if (!person || !board) return null;
    const label = `${person} on ${board}`;
    return { kind: 'membership', id: row.entityId!, label, short: label, link: null };
  }

  private async names(partnershipId: number, rows: readonly AuditRow[]): Promise<AuditNames> {
    const want = wantedNames(rows);
    const db = this.ctx.db;
    const ids = (kind: AuditRecordKind) => [...(want.records.get(kind) ?? [])];
    const records = new Map<string, AuditRecordName>();
    const put = (r: AuditRecordName) => records.set(recordKey(r.kind, r.id), r);

    // Seats name their person and board: those are wanted too.
    const seatIds = ids('membership');
    const seats = seatIds.length === 0 ? [] : (await db.select({ id: memberships.id, boardId: memberships.boardId, personId: memberships.personId }).from(memberships).innerJoin(boards, eq(boards.id, memberships.boardId)).where(and(inArray(memberships.id, seatIds), eq(boards.partnershipId, partnershipId))).all());
    for (const s of seats) {
      want.people.add(s.personId);
      want.boards.add(s.boardId);
    }
    // A challenge's sentence names the agency it is directed to.
    const challengeIds = ids('challenge');
    const challengeRows = challengeIds.length === 0 ? [] : (await db.select({ id: challenges.id, number: challenges.number, title: challenges.title, agencyId: challenges.directedAgencyId }).from(challenges).where(and(inArray(challenges.id, challengeIds), eq(challenges.partnershipId, partnershipId))).all());
    for (const c of challengeRows) want.agencies.add(c.agencyId);
    for (const id of ids('person')) want.people.add(id);
    for (const id of ids('agency')) want.agencies.add(id);
    for (const id of ids('board')) want.boards.add(id);

    const named = <T extends { id: number; name: string }>(list: T[]) => new Map(list.map((r) => [r.id, r.name]));
    const peopleNames = want.people.size === 0 ? new Map<number, string>() : named((await db.select({ id: people.id, name: people.name }).from(people).where(and(inArray(people.id, [...want.people]), eq(people.partnershipId, partnershipId))).all()));
    const agencyNames = want.agencies.size === 0 ? new Map<number, string>() : named((await db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(and(inArray(agencies.id, [...want.agencies]), eq(agencies.partnershipId, partnershipId))).all()));
    const boardNames = want.boards.size === 0 ? new Map<number, string>() : named((await db.select({ id: boards.id, name: boards.name }).from(boards).where(and(inArray(boards.id, [...want.boards]), eq(boards.partnershipId, partnershipId))).all()));
    const items = want.items.size === 0 ? new Map<number, string>() : new Map((await db.select({ id: agendaItems.id, title: agendaItems.title }).from(agendaItems).innerJoin(meetings, eq(meetings.id, agendaItems.meetingId)).where(and(inArray(agendaItems.id, [...want.items]), eq(meetings.partnershipId, partnershipId))).all()).map((i) => [i.id, cut(i.title, TITLE)]));

    for (const c of challengeRows) {
      const ref = challengeReference(c.number);
      put({ kind: 'challenge', id: c.id, label: `${ref} ${cut(c.title, TITLE)}`, short: ref, link: `/challenges/${c.id}`, agency: agencyNames.get(c.agencyId) ?? null });
    }
    for (const s of seats) {
      const label = `${peopleNames.get(s.personId) ?? 'A person'} on ${boardNames.get(s.boardId) ?? 'a board'}`;
      put({ kind: 'membership', id: s.id, label, short: label, link: '/admin/memberships' });
    }
    for (const [id, name] of peopleNames) if (want.records.get('person')?.has(id)) put({ kind: 'person', id, label: name, short: name, link: '/admin/people' });
    for (const [id, name] of agencyNames) if (want.records.get('agency')?.has(id)) put({ kind: 'agency', id, label: name, short: name, link: '/admin/agencies' });
    for (const [id, name] of boardNames) if (want.records.get('board')?.has(id)) put({ kind: 'board', id, label: name, short: name, link: `/boards/${id}` });
    if (want.records.get('partnership')?.has(partnershipId)) {
      const p = await db.select({ name: partnerships.name }).from(partnerships).where(eq(partnerships.id, partnershipId)).get();
      if (p) put({ kind: 'partnership', id: partnershipId, label: p.name, short: p.name, link: '/admin/settings' });
    }

    const riskIds = ids('risk');
    if (riskIds.length > 0) {
      for (const r of (await db.select({ id: risks.id, number: risks.number, title: risks.title }).from(risks).where(and(inArray(risks.id, riskIds), eq(risks.partnershipId, partnershipId))).all())) {
        const ref = riskReference(r.number);
        put({ kind: 'risk', id: r.id, label: r.title ? `${ref} ${cut(r.title, TITLE)}` : ref, short: ref, link: `/risks/${r.id}` });
      }
    }
    const meetingIds = ids('meeting');
    if (meetingIds.length > 0) {
      for (const m of (await db.select({ id: meetings.id, title: meetings.title, startsAt: meetings.startsAt }).from(meetings).where(and(inArray(meetings.id, meetingIds), eq(meetings.partnershipId, partnershipId))).all())) {
        const label = `${cut(m.title, TITLE)} of ${dateWords(londonDay(m.startsAt))}`;
        put({ kind: 'meeting', id: m.id, label, short: label, link: `/meetings/${m.id}` });
      }
    }
    const actionIds = ids('action');
    if (actionIds.length > 0) {
      for (const a of (await db.select({ id: meetingActions.id, boardId: meetingActions.boardId, description: meetingActions.description }).from(meetingActions).where(and(inArray(meetingActions.id, actionIds), eq(meetingActions.partnershipId, partnershipId))).all())) {
        const ref = actionReference(a.id);
        put({ kind: 'action', id: a.id, label: `${ref} ${cut(a.description, TITLE)}`, short: ref, link: `/boards/${a.boardId}/actions` });
      }
    }
    const planIds = ids('plan');
    if (planIds.length > 0) {
      for (const p of (await db.select({ id: plans.id, title: plans.title }).from(plans).where(and(inArray(plans.id, planIds), eq(plans.partnershipId, partnershipId))).all())) {
        put({ kind: 'plan', id: p.id, label: cut(p.title, TITLE), short: quote(cut(p.title, TITLE)), link: `/plans/${p.id}` });
      }
    }
    const themeIds = ids('plan_theme');
    if (themeIds.length > 0) {
      for (const t of (await db.select({ id: planThemes.id, planId: planThemes.planId, title: planThemes.title }).from(planThemes).where(and(inArray(planThemes.id, themeIds), eq(planThemes.partnershipId, partnershipId))).all())) {
        put({ kind: 'plan_theme', id: t.id, label: cut(t.title, TITLE), short: quote(cut(t.title, TITLE)), link: `/plans/${t.planId}` });
      }
    }
    const objectiveIds = ids('plan_objective');
    if (objectiveIds.length > 0) {
      for (const o of (await db.select({ id: planObjectives.id, planId: planObjectives.planId, outcome: planObjectives.outcome }).from(planObjectives).where(and(inArray(planObjectives.id, objectiveIds), eq(planObjectives.partnershipId, partnershipId))).all())) {
        put({ kind: 'plan_objective', id: o.id, label: cut(o.outcome, TITLE), short: quote(cut(o.outcome, TITLE)), link: `/plans/${o.planId}/objectives/${o.id}` });
      }
    }
    const planActionIds = ids('plan_action');
    if (planActionIds.length > 0) {
      for (const a of (await db.select({ id: planActions.id, planId: planActions.planId, description: planActions.description }).from(planActions).where(and(inArray(planActions.id, planActionIds), eq(planActions.partnershipId, partnershipId))).all())) {
        put({ kind: 'plan_action', id: a.id, label: cut(a.description, TITLE), short: quote(cut(a.description, TITLE)), link: `/plans/${a.planId}/actions` });
      }
    }
    const recommendationIds = ids('inspection_recommendation');
    if (recommendationIds.length > 0) {
      for (const r of (await db.select({ id: inspectionRecommendations.id, number: inspectionRecommendations.number, text: inspectionRecommendations.text }).from(inspectionRecommendations).where(and(inArray(inspectionRecommendations.id, recommendationIds), eq(inspectionRecommendations.partnershipId, partnershipId))).all())) {
        put({ kind: 'inspection_recommendation', id: r.id, label: `Recommendation ${r.number}: ${cut(r.text, TITLE)}`, short: `recommendation ${r.number}`, link: `/recommendations/${r.id}` });
      }
    }
    const indicatorIds = ids('indicator');
    if (indicatorIds.length > 0) {
      for (const i of (await db.select({ id: indicators.id, name: indicators.name }).from(indicators).where(and(inArray(indicators.id, indicatorIds), eq(indicators.partnershipId, partnershipId))).all())) {
        put({ kind: 'indicator', id: i.id, label: cut(i.name, TITLE), short: quote(cut(i.name, TITLE)), link: `/indicators/${i.id}` });
      }
    }
    const evidenceIds = ids('evidence');
    if (evidenceIds.length > 0) {
      for (const e of (await db.select({ id: evidenceItems.id, title: evidenceItems.title }).from(evidenceItems).where(and(inArray(evidenceItems.id, evidenceIds), eq(evidenceItems.partnershipId, partnershipId))).all())) {
        put({ kind: 'evidence', id: e.id, label: cut(e.title, TITLE), short: quote(cut(e.title, TITLE)), link: null });
      }
    }
    return { people: peopleNames, agencies: agencyNames, boards: boardNames, items, records };
  }
}
