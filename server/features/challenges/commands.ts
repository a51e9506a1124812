import { AppError } from '../../../shared/errors.js';
import { ChallengeReason, ChallengeRef, PressChallengePayload, RaiseChallengePayload, type ChallengeCommand } from '../../../shared/schemas/challenge.js';
import { parse } from '../../../shared/validate.js';
import { loadActor } from '../../core/actors.js';
import type { ServiceContext } from '../../core/context.js';
import type { Services } from '../registry.js';
import { command, type BoardSocket } from '../../realtime/socket/command.js';

/** Raising and moving challenges: server commands, authorised, audited and pushed live. */
export function registerChallengeCommands(socket: BoardSocket, ctx: ServiceContext, services: Services, changed: (partnershipId: number, challengeId: number) => void): void {
  const actor = () => {
    const a = loadActor(ctx, socket.data.auth.personId);
    if (!a) throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
    return a;
  };
  socket.on('challenge:raise', command(socket, (raw) => {
    const a = actor();
    const row = services.challenges.raise(a, parse(RaiseChallengePayload, raw));
    changed(a.partnershipId, row.id);
    return row;
  }));
  const transitions: [event: 'challenge:submit' | 'challenge:accept' | 'challenge:close' | 'challenge:escalate', ChallengeCommand][] = [
    ['challenge:submit', 'submit'],
    ['challenge:accept', 'accept'],
    ['challenge:close', 'close'],
    ['challenge:escalate', 'escalate'],
  ];
  for (const [event, name] of transitions) {
    socket.on(event, command(socket, (raw) => {
      const a = actor();
      const p = parse(name === 'submit' ? ChallengeRef : ChallengeReason, raw) as { challengeId: number; reason?: string };
      const row = services.challenges.command(a, name, p.challengeId, { reason: p.reason });
      changed(a.partnershipId, row.id);
      return row;
    }));
  }
  socket.on('challenge:press', command(socket, (raw) => {
    const a = actor();
    const p = parse(PressChallengePayload, raw);
    const row = services.challenges.command(a, 'press', p.challengeId, { reason: p.reason, dueDate: p.dueDate });
    changed(a.partnershipId, row.id);
    return row;
  }));
}
