import { AppError } from '../../../shared/errors.js';
import { canAddEvidence, canEditEvidence, canReadEvidence } from '../../../shared/domain/evidence-permissions.js';
import type { Actor } from '../../../shared/domain/permissions.js';
import {
  EVIDENCE_LINK_FIELDS,
  type AddEvidenceLinkPayload,
  type AddEvidenceNotePayload,
  type EvidenceLinkIds,
  type EvidenceQuery,
  type EvidenceRef,
  type EvidenceUploadFields,
  type EvidenceView,
  type UpdateEvidencePayload,
} from '../../../shared/schemas/evidence.js';
import { loadActor } from '../../core/actors.js';
import { isoAt, type ServiceContext } from '../../core/context.js';
import type { EvidenceQueries } from './queries.js';
import type { EvidenceRecord, EvidenceRepository } from './repo.js';
import { UploadGate } from '../../http/upload-gate.js';

const ADDERS = 'Only a chair, vice-chair, member or deputy of a board of the partnership, or an administrator, can add evidence.';
const EDITORS = 'Only whoever added the evidence, a board chair, or an administrator, can change or remove it.';

/** A file as uploaded: its name, its content type detected from its bytes, and the bytes. */
export interface UploadedFile {
  name: string;
  contentType: string;
  bytes: Buffer;
}

function linkIds(p: EvidenceLinkIds): EvidenceLinkIds {
  return { objectiveIds: p.objectiveIds, actionIds: p.actionIds, recommendationIds: p.recommendationIds, riskIds: p.riskIds, challengeIds: p.challengeIds };
}

/**
 * The evidence store (issue 12 §4): files, links and notes of impact, authorised by
 * shared/domain/evidence-permissions.ts, each written with its audit row; every download is on the
 * record too. Removal is soft: the item leaves the lists and stays in the database and the audit log.
 */
export class EvidenceService {
  /** Uploads being read (held in memory) now, per person and for the process. */
  readonly uploads = new UploadGate();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: EvidenceRepository,
    readonly queries: EvidenceQueries,
  ) {}

  /**
   * Every change is announced as "evidence.changed" (pushed to the partnership as "evidence:changed").
   * A recommendation's page shows its evidence, and it follows "plan:changed" too: evidence that bears on
   * the plan (linked to a recommendation, an objective or an action, now or before a change) is
   * announced as a change of the partnership's plans, once written.
   */
  private async announce(partnershipId: number, links: Partial<EvidenceLinkIds> | null): Promise<void> {
    // Every open evidence list of the partnership (the store, a plan's objectives) reads again.
    this.ctx.bus.emit('evidence.changed', { partnershipId });
    if (links && !links.recommendationIds?.length && !links.objectiveIds?.length && !links.actionIds?.length) return;
    for (const planId of await this.repo.planIds(partnershipId)) this.ctx.bus.emit('plan.changed', { partnershipId, planId });
  }

  async list(actor: Actor, query: EvidenceQuery = {}): Promise<EvidenceView[]> {
    if (!canReadEvidence(actor, actor.partnershipId)) throw new AppError('NOT_FOUND', 'Partnership not found.');
    return this.queries.list(actor, query);
  }

  private async view(actor: Actor, id: number): Promise<EvidenceView> {
    return (await this.queries.list(actor, {}, [id]))[0]!;
  }

  /**
   * The uploader as they are once a (possibly long) body has arrived: the session must still be there
   * and their authority is read again, as a command's is, so a sign-out, a disabling or a lost seat
   * during an upload stores nothing.
   */
  async uploaderNow(personId: number, tokenHash: string): Promise<Actor> {
    const actor = (await this.repo.sessionLive(tokenHash, this.ctx.clock())) ? (await loadActor(this.ctx, personId)) : null;
    if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
    this.mayAdd(actor);
    return actor;
  }

  /** May this person add evidence at all? Asked before an upload's body is read. */
  mayAdd(actor: Actor): void {
    if (!canAddEvidence(actor, actor.partnershipId)) throw new AppError('FORBIDDEN', ADDERS);
  }

  async upload(actor: Actor, fields: EvidenceUploadFields, file: UploadedFile): Promise<EvidenceView> {
    this.mayAdd(actor);
    const at = isoAt(this.ctx.clock);
    const row = await this.repo.create(
      { partnershipId: actor.partnershipId, title: fields.title, date: fields.date, kind: fields.kind, form: 'file', fileName: file.name, contentType: file.contentType, size: file.bytes.length, addedById: actor.personId, addedAt: at, updatedAt: at },
      linkIds(fields),
      file.bytes,
      { partnershipId: actor.partnershipId, actorId: actor.personId, action: 'evidence.upload', entityType: 'evidence', detail: { title: fields.title, kind: fields.kind, fileName: file.name, contentType: file.contentType, size: file.bytes.length, ...linkIds(fields) } },
    );
    await this.announce(actor.partnershipId, fields);
    return this.view(actor, row.id);
  }

  async addLink(actor: Actor, p: AddEvidenceLinkPayload): Promise<EvidenceView> {
    return this.addWithoutFile(actor, p, { form: 'link', url: p.url }, 'evidence.add_link');
  }

  async addNote(actor: Actor, p: AddEvidenceNotePayload): Promise<EvidenceView> {
    return this.addWithoutFile(actor, p, { form: 'note', note: p.note }, 'evidence.add_note');
  }

  /** A link or a note: one row, its links and its audit line in one unit of work, then announced. */
  private async addWithoutFile(
    actor: Actor,
    p: AddEvidenceLinkPayload | AddEvidenceNotePayload,
    what: { form: 'link'; url: string } | { form: 'note'; note: string },
    action: 'evidence.add_link' | 'evidence.add_note',
  ): Promise<EvidenceView> {
    this.mayAdd(actor);
    const at = isoAt(this.ctx.clock);
    const row = await this.repo.create(
      { partnershipId: actor.partnershipId, title: p.title, date: p.date, kind: p.kind, ...what, addedById: actor.personId, addedAt: at, updatedAt: at },
      linkIds(p),
      null,
      { partnershipId: actor.partnershipId, actorId: actor.personId, action, entityType: 'evidence', detail: p },
    );
    await this.announce(actor.partnershipId, p);
    return this.view(actor, row.id);
  }


  /** An item still in the lists, that this person may change. */
  private async editable(actor: Actor, evidenceId: number): Promise<EvidenceRecord> {
    const row = await this.repo.item(actor.partnershipId, evidenceId);
    if (!row || row.removedAt !== null) throw new AppError('NOT_FOUND', 'Evidence not found.');
    if (!canEditEvidence(actor, row)) throw new AppError('FORBIDDEN', EDITORS);
    return row;
  }

  async update(actor: Actor, p: UpdateEvidencePayload): Promise<EvidenceView> {
    const row = await this.editable(actor, p.evidenceId);
    const patch: Partial<Pick<EvidenceRecord, 'title' | 'date' | 'kind'>> = {};
    const changed: Record<string, unknown> = {};
    for (const key of ['title', 'date', 'kind'] as const) {
      const to = p[key];
      if (to !== undefined && to !== row[key]) {
        (patch as Record<string, unknown>)[key] = to;
        changed[key] = { from: row[key], to };
      }
    }
    const links: Partial<EvidenceLinkIds> = {};
    for (const field of Object.values(EVIDENCE_LINK_FIELDS)) {
      if (p[field] === undefined) continue;
      links[field] = p[field];
      changed[field] = p[field];
    }
    if (Object.keys(changed).length === 0) throw new AppError('VALIDATION_FAILED', 'Nothing to change.', [{ path: '', message: 'Name at least one field to change' }]);
    await this.repo.update(row, { ...patch, updatedAt: isoAt(this.ctx.clock) }, links, { partnershipId: row.partnershipId, actorId: actor.personId, action: 'evidence.update', entityType: 'evidence', entityId: row.id, detail: changed });
    // Its links before the change are not at hand here: any change is announced.
    await this.announce(row.partnershipId, null);
    return this.view(actor, row.id);
  }

  /** Answers the item as it stood, now removed (it is in no list any more). */
  async remove(actor: Actor, p: EvidenceRef): Promise<EvidenceView> {
    const row = await this.editable(actor, p.evidenceId);
    const before = await this.view(actor, row.id);
    const at = isoAt(this.ctx.clock);
    await this.repo.update(row, { removedAt: at, removedById: actor.personId, updatedAt: at }, {}, { partnershipId: row.partnershipId, actorId: actor.personId, action: 'evidence.remove', entityType: 'evidence', entityId: row.id, detail: { title: row.title } });
    await this.announce(row.partnershipId, null);
    return before;
  }

  /** A file to download: the partnership's, not removed; the download goes on the record. */
  async download(actor: Actor, evidenceId: number): Promise<{ name: string; contentType: string; bytes: Buffer }> {
    if (!canReadEvidence(actor, actor.partnershipId)) throw new AppError('NOT_FOUND', 'Evidence not found.');
    const row = await this.repo.item(actor.partnershipId, evidenceId);
    const bytes = row && row.form === 'file' && row.removedAt === null ? await this.repo.bytes(row.id) : null;
    if (!row || !bytes) throw new AppError('NOT_FOUND', 'Evidence not found.');
    await this.repo.recordDownload({ partnershipId: row.partnershipId, actorId: actor.personId, action: 'evidence.download', entityType: 'evidence', entityId: row.id, detail: { fileName: row.fileName, size: bytes.length } });
    return { name: row.fileName ?? 'evidence', contentType: row.contentType ?? 'application/octet-stream', bytes };
  }
}
