import { Router, type Request } from 'express';
import type { CommandInput, CommandName, CommandResult } from '../../shared/protocol/commands.js';
import type { CommandDispatcher } from '../core/dispatcher.js';
import { requireAuth } from './request-auth.js';

/**
 * Runs a command for the request's signed-in person, as the dispatcher does for a socket. A REST form
 * whose address names a partnership passes it as `addressedPartnershipId`: the dispatcher checks it
 * after drawing on the budget (see Caller).
 */
export type DispatchFromRequest = <K extends CommandName>(req: Request, name: K, payload: CommandInput<K> | unknown, addressedPartnershipId?: number) => Promise<CommandResult<K>>;

export function dispatchFromRequest(dispatcher: () => CommandDispatcher): DispatchFromRequest {
  return (req, name, payload, addressedPartnershipId) => {
    const auth = requireAuth(req);
    const via = `${req.method} ${req.originalUrl.split('?')[0]!.slice(0, 200)}`;
    return dispatcher().run(name, payload, {
      personId: auth.personId,
      allowance: auth.allowance,
      tokenHash: auth.tokenHash,
      partnershipId: auth.actor.partnershipId,
      via,
      ...(addressedPartnershipId === undefined ? {} : { addressedPartnershipId }),
    }) as Promise<CommandResult<typeof name>>;
  };
}

/**
 * Every command of shared/protocol/commands.ts over REST: `POST /api/commands/<name>` with the payload
 * as the body answers exactly what the Socket.io command answers, errors included.
 */
export function commandRoutes(dispatch: DispatchFromRequest): Router {
  const router = Router();
  router.post('/commands/:name', async (req, res) => {
    res.json(await dispatch(req, req.params.name as CommandName, req.body));
  });
  return router;
}
