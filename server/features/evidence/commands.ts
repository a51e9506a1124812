import type { CommandHandlers } from '../../core/dispatcher.js';
import type { EvidenceService } from './service.js';

type EvidenceCommands = Pick<CommandHandlers, 'evidence:add-link' | 'evidence:add-note' | 'evidence:update' | 'evidence:remove'>;

/** Links and notes of evidence, and changes to any item: authorised and audited by the service. */
export function evidenceCommands(evidence: EvidenceService): EvidenceCommands {
  return {
    'evidence:add-link': (actor, p) => evidence.addLink(actor, p),
    'evidence:add-note': (actor, p) => evidence.addNote(actor, p),
    'evidence:update': (actor, p) => evidence.update(actor, p),
    'evidence:remove': (actor, p) => evidence.remove(actor, p),
  };
}
