import type { CommandHandlers } from '../../core/dispatcher.js';
import type { SsoService } from './service.js';

/** The partnership's single sign-on settings, saved by its administrators (gate `admin`) in the partnership the session works in. */
export function ssoCommands(sso: SsoService): Pick<CommandHandlers, 'partnership:sso'> {
  return { 'partnership:sso': (a, p, caller) => sso.save(a.partnershipId, a.personId, p, caller.tokenHash) };
}
