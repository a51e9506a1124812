import type { CommandHandlers } from '../../core/dispatcher.js';
import type { ChallengeService } from './service.js';

type ChallengeCommands = Pick<CommandHandlers, 'challenge:raise' | 'challenge:submit' | 'challenge:accept' | 'challenge:press' | 'challenge:close' | 'challenge:escalate' | 'board:challenge-settings'>;

/** Raising and moving challenges: server commands, authorised, audited and announced by the service. */
export function challengeCommands(challenges: ChallengeService): ChallengeCommands {
  return {
    'challenge:raise': (actor, p) => challenges.raise(actor, p),
    'challenge:submit': (actor, p) => challenges.command(actor, 'submit', p.challengeId),
    'challenge:accept': (actor, p) => challenges.command(actor, 'accept', p.challengeId, { reason: p.reason }),
    'challenge:press': (actor, p) => challenges.command(actor, 'press', p.challengeId, { reason: p.reason, dueDate: p.dueDate }),
    'challenge:close': (actor, p) => challenges.command(actor, 'close', p.challengeId, { reason: p.reason }),
    'challenge:escalate': (actor, p) => challenges.command(actor, 'escalate', p.challengeId, { reason: p.reason }),
    // Gated to administrators by the dispatcher; the board must be the partnership's (the service checks).
    'board:challenge-settings': async (actor, p) => {
      await challenges.setRaiserMayDecide(actor.partnershipId, actor.personId, p.boardId, p.raiserMayDecide);
      return { raiserMayDecide: p.raiserMayDecide };
    },
  };
}
