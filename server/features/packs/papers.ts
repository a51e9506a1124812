import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import { agendaItems } from '../../db/schema-meetings.js';
import { evidenceFiles, evidenceItems } from '../../db/schema-evidence.js';
import { meetingPapers } from '../../db/schema-packs.js';
import type { ServiceContext } from '../../core/context.js';

/** A paper a pack merges: a PDF of the evidence store attached to one of the meeting's agenda items. */
export interface PackPaper {
  id: number;
  itemId: number;
  title: string;
}

/**
 * The papers of a meeting that a pack carries, in the agenda's order (then each item's own order): only
 * those whose file has arrived, is a PDF (as detected from its bytes at upload) and has not been removed
 * from the meeting or from the evidence store. Other papers are listed by the item but not merged.
 */
export class PaperQueries {
  constructor(private readonly ctx: ServiceContext) {}

  async list(partnershipId: number, meetingId: number): Promise<PackPaper[]> {
    return (await this.select(partnershipId, meetingId, false)).map(({ id, itemId, title }) => ({ id, itemId, title }));
  }

  /** The same papers with their files' bytes, for merging. */
  async withBytes(partnershipId: number, meetingId: number): Promise<(PackPaper & { bytes: Uint8Array })[]> {
    return (await this.select(partnershipId, meetingId, true)).map(({ id, itemId, title, bytes }) => ({ id, itemId, title, bytes: new Uint8Array(bytes!) }));
  }

  private async select(partnershipId: number, meetingId: number, bytes: boolean) {
    const query = this.ctx.db
      .select({ id: meetingPapers.id, itemId: meetingPapers.itemId, title: meetingPapers.title, ...(bytes ? { bytes: evidenceFiles.bytes } : {}) })
      .from(meetingPapers)
      .innerJoin(agendaItems, and(eq(agendaItems.id, meetingPapers.itemId), eq(agendaItems.meetingId, meetingPapers.meetingId)))
      // The file is the partnership's own: a paper row can never reach another partnership's evidence.
      .innerJoin(evidenceItems, and(eq(evidenceItems.id, meetingPapers.evidenceId), eq(evidenceItems.partnershipId, meetingPapers.partnershipId)))
      .innerJoin(evidenceFiles, eq(evidenceFiles.evidenceId, evidenceItems.id))
      .where(
        and(
          eq(meetingPapers.partnershipId, partnershipId),
          eq(meetingPapers.meetingId, meetingId),
          isNotNull(meetingPapers.evidenceId),
          isNull(meetingPapers.removedAt),
          isNull(evidenceItems.removedAt),
          eq(agendaItems.removed, false),
          eq(evidenceItems.contentType, 'application/pdf'),
        ),
      )
      .orderBy(asc(agendaItems.position), asc(meetingPapers.position), asc(meetingPapers.id));
    return (await query.all()) as { id: number; itemId: number; title: string; bytes?: Buffer }[];
  }
}
