import { longDate } from '../../../shared/domain/date-words.js';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { agendaItems, evidenceItems, meetingPapers, people } from '../../db/schema.js';
import { paperState } from '../../../shared/domain/papers.js';
import { meetingAccess } from '../../../shared/domain/meetings.js';
import { loadActor } from '../../core/actors.js';
import type { Actor } from '../../../shared/domain/permissions.js';
import { AppError } from '../../../shared/errors.js';
import type { AddPaperPayload, PaperView } from '../../../shared/schemas/meeting.js';
import { writeAudit } from '../../core/audit.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import { referencedPerson, refused } from '../../core/references.js';
import type { Delivery, NotificationService } from '../notifications/index.js';
import type { MeetingResult } from './guard.js';
import type { MeetingRow } from './queries.js';
import type { MeetingService } from './service.js';

/** The meeting's papers, as the board room sees them (in agenda order, then as added). */
export async function papersOf(ctx: ServiceContext, meetingId: number, papersDeadline: string): Promise<PaperView[]> {
  return (await ctx.db
    .select({ p: meetingPapers, authorName: people.name, fileName: evidenceItems.fileName })
    .from(meetingPapers)
    .innerJoin(agendaItems, eq(agendaItems.id, meetingPapers.itemId))
    .leftJoin(people, eq(people.id, meetingPapers.authorPersonId))
    .leftJoin(evidenceItems, eq(evidenceItems.id, meetingPapers.evidenceId))
    .where(and(eq(meetingPapers.meetingId, meetingId), isNull(meetingPapers.removedAt), eq(agendaItems.removed, false)))
    .orderBy(asc(agendaItems.position), asc(meetingPapers.position), asc(meetingPapers.id))
    .all())
    .map(({ p, authorName, fileName }) => ({
      id: p.id,
      itemId: p.itemId,
      title: p.title,
      authorPersonId: p.authorPersonId,
      authorName,
      evidenceId: p.evidenceId,
      fileName,
      receivedAt: p.receivedAt,
      state: paperState(papersDeadline, p.receivedAt, ctx.clock()),
    }));
}

/**
 * Papers for agenda items (issue 14 item 3): whoever runs the meeting adds a paper (its file from the
 * evidence store, or expected from its author, who is told) and removes one; the author, or whoever
 * runs the meeting, attaches the file when it is ready. When it arrived against the meeting's papers
 * deadline says whether it was late. Signed-off minutes freeze the papers with them.
 */
export class PaperService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly meetings: MeetingService,
    private readonly notifications: NotificationService | null,
  ) {}

  async add(actor: Actor, p: AddPaperPayload): Promise<MeetingResult> {
    const m = await this.meetings.guard.chair(actor, p.meetingId, 'add paper');
    await this.item(m, p.itemId);
    const author = p.authorPersonId === null ? null : (await referencedPerson(this.ctx, m.partnershipId, p.authorPersonId, 'authorPersonId'));
    // The author attaches the file from the meeting's page: they must be able to open it.
    const authorActor = author ? (await loadActor(this.ctx, author.id)) : null;
    if (author && (!authorActor || meetingAccess(authorActor, m) === 'none')) throw refused('authorPersonId', 'Not on the board', 'The paper’s author must sit on the board (or be an administrator) to attach it.');
    if (p.evidenceId !== null) await this.evidenceFile(m.partnershipId, p.evidenceId, 'evidenceId');
    const at = isoAt(this.ctx.clock);
    let delivery: Delivery = [];
    await this.ctx.database.transaction(async () => {
      const row = await this.ctx.db
        .insert(meetingPapers)
        .values({ partnershipId: m.partnershipId, meetingId: m.id, itemId: p.itemId, title: p.title, evidenceId: p.evidenceId, authorPersonId: author?.id ?? null, addedBy: actor.personId, addedAt: at, receivedAt: p.evidenceId === null ? null : at })
        .returning()
        .get();
      await writeAudit(this.ctx, { partnershipId: m.partnershipId, actorId: actor.personId, action: 'paper.add', entityType: 'meeting', entityId: m.id, detail: { paperId: row.id, itemId: p.itemId, title: p.title, authorPersonId: row.authorPersonId, evidenceId: p.evidenceId } });
      // The author is asked for the paper, with the deadline, unless they asked themselves or it is in.
      if (author && p.evidenceId === null && author.id !== actor.personId && this.notifications) {
        delivery = await this.notifications.notify([author.id], { partnershipId: m.partnershipId, kind: 'paper_requested', challengeId: null, text: `Paper “${p.title}” for ${m.title}: due by ${longDate(m.papersDeadline)}`, link: `/meetings/${m.id}` });
      }
    });
    this.notifications?.deliver(delivery);
    return this.meetings.changed('addPaper', m);
  }

  async attach(actor: Actor, p: { meetingId: number; paperId: number; evidenceId: number }): Promise<MeetingResult> {
    const m = await this.meetings.guard.visible(actor, p.meetingId);
    const paper = await this.paper(m, p.paperId);
    const runs = await this.meetings.guard.chair(actor, p.meetingId, 'attach paper').then(
      () => true,
      (err: unknown) => {
        if (paper.authorPersonId === actor.personId && err instanceof AppError && err.code === 'FORBIDDEN') return false;
        throw err;
      },
    );
    if (!runs) await this.meetings.guard.unfrozen(actor, m, 'attach paper');
    await this.evidenceFile(m.partnershipId, p.evidenceId, 'evidenceId');
    const at = isoAt(this.ctx.clock);
    await this.ctx.database.transaction(async () => {
      await this.ctx.db.update(meetingPapers).set({ evidenceId: p.evidenceId, receivedAt: at }).where(eq(meetingPapers.id, paper.id)).run();
      await writeAudit(this.ctx, { partnershipId: m.partnershipId, actorId: actor.personId, action: 'paper.attach', entityType: 'meeting', entityId: m.id, detail: { paperId: paper.id, evidenceId: p.evidenceId, replaced: paper.evidenceId } });
    });
    return this.meetings.changed('attachPaper', m);
  }

  async remove(actor: Actor, p: { meetingId: number; paperId: number }): Promise<MeetingResult> {
    const m = await this.meetings.guard.chair(actor, p.meetingId, 'remove paper');
    const paper = await this.paper(m, p.paperId);
    await this.ctx.database.transaction(async () => {
      await this.ctx.db.update(meetingPapers).set({ removedAt: isoAt(this.ctx.clock), removedBy: actor.personId }).where(eq(meetingPapers.id, paper.id)).run();
      await writeAudit(this.ctx, { partnershipId: m.partnershipId, actorId: actor.personId, action: 'paper.remove', entityType: 'meeting', entityId: m.id, detail: { paperId: paper.id, title: paper.title } });
    });
    return this.meetings.changed('removePaper', m);
  }

  private async item(m: MeetingRow, itemId: number): Promise<void> {
    const item = await this.ctx.db.select({ id: agendaItems.id }).from(agendaItems).where(and(eq(agendaItems.id, itemId), eq(agendaItems.meetingId, m.id), eq(agendaItems.removed, false))).get();
    if (!item) throw refused('itemId', 'Not an item of this meeting', 'That item is not on the agenda.');
  }

  private async paper(m: MeetingRow, paperId: number) {
    const paper = await this.ctx.db.select().from(meetingPapers).where(and(eq(meetingPapers.id, paperId), eq(meetingPapers.meetingId, m.id), isNull(meetingPapers.removedAt))).get();
    if (!paper) throw new AppError('NOT_FOUND', 'Paper not found.');
    return paper;
  }

  /** A paper is a file of the partnership's evidence store, not removed. */
  private async evidenceFile(partnershipId: number, evidenceId: number, path: string): Promise<void> {
    const item = await this.ctx.db.select({ form: evidenceItems.form, removedAt: evidenceItems.removedAt }).from(evidenceItems).where(and(eq(evidenceItems.id, evidenceId), eq(evidenceItems.partnershipId, partnershipId))).get();
    if (!item || item.removedAt !== null) throw refused(path, 'Unknown evidence', 'The file named is not in this partnership’s evidence.');
    if (item.form !== 'file') throw refused(path, 'Not a file', 'A paper is a file: upload it to the evidence store first.');
  }
}

