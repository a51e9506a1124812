import { z } from 'zod';
import { Email } from './common.js';

/**
 * Single sign-on with OpenID Connect, per partnership (issue 15 item 5). The client secret is
 * write-only: a save may carry a new one, an answer only says whether one is set.
 */

/** Loopback hosts, the only ones an issuer may be reached at over plain http (a provider on the same machine: tests, a lab). */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'] as const;

export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && (LOOPBACK_HOSTS as readonly string[]).includes(url.hostname);
}

/** An issuer: https, or http only on this machine; no query or fragment (the discovery document is found under it). */
export const IssuerUrl = z
  .string()
  .trim()
  .max(500)
  .refine((v) => URL.canParse(v), 'Give the issuer’s address, e.g. https://login.microsoftonline.com/<tenant>/v2.0')
  .refine((v) => !URL.canParse(v) || new URL(v).protocol === 'https:' || isLoopbackHttp(new URL(v)), 'The issuer must be https (plain http only for 127.0.0.1 or localhost)')
  .refine((v) => !URL.canParse(v) || (!new URL(v).search && !new URL(v).hash && !new URL(v).username), 'The issuer’s address has no query, fragment or credentials');

/** A lower-case e-mail domain such as "council.gov.uk" (no "@"). */
export const EmailDomain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'Give a domain such as council.gov.uk');

export const SSO_LIMITS = { domainsMax: 20, secretMax: 1000, clientIdMax: 500, labelMax: 80 } as const;

/**
 * What an administrator saves. `clientSecret` absent keeps the one set; it is required the first time.
 * People made on first sign-in need an agency (every person has one): the administrator chooses it.
 */
export const SsoSettingsPayload = z
  .object({
    label: z.string().trim().min(1, 'Required').max(SSO_LIMITS.labelMax),
    issuerUrl: IssuerUrl,
    clientId: z.string().trim().min(1, 'Required').max(SSO_LIMITS.clientIdMax),
    clientSecret: z.string().min(1, 'Required').max(SSO_LIMITS.secretMax).optional(),
    allowedDomains: z
      .array(EmailDomain)
      .min(1, 'Give at least one e-mail domain')
      .max(SSO_LIMITS.domainsMax)
      .refine((d) => new Set(d).size === d.length, 'Each domain once'),
    required: z.boolean().default(false),
    createsPeople: z.boolean().default(false),
    newPeopleAgencyId: z.number().int().positive().nullable().default(null),
    trustsProviderEmail: z.boolean().default(false),
    enabled: z.boolean().default(true),
  })
  .refine((p) => !p.createsPeople || p.newPeopleAgencyId !== null, { path: ['newPeopleAgencyId'], message: 'Choose the agency people made on first sign-in belong to' });
export type SsoSettingsPayload = z.infer<typeof SsoSettingsPayload>;

/** The settings as an administrator reads them: never the secret, only whether one is set. */
export const SsoSettingsView = z.strictObject({
  configured: z.boolean(),
  label: z.string(),
  issuerUrl: z.string(),
  clientId: z.string(),
  secretSet: z.boolean(),
  allowedDomains: z.array(z.string()),
  required: z.boolean(),
  createsPeople: z.boolean(),
  newPeopleAgencyId: z.number().nullable(),
  trustsProviderEmail: z.boolean(),
  enabled: z.boolean(),
  /** Where the provider sends people back (register it with the provider). */
  redirectUri: z.string(),
  updatedAt: z.string().nullable(),
});
export type SsoSettingsView = z.infer<typeof SsoSettingsView>;

/** The sign-in page asks, once an address is typed, whether its domain signs in through a provider. */
export const SsoLookupBody = z.object({ email: Email });
export type SsoLookupBody = z.infer<typeof SsoLookupBody>;
/**
 * The providers the address's domain may sign in with (none: a password). Answered by the domain
 * only, never by whether a person has the address; a domain several partnerships allow (nhs.net)
 * lists each of them, in partnership order.
 */
export const SsoOption = z.strictObject({ partnershipId: z.number().int().positive(), label: z.string(), url: z.string(), required: z.boolean() });
export const SsoLookup = z.strictObject({ options: z.array(SsoOption) });
export type SsoLookup = z.infer<typeof SsoLookup>;

/**
 * Why a single sign-on came back to the sign-in page (`/login?sso_error=<code>`): the page says it in words.
 * Never more detail than this: the provider's own words are audited, not shown.
 */
export const SSO_ERRORS = {
  provider: 'The organisation’s sign-in service refused or could not complete the sign-in. Try again, or ask your administrator.',
  state: 'That sign-in link has expired or was already used. Start again from the sign-in page.',
  unverified: 'Your organisation did not confirm your e-mail address, so it cannot be used to sign in here.',
  domain: 'Your e-mail address is not one this partnership accepts for single sign-on.',
  mismatch: 'Your organisation signed you in with a different e-mail address from the one you typed. Type that address, or sign out of your organisation’s account first.',
  unknown: 'There is no active account for your e-mail address in this partnership. Ask your administrator to add you.',
  unavailable: 'Single sign-on is not available for this partnership just now. Ask your administrator.',
} as const;
export type SsoErrorCode = keyof typeof SSO_ERRORS;
export const SsoErrorCode = z.enum(Object.keys(SSO_ERRORS) as [SsoErrorCode, ...SsoErrorCode[]]);

/**
 * What an SSO_REQUIRED refusal carries: the organisation's label and where its sign-in starts, so a
 * page can offer the way in (the switcher offers it when a partnership admits only its own provider).
 */
export const SsoRequiredDetails = z.strictObject({ label: z.string(), url: z.string().startsWith('/api/auth/sso/') });
export type SsoRequiredDetails = z.infer<typeof SsoRequiredDetails>;

/** The label the sign-in page offers: "Sign in with <label>". */
export const signInWith = (label: string): string => `Sign in with ${label}`;
