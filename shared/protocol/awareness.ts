import { z } from 'zod';

/**
 * Awareness over the Yjs channel: who is here and where their caret is. The person is the server's
 * word, never the client's: the server replaces each state's `user` with the person the connection
 * signed in as, keeps only the fields below, and drops states for client ids the connection did not
 * introduce (DOC_LIMITS.awarenessIdsPerConnection).
 */
export interface PresenceUser {
  personId?: number;
  name: string;
  agency: string;
  color: string;
}

/** What a client may publish about itself; everything else in its state is dropped by the server. */
export const ClientAwareness = z.object({
  field: z.string().max(120).nullable().optional(),
  cursor: z
    .object({ field: z.string().max(120), anchor: z.json(), head: z.json() })
    .nullable()
    .optional(),
});
export type ClientAwareness = z.infer<typeof ClientAwareness>;

/** A person's colour for carets and the presence list: dark enough for white text on it (AA). */
const PRESENCE_COLOURS = ['#1d4ed8', '#b91c1c', '#15803d', '#7e22ce', '#a16207', '#0e7490', '#be185d', '#4d7c0f'];
export function colourFor(personId: number): string {
  return PRESENCE_COLOURS[personId % PRESENCE_COLOURS.length]!;
}
