import { EXCEPTION_REASON_WORDS } from '../../../shared/domain/scorecard.js';
import type { AgendaProposal } from '../../../shared/schemas/meeting.js';
import type { ScorecardQueries } from './queries.js';
import { ScorecardView } from './view.js';

/** How many exceptions one agenda item links; the rest are on the exceptions page it points to. */
const LINKED_MAX = 20;

/**
 * The scorecard's proposal for a board meeting's "Build agenda": one "Scorecard exceptions" item linking
 * each indicator the board should hear about (red, deteriorating two periods running, worse than
 * England beyond tolerance), reds first; none when there is none. The scorecard is the partnership's,
 * so every board's agenda may take it.
 */
export async function exceptionsForAgenda(queries: ScorecardQueries, partnershipId: number): Promise<AgendaProposal[]> {
  // Read as nobody in particular: only the figures matter here, never what a reader may do.
  const nobody = { personId: 0, partnershipId, agencyId: 0, isPartnershipAdmin: false, boardRoles: new Map() };
  const rows = new ScorecardView(await queries.records(partnershipId), nobody).rows().filter((r) => r.exceptions.length > 0);
  if (rows.length === 0) return [];
  rows.sort((a, b) => Number(b.exceptions.includes('red')) - Number(a.exceptions.includes('red')));
  const counts = (['red', 'deteriorated_twice', 'worse_than_england'] as const).map((reason) => [reason, rows.filter((r) => r.exceptions.includes(reason)).length] as const).filter(([, n]) => n > 0);
  return [
    {
      title: 'Scorecard exceptions',
      reason: `${rows.length} ${rows.length === 1 ? 'indicator' : 'indicators'}: ${counts.map(([reason, n]) => `${EXCEPTION_REASON_WORDS[reason].toLowerCase()} ${n}`).join('; ')}`,
      links: rows.slice(0, LINKED_MAX).map((r) => ({ kind: 'indicator' as const, ref: String(r.id) })),
      presenterPersonId: null,
      presenterAgencyId: null,
    },
  ];
}
