import { describe, expect, it } from 'vitest';
import { packChanges, type PackSnapshot } from '../../shared/domain/pack-changes.js';

const risk = (score: number | null, extra: Partial<PackSnapshot['risks'][string]> = {}) => ({ reference: 'R-004', title: 'Neglect', score, status: 'open', escalatedTo: null, aboveTolerance: false, ...extra });
const snap = (s: Partial<PackSnapshot>): PackSnapshot => ({ risks: {}, objectives: {}, indicators: {}, ...s });

describe('what moved since the pack', () => {
  it.each<[string, PackSnapshot, PackSnapshot, { area: string; record: string; what: string; was: string; now: string }[]]>([
    ['nothing', snap({ risks: { 4: risk(12) } }), snap({ risks: { 4: risk(12) } }), []],
    ['a score rose and the risk went above tolerance', snap({ risks: { 4: risk(12) } }), snap({ risks: { 4: risk(16, { aboveTolerance: true }) } }), [
      { area: 'register', record: 'R-004 Neglect', what: 'Current score', was: '12', now: '16' },
      { area: 'register', record: 'R-004 Neglect', what: 'Above tolerance', was: 'no', now: 'yes' },
    ]],
    ['escalated', snap({ risks: { 4: risk(12) } }), snap({ risks: { 4: risk(12, { escalatedTo: 'Improvement Board' }) } }), [{ area: 'register', record: 'R-004 Neglect', what: 'Escalated to', was: 'none', now: 'Improvement Board' }]],
    ['a risk closed away and a new one', snap({ risks: { 4: risk(12) } }), snap({ risks: { 9: { ...risk(6), reference: 'R-009', title: 'Drift' } } }), [
      { area: 'register', record: 'R-004 Neglect', what: 'No longer shown', was: 'in the pack', now: 'gone (closed, moved or removed)' },
      { area: 'register', record: 'R-009 Drift', what: 'New since the pack', was: 'not in the pack', now: 'shown now' },
    ]],
    ['an objective’s RAG and an indicator’s value', snap({ objectives: { 1: { outcome: 'Children seen', rag: 'amber' } }, indicators: { 2: { name: 'Re-referrals', latest: '24.1 (2026-10)', rag: 'red' } } }), snap({ objectives: { 1: { outcome: 'Children seen', rag: 'green' } }, indicators: { 2: { name: 'Re-referrals', latest: '22.0 (2026-11)', rag: 'red' } } }), [
      { area: 'plan', record: 'Children seen', what: 'RAG', was: 'amber', now: 'green' },
      { area: 'scorecard', record: 'Re-referrals', what: 'Latest value', was: '24.1 (2026-10)', now: '22.0 (2026-11)' },
    ]],
    ['ids that are object keys of the prototype are plain ids', snap({ risks: { __proto__: risk(1) } as never }), snap({}), []],
  ])('%s', (_what, before, now, expected) => expect(packChanges(before, now)).toEqual(expected));
});
