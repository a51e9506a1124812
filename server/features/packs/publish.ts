import { and, desc, eq } from 'drizzle-orm';
import { meetingPacks, people } from '../../db/schema.js';
import { packChanges, type PackSnapshot } from '../../../shared/domain/pack-changes.js';
import type { Actor } from '../../../shared/domain/permissions.js';
import { todayIn } from '../../../shared/domain/scoring.js';
import { AppError } from '../../../shared/errors.js';
import type { PackChangesView, PackVersionView } from '../../../shared/schemas/packs.js';
import { writeAudit } from '../../core/audit.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import type { Delivery, NotificationService } from '../notifications/index.js';
import type { PackReaders } from './pack-data.js';
import type { PackService } from './service.js';

/**
 * Publishing a board pack (issue 14 item 3): whoever runs the meeting publishes it; its PDF is printed
 * then and kept, exactly as members received it, as a numbered version; what it showed of the
 * register, the plan and the scorecard is kept beside it, so the meeting can ask what has moved since.
 * The board's members are told.
 */
export class PackPublisher {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly packs: PackService,
    private readonly readers: PackReaders,
    private readonly notifications: NotificationService,
  ) {}

  async publish(actor: Actor, meetingId: number): Promise<PackVersionView> {
    const m = await this.readers.meetings.guard.chair(actor, meetingId, 'publish pack');
    // Printed before anything is stored: without Chromium (PDF_UNAVAILABLE) nothing is published.
    const file = await this.packs.packPdf(actor, meetingId);
    const snapshot = await this.snapshot(actor, m.boardId);
    const members = (await this.readers.meetings.detail(actor, meetingId)).attendance.map((a) => a.personId).filter((id) => id !== actor.personId);
    const at = isoAt(this.ctx.clock);
    let delivery: Delivery = [];
    const version = await this.ctx.database.transaction(async () => {
      const last = await this.ctx.db.select({ v: meetingPacks.version }).from(meetingPacks).where(eq(meetingPacks.meetingId, meetingId)).orderBy(desc(meetingPacks.version)).limit(1).get();
      const v = (last?.v ?? 0) + 1;
      await this.ctx.db.insert(meetingPacks).values({ partnershipId: m.partnershipId, meetingId, version: v, publishedAt: at, publishedBy: actor.personId, pdf: Buffer.from(file.bytes), pages: file.pages, snapshot }).run();
      await writeAudit(this.ctx, { partnershipId: m.partnershipId, actorId: actor.personId, action: 'pack.publish', entityType: 'meeting', entityId: meetingId, detail: { version: v, pages: file.pages } });
      delivery = await this.notifications.notify(members, { partnershipId: m.partnershipId, kind: 'pack_published', challengeId: null, text: `The board pack for ${m.title} is published${v > 1 ? ` (version ${v})` : ''}`, link: `/meetings/${meetingId}` });
      return v;
    });
    this.notifications.deliver(delivery);
    return this.versions(actor, meetingId).then((all) => all.find((p) => p.version === version)!);
  }

  /** The meeting's published packs, newest first, for whoever may read the meeting. */
  async versions(actor: Actor, meetingId: number): Promise<PackVersionView[]> {
    await this.readers.meetings.guard.visible(actor, meetingId);
    return (await this.ctx.db
      .select({ version: meetingPacks.version, publishedAt: meetingPacks.publishedAt, publishedByName: people.name, pages: meetingPacks.pages })
      .from(meetingPacks)
      .leftJoin(people, eq(people.id, meetingPacks.publishedBy))
      .where(and(eq(meetingPacks.meetingId, meetingId), eq(meetingPacks.partnershipId, actor.partnershipId)))
      .orderBy(desc(meetingPacks.version))
      .all())
      .map((p) => ({ meetingId, ...p }));
  }

  /** A published pack's PDF, as it was published. */
  async pdf(actor: Actor, meetingId: number, version: number): Promise<{ bytes: Buffer; pages: number; fileName: string }> {
    await this.readers.meetings.guard.visible(actor, meetingId);
    const row = await this.ctx.db.select({ pdf: meetingPacks.pdf, pages: meetingPacks.pages }).from(meetingPacks).where(and(eq(meetingPacks.meetingId, meetingId), eq(meetingPacks.partnershipId, actor.partnershipId), eq(meetingPacks.version, version))).get();
    if (!row) throw new AppError('NOT_FOUND', 'No such version of the pack.');
    return { bytes: row.pdf, pages: row.pages, fileName: `board-pack-meeting-${meetingId}-version-${version}.pdf` };
  }

  /** What has moved in the register, plan and scorecard since the latest published pack. */
  async changes(actor: Actor, meetingId: number): Promise<PackChangesView> {
    const m = await this.readers.meetings.guard.visible(actor, meetingId);
    const latest = await this.ctx.db.select({ version: meetingPacks.version, snapshot: meetingPacks.snapshot }).from(meetingPacks).where(and(eq(meetingPacks.meetingId, meetingId), eq(meetingPacks.partnershipId, actor.partnershipId))).orderBy(desc(meetingPacks.version)).limit(1).get();
    const asOf = todayIn(this.ctx.clock());
    if (!latest) return { published: null, changes: [], asOf };
    const published = (await this.versions(actor, meetingId)).find((v) => v.version === latest.version)!;
    return { published, changes: packChanges(latest.snapshot as PackSnapshot, await this.snapshot(actor, m.boardId)), asOf };
  }

  /** The board's open register, its plans' objectives and the scorecard, as the pack's person sees them. */
  private async snapshot(actor: Actor, boardId: number): Promise<PackSnapshot> {
    const { partnershipId } = actor;
    const risks = await this.readers.risks.list(partnershipId, { status: 'open', boardId });
    const objectives = await this.readers.plans.objectivesOfBoard(partnershipId, boardId);
    const indicators = await this.readers.scorecard.list(actor);
    return {
      risks: Object.fromEntries(risks.map((r) => [String(r.id), { reference: r.reference, title: r.title, score: r.current.score, status: r.status, escalatedTo: r.escalatedToBoardName, aboveTolerance: r.aboveTolerance }])),
      objectives: Object.fromEntries(objectives.map((o) => [String(o.id), { outcome: o.outcome, rag: o.rag?.rag ?? null }])),
      indicators: Object.fromEntries(indicators.map((i) => [String(i.id), { name: i.name, latest: i.latest ? `${i.latest.value} (${i.latest.period})` : null, rag: i.rag }])),
    };
  }
}
