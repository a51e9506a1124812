import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { isCalendarDate } from '../domain/dates.js';
import { AUDIT_GROUPS, AUDIT_RECORD_KINDS, type AuditRecordKind } from '../domain/audit-actions.js';

/** The largest id a record may have: SQLite's rowids start at 1 and never get near it; anything above is made up. */
export const ID_MAX = 2 ** 31 - 1;

/**
 * An id in a JSON body or a Socket.io payload: a JSON number, a whole number from 1 to ID_MAX. Never
 * coerced, so `true` is not board 1 and "12" is not 12: a client that sends those has a bug to fix.
 */
export const Id = z.number('A number').int('A whole number').positive('From 1 up').max(ID_MAX, 'Too large');

/**
 * An id in a route parameter or a query string, where everything is text: digits without a leading
 * zero, so each id has exactly one spelling ("01", "1.0", "1e0" and " 1" are refused), then a number.
 */
export const IdParam = z
  .string('An id')
  .regex(/^[1-9][0-9]{0,9}$/, 'An id')
  .transform(Number)
  .pipe(Id);

/** Up to `max` comma-separated ids in a query string, as `ids=3,12,40`: how lists refresh the rows a push named. */
export function IdListParam(max = 200) {
  return z
    .string('Comma-separated ids')
    .regex(new RegExp(`^[1-9][0-9]{0,9}(,[1-9][0-9]{0,9}){0,${max - 1}}$`), 'Comma-separated ids')
    .transform((s) => s.split(',').map(Number))
    .pipe(z.array(Id));
}

/** No line breaks or other control characters: a name or title is one line wherever it is shown (a mail's subject, a table cell, a PDF's bookmark). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
export const ONE_LINE = /^[^\u0000-\u001f\u007f]*$/;
export const ONE_LINE_MESSAGE = 'Keep it to one line, without line breaks';

export const Name = z.string().trim().min(1, 'Required').max(LIMITS.nameMax).regex(ONE_LINE, ONE_LINE_MESSAGE);
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(LIMITS.emailMax)
  .pipe(z.email('Enter an email address like name@example.org'));

export const PartnershipParams = z.object({ partnershipId: IdParam });
export const BoardParams = PartnershipParams.extend({ boardId: IdParam });
export const AgencyParams = PartnershipParams.extend({ agencyId: IdParam });
export const PersonParams = PartnershipParams.extend({ personId: IdParam });
export const MembershipParams = BoardParams.extend({ membershipId: IdParam });
export const RiskParams = PartnershipParams.extend({ riskId: IdParam });
export const MeetingParams = PartnershipParams.extend({ meetingId: IdParam });
export const ChallengeParams = PartnershipParams.extend({ challengeId: IdParam });

/**
 * GET …/audit: the log narrowed by who did it (`person`), the kind of entry (`group`), one record
 * (`record=risk:6`) and the London days it was written on (`from`, `to`, inclusive), a page at a time:
 * `before` is the id of the oldest entry already shown ("Show older"). Each names itself when refused.
 */
export const AuditQuery = z.object({
  /** Text in a query string: digits only, as for ids. */
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/, 'A number from 1 to 500')
    .transform(Number)
    .pipe(z.number().int().min(1).max(500, 'A number from 1 to 500'))
    .default(100),
  entityType: z.string().max(40).optional(),
  person: IdParam.optional(),
  group: z.enum(AUDIT_GROUPS, `One of ${AUDIT_GROUPS.join(', ')}`).optional(),
  record: z
    .string('A record, as kind:id')
    .regex(new RegExp(`^(${AUDIT_RECORD_KINDS.join('|')}):[1-9][0-9]{0,9}$`), `A record as kind:id, the kind one of ${AUDIT_RECORD_KINDS.join(', ')} (e.g. risk:6)`)
    .transform((s) => {
      const [kind, id] = s.split(':') as [AuditRecordKind, string];
      return { kind, id: Number(id) };
    })
    .pipe(z.object({ kind: z.enum(AUDIT_RECORD_KINDS), id: Id }))
    .optional(),
  from: z.string('A date as YYYY-MM-DD').regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD').refine(isCalendarDate, 'Not a real date').optional(),
  to: z.string('A date as YYYY-MM-DD').regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD').refine(isCalendarDate, 'Not a real date').optional(),
  before: IdParam.optional(),
}).refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'The end date is before the start date' });
export type AuditQuery = z.infer<typeof AuditQuery>;

/**
 * How an agenda link or a challenge's subject names a record: a risk's, action's or challenge's id, or a
 * mitigation's `<riskId>:<key>` (mitigationRowId). Whether it names a record of the partnership is the
 * server's check (server/services/references.ts).
 */
export const RecordRef = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_:-]{0,79}$/, 'Not a record reference');

/** A real calendar date, YYYY-MM-DD (see isCalendarDate): one schema for every date the product takes. */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD').refine(isCalendarDate, 'Not a real date');

// --- answers: what the server sends (the tables are shared/protocol/rest.ts and commands.ts) ---
//
// Answer schemas are strict objects: a field the server sends that the schema does not name is drift
// too, found by test/integration/response-schemas.test.ts and, in development and the e2e build, by
// the client (client/src/lib/api/http.ts). They never transform: what is parsed is what was sent.

/** A record's id in an answer. */
export const RowId = z.number().int().positive();
/** A moment in an answer: ISO 8601, as the server writes every timestamp (`toISOString()`). */
export const Timestamp = z.iso.datetime({ offset: true });
/** Someone or something named in an answer by id and name (a deputy, a child board). */
export const NamedRef = z.strictObject({ id: RowId, name: z.string() });
export type NamedRef = z.infer<typeof NamedRef>;
/** A share in whole percent, as attendance rates are reported. */
export const Percent = z.number().int().min(0).max(100);
/** A 204 answer: no body. */
export const NoContent = z.undefined();
