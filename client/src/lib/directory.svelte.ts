import type { RiskMatrix } from '../../../shared/domain/scoring';
import type { AgencyView, BoardView, PersonView } from '../../../shared/schemas/admin';
import { api, messageOf } from './api';
import { riskApi } from './api/risks';
import { socketClient } from './sync/socket.svelte';

export type DirectoryList = 'agencies' | 'people' | 'boards' | 'matrix';
const ALL: readonly DirectoryList[] = ['agencies', 'people', 'boards', 'matrix'];

/** An index rebuilt whenever its list is replaced, never changed in place: not state of its own. */
function byId<T extends { id: number }>(list: readonly T[] | null): ReadonlyMap<number, T> {
  return new Map((list ?? []).map((item) => [item.id, item]));
}

const byName = <T extends { name: string }>(list: T[]) => list.toSorted((a, b) => a.name.localeCompare(b.name));

/**
 * The current partnership's people, agencies and boards, and its risk matrix: the lookups every page
 * needs (owner and agency pickers, names for ids, board lists, band colours), loaded once per partnership and shared, instead of
 * each page fetching its own. The session points it at its partnership (and again when the session
 * works in another). Kept live: the session reads it again once it has read the person again after
 * their seats changed (`membership:changed`) or the socket came back from an absence (what changed
 * meanwhile was not pushed) — never before, so a session ended meanwhile is not read with; an
 * administrator's change in this tab reads it again too; the matrix follows `risk-matrix:changed`.
 */
export class Directory {
  partnershipId = $state<number | null>(null);
  /** Sorted by name; null until loaded. People include those disabled (their names still show on records). */
  agencies = $state.raw<AgencyView[] | null>(null);
  people = $state.raw<PersonView[] | null>(null);
  boards = $state.raw<BoardView[] | null>(null);
  matrix = $state.raw<RiskMatrix | null>(null);
  /** Why the last load failed, in words; cleared by the next that succeeds. */
  error = $state<string | null>(null);

  ready = $derived(this.agencies !== null && this.people !== null && this.boards !== null);
  /** Those who can still be given work (an owner, an action): not disabled. */
  activePeople = $derived((this.people ?? []).filter((p) => !p.disabled));
  personById: ReadonlyMap<number, PersonView> = $derived(byId(this.people));
  agencyById: ReadonlyMap<number, AgencyView> = $derived(byId(this.agencies));
  boardById: ReadonlyMap<number, BoardView> = $derived(byId(this.boards));

  /** Bumped on every change of partnership: an answer for the partnership left is dropped. */
  private generation = 0;
  private listening: (() => void)[] = [];

  /** Works for `partnershipId`: loads its lists, unless they are this partnership's already. */
  use(partnershipId: number): void {
    if (this.partnershipId === partnershipId) return;
    this.clear();
    this.partnershipId = partnershipId;
    this.listen();
    void this.reload();
  }

  /**
   * Reads some or all of the lists again (after a change); the lists shown stay until the new ones arrive.
   * `background`: the session reads them again by itself (a push, a reconnect), not the person (see BACKGROUND_READ_HEADER).
   */
  async reload(lists: readonly DirectoryList[] = ALL, { background = false }: { background?: boolean } = {}): Promise<void> {
    const pid = this.partnershipId;
    if (pid === null) return;
    const generation = this.generation;
    const options = { background };
    const load = async (list: DirectoryList): Promise<void> => {
      if (list === 'agencies') {
        const agencies = byName(await api.agencies(pid, options));
        if (generation === this.generation) this.agencies = agencies;
      } else if (list === 'people') {
        const people = byName(await api.people(pid, options));
        if (generation === this.generation) this.people = people;
      } else if (list === 'boards') {
        const boards = byName(await api.boards(pid, options));
        if (generation === this.generation) this.boards = boards;
      } else {
        const matrix = await riskApi.matrix(pid, options);
        if (generation === this.generation) this.matrix = matrix;
      }
    };
    const results = await Promise.allSettled(lists.map(load));
    if (generation !== this.generation) return;
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    this.error = failed ? `The partnership's people, agencies, boards or risk matrix could not be loaded: ${messageOf(failed.reason)}` : null;
  }

  personName(id: number | null | undefined): string | null {
    return id == null ? null : (this.personById.get(id)?.name ?? null);
  }

  agencyName(id: number | null | undefined): string | null {
    return id == null ? null : (this.agencyById.get(id)?.name ?? null);
  }

  /** Signed out: nothing of the partnership stays in memory. */
  clear(): void {
    this.generation++;
    this.partnershipId = null;
    this.agencies = null;
    this.people = null;
    this.boards = null;
    this.matrix = null;
    this.error = null;
    for (const stop of this.listening) stop();
    this.listening = [];
  }

  private listen(): void {
    if (this.listening.length > 0) return;
    this.listening.push(socketClient.onRiskMatrixChanged((matrix) => (this.matrix = matrix)));
  }
}

export const directory = new Directory();
