import { inLogView, listFilterOf } from '../../../../shared/domain/challenge-log.js';
import { CHALLENGE_STATUS_LABELS, CHALLENGE_SUBJECT_LABELS, ChallengeLogQuery, type ChallengeRow } from '../../../../shared/schemas/challenge.js';
import type { SheetColumn } from '../../../core/spreadsheet/write.js';
import type { ChallengeService } from '../../challenges/index.js';
import type { RiskService } from '../../risks/index.js';
import { yesNo, type ExportKindHandler } from './kind.js';

type Row = ChallengeRow & { subject: string };

const COLUMNS: SheetColumn<Row>[] = [
  { header: 'Reference', width: 10, type: 'text', value: (c) => c.reference },
  { header: 'Challenge', width: 44, type: 'text', value: (c) => c.title },
  { header: 'Board', width: 28, type: 'text', value: (c) => c.boardName },
  { header: 'Escalated to', width: 28, type: 'text', value: (c) => c.escalatedToBoardName },
  { header: 'Raised by', width: 24, type: 'text', value: (c) => c.raisedByName },
  { header: 'Raised by agency', width: 28, type: 'text', value: (c) => c.raisedByAgencyName },
  { header: 'Raised', width: 17, type: 'datetime', value: (c) => c.raisedAt },
  { header: 'Directed to', width: 28, type: 'text', value: (c) => c.directedAgencyName },
  { header: 'Directed to person', width: 24, type: 'text', value: (c) => c.directedPersonName },
  { header: 'Subject', width: 40, type: 'text', value: (c) => c.subject },
  { header: 'Response due', width: 12, type: 'date', value: (c) => c.dueDate },
  { header: 'Status', width: 26, type: 'text', value: (c) => CHALLENGE_STATUS_LABELS[c.status] },
  { header: 'Overdue', width: 9, type: 'text', value: (c) => yesNo(c.overdue) },
  { header: 'Round', width: 7, type: 'number', value: (c) => c.round },
  { header: 'Responded', width: 17, type: 'datetime', value: (c) => c.respondedAt },
  { header: 'Closed', width: 17, type: 'datetime', value: (c) => c.closedAt },
];

const ID = /^[1-9][0-9]{0,9}$/;

/**
 * The challenge log as its page shows it: the list endpoint's answer for the page's filters, less
 * what the page leaves out of it (a status group, the period raised in): shared/domain/challenge-log.ts.
 * Each subject is named as the page names it: a risk by its reference and title, a mitigation by its risk.
 */
export function challengesExport(challenges: ChallengeService, risks: RiskService): ExportKindHandler<ChallengeLogQuery> {
  return {
    query: ChallengeLogQuery,
    async build(actor, query) {
      const shown = (await challenges.queries.list(actor.partnershipId, listFilterOf(query))).filter((c) => inLogView(c, query));
      const riskIds = new Set<number>();
      for (const c of shown) {
        const id = c.subjectKind === 'risk' ? c.subjectRef : c.subjectKind === 'mitigation' ? (c.subjectRef?.split(':')[0] ?? null) : null;
        if (id && ID.test(id)) riskIds.add(Number(id));
      }
      const ids = [...riskIds];
      const named = new Map((await risks.queries.list(actor.partnershipId, ids.length > 500 ? {} : { ids })).map((r) => [r.id, r]));
      const mitigations = new Map(ids.length === 0 ? [] : (await risks.queries.partnershipMitigations(actor.partnershipId, ids.length > 500 ? undefined : ids)).map((m) => [m.id, m]));
      const subject = (c: ChallengeRow): string => {
        const ref = c.subjectRef;
        if (c.subjectKind === 'risk' && ref && named.has(Number(ref))) return `${named.get(Number(ref))!.reference} ${named.get(Number(ref))!.title}`;
        if (c.subjectKind === 'mitigation' && ref && mitigations.has(ref)) {
          const m = mitigations.get(ref)!;
          return `Mitigation of ${named.get(m.riskId)?.reference ?? `risk ${m.riskId}`}: ${m.action}`;
        }
        if (c.subjectKind === 'action' && ref) return `Action ${ref}`;
        return c.subjectKind === 'none' ? 'None' : CHALLENGE_SUBJECT_LABELS[c.subjectKind];
      };
      return { name: 'challenge-log', sheets: [{ name: 'Challenge log', columns: COLUMNS, rows: shown.map((c) => ({ ...c, subject: subject(c) })) }] };
    },
  };
}
