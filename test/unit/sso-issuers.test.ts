import { describe, expect, it } from 'vitest';
import { issuerAllowed } from '../../server/features/sso/issuers.js';

describe('issuerAllowed (SSO_ALLOWED_ISSUERS)', () => {
  const entra = ['https://login.microsoftonline.com'];
  const tenant = ['https://login.microsoftonline.com/4f1c-tenant/'];
  it.each([
    ['any https issuer where the deployment lists none', 'https://idp.example', [], true],
    ['an issuer under a listed origin', 'https://login.microsoftonline.com/4f1c-tenant/v2.0', entra, true],
    ['a listed origin itself, with a trailing slash', 'https://login.microsoftonline.com/', entra, true],
    ['the host in capitals (URLs compare host case-blind)', 'https://LOGIN.microsoftonline.com/t/v2.0', entra, true],
    ['a look-alike host that starts with the listed one', 'https://login.microsoftonline.com.evil.example/t', entra, false],
    ['the same host over plain http', 'http://login.microsoftonline.com/t', entra, false],
    ['another port', 'https://login.microsoftonline.com:8443/t', entra, false],
    ['the listed tenant', 'https://login.microsoftonline.com/4f1c-tenant/v2.0', tenant, true],
    ['another tenant where one is listed', 'https://login.microsoftonline.com/other-tenant/v2.0', tenant, false],
    ['a path that only starts with the tenant’s text', 'https://login.microsoftonline.com/4f1c-tenant-evil/v2.0', tenant, false],
    ['an address that does not parse', 'not a url', entra, false],
    ['a listed entry that does not parse is no allowance', 'https://idp.example', ['::::'], false],
  ])('%s', (_case, issuer, allowed, expected) => {
    expect(issuerAllowed(issuer, allowed)).toBe(expected);
  });
});
