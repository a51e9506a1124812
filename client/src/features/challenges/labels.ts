import { CHALLENGE_SUBJECT_LABELS, type ChallengeStatus, type ChallengeSubjectKind } from '../../../../shared/schemas/challenge';
import { REGISTER_LIMITS } from '../../../../shared/limits';
import { riskApi } from '../../lib/api/risks';

export const SUBJECT_LABELS: Record<ChallengeSubjectKind, string> = CHALLENGE_SUBJECT_LABELS;

/** Each status's tag style; the label text always carries the meaning, never the colour alone. */
export const STATUS_TAG: Record<ChallengeStatus, string> = {
  open: 'tag-blue',
  response_submitted: 'tag-amber',
  accepted: 'tag-green',
  pressed: 'tag-red',
  escalated: 'tag-red',
  closed: 'tag-grey',
};

export const EVENT_LABELS: Record<string, string> = {
  raised: 'Raised',
  submit: 'Response submitted',
  submitted: 'Response submitted',
  response_submitted: 'Response submitted',
  accept: 'Response accepted',
  accepted: 'Response accepted',
  press: 'Pressed for a further response',
  pressed: 'Pressed for a further response',
  close: 'Closed',
  closed: 'Closed',
  escalate: 'Escalated to the parent board',
  escalated: 'Escalated to the parent board',
};

/** A timeline event's kind in words; an unknown kind is shown readably rather than as a code. */
export function eventLabel(kind: string): string {
  const known = EVENT_LABELS[kind];
  if (known) return known;
  const words = kind.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface SubjectInfo {
  label: string;
  href: string | null;
}

/** Risks and mitigations by id, to name and link a challenge's subject. */
export interface SubjectLookup {
  risks: ReadonlyMap<number, { reference: string; title: string }>;
  mitigations: ReadonlyMap<string, { riskId: number; action: string }>;
}

export const EMPTY_LOOKUP: SubjectLookup = { risks: new Map(), mitigations: new Map() };

/** What a challenge names as its subject: all a lookup needs to know. */
export interface SubjectRefs {
  subjectKind: ChallengeSubjectKind;
  subjectRef: string | null;
}

/** The risks (and for mitigations, their risks) the rows name, in a fixed order: a key for reloading. */
export function subjectKey(rows: readonly SubjectRefs[]): string {
  return [...new Set(rows.flatMap((r) => (r.subjectRef && (r.subjectKind === 'risk' || r.subjectKind === 'mitigation') ? [`${r.subjectKind}:${r.subjectRef}`] : [])))].sort().join(' ');
}

function chunks(ids: readonly number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += REGISTER_LIMITS.lookupIdsMax) out.push(ids.slice(i, i + REGISTER_LIMITS.lookupIdsMax));
  return out;
}

/**
 * Names for the risks and mitigations the given challenges are about, and only those: a register of
 * thousands of risks is never read whole to label a page of challenges. A mitigation's id is
 * `<riskId>:<key>`, so its risk's mitigations are read.
 */
export async function loadSubjects(partnershipId: number, rows: readonly SubjectRefs[]): Promise<SubjectLookup> {
  const riskIds = new Set<number>();
  const mitigationRiskIds = new Set<number>();
  for (const r of rows) {
    if (!r.subjectRef) continue;
    if (r.subjectKind === 'risk' && /^[1-9][0-9]{0,9}$/.test(r.subjectRef)) riskIds.add(Number(r.subjectRef));
    const m = r.subjectKind === 'mitigation' ? /^([1-9][0-9]{0,9}):/.exec(r.subjectRef) : null;
    if (m) {
      riskIds.add(Number(m[1]));
      mitigationRiskIds.add(Number(m[1]));
    }
  }
  const [risks, mitigations] = await Promise.all([
    Promise.all(chunks([...riskIds]).map((ids) => riskApi.lookup(partnershipId, { ids }))),
    Promise.all(chunks([...mitigationRiskIds]).map((ids) => riskApi.mitigations(partnershipId, ids))),
  ]);
  return {
    risks: new Map(risks.flat().map((r) => [r.id, { reference: r.reference, title: r.title }])),
    mitigations: new Map(mitigations.flat().map((m) => [m.id, { riskId: m.riskId, action: m.action }])),
  };
}

function clip(text: string, n = 60): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

/** What a challenge is about, in words, with a link to the record where there is one. */
export function subjectOf(
  row: { subjectKind: ChallengeSubjectKind; subjectRef: string | null; meetingId: number | null },
  lookup: SubjectLookup = EMPTY_LOOKUP,
): SubjectInfo {
  const ref = row.subjectRef;
  switch (row.subjectKind) {
    case 'risk': {
      const risk = ref && /^\d+$/.test(ref) ? lookup.risks.get(Number(ref)) : undefined;
      if (risk) return { label: `${risk.reference} ${clip(risk.title)}`, href: `/risks/${ref}` };
      return ref && /^\d+$/.test(ref) ? { label: `Risk ${ref}`, href: `/risks/${ref}` } : { label: 'Risk', href: null };
    }
    case 'mitigation': {
      const m = ref ? lookup.mitigations.get(ref) : undefined;
      if (!m) return { label: 'Mitigation', href: null };
      const risk = lookup.risks.get(m.riskId);
      return { label: `Mitigation of ${risk?.reference ?? `risk ${m.riskId}`}: ${clip(m.action || 'no action written yet', 50)}`, href: `/risks/${m.riskId}` };
    }
    case 'meeting_item':
      return row.meetingId ? { label: 'Meeting agenda item', href: `/meetings/${row.meetingId}` } : { label: 'Meeting agenda item', href: null };
    case 'action':
      return { label: `Action${ref ? ` ${ref}` : ''}`, href: null };
    case 'none':
      return { label: 'None', href: null };
  }
}
