import { asc, eq } from 'drizzle-orm';
import { memberships, people } from '../db/schema.js';
import type { Actor } from '../../shared/domain/permissions.js';
import type { BoardRole } from '../../shared/domain/roles.js';
import type { ServiceContext } from './context.js';

const ROLE_RANK: Record<BoardRole, number> = { observer: 0, member: 1, vice_chair: 2, chair: 3 };

/**
 * Loads the person's authority from the database. Read fresh for each request and each realtime
 * check, so a change of membership takes effect at once.
 */
export async function loadActor(ctx: ServiceContext, personId: number): Promise<Actor | null> {
  const person = await ctx.db.select().from(people).where(eq(people.id, personId)).get();
  if (!person || person.disabled) return null;
  const boardRoles = new Map<number, BoardRole>();
  // In board order: the boards a person's capabilities list follow it, on either engine.
  const own = await ctx.db.select().from(memberships).where(eq(memberships.personId, personId)).orderBy(asc(memberships.boardId)).all();
  for (const m of own) boardRoles.set(m.boardId, m.role);
  // A named deputy attends with the decision-making powers of the member they stand in for.
  const deputising = await ctx.db.select().from(memberships).where(eq(memberships.deputyPersonId, personId)).orderBy(asc(memberships.boardId)).all();
  for (const m of deputising) {
    const current = boardRoles.get(m.boardId);
    // A deputy stands in as a member: chairing is the chair's and vice-chairs' own office, not lent.
    const granted: BoardRole = m.role === 'chair' || m.role === 'vice_chair' ? 'member' : m.role;
    if (current === undefined || ROLE_RANK[granted] > ROLE_RANK[current]) boardRoles.set(m.boardId, granted);
  }
  return {
    personId: person.id,
    partnershipId: person.partnershipId,
    agencyId: person.agencyId,
    isPartnershipAdmin: person.isPartnershipAdmin,
    boardRoles,
  };
}
