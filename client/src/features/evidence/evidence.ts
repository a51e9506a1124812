import type { Me } from '../../../../shared/schemas/auth';
import { takesPart } from '../../../../shared/domain/roles';
import { EVIDENCE_LINK_FIELDS, type EvidenceLinkView, type EvidenceTarget, type EvidenceView } from '../../../../shared/schemas/evidence';
import { challengeApi } from '../../lib/api/challenges';
import { planApi } from '../../lib/api/plans';
import { riskApi } from '../../lib/api/risks';

/** Whether to offer "Add evidence": a chair, vice-chair, member or deputy of a board, or an administrator (the server decides). */
export function mayAddEvidence(me: Me): boolean {
  return me.partnership.isAdmin || me.memberships.some((m) => m.partnershipId === me.partnership.id && (takesPart(m.role) || m.deputyFor !== null));
}

/** "1.2 MB", "340 KB": a file's size as people read it. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

type Choice = { value: string; label: string };
/** What an item may be linked to, per kind of record, as the forms offer it. */
export type LinkOptions = Record<EvidenceTarget, Choice[]>;
export const NO_LINK_OPTIONS: LinkOptions = { objective: [], plan_action: [], recommendation: [], risk: [], challenge: [] };

/** The word for each kind of linked record, as a picker's legend says it. */
export const LINK_LEGENDS: Record<EvidenceTarget, string> = { objective: 'Objectives', plan_action: 'Plan actions', recommendation: 'Inspection recommendations', risk: 'Risks', challenge: 'Challenges' };

const short = (s: string) => (s.length > 90 ? `${s.slice(0, 89)}…` : s);

/**
 * What an item may be linked to from the forms: the recommendations, every plan's objectives and
 * actions, the risks and the challenges. A kind that cannot be read is left empty (its current links
 * still show: see withCurrentLinks), so one failure does not take the others.
 */
export async function linkOptions(partnershipId: number): Promise<LinkOptions> {
  const settle = <T>(p: Promise<T>, fallback: T) => p.catch(() => fallback);
  const [recommendations, plans, risks, challenges] = await Promise.all([
    settle(planApi.recommendations(partnershipId), []),
    settle(planApi.plans(partnershipId), []),
    settle(riskApi.lookup(partnershipId), []),
    settle(challengeApi.list(partnershipId), []),
  ]);
  const details = await Promise.all(plans.map((p) => settle(planApi.plan(partnershipId, p.id), null)));
  const objectives = details.flatMap((d) => (d ? d.themes.flatMap((t) => t.objectives) : []));
  return {
    recommendation: recommendations.map((r) => ({ value: String(r.id), label: `${r.label}: ${short(r.text)}` })),
    objective: objectives.map((o) => ({ value: String(o.id), label: short(o.outcome) })),
    plan_action: objectives.flatMap((o) => o.actions.map((a) => ({ value: String(a.id), label: short(a.description) }))),
    risk: risks.map((r) => ({ value: String(r.id), label: `${r.reference} ${short(r.title)}${r.status === 'closed' ? ' (closed)' : ''}` })),
    challenge: challenges.map((c) => ({ value: String(c.id), label: `${c.reference} ${short(c.title)}` })),
  };
}

/** The options of a kind with the item's current links of that kind added if missing (so a link is never lost unseen). */
export function withCurrentLinks(options: readonly Choice[], links: readonly EvidenceLinkView[], kind: EvidenceTarget): Choice[] {
  const have = new Set(options.map((o) => o.value));
  const extra = links.filter((l) => l.kind === kind && !have.has(String(l.id))).map((l) => ({ value: String(l.id), label: l.label }));
  return [...extra, ...options];
}

/**
 * The links to send with evidence:update: for each kind whose chosen ids differ from the item's, the
 * whole new set (the command replaces that kind's links; kinds left out stay as they are).
 */
export function changedLinks(item: Pick<EvidenceView, 'links'>, chosen: Record<EvidenceTarget, readonly string[]>): Partial<Record<(typeof EVIDENCE_LINK_FIELDS)[EvidenceTarget], number[]>> {
  const out: Partial<Record<(typeof EVIDENCE_LINK_FIELDS)[EvidenceTarget], number[]>> = {};
  for (const kind of Object.keys(EVIDENCE_LINK_FIELDS) as EvidenceTarget[]) {
    const before = item.links.filter((l) => l.kind === kind).map((l) => l.id).sort((a, b) => a - b);
    const after = [...new Set(chosen[kind].map(Number))].sort((a, b) => a - b);
    if (before.length !== after.length || before.some((id, i) => id !== after[i])) out[EVIDENCE_LINK_FIELDS[kind]] = after;
  }
  return out;
}

/** The items bearing on an objective: linked to it, or to one of its actions. */
export function evidenceOfObjective(items: readonly EvidenceView[], objectiveId: number, actionIds: readonly number[]): EvidenceView[] {
  const actions = new Set(actionIds);
  return items.filter((e) => e.links.some((l) => (l.kind === 'objective' && l.id === objectiveId) || (l.kind === 'plan_action' && actions.has(l.id))));
}

/** The evidence list's sortable columns; `added` is the store's own order, newest first. */
export const EVIDENCE_SORT_KEYS = ['added', 'title', 'kind', 'date'] as const;
export type EvidenceSort = (typeof EVIDENCE_SORT_KEYS)[number];
export const EVIDENCE_SORT_LABELS: Record<EvidenceSort, string> = { added: 'Newest first', title: 'Evidence', kind: 'Kind', date: 'Date' };
