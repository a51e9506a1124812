import { AUDIT_GROUPS, AUDIT_RECORD_KINDS, type AuditGroup } from '../../../../shared/domain/audit-actions';

/**
 * The audit log's filters as the address holds them (`/admin/audit?person=3&group=risks&record=risk:6
 * &from=2026-01-01&to=2026-01-31`): read back from it on reload and Back, written into it as they change,
 * and sent to the server (and the downloads) as the same query. Anything the address holds that is not
 * a filter's value is dropped, not sent.
 */
export interface AuditFilters {
  person: string;
  group: AuditGroup | '';
  record: string;
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilters = { person: '', group: '', record: '', from: '', to: '' };

const ID = /^[1-9][0-9]{0,9}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const RECORD = new RegExp(`^(${AUDIT_RECORD_KINDS.join('|')}):[1-9][0-9]{0,9}$`);

export function auditFiltersFrom(search: string): AuditFilters {
  const q = new URLSearchParams(search);
  const get = (k: string) => q.get(k) ?? '';
  const group = get('group');
  return {
    person: ID.test(get('person')) ? get('person') : '',
    group: (AUDIT_GROUPS as readonly string[]).includes(group) ? (group as AuditGroup) : '',
    record: RECORD.test(get('record')) ? get('record') : '',
    from: DAY.test(get('from')) ? get('from') : '',
    to: DAY.test(get('to')) ? get('to') : '',
  };
}

/** "?person=3&group=risks", or empty with no filter: the address's query, the list's and the downloads'. */
export function auditQuery(f: AuditFilters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...extra })) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
