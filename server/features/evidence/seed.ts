import { and, eq } from 'drizzle-orm';
import { evidenceFiles, evidenceItems, evidenceLinks, inspectionRecommendations, planObjectiveRecommendations } from '../../db/schema.js';
import { addDays, todayIn } from '../../../shared/domain/scoring.js';
import type { EvidenceTarget } from '../../../shared/schemas/evidence.js';
import type { ServiceContext } from '../../core/context.js';
import type { DemoIds } from '../demo/index.js';

const AUDIT_SUMMARY = `Multi-agency dip sample of children in need plans
Sample: 24 cases open to the Children in Need teams
Plans with SMART outcomes: 19 of 24 (79%), up from 9 of 24 at the last audit
Plans reviewed within timescale: 21 of 24
Child's voice recorded in the plan: 17 of 24
`;

/**
 * The demo's evidence (after the plan: it links recommendation 4 and the objective answering it): a
 * text file of a dip sample's findings, a link to the published inspection report, and a note of what
 * families said.
 */
export async function seedDemoEvidence(ctx: ServiceContext, ids: DemoIds): Promise<void> {
  const db = ctx.db;
  const now = ctx.clock();
  const today = todayIn(now);
  const partnershipId = ids.partnershipId;
  const recommendation = await db.select({ id: inspectionRecommendations.id }).from(inspectionRecommendations).where(and(eq(inspectionRecommendations.partnershipId, partnershipId), eq(inspectionRecommendations.number, 4))).get();
  if (!recommendation) return;
  const objective = await db.select({ id: planObjectiveRecommendations.objectiveId }).from(planObjectiveRecommendations).where(eq(planObjectiveRecommendations.recommendationId, recommendation.id)).get();
  const links: [EvidenceTarget, number][] = [['recommendation', recommendation.id], ...(objective ? [['objective', objective.id] as [EvidenceTarget, number]] : [])];
  const at = (days: number) => new Date(now + days * 86_400_000).toISOString();
  const add = async (values: Omit<typeof evidenceItems.$inferInsert, 'partnershipId' | 'addedAt' | 'updatedAt'>, days: number, bytes?: Buffer) => {
    const row = await db.insert(evidenceItems).values({ ...values, partnershipId, addedAt: at(days), updatedAt: at(days) }).returning().get();
    if (bytes) await db.insert(evidenceFiles).values({ evidenceId: row.id, bytes }).run();
    for (const [targetKind, targetId] of links) await db.insert(evidenceLinks).values({ evidenceId: row.id, targetKind, targetId }).run();
  };
  const bytes = Buffer.from(AUDIT_SUMMARY, 'utf8');
  await add({ title: 'Dip sample of children in need plans: findings', date: addDays(today, -40), kind: 'audit', form: 'file', fileName: 'cin-dip-sample-findings.txt', contentType: 'text/plain; charset=utf-8', size: bytes.length, addedById: ids.person.dcs! }, -38, bytes);
  await add({ title: 'Ofsted inspection report (published)', date: addDays(today, -230), kind: 'document', form: 'link', url: 'https://reports.ofsted.gov.uk/', addedById: ids.person.admin! }, -200);
  await add({ title: 'What parents told the family group conference service', date: addDays(today, -12), kind: 'views_of_children_and_families', form: 'note', note: 'Eleven of the fourteen parents asked said their plan was clear about what would change and by when; three said the plan changed without their being told.', addedById: ids.person.council! }, -10);
}
