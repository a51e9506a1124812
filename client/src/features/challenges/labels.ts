import type { ChallengeStatus, ChallengeSubjectKind } from '../../../../shared/schemas/challenge';
import { riskApi } from '../../lib/api/risks';

export const SUBJECT_LABELS: Record<ChallengeSubjectKind, string> = {
  risk: 'Risk',
  mitigation: 'Mitigation',
  action: 'Action',
  meeting_item: 'Meeting agenda item',
  none: 'No linked record',
};

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

export async function loadSubjects(partnershipId: number): Promise<SubjectLookup> {
  const [risks, mitigations] = await Promise.all([riskApi.list(partnershipId), riskApi.mitigations(partnershipId)]);
  return {
    risks: new Map(risks.map((r) => [r.id, { reference: r.reference, title: r.title }])),
    mitigations: new Map(mitigations.map((m) => [m.id, { riskId: m.riskId, action: m.action }])),
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
