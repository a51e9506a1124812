import type { Me } from '../../../../shared/schemas/auth';
import { takesPart } from '../../../../shared/domain/roles';
import { planApi } from '../../lib/api/plans';

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

/** What an item may be linked to from the forms: the recommendations, and every plan's objectives. */
export async function linkOptions(partnershipId: number): Promise<{ recommendations: { value: string; label: string }[]; objectives: { value: string; label: string }[] }> {
  const [recommendations, plans] = await Promise.all([planApi.recommendations(partnershipId), planApi.plans(partnershipId)]);
  const details = await Promise.all(plans.map((p) => planApi.plan(partnershipId, p.id)));
  const short = (s: string) => (s.length > 90 ? `${s.slice(0, 89)}…` : s);
  return {
    recommendations: recommendations.map((r) => ({ value: String(r.id), label: `${r.label}: ${short(r.text)}` })),
    objectives: details.flatMap((d) => d.themes.flatMap((t) => t.objectives.map((o) => ({ value: String(o.id), label: short(o.outcome) })))),
  };
}
