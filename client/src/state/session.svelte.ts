import type { Me } from '../../../shared/schemas/auth';
import type { LoginBody } from '../../../shared/schemas/auth';
import { AppError } from '../../../shared/errors';
import { api } from '../api';

export type SessionStatus = 'loading' | 'signedIn' | 'signedOut' | 'error';

/** The signed-in person as /api/auth/me describes them; null when nobody is signed in. */
export class Session {
  me = $state<Me | null>(null);
  status = $state<SessionStatus>('loading');
  /** Why the session ended, shown on the sign-in page (an expired session, say). */
  notice = $state<string | null>(null);
  loadError = $state<string | null>(null);

  partnership = $derived(this.me?.partnerships[0] ?? null);
  isAdmin = $derived(this.me?.partnerships[0]?.isAdmin ?? false);

  async load(): Promise<void> {
    this.status = 'loading';
    try {
      this.set(await api.me());
    } catch (err) {
      if (err instanceof AppError && err.status === 401) {
        this.clear(err.code === 'SESSION_EXPIRED' ? err.message : null);
      } else {
        this.loadError = err instanceof AppError ? err.message : 'The server could not be reached.';
        this.status = 'error';
      }
    }
  }

  async login(body: LoginBody): Promise<void> {
    this.set(await api.login(body));
  }

  async logout(): Promise<void> {
    try {
      await api.logout();
    } catch {
      // Signed out already, or the server is away: either way, forget the person here.
    }
    this.clear(null);
  }

  set(me: Me): void {
    this.me = me;
    this.notice = null;
    this.loadError = null;
    this.status = 'signedIn';
  }

  clear(notice: string | null): void {
    this.me = null;
    this.notice = notice;
    this.status = 'signedOut';
  }
}

export const session = new Session();
