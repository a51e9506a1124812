import { YJS_CLOSE } from '../../../shared/protocol/yjs.js';
import type { DomainBus } from '../../bus.js';
import type { YjsServer } from './index.js';

/** Heard from other server processes too (see the note below). */
const PEERS = { fromPeers: true };

/**
 * The Yjs server's subscriptions to the domain bus: whatever changes who may write a document (a risk
 * or challenge command, a meeting's state, a change of seat) re-decides the open connections' rights;
 * an ended session closes its connections. Each acts on this process's own connections only, so each
 * also hears the event when another process emitted it (several processes: fromPeers).
 */
export function subscribeYjs(bus: DomainBus, yjs: YjsServer): () => void {
  const stops = [
    bus.on('risk.changed', ({ riskId }) => yjs.recheck({ kind: 'risk', id: riskId }), PEERS),
    bus.on('challenge.changed', ({ challengeId }) => yjs.recheck({ kind: 'challenge', id: challengeId }), PEERS),
    // A plan's leads may have changed (an objective's lead, an action's lead officers): its progress docs' writers are decided again.
    bus.on('plan.changed', () => yjs.recheck({ kind: 'objective' }), PEERS),
    bus.on(
      'meeting.changed',
      ({ recheck }) => {
        for (const filter of recheck) yjs.recheck(filter);
      },
      PEERS,
    ),
    bus.on('membership.changed', ({ personId }) => yjs.recheck({ personId }), PEERS),
    bus.on('session.ended', ({ tokenHash }) => yjs.endSessions({ tokenHash }), PEERS),
    bus.on('person.sessions-ended', ({ personId }) => yjs.endSessions({ personId }), PEERS),
    bus.on('session.switched', ({ tokenHash }) => yjs.endSessions({ tokenHash }, YJS_CLOSE.PARTNERSHIP_SWITCHED), PEERS),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
