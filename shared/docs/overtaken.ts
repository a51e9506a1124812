import * as Y from 'yjs';
import { scalarOf } from './strict.js';

export type Scalar = string | number | boolean | null;

/**
 * A plain value set on a map key that the merged doc does not hold, because someone set the same key
 * at the same moment (neither had seen the other's set) and the CRDT chose the other value.
 */
export interface ContestedSet {
  /** The root map's name, then the keys down to the field: ['fields', 'currentLikelihood'], ['mitigations', 'm-1', 'status']. */
  path: string[];
  /** The set that did not hold: its Yjs client id (whose writer the server knows) and value. */
  lost: { client: number; value: Scalar };
  /** The set that holds. */
  held: { client: number; value: Scalar };
}

/**
 * The sets of plain map values that a transaction (one stored update) either lost on arrival or
 * overtook, read from Yjs's own structures. Call from the doc's 'afterTransaction' event: after that,
 * Yjs garbage-collects the content of what the transaction deleted, and the lost value with it.
 *
 * A map key's sets form a list in which every set sits to the right of its origin, the value its writer
 * saw when setting it, and the rightmost set holds. A set X was seen by a set Y when X is in Y's chain
 * of origins. So a set is lost to a concurrent one, in either order of arrival, exactly when it does
 * not hold and the holding set's chain does not reach it:
 * - the update's set arrives and lands left of a set its writer had not seen (client-id order), or
 * - the update's set lands rightmost without having seen the value that held until now.
 * A set the same update (or the holding set) knowingly replaced is not lost: it is in a chain.
 */
export function overtakenSets(tr: Y.Transaction): ContestedSet[] {
  const fresh = freshMapItems(tr);
  const out: ContestedSet[] = [];
  for (const [parent, byKey] of fresh) {
    if (parent._item?.deleted) continue;
    const path = pathOf(parent);
    if (!path) continue;
    for (const [key, items] of byKey) {
      const held = parent._map.get(key);
      if (!held || held.deleted) continue;
      const heldValue = scalarOf(held);
      if (heldValue === undefined) continue;
      const isFresh = (it: Y.Item) => it.id.clock >= (tr.beforeState.get(it.id.client) ?? 0);
      // The stretch of the key's list from the holding set leftwards, far enough to pass every fresh set
      // and the value that held before: every origin chain that matters runs inside it.
      const segment = new Map<string, Y.Item>();
      const remaining = new Set(items);
      let previous: Y.Item | null = null;
      for (let it: Y.Item | null = held; it !== null && (remaining.size > 0 || previous === null); it = it.left) {
        for (let k = 0; k < it.length; k++) segment.set(idKey(it.id.client, it.id.clock + k), it);
        if (isFresh(it)) remaining.delete(it);
        else previous ??= it;
      }
      const candidates = new Set(items);
      // The value that held until now counts only if it was live then (deleted by this transaction).
      if (previous && (!previous.deleted || Y.isDeleted(tr.deleteSet, previous.id))) candidates.add(previous);
      candidates.delete(held);
      if (candidates.size === 0) continue;
      const seen = new Set<Y.Item>();
      for (const it of [held, ...candidates]) for (const a of origins(it, segment)) seen.add(a);
      for (const lost of candidates) {
        if (seen.has(lost)) continue;
        const value = scalarOf(lost);
        if (value === undefined || value === heldValue) continue;
        out.push({ path: [...path, key], lost: { client: lost.id.client, value }, held: { client: held.id.client, value: heldValue } });
      }
    }
  }
  return out;
}

const idKey = (client: number, clock: number) => `${client}:${clock}`;

/** The items of `segment` in an item's chain of origins (an origin outside it is further left than anything that matters). */
function origins(item: Y.Item, segment: Map<string, Y.Item>): Set<Y.Item> {
  const out = new Set<Y.Item>();
  const visited = new Set<string>();
  let id = item.origin;
  while (id) {
    const key = idKey(id.client, id.clock);
    const at = segment.get(key);
    if (!at || visited.has(key)) break;
    visited.add(key);
    out.add(at);
    // An id inside a merged run of sets points at the run's previous set (merging needs exactly that origin).
    id = id.clock > at.id.clock ? Y.createID(id.client, id.clock - 1) : at.origin;
  }
  return out;
}

/** The plain values the transaction set on map keys, by map and key. */
function freshMapItems(tr: Y.Transaction): Map<Y.AbstractType<unknown>, Map<string, Y.Item[]>> {
  const out = new Map<Y.AbstractType<unknown>, Map<string, Y.Item[]>>();
  for (const [client, after] of tr.afterState) {
    const before = tr.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = tr.doc.store.clients.get(client);
    if (!structs) continue;
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const s = structs[i];
      if (!(s instanceof Y.Item) || s.parentSub === null || !(s.content instanceof Y.ContentAny)) continue;
      const parent = s.parent;
      if (!(parent instanceof Y.AbstractType)) continue;
      let byKey = out.get(parent);
      if (!byKey) out.set(parent, (byKey = new Map()));
      const list = byKey.get(s.parentSub);
      if (list) list.push(s);
      else byKey.set(s.parentSub, [s]);
    }
  }
  return out;
}

/** A map's place in the doc: its root name, then the keys of the maps it is nested in. */
function pathOf(type: Y.AbstractType<unknown>): string[] | null {
  const path: string[] = [];
  let t: Y.AbstractType<unknown> = type;
  while (t._item !== null) {
    if (t._item.parentSub === null) return null;
    path.unshift(t._item.parentSub);
    const parent = t._item.parent;
    if (!(parent instanceof Y.AbstractType)) return null;
    t = parent;
  }
  path.unshift(Y.findRootTypeKey(t));
  return path;
}
