import type { CommandHandlers } from '../../core/dispatcher.js';
import type { RiskService } from './service.js';
import type { RiskMatrixService } from './matrix.js';

type RiskCommands = Pick<CommandHandlers, 'risk:create' | 'risk:close' | 'risk:reopen' | 'risk:escalate' | 'risk:deescalate' | 'risk:change-owner' | 'risk-matrix:save'>;

/** Risk transitions are server commands, not CRDT edits: each is authorised, audited and announced by the service. */
export function riskCommands(risks: RiskService, riskMatrix: RiskMatrixService): RiskCommands {
  return {
    'risk:create': (actor, p) => risks.create(actor, p),
    'risk:close': (actor, p) => risks.close(actor, p.riskId, p.reason),
    'risk:reopen': (actor, p) => risks.reopen(actor, p.riskId, p.reason),
    'risk:escalate': (actor, p) => risks.escalate(actor, p.riskId, p.reason),
    'risk:deescalate': (actor, p) => risks.deescalate(actor, p.riskId, p.reason),
    'risk:change-owner': (actor, p) => risks.changeOwner(actor, p.riskId, p.ownerId, p.leadAgencyId),
    // Gated to administrators by the dispatcher; the partnership is the one the session works in.
    'risk-matrix:save': async (actor, p) => riskMatrix.save(actor.partnershipId, actor.personId, p),
  };
}
