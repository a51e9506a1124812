import type { CommandHandlers } from '../../core/dispatcher.js';
import type { ScorecardService } from './service.js';

type ScorecardCommands = Pick<CommandHandlers, 'indicator:create' | 'indicator:update' | 'indicator:set-comparators' | 'indicator:record-values'>;

/** Defining the scorecard's indicators and recording their values: authorised, audited and announced by the service. */
export function scorecardCommands(scorecard: ScorecardService): ScorecardCommands {
  return {
    'indicator:create': (actor, p) => scorecard.create(actor, p),
    'indicator:update': (actor, p) => scorecard.update(actor, p),
    'indicator:set-comparators': (actor, p) => scorecard.setComparators(actor, p),
    'indicator:record-values': (actor, p) => scorecard.recordValues(actor, p),
  };
}
