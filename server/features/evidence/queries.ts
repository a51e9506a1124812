import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { challenges, evidenceItems, evidenceLinks, inspectionRecommendations, people, planActions, planObjectives, risks } from '../../db/schema.js';
import { canEditEvidence } from '../../../shared/domain/evidence-permissions.js';
import { challengeReference } from '../../../shared/domain/challenges.js';
import type { Actor } from '../../../shared/domain/permissions.js';
import { riskReference } from '../../../shared/domain/scoring.js';
import { EVIDENCE_KIND_LABELS, type EvidenceLinkView, type EvidenceQuery, type EvidenceTarget, type EvidenceView } from '../../../shared/schemas/evidence.js';
import { recommendationLabel } from '../../../shared/schemas/plan.js';
import type { ServiceContext } from '../../core/context.js';

const LABEL_MAX = 120;
const short = (s: string) => (s.length > LABEL_MAX ? `${s.slice(0, LABEL_MAX - 1)}…` : s);

/** The filters of a list that name a linked record. */
const FILTER_TARGETS: [keyof EvidenceQuery, EvidenceTarget][] = [
  ['objectiveId', 'objective'],
  ['recommendationId', 'recommendation'],
  ['riskId', 'risk'],
];

/**
 * The evidence store's reads: the partnership's items not removed, newest first, each with its links
 * (labelled as the linked record reads) and what the reader may do with it. Never reads a file's bytes.
 */
export class EvidenceQueries {
  constructor(private readonly ctx: ServiceContext) {}

  async list(actor: Actor, query: EvidenceQuery = {}, ids?: number[]): Promise<EvidenceView[]> {
    const where: SQL[] = [eq(evidenceItems.partnershipId, actor.partnershipId), isNull(evidenceItems.removedAt)];
    if (ids) where.push(inArray(evidenceItems.id, ids));
    if (query.kind) where.push(eq(evidenceItems.kind, query.kind));
    // lower() on both sides: SQLite's like ignores case, PostgreSQL's does not.
    if (query.q) where.push(sql`lower(${evidenceItems.title}) like lower(${`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}) escape '\\'`);
    if (query.planId !== undefined) {
      const objectives = sql`select ${planObjectives.id} from ${planObjectives} where ${planObjectives.planId} = ${query.planId} and ${planObjectives.partnershipId} = ${actor.partnershipId}`;
      const actions = sql`select ${planActions.id} from ${planActions} where ${planActions.planId} = ${query.planId} and ${planActions.partnershipId} = ${actor.partnershipId}`;
      where.push(
        sql`exists (select 1 from ${evidenceLinks} where ${evidenceLinks.evidenceId} = ${evidenceItems.id} and ((${evidenceLinks.targetKind} = 'objective' and ${evidenceLinks.targetId} in (${objectives})) or (${evidenceLinks.targetKind} = 'plan_action' and ${evidenceLinks.targetId} in (${actions}))))`,
      );
    }
    for (const [key, kind] of FILTER_TARGETS) {
      const targetId = query[key] as number | undefined;
      if (targetId === undefined) continue;
      where.push(sql`exists (select 1 from ${evidenceLinks} where ${evidenceLinks.evidenceId} = ${evidenceItems.id} and ${evidenceLinks.targetKind} = ${kind} and ${evidenceLinks.targetId} = ${targetId})`);
    }
    const rows = await this.ctx.db
      .select({
        id: evidenceItems.id,
        partnershipId: evidenceItems.partnershipId,
        title: evidenceItems.title,
        date: evidenceItems.date,
        kind: evidenceItems.kind,
        form: evidenceItems.form,
        fileName: evidenceItems.fileName,
        contentType: evidenceItems.contentType,
        size: evidenceItems.size,
        url: evidenceItems.url,
        note: evidenceItems.note,
        addedById: evidenceItems.addedById,
        addedByName: people.name,
        addedAt: evidenceItems.addedAt,
      })
      .from(evidenceItems)
      .innerJoin(people, eq(people.id, evidenceItems.addedById))
      .where(and(...where))
      .orderBy(desc(evidenceItems.date), desc(evidenceItems.id))
      .all();
    const links = await this.linksOf(actor.partnershipId, rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      date: r.date,
      kind: r.kind,
      kindLabel: EVIDENCE_KIND_LABELS[r.kind],
      form: r.form,
      file: r.form === 'file' ? { name: r.fileName ?? '', contentType: r.contentType ?? 'application/octet-stream', size: r.size ?? 0 } : null,
      url: r.url,
      note: r.note,
      addedBy: { id: r.addedById, name: r.addedByName },
      addedAt: r.addedAt,
      links: links.get(r.id) ?? [],
      can: { edit: canEditEvidence(actor, { partnershipId: r.partnershipId, addedById: r.addedById }) },
    }));
  }

  /** Each item's links, labelled: "Recommendation 4", "R-005 …", the objective's outcome. */
  private async linksOf(partnershipId: number, evidenceIds: number[]): Promise<Map<number, EvidenceLinkView[]>> {
    const out = new Map<number, EvidenceLinkView[]>();
    if (evidenceIds.length === 0) return out;
    const rows = await this.ctx.db.select().from(evidenceLinks).where(inArray(evidenceLinks.evidenceId, evidenceIds)).all();
    const idsOf = (kind: EvidenceTarget) => [...new Set(rows.filter((r) => r.targetKind === kind).map((r) => r.targetId))];
    const labels = new Map<string, string>();
    const put = (kind: EvidenceTarget, list: { id: number; label: string }[]) => list.forEach((l) => labels.set(`${kind}:${l.id}`, short(l.label)));
    const some = async <T>(ids: number[], read: (ids: number[]) => Promise<T[]>): Promise<T[]> => (ids.length ? read(ids) : []);
    put('objective', await some(idsOf('objective'), async (ids) => this.ctx.db.select({ id: planObjectives.id, label: planObjectives.outcome }).from(planObjectives).where(and(inArray(planObjectives.id, ids), eq(planObjectives.partnershipId, partnershipId))).all()));
    put('plan_action', await some(idsOf('plan_action'), async (ids) => this.ctx.db.select({ id: planActions.id, label: planActions.description }).from(planActions).where(and(inArray(planActions.id, ids), eq(planActions.partnershipId, partnershipId))).all()));
    put('recommendation', await some(idsOf('recommendation'), async (ids) => (await this.ctx.db.select({ id: inspectionRecommendations.id, n: inspectionRecommendations.number }).from(inspectionRecommendations).where(and(inArray(inspectionRecommendations.id, ids), eq(inspectionRecommendations.partnershipId, partnershipId))).all()).map((r) => ({ id: r.id, label: recommendationLabel(r.n) }))));
    put('risk', await some(idsOf('risk'), async (ids) => (await this.ctx.db.select({ id: risks.id, n: risks.number, title: risks.title }).from(risks).where(and(inArray(risks.id, ids), eq(risks.partnershipId, partnershipId))).all()).map((r) => ({ id: r.id, label: `${riskReference(r.n)} ${r.title}` }))));
    put('challenge', await some(idsOf('challenge'), async (ids) => (await this.ctx.db.select({ id: challenges.id, n: challenges.number, title: challenges.title }).from(challenges).where(and(inArray(challenges.id, ids), eq(challenges.partnershipId, partnershipId))).all()).map((r) => ({ id: r.id, label: `${challengeReference(r.n)} ${r.title}` }))));
    for (const r of rows) {
      const label = labels.get(`${r.targetKind}:${r.targetId}`);
      // A link to a record no longer there (or never the partnership's) is not shown.
      if (label === undefined) continue;
      const list = out.get(r.evidenceId) ?? [];
      list.push({ kind: r.targetKind, id: r.targetId, label });
      out.set(r.evidenceId, list);
    }
    for (const list of out.values()) list.sort((a, b) => a.kind.localeCompare(b.kind) || a.id - b.id);
    return out;
  }
}
