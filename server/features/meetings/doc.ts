import { and, eq, inArray, ne } from 'drizzle-orm';
import type * as Y from 'yjs';
import { agendaItems, meetingDecisions, meetings } from '../../db/schema.js';
import { AppError } from '../../../shared/errors.js';
import { meetingAccess } from '../../../shared/domain/meetings.js';
import { MeetingDocInvalid, itemsWritten, readMeetingDoc, type MeetingDocState } from '../../../shared/docs/meeting-doc.js';
import { writeAudit } from '../../core/audit.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import { DocRejected, type DocKindHandler } from '../../realtime/yjs/doc-kind.js';
import type { MeetingCommitReads } from './queries.js';

/**
 * `meeting:<id>`: the notes of each agenda item, its draft decisions and the summary, typed together.
 * Board members (and deputies, admins) edit until the minutes are signed off; observers read; from
 * sign-off on, everyone reads. Each accepted update projects notes and decisions into SQLite in the
 * transaction that stores it, so the minutes are composed from rows, never by opening the doc.
 */
export function meetingDocHandler(ctx: ServiceContext, queries: MeetingCommitReads): DocKindHandler<MeetingDocState> {
  return {
    partnershipOf: async (name) => (await queries.row(name.id))?.partnershipId ?? null,
    access: async (actor, name) => {
      const m = name.part ? null : await queries.row(name.id);
      return m ? meetingAccess(actor, m) : 'none';
    },
    read: (doc: Y.Doc) => {
      try {
        return readMeetingDoc(doc);
      } catch (err) {
        if (err instanceof MeetingDocInvalid) throw new DocRejected(err.issues);
        throw err;
      }
    },
    accept: async ({ name, before, after }) => {
      // Notes and decisions are written per agenda item: only items of this meeting may get them.
      const known = new Set(itemsWritten(before));
      const added = itemsWritten(after).filter((id) => !known.has(id));
      if (added.length > 0) {
        const mine = new Set((await ctx.db.select({ id: agendaItems.id }).from(agendaItems).where(and(eq(agendaItems.meetingId, name.id), inArray(agendaItems.id, added))).all()).map((i) => i.id));
        const foreign = added.filter((id) => !mine.has(id));
        if (foreign.length > 0) throw new DocRejected(foreign.map((id) => `item ${id}: not an agenda item of this meeting`));
      }
      // A decision id names one decision of the register: one already used by another meeting is refused,
      // or the doc would show a decision the minutes never get.
      const had = new Set(Object.values(before.decisions).flatMap((d) => Object.keys(d)));
      const fresh = Object.values(after.decisions).flatMap((d) => Object.keys(d)).filter((id) => !had.has(id));
      if (fresh.length === 0) return;
      const taken = await ctx.db.select({ id: meetingDecisions.id }).from(meetingDecisions).where(and(inArray(meetingDecisions.id, fresh), ne(meetingDecisions.meetingId, name.id))).all();
      if (taken.length > 0) throw new DocRejected(taken.map((d) => `decision ${d.id}: the id is already used`));
    },
    admit: async ({ name, editorId }) => {
      const m = (await queries.row(name.id))!;
      if (m.status !== 'signed_off') return;
      // Connections are made read-only at sign-off; this catches anything already in flight.
      await writeAudit(ctx, { partnershipId: m.partnershipId, actorId: editorId, action: 'meeting.edit_refused', entityType: 'meeting', entityId: m.id, detail: { attempted: 'meeting doc update', reason: 'minutes signed off' } });
      throw new AppError('CONFLICT', 'The minutes are signed off.');
    },
    project: async ({ name, editorId, before, after }) => {
      const m = (await queries.row(name.id))!;
      const at = isoAt(ctx.clock);
      if (before.summary !== after.summary) await ctx.db.update(meetings).set({ summary: after.summary }).where(eq(meetings.id, m.id)).run();
      const itemIds = new Set(
        (await ctx.db.select({ id: agendaItems.id }).from(agendaItems).where(eq(agendaItems.meetingId, m.id)).all()).map((i) => i.id),
      );
      for (const [key, text] of Object.entries(after.notes)) {
        const itemId = Number(key);
        if (itemIds.has(itemId) && before.notes[itemId] !== text) await ctx.db.update(agendaItems).set({ notes: text }).where(eq(agendaItems.id, itemId)).run();
      }
      let decisionSetChanged = false;
      const seen = new Set<string>();
      for (const [key, decisions] of Object.entries(after.decisions)) {
        const itemId = Number(key);
        if (!itemIds.has(itemId)) continue;
        for (const [id, text] of Object.entries(decisions)) {
          seen.add(id);
          const old = before.decisions[itemId]?.[id];
          if (old === text) continue;
          // A decision moved to another item keeps its row: the item is updated with the text.
          if (old === undefined) decisionSetChanged = true;
          await ctx.db
            .insert(meetingDecisions)
            .values({ id, meetingId: m.id, itemId, text, createdBy: editorId, createdAt: at, updatedAt: at })
            .onConflictDoUpdate({ target: meetingDecisions.id, set: { text, itemId, updatedAt: at }, setWhere: eq(meetingDecisions.meetingId, m.id) })
            .run();
        }
      }
      const removed = Object.values(before.decisions).flatMap((d) => Object.keys(d)).filter((id) => !seen.has(id));
      if (removed.length > 0) {
        decisionSetChanged = true;
        await ctx.db.delete(meetingDecisions).where(and(eq(meetingDecisions.meetingId, m.id), inArray(meetingDecisions.id, removed))).run();
      }
      // Typing in notes is carried by Yjs itself; only a new or removed decision changes what lists show.
      return { changed: decisionSetChanged ? { partnershipId: m.partnershipId, kind: 'meeting' as const, ids: [m.id] } : null };
    },
  };
}
