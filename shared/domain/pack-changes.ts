/**
 * What a published board pack showed of the register, the plan and the scorecard, and what has moved
 * since (issue 14 item 4: at the meeting, "changed since the pack"). Pure: the snapshot is taken when
 * the chair publishes, compared with one taken now.
 */
export interface PackSnapshot {
  risks: Record<string, { reference: string; title: string; score: number | null; status: string; escalatedTo: string | null; aboveTolerance: boolean }>;
  objectives: Record<string, { outcome: string; rag: string | null }>;
  indicators: Record<string, { name: string; latest: string | null; rag: string | null }>;
}

export type ChangeArea = 'register' | 'plan' | 'scorecard';

export interface PackChange {
  area: ChangeArea;
  /** The record as people know it: "R-004 Neglect", an objective's outcome, an indicator's name. */
  record: string;
  what: string;
  was: string;
  now: string;
}

const words = (v: string | number | boolean | null | undefined): string => (v === null || v === undefined ? 'none' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v));

function compare<T extends Record<string, string | number | boolean | null>>(
  area: ChangeArea,
  before: Record<string, T>,
  now: Record<string, T>,
  label: (r: T) => string,
  fields: readonly [keyof T & string, string][],
  out: PackChange[],
): void {
  for (const [id, was] of Object.entries(before)) {
    const is = now[id];
    if (!is) {
      out.push({ area, record: label(was), what: 'No longer shown', was: 'in the pack', now: 'gone (closed, moved or removed)' });
      continue;
    }
    for (const [field, what] of fields) if (is[field] !== was[field]) out.push({ area, record: label(is), what, was: words(was[field]), now: words(is[field]) });
  }
  for (const [id, is] of Object.entries(now)) if (!Object.hasOwn(before, id)) out.push({ area, record: label(is), what: 'New since the pack', was: 'not in the pack', now: 'shown now' });
}

/** Every difference between the published pack's snapshot and now, register first, in words. */
export function packChanges(before: PackSnapshot, now: PackSnapshot): PackChange[] {
  const out: PackChange[] = [];
  compare('register', before.risks, now.risks, (r) => `${r.reference} ${r.title}`, [['score', 'Current score'], ['status', 'Status'], ['escalatedTo', 'Escalated to'], ['aboveTolerance', 'Above tolerance'], ['title', 'Title']], out);
  compare('plan', before.objectives, now.objectives, (o) => o.outcome, [['rag', 'RAG']], out);
  compare('scorecard', before.indicators, now.indicators, (i) => i.name, [['latest', 'Latest value'], ['rag', 'RAG']], out);
  return out;
}
