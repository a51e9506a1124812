import type { AgencyView, BoardView, PersonView } from '../../../../shared/schemas/admin';
import { directory } from '../../lib/directory.svelte';

/**
 * What the administration tabs share: the partnership's agencies, people and boards, which are the
 * partnership directory's (one copy for the whole app). A change made here reads the changed list
 * again, so every page shows it, not only this tab.
 */
export class AdminData {
  constructor(readonly partnershipId: number) {}

  get agencies(): AgencyView[] | null {
    return directory.agencies;
  }

  get people(): PersonView[] | null {
    return directory.people;
  }

  get boards(): BoardView[] | null {
    return directory.boards;
  }

  get error(): string | null {
    return directory.error;
  }

  /** On opening the administration page: what another administrator changed since is shown. */
  loadAll(): Promise<void> {
    return directory.reload();
  }

  loadAgencies(): Promise<void> {
    return directory.reload(['agencies']);
  }

  loadPeople(): Promise<void> {
    return directory.reload(['people']);
  }

  loadBoards(): Promise<void> {
    return directory.reload(['boards']);
  }
}
