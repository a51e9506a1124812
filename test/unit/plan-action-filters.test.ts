import { describe, expect, it } from 'vitest';
import { filtersFromQuery, matches, NO_FILTERS, queryFromFilters, type ActionFilters } from '../../shared/domain/plan-action-filters';
import type { PlanActionView } from '../../shared/schemas/plan';

const action = (over: Partial<PlanActionView>): PlanActionView => ({
  id: 1,
  objectiveId: 1,
  position: 0,
  description: 'Review the permanency policy',
  milestones: '',
  dueDate: '2026-11-01',
  status: 'on_track',
  completedDate: null,
  progress: '',
  overdue: false,
  leadOfficers: [{ id: 7, name: 'David Marsh', agencyName: "Northbrook Council Children's Services" }],
  recommendations: [{ id: 4, number: 4, source: 'Ofsted', label: 'Recommendation 4' }],
  can: { reportProgress: false, writeProgress: false, edit: false },
  ...over,
});

describe('which actions a filter keeps', () => {
  const cases: [string, Partial<ActionFilters>, Partial<PlanActionView>, boolean][] = [
    ['no filter keeps everything', {}, {}, true],
    ['its lead officer', { lead: '7' }, {}, true],
    ['another lead officer', { lead: '8' }, {}, false],
    ['its lead officer’s agency', { agency: "Northbrook Council Children's Services" }, {}, true],
    ['another agency', { agency: 'Northshire Police' }, {}, false],
    ['its status', { status: 'on_track' }, {}, true],
    ['another status', { status: 'completed' }, {}, false],
    ['overdue only, and it is', { overdue: true }, { overdue: true }, true],
    ['overdue only, and it is not', { overdue: true }, {}, false],
    ['the recommendation it answers', { recommendation: '4' }, {}, true],
    ['a recommendation it does not answer', { recommendation: '5' }, {}, false],
    ['every filter at once, all met', { lead: '7', status: 'at_risk', overdue: true, recommendation: '4' }, { status: 'at_risk', overdue: true }, true],
  ];
  it.each(cases)('%s', (_name, filters, over, kept) => {
    expect(matches(action(over), { ...NO_FILTERS, ...filters })).toBe(kept);
  });
});

describe('the filters in the address', () => {
  const cases: [string, string, ActionFilters][] = [
    ['nothing', '', NO_FILTERS],
    ['every filter', '?lead=7&agency=Northshire+Police&status=off_track&overdue=true&recommendation=4', { lead: '7', agency: 'Northshire Police', status: 'off_track', overdue: true, recommendation: '4' }],
    ['an unknown status is left out', '?status=lost', NO_FILTERS],
    ['ids that are not ids are left out', '?lead=007&recommendation=__proto__', NO_FILTERS],
    ['overdue is only the word true', '?overdue=1', NO_FILTERS],
  ];
  it.each(cases)('%s', (_name, search, filters) => {
    expect(filtersFromQuery(search)).toEqual(filters);
  });

  it('writes only what is set, and reads back what it wrote', () => {
    const f: ActionFilters = { ...NO_FILTERS, status: 'at_risk', overdue: true };
    expect(queryFromFilters(f)).toBe('?status=at_risk&overdue=true');
    expect(filtersFromQuery(queryFromFilters(f))).toEqual(f);
    expect(queryFromFilters(NO_FILTERS)).toBe('');
  });
});
