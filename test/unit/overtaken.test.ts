import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { overtakenSummary } from '../../shared/domain/overtaken.js';
import { overtakenSets, type ContestedSet, type Scalar } from '../../shared/docs/overtaken.js';

/** A page: its own doc with a fixed client id, so which concurrent set wins is known (the higher id). */
function page(client: number, from?: Y.Doc): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  doc.clientID = client;
  if (from) Y.applyUpdate(doc, Y.encodeStateAsUpdate(from));
  return doc;
}

/** The changes a page made since `before`, as the update its provider would send. */
function edit(doc: Y.Doc, change: (fields: Y.Map<unknown>) => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  change(doc.getMap('fields'));
  return Y.encodeStateAsUpdate(doc, before);
}

/** Applies updates to the server's doc one at a time, as it stores them, and lists what each one reported. */
function arrive(server: Y.Doc, updates: Uint8Array[]): ContestedSet[][] {
  return updates.map((u) => {
    const found: ContestedSet[] = [];
    const listen = (tr: Y.Transaction) => found.push(...overtakenSets(tr));
    server.on('afterTransaction', listen);
    Y.applyUpdate(server, u);
    server.off('afterTransaction', listen);
    return found;
  });
}

const set = (key: string, value: unknown) => (f: Y.Map<unknown>) => f.set(key, value);
const L = 'currentLikelihood';
const lost = (lostClient: number, lostValue: Scalar, heldClient: number, heldValue: Scalar, key = L): ContestedSet => ({
  path: ['fields', key],
  lost: { client: lostClient, value: lostValue },
  held: { client: heldClient, value: heldValue },
});

describe('overtaken sets', () => {
  const base = () => {
    const server = page(1);
    server.getMap('fields').set(L, 2);
    return server;
  };

  const cases: { name: string; run: (server: Y.Doc) => ContestedSet[][]; expected: ContestedSet[][] }[] = [
    {
      name: 'concurrent, the winner arrives second: the value that held is overtaken',
      run: (server) => {
        const low = page(10, server);
        const high = page(20, server);
        return arrive(server, [edit(low, set(L, 3)), edit(high, set(L, 1))]);
      },
      expected: [[], [lost(10, 3, 20, 1)]],
    },
    {
      name: 'concurrent, the loser arrives second: its set is lost on arrival',
      run: (server) => {
        const low = page(10, server);
        const high = page(20, server);
        return arrive(server, [edit(high, set(L, 1)), edit(low, set(L, 3))]);
      },
      expected: [[], [lost(10, 3, 20, 1)]],
    },
    {
      name: 'sequential: the second writer had seen the first set',
      run: (server) => {
        const a = page(20, server);
        const first = edit(a, set(L, 3));
        const b = page(10, server);
        Y.applyUpdate(b, first);
        return arrive(server, [first, edit(b, set(L, 1))]);
      },
      expected: [[], []],
    },
    {
      name: 'concurrent sets of the same value lose nothing',
      run: (server) => {
        const low = page(10, server);
        const high = page(20, server);
        return arrive(server, [edit(low, set(L, 4)), edit(high, set(L, 4))]);
      },
      expected: [[], []],
    },
    {
      name: 'different fields at once do not collide',
      run: (server) => {
        const low = page(10, server);
        const high = page(20, server);
        return arrive(server, [edit(low, set(L, 4)), edit(high, set('currentImpact', 5))]);
      },
      expected: [[], []],
    },
    {
      name: 'an offline run of sets reports only its last value',
      run: (server) => {
        const offline = page(10, server);
        const online = page(20, server);
        edit(offline, set(L, 3));
        edit(offline, set(L, 4));
        const all = Y.encodeStateAsUpdate(offline, Y.encodeStateVector(server));
        return arrive(server, [edit(online, set(L, 1)), all]);
      },
      expected: [[], [lost(10, 4, 20, 1)]],
    },
    {
      name: 'an offline run that wins overtakes only the value it had not seen',
      run: (server) => {
        const offline = page(30, server);
        const online = page(20, server);
        edit(offline, set(L, 3));
        edit(offline, set(L, 4));
        const all = Y.encodeStateAsUpdate(offline, Y.encodeStateVector(server));
        return arrive(server, [edit(online, set(L, 1)), all]);
      },
      expected: [[], [lost(20, 1, 30, 4)]],
    },
    {
      name: 'a set after a concurrent pair, having seen the winner, overtakes nothing',
      run: (server) => {
        const low = page(10, server);
        const high = page(20, server);
        const u1 = edit(low, set(L, 3));
        const u2 = edit(high, set(L, 1));
        const first = arrive(server, [u1, u2]);
        const later = page(5, server);
        return [...first, ...arrive(server, [edit(later, set(L, 5))])];
      },
      expected: [[], [lost(10, 3, 20, 1)], []],
    },
    {
      name: 'a value deleted before is not overtaken again',
      run: (server) => {
        const a = page(10, server);
        const d = edit(a, (f) => f.delete(L));
        const b = page(20, server);
        Y.applyUpdate(b, d);
        return arrive(server, [d, edit(b, set(L, 3))]);
      },
      expected: [[], []],
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      expect(c.run(base())).toEqual(c.expected);
    });
  }

  it('reads nested maps with their path', () => {
    const server = page(1);
    const m = new Y.Map<unknown>();
    server.getMap('mitigations').set('m-1', m);
    m.set('status', 'not_started');
    const low = page(10, server);
    const high = page(20, server);
    const u1 = (() => {
      const sv = Y.encodeStateVector(low);
      (low.getMap('mitigations').get('m-1') as Y.Map<unknown>).set('status', 'complete');
      return Y.encodeStateAsUpdate(low, sv);
    })();
    const u2 = (() => {
      const sv = Y.encodeStateVector(high);
      (high.getMap('mitigations').get('m-1') as Y.Map<unknown>).set('status', 'in_progress');
      return Y.encodeStateAsUpdate(high, sv);
    })();
    expect(arrive(server, [u2, u1])).toEqual([[], [{ path: ['mitigations', 'm-1', 'status'], lost: { client: 10, value: 'complete' }, held: { client: 20, value: 'in_progress' } }]]);
  });
});

describe('the history’s sentence', () => {
  it.each([
    [{ value: 3, heldValue: 1, at: '2026-11-23T10:42:00Z' }, "Dr Aisha Rahman's change of Current likelihood to 3 was overtaken by DCI Tom Brennan's 1 at 10:42am"],
    // Summer time: the UK's clock, not the server's.
    [{ value: null, heldValue: 5, at: '2026-06-01T09:05:00Z' }, "Dr Aisha Rahman's change of Current likelihood to nothing (not set) was overtaken by DCI Tom Brennan's 5 at 10:05am"],
  ])('%o', (input, expected) => {
    expect(overtakenSummary({ field: 'currentLikelihood', byName: 'Dr Aisha Rahman', heldByName: 'DCI Tom Brennan', ...input })).toBe(expected);
  });
});
