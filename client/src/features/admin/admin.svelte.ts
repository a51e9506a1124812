import type { AgencyView, BoardView, PersonView } from '../../../../shared/schemas/admin';
import { api, messageOf } from '../../lib/api';

/** The partnership's agencies, people and boards, shared by the administration tabs. */
export class AdminData {
  agencies = $state<AgencyView[] | null>(null);
  people = $state<PersonView[] | null>(null);
  boards = $state<BoardView[] | null>(null);
  error = $state<string | null>(null);

  constructor(readonly partnershipId: number) {}

  async loadAll(): Promise<void> {
    await Promise.all([this.loadAgencies(), this.loadPeople(), this.loadBoards()]);
  }

  async loadAgencies(): Promise<void> {
    await this.guard(async () => {
      this.agencies = (await api.agencies(this.partnershipId)).toSorted((a, b) => a.name.localeCompare(b.name));
    });
  }

  async loadPeople(): Promise<void> {
    await this.guard(async () => {
      this.people = (await api.people(this.partnershipId)).toSorted((a, b) => a.name.localeCompare(b.name));
    });
  }

  async loadBoards(): Promise<void> {
    await this.guard(async () => {
      this.boards = await api.boards(this.partnershipId);
    });
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.error = messageOf(err);
    }
  }
}
