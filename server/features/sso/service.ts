import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../../../shared/errors.js';
import { nulPaths } from '../../../shared/validate.js';
import { isLoopbackHttp, type SsoErrorCode, type SsoLookup, type SsoSettingsPayload, type SsoSettingsView } from '../../../shared/schemas/sso.js';
import type { ServiceContext } from '../../core/context.js';
import { hashToken, normaliseEmail } from '../auth/index.js';
import { authorizationUrl, discover, exchange, newPendingSignIn } from './provider.js';
import { issuerAllowed } from './issuers.js';
import { STATE_TTL_MS, type SsoRepository, type SsoRow } from './repo.js';

export const CALLBACK_PATH = '/api/auth/sso/callback';

/** A sign-in that came back: a session to open, or the reason it is refused (the login page says it in words). */
export type SsoOutcome = { ok: true; token: string; personId: number } | { ok: false; code: SsoErrorCode };

const domainOf = (email: string): string => email.slice(email.lastIndexOf('@') + 1);

/** The settings an audit entry may show: everything but the secret. */
const audited = (r: Pick<SsoRow, 'label' | 'issuerUrl' | 'clientId' | 'allowedDomains' | 'required' | 'createsPeople' | 'newPeopleAgencyId' | 'trustsProviderEmail' | 'enabled'>) => ({
  label: r.label,
  issuerUrl: r.issuerUrl,
  clientId: r.clientId,
  allowedDomains: r.allowedDomains,
  required: r.required,
  createsPeople: r.createsPeople,
  newPeopleAgencyId: r.newPeopleAgencyId,
  trustsProviderEmail: r.trustsProviderEmail,
  enabled: r.enabled,
});

const invalid = (path: string, message: string) => new AppError('VALIDATION_FAILED', message, [{ path, message }]);

/**
 * Single sign-on with OpenID Connect, per partnership: its administrators' settings, the sign-in
 * page's question "does this address sign in through its organisation?", and the code + PKCE flow.
 * The client secret is sealed (ctx.secrets) before it is stored and opened only to talk to the
 * provider; it is never logged, audited or answered.
 */
export class SsoService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: SsoRepository,
  ) {}

  /** Where the provider sends people back; the administrator registers it with the provider. */
  get redirectUri(): string {
    return `${this.ctx.config.publicUrl}${CALLBACK_PATH}`;
  }

  async view(partnershipId: number): Promise<SsoSettingsView> {
    const row = await this.repo.settings(partnershipId);
    if (!row) {
      const blank = { label: '', issuerUrl: '', clientId: '', allowedDomains: [], required: false, createsPeople: false, newPeopleAgencyId: null, trustsProviderEmail: false, enabled: false };
      return { configured: false, ...blank, secretSet: false, redirectUri: this.redirectUri, updatedAt: null };
    }
    return { configured: true, ...audited(row), secretSet: row.clientSecretSealed !== '', redirectUri: this.redirectUri, updatedAt: row.updatedAt };
  }

  /**
   * Saves the settings. The secret given replaces the one kept; none given keeps it (required the
   * first time). Turned on, the issuer's discovery document must answer now: a typo is said at once,
   * not found by the first person who tries to sign in. Saved turned off, it is not looked up, so
   * an administrator may prepare the settings before the provider is ready.
   *
   * Requiring it is saved only by an administrator whose own session this provider opened: proof that
   * the settings work end to end before every password stops. Saved required, it ends at once every
   * session it bars (endSessionsBarredBy), each told why.
   */
  async save(partnershipId: number, actorId: number, p: SsoSettingsPayload, sessionTokenHash: string): Promise<SsoSettingsView> {
    const before = await this.repo.settings(partnershipId);
    const kept = before ? this.ctx.secrets.open(before.clientSecretSealed) : null;
    const secret = p.clientSecret ?? kept;
    if (!secret) throw invalid('clientSecret', 'Give the client secret the provider issued');
    if (isLoopbackHttp(new URL(p.issuerUrl)) && !isLoopbackHttp(new URL(this.ctx.config.publicUrl))) {
      throw invalid('issuerUrl', 'The issuer must be https: plain http is only for a provider on this machine while the product itself runs there (a trial or a test).');
    }
    if (!issuerAllowed(p.issuerUrl, this.ctx.config.ssoIssuers)) {
      throw invalid('issuerUrl', `This service only signs people in through ${this.ctx.config.ssoIssuers.join(', ')}. Ask its operator to allow another provider.`);
    }
    if (p.newPeopleAgencyId !== null && !(await this.repo.agencyIn(partnershipId, p.newPeopleAgencyId))) {
      throw invalid('newPeopleAgencyId', 'Choose one of the partnership’s agencies');
    }
    if (p.required && p.enabled) {
      // Requiring single sign-on for everyone includes the administrator saving it: their own address
      // must be one it accepts, and they must have come in through it, or they could lock everyone out.
      const own = await this.repo.emailOf(actorId);
      if (own && !p.allowedDomains.includes(domainOf(own))) {
        throw invalid('required', `Your own address (${own}) is not of an allowed domain: requiring single sign-on would lock you out. Add its domain first.`);
      }
      // The proof is of the provider as saved: the same issuer, client and secret, and (turning the
      // requirement on) a session opened since the settings were last saved. A secret mistyped, or a
      // new client, saved straight in as required would stop every password with no way in.
      const opening = await this.repo.sessionOpening(sessionTokenHash);
      const sameProvider = before?.enabled && before.issuerUrl === p.issuerUrl && before.clientId === p.clientId && secret === kept;
      const inForce = before?.required && before.enabled;
      const since = before ? Date.parse(before.updatedAt) : Infinity;
      if (opening?.via !== partnershipId || !sameProvider || (!inForce && opening.createdAt < since)) {
        throw invalid('required', 'Sign in through this provider yourself first, as it is saved now (save it turned on but not required, sign out, and use “Sign in with” on the sign-in page): that proves it works before everyone’s passwords stop.');
      }
    }
    if (p.enabled) {
      try {
        await discover({ issuerUrl: p.issuerUrl, clientId: p.clientId, clientSecret: secret });
      } catch (err) {
        const why = err instanceof Error ? err.message.slice(0, 200) : 'no answer';
        const message = `The issuer’s discovery document (${p.issuerUrl.replace(/\/+$/, '')}/.well-known/openid-configuration) could not be read: ${why}`;
        throw new AppError('VALIDATION_FAILED', message, [{ path: 'issuerUrl', message }]);
      }
    }
    const values = {
      label: p.label,
      issuerUrl: p.issuerUrl,
      clientId: p.clientId,
      clientSecretSealed: this.ctx.secrets.seal(secret),
      allowedDomains: p.allowedDomains,
      required: p.required,
      createsPeople: p.createsPeople,
      newPeopleAgencyId: p.newPeopleAgencyId,
      trustsProviderEmail: p.trustsProviderEmail,
      enabled: p.enabled,
    };
    const { sessionsEnded } = await this.repo.save(partnershipId, actorId, values, { before: before ? audited(before) : null, after: audited(values), secretChanged: p.clientSecret !== undefined && p.clientSecret !== kept });
    for (const tokenHash of sessionsEnded) this.ctx.bus.emit('session.ended', { tokenHash, reason: 'sso_required' });
    return this.view(partnershipId);
  }

  /** The sign-in page's question: by the address's domain only (see SsoLookup). */
  async lookup(email: string): Promise<SsoLookup> {
    const rows = await this.repo.enabledForDomain(domainOf(normaliseEmail(email)));
    const hint = encodeURIComponent(normaliseEmail(email));
    return { options: rows.map((r) => ({ partnershipId: r.partnershipId, label: r.label, url: `/api/auth/sso/${r.partnershipId}/start?login_hint=${hint}`, required: r.required })) };
  }

  /** The provider's address for a new sign-in, with its state (for the browser's cookie), or why not. */
  async start(partnershipId: number, loginHint: string | null): Promise<{ ok: true; url: string; state: string } | { ok: false; code: SsoErrorCode }> {
    const row = await this.repo.settings(partnershipId);
    if (!row || !row.enabled) return { ok: false, code: 'unavailable' };
    if (!issuerAllowed(row.issuerUrl, this.ctx.config.ssoIssuers)) return this.refuse(partnershipId, 'unavailable', { reason: 'the issuer is not among SSO_ALLOWED_ISSUERS' });
    const secret = this.ctx.secrets.open(row.clientSecretSealed);
    if (!secret) return this.refuse(partnershipId, 'unavailable', { reason: 'the client secret cannot be opened with this SECRETS_KEY' });
    let config;
    try {
      config = await discover({ issuerUrl: row.issuerUrl, clientId: row.clientId, clientSecret: secret });
    } catch (err) {
      return this.refuse(partnershipId, 'unavailable', { reason: `discovery failed: ${String(err instanceof Error ? err.message : err).slice(0, 200)}` });
    }
    const pending = newPendingSignIn();
    await this.repo.putState({ stateHash: hashToken(pending.state), partnershipId, nonce: pending.nonce, codeVerifier: pending.codeVerifier, loginHint, createdAt: this.ctx.clock() });
    const url = await authorizationUrl(config, this.redirectUri, pending, loginHint);
    return { ok: true, url: url.href, state: pending.state };
  }

  /**
   * The provider sent the browser back. `query` is the callback's query string as sent; `browserState`
   * the state this browser was given at the start (its cookie): a callback carrying another
   * browser's state is refused, so nobody can sign someone else in as themselves.
   */
  async callback(query: URLSearchParams, browserState: string | undefined): Promise<SsoOutcome> {
    const state = query.get('state');
    // Unknown, used or forged: no partnership to put it on the record of, so the log has it.
    const pending = state ? await this.repo.takeState(state) : undefined;
    if (!state || !pending) {
      this.ctx.config.log('single sign-on refused: unknown or used state', {});
      return { ok: false, code: 'state' };
    }
    const partnershipId = pending.partnershipId;
    if (!browserState || !sameText(browserState, state)) return this.refuse(partnershipId, 'state', { reason: 'the state was not the one given to this browser' });
    if (this.ctx.clock() - pending.createdAt > STATE_TTL_MS) return this.refuse(partnershipId, 'state', { reason: 'the state expired' });
    const providerError = query.get('error');
    if (providerError) return this.refuse(partnershipId, 'provider', { reason: 'the provider refused', providerError: printable(providerError, 100), description: printable(query.get('error_description') ?? '', 200) });
    const row = await this.repo.settings(partnershipId);
    const secret = row?.enabled ? this.ctx.secrets.open(row.clientSecretSealed) : null;
    if (!row || !secret) return this.refuse(partnershipId, 'unavailable', { reason: 'single sign-on was turned off or its secret cannot be opened' });
    if (!issuerAllowed(row.issuerUrl, this.ctx.config.ssoIssuers)) return this.refuse(partnershipId, 'unavailable', { reason: 'the issuer is not among SSO_ALLOWED_ISSUERS' });

    let identity;
    try {
      const config = await discover({ issuerUrl: row.issuerUrl, clientId: row.clientId, clientSecret: secret });
      identity = await exchange(config, new URL(`${this.redirectUri}?${query.toString()}`), { state, nonce: pending.nonce, codeVerifier: pending.codeVerifier });
    } catch (err) {
      // The state, nonce, PKCE or ID token did not check out, or the provider did not answer.
      return this.refuse(partnershipId, 'provider', { reason: `the code exchange failed: ${describe(err)}` });
    }
    // A NUL in a claim can be no one's name or address (and no engine stores one alike): refused, as any input holding one is.
    if (nulPaths([identity.email, identity.name, identity.subject]).length > 0) return this.refuse(partnershipId, 'provider', { reason: 'the identity holds a NUL character', subject: printable(identity.subject, 200) });
    // An address the provider says is unverified never counts; one it says nothing about counts only
    // where the administrator has said this provider vouches for every address it sends (Entra ID).
    const verified = identity.emailVerified === true || (identity.emailVerified === null && row.trustsProviderEmail);
    if (!identity.email || !verified) return this.refuse(partnershipId, 'unverified', { reason: 'no verified e-mail address', subject: identity.subject.slice(0, 200) });
    const email = normaliseEmail(identity.email);
    if (!row.allowedDomains.includes(domainOf(email))) return this.refuse(partnershipId, 'domain', { reason: 'e-mail domain not allowed', email });
    // The address typed on the sign-in page, when there was one: a browser still signed in at the
    // provider as someone else (a shared computer) must not quietly become that someone here.
    if (pending.loginHint && pending.loginHint !== email) return this.refuse(partnershipId, 'mismatch', { reason: 'the provider signed in another address than the one typed', email, typed: pending.loginHint });
    const name = (identity.name?.trim() || email.slice(0, email.indexOf('@'))).slice(0, 200);
    let opened;
    try {
      opened = await this.repo.signIn(partnershipId, email, name, row.createsPeople ? row.newPeopleAgencyId : null, { email, issuer: row.issuerUrl });
    } catch (err) {
      // An account waiting for its owner's first password elsewhere cannot be linked (addPersonRow).
      if (!(err instanceof AppError)) throw err;
      opened = null;
    }
    if (!opened) return this.refuse(partnershipId, 'unknown', { reason: 'no active person with this e-mail', email });
    return { ok: true, token: opened.token, personId: opened.personId };
  }

  private async refuse(partnershipId: number, code: SsoErrorCode, detail: Record<string, unknown>): Promise<{ ok: false; code: SsoErrorCode }> {
    await this.repo.refused({ partnershipId, actorId: null, detail: { code, ...detail } });
    return { ok: false, code };
  }
}

/**
 * An error's message with its causes' (openid-client wraps oauth4webapi's, which names the claim:
 * 'unexpected ID Token "nonce" claim value'), never their tokens or bodies.
 */
function describe(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) parts.push(e.message.slice(0, 120));
  return (parts.join(': ') || String(err)).slice(0, 300);
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** What a stranger's query string says, put on the record: no control characters, at most `max` characters. */
function printable(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what it drops
  return text.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, max);
}
