import type { Me } from '../../../shared/schemas/auth';
import type { LoginBody } from '../../../shared/schemas/auth';
import { AppError } from '../../../shared/errors';
import type { SessionEndReason } from '../../../shared/protocol/socket';
import { api } from './api';
import { directory } from './directory.svelte';
import { forgetLocalDocs, keepOnlyFor } from './sync/local-docs';
import { socketClient } from './sync/socket.svelte';

export type SessionStatus = 'loading' | 'signedIn' | 'signedOut' | 'error';

/** What the sign-in page says when the server ended the session, by the server's reason. */
const ENDED_NOTICE: Record<SessionEndReason, string> = {
  signed_out: 'You have been signed out.',
  expired: 'You have been signed out because your session expired. Sign in again to carry on.',
  disabled: 'You have been signed out.',
  password_reset: 'You have been signed out because the password for this account was reset.',
  sso_required: 'You have been signed out because your partnership now signs its people in through their organisation. Type your e-mail address to sign in that way.',
  partnership_switched: 'You switched partnership.',
};

/** The signed-in person as /api/auth/me describes them; null when nobody is signed in. */
export class Session {
  me = $state<Me | null>(null);
  status = $state<SessionStatus>('loading');
  /** Why the session ended, shown on the sign-in page (an expired session, say). */
  notice = $state<string | null>(null);
  loadError = $state<string | null>(null);
  /** Why the person's seats and rights could not be read again after a change (see refresh). */
  refreshError = $state<string | null>(null);

  partnership = $derived(this.me?.partnership ?? null);
  /** A server-ended session being handled (not state: nothing renders it). */
  private ending: Promise<void> | null = null;

  constructor() {
    socketClient.onSessionEnded((reason) => void this.endedByServer(reason));
    // A seat given or taken away shows at once: read who this person is again, quietly.
    socketClient.onMembershipChanged(() => {
      if (this.status === 'signedIn') void this.refresh(true);
    });
    // A tab whose socket was away while another tab switched partnership never heard of it: its
    // socket comes back as the other partnership's person, so this page, of the one left, starts again.
    socketClient.afterReconnect(() => {
      if (this.status === 'signedIn') void this.refresh(true);
    });
  }

  /**
   * Reads who this person is again (their seats and rights changed, or the socket was away). Unanswered,
   * the page says its rights may be out of date, with a retry (`refreshError`); a session that ended
   * meanwhile is announced by its own push.
   */
  async refresh(background = false): Promise<void> {
    try {
      // `background`: read because of a push or a reconnect, not the person: it does not slide the idle window.
      const me = await api.me({ background });
      if (me.partnership.id !== this.me?.partnership.id) {
        window.location.assign('/');
        return;
      }
      this.set(me);
      // Read after Me, not beside it: had the session ended, Me's quiet refusal stops here, and its
      // own push (session:ended) says so, where the lists' refusal would send the page to sign-in.
      void directory.reload(undefined, { background });
    } catch (err) {
      if (err instanceof AppError && err.status === 401) return;
      this.refreshError = `Your boards and roles may have changed, and this page could not read them again: ${err instanceof AppError ? err.message : 'the server could not be reached.'}`;
    }
  }

  async load(): Promise<void> {
    this.status = 'loading';
    try {
      const me = await api.me();
      // A session opened elsewhere (single sign-on's redirect, a reset link) is checked the same way.
      await keepOnlyFor(me.person.email);
      this.set(me);
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
    const me = await api.login(body);
    // What another person left on this device goes before anything of this person's is shown or kept.
    await keepOnlyFor(me.person.email);
    this.set(me);
  }

  async logout(): Promise<void> {
    // This page's own socket must not hear its own sign-out as one made elsewhere.
    socketClient.disconnect();
    try {
      await api.logout();
    } catch {
      // Signed out already, or the server is away: either way, forget the person here.
    }
    this.clear(null);
  }

  /**
   * The server ended the session this page's socket was opened with: go to sign-in with the reason
   * (the app's guard navigates on 'signedOut'), forgetting the records kept on this device as
   * sign-out does. A tab that already holds a newer session of the same person (a reset link
   * accepted here) carries on with it instead.
   */
  endedByServer(reason: SessionEndReason): Promise<void> {
    // An announcement heard again while the first is handled changes nothing.
    this.ending ??= this.end(reason).finally(() => (this.ending = null));
    return this.ending;
  }

  /**
   * Works in another of the account's partnerships. Every tab of the session follows (the server
   * closes their connections); this page starts again at the home page, as do they, so nothing on
   * screen is left from the partnership left behind. What is stored on this device stays: records
   * typed offline sync when the person comes back to that partnership.
   */
  async switchPartnership(partnershipId: number): Promise<void> {
    // The socket stays open until the switch is made: refused (that partnership has disabled them
    // since, say), this page carries on as it was, live.
    await api.switchPartnership(partnershipId);
    socketClient.disconnect();
    window.location.assign('/');
  }

  private async end(reason: SessionEndReason): Promise<void> {
    if (reason === 'partnership_switched') {
      // Switched in another tab: this page shows the partnership that was left.
      socketClient.disconnect();
      window.location.assign('/');
      return;
    }
    // Unanswered or refused: there is no newer session here, so the ended one is ended.
    const current = await api.me().catch(() => null);
    if (current && this.me && current.person.id === this.me.person.id) {
      socketClient.resume();
      return;
    }
    socketClient.disconnect();
    this.clear(ENDED_NOTICE[reason]);
    await forgetLocalDocs();
  }

  set(me: Me): void {
    this.me = me;
    // The partnership's lookups follow the session's partnership (loaded once, not per page).
    directory.use(me.partnership.id);
    this.notice = null;
    this.loadError = null;
    this.refreshError = null;
    this.status = 'signedIn';
  }

  clear(notice: string | null): void {
    this.me = null;
    directory.clear();
    this.notice = notice;
    this.status = 'signedOut';
  }
}

export const session = new Session();
