import type { PersonView } from '../../../../shared/schemas/admin';
import { sortFromQuery, sortRows, withSort, type SortState } from '../../lib/sort';

/**
 * The people list's filters and sort as they sit in the address (`/admin/people?q=…&agencyId=…&status=…&sort=…&dir=…`),
 * so a reload or Back keeps them and the header's search can open a person here.
 */
export const PEOPLE_SORTS = ['name', 'agency', 'admin', 'status'] as const;
export type PeopleSort = (typeof PEOPLE_SORTS)[number];
export const DEFAULT_PEOPLE_SORT: SortState<PeopleSort> = { key: 'name', dir: 'asc' };

export const PEOPLE_STATUSES = { active: 'Active', invited: 'Invited', disabled: 'Disabled' } as const;
export type PeopleStatus = keyof typeof PEOPLE_STATUSES;

export interface PeopleView {
  q: string;
  agencyId: string;
  status: PeopleStatus | '';
  sort: SortState<PeopleSort>;
}

const ID = /^[1-9][0-9]{0,9}$/;

export function peopleViewFromQuery(search: string): PeopleView {
   
  const q = new URLSearchParams(search);
  const status = q.get('status') ?? '';
  return {
    q: (q.get('q') ?? '').slice(0, 200),
    agencyId: ID.test(q.get('agencyId') ?? '') ? q.get('agencyId')! : '',
    status: status in PEOPLE_STATUSES ? (status as PeopleStatus) : '',
    sort: sortFromQuery(search, PEOPLE_SORTS, DEFAULT_PEOPLE_SORT),
  };
}

export function queryOfPeopleView(v: PeopleView): string {
   
  const q = new URLSearchParams();
  if (v.q.trim()) q.set('q', v.q.trim());
  if (v.agencyId) q.set('agencyId', v.agencyId);
  if (v.status) q.set('status', v.status);
  return withSort(q.toString(), v.sort, DEFAULT_PEOPLE_SORT);
}

export function statusOf(p: PersonView): PeopleStatus {
  return p.disabled ? 'disabled' : p.active ? 'active' : 'invited';
}

/** The people the view shows, in its order: every word of `q` in the name, e-mail or job title. */
export function peopleInView(people: readonly PersonView[], v: PeopleView): PersonView[] {
  const words = v.q.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = people.filter((p) => {
    if (v.agencyId && String(p.agencyId) !== v.agencyId) return false;
    if (v.status && statusOf(p) !== v.status) return false;
    const text = `${p.name} ${p.email} ${p.jobTitle ?? ''}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
  return sortRows(shown, v.sort, (p, key) => {
    if (key === 'name') return p.name;
    if (key === 'agency') return p.agencyName;
    if (key === 'admin') return p.isPartnershipAdmin ? 0 : 1;
    return Object.keys(PEOPLE_STATUSES).indexOf(statusOf(p));
  });
}
