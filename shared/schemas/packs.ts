import { z } from 'zod';
import { IsoDate, MeetingParams, RowId, Timestamp } from './common.js';

/** A published board pack: the version members received, kept as it was. */
export const PackVersionView = z.strictObject({
  meetingId: RowId,
  version: z.number().int().min(1),
  publishedAt: Timestamp,
  publishedByName: z.string().nullable(),
  pages: z.number().int().min(1),
});
export type PackVersionView = z.infer<typeof PackVersionView>;

export const PublishPackPayload = z.object({ meetingId: z.number().int().positive().max(2 ** 31 - 1) });

export const PackVersionParams = MeetingParams.extend({ version: z.string().regex(/^[1-9][0-9]{0,5}$/, 'Not a version of the pack').transform(Number) });

export const PackChangesView = z.strictObject({
  /** The latest published pack, or null when none is. */
  published: PackVersionView.nullable(),
  changes: z.array(z.strictObject({ area: z.enum(['register', 'plan', 'scorecard']), record: z.string(), what: z.string(), was: z.string(), now: z.string() })),
  /** When the comparison was made (London day). */
  asOf: IsoDate,
});
export type PackChangesView = z.infer<typeof PackChangesView>;
