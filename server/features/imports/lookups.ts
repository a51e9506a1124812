import { eq } from 'drizzle-orm';
import { accounts, agencies, boards, people } from '../../db/schema.js';
import type { ServiceContext } from '../../core/context.js';
import type { Read } from '../../../shared/exchange/cells.js';

export interface Named {
  id: number;
  name: string;
}

/** A name as compared: no case, no doubled or outer spaces. */
const key = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Records of one kind found by name (or, for people, e-mail); a name two records share is refused as ambiguous. */
export class ByName<T extends Named> {
  private readonly index = new Map<string, T | 'ambiguous'>();
  readonly byId: Map<number, T>;

  constructor(
    records: readonly T[],
    private readonly noun: string,
    also: (r: T) => string[] = () => [],
  ) {
    this.byId = new Map(records.map((r) => [r.id, r]));
    for (const r of records) {
      for (const k of new Set([key(r.name), ...also(r).map(key)])) this.index.set(k, this.index.has(k) ? 'ambiguous' : r);
    }
  }

  /** The record a cell names; null for an empty cell. */
  find(text: string): Read<T | null> {
    if (text.trim() === '') return { value: null };
    const found = this.index.get(key(text));
    if (found === 'ambiguous') return { error: `More than one ${this.noun} is called “${text.trim()}”: use their e-mail address` };
    return found ? { value: found } : { error: `No ${this.noun} called “${text.trim()}” in this partnership` };
  }
}

export interface Directory {
  people: ByName<Named & { agencyId: number }>;
  agencies: ByName<Named>;
  boards: ByName<Named>;
}

/** The partnership's people (by name or e-mail; the disabled left out), agencies and boards. */
export async function directoryOf(ctx: ServiceContext, partnershipId: number): Promise<Directory> {
  const folk = (await ctx.db
    .select({ id: people.id, name: people.name, agencyId: people.agencyId, email: accounts.email, disabled: people.disabled })
    .from(people)
    .innerJoin(accounts, eq(accounts.id, people.accountId))
    .where(eq(people.partnershipId, partnershipId))
    .all())
    .filter((p) => !p.disabled);
  return {
    people: new ByName(folk, 'person', (p) => [p.email]),
    agencies: new ByName((await ctx.db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(eq(agencies.partnershipId, partnershipId)).all()), 'agency'),
    boards: new ByName((await ctx.db.select({ id: boards.id, name: boards.name }).from(boards).where(eq(boards.partnershipId, partnershipId)).all()), 'board'),
  };
}
