/**
 * Whether an issuer is one the deployment allows (SSO_ALLOWED_ISSUERS). Each entry allows itself and
 * every address under its path on the same origin: "https://login.microsoftonline.com" allows every
 * Entra ID tenant, "https://login.microsoftonline.com/<tenant>" one tenant. An empty list allows all
 * (the issuer's own schema already insists on https). Compared as parsed URLs, so case in the host,
 * a default port or a trailing slash make no difference, and "https://idp.example.evil" is not under
 * "https://idp.example".
 */
export function issuerAllowed(issuer: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  if (!URL.canParse(issuer)) return false;
  const url = new URL(issuer);
  const path = trimmed(url.pathname);
  return allowed.some((entry) => {
    if (!URL.canParse(entry)) return false;
    const base = new URL(entry);
    const basePath = trimmed(base.pathname);
    return base.origin === url.origin && (path === basePath || path.startsWith(`${basePath}/`));
  });
}

const trimmed = (path: string): string => path.replace(/\/+$/, '');
