import { asc, eq, inArray } from 'drizzle-orm';
import { agendaLinks, challenges, indicators, meetingActions, mitigations, planObjectives, risks } from '../../db/schema.js';
import type { Db } from '../../db/client.js';
import { challengeReference } from '../../../shared/domain/challenges.js';
import { actionReference } from '../../../shared/domain/meetings.js';
import { shortenOutcome } from '../../../shared/domain/plan-agenda.js';
import { riskReference } from '../../../shared/domain/scoring.js';
import { PLAN_LIMITS } from '../../../shared/limits.js';
import type { AgendaLinkView } from '../../../shared/schemas/meeting.js';

/**
 * Each agenda item's links with a label naming what they point at ("R-004 Placement sufficiency",
 * "Objective: Children in care have a stable placement", "Mitigation on R-004 Placement sufficiency:
 * Recruit foster carers", "Action A-012: Report MASH staffing"), for the agenda, the minutes and the action
 * log. A record since removed still reads as what it was.
 */
export async function agendaLinkViews(db: Db, itemIds: number[]): Promise<Map<number, AgendaLinkView[]>> {
  const out = new Map<number, AgendaLinkView[]>();
  if (itemIds.length === 0) return out;
  const rows = await db.select().from(agendaLinks).where(inArray(agendaLinks.itemId, itemIds)).orderBy(asc(agendaLinks.id)).all();
  const riskIds = rows.filter((r) => r.kind === 'risk').map((r) => Number(r.ref));
  const riskLabels = new Map(
    riskIds.length === 0
      ? []
      : (await db
          .select({ id: risks.id, number: risks.number, title: risks.title })
          .from(risks)
          .where(inArray(risks.id, riskIds))
          .all())
          .map((r) => [String(r.id), `${riskReference(r.number)} ${r.title}`]),
  );
  // A mitigation is named with its risk's reference and title, so the minutes say which risk it mitigates.
  const mitigationIds = rows.filter((r) => r.kind === 'mitigation').map((r) => r.ref);
  const mitigationLabels = new Map(
    mitigationIds.length === 0
      ? []
      : (await db
          .select({ id: mitigations.id, action: mitigations.action, number: risks.number, title: risks.title })
          .from(mitigations)
          .innerJoin(risks, eq(risks.id, mitigations.riskId))
          .where(inArray(mitigations.id, mitigationIds))
          .all())
          .map((m) => [m.id, `${riskReference(m.number)} ${m.title}: ${m.action}`]),
  );
  const actionIds = rows.filter((r) => r.kind === 'action').map((r) => Number(r.ref));
  const actionLabels = new Map(
    actionIds.length === 0
      ? []
      : (await db
          .select({ id: meetingActions.id, description: meetingActions.description })
          .from(meetingActions)
          .where(inArray(meetingActions.id, actionIds))
          .all())
          .map((a) => [String(a.id), `${actionReference(a.id)}: ${a.description}`]),
  );
  const challengeIds = rows.filter((r) => r.kind === 'challenge').map((r) => Number(r.ref));
  const challengeLabels = new Map(
    challengeIds.length === 0
      ? []
      : (await db
          .select({ id: challenges.id, number: challenges.number, title: challenges.title })
          .from(challenges)
          .where(inArray(challenges.id, challengeIds))
          .all())
          .map((c) => [String(c.id), `${challengeReference(c.number)} ${c.title}`]),
  );
  const objectiveIds = rows.filter((r) => r.kind === 'objective').map((r) => Number(r.ref));
  const objectiveLabels = new Map(
    objectiveIds.length === 0
      ? []
      : (await db
          .select({ id: planObjectives.id, outcome: planObjectives.outcome })
          .from(planObjectives)
          .where(inArray(planObjectives.id, objectiveIds))
          .all())
          .map((o) => [String(o.id), shortenOutcome(o.outcome, PLAN_LIMITS.agendaOutcomeChars)]),
  );
  const indicatorIds = rows.filter((r) => r.kind === 'indicator').map((r) => Number(r.ref));
  const indicatorLabels = new Map(indicatorIds.length === 0 ? [] : (await db.select({ id: indicators.id, name: indicators.name }).from(indicators).where(inArray(indicators.id, indicatorIds)).all()).map((i) => [String(i.id), i.name]));
  for (const r of rows) {
    let label = `${r.kind} ${r.ref}`;
    if (r.kind === 'risk') label = riskLabels.get(r.ref) ?? `Risk ${r.ref} (removed)`;
    if (r.kind === 'mitigation') label = `Mitigation on ${mitigationLabels.get(r.ref) ?? `${r.ref} (removed)`}`;
    if (r.kind === 'action') label = `Action ${actionLabels.get(r.ref) ?? actionReference(Number(r.ref))}`;
    if (r.kind === 'challenge') label = `Challenge ${challengeLabels.get(r.ref) ?? r.ref}`;
    if (r.kind === 'indicator') label = `Indicator: ${indicatorLabels.get(r.ref) ?? `${r.ref} (removed)`}`;
    if (r.kind === 'objective') label = `Objective: ${objectiveLabels.get(r.ref) ?? `${r.ref} (removed)`}`;
    const list = out.get(r.itemId) ?? [];
    list.push({ kind: r.kind, ref: r.ref, label });
    out.set(r.itemId, list);
  }
  return out;
}
