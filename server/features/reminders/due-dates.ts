import { longDate } from '../../../shared/domain/date-words.js';
import { and, eq, inArray, isNotNull, ne, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { meetingActions, mitigations, planActionLeads, planActions, risks } from '../../db/schema.js';
import { REMINDER_LEAD_DAYS, reminderState } from '../../../shared/domain/reminders.js';
import { actionReference } from '../../../shared/domain/meetings.js';
import { riskReference } from '../../../shared/domain/scoring.js';
import type { NotificationKind } from '../../../shared/schemas/mail.js';
import type { ServiceContext } from '../../core/context.js';

/** One dated obligation and who is reminded of it. */
export interface DueItem {
  partnershipId: number;
  to: number[];
  /** Unique among its source's items (with the date, the reminder's dedupe key). */
  key: string;
  dueDate: string;
  done: boolean;
  text: string;
  link: string;
}

/** Whose items: one person's in one partnership (their "Waiting for you"); everyone's when absent (the reminders' pass). */
export interface DueScope {
  partnershipId: number;
  personId: number;
}

/** A kind of dated obligation: its notification kinds, how far ahead, and the items open today. */
export interface DueSource {
  due: NotificationKind;
  overdue: NotificationKind;
  leadDays: number;
  items(ctx: ServiceContext, scope?: DueScope): Promise<DueItem[]>;
}

/** The scope's conditions on a table's partnership and person columns (none without a scope). */
const scoped = (scope: DueScope | undefined, partnership: SQLiteColumn, person: SQLiteColumn): SQL[] =>
  scope ? [eq(partnership, scope.partnershipId), eq(person, scope.personId)] : [];

const grouped = <T>(rows: T[], key: (r: T) => number, value: (r: T) => number) => {
  const map = new Map<number, number[]>();
  for (const r of rows) map.set(key(r), [...(map.get(key(r)) ?? []), value(r)]);
  return map;
};

/** The actions log's actions (from meetings): their owners. */
export const meetingActionsDue: DueSource = {
  due: 'action_due',
  overdue: 'action_overdue',
  leadDays: REMINDER_LEAD_DAYS.action,
  items: async (ctx, scope) =>
    (await ctx.db
      .select()
      .from(meetingActions)
      .where(and(ne(meetingActions.status, 'done'), ...scoped(scope, meetingActions.partnershipId, meetingActions.ownerId)))
      .all())
      .map((a) => ({ partnershipId: a.partnershipId, to: [a.ownerId], key: `meeting-action:${a.id}`, dueDate: a.dueDate, done: false, text: `${actionReference(a.id)} ${a.description.slice(0, 200)}`, link: `/boards/${a.boardId}/actions` })),
};

/** The improvement plan's actions: their lead officers. */
export const planActionsDue: DueSource = {
  due: 'action_due',
  overdue: 'action_overdue',
  leadDays: REMINDER_LEAD_DAYS.action,
  items: async (ctx, scope) => {
    const led = scope ? inArray(planActions.id, ctx.db.select({ id: planActionLeads.actionId }).from(planActionLeads).where(eq(planActionLeads.personId, scope.personId))) : undefined;
    const open = await ctx.db
      .select()
      .from(planActions)
      .where(and(isNotNull(planActions.dueDate), ne(planActions.status, 'completed'), ...(scope ? [eq(planActions.partnershipId, scope.partnershipId)] : []), led))
      .all();
    if (open.length === 0) return [];
    const leads = grouped((await ctx.db.select().from(planActionLeads).where(inArray(planActionLeads.actionId, open.map((a) => a.id))).all()), (l) => l.actionId, (l) => l.personId);
    return open.map((a) => ({ partnershipId: a.partnershipId, to: leads.get(a.id) ?? [], key: `plan-action:${a.id}`, dueDate: a.dueDate!, done: false, text: a.description.slice(0, 200), link: `/plans/${a.planId}/actions` }));
  },
};

/** Mitigations of open risks: their owners. */
export const mitigationsDue: DueSource = {
  due: 'mitigation_due',
  overdue: 'mitigation_overdue',
  leadDays: REMINDER_LEAD_DAYS.mitigation,
  items: async (ctx, scope) =>
    (await ctx.db
      .select({ id: mitigations.id, riskId: mitigations.riskId, ownerId: mitigations.ownerId, dueDate: mitigations.dueDate, status: mitigations.status, action: mitigations.action, partnershipId: risks.partnershipId, number: risks.number })
      .from(mitigations)
      .innerJoin(risks, eq(risks.id, mitigations.riskId))
      .where(and(eq(risks.status, 'open'), isNotNull(mitigations.ownerId), isNotNull(mitigations.dueDate), ne(mitigations.status, 'complete'), ...scoped(scope, risks.partnershipId, mitigations.ownerId)))
      .all())
      .map((m) => ({ partnershipId: m.partnershipId, to: [m.ownerId!], key: `mitigation:${m.id}`, dueDate: m.dueDate!, done: false, text: `${riskReference(m.number)}: ${m.action.slice(0, 160)}`, link: `/risks/${m.riskId}` })),
};

/** Open risks' reviews: their owners. */
export const reviewsDue: DueSource = {
  due: 'review_due',
  overdue: 'review_overdue',
  leadDays: REMINDER_LEAD_DAYS.review,
  items: async (ctx, scope) =>
    (await ctx.db
      .select()
      .from(risks)
      .where(and(eq(risks.status, 'open'), isNotNull(risks.ownerId), isNotNull(risks.nextReviewDate), ...scoped(scope, risks.partnershipId, risks.ownerId)))
      .all())
      .map((r) => ({ partnershipId: r.partnershipId, to: [r.ownerId!], key: `review:${r.id}`, dueDate: r.nextReviewDate!, done: false, text: `${riskReference(r.number)} ${r.title}: review`, link: `/risks/${r.id}` })),
};

export const DUE_SOURCES: readonly DueSource[] = [meetingActionsDue, planActionsDue, mitigationsDue, reviewsDue];

/** Today's reminder of an item, if any: kind, words, and the key that makes it once-only. */
export function reminderFor(source: DueSource, item: DueItem, today: string): { kind: NotificationKind; text: string; dedupeKey: string } | null {
  const state = reminderState(item.dueDate, today, source.leadDays, item.done);
  if (!state) return null;
  const text = state === 'due' ? `${item.text}: due ${longDate(item.dueDate)}` : `${item.text}: was due ${longDate(item.dueDate)}`;
  return { kind: state === 'due' ? source.due : source.overdue, text, dedupeKey: `${state}:${item.key}:${item.dueDate}` };
}
