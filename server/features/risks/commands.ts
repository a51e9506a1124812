import { ChangeOwnerPayload, CloseRiskPayload, CreateRiskPayload, DeescalateRiskPayload, EscalateRiskPayload, ReopenRiskPayload } from '../../../shared/schemas/risk.js';
import { parse } from '../../../shared/validate.js';
import { AppError } from '../../../shared/errors.js';
import { loadActor } from '../../core/actors.js';
import type { ServiceContext } from '../../core/context.js';
import type { Services } from '../registry.js';
import { command, type BoardSocket } from '../../realtime/socket/command.js';

export interface RiskCommandHooks {
  /** After a transition: push the changed row and re-decide open editors' rights. */
  changed(partnershipId: number, riskId: number): void;
}

/** Risk transitions are server commands, not CRDT edits: each is validated, authorised and audited. */
export function registerRiskCommands(socket: BoardSocket, ctx: ServiceContext, services: Services, hooks: RiskCommandHooks): void {
  const actor = () => {
    const a = loadActor(ctx, socket.data.auth.personId);
    if (!a) throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
    return a;
  };
  const done = <T extends { id: number }>(a: { partnershipId: number }, row: T): T => {
    hooks.changed(a.partnershipId, row.id);
    return row;
  };

  socket.on('risk:create', command(socket, (raw) => {
    const a = actor();
    return done(a, services.risks.create(a, parse(CreateRiskPayload, raw)));
  }));
  socket.on('risk:close', command(socket, (raw) => {
    const a = actor();
    const p = parse(CloseRiskPayload, raw);
    return done(a, services.risks.close(a, p.riskId, p.reason));
  }));
  socket.on('risk:reopen', command(socket, (raw) => {
    const a = actor();
    const p = parse(ReopenRiskPayload, raw);
    return done(a, services.risks.reopen(a, p.riskId, p.reason));
  }));
  socket.on('risk:escalate', command(socket, (raw) => {
    const a = actor();
    const p = parse(EscalateRiskPayload, raw);
    return done(a, services.risks.escalate(a, p.riskId, p.reason));
  }));
  socket.on('risk:deescalate', command(socket, (raw) => {
    const a = actor();
    const p = parse(DeescalateRiskPayload, raw);
    return done(a, services.risks.deescalate(a, p.riskId, p.reason));
  }));
  socket.on('risk:change-owner', command(socket, (raw) => {
    const a = actor();
    const p = parse(ChangeOwnerPayload, raw);
    return done(a, services.risks.changeOwner(a, p.riskId, p.ownerId, p.leadAgencyId));
  }));
}
