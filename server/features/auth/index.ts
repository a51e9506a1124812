import type { FeatureKit, FeatureParts } from '../feature.js';
import type { Services } from '../registry.js';
import { Router } from 'express';
import { authRoutes } from './routes.js';
import { passwordResetRoutes } from './reset-routes.js';

export { AuthService } from './service.js';
export { PasswordResets } from './password-reset.js';
export { AuthRepository } from './repo.js';
export { authenticate, sessionLoader, readSessionToken, setSessionCookie, SESSION_COOKIE } from './cookie-session.js';
export { assertPasswordAllowed, assertSessionAdmitted, endSessionsBarredBy, partnershipRequirement, ssoRequirementOf, type SsoRequirement } from './sso-required.js';
export { createSession, endExpiredSessions, endSessionsOf, hashToken, newToken, resolveSession, useSession } from './sessions.js';
export * from './accounts.js';
export { DEFAULT_PASSWORD_COST, decoyHash, hashPassword, verifyPassword } from './passwords.js';

/** Sign-in, sign-out, the session's person, invitations accepted, the partnership a session works in. */
export const authFeature = (s: Services, kit: FeatureKit): FeatureParts => ({ routes: Router().use(authRoutes(kit.config, s.auth, s.people), passwordResetRoutes(kit.config, s.auth, s.passwordResets, () => s.mail.sending)) });
